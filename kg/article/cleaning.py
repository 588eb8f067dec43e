"""Cleaning: the rules that turn a document's lines into the blocks of an article's cleaned
text, and the OffsetMap that takes any span of that text back to the characters of the file.

Every rule here changes text only in ways the map records (same-length replacements inside a
block, joined lines, dropped lines), so they live beside it and change with it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Same-length replacements, so the offset map stays the identity inside a block.
QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "\u00a0": " ",
        "\t": " ",
    }
)
# Inline HTML tags left in a plain-text article ("<i>Emmanuel Macron</i>", "<a href=...>"): blanked
# to spaces of their length, so the words between them read as words and offsets stay the same.
INLINE_TAG = re.compile(
    r"</?(?:a|b|i|em|strong|span|u|sup|sub|font|abbr|cite|q|small|mark)(?:\s[^<>]*)?/?>", re.I
)
_TERMINAL = tuple(".!?:;\"')]")
# A line ending in one of these words cannot end a heading or a paragraph: the line was wrapped.
_CONTINUING_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "and",
        "or",
        "but",
        "as",
        "that",
        "which",
        "who",
        "whose",
        "than",
        "into",
        "over",
        "under",
        "about",
        "between",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "this",
        "these",
        "those",
    ]
)
_BULLET = re.compile(r"^\s*(?:[-*•–—]|\d{1,2}[.)])\s+")
_HEADER = re.compile(
    r"^\s*(title|date|published|updated|publisher|source|url|author|byline)\s*:?\s+(.*\S)\s*$", re.I
)
ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+\-Z]*)?")
# Lines that are page furniture, not prose: captions, credits, bare links, source lists.
_NOISE = re.compile(
    r"^\s*(?:\(?(?:photo|photograph|image|picture|video|graphic|illustration|file photo|credit|"
    r"getty images|reuters/|ap photo|afp)\b.{0,200}$|https?://\S+\s*$|©|copyright\b|"
    r"(?:reporting|writing|editing|additional reporting) by\b)",
    re.I,
)
# A wire dateline opening a paragraph: "NAIROBI (Reuters) - ", "SETÚBAL, Portugal (AP) — ".
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Þ][A-ZÀ-Þ.'’-]+(?: [A-ZÀ-Þ][A-ZÀ-Þ.'’-]+){0,3})"  # NAIROBI, SAO PAULO
    r"(?:, [A-ZÀ-Þ][\w.'’-]+(?: [A-ZÀ-Þ][\w.'’-]+){0,2})?"  # , Portugal
    r"(?: \([\w .&/-]{1,30}\))?\s*[—–-]{1,2}\s+"  # (Reuters) -
)
_SOURCE_LIST = re.compile(
    r"^\s*(?:sources?(?: for this (?:article|story))?(?: include)?|references|read more|related(?: \w+)?|"
    r"see also|more on this story)\s*:?\s*$",
    re.I,
)


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise map from cleaned-text offsets to original-text offsets.

    Each piece of the cleaned text stands for `orig_lengths[k]` characters of the original
    from `orig_starts[k]`: as many as it has, except the blank line put between blocks, which
    stands for none (the original may separate them with one newline, or with markup).
    """

    clean_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    orig_lengths: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Return the original `[start, end)` of the cleaned span `[start, end)` (end exclusive).

        A span that starts in a blank line between blocks starts with the next block; one that
        ends in it ends with the previous block, never a character into the next paragraph.
        """
        if end <= start:
            point = self._start(start)
            return point, point
        return self._start(start), self._end(end)

    def _piece(self, i: int) -> int:
        return max(bisect.bisect_right(self.clean_starts, i) - 1, 0)

    def _start(self, i: int) -> int:
        k = self._piece(i)
        offset = i - self.clean_starts[k]
        if offset >= self.orig_lengths[k] and k + 1 < len(self.clean_starts):
            return self.orig_starts[k + 1]
        return self.orig_starts[k] + offset

    def _end(self, i: int) -> int:
        k = self._piece(i - 1)
        return self.orig_starts[k] + min(i - self.clean_starts[k], self.orig_lengths[k])


class CleanText:
    """Accumulates cleaned text while remembering where each piece came from."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.clean_starts: list[int] = []
        self.orig_starts: list[int] = []
        self.orig_lengths: list[int] = []
        self.length = 0
        self._last_orig_end = 0

    def add(self, piece: str, orig_start: int, orig_length: int | None = None) -> None:
        orig_length = len(piece) if orig_length is None else orig_length
        self.clean_starts.append(self.length)
        self.orig_starts.append(orig_start)
        self.orig_lengths.append(orig_length)
        self.parts.append(piece)
        self.length += len(piece)
        self._last_orig_end = orig_start + orig_length

    def separate(self) -> None:
        # The blank line between blocks stands for no original text: it points at the end of
        # the previous block, whatever separated the two there (one newline, two, markup).
        self.add("\n\n", self._last_orig_end, 0)

    def text(self) -> str:
        return "".join(self.parts)

    def offsets(self) -> OffsetMap:
        return OffsetMap(tuple(self.clean_starts), tuple(self.orig_starts), tuple(self.orig_lengths))


