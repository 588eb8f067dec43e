"""Noun phrases: where a name or description starts and ends in the parse."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])


def phrase(token: Token, compounds_only: bool = False) -> SpacySpan:
    """Return the noun phrase of `token`: its left modifiers up to the head itself."""
    deps = (
        ("compound", "flat")
        if compounds_only
        else ("compound", "amod", "det", "nummod", "poss", "predet", "nmod")
    )
    left = token.i
    for child in token.lefts:
        if child.dep_ in deps:
            left = min(left, child.left_edge.i if not compounds_only else child.i)
    return token.doc[left : token.i + 1]


def with_of_phrase(name: SpacySpan) -> SpacySpan:
    """Extend an organisation name over "of <Proper Noun>" ("the Royal Ballet of Flanders")."""
    doc = name.doc
    if len(name) > 1 and name[-1].lower_ in ("of", "for"):  # the tagger cut "Competition Authority of"
        name = doc[name.start : name.end - 1]
    if (
        name.end + 1 < len(doc)
        and doc[name.end].lower_ in ("of", "for")
        and doc[name.end + 1].pos_ == "PROPN"
    ):
        end = name.end + 1
        while end + 1 < len(doc) and (
            doc[end + 1].pos_ == "PROPN"
            or (doc[end + 1].lower_ == "and" and end + 2 < len(doc) and doc[end + 2].pos_ == "PROPN")
        ):
            end += 1
        return doc[name.start : end + 1]
    return name
