"""Reported intentions: "Varnik said she would close the mine" is an intention of Varnik's.

Reported speech moves "will" back to "would": what a speaker says they themselves would do is
their stated intention (the news gold's reading of "said he would", GUIDELINES' "intends"),
even under a condition ("if elected, she would ..."). What a speaker says someone else would do
("said Kestonia would lose the vote") is a forecast: the clause's subject must be a pronoun that
takes up the speaker.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.article import Article
from kg.extract.lexicon import GIVEN_NAME_GENDER, NON_COMMITMENTS, PRONOUN_GENDER, UNREAL_MARKERS
from kg.extract.mentions import Discourse
from kg.extract.modality import hedged, negated
from kg.extract.model import Agreement, Mention
from kg.extract.outcomes import doc_text
from kg.extract.parties import UNRESOLVED, party_mentions
from kg.extract.spans import agreement_at, trim
from kg.extract.subjects import subject_of
from kg.extract.verb_frames import own_clause_end
from kg.rules import rule

# Verbs that report a speaker's own words, past or present ("said", "has announced", "saying").
REPORTING_VERBS = frozenset(
    "say announce declare tell state add insist confirm indicate promise pledge vow".split()
)
# "said he would consider running", "would gain ground": deliberation and forecasts of oneself;
# "would hate to see", "would prefer a smaller dam", "would welcome Brenn on the trail": a wish,
# not an undertaking (set c: welcomes).
UNCOMMITTED = frozenset(["consider", "weigh", "think", "gain", "hate", "prefer", "love", "welcome"])
# The pronoun of the clause and the speakers it can take up.
SINGULAR = frozenset(["he", "she", "it"])
PLURAL = frozenset(["they", "we"])


@rule("reported-would", off=[])
def reported_intent(verb: Token, article: Article, discourse: Discourse) -> list[Agreement]:
    """ "Varnik said she would close the mine", "has said they would not raise fees", "saying, if
    elected, she would ...": a speaker's own "would" under a reporting verb is an intention, its
    outcome the verb phrase (with its "not": the intention is not to)."""
    if verb.pos_ != "VERB" or verb.dep_ != "ccomp" or verb.lemma_ in NON_COMMITMENTS | UNCOMMITTED:
        return []
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if [a.lower_ for a in auxes] not in (["would"], ["'d"]):
        return []  # "would have", "would be asked": no undertaking; "will" is will-intends' case
    if any(c.dep_ == "advmod" and c.lower_ in UNREAL_MARKERS | HEDGES for c in verb.children):
        return []  # "would likely sit out": a forecast of oneself
    pronoun = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    cue = verb.head
    if pronoun is None or pronoun.lower_ not in SINGULAR | PLURAL or cue.lemma_ not in REPORTING_VERBS:
        return []
    if _object_relative(cue) or negated(cue) or hedged(cue):
        return []  # "the argument she has said she would put", "he never said he would"
    speaker = subject_of(cue)
    if speaker is None and cue.dep_ == "advcl":  # "..., saying he would": the main clause's subject
        speaker = subject_of(cue.head)
    if speaker is None:
        return []
    parties = party_mentions(speaker, discourse)
    if not parties or any(m.kind in ("group", UNRESOLVED, "generic") for m in parties):
        return []
    if not _takes_up(pronoun, speaker, parties) or _rival(pronoun, cue, parties, discourse):
        return []
    meant = {m.name for m in party_mentions(pronoun, discourse) if m.kind not in ("group", UNRESOLVED)}
    if (meant and meant != {m.name for m in parties}) or not _gender_fits(pronoun, parties):
        return []  # "Varnik attacked Brenn, saying he would ...": a forecast about him
    neg = next((c for c in verb.children if c.dep_ == "neg"), None)
    first = neg if neg is not None else verb
    end = own_clause_end(verb.right_edge, verb)
    outcome = trim(doc_text(verb.doc), first.idx, end.idx + len(end))
    return [agreement_at(article, verb, parties, outcome, "intends")]


# Hedges of a reported future beside UNREAL_MARKERS' ("likely", "probably"): "said he would perhaps".
HEDGES = frozenset(["possibly", "perhaps", "maybe"])


def _takes_up(pronoun: Token, speaker: Token, parties: list[Mention]) -> bool:
    """Whether the clause's pronoun can stand for the speaker: the same pronoun, or the kind and
    number of the speaker's parties ("Varnik ... she", "Varn Ferries ... it", "the unions ... they")."""
    if speaker.pos_ == "PRON":
        return speaker.lower_ == pronoun.lower_
    word = pronoun.lower_
    if len(parties) > 1 or (speaker.tag_ in ("NNS", "NNPS") and parties[0].kind != "person"):
        return word in PLURAL  # a surname ending in "s" is tagged NNS at times
    if parties[0].kind == "person":
        return word in ("he", "she")
    return word in ("it", "they", "we")  # a company or a country: "it", or its people "they"


def _rival(pronoun: Token, cue: Token, parties: list[Mention], discourse: Discourse) -> bool:
    """ "Ilse Varnik attacked Tomas Brenn, saying he would ...": the main clause's object, named and
    fit for the pronoun, may be whom the pronoun takes up (a forecast about him, not her intention)."""
    if cue.dep_ != "advcl":
        return False
    own = {m.name for m in parties}
    for obj in (c for c in cue.head.children if c.dep_ == "dobj"):
        named = [m for m in party_mentions(obj, discourse) if m.kind not in ("group", UNRESOLVED, "generic")]
        if named and {m.name for m in named} != own and _takes_up(pronoun, obj, named):
            return True
    return False


def _object_relative(cue: Token) -> bool:
    """ "the argument she has said she would put": the clause's object is the modified noun, not
    an outcome of its own ("Varnik, who has said she would ..." is a subject relative: kept)."""
    own = [c.lower_ for c in cue.children if c.dep_ == "nsubj"]
    return cue.dep_ in ("relcl", "acl") and own not in (["who"], ["which"], ["that"])


def _gender_fits(pronoun: Token, parties: list[Mention]) -> bool:
    """ "Maria Varnik ..., saying he would": a given name of the other gender is someone else's."""
    gender = PRONOUN_GENDER.get(pronoun.lower_)
    given = {GIVEN_NAME_GENDER.get(m.name.split()[0].lower()) for m in parties if m.kind == "person"}
    return gender is None or not given or gender in given or None in given
