"""The article reader: an article's stored text cut into pieces at every evidence boundary.

Each piece carries the spans that cover it (speaker, cue, content of a claim; parties and
outcome of an agreement), so a page can draw every highlight at its stored offsets even where
spans nest or cross, and the text of one span is the concatenation of its pieces.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from kg.read.lookups import article
from kg.read.records import ArticleDetail, Evidence, anchor
from kg.read.rows import select_rows
from kg.sparql.terms import iri
from kg.store import Store
from kg.vocab import ARTICLE_BASE, ID

# What each evidence property marks, by the kind of fact holding it.
ROLES = {
    ("claim", "evidence"): "content",
    ("claim", "speakerEvidence"): "speaker",
    ("claim", "cueEvidence"): "cue",
    ("agreement", "evidence"): "outcome",
    ("agreement", "partyEvidence"): "party",
}


@dataclass(frozen=True)
class Highlight:
    """One span of the text: which fact it belongs to and what it is in that fact."""

    fact: str  # anchor of the fact, e.g. claim-90ee45620aafa739-3
    role: str  # speaker, cue, content, party or outcome
    evidence: Evidence

    @property
    def key(self) -> str:
        return f"{self.fact}:{self.role}:{self.evidence.start}"


@dataclass(frozen=True)
class Piece:
    """Characters `start:end` of the text and the highlights covering all of them."""

    start: int
    end: int
    text: str
    highlights: tuple[Highlight, ...]
    anchors: tuple[str, ...]  # facts whose first highlight starts here

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(sorted({h.role for h in self.highlights}))

    @property
    def keys(self) -> str:
        return " ".join(h.key for h in self.highlights)

    @property
    def facts(self) -> str:
        return " ".join(sorted({h.fact for h in self.highlights}))


@dataclass(frozen=True)
class Reading:
    """What the reader page shows: the article, its text in pieces, and its facts."""

    detail: ArticleDetail
    text: str | None  # None: stored before the text was kept; re-ingest the article to read it
    pieces: tuple[Piece, ...]
    highlights: tuple[Highlight, ...]


def reading(store: Store, article_id: str) -> Reading | None:
    """Return the article's reader view, or None if there is no such article."""
    detail = article(store, article_id)
    if detail is None:
        return None
    node = f"{ARTICLE_BASE}{article_id}"
    rows = select_rows(store, f"SELECT ?text WHERE {{ {iri(node)} schema:articleBody ?text }}")
    text = str(rows[0]["text"]) if rows else None
    highlights = _highlights(store, node) if text is not None else ()
    return Reading(detail, text, _pieces(text, highlights) if text else (), highlights)


def _highlights(store: Store, article_iri: str) -> tuple[Highlight, ...]:
    rows = select_rows(
        store,
        f"""SELECT ?fact ?p ?start ?end ?exact WHERE {{
  ?fact cg:reportedIn {iri(article_iri)} .
  VALUES ?p {{ cg:evidence cg:speakerEvidence cg:cueEvidence cg:partyEvidence }}
  ?fact ?p ?ev . ?ev oa:hasSelector ?pos , ?quote .
  ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact }}""",
    )
    found = set()
    for r in rows:
        kind, _, fact_id = str(r["fact"]).removeprefix(ID).partition("/")
        role = ROLES.get((kind, str(r["p"]).rsplit("#", 1)[-1]))
        if role is not None:
            ev = Evidence(int(r["start"]), int(r["end"]), str(r["exact"]))
            found.add(Highlight(anchor(kind, fact_id), role, ev))
    return tuple(sorted(found, key=lambda h: (h.evidence.start, -h.evidence.end, h.fact, h.role)))


def _pieces(text: str, highlights: tuple[Highlight, ...]) -> tuple[Piece, ...]:
    """Cut the text at every highlight boundary; each piece lists the highlights over it."""
    cuts = {0, len(text)}
    for h in highlights:
        cuts.update((max(0, min(h.evidence.start, len(text))), max(0, min(h.evidence.end, len(text)))))
    first_at: dict[int, list[str]] = {}
    seen: set[str] = set()
    for h in highlights:  # sorted by start: the first seen per fact is its earliest
        if h.fact not in seen:
            seen.add(h.fact)
            first_at.setdefault(h.evidence.start, []).append(h.fact)
    # One sweep over the cuts, keeping the highlights begun and not yet ended (in their order):
    # testing every highlight against every piece took 23 s for an article of 10,000 spans.
    pieces, open_, begun = [], [], 0
    for start, end in pairwise(sorted(cuts)):
        while begun < len(highlights) and highlights[begun].evidence.start <= start:
            open_.append(highlights[begun])
            begun += 1
        open_ = [h for h in open_ if end <= h.evidence.end]  # ends only grow: gone for good
        pieces.append(Piece(start, end, text[start:end], tuple(open_), tuple(first_at.get(start, ()))))
    return tuple(pieces)
