"""Response models of the service's own answers: ingest, delete, health, tracked groups.

The lookups and the graph questions answer with the records of kg.read.records, which are their
response models too (FastAPI checks and serialises them; their attribute docstrings describe
the fields in the OpenAPI schema).
"""

from __future__ import annotations

import urllib.parse

from pydantic import BaseModel, Field, computed_field


class UploadedArticle(BaseModel):
    """One article of an upload, as stored (kg.ingest.Ingested, with whether it replaced one)."""

    id: str
    title: str
    source: str
    claims: int
    agreements: int
    replaced: bool = Field(description="True if the article was already stored and is now re-extracted.")


class IngestReport(BaseModel):
    ingested: list[UploadedArticle]


class Deleted(BaseModel):
    deleted: str = Field(description="The id of the article removed.")


class Health(BaseModel):
    status: str
    articles: int


class TrackedReport(BaseModel):
    text: str
    article_id: str
    article_title: str
    date: str | None
    publisher: str | None
    quote: str = Field(description="The evidence: the exact characters of the article.")

    @computed_field(
        description="The report in its article's reader page, the quote marked (a text fragment)."
    )
    @property
    def reader(self) -> str:
        return reader_for_quote(self.article_id, self.quote)


class TrackedGroup(BaseModel):
    id: str
    kind: str = Field(description="claim or outcome.")
    label: str
    articles: int = Field(description="How many articles report it.")
    publishers: int
    first: str | None = Field(description="First reported (YYYY-MM-DD).")
    last: str | None
    reports: list[TrackedReport] = Field(description="In order of publication: who reported it first.")
    contradictions: list[tuple[str, str]]


def reader_for_quote(article_id: str, quote: str) -> str:
    """Return the reader page of an article with `quote` marked: a text fragment (#:~:text=),
    which browsers scroll to and highlight."""
    words = " ".join(quote.split())
    return f"/articles/{article_id}#:~:text={urllib.parse.quote(words, safe='')}"