# A run of one repeated symbol ("]]]]...", "-----") is page furniture, and spaCy's tokenizer takes
# quadratic time on it: a run longer than this keeps only its first three characters.
_LONG_RUN = re.compile(r"([^\w\s])\1{49,}")


def add_piece(builder: CleanText, piece: str, orig_start: int) -> None:
    """Add a piece of text, inline tags blanked (INLINE_TAG) and long runs of one symbol
    shortened (the offset map skips the rest)."""
    piece = INLINE_TAG.sub(lambda tag: " " * len(tag.group()), piece)
    kept = 0
    for run in _LONG_RUN.finditer(piece):
        builder.add(piece[kept : run.start() + 3], orig_start + kept)
        kept = run.end()
    if kept < len(piece):
        builder.add(piece[kept:], orig_start + kept)


def numbered_lines(original: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in original.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def read_header(lines: list[tuple[int, str]]) -> tuple[dict, int]:
    """Read `key value` header lines at the top; `date 2025-02-18 Title...` also carries the title."""
    meta: dict = {}
    i = 0
    while i < len(lines) and not lines[i][1].strip():
        i += 1
    while i < len(lines):
        pos, line = lines[i]
        m = _HEADER.match(line)
        if not m:
            break
        key, value = m.group(1).lower(), m.group(2)
        if key in ("date", "published", "updated"):
            d = ISO_DATE.match(value)
            if not d:
                break
            meta.setdefault("date", d.group(1))
            rest = value[d.end() :].strip()
            if rest:  # the title shares the date's line
                meta["title_inline"] = rest
                start = pos + line.index(rest, m.start(2) + d.end())
                meta["title_span"] = (start, rest)
                return meta, i + 1
        elif key == "title":
            meta["title"] = value
        elif key in ("publisher", "source"):
            meta["publisher"] = value
        elif key == "url":
            meta["url"] = value
        i += 1
    return meta, i


def read_blocks(lines: list[tuple[int, str]], header_title: tuple[int, str] | None):
    """Group lines into (kind, [(orig_start, text)]) blocks, joining hard-wrapped lines."""
    blocks: list[tuple[str, list[tuple[int, str]]]] = []
    if header_title:
        blocks.append(("title", [header_title]))
    wrapped = _is_hard_wrapped([line for _, line in lines])
    current: list[tuple[int, str]] | None = None
    in_source_list = False
    for pos, line in lines:
        stripped = line.strip()
        if not stripped:
            current, in_source_list = None, False
            continue
        if in_source_list and len(stripped) < 80 and not stripped.endswith("."):
            continue
        if _SOURCE_LIST.match(stripped):
            current, in_source_list = None, True
            continue
        if _NOISE.match(stripped):
            current = None
            continue
        lead = len(line) - len(line.lstrip())
        bullet = _BULLET.match(line)
        if bullet:
            current = [(pos + bullet.end(), line[bullet.end() :].rstrip())]
            blocks.append(("bullet", current))
            continue
        heading = re.match(r"#{1,6}\s+", stripped)  # Markdown heading marker
        if heading:
            current = None
            blocks.append(("heading", [(pos + lead + heading.end(), stripped[heading.end() :])]))
            continue
        if current is not None and _continues(current[-1][1], stripped, wrapped):
            current.append((pos - 1, " " + line.rstrip()))  # the newline becomes a space
            continue
        dateline = _DATELINE.match(stripped)
        skip = dateline.end() if dateline and len(stripped) > dateline.end() + 20 else 0
        current = [(pos + lead + skip, stripped[skip:])]
        blocks.append(("body", current))
    return [(_kind(kind, pieces), pieces) for kind, pieces in blocks]


def _continues(previous: str, line: str, wrapped: bool) -> bool:
    """Whether `line` continues the paragraph of `previous` (a hard wrap, not a new paragraph)."""
    prev = previous.rstrip()
    if _BULLET.match(line):
        return False
    if wrapped:
        return True
    if prev.endswith(_TERMINAL):
        return False
    last_word = prev.rsplit(" ", 1)[-1].lower()
    return line[:1].islower() or last_word in _CONTINUING_WORDS


def _kind(kind: str, pieces: list[tuple[int, str]]) -> str:
    if kind != "body" or len(pieces) > 1:
        return kind
    text = pieces[0][1].strip()
    if not text.endswith(_TERMINAL) and len(text.split()) <= 14:
        return "heading"
    if _title_case_line(text):
        return "heading"
    return "body"


def _title_case_line(text: str) -> bool:
    """ "Ferry Firms Agree to Cut Winter Fares.": a line in title case is a headline, even with a
    full stop some archives add. A sentence capitalises its first word and its names only, so
    one word of four letters or more in lower case ("Presidents Okello of Uganda and Hounde of
    Benin signed the Nile Charter.") makes it a sentence."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) >= 4]
    if not text.endswith(".") or len(text.split()) > 20 or len(words) < 3:
        return False
    return all(w[0].isupper() for w in words)


def _is_hard_wrapped(lines: list[str]) -> bool:
    """A document wrapped at a fixed width: most lines of a paragraph fill the width."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < 6 or max(lengths) > 100 or "" not in [line.strip() for line in lines]:
        return False
    width = max(lengths)
    return sum(n >= 0.7 * width for n in lengths) >= 0.6 * len(lengths)
