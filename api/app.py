"""The web service: `create_app(store, settings=...)` builds it around an open store.

Run it with `kg serve` (uvicorn). There is no module-level app or store: every app, in the
server or a test, is built on the store it is given, which stays the caller's to close.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import articles, lookups, models, pages, sparql
from api.answer_cache import AnswerCache
from api.budget import BUDGETS, Budget, BudgetMiddleware
from api.context import StoreDep
from api.jobs import GraphJobs
from api.query_pool import PoolBusy, QueryPool
from api.results import NotAcceptable
from api.settings import Settings
from kg.sparql import QueryError, QueryRefused, QueryTimeout, TooManyRows
from kg.sparql.results import UnwritableAnswer
from kg.store import Store

DESCRIPTION = """
Who said what, and who agreed to what, in the news: the Claimgraph knowledge graph over HTTP.

* **Lookups** (JSON, paginated with `limit` and `offset`): actors, claims, agreements, articles,
  and the two questions asked most, `/who-agreed?to=` and `/who-said?about=`. A `speaker` or
  `party` may be any alias of the actor ("Ushakov", "USA", "Washington").
* **SPARQL 1.1 Protocol** at `/sparql` (read-only, time- and row-limited); open it in a browser
  for a query page with examples.
* **Writes** (`POST /articles`, `DELETE /articles/{id}`) need `Authorization: Bearer <token>`.
"""
# Routers other modules add to the service, included when those modules exist.
OPTIONAL_ROUTERS = ("api.view", "api.graph", "api.tracked")
# Which status each query failure maps to: all are the client's query, none a server fault.
_QUERY_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (QueryTimeout, 503),
    (PoolBusy, 503),
    (TooManyRows, 422),
    (QueryRefused, 403),
    (NotAcceptable, 406),
    (UnwritableAnswer, 406),
    (QueryError, 400),
)


def create_app(store: Store, *, settings: Settings, budgets: tuple[Budget, ...] = BUDGETS) -> FastAPI:
    """Return the web service over `store` (which the caller opens and closes); `budgets`
    bound what the expensive endpoints may cost (api.budget)."""
    # FastAPIOffline: FastAPI with the /docs assets served from the package, not a CDN. No
    # /redoc: ReDoc fetches its logo from cdn.redoc.ly whatever it is given.
    pool = QueryPool(store, settings.query_workers, memory_mb=settings.query_memory_mb)
    graph_jobs = GraphJobs(store, budgets, memory_mb=settings.query_memory_mb)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()  # the workers' processes end with the service
        graph_jobs.close()

    app = FastAPIOffline(
        lifespan=lifespan,
        redoc_url=None,
        title="Claimgraph",
        version="0.1.0",
        summary="Claims and agreements in the news, as an RDF knowledge graph",
        description=DESCRIPTION,
    )
    app.state.store = store
    articles.finish_uploads(store)  # an upload killed between its commit and its tracking
    app.state.settings = settings
    app.state.write_lock = threading.Lock()
    app.state.query_pool = pool
    app.state.graph_jobs = graph_jobs
    app.state.answers = AnswerCache(settings.answer_cache_bytes)

    app.add_middleware(BudgetMiddleware, budgets=budgets)
    app.add_middleware(HeadAsGet)  # outermost: the budget sees a HEAD as the GET it costs
    for exc_type, status in _QUERY_STATUS:
        app.add_exception_handler(exc_type, _error_handler(status))

    app.include_router(pages.router)
    app.include_router(lookups.router)
    app.include_router(articles.router)
    app.include_router(sparql.router)
    # --- routers written elsewhere (api/view.py, api/graph.py), each exposing `router` -----
    for name in OPTIONAL_ROUTERS:
        if importlib.util.find_spec(name) is not None:
            app.include_router(importlib.import_module(name).router)

    @app.get("/healthz", response_model=models.Health, tags=["service"])
    async def healthz(store: StoreDep) -> models.Health:
        """Whether the service is up, and how many articles it holds."""
        # async: answered on the event loop, never queued behind busy worker threads; the
        # count is kept by the store between writes.
        return models.Health(status="ok", articles=store.article_count())

    return app


class HeadAsGet:
    """Answer HEAD as GET without the body (RFC 9110 asks every server to): FastAPI's routes
    take only the methods they name, and a HEAD of any page, /healthz or /export was 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}  # the headers (Content-Length too) say what GET would send
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _error_handler(status: int):
    async def handle(_: Request, exc: Exception) -> JSONResponse:
        headers = {"Retry-After": "5"} if isinstance(exc, PoolBusy) else None
        return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

    return handle
