"""The stored records: what the lookups and the tracked groups answer, one definition each.

The CLI prints them, the web service returns them as its response models (their attribute
docstrings describe the fields in the OpenAPI schema) and the notebook shows them:

- the lookups' answers (kg.read.lookups): claims and agreements with their speaker, parties,
  article and evidence span, actor and article summaries, pages of them;
- the tracked groups (kg.read.tracked): one claim or outcome reported by several articles.

The graph's records (the snapshot's nodes and the graph questions' answers) are
kg.read.graph_records'.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import computed_field

from kg.vocab import UNNAMED

T = TypeVar("T")
DESCRIBED = {"use_attribute_docstrings": True}  # pydantic: attribute docstrings describe fields


def anchor(kind: str, fact_id: str) -> str:
    """Return the fragment that names a claim or agreement in its article's reader page."""
    return f"{kind}-{fact_id}"


# --- the lookups' answers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list: `total` counts the whole list."""

    __pydantic_config__ = DESCRIBED
    items: tuple[T, ...]
    total: int
    """How many items match in all; page with `limit` and `offset`."""
    limit: int | None
    """The page size asked for."""
    offset: int
    """How many matching items come before this page."""
    suggestions: tuple[str, ...] = ()
    """When a speaker or party name matches no actor: the nearest names."""


@dataclass(frozen=True)
class ActorRef:
    __pydantic_config__ = DESCRIBED
    id: str
    """Actor id: the end of its IRI https://w3id.org/claimgraph/id/actor/{id} (of an unnamed
    source: .../id/unnamed/{id}, which starts with its article's id)."""
    name: str
    """Canonical name (rdfs:label); of an unnamed source, its description ("officials")."""
    unnamed: bool = False
    """True for a source the article describes but does not name ("officials", "a report"):
    no actor, it exists in its article only (cg:UnnamedSource)."""

    @property
    def shown(self) -> str:
        """The name as lists show it: "officials (unnamed)" for an unnamed source."""
        return shown(self.name, unnamed=self.unnamed)


def shown(name: str, *, unnamed: bool) -> str:
    """A speaker's or party's name as lists, tables and the graph show it: an unnamed source's
    description marked, "officials (unnamed)", so it never reads as a named actor."""
    return f"{name} ({UNNAMED})" if unnamed else name


@dataclass(frozen=True)
class ArticleRef:
    __pydantic_config__ = DESCRIBED
    id: str
    """Article id: 16 hexadecimal digits, a hash of the article text."""
    title: str
    date: str | None
    """Publication date, YYYY-MM-DD, when known."""
    publisher: str | None


@dataclass(frozen=True)
class Evidence:
    """Characters `start:end` of the article's original text, and what they say."""

    __pydantic_config__ = DESCRIBED
    start: int
    """Offset of the first character in the original article text (0-based)."""
    end: int
    """Offset just past the last character (end-exclusive)."""
    text: str
    """The characters start:end of the original text."""


@dataclass(frozen=True)
class StoredClaim:
    """Who said what, where: a claim with its speaker, article and the span of its content."""

    __pydantic_config__ = DESCRIBED
    id: str
    text: str
    """What was said."""
    cue: str
    """The reporting word, e.g. "said", "noted"."""
    direct: bool
    """True for a direct quote, false for reported speech."""
    speaker: ActorRef
    article: ArticleRef
    evidence: Evidence | None
    """Where the claim's content stands in the article."""

    @computed_field(description="The claim in its article's reader page (a path on this service).")
    @property
    def reader(self) -> str:
        return f"/articles/{self.article.id}#{anchor('claim', self.id)}"


@dataclass(frozen=True)
class StoredAgreement:
    """Who agreed (proposed, intends, rejected) what, where: parties, outcome, article, span."""

    __pydantic_config__ = DESCRIBED
    id: str
    status: str
    """agreed, proposed, intends or rejected."""
    outcome: str
    """What was agreed, proposed, intended or rejected."""
    parties: tuple[ActorRef, ...]
    attributed_to: ActorRef | None
    """Who reported the agreement, if the article says."""
    article: ArticleRef
    evidence: Evidence | None
    """Where the outcome stands in the article."""

    @computed_field(description="The agreement in its article's reader page (a path on this service).")
    @property
    def reader(self) -> str:
        return f"/articles/{self.article.id}#{anchor('agreement', self.id)}"


