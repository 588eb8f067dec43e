"""Common-noun actors: what "the government", "the ministry", "Police" or "both sides" stand for.

Each reading is a named rule (kg.rules), tried in order by `common_noun`; the first that
finds an actor wins. They read the `Discourse` of kg/extract/mentions.py (names so far).

group-reference        "both sides", "the two countries": the parties in context (kg.resolve)
demonym-government     "the Russian delegation": the country it stands for
owner-acts             "Kestrel's board", "Belmar's foreign ministry": the owner acts
the-government         "the government" after "Colombia": the country
the-organisation       "the ministry" after "the Ministry of Energy": that organisation
speaking-institution   "Police said", "the ministry said": the phrase itself (lexicons/institutions.tsv)
institution-within     "officials within the Harbour Ministry": the body is part of the name
document-owner         "the union's statement", "a Kestrel Lines press release": the owner speaks
collective-anchor      "members of the union", "Nurses at Hartwell General Hospital"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.lexicon import (
    COLLECTIVES,
    GOVERNMENT_HEADS,
    GROUP_DETERMINERS,
    GROUP_HEADS,
    ORGANISATION_HEADS,
    SOURCE_NOUNS,
    SPEAKING_INSTITUTIONS,
)
from kg.extract.model import Mention
from kg.extract.phrases import DETERMINERS as _DETERMINERS
from kg.extract.phrases import phrase as _phrase
from kg.extract.phrases import with_of_phrase as _with_of_phrase
from kg.rules import PASS, rule

ORG = "organization"

if TYPE_CHECKING:
    from kg.extract.mentions import Discourse

# Definite heads that stand for the last country named ("the government said").
_GOVERNMENTS = frozenset("government cabinet administration".split())
# Prepositions that tie a collective to the place or body it belongs to ("workers at X").
_ANCHORS = frozenset(["at", "of", "in", "from"])
# Definite heads that stand for the last organisation named, whatever its name says.
_UNTYPED_ORGANISATIONS = frozenset(
    "company firm group carrier airline automaker carmaker lender union board club team bank fund".split()
)


def common_noun(d: Discourse, token: Token) -> Mention | None:
    """Return the actor a common-noun head stands for, or None."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    for reading in _READINGS:
        found = reading(d, token)
        if found is not None:
            return found
    return None


