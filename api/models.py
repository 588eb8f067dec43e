"""Response models: the JSON shapes of the lookups, as OpenAPI documents them.

They mirror the records of `kg.read.lookups` field for field, so an endpoint returns the record
it got and FastAPI checks and serialises it against these.
"""

from __future__ import annotations

import urllib.parse
from typing import Generic, TypeVar

from pydantic import BaseModel, Field, computed_field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    total: int = Field(description="How many items match in all; page with `limit` and `offset`.")
    limit: int | None = Field(description="The page size asked for.")
    offset: int = Field(description="How many matching items come before this page.")
    items: list[T]
    suggestions: list[str] = Field(
        default=[], description="When a speaker or party name matches no actor: the nearest names."
    )


class ActorRef(BaseModel):
    id: str = Field(description="Actor id: the end of its IRI https://w3id.org/claimgraph/id/actor/{id}.")
    name: str = Field(description="Canonical name (rdfs:label).")


class ArticleRef(BaseModel):
    id: str = Field(description="Article id: 16 hexadecimal digits, a hash of the article text.")
    title: str
    date: str | None = Field(description="Publication date, YYYY-MM-DD, when known.")
    publisher: str | None


class Evidence(BaseModel):
    start: int = Field(description="Offset of the first character in the original article text (0-based).")
    end: int = Field(description="Offset just past the last character (end-exclusive).")
    text: str = Field(description="The characters start:end of the original text.")


class Claim(BaseModel):
    id: str
    text: str = Field(description="What was said.")
    cue: str = Field(description='The reporting word, e.g. "said", "noted".')
    direct: bool = Field(description="True for a direct quote, false for reported speech.")
    speaker: ActorRef
    article: ArticleRef
    evidence: Evidence | None = Field(description="Where the claim's content stands in the article.")

    @computed_field(description="The claim in its article's reader page (a path on this service).")
    @property
    def reader(self) -> str:
        return f"/articles/{self.article.id}#claim-{self.id}"


class Agreement(BaseModel):
    id: str
    status: str = Field(description="agreed, proposed, intends or rejected.")
    outcome: str = Field(description="What was agreed, proposed, intended or rejected.")
    parties: list[ActorRef]
    attributed_to: ActorRef | None = Field(description="Who reported the agreement, if the article says.")
    article: ArticleRef
    evidence: Evidence | None = Field(description="Where the outcome stands in the article.")

    @computed_field(description="The agreement in its article's reader page (a path on this service).")
    @property
    def reader(self) -> str:
        return f"/articles/{self.article.id}#agreement-{self.id}"


class ActorSummary(BaseModel):
    id: str
    name: str
    kind: str = Field(description="person, organization, country or group.")
    aliases: list[str] = Field(description="Other names the articles used (skos:altLabel).")
    claims: int = Field(description="How many claims the actor made.")
    agreements: int = Field(description="How many agreements the actor is a party to.")


class ActorProfile(BaseModel):
    id: str
    iri: str
    name: str
    kind: str
    aliases: list[str]
    roles: list[str] = Field(description='Offices held, e.g. "Secretary of State".')
    same_as: list[str] = Field(description="Wikidata entities for the actor (schema:sameAs).")
    represents: list[ActorRef] = Field(description="Countries or organisations the actor speaks for.")
    claims: Page[Claim] = Field(description="What the actor said (first page; more at /claims?speaker=).")
    agreements: Page[Agreement] = Field(
        description="Agreements the actor is a party to (first page; more at /agreements?party=)."
    )


class ArticleSummary(BaseModel):
    id: str
    title: str
    date: str | None
    publisher: str | None
    url: str | None
    source: str | None = Field(description="The file (or upload) the article was read from.")
    claims: int
    agreements: int


class ArticleDetail(BaseModel):
    article: ArticleSummary
    claims: list[Claim]
    agreements: list[Agreement]


class ActorCount(BaseModel):
    actor: ActorRef
    count: int = Field(description="How many of the matching claims or agreements involve the actor.")


class WhoAgreed(BaseModel):
    parties: list[ActorCount] = Field(description="Who agreed, most agreements first.")
    agreements: Page[Agreement]
    suggestions: list[str] = Field(default=[], description="When nothing matched: spellings that would.")


class WhoSaid(BaseModel):
    speakers: list[ActorCount] = Field(description="Who said it, most claims first.")
    claims: Page[Claim]
    suggestions: list[str] = Field(default=[], description="When nothing matched: spellings that would.")


class Ingested(BaseModel):
    id: str
    title: str
    source: str
    claims: int
    agreements: int
    replaced: bool = Field(description="True if the article was already stored and is now re-extracted.")


class IngestReport(BaseModel):
    ingested: list[Ingested]


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
