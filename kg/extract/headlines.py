"""Headline agreements: "Norway, Chile Sign Pact On Salmon Research".

Title case defeats the tagger (every word is capitalised, "BP Agrees" becomes one name), so a
headline is read by words, not by its parse:

    PARTIES  VERB  OUTCOME  [with PARTY]  [after|in|at ... elaboration]
    PARTIES  to VERB ...                  (a plan: "Peru, Bolivia to Share Lake Data")

PARTIES are names separated by commas or "and"; each must be a name the article's body also
tags as an entity (or an acronym such as "WHO"), after optional lower-case descriptors
("Dutch bakery chain Hollis"). A party phrase that is not a name ("Vardanian political
factions", "Chilean President", "Nine Coastal States") yields nothing: no agreement rather than
a wrong party.
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.article import Article
from kg.extract.lexicon import AGREEMENT_NOUNS, AGREEMENT_VERBS, HEADLINE_STOPS
from kg.extract.mentions import Discourse
from kg.extract.model import Agreement, Mention
from kg.extract.name_words import TITLES
from kg.extract.spans import make_span, sentence_span, token_span
from kg.rules import PASS, rule

_SEPARATORS = frozenset([",", "and", "&"])
_ENTITY_LABELS = frozenset(["GPE", "ORG", "NORP", "PERSON"])
_KIND = {"PERSON": "person", "GPE": "country", "NORP": "country", "ORG": "organization"}
# Plural subjects a headline sums the body's parties up by ("World Leaders Agree ...").
COLLECTIVE_SUBJECTS = frozenset(
    "leaders rivals nations countries sides parties governments ministers allies partners".split()
)
_FUNCTION_WORDS = frozenset("the and for with from that this their its into over after".split())
# Verbs a headline's "with X" adds a party to ("signs contract with X").
_WITH_VERBS = frozenset(["agree", "sign", "reach", "strike", "seal", "clinch", "settle"])


def headline_agreements(
    doc: Doc, article: Article, discourse: Discourse, body: list[Agreement]
) -> list[Agreement]:
    """Return the agreement a title-case headline reports, if its parties are names (or a
    collective the body's events name: `body`)."""
    out = []
    for sent in doc.sents:
        if article.block_kind(sent.start_char) != "title":
            continue
        event = _headline(sent, article, discourse) or collective_headline(sent, article, body)
        if event is not None:
            out.append(event)
    return out


@rule("headline-agreement")
def _headline(sent: SpacySpan, article: Article, discourse: Discourse) -> Agreement | None:
    """ "Norway, Chile Sign Pact On Salmon Research": names, a verb, an outcome."""
    tokens = without_kicker([t for t in sent if not t.is_space])
    parties, rest = _leading_parties(tokens, discourse, sent)
    if not parties or not rest:
        return None
    verb, status, after = _predicate(rest)
    if verb is None:
        return None
    outcome, with_party = _outcome(after, verb, status)
    if not outcome:
        return None
    if with_party is not None:
        extra = _name(with_party, discourse, sent, whole=True)
        if extra is None:
            return None  # "with" someone we cannot name: the party list would be short
        parties.append(extra[0])
    span = make_span(article, outcome[0].idx, outcome[-1].idx + len(outcome[-1]))
    trigger = token_span(article, verb)
    sentence = sentence_span(article, sent)
    return Agreement(tuple(parties), span, status, trigger, sentence)


@rule("headline-collective", off=None)
def collective_headline(sent: SpacySpan, article: Article, body: list[Agreement]) -> Agreement | None:
    """ "Regional Leaders Call for River Patrols" over "Varnik called for joint river patrols ... The
    call was seconded by Brekke": a plural subject is every party of the body's events on the same
    outcome (a phrase of two content words shared; rejections apart), when each of them is named."""
    tokens = without_kicker([t for t in sent if not t.is_space])
    n = next((i for i, t in enumerate(tokens) if _verb_lemma(t) is not None or t.lower_ == "to"), 0)
    subject = tokens[:n]
    if (
        not subject
        or subject[-1].lower_ not in COLLECTIVE_SUBJECTS
        or any(t.lower_ in _SEPARATORS for t in subject)
    ):
        return None
    verb, status, after = _predicate(tokens[n:])
    outcome, with_party = _outcome(after, verb, status) if verb is not None else ([], None)
    if outcome and outcome[0].lower_ == "for" and _verb_lemma(verb) == "call":
        outcome = outcome[1:]  # "Call for River Patrols"
    if not outcome or with_party is not None:
        return None
    text = " ".join(t.text for t in outcome)
    same = [
        e
        for e in body
        if (e.status == "rejected") == (status == "rejected")
        and _content_pairs(text) & _content_pairs(e.outcome.text)
    ]
    parties = {m.name: m for e in same for m in e.parties}
    if len(parties) < 2 or any(m.kind in ("group", "generic", "unresolved") for m in parties.values()):
        return None
    span = make_span(article, outcome[0].idx, outcome[-1].idx + len(outcome[-1]))
    trigger = token_span(article, verb)
    return Agreement(tuple(parties.values()), span, status, trigger, sentence_span(article, sent))


def _content_pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent content words ("amazon rainforest"): a shared phrase names one outcome, where two
    words apart do not ("early election" is no "early review of the election law"), and a deal
    noun names none ("trade deal" in two reports of two deals)."""
    words = [
        w
        for w in re.findall(r"[a-z0-9]+", text.lower())
        if len(w) > 2 and w not in _FUNCTION_WORDS and w not in AGREEMENT_NOUNS
    ]
    return set(itertools.pairwise(words))


@rule("headline-kicker", off=PASS)
def without_kicker(tokens: list[Token]) -> list[Token]:
    """ "Cycling: Moreau signs ...": a kicker before a colon is no part of the sentence."""
    colon = max((n for n, t in enumerate(tokens) if t.text in (":", ";")), default=-1)
    return tokens[colon + 1 :] if 0 <= colon < len(tokens) // 2 else tokens


def _leading_parties(tokens: list[Token], discourse: Discourse, sent: SpacySpan):
    """Return the names a headline starts with, and the tokens after them."""
    parties: list[Mention] = []
    group: list[Token] = []
    for n, token in enumerate(tokens):
        if token.lower_ in _SEPARATORS or _verb_lemma(token) is not None or token.lower_ == "to":
            if not group:
                return [], []
            found = _name(group, discourse, sent)
            if found is None:
                return [], []
            mention, used = found
            parties.append(mention)
            if used < len(group):  # "Kestonia Advance Rail Links": the name ends early
                if not group[used].text[:1].isupper():
                    return [], []  # "Cairo summit denounces": the name only modifies a noun
                return parties, tokens[n - len(group) + used :]
            group = []
            if token.lower_ not in _SEPARATORS:
                return parties, tokens[n:]
            continue
        group.append(token)
    return [], []


def _name(group: list[Token], discourse: Discourse, sent: SpacySpan, whole: bool = False):
    """Return (mention, tokens used) for the name a group of headline words gives, or None.

    The longest run from the first capitalised word that the article tags as an entity
    elsewhere (or an acronym) is the name; lower-case words before it are descriptors.
    """
    start = after_descriptors(group)
    words = group[start:]
    if not words or any(w.lower_ in TITLES for w in words) or words[0].like_num:
        return None
    known = _entity_names(sent)
    for end in _longest_first(words, whole):  # a name the body tags, or a short form of one
        text = " ".join(w.text for w in words[:end])
        label = known.get(text) or _title_entity(words[:end], ("PERSON", "GPE"))
        if label is None and short_organisation(text, discourse):
            label = "ORG"
        if label is not None:
            return _mention(words[:end], text, label, discourse), start + end
    for end in _longest_first(words, whole):  # else what the headline itself tags, or an acronym
        text = " ".join(w.text for w in words[:end])
        label = _title_entity(words[:end])
        if label is None and end == 1 and headline_acronym(text):
            label = "ORG"
        if label is not None:
            return _mention(words[:end], text, label, discourse), start + end
    return None


@rule("headline-descriptors", off=0)
def after_descriptors(group: list[Token]) -> int:
    """ "Dutch bakery chain Hollis": the name starts after the lower-case descriptors."""
    lower = [n for n, w in enumerate(group) if not w.text[:1].isupper() and not w.like_num]
    return lower[-1] + 1 if lower else 0


@rule("headline-short-organisation", off=False)
def short_organisation(text: str, discourse: Discourse) -> bool:
    """ "Union Agrees ..." after "National Union of Autoworkers": a short form of a body named below."""
    return discourse.organisation_name(text) != text


@rule("headline-acronym", off=False)
def headline_acronym(text: str) -> bool:
    """ "WHO", "BP", "NASA": a word in capitals is an organisation's acronym."""
    return len(text) >= 2 and text.isupper() and text.isalpha()


def _longest_first(words: list[Token], whole: bool) -> range:
    return range(len(words), len(words) - 1 if whole else 0, -1)


def _mention(words: list[Token], text: str, label: str, discourse: Discourse) -> Mention:
    kind = _KIND[label]
    name = discourse.full_name(text) if kind == "person" else discourse.organisation_name(text)
    span = make_span(discourse.article, words[0].idx, words[-1].idx + len(words[-1]))
    return Mention(span, name, kind)


def _entity_names(sent: SpacySpan) -> dict[str, str]:
    """Entity texts of the article outside the headline, with their label."""
    out: dict[str, str] = {}
    for ent in sent.doc.ents:
        if ent.label_ in _ENTITY_LABELS and not (sent.start <= ent.start < sent.end):
            text = " ".join(t.text for t in ent if t.lower_ not in ("the",))
            out.setdefault(text, ent.label_)
    return out


def _title_entity(
    words: list[Token], labels: frozenset[str] | tuple[str, ...] = _ENTITY_LABELS
) -> str | None:
    ents = {(e.start, e.end): e.label_ for e in words[0].doc.ents}
    label = ents.get((words[0].i, words[-1].i + 1))
    return label if label in labels else None


def _verb_lemma(token: Token) -> str | None:
    """The lexicon verb a headline word is, in any inflection ("Signs", "Agrees", "Adopts")."""
    word = token.lower_
    for lemma in (token.lemma_.lower(), word, word[:-1], word[:-2], word[:-3] + "y"):
        if lemma in AGREEMENT_VERBS and AGREEMENT_VERBS[lemma].needs != "to-future":
            return lemma
    return None


@rule("headline-plan", off=False)
def headline_plan(rest: list[Token]) -> bool:
    """ "Peru, Bolivia to Share Lake Data": "to" and a verb after the names is a plan."""
    return rest[0].lower_ == "to" and len(rest) > 1 and rest[1].is_alpha


def _predicate(rest: list[Token]):
    """Return (verb, status, words after it) of the headline's predicate."""
    if headline_plan(rest):
        return rest[0], "intends", rest[1:]
    for n, token in enumerate(rest):
        lemma = _verb_lemma(token)
        # the verb comes first, or heads a coordinated predicate ("Kestonia Advance X, Sign Y")
        if lemma is not None and (n <= 1 or rest[n - 1].text == ","):
            return token, AGREEMENT_VERBS[lemma].status, rest[n + 1 :]
        if token.text in (":", ";") or (n > 1 and not token.text[:1].isupper() and token.text != ","):
            break
    return None, None, []


@rule("headline-with-party")
def headline_with_party(words: list[Token]) -> list[Token] | None:
    """ "Moreau Signs Deal With Lyon Team": the name after "with" is a party too."""
    return [t for t in words if not t.is_punct] or None


@rule("headline-stops", off=False)
def headline_stop(token: Token) -> bool:
    """ "Nordvik Agrees to Ferry Subsidy Amid Strike Threat": "after", "amid" ... end the outcome."""
    return token.lower_ in HEADLINE_STOPS


def _outcome(after: list[Token], verb: Token, status: str):
    """Return the outcome words and the words of a "with" party."""
    if after and after[0].lower_ == "to" and status != "intends":
        after = after[1:]  # "Agrees to Ferry Subsidy"
    words, with_party = [], None
    for n, token in enumerate(after):
        if token.lower_ == "with" and _verb_lemma(verb) in _WITH_VERBS:
            with_party = headline_with_party(after[n + 1 :])
            break
        if token.text in (";", ":") or (status != "intends" and headline_stop(token)):
            break
        words.append(token)
    while words and words[-1].is_punct:
        words.pop()
    return words, with_party
