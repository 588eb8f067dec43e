"""Collectives: the named actors a plural phrase stands for ("they", "the two companies",
"the leaders of A and B", "the bus makers").

kg.extract.parties reads a counted plural or a collective through these rules; one that none
resolves stays a "group" mention for kg.resolve (the parties of the last multi-party event).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.conjuncts import conjunct_heads
from kg.extract.lexicon import COLLECTIVE_KINDS
from kg.extract.mentions import Discourse
from kg.extract.model import Mention
from kg.extract.name_words import TITLES
from kg.extract.spans import token_span
from kg.rules import PASS, rule

# Plural descriptions of heads of state or government ("the leaders of A and B"), and the titles
# that name one ("President X", "Prime Minister Y").
LEADER_NOUNS = frozenset(["leader", "president", "premier", "head"])
LEADER_TITLES = frozenset("president premier chancellor prime king queen emir sultan".split())
_RELATIVES = frozenset(["which", "who", "that"])


@rule("counted-collective", off=[])
def counted_collective(head: Token, discourse: Discourse) -> list[Mention]:
    """ "the two agencies", "both ministers": a counted plural stands for the actors it counts."""
    counted = {c.lower_ for c in head.children if c.dep_ in ("nummod", "det", "predet")} & {"two", "both"}
    return collective(head, discourse) if counted and head.tag_ == "NNS" else []


def collective(head: Token, discourse: Discourse) -> list[Mention]:
    """Return the actors a collective stands for by the first rule that finds two or more."""
    for _, read in COLLECTIVE_RULES:
        found = read(head, discourse)
        if len({m.name for m in found}) >= 2:
            return found
    return []


@rule("coordinated-antecedent", off=[])
def coordinated_antecedent(head: Token, discourse: Discourse) -> list[Mention]:
    """ "Lund and Okafor agreed they would set up ...", "Orrin Bakeries and Tallis Mills, which
    warned that ...": the coordinated subject of a governing clause."""
    node = head.head
    for _ in range(4):
        if node.head.i == node.i:
            return []
        node = node.head
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in _RELATIVES and node.dep_ == "relcl":
            subject = node.head  # "Orrin Bakeries and Tallis Mills, which warned ..."
        if subject is None or subject.i == head.i:
            continue
        named = [
            m for h in conjunct_heads(subject) for m in leaders_named(h, discourse) or discourse.parties_of(h)
        ]
        if len(named) >= 2 and all(m.kind in ("person", "organization", "country") for m in named):
            return named
        if subject.pos_ != "PRON":
            return []  # the nearest named subject is a single actor: not our antecedent
    return []


@rule("two-of-a-kind", off=[])
def last_of_kind(head: Token, discourse: Discourse) -> list[Mention]:
    """ "the two countries", "both companies", "the two leaders": the last two actors of that kind."""
    kind = COLLECTIVE_KINDS.get(head.lemma_.lower()) or COLLECTIVE_KINDS.get(head.lower_)
    numbers = {c.lower_ for c in head.children if c.dep_ in ("nummod", "det", "predet")}
    if kind in (None, "country") or not numbers & {"two", "both"}:
        return []  # places are named as locations too: "both countries" is left to the event context
    span = token_span(discourse.article, head)
    return [Mention(span, name, kind) for name in discourse.last_named(kind, 2, head)]


@rule("leaders-named-next", off=[])
def leaders_named(head: Token, discourse: Discourse) -> list[Mention]:
    """ "The leaders of Arvenia and Kestonia agreed ... . Kestonian Prime Minister Tomas Brekke and
    President Ilse Varnik of Arvenia ...": the leaders of the places are the persons the same or the
    next sentence gives a leader's title tied to one of the places (its name or demonym before the
    name, or "of" it after), one for each place (else the places stand); a former leader is none."""
    if head.pos_ != "NOUN" or head.tag_ != "NNS" or head.lemma_ not in LEADER_NOUNS:
        return []
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    places = discourse.named_in(of) if of is not None else []
    if len(places) < 2 or any(m.kind not in ("country", "organization") for m in places):
        return []
    doc, sent = head.doc, head.sent
    end = doc[sent.end].sent.end if sent.end < len(doc) else sent.end
    leaders: dict[str, Mention] = {}  # place -> its leader
    untied: list[Mention] = []  # "President X" with no place of its own: see leader_by_elimination
    for ent in doc.ents:
        if ent.label_ != "PERSON" or not head.i < ent.start < end:
            continue
        title = doc[max(ent.start - 4, ent.sent.start) : ent.start]
        words = {t.lower_ for t in title}
        if not words & LEADER_TITLES or words & {"former", "ex", "late"}:
            continue
        of_place = ent.end < len(doc) and doc[ent.end].lower_ == "of"  # "Ilse Varnik of Arvenia"
        after = doc[ent.end + 1 : ent.end + 4] if of_place else title[:0]
        place = next(
            (p.name for p in places if _names_place(title, p.name) or _names_place(after, p.name)), None
        )
        mention = discourse.mention(ent.root)
        if mention is None or mention.kind != "person":
            continue
        if place is not None and place not in leaders:
            leaders[place] = mention
        elif place is None and not of_place and _bare_title(doc, ent.start) and not _described(ent):
            untied.append(mention)
    leaders = leader_by_elimination(leaders, untied, places, doc[:end])
    found = list(leaders.values())
    return found if len(leaders) == len(places) and len({m.name for m in found}) == len(places) else []


