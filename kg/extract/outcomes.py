"""Outcome spans: the characters of the phrase that states what was agreed.

The phrase is the subtree of a verb or noun, less coordinated verbs, a leading "to", and the
elaborations that follow it (time adjuncts, ", which ..." asides, a quote after a colon).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.spans import trim

# Prepositions that start an elaboration of a verb's outcome, not part of it ("return the flag
# after a nine-year hiatus", "cut tariffs, including ...").
_ELABORATIONS = frozenset(["including", "excluding", "after", "before", "during", "following", "since"])


def phrase_range(head: Token, end_token: Token | None = None) -> tuple[int, int]:
    """Return the characters of a verb or noun phrase: its subtree, less coordinated verbs,
    a leading "to", and comma-set-off elaborations of the verb ("..., including ...")."""
    excluded: set[int] = set()
    for child in head.children:
        if (
            (
                child.dep_ in ("conj", "cc")
                and head.pos_ in ("VERB", "AUX")
                and child.pos_ in ("VERB", "AUX", "CCONJ")
            )
            or (child.dep_ == "prep" and child.lower_ in _ELABORATIONS and head.pos_ == "VERB")
            or (child.dep_ == "npadvmod" and child.ent_type_ in ("DATE", "TIME") and head.pos_ == "VERB")
        ):  # "join a coalition this week in a deal ...": the date ends the outcome
            excluded.update(t.i for t in child.subtree)
    for node in head.subtree:
        if (
            node.dep_ == "prep"
            and node.lower_ == "including"
            and node.nbor(-1).text == ","
            and node.head.pos_ != "NOUN"
        ):
            excluded.update(t.i for t in node.subtree)
        if node.dep_ == "relcl" and node.i > head.i and node.left_edge.i > 0:
            before = head.doc[node.left_edge.i - 1]
            if before.text == "," and node.left_edge.lower_ in ("which", "who"):  # ", which ...": an aside
                excluded.update(t.i for t in node.subtree)
        if node.text == ":" and node.i > head.i:  # "Macron's statement: '...'": the quote is not the outcome
            excluded.update(range(node.i, head.right_edge.i + 1))
    tokens = [
        t
        for t in head.subtree
        if t.i not in excluded and not (t.dep_ == "aux" and t.lower_ == "to" and t.head.i == head.i)
    ]
    if end_token is not None and end_token.i >= head.i:  # not "To win, X will work ...": no range back
        tokens = [t for t in head.doc[head.i : end_token.i + 1] if t.i not in excluded]
    # keep the contiguous stretch from the head's left edge
    tokens.sort(key=lambda t: t.i)
    run = [tokens[0]]
    for t in tokens[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    return trim(doc_text(head.doc), run[0].idx, run[-1].idx + len(run[-1]))


def coordinated(verb: Token) -> list[Token]:
    return [verb, *[c for c in verb.conjuncts if c.pos_ in ("VERB", "AUX") and c.i > verb.i]]


def doc_text(doc: Doc) -> str:
    """Return the doc's text, built once: Doc.text joins every token anew on each call, which
    made long articles quadratic (a 100,000-character paragraph took 14 s here)."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]