@dataclass(frozen=True)
class ActorSummary:
    __pydantic_config__ = DESCRIBED
    id: str
    name: str
    kind: str
    """person, organization, country or group."""
    aliases: tuple[str, ...]
    """Other names the articles used (skos:altLabel)."""
    claims: int
    """How many claims the actor made."""
    agreements: int
    """How many agreements the actor is a party to."""


@dataclass(frozen=True)
class UnnamedSummary:
    """A source an article describes but does not name, with what it said there."""

    __pydantic_config__ = DESCRIBED
    id: str
    """The end of its IRI https://w3id.org/claimgraph/id/unnamed/{id}."""
    description: str
    """How the article words it (rdfs:label): "officials", "state media"."""
    article: str
    """The id of the one article it is described in."""
    claims: int
    agreements: int
    """How many agreements it is a party to, or reports."""


@dataclass(frozen=True)
class ActorProfile:
    __pydantic_config__ = DESCRIBED
    id: str
    iri: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    """Offices held, e.g. "Secretary of State"."""
    same_as: tuple[str, ...]
    """Wikidata entities for the actor (schema:sameAs)."""
    represents: tuple[ActorRef, ...]
    """Countries or organisations the actor speaks for."""
    claims: Page[StoredClaim]
    """What the actor said (first page; more at /claims?speaker=)."""
    agreements: Page[StoredAgreement]
    """Agreements the actor is a party to (first page; more at /agreements?party=)."""


@dataclass(frozen=True)
class ArticleSummary:
    __pydantic_config__ = DESCRIBED
    id: str
    title: str
    date: str | None
    publisher: str | None
    url: str | None
    source: str | None
    """The file (or upload) the article was read from."""
    claims: int
    agreements: int


@dataclass(frozen=True)
class ArticleDetail:
    article: ArticleSummary
    claims: tuple[StoredClaim, ...]
    agreements: tuple[StoredAgreement, ...]


@dataclass(frozen=True)
class ActorCount:
    __pydantic_config__ = DESCRIBED
    actor: ActorRef
    count: int
    """How many of the matching claims or agreements involve the actor."""


@dataclass(frozen=True)
class WhoAgreed:
    """Who agreed to something: the parties (most often first) and the agreements themselves."""

    __pydantic_config__ = DESCRIBED
    parties: tuple[ActorCount, ...]
    """Who agreed, most agreements first."""
    agreements: Page[StoredAgreement]
    suggestions: tuple[str, ...] = ()
    """When nothing matched: spellings that would."""


@dataclass(frozen=True)
class WhoSaid:
    """Who said something: the speakers (most often first) and the claims themselves."""

    __pydantic_config__ = DESCRIBED
    speakers: tuple[ActorCount, ...]
    """Who said it, most claims first."""
    claims: Page[StoredClaim]
    suggestions: tuple[str, ...] = ()
    """When nothing matched: spellings that would."""


# --- the tracked groups ------------------------------------------------------------------------


def reader_for_quote(article_id: str, quote: str) -> str:
    """Return the reader page of an article with `quote` marked: a text fragment (#:~:text=),
    which browsers scroll to and highlight."""
    words = " ".join(quote.split())
    return f"/articles/{article_id}#:~:text={urllib.parse.quote(words, safe='')}"


@dataclass(frozen=True)
class TrackedReport:
    """One article's report of a tracked claim or outcome."""

    __pydantic_config__ = DESCRIBED
    text: str
    article_id: str
    article_title: str
    date: str | None
    publisher: str | None
    quote: str
    """The evidence: the exact characters of the article."""

    @computed_field(
        description="The report in its article's reader page, the quote marked (a text fragment)."
    )
    @property
    def reader(self) -> str:
        return reader_for_quote(self.article_id, self.quote)


@dataclass(frozen=True)
class TrackedGroup:
    """A claim or outcome reported by several articles, tracked as one."""

    __pydantic_config__ = DESCRIBED
    id: str
    kind: str
    """claim or outcome."""
    label: str
    articles: int
    """How many articles report it."""
    publishers: int
    first: str | None
    """First reported (YYYY-MM-DD)."""
    last: str | None
    reports: tuple[TrackedReport, ...]
    """In order of publication: who reported it first."""
    contradictions: tuple[tuple[str, str], ...]
