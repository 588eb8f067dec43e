"""Sources of claims: who or what may be the speaker of an attribution cue, by kind.

named actor         "Smith said", "he said", "the ministry said": kg.extract.mentions
known-name          a surname the article gave in full, mistagged as a common noun
document-source     a report, poll, study or letter, for cues that documents take
                    ("the report says", "a survey found"), lexicons/cues.tsv documents = yes
described-source    a person named by role ("the Halden governor said", "the former
                    president said"): the last person the article gave that role, else the
                    description itself
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.mentions import Discourse
from kg.extract.model import Mention

# Sources named by what they are get the kind "unnamed": each stays within its article, and none
# becomes the antecedent of a later "it" or "they" (Discourse.heard ignores the kind).

# Documents, polls and studies quoted as sources.
DOCUMENT_NOUNS = frozenset(
    "report survey poll study analysis memo letter document documents filing lawsuit complaint indictment "
    "ruling opinion audit review investigation data figures records statement brief email emails "
    "editorial article book website ad advertisement video footage transcript slide research estimate "
    "estimates projections forecast census".split()
)
# People named by what they are who speak together in news ("aides said", "critics say").
SPEAKING_GROUPS = frozenset(
    "aides advisers advisors lawmakers legislators critics supporters opponents officials experts analysts "
    "economists historians scholars activists advocates organizers campaigners strategists operatives "
    "sources staffers investigators prosecutors lawyers attorneys officers agents democrats republicans "
    "conservatives liberals progressives leaders members representatives executives doctors scientists "
    "researchers witnesses residents protesters voters respondents participants".split()
)
# People named by what they are, one at a time ("a top strategist said", "one friend said").
PERSON_NOUNS = frozenset(
    "insider friend strategist adviser advisor consultant operative aide source critic supporter ally "
    "observer expert analyst economist pollster historian scholar lawyer staffer spokesperson voter "
    "resident donor organizer activist delegate member veteran officer agent investigator person "
    "colleague neighbor neighbour relative associate confidant witness surrogate spokesperson".split()
)
# Bodies that speak without a name of their own ("her campaign said", "the network said").
SPEAKING_BODIES = frozenset(
    "campaign camp team staff network newspaper paper magazine outlet station website".split()
)
# Role nouns that name one person ("the governor", "the Republican nominee").
ROLE_NOUNS = {
    "president": ("president",),
    "governor": ("governor", "gov."),
    "senator": ("senator", "sen."),
    "congressman": ("congressman", "rep."),
    "congresswoman": ("congresswoman", "rep."),
    "representative": ("representative", "rep."),
    "mayor": ("mayor",),
    "nominee": ("nominee",),
    "candidate": ("candidate",),
    "secretary": ("secretary",),
    "minister": ("minister",),
    "chairman": ("chairman",),
    "chairwoman": ("chairwoman",),
    "spokesman": ("spokesman",),
    "spokeswoman": ("spokeswoman",),
    "businessman": ("businessman",),
    "businesswoman": ("businesswoman",),
    "billionaire": ("billionaire",),
    "judge": ("judge",),
    "director": ("director",),
    "general": ("general", "gen."),
    "leader": ("leader",),
    "chief": ("chief",),
    "executive": ("executive",),
    "ambassador": ("ambassador",),
    "attorney": ("attorney",),
    "prosecutor": ("prosecutor",),
    "official": ("official",),
    "actor": ("actor",),
    "actress": ("actress",),
    "singer": ("singer",),
    "star": ("star",),
    "host": ("host",),
    "anchor": ("anchor",),
    "lawmaker": ("lawmaker",),
    "founder": ("founder",),
    "owner": ("owner",),
    "coach": ("coach",),
    "manager": ("manager",),
    "commissioner": ("commissioner",),
    "professor": ("professor",),
    "author": ("author",),
    "pastor": ("pastor", "rev."),
}
_DESCRIPTION_DETERMINERS = frozenset(["the", "this", "that"])


def source(token: Token, discourse: Discourse, *, documents: bool) -> Mention | None:
    """Return the source a cue's subject stands for, or None when it may not speak."""
    mention = discourse.mention(token)
    if mention is not None:
        return mention
    if documents and token.lower_ in _SOME and token.pos_ in ("PRON", "DET", "NOUN", "NUM"):
        return Mention(discourse._span(token), token.text, "unnamed")  # share-source: "another said"
    if token.pos_ != "NOUN":
        return None
    if token.text[:1].isupper() and discourse.full_name(token.text) != token.text:
        name = discourse.full_name(token.text)  # known-name: "Matthews" tagged as a plural noun
        return Mention(discourse._span(token), name, "person")
    phrase = _noun_phrase(token)
    if documents and token.lemma_.lower() in DOCUMENT_NOUNS:  # document-source
        return Mention(discourse._span(phrase), phrase.text, "unnamed")
    lemma = token.lemma_.lower()
    if lemma in ROLE_NOUNS or lemma in PERSON_NOUNS:  # appositive-name: "the director, Ilka Marrow Vestby,"
        named = _appositive_name(token)
        if named is not None:
            return Mention(discourse._span(named), discourse.full_name(named.text), "person")
    if token.tag_ == "NNS" and (
        token.lower_ in SPEAKING_GROUPS or _people_word(token.lower_)
    ):  # group-source
        return Mention(discourse._span(phrase), phrase.text, "unnamed")
    if lemma in ROLE_NOUNS and _definite(token):  # described-source
        named = _person_with_role(token, discourse)
        if named is not None:
            return Mention(discourse._span(phrase), named, "person")
        return Mention(discourse._span(phrase), phrase.text, "unnamed")  # a role never named
    agent = token.tag_ == "NN" and _definite_or_indefinite(token) and _people_word(token.lower_ + "s")
    if lemma in ROLE_NOUNS or lemma in PERSON_NOUNS or lemma in SPEAKING_BODIES or agent:  # unnamed-source
        return Mention(
            discourse._span(phrase), phrase.text, "unnamed"
        )  # "a party strategist", "her campaign"
    if documents and _share(token):  # share-source: "22 percent said", "a majority of voters say"
        return Mention(discourse._span(phrase), phrase.text, "unnamed")
    return None


