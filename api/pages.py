"""The pages people read: home (/), search (/search), the article reader, and the ontology.

Browsers get HTML, API clients JSON, from the same address (the `Accept` header decides, or
`?format=html|json`). Pages are rendered by Jinja with autoescaping, load only this server's
own style and script (/assets/*), and carry the same Content-Security-Policy as /view.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from api.context import MAX_OFFSET, StoreDep
from api.view import PAGE_HEADERS as VIEW_PAGE_HEADERS
from kg.read import lookups
from kg.read.reader import Reading
from kg.read.records import anchor
from kg.read.search import search as run_search

router = APIRouter(tags=["pages"])
TEMPLATES = Path(__file__).resolve().parent / "templates"
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
ASSETS = {"site.css": "text/css; charset=utf-8", "reader.js": "text/javascript; charset=utf-8"}
# The graph page's headers, and Vary: these pages answer HTML or JSON by the Accept header.
PAGE_HEADERS = {**VIEW_PAGE_HEADERS, "Vary": "Accept"}
HTML_TYPES = ("text/html", "application/xhtml+xml")
Format = Annotated[
    Literal["html", "json"] | None,
    Query(description="html or json; by default the Accept header decides (browsers get HTML)."),
]


def wants_html(request: Request, fmt: str | None = None) -> bool:
    """Whether to answer with a page: `fmt` if given, else whether Accept ranks HTML above JSON."""
    if fmt:
        return fmt == "html"
    best: tuple[float, int, bool] | None = None
    for position, part in enumerate(request.headers.get("accept", "").split(",")):
        media, *params = (p.strip().lower() for p in part.split(";"))
        if media not in (*HTML_TYPES, "application/json"):
            continue
        q = next((_float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        candidate = (-q, position, media in HTML_TYPES)
        if q > 0 and (best is None or candidate < best):
            best = candidate
    return best is not None and best[2]


def render(request: Request, template: str, **values: object) -> HTMLResponse:
    page = _environment().get_template(template).render(root=request.scope.get("root_path", ""), **values)
    return HTMLResponse(page, headers=PAGE_HEADERS)


@router.get("/", response_class=HTMLResponse, responses={200: {"content": {"application/json": {}}}})
def home(
    request: Request,
    store: StoreDep,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Articles to skip (older ones).")] = 0,
    format: Format = None,
):
    """The home page: counts, a search box, recent articles, links to the graph, SPARQL and API pages."""
    stats = store.stats()
    recent = lookups.articles(store, limit=20, offset=offset)
    if not wants_html(request, format):
        return JSONResponse(
            {
                "service": "Claimgraph",
                "counts": asdict(stats),
                "recent": [asdict(a) for a in recent.items],
                "links": {"graph": "/view", "sparql": "/sparql", "api": "/docs", "search": "/search?q="},
            }
        )
    more = offset + len(recent.items) < recent.total
    return render(request, "home.html", stats=stats, articles=recent.items, offset=offset, more=more, q="")


@router.get("/search", response_class=HTMLResponse, responses={200: {"content": {"application/json": {}}}})
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Actor name or alias, or words.")],
    format: Format = None,
):
    """Actors whose name or alias matches (fuzzily: "Ushakof" finds Yuri Ushakov), and the claims
    and outcomes holding every word; `suggestions` when nothing holds them."""
    result = run_search(store, q)
    if not wants_html(request, format):
        return JSONResponse(asdict(result))
    return render(request, "search.html", result=result, q=result.q)


@router.get("/assets/{name}", include_in_schema=False)
def asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise HTTPException(404, f"no asset {name!r}")
    return FileResponse(
        TEMPLATES / name,
        media_type=ASSETS[name],
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/ontology", response_class=Response, responses={200: {"content": {"text/turtle": {}}}})
def ontology(
    part: Annotated[
        Literal["terms", "shapes"], Query(description="terms: ontology/claims.ttl; shapes: the SHACL shapes.")
    ] = "terms",
) -> Response:
    """The Claimgraph ontology (OWL, Turtle), or its SHACL shapes, as the repository holds them."""
    path = ONTOLOGY / ("claims.ttl" if part == "terms" else "shapes.ttl")
    return Response(path.read_bytes(), media_type="text/turtle; charset=utf-8")


@router.get("/ontology/shapes", response_class=Response, include_in_schema=False)
def shapes() -> Response:
    return ontology("shapes")


def reader_page(request: Request, reading: Reading) -> HTMLResponse:
    """The article reader: its text with every claim and agreement highlighted, its facts beside."""
    a = reading.detail.article
    url = a.url if a.url and urlsplit(a.url).scheme in ("http", "https") else None
    claims = [dict(asdict(c), anchor=anchor("claim", c.id)) for c in reading.detail.claims]
    agreements = [dict(asdict(g), anchor=anchor("agreement", g.id)) for g in reading.detail.agreements]
    return render(
        request,
        "reader.html",
        a=dict(asdict(a), url=url),
        reading=reading,
        claims=claims,
        agreements=agreements,
        q="",
    )


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