def _determiners(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet")}


@rule("group-reference")
def _group_reference(d: Discourse, token: Token) -> Mention | None:
    """both sides; the two countries; all parties: a group that stands for the parties in context."""
    if token.lower_ not in GROUP_HEADS or not (_determiners(token) & GROUP_DETERMINERS):
        return None
    phrase = _phrase(token)
    return Mention(d._span(phrase), phrase.text, "group")


@rule("demonym-government")
def _demonym_government(d: Discourse, token: Token) -> Mention | None:
    """the Russian delegation; Belmari officials: a government head with a place stands for that country."""
    if token.lemma_ not in GOVERNMENT_HEADS and token.lower_ not in GOVERNMENT_HEADS:
        return None
    if not any(d._is_place(c) for c in token.children):
        return None
    words = [t for t in _phrase(token) if t.lower_ not in _DETERMINERS]
    name_span = d.doc[words[0].i : words[-1].i + 1]
    return Mention(d._span(name_span), name_span.text, "country")


@rule("owner-acts")
def _owner_acts(d: Discourse, token: Token) -> Mention | None:
    """Kestrel's board; Belmar's foreign ministry: the named owner of a body acts."""
    owner = next((c for c in token.children if c.dep_ == "poss" and d.entity(c) is not None), None)
    if owner is None or (token.lemma_ not in ORGANISATION_HEADS and token.lemma_ not in GOVERNMENT_HEADS):
        return None
    return d.mention(owner)


@rule("leader-government")
def _leader_government(d: Discourse, token: Token) -> Mention | None:
    """the Brenn administration, the Varnik government: a government named after the person who
    leads it is that administration (the gold's own party), not the last country named."""
    if token.lemma_ not in _GOVERNMENTS:
        return None
    leader = next(
        (
            c
            for c in token.children
            if c.dep_ == "compound" and (c.ent_type_ == "PERSON" or d.full_name(c.text) != c.text)
        ),
        None,
    )  # a person's name, or the surname of a person named before
    if leader is None:
        return None
    words = [t for t in _phrase(token) if t.lower_ not in _DETERMINERS]
    name_span = d.doc[words[0].i : words[-1].i + 1]
    return Mention(d._span(name_span), name_span.text, "organization")


@rule("the-government")
def _the_government(d: Discourse, token: Token) -> Mention | None:
    """the government said, after Colombia: the last country named."""
    if token.pos_ != "NOUN" or "the" not in _determiners(token) or token.lemma_ not in _GOVERNMENTS:
        return None
    places = [(i, name) for i, name in d._places if not enumerated(d, i)]
    place = _main_place(places, token) or d._last(places, token)
    return Mention(d._span(_phrase(token)), place, "country") if place is not None else None


@rule("enumerated-place", off=False)
def enumerated(d: Discourse, position: int) -> bool:
    """ "pickers from Arvenia, Dravia, Vardania and Solvaria": a place in a list of three or more is
    an origin or a destination, not the country whose government the article then speaks of."""
    ent = d.entity(d.doc[position])
    root = ent.root if ent is not None else d.doc[position]
    return len(root.conjuncts) >= 2


@rule("main-place", off=None)
def _main_place(places: list[tuple[int, str]], token: Token) -> str | None:
    """Floods in Peru ... divers from Chile ... the government said: the place named most often so
    far is the country whose government speaks (the last one on a tie)."""
    before = [name for position, name in places if position < token.i]
    if not before:
        return None
    counts = {name: before.count(name) for name in before}
    return max(reversed(before), key=lambda name: counts[name])


@rule("the-organisation")
def _the_organisation(d: Discourse, token: Token) -> Mention | None:
    """the ministry said, after the Ministry of Energy: the last organisation that head fits."""
    if token.pos_ != "NOUN" or "the" not in _determiners(token) or token.lemma_ not in ORGANISATION_HEADS:
        return None
    return _the_organisation_named(d, token)


def _the_organisation_named(d: Discourse, token: Token) -> Mention | None:
    before = [name for position, name in d._organisations if position < token.i]
    # "the district board" after "Lakeview Unified School District": a modifier names it too.
    words = [token.lemma_.lower(), *(c.lower_ for c in token.children if c.dep_ == "compound")]
    named = next((name for name in reversed(before) if any(w in name.lower() for w in words)), None)
    if named is None and token.lemma_ in _UNTYPED_ORGANISATIONS:  # the last body named, not described
        named = next((n for n in reversed(before) if antecedent_kind(ORG, n, d.described) == ORG), None)
    if named is None:
        return None
    return Mention(d._span(_phrase(token)), named, antecedent_kind(ORG, named, d.described))


@rule("body-of-spokesperson")
def _body_of_spokesperson(d: Discourse, token: Token) -> Mention | None:
    """a spokeswoman for the ferry owners; a Kestrel spokeswoman; officials in Peru; ministry
    officials: an unnamed spokesperson or official speaks for the body the phrase gives (GUIDELINES).

    The mention's span is the whole phrase ("a spokeswoman for the ferry owners"); its name the body."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in _SPOKESPEOPLE:
        return None
    found = _body(d, token)
    if found is None:
        return None
    body, last = found
    return Mention(d._span(d.doc[_phrase(token).start : last + 1]), body.name, body.kind)


def _body(d: Discourse, token: Token) -> tuple[Mention, int] | None:
    """The body a spokesperson phrase names, and the index of the phrase's last token."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "in", "from"):
            body = next((c for c in child.children if c.dep_ == "pobj"), None)
            if body is None:
                continue
            found = d.mention(body)
            if found is not None and found.kind in ("organization", "country", "generic"):
                return found, child.right_edge.i
            if body.pos_ == "NOUN" and body.tag_ == "NNS" and "the" in _determiners(body):
                words = [t for t in _phrase(body) if t.lower_ not in _DETERMINERS]  # "the ferry owners"
                phrase = d.doc[words[0].i : body.i + 1]
                return Mention(d._span(phrase), phrase.text, "generic"), body.i
    for child in token.children:
        if child.dep_ == "compound" and child.i < token.i:
            ent = d.entity(child)
            found = None
            # "a Kestrel Shipping spokeswoman"; not "Court officials" at a sentence start, which
            # is "court officials", the common noun (capitalised-noun)
            if ent is not None and ent.label_ in ("ORG", "GPE") and not d.capitalised_noun(ent):
                found = d.mention(ent.root)
            elif child.lower_ in ORGANISATION_HEADS:  # "ministry officials"
                found = _the_organisation_named(d, child)
            if found is not None:
                return found, token.i
    return None


# Who speaks for a body without a name of their own.
_SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson official representative".split())


@rule("speaking-institution")
def _speaking_institution(d: Discourse, token: Token) -> Mention | None:
    """Police said; the ministry said; analysts say: an unnamed institution speaks as itself."""
    if token.pos_ != "NOUN" or not (
        token.lemma_.lower() in SPEAKING_INSTITUTIONS or token.lower_ in SPEAKING_INSTITUTIONS
    ):
        return None
    owned = document_owner(d, token)  # "the union's statement said": the union
    if owned is not None:
        return owned
    phrase = _phrase(token)
    possessor = {t.i for c in token.children if c.dep_ == "poss" for t in c.subtree}
    words = [t for t in phrase if t.lower_ not in _DETERMINERS and t.i not in possessor]
    name_span = d.doc[words[0].i : _within(token).i + 1] if words else phrase
    return Mention(d._span(name_span), name_span.text, "generic")


@rule("institution-within", off=PASS)
def _within(token: Token) -> Token:
    """officials within the Harbour Ministry said A: the body they are part of is part of
    their name (the name's last token)."""
    within = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "within"), None)
    body = next((c for c in within.children if c.dep_ == "pobj"), None) if within is not None else None
    if body is None or not (body.pos_ == "PROPN" or body.lemma_.lower() in _BODIES):
        return token  # "police within hours said": a time, not a body
    return within.right_edge