def _people_word(plural: str) -> bool:
    """Whether a plural names people by what they do ("specialists", "mourners", "Democrats")."""
    return plural.endswith(_PEOPLE_SUFFIXES) and plural not in _NOT_PEOPLE


_PEOPLE_SUFFIXES = ("ists", "ers", "ors", "ians", "ats", "ans", "ees", "goers")
_NOT_PEOPLE = frozenset(
    "numbers papers letters matters orders waters powers centers centres chapters layers borders "
    "headquarters quarters hours years others dollars factors sectors errors records corridors "
    "plans loans scans bans fans computers counters corners covers filters markers monitors numbers "
    "offers orders posters rumors rumours towers trackers transfers vectors weathers winters summers "
    "chambers remainders answers powers meters theaters theatres".split()
)
_SOME = frozenset("another others some many several few both all one".split())


def _share(token: Token) -> bool:
    """Whether a subject is a share of people, as polls report it ("61 percent", "nearly half")."""
    if token.lower_ in _SHARES:
        return True
    return token.lower_ in ("percent", "%") and any(c.like_num for c in token.children)


_SHARES = frozenset("half third thirds quarter majority plurality minority most".split())


def _appositive_name(token: Token):
    """The capitalised name in apposition to a role noun, however the tagger labelled it."""
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            left = min([child.i, *(c.i for c in child.lefts if c.dep_ in ("compound", "flat"))])
            name = token.doc[left : child.i + 1]
            if len(name) >= 2 and all(t.text[:1].isupper() for t in name):
                return name
    return None


def _definite_or_indefinite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") for c in token.children)


def _definite(token: Token) -> bool:
    return any(
        (c.dep_ == "det" and c.lower_ in _DESCRIPTION_DETERMINERS) or c.dep_ == "poss" for c in token.children
    )


def _noun_phrase(token: Token):
    left = min([token.i, *(c.left_edge.i for c in token.lefts if c.dep_ in _MODIFIERS)])
    return token.doc[left : token.i + 1]


_MODIFIERS = frozenset(["det", "amod", "compound", "nummod", "poss", "predet", "nmod", "quantmod"])


def _person_with_role(head: Token, discourse: Discourse) -> str | None:
    """Return the last person named before `head` with that role beside the name."""
    words = ROLE_NOUNS[head.lemma_.lower()]
    doc = head.doc
    for ent in reversed([e for e in doc.ents if e.label_ == "PERSON" and e.end <= head.i]):
        before = {t.lower_ for t in doc[max(0, ent.start - 4) : ent.start]}
        inside = {t.lower_ for t in ent}
        after = {t.lower_ for t in doc[ent.end : min(len(doc), ent.end + 6)]} if _appositive(ent) else set()
        if any(w in before or w in inside or w in after for w in words):
            return discourse.full_name(ent.text)
    return None


def _appositive(ent) -> bool:
    """Whether a comma and a description follow the name ("Ilse Marrow, the Halden governor,")."""
    doc = ent.doc
    return ent.end < len(doc) and doc[ent.end].text == ","
