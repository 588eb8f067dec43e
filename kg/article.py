"""Articles: read .txt/.md, .html and .jsonl into `Article` records.

An article keeps the text exactly as read (`original`) and a cleaned copy for the NLP
(`text`: hard-wrapped lines joined, curly quotes made straight, captions, credits and
source lists dropped, blocks separated by blank lines). `OffsetMap` takes any span of the
cleaned text back to the original, so every fact points at the characters it came from.

Past 400 lines on purpose: four formats become one cleaned text and its offset map, and
every cleaning rule must keep that map exact, so the rules and the map change together.
Next split when it grows: the cleaning rules into a module of their own beside OffsetMap.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

MAX_ARTICLE_BYTES = 5_000_000  # ~1,000 pages of news; larger inputs are almost surely not one article
# What one article may give the NLP (spaCy's own max_length): it bounds an article's parse to
# about a gigabyte and half a minute; an HTML page or a feed line may be larger than its text.
MAX_TEXT_CHARS = 1_000_000
SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}

# Same-length replacements, so the offset map stays the identity inside a block.
_QUOTES = str.maketrans(
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
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+\-Z]*)?")
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


class ArticleError(ValueError):
    """An input that cannot become an article; `source` names it, the message says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


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


@dataclass(frozen=True)
class Block:
    """A paragraph-like unit of the cleaned text: title, heading, bullet or body."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    title: str
    date: str | None
    publisher: str | None
    url: str | None
    original: str
    text: str
    offsets: OffsetMap = field(repr=False)
    blocks: tuple[Block, ...] = field(repr=False)
    line: int | None = None  # the line of a JSONL file it came from, to name it in errors

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original-file offsets of a cleaned-text span."""
        return self.offsets.to_original(start, end)

    def block_kind(self, offset: int) -> str:
        """Return the kind of the block holding cleaned-text `offset`."""
        starts = [b.start for b in self.blocks]
        k = bisect.bisect_right(starts, offset) - 1
        return self.blocks[k].kind if k >= 0 else "body"


def read_articles(path: str | Path) -> Iterator[Article | ArticleError]:
    """Yield the articles in one file (a JSONL file holds many), or an ArticleError for each bad one."""
    path = Path(path)
    source = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield ArticleError(
            source, f"unsupported file type {path.suffix or '(none)'!r}; use .txt, .md, .html or .jsonl"
        )
        return
    if path.exists() and not path.is_file():  # a pipe or device would block or never end
        yield ArticleError(source, "not a regular file")
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield ArticleError(source, f"cannot read: {exc.strerror or exc}")
        return
    if kind == "jsonl":
        yield from _jsonl_articles(raw, source)
        return
    try:
        text = decode(raw, source)
        yield from_html(text, source=source) if kind == "html" else from_text(text, source=source)
    except ArticleError as exc:
        yield exc


def decode(raw: bytes, source: str, *, limit: int = MAX_ARTICLE_BYTES) -> str:
    """Return bytes as text the way `open(f, encoding="utf-8-sig").read()` would (a byte-order
    mark is not text: it would start the title), or raise ArticleError."""
    if not raw.strip():
        raise ArticleError(source, "empty input")
    if len(raw) > limit:
        raise ArticleError(source, f"too large: {len(raw):,} bytes (limit {limit:,})")
    if b"\x00" in raw[:8192]:
        raise ArticleError(source, "binary data, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(source, f"not valid UTF-8 (byte {exc.start}); convert it to UTF-8 first") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def from_text(
    original: str,
    *,
    source: str = "<text>",
    title: str | None = None,
    date: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
) -> Article:
    """Return the Article of a plain-text or Markdown document (header lines, title line, body)."""
    lines = _lines(original)
    meta, first_body_line = _header(lines)
    title = title or meta.get("title_inline") or meta.get("title")
    builder = _CleanText()
    blocks = _blocks(lines[first_body_line:], header_title=meta.get("title_span"))
    kept: list[Block] = []
    for kind, pieces in blocks:
        if builder.length:
            builder.separate()
        start = builder.length
        for orig_start, piece in pieces:
            _add_piece(builder, piece.translate(_QUOTES), orig_start)
        kept.append(Block(kind, start, builder.length))
    if not kept:
        raise ArticleError(source, "no article text found")
    text = builder.text()
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleError(source, f"too long: {len(text):,} characters of text (limit {MAX_TEXT_CHARS:,})")
    first = kept[0]
    if title is None and first.kind == "heading":  # a first line that reads as a headline is the title
        kept[0] = Block("title", first.start, first.end)
    if title is None:
        title = text[first.start : first.end].strip()
        title = title if len(title) <= 120 else title[:117].rsplit(" ", 1)[0] + "..."
    return Article(
        id=article_id(text),
        source=source,
        title=" ".join(title.split()),
        date=_iso_date(date or meta.get("date")),
        publisher=publisher or meta.get("publisher"),
        url=url or meta.get("url"),
        original=original,
        text=text,
        offsets=builder.offsets(),
        blocks=tuple(kept),
    )


