"""GET /view: the interactive graph page; /view/data: what it draws; /view/assets/*: its scripts.

The page and its data are built in a job worker (api.jobs), never on the server's threads.
The page loads only what this router serves, and its Content-Security-Policy forbids
anything else (no inline script either: the graph is JSON data, not code).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from pydantic import BeforeValidator, Field

from api.graph import graph_errors
from api.jobs import graph_jobs_of
from kg.view.overview import OVERVIEW_LIMIT
from kg.view.page import (
    DEFAULT_DEPTH,
    DEFAULT_LIMIT,
    SERVED_CSP,
    ViewFilter,
    asset_path,
)

router = APIRouter(tags=["graph page"])
# A form's empty field (`since=&until=`) means "no filter", not a malformed value.
Blank = BeforeValidator(lambda value: None if value == "" else value)

MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
PAGE_HEADERS = {
    "Content-Security-Policy": SERVED_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def view_filter(
    focus: Annotated[
        str | None, Query(max_length=200, description="Actor id, name or alias to centre on.")
    ] = None,
    depth: Annotated[
        Annotated[int, Field(ge=0, le=10)] | None,
        Blank,
        Query(description="Hops from the focus (actor -> claim -> article is 2)."),
    ] = DEFAULT_DEPTH,
    article: Annotated[list[str], Query(description="Only these articles (ids); repeatable.")] = [],  # noqa: B006
    relation: Annotated[
        list[Literal["said", "agreed", "proposed", "intends", "rejected"]],
        Query(description="Only these relations; repeatable."),
    ] = [],  # noqa: B006
    since: Annotated[
        dt.date | None, Blank, Query(description="Only articles published on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        dt.date | None, Blank, Query(description="Only articles published on or before.")
    ] = None,
    limit: Annotated[
        Annotated[int, Field(ge=1, le=5000)] | None,
        Blank,
        Query(description=f"At most this many nodes ({DEFAULT_LIMIT}; overview: {OVERVIEW_LIMIT} actors)."),
    ] = None,
    mode: Annotated[
        Literal["facts", "overview"] | None,
        Blank,
        Query(description="facts: actors, claims, outcomes, articles; overview: actors and counted links."),
    ] = None,
) -> ViewFilter:
    """Return the page's filters from the query string."""
    return ViewFilter(
        focus=focus or None,
        depth=DEFAULT_DEPTH if depth is None else depth,
        articles=tuple(article),
        relations=tuple(relation),
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        limit=limit if limit is not None else OVERVIEW_LIMIT if mode == "overview" else DEFAULT_LIMIT,
        mode=mode or "facts",
    )


Filters = Annotated[ViewFilter, Depends(view_filter)]


@router.get(
    "/view", response_class=HTMLResponse, responses={404: {"description": "No such actor or article"}}
)
async def view(request: Request, filters: Filters) -> HTMLResponse:
    """The interactive graph page (same page as `kg view -o FILE`)."""
    root = request.scope.get("root_path", "")
    render = {
        "asset_base": request.url_for("view_asset", name="view.js").path.removesuffix("view.js"),
        "actor_base": f"{root}/actors/",
        "article_base": f"{root}/articles/",
        "form_action": request.url.path,
        "site_root": root,
        "data_url": request.url_for("view_data").path,
    }
    with graph_errors():  # built in a job worker (api.jobs), not on the server's threads
        reply = await graph_jobs_of(request).run("view", {"filters": asdict(filters), "render": render})
    return HTMLResponse(reply.body, headers=PAGE_HEADERS)


@router.get("/view/data", name="view_data", responses={404: {"description": "No such actor or article"}})
async def view_data(request: Request, filters: Filters) -> Response:
    """What /view draws for the same filters: vis-network nodes, edges and options, node details, meta."""
    root = request.scope.get("root_path", "")
    render = {
        "actor_base": f"{root}/actors/",
        "article_base": f"{root}/articles/",
        "data_url": request.url_for("view_data").path,
    }
    with graph_errors():
        reply = await graph_jobs_of(request).run("view-data", {"filters": asdict(filters), "render": render})
    return Response(reply.body, media_type="application/json")


@router.get("/view/assets/{name}", name="view_asset", include_in_schema=False)
def view_asset(name: str) -> FileResponse:
    """The page's scripts and style (vis-network from pyvis, view.js, view.css)."""
    path = asset_path(name)
    if path is None:
        raise HTTPException(404, f"no asset {name!r}")
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[path.suffix],
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
