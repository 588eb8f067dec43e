"""Character spans: from spaCy tokens to trimmed cleaned-text ranges to original-text Spans."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.article import Article
from kg.article.cleaning import INLINE_TAG
from kg.extract.model import Agreement, Mention, Span

_EDGE = " \n\t,;:-—–\"'"
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.[A-Z]|\b(?:Jr|Sr|Inc|Corp|Ltd|Co|St))\.$")


def make_span(article: Article, start: int, end: int) -> Span:
    """Return the Span of cleaned-text characters `[start, end)` in original-text offsets,
    less the whitespace at its edges (spaCy gives a sentence the blank line after it)."""
    text = article.text
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    o_start, o_end = article.original_span(start, end)
    words = INLINE_TAG.sub(" ", article.original[o_start:o_end]).split()  # the text read, not its markup
    return Span(o_start, o_end, " ".join(words))


def token_span(article: Article, token: Token) -> Span:
    """Return the Span of one token: a trigger verb, a cue, a name."""
    return make_span(article, token.idx, token.idx + len(token))


def sentence_span(article: Article, sentence: SpacySpan) -> Span:
    """Return the Span of a sentence, the context every extracted fact keeps."""
    return make_span(article, sentence.start_char, sentence.end_char)


def agreement_at(
    article: Article, trigger: Token, parties: Sequence[Mention], outcome: tuple[int, int], status: str
) -> Agreement:
    """Return the agreement `trigger` (a verb or a deal noun) states: its outcome the cleaned-text
    characters `outcome`, its sentence the trigger's."""
    return Agreement(
        tuple(parties),
        make_span(article, *outcome),
        status,
        token_span(article, trigger),
        sentence_span(article, trigger.sent),
    )


def char_range(tokens: Iterable[Token]) -> tuple[int, int]:
    """Return the cleaned-text range from the first to the last of `tokens`."""
    tokens = list(tokens)
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a range past edge punctuation and quote marks, a leading "that", a final stop
    (but not the stop of an abbreviation such as "U.S."), keeping quote marks balanced."""
    s, e = _trim(text, start, end)
    if text[s:e].count('"') % 2:  # 'too slow "to save the harbour."': keep the closing mark
        closing = text.find('"', e, max(end, e + 3))  # the mark may sit just past the span: harbour."
        opening = text.rfind('"', max(0, min(start, s - 3)), s)
        if closing >= 0:
            e = closing + 1
        elif opening >= 0:
            s = opening
    return s, e


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    if text[start : start + 5].lower() == "that " and end - start > 5:
        start += 5
    while end > start:
        ch = text[end - 1]
        if ch in _EDGE or (ch in ".!?" and not _ABBREVIATION_END.search(text[max(start, end - 8) : end])):
            end -= 1
            continue
        break
    return start, end