def from_html(html: str, *, source: str = "<html>") -> Article:
    """Return the Article of an HTML page; offsets refer to the main text extracted from it."""
    import trafilatura  # heavy import, only for HTML input

    extracted = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False)
    if not extracted:
        raise ArticleError(source, "no main text found in the HTML")
    meta = json.loads(extracted)
    body = meta.get("text") or ""
    title = meta.get("title") or ""
    original = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return from_text(
        original,
        source=source,
        title=title or None,
        date=meta.get("date"),
        publisher=meta.get("sitename") or meta.get("hostname"),
        url=meta.get("url"),
    )


def article_id(text: str) -> str:
    """Return the content id: a hash of the whitespace-normalised cleaned text."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


# --- helpers -------------------------------------------------------------------------------


class _CleanText:
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


def _add_piece(builder: _CleanText, piece: str, orig_start: int) -> None:
    """Add a piece of text, shortening long runs of one symbol (the offset map skips the rest)."""
    kept = 0
    for run in _LONG_RUN.finditer(piece):
        builder.add(piece[kept : run.start() + 3], orig_start + kept)
        kept = run.end()
    if kept < len(piece):
        builder.add(piece[kept:], orig_start + kept)


def _lines(original: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in original.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _header(lines: list[tuple[int, str]]) -> tuple[dict, int]:
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
            d = _ISO_DATE.match(value)
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


def _blocks(lines: list[tuple[int, str]], header_title: tuple[int, str] | None):
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
    return "body"


def _is_hard_wrapped(lines: list[str]) -> bool:
    """A document wrapped at a fixed width: most lines of a paragraph fill the width."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < 6 or max(lengths) > 100 or "" not in [line.strip() for line in lines]:
        return False
    width = max(lengths)
    return sum(n >= 0.7 * width for n in lengths) >= 0.6 * len(lengths)


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO_DATE.match(value.strip())
    if m:
        return m.group(1)
    for fmt in ("%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _jsonl_articles(raw: bytes, source: str) -> Iterator[Article | ArticleError]:
    try:
        text = decode(raw, source, limit=max(len(raw), 1))  # each line is limited, not the file
    except ArticleError as exc:
        yield exc
        return
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield ArticleError(where, "malformed JSON (nested too deeply)")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ArticleError(where, "each JSONL line must be an object with a string 'text'")
            continue
        mistyped = _mistyped(record)
        if mistyped:  # `"title": ["list"]` is an error to report, not a title "['list']"
            yield ArticleError(where, mistyped)
            continue
        if len(record["text"].encode("utf-8")) > MAX_ARTICLE_BYTES:
            yield ArticleError(where, f"too large (limit {MAX_ARTICLE_BYTES:,} bytes)")
            continue
        if not record["text"].strip():
            yield ArticleError(where, "empty text")
            continue
        try:
            article = from_text(
                record["text"],
                source=f"{source}#{record.get('id') or n}",
                title=_str(record.get("title")),
                date=_str(record.get("date")),
                publisher=_str(record.get("publisher")),
                url=_str(record.get("url")),
            )
        except ArticleError as exc:
            yield ArticleError(where, exc.reason)
            continue
        yield replace(article, line=n)


# The optional fields of a JSONL article and the JSON types each may have (besides null).
_JSONL_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str, int),
    "title": (str,),
    "date": (str,),
    "publisher": (str,),
    "url": (str,),
}
_JSON_TYPE = {
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "an object",
}


def _mistyped(record: dict) -> str | None:
    """Return what is wrong with the types of a JSONL article's fields, if anything."""
    for name, types in _JSONL_FIELDS.items():
        value = record.get(name)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            wanted = " or ".join(_JSON_TYPE[t] for t in types)
            return f"field {name!r} must be {wanted}, not {_JSON_TYPE.get(type(value), 'that')}"
    return None


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
