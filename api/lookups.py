"""Lookups: actors, claims, agreements, articles, and the two questions users ask most.

Each endpoint is a thin shell over a named query of `kg.read.lookups`; a `speaker` or `party`
may be any name or alias of the actor ("Ushakov", "USA", "Washington") or its id.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from api.context import MAX_OFFSET, StoreDep
from api.pages import Format, reader_page, wants_html
from kg.read import lookups
from kg.read.reader import reading
from kg.read.records import (
    ActorProfile,
    ActorSummary,
    ArticleDetail,
    ArticleSummary,
    Page,
    StoredAgreement,
    StoredClaim,
    UnnamedSummary,
    WhoAgreed,
    WhoSaid,
)
from kg.read.tables import rows, to_csv

router = APIRouter(
    tags=["lookups"],
    responses={400: {"description": "A bad filter: unknown status, a date not YYYY-MM-DD, a malformed id"}},
)

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (1 to 500).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many matching items to skip.")]
Words = "every word of it, in any case"
ListFormat = Annotated[
    Literal["json", "csv"], Query(description="json, or csv: the page's items as a table, one row each.")
]
CSV = {200: {"content": {"text/csv": {}}}}


def csv_response(items, name: str) -> Response:
    """The items of a page as a CSV download."""
    return Response(
        to_csv(rows(items)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.get("/actors", response_model=Page[ActorSummary], responses=CSV)
def list_actors(
    store: StoreDep,
    q: Annotated[str | None, Query(description="Keep actors whose name or an alias contains this.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: ListFormat = "json",
):
    """Named actors, with how many claims they made and agreements they are party to (the
    sources articles describe but do not name are at /unnamed-sources)."""
    page = lookups.actors(store, q=q, limit=limit, offset=offset)
    return csv_response(page.items, "actors") if format == "csv" else page


@router.get("/unnamed-sources", response_model=Page[UnnamedSummary], responses=CSV)
def list_unnamed_sources(
    store: StoreDep,
    q: Annotated[str | None, Query(description="Keep sources whose description contains this.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: ListFormat = "json",
):
    """Sources an article describes but does not name ("officials", "a report"), each within its
    one article: no actors, so never merged, but their claims are in /claims and /who-said."""
    page = lookups.unnamed_sources(store, q=q, limit=limit, offset=offset)
    return csv_response(page.items, "unnamed-sources") if format == "csv" else page


@router.get(
    "/actors/{actor_id}",
    response_model=ActorProfile,
    responses={404: {"description": "No such actor"}},
)
def get_actor(
    store: StoreDep,
    actor_id: Annotated[str, Path(description="Actor id, e.g. yuri-ushakov (see /actors).")],
    limit: Annotated[int, Query(ge=1, le=500, description="How many claims and agreements to list.")] = 50,
):
    """One actor: aliases, roles, sameAs links, what they said and what they are party to."""
    profile = lookups.actor(store, actor_id, limit=limit)
    if profile is None and (source := lookups.unnamed_source(store, actor_id)) is not None:
        # an id a claim's speaker carries with "unnamed": true; say where its facts are
        raise HTTPException(
            404,
            f"{actor_id!r} is an unnamed source ({source.description!r}, described in article "
            f"{source.article}), no actor: see /unnamed-sources?q= and /articles/{source.article}",
        )
    if profile is None:
        raise HTTPException(404, f"no actor {actor_id!r}; search with /actors?q=")
    return profile


@router.get("/claims", response_model=Page[StoredClaim], responses=CSV)
def list_claims(
    store: StoreDep,
    speaker: Annotated[
        str | None,
        Query(
            description="Who said it: any name or alias, or an actor id; a name that denotes no actor "
            'finds the unnamed sources so described ("officials"), marked unnamed.'
        ),
    ] = None,
    q: Annotated[str | None, Query(description=f"Keep claims whose text holds {Words}.")] = None,
    article: Annotated[
        str | None, Query(pattern=r"^[0-9a-f]{16}$", description="Only claims of this article (its id).")
    ] = None,
    since: Annotated[dt.date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[dt.date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: ListFormat = "json",
):
    """Claims (who said what), newest article first, in the order each article makes them."""
    page = lookups.claims(
        store,
        speaker=speaker,
        q=q,
        article=article,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        limit=limit,
        offset=offset,
    )
    return csv_response(page.items, "claims") if format == "csv" else page


@router.get("/agreements", response_model=Page[StoredAgreement], responses=CSV)
def list_agreements(
    store: StoreDep,
    party: Annotated[
        str | None,
        Query(
            description="A party: any name or alias, or an actor id; else an unnamed source's description."
        ),
    ] = None,
    status: Annotated[
        Literal["agreed", "proposed", "intends", "rejected"] | None, Query(description="Only this status.")
    ] = None,
    q: Annotated[str | None, Query(description=f"Keep agreements whose outcome holds {Words}.")] = None,
    article: Annotated[
        str | None, Query(pattern=r"^[0-9a-f]{16}$", description="Only agreements of this article (its id).")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: ListFormat = "json",
):
    """Agreements (who agreed, proposed, intends or rejected what), newest article first."""
    page = lookups.agreements(
        store, party=party, status=status, q=q, article=article, limit=limit, offset=offset
    )
    return csv_response(page.items, "agreements") if format == "csv" else page


@router.get("/articles", response_model=Page[ArticleSummary], responses=CSV)
def list_articles(store: StoreDep, limit: Limit = 50, offset: Offset = 0, format: ListFormat = "json"):
    """Stored articles, newest first, with how many claims and agreements each holds."""
    page = lookups.articles(store, limit=limit, offset=offset)
    return csv_response(page.items, "articles") if format == "csv" else page


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetail,
    responses={
        200: {"content": {"text/html": {}}, "description": "JSON, or the reader page for browsers"},
        404: {"description": "No such article"},
    },
)
def get_article(
    request: Request,
    store: StoreDep,
    article_id: Annotated[str, Path(description="Article id: 16 hexadecimal digits (see /articles).")],
    format: Format = None,
):
    """One article with all its claims and agreements and their evidence spans; in a browser, the
    reader: the text with every claim and agreement highlighted where it was found."""
    if wants_html(request, format):
        found = reading(store, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}; list them with /articles")
        return reader_page(request, found)
    found = lookups.article(store, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}; list them with /articles")
    return found


@router.get("/who-agreed", response_model=WhoAgreed, responses=CSV)
def who_agreed(
    store: StoreDep,
    to: Annotated[str, Query(min_length=1, description=f"What was agreed: the outcome holds {Words}.")],
    limit: Limit = 50,
    offset: Offset = 0,
    format: ListFormat = "json",
):
    """Who agreed to something: the parties, and each agreement with its article and evidence
    (as CSV: the agreements, one row each)."""
    found = lookups.who_agreed(store, to, limit=limit, offset=offset)
    return csv_response(found.agreements.items, "who-agreed") if format == "csv" else found


@router.get("/who-said", response_model=WhoSaid, responses=CSV)
def who_said(
    store: StoreDep,
    about: Annotated[str, Query(min_length=1, description=f"What was said: the claim holds {Words}.")],
    limit: Limit = 50,
    offset: Offset = 0,
    format: ListFormat = "json",
):
    """Who said something: the speakers, and each claim with its article and evidence
    (as CSV: the claims, one row each)."""
    found = lookups.who_said(store, about, limit=limit, offset=offset)
    return csv_response(found.claims.items, "who-said") if format == "csv" else found
