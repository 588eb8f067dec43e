"""What the lookups answer: small frozen records, shared by the CLI, the web service and the notebook."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list: `total` counts the whole list."""

    items: tuple[T, ...]
    total: int
    limit: int | None
    offset: int
    suggestions: tuple[str, ...] = ()  # names to try instead, when the one asked for is unknown


@dataclass(frozen=True)
class ActorRef:
    id: str
    name: str


@dataclass(frozen=True)
class ArticleRef:
    id: str
    title: str
    date: str | None
    publisher: str | None


@dataclass(frozen=True)
class Evidence:
    """Characters `start:end` of the article's original text, and what they say."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class StoredClaim:
    id: str
    text: str
    cue: str
    direct: bool
    speaker: ActorRef
    article: ArticleRef
    evidence: Evidence | None


@dataclass(frozen=True)
class StoredAgreement:
    id: str
    status: str  # agreed | proposed | intends | rejected
    outcome: str
    parties: tuple[ActorRef, ...]
    attributed_to: ActorRef | None
    article: ArticleRef
    evidence: Evidence | None


@dataclass(frozen=True)
class ActorSummary:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    claims: int
    agreements: int


@dataclass(frozen=True)
class ActorProfile:
    id: str
    iri: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    same_as: tuple[str, ...]
    represents: tuple[ActorRef, ...]
    claims: Page[StoredClaim]
    agreements: Page[StoredAgreement]


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    title: str
    date: str | None
    publisher: str | None
    url: str | None
    source: str | None
    claims: int
    agreements: int


@dataclass(frozen=True)
class ArticleDetail:
    article: ArticleSummary
    claims: tuple[StoredClaim, ...]
    agreements: tuple[StoredAgreement, ...]


@dataclass(frozen=True)
class ActorCount:
    actor: ActorRef
    count: int


@dataclass(frozen=True)
class WhoAgreed:
    """Who agreed to something: the parties (most often first) and the agreements themselves."""

    parties: tuple[ActorCount, ...]
    agreements: Page[StoredAgreement]
    suggestions: tuple[str, ...] = ()  # spellings that would match, when nothing did


@dataclass(frozen=True)
class WhoSaid:
    """Who said something: the speakers (most often first) and the claims themselves."""

    speakers: tuple[ActorCount, ...]
    claims: Page[StoredClaim]
    suggestions: tuple[str, ...] = ()  # spellings that would match, when nothing did
