"""Where a cue's reported content ends: not in a nested cue's clause, not past a semicolon on
the clause's own level or a colon that opens a new quotation.

nested-cue           "X emphasized A, stating B": B is a claim of its own, not part of A
semicolon-stop       "X said A; B": the semicolon ends what the cue reports
colon-quote-stop     'X said A: "B"': the colon before a new quotation ends A
trailing-relative    "X said it would go to Y, who leads the polls": the relative clause is the writer's
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import CUE_VERBS
from kg.rules import PASS, rule


def without_nested_cues(clause: Token, cue_at: int = -1) -> list[Token]:
    nested = _nested_cues(clause) | _trailing_relative(clause)
    tokens = [t for t in clause.subtree if t.i not in nested]
    return _semicolon_stop(tokens, clause, cue_at)


@rule("trailing-relative", off=frozenset())
def _trailing_relative(clause: Token) -> set[int]:
    """X said the seat would go to Marrow, who leads the polls by ten points: a relative clause
    set off by a comma at the very end of the content describes its last noun for the reader;
    it is no part of what was said (one inside the content stays)."""
    last = clause.right_edge
    for t in clause.subtree:
        if t.dep_ != "relcl" or t.right_edge.i < last.i - 1 or t.i == clause.i:
            continue
        start = t.left_edge.i
        comma = clause.doc[start - 1] if start > 0 else None
        pronoun = clause.doc[start]
        if comma is not None and comma.text == "," and pronoun.lower_ in ("who", "which", "whose"):
            return {x.i for x in t.subtree} | {comma.i}
    return set()


@rule("nested-cue", off=frozenset())
def _nested_cues(clause: Token) -> set[int]:
    """X emphasized A, stating B / A, which he described as B: B is a claim of its own, not part of A."""
    # "a source who told him B" stays: the clause only says who the source is.
    excluded: set[int] = set()
    for t in clause.subtree:
        own_subject = not any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in t.children)
        nested = (t.dep_ == "relcl" and own_subject) or (t.dep_ == "advcl" and t.tag_ == "VBG")
        if t.i != clause.i and nested and t.lemma_ in CUE_VERBS:
            excluded.update(x.i for x in t.subtree)
    return excluded


@rule("semicolon-stop", off=PASS)
def _semicolon_stop(tokens: list[Token], clause: Token, cue_at: int) -> list[Token]:
    """X said A; B: a semicolon on the clause's own level ends what the cue before it reports."""
    stop = next((t.i for t in tokens if t.text == ";" and t.head.i == clause.i and t.i > cue_at), None)
    stop = _colon_quote(tokens, cue_at) if stop is None else stop
    return [t for t in tokens if stop is None or t.i < stop]


@rule("colon-quote-stop", off=None)
def _colon_quote(tokens: list[Token], cue_at: int) -> int | None:
    """X wrote that the rota "cannot change overnight": "Nobody asked us.": a colon before a new
    quotation ends the content; the quotation is a claim of its own (quote-after-subject)."""
    doc = tokens[0].doc if tokens else None
    for t in tokens:
        if t.text == ":" and t.i > cue_at and t.i + 1 < len(doc) and doc[t.i + 1].text in ('"', "“", "''"):
            return t.i
    return None
