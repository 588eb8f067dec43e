"""Direct quotations: find the quoted stretches of the cleaned text.

Quote marks are straight after cleaning. A paragraph that opens a quote and never closes it
continues into the next paragraph when that one opens with a quote mark (the wire-news
convention for multi-paragraph quotes); any other unclosed mark is ignored, so one stray
quote mark does not swallow the rest of the document.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from kg.article import Article
from kg.rules import rule

_OPENERS = set(" \n([{—–-/")


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the quote marks (cleaned text)
    end: int  # the closing mark, or the end of the paragraph for a continued quote
    continues: bool = False  # the quotation goes on in the next paragraph

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def find_quotes(article: Article) -> tuple[Quote, ...]:
    """Return every quotation in the article, in text order."""
    text = article.text
    quotes: list[Quote] = []
    blocks = article.blocks
    for n, block in enumerate(blocks):
        opened: int | None = None
        i = block.start
        while i < block.end:
            width = _mark_width(text, i)
            if not width:
                i += 1
                continue
            before = text[i - 1] if i > block.start else " "
            after = text[i + width] if i + width < block.end else " "
            if opened is None:
                if before in _OPENERS or i == block.start:
                    opened = i + width
            elif not after.isalnum() or before in ".,!?;:":
                quotes.append(Quote(opened, i))
                opened = None
            elif before in _OPENERS:  # a new opening mark: the earlier one was stray
                opened = i + width
            i += width
        if opened is not None:
            nxt = blocks[n + 1] if n + 1 < len(blocks) else None
            if nxt is not None and _mark_width(text, nxt.start):
                quotes.append(Quote(opened, block.end, continues=True))
    return tuple(quotes)


def _mark_width(text: str, i: int) -> int:
    """Return the length of the quote mark at `i`: 1 for a double quote, 2 for a typewriter
    pair of apostrophes (two single quotes in a row, as some wires write them)."""
    if text[i] == '"':
        return 1
    return _typewriter_mark(text, i)


@rule("typewriter-quotes", off=0)
def _typewriter_mark(text: str, i: int) -> int:
    """''A,'' X said: two single quotes in a row open or close a quotation, as some wires write it."""
    return 2 if text[i : i + 2] == "''" and text[i + 2 : i + 3] != "'" else 0


def quote_at(quotes: tuple[Quote, ...], start: int, end: int) -> Quote | None:
    """Return the quotation that holds the span, if any."""
    # Quotes are in text order and never overlap: only the last one opened before `start` can
    # hold the span. (A scan from the first quote made long articles quadratic.)
    k = bisect.bisect_right(quotes, start, key=lambda q: q.start) - 1
    return quotes[k] if k >= 0 and quotes[k].contains(start, end) else None
