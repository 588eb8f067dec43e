"""Content the parse lost: where a speech cue is the sentence's main verb but the parser gave it
no clause, the words on the far side of the speaker and cue are what was said, by the shape of
the sentence alone. Tried after every frame of kg.extract.frames and the adjacent quotation.

sentence-edge        "X said seeing the quay full was a relief." / "A, even in winter, X said.":
                     the rest of the sentence after "X said", or all of it before ", X said"
colon-block          "In her letter, X wrote:" ending its paragraph: the next paragraph
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.article import Article
from kg.extract.frames import name_start
from kg.rules import rule

_FINITE = frozenset(["VBD", "VBZ", "VBP"])
# Dependents of the cue that say when, where or how it was said ("in an interview", "on Monday",
# "also"), not what: they may sit between the cue and its content, or end the sentence after it.
_CUE_PHRASES = frozenset(["prep", "npadvmod", "advmod", "agent", "dative", "punct", "cc"])
_MIN_TOKENS = 3
_WHEN_PHRASES = frozenset(["prep", "npadvmod", "advmod"])
# How the parse hangs words on a cue when they are no content of its own: "responded by ...",
# "wrote to investors", "laughed and left", "said yes, but ...".
_NO_CONTENT = frozenset("prep agent dative cc conj advcl advmod npadvmod intj punct".split())


@rule("sentence-edge")
def sentence_edge(cue: Token, subject: Token) -> list[Token] | None:
    """X said seeing the quay full was a relief; A, even in winter, X said: a speech cue at the
    top of its sentence that the parser gave no clause reports the rest of the sentence after
    "X said" (past a "that" and the cue's own phrases), or the whole of it before ", X said" when
    only the cue's phrases follow. The words must hold a verb: "X said in an interview" has none."""
    if cue.dep_ != "ROOT" or cue.tag_ not in _FINITE or subject.head.i != cue.i or subject.dep_ != "nsubj":
        return None
    complements = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > cue.i]
    if any(c.tag_ != "VBG" for c in complements) and subject.i < cue.i:
        return None  # the parse has a complement: the frames decided, and found nothing
    found = _after(cue, subject) if subject.i < cue.i else None
    return found if found is not None else _before(cue, subject)


def _after(cue: Token, subject: Token) -> list[Token] | None:
    """X (also) said [on Monday] [that] A.: the tail of the sentence after the cue and its phrases."""
    if subject.right_edge.i >= cue.i or any(t.is_punct for t in cue.doc[subject.right_edge.i + 1 : cue.i]):
        return None  # "X, whose plan failed, said": a clause between is no plain "X said"
    doc, sent = cue.doc, cue.sent
    start = cue.i + 1
    phrases = {c.left_edge.i: c.right_edge.i for c in cue.children if c.dep_ in _WHEN_PHRASES and c.i > cue.i}
    while start in phrases:  # "said for the first time", "said on Monday"
        start = phrases[start] + 1
    if start < sent.end and doc[start].lower_ == "that":
        start += 1
    tokens = _trimmed(doc[start : sent.end])
    if not tokens or _top(tokens).dep_ in _NO_CONTENT:
        return None  # "responded by cutting aid", "laughed and left", "said yes, but": no clause
    return tokens if _clause_like(tokens) else None


def _top(tokens: list[Token]) -> Token:
    inside = {t.i for t in tokens}
    return next(t for t in tokens if t.head.i not in inside or t.head.i == t.i)


def _before(cue: Token, subject: Token) -> list[Token] | None:
    """A, X said [on Monday].: everything before the comma ahead of the speaker and cue."""
    doc, sent = cue.doc, cue.sent
    first = min(cue.i, name_start(subject))
    if first - 1 <= sent.start or doc[first - 1].text not in (",", "—", "–"):
        return None
    last = max(cue.i, subject.i)
    tail = doc[last + 1 : sent.end]
    owned = {t.i for t in subject.subtree} | {
        t.i for c in cue.children if c.dep_ in _CUE_PHRASES and c.i > last for t in c.subtree
    }
    if any(t.i not in owned and not t.is_punct and not t.is_space for t in tail):
        return None  # more follows than the speaker's description and the cue's phrases
    tokens = _trimmed(doc[sent.start : first - 1])
    if tokens and tokens[0].tag_ in ("IN", "WRB"):
        return None  # "When the question was put to X, X laughed": a scene, not what was said
    return tokens if _clause_like(tokens) else None


def _trimmed(span) -> list[Token]:
    tokens = [t for t in span if not t.is_space]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ('"', "”", "''", "’"):
        tokens.pop()
    return tokens


def _clause_like(tokens: list[Token]) -> bool:
    return len(tokens) >= _MIN_TOKENS and any(t.pos_ in ("VERB", "AUX") for t in tokens)


@rule("colon-block")
def colon_block(cue: Token, article: Article) -> tuple[int, int] | None:
    """In her letter to members, X wrote: / X told the board: with the paragraph ending on the
    colon, what was said is the next paragraph, quoted or not (a block quotation)."""
    sent = cue.sent
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is None or last.text != ":" or any(c.dep_ in ("ccomp", "dobj") for c in cue.children):
        return None
    blocks = article.blocks
    here = next((k for k, b in enumerate(blocks) if b.start <= last.idx < b.end), None)
    if here is None or here + 1 >= len(blocks) or article.text[last.idx + 1 : blocks[here].end].strip():
        return None  # the colon does not end its paragraph
    following = blocks[here + 1]
    if following.kind != "body":
        return None
    return following.start, following.end
