"""Articles: read .txt/.md, .html and .jsonl into `Article` records.

An article keeps the text exactly as read (`original`) and a cleaned copy for the NLP
(`text`: hard-wrapped lines joined, curly quotes made straight, captions, credits and
source lists dropped, blocks separated by blank lines). `OffsetMap` takes any span of the
cleaned text back to the original, so every fact points at the characters it came from.

The cleaning rules and the offset map they keep exact are in kg/article/cleaning.py; this
module reads the formats (text, Markdown, HTML, JSONL) and makes the records.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from kg.article.cleaning import (
    ISO_DATE,
    QUOTES,
    CleanText,
    OffsetMap,
    add_piece,
    numbered_lines,
    read_blocks,
    read_header,
)

MAX_ARTICLE_BYTES = 5_000_000  # ~1,000 pages of news; larger inputs are almost surely not one article
# What one article may give the NLP (spaCy's own max_length): it bounds an article's parse to
# about a gigabyte and half a minute; an HTML page or a feed line may be larger than its text.
MAX_TEXT_CHARS = 1_000_000
# What a title or publisher given apart from the text may hold, and a URL: each is repeated in
# every claim and agreement a lookup lists (and in the graph page), so a 4 MB title sent as
# JSON made /claims 4.5 MB a claim and /view 20 MB. Headlines run to about 150 characters.
MAX_NAME_CHARS = 300
MAX_URL_CHARS = 2_048
SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}


class ArticleError(ValueError):
    """An input that cannot become an article; `source` names it, the message says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


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
        k = bisect.bisect_right(self._block_starts, offset) - 1
        return self.blocks[k].kind if k >= 0 else "body"

    @cached_property
    def _block_starts(self) -> list[int]:
        # Kept: built at each call, an article of 20,000 one-word paragraphs took 36 s (block_kind
        # is asked per sentence and per mention), 330,000 of them (1 MB) hours under the write lock.
        return [b.start for b in self.blocks]


def read_articles(path: str | Path) -> Iterator[Article | ArticleError]:
    """Yield the articles in one file (a JSONL file holds many), or an ArticleError for each bad one."""
    path = Path(path)
    source = source_name(path)
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


def source_name(path: Path) -> str:
    """Return the path as text an article may carry: a name's bytes that are not UTF-8 (read
    as surrogates, which no store can hold) written as \\xNN."""
    text = str(path)
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no bytes of a name became
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


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
    lines = numbered_lines(original)
    meta, first_body_line = read_header(lines)
    title = title or meta.get("title_inline") or meta.get("title")
    builder = CleanText()
    blocks = read_blocks(lines[first_body_line:], header_title=meta.get("title_span"))
    kept: list[Block] = []
    for kind, pieces in blocks:
        if builder.length:
            builder.separate()
        start = builder.length
        for orig_start, piece in pieces:
            add_piece(builder, piece.translate(QUOTES), orig_start)
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
        title = _shortened(text[first.start : first.end].strip(), 120)
    url = url or meta.get("url")
    publisher = publisher or meta.get("publisher")
    return Article(
        id=article_id(text),
        source=source,
        title=_shortened(" ".join(title.split()), MAX_NAME_CHARS),
        date=_iso_date(date or meta.get("date")),
        publisher=_shortened(" ".join(publisher.split()), MAX_NAME_CHARS) if publisher else publisher,
        url=url if url is None or len(url) <= MAX_URL_CHARS else None,  # a cut URL leads nowhere
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


def _shortened(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 3].rsplit(" ", 1)[0] + "..."


def article_id(text: str) -> str:
    """Return the content id: a hash of the whitespace-normalised cleaned text."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = ISO_DATE.match(value.strip())
    if m:
        # A day of the calendar only: "2025-13-45" was stored as an xsd:date no filter reads,
        # so its article's claims fell out of every since/until lookup.
        try:
            return dt.date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            return None
    for fmt in ("%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _jsonl_articles(raw: bytes, source: str) -> Iterator[Article | ArticleError]:
    if not raw.strip():
        yield ArticleError(source, "empty input")
        return
    # Each line is read on its own, so bad bytes in one line cost that line only; a first line
    # that is not text makes the file not JSONL (a binary file), said once. Line breaks as
    # `decode` reads them (\r\n, \r): the byte \r is never part of a UTF-8 sequence.
    lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    for n, raw_line in enumerate(lines, start=1):
        if not raw_line.strip():
            continue
        where = f"{source}:{n}"
        try:
            line = decode(raw_line, source if n == 1 else where, limit=max(len(raw_line), 1))
        except ArticleError as exc:
            yield exc
            if n == 1:
                return
            continue
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