@rule("leader-by-elimination", off=PASS)
def leader_by_elimination(
    leaders: dict[str, Mention], untied: list[Mention], places: list[Mention], before: SpacySpan
) -> dict[str, Mention]:
    """ "The leaders of Arvenia and Kestonia ... . President Ilse Varnik and Kestonian Prime Minister
    Tomas Brekke": when every place but one has its leader, the one leader named by a bare title
    leads the place left, unless the article has so far named a third country or people (`before`:
    the host's or a mediator's president is named by a bare title too)."""
    if _third_country(before, places):
        return leaders
    left = [p.name for p in places if p.name not in leaders]
    names = {m.name for m in leaders.values()}
    untied = [m for m in untied if m.name not in names]
    if len(left) != 1 or len({m.name for m in untied}) != 1:
        return leaders
    return {**leaders, left[0]: untied[0]}


def _described(ent: SpacySpan) -> bool:
    """ "President Jonas Feld, who mediated the talks": a leader described as someone else's."""
    return any(c.dep_ in ("relcl", "appos", "acl") for c in ent.root.children)


def _third_country(words: SpacySpan, places: list[Mention]) -> bool:
    """Whether the words name a country or a people other than the places: a demonym ("Vardanian"),
    or a place the gazetteer knows as a country ("Norway", not "Pelm"; "Beijing" is China's)."""
    from kg.resolve.gazetteer import gazetteer  # data only; kg.resolve imports kg.extract

    for ent in words.ents:
        if ent.label_ not in ("GPE", "NORP") or any(_names_place(ent, p.name) for p in places):
            continue
        known = gazetteer().find(ent.text)
        if ent.label_ == "NORP" if known is None else known.kind == "country":
            return True
    return False


def _bare_title(doc: Doc, start: int) -> bool:
    """Whether the words before a name are a leader's title alone ("President X", "and Premier X"),
    with no place, demonym or office before it ("Arvenian President", "Finance Minister")."""
    i = start
    while i > 0 and doc[i - 1].lower_ in TITLES:
        i -= 1
    titled = i < start and doc[i].lower_ in LEADER_TITLES
    return titled and (doc[i].is_sent_start or doc[i - 1].lower_ in ("and", ",", "the", "with"))


def _names_place(words: SpacySpan, place: str) -> bool:
    """Whether one of the words names the place or its people ("Kestonia's", "Kestonian", "French")."""
    from kg.resolve.gazetteer import gazetteer  # data only; kg.resolve imports kg.extract
    from kg.resolve.names import derives_from

    known = gazetteer().find(place)
    spans = [words[i:j].text for i in range(len(words)) for j in range(i + 1, min(i + 3, len(words)) + 1)]
    for text in spans:
        if text == place or derives_from(text, place):
            return True
        found = gazetteer().find(text) if text[:1].isupper() else None
        if known is not None and found is not None and found.id == known.id:
            return True
    return False


@rule("described-then-named", off=[])
def described_then_named(head: Token, discourse: Discourse) -> list[Mention]:
    """ "an accord with bus makers ... the bus makers, Orrin and Tallis,": a plural description is
    the names the article gives in apposition to the same words elsewhere (two or more)."""
    if head.pos_ != "NOUN" or head.tag_ != "NNS" or discourse.entity(head) is not None:
        return []
    words = _description(head)
    for other in head.doc:
        if other.i == head.i or other.lemma_ != head.lemma_ or _description(other) != words:
            continue
        appos = next((c for c in other.children if _named_apposition(c)), None)
        names = [appos, *(c for c in appos.conjuncts if c.i > appos.i)] if appos else []
        named = [m for h in names for m in discourse.parties_of(h)]
        if len(named) >= 2 and all(m.kind in ("person", "organization", "country") for m in named):
            return named
    return []


def _named_apposition(token: Token) -> bool:
    """ "the seed firms Orrin and Tallis", or with commas, which the parser reads as a list:
    "the seed firms, Orrin and Tallis," (a name right after the comma, itself a list of names)."""
    if token.pos_ != "PROPN":
        return False
    if token.dep_ == "appos":
        return True
    start = token.left_edge.i  # "LG Energy": the whole name follows the comma
    after_comma = token.dep_ == "conj" and start > 0 and token.doc[start - 1].text == ","
    return after_comma and any(c.dep_ == "cc" for c in token.children)


def _description(noun: Token) -> tuple[str, ...]:
    return tuple(c.lower_ for c in noun.lefts if c.dep_ in ("compound", "amod") and c.pos_ != "PROPN")


COLLECTIVE_RULES: tuple[tuple[str, Callable[[Token, Discourse], list[Mention]]], ...] = (
    ("coordinated-antecedent", coordinated_antecedent),
    ("two-of-a-kind", last_of_kind),
)
