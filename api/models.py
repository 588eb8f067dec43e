"""Response models of the service's own answers: ingest, delete, health.

The lookups, the graph questions and the tracked groups answer with the records of
kg.read.records and kg.read.graph_records, which are their response models too (FastAPI
checks and serialises them; their attribute docstrings describe the fields in the OpenAPI
schema).
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class UploadedArticle(BaseModel):
    """One article of an upload, as stored (kg.ingest.Ingested, with whether it replaced one)."""

    id: str
    title: str
    source: str
    claims: int
    agreements: int
    replaced: bool = Field(description="True if the article was already stored and is now re-extracted.")


class RepeatedArticle(BaseModel):
    """An article of an upload with the same text as one before it in the upload: not stored
    again (its id is that of the text), as `kg ingest` skips it."""

    id: str
    source: str
    same_as: str = Field(description="The source of the first article of the upload with this text.")


class IngestReport(BaseModel):
    ingested: list[UploadedArticle]
    repeated: list[RepeatedArticle] = Field(
        default_factory=list, description="Articles of the upload whose text an earlier one of it has."
    )


class Deleted(BaseModel):
    deleted: str = Field(description="The id of the article removed.")


class Health(BaseModel):
    status: str
    articles: int
