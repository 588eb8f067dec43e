"""Parties: the actors a subject or object of an agreement stands for.

A party phrase is read conjunct by conjunct ("the rebels and Ukraine's government"). A conjunct
that names no actor makes the whole list incomplete: it stays as an UNRESOLVED mention, so the
agreement is kept but flagged instead of being stored with half its parties. Collectives
("they", "both sides", "the two countries") go through the named rules of COLLECTIVE_RULES, in
order; one that none resolves stays a "group" mention for kg.resolve (the parties of the last
multi-party event), and is flagged there if that fails too.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from spacy.tokens import Token

from kg.extract.lexicon import COLLECTIVE_KINDS
from kg.extract.mentions import TITLES, Discourse
from kg.extract.model import Mention
from kg.extract.spans import make_span

UNRESOLVED = "unresolved"  # Mention.kind of a party phrase no rule can name
_RELATIVES = frozenset(["which", "who", "that"])


def party_mentions(token: Token, discourse: Discourse) -> list[Mention]:
    """Return the parties of a coordinated phrase, collectives resolved where the context allows."""
    out: list[Mention] = []
    for head in (token, *token.conjuncts):
        counted = {c.lower_ for c in head.children if c.dep_ in ("nummod", "det", "predet")} & {"two", "both"}
        found = (
            (counted and head.tag_ == "NNS" and collective(head, discourse))
            or titled_name(head, discourse)
            or discourse.parties_of(head)
        )
        if not found and head.pos_ in ("PRON", "NOUN", "PROPN"):
            out.append(unresolved(head, discourse))
        for mention in found:
            out += (collective(head, discourse) or [mention]) if mention.kind == "group" else [mention]
    return out


def titled_name(head: Token, discourse: Discourse) -> list[Mention]:
    """ "United States Senator from Vermont Bernie Sanders": a title heading a phrase that ends
    in a person's full name stands for that person, whatever the tagger made of the name."""
    if head.lower_ not in TITLES:
        return []
    names = [t for t in head.subtree if t.i > head.i and t.pos_ == "PROPN"]
    for first, last in itertools.pairwise(names):
        full = f"{first.text} {last.text}"
        if last.i == first.i + 1 and discourse.full_name(last.text) == full:
            span = make_span(discourse.article, first.idx, last.idx + len(last))
            return [Mention(span, full, "person", head.text)]
    return []


def unresolved(head: Token, discourse: Discourse) -> Mention:
    left = min(
        [head.i, *[c.i for c in head.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nummod")]]
    )
    span = make_span(discourse.article, head.doc[left].idx, head.idx + len(head))
    return Mention(span, span.text, UNRESOLVED)


def collective(head: Token, discourse: Discourse) -> list[Mention]:
    """Return the actors a collective stands for by the first rule that finds two or more."""
    for _, rule in COLLECTIVE_RULES:
        found = rule(head, discourse)
        if len({m.name for m in found}) >= 2:
            return found
    return []


def coordinated_antecedent(head: Token, discourse: Discourse) -> list[Mention]:
    """ "Biden and Sanders announced they were to form ...", "Walmart and Gap, which have said
    they will ...": the coordinated subject of a governing clause."""
    node = head.head
    for _ in range(4):
        if node.head.i == node.i:
            return []
        node = node.head
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in _RELATIVES and node.dep_ == "relcl":
            subject = node.head  # "Walmart and Gap, which have said ..."
        if subject is None or subject.i == head.i:
            continue
        named = [m for h in (subject, *subject.conjuncts) for m in discourse.parties_of(h)]
        if len(named) >= 2 and all(m.kind in ("person", "organization", "country") for m in named):
            return named
        if subject.pos_ != "PRON":
            return []  # the nearest named subject is a single actor: not our antecedent
    return []


def last_of_kind(head: Token, discourse: Discourse) -> list[Mention]:
    """ "the two countries", "both companies", "the two leaders": the last two actors of that kind."""
    kind = COLLECTIVE_KINDS.get(head.lemma_.lower()) or COLLECTIVE_KINDS.get(head.lower_)
    numbers = {c.lower_ for c in head.children if c.dep_ in ("nummod", "det", "predet")}
    if kind in (None, "country") or not numbers & {"two", "both"}:
        return []  # places are named as locations too: "both countries" is left to the event context
    span = make_span(discourse.article, head.idx, head.idx + len(head))
    return [Mention(span, name, kind) for name in discourse.last_named(kind, 2, head)]


COLLECTIVE_RULES: tuple[tuple[str, Callable[[Token, Discourse], list[Mention]]], ...] = (
    ("coordinated-antecedent", coordinated_antecedent),
    ("two-of-a-kind", last_of_kind),
)