_BODIES = ORGANISATION_HEADS | GOVERNMENT_HEADS | SPEAKING_INSTITUTIONS | _GOVERNMENTS


@rule("document-owner")
def document_owner(d: Discourse, token: Token) -> Mention | None:
    """a Kestrel Lines press release; the union's statement said A; Ms Orsk's letter said B: what
    an owner issues in its own voice (lexicons/sources.tsv "issued") speaks for that owner (an
    unnamed spokesperson of a body is the body, GUIDELINES.md), never a fragment such as
    "'s statement". Reports, polls and studies keep their own name; the city's police are police."""
    if token.lemma_.lower() not in SOURCE_NOUNS["issued"] and token.lower_ not in SOURCE_NOUNS["issued"]:
        return None
    for child in token.children:
        if child.dep_ in ("poss", "compound", "nmod") and child.ent_type_ in _OWNER_TYPES:
            found = d.mention(child)
            if found is not None and found.kind in ("person", "organization", "country", "generic"):
                return Mention(d._span(_phrase(token)), found.name, found.kind)
    return None


# Entity types of a document's owner ("" for a common noun: "the ministry's letter").
_OWNER_TYPES = frozenset(["", "ORG", "GPE", "NORP", "PERSON"])


@rule("collective-anchor")
def _collective_anchor(d: Discourse, token: Token) -> Mention | None:
    """members of the union; Nurses at Hartwell General Hospital: a collective tied to a named body."""
    if token.tag_ != "NNS" or token.lower_ not in COLLECTIVES:
        return None
    anchor = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in _ANCHORS), None)
    objects = [t for t in anchor.children if t.dep_ == "pobj"] if anchor else []
    if objects and token.lower_ == "members":  # "members of the union voted": the body acts
        return d.mention(objects[0])
    names = [t for t in objects if t.pos_ == "PROPN"]
    if not names:
        return None
    phrase = _phrase(token)
    words = [t for t in d.doc[phrase.start : names[0].i + 1] if t.lower_ not in _DETERMINERS]
    name_span = _with_of_phrase(d.doc[words[0].i : words[-1].i + 1])  # "at the Port of Durban"
    return Mention(d._span(name_span), name_span.text, "generic")


_READINGS = (
    _group_reference,
    _demonym_government,
    _owner_acts,
    _leader_government,
    _the_government,
    _the_organisation,
    _body_of_spokesperson,
    _speaking_institution,
    _collective_anchor,
)


@rule("described-antecedent", off=PASS)
def antecedent_kind(kind: str, name: str, described: set[str]) -> str:
    """ "Deckhands said A. The company said B.", "Experts said A. It added B": what points back to a
    speaker the article described, not named, is described too ("generic"), never an organisation
    named "Deckhands"; and "the company" falls back only on a body the article named."""
    return "generic" if name in described else kind
