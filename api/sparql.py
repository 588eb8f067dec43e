"""The SPARQL 1.1 Protocol endpoint at /sparql, and its query page for browsers.

Queries come as the `query` parameter (GET, or a POSTed form) or as an
application/sparql-query body, and run read-only under the time and row limits. SPARQL
Update (an `update` form field or an application/sparql-update body) is refused unless
the service was started with updates allowed and the request carries the API token.
The project prefixes (cg:, schema:, rdfs:, skos:, dcterms:, oa:, prov:, xsd:) are predefined.
"""

from __future__ import annotations

import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from api.context import SettingsDep, StoreDep, WriteLockDep, check_token, read_body
from api.query_pool import QueryPool
from api.results import NotAcceptable, acceptable, accepts_html, choose
from api.settings import Settings
from kg.sparql import run_update
from kg.sparql.check import QueryIsUpdate
from kg.sparql.results import BY_NAME
from kg.sparql.workers import FormatUnfit, Job
from kg.store import Store, StoreError
from kg.store.snapshots import scratch_folder

router = APIRouter(tags=["SPARQL"])
PAGE = Path(__file__).resolve().parent / "templates" / "sparql.html"

FormatParam = Annotated[
    str | None,
    Query(
        description="Answer format, overriding Accept: json, xml, csv, tsv (SELECT/ASK) or "
        "turtle, ntriples, jsonld, rdfxml (CONSTRUCT/DESCRIBE), or a media type."
    ),
]
_FORM_BODY = {
    "requestBody": {
        "description": "A query or an update: as a form, or as the bare SPARQL text.",
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string", "description": "A SPARQL query."},
                        "update": {"type": "string", "description": "A SPARQL Update (needs the token)."},
                    },
                }
            },
            "application/sparql-query": {"schema": {"type": "string"}},
            "application/sparql-update": {"schema": {"type": "string"}},
        },
    }
}
_ANSWER_TYPES = {
    "200": {
        "description": "The answer, in the format Accept (or `format`) asks for.",
        "content": {
            t: {}
            for t in (
                "application/sparql-results+json",
                "application/sparql-results+xml",
                "text/csv",
                "text/tab-separated-values",
                "text/turtle",
                "application/n-triples",
                "application/ld+json",
                "application/rdf+xml",
                "text/html",
            )
        },
    },
    "400": {"description": "Malformed SPARQL, a query past the size limits, or no query given"},
    "403": {"description": "An update on a read-only service, or a SERVICE query"},
    "406": {"description": "No acceptable format for this kind of query"},
    "422": {"description": "The answer has more rows than the row limit, or more bytes than its limit"},
    "503": {"description": "The query ran past the time limit, or all query workers are busy"},
}
READ_ONLY = (
    "this endpoint is read-only: SPARQL Update needs `kg serve --allow-updates` (KG_ALLOW_UPDATES=1), "
    "KG_API_TOKEN set, and `Authorization: Bearer <token>`"
)
# Which form of query stands for each kind of answer format (kg.sparql.workers.Job.formats).
_FORMS = {"results": "SELECT", "graph": "CONSTRUCT"}


@router.get("/sparql", responses=_ANSWER_TYPES, response_class=Response)
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[
        str | None, Query(description="The SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).")
    ] = None,
    format: FormatParam = None,
) -> Response:
    """Run a SPARQL query given in the URL; without one, a browser gets the query page."""
    if query is None:
        if accepts_html(request.headers.get("accept", "")):  # a browser: the query page
            return HTMLResponse(_page())
        raise HTTPException(
            400, "give a SPARQL query in the `query` parameter (or open /sparql in a browser)"
        )
    return await _query(request, store, settings, query, format)


@router.post("/sparql", responses=_ANSWER_TYPES, response_class=Response, openapi_extra=_FORM_BODY)
async def sparql_post(
    request: Request, store: StoreDep, settings: SettingsDep, lock: WriteLockDep, format: FormatParam = None
) -> Response:
    """Run a SPARQL query (or, where allowed, an update) sent in the request body."""
    body = await read_body(request, settings.max_body_bytes)
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    text = _text(body)
    query = update = None
    if media == "application/sparql-query":
        query = text
    elif media == "application/sparql-update":
        update = text
    elif media in ("application/x-www-form-urlencoded", ""):
        fields = await run_in_threadpool(_form_fields, text)
        _refuse_dataset_parameters(fields.keys())
        query, update = _one(fields, "query"), _one(fields, "update")
        format = format or _one(fields, "format")
        if query is None and update is None:
            query = request.query_params.get("query")
    else:
        raise HTTPException(
            415,
            f"cannot read a {media} body: send application/sparql-query, application/sparql-update "
            "or a form (application/x-www-form-urlencoded) with `query` or `update`",
        )
    if update is not None:
        check_update_allowed(request, settings)
        _refuse_dataset_parameters(request.query_params.keys())
        pool = request.app.state.query_pool
        await run_in_threadpool(_checked_update, pool, lock, store, update, settings.query_timeout)
        return Response(status_code=204)
    if query is None:
        raise HTTPException(400, "give the SPARQL query as the `query` form field or the request body")
    return await _query(request, store, settings, query, format)


def check_update_allowed(request: Request, settings: Settings) -> None:
    """Raise 403 unless updates are on, and 401 unless the request carries the token."""
    if not settings.allow_updates:
        raise HTTPException(403, READ_ONLY)
    check_token(request, settings)


# SPARQL 1.1 Protocol's dataset parameters: the dataset here is the store, named by FROM / FROM
# NAMED in the query if at all; a service that does not take them refuses them, not ignores them.
_DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


def _refuse_dataset_parameters(names) -> None:
    given = sorted(set(names) & set(_DATASET_PARAMETERS))
    if given:
        raise HTTPException(
            400,
            f"{', '.join(given)}: not supported; the dataset is the store (use FROM / GRAPH in the query)",
        )


async def _query(request: Request, store: Store, settings: Settings, query: str, fmt: str | None) -> Response:
    _refuse_dataset_parameters(request.query_params.keys())
    accept = request.headers.get("accept")
    if not acceptable(accept, fmt):
        raise NotAcceptable(
            f"no answer format fits Accept {accept!r}" + (f" / format {fmt!r}" if fmt else "")
        )
    cache, generation, asked = request.app.state.answers, store.generation, f"{accept}\n{fmt}"
    kept = cache.get(generation, query, asked)
    if kept is not None:
        return Response(kept[1], media_type=kept[0], headers={"Vary": "Accept"})
    job = Job(
        query,
        seconds=settings.query_timeout,
        rows=settings.row_limit,
        max_bytes=settings.answer_bytes,
        formats={kind: _format_name(form, accept, fmt) for kind, form in _FORMS.items()},
    )
    try:
        reply = await request.app.state.query_pool.run(job)
    except QueryIsUpdate:
        if not settings.allow_updates:
            raise HTTPException(403, READ_ONLY) from None
        raise HTTPException(
            400,
            "this is a SPARQL Update: POST it as the `update` form field "
            "or as an application/sparql-update body",
        ) from None
    except FormatUnfit as exc:
        choose(exc.form, accept, fmt)  # raises NotAcceptable, saying which formats fit
        raise
    except StoreError as exc:  # a worker could not open (or reach) the store: likely passing
        detail = f"the store cannot be read now: {exc}"
        raise HTTPException(503, detail, headers={"Retry-After": "5"}) from None
    media_type = BY_NAME[reply.format].media_type
    cache.put(generation, query, asked, media_type, reply.body)
    return Response(reply.body, media_type=media_type, headers={"Vary": "Accept"})


def _format_name(form: str, accept: str | None, fmt: str | None) -> str | None:
    """Return the name of the format an answer of `form` is written in, None if none fits."""
    try:
        return choose(form, accept, fmt).name
    except NotAcceptable:
        return None


def _checked_update(pool: QueryPool, lock: threading.Lock, store: Store, update: str, seconds: float) -> None:
    """Apply an update that passed its check and its trial run, both in a query worker.

    The check refuses LOAD, SERVICE and CLEAR/DROP of every graph (kg.sparql.check); the
    trial applies the update to a checkpoint of the store (hard links, milliseconds) under a
    query's memory and time limits, so an update too long or too big is refused, its worker
    killed, before this process (which cannot interrupt Oxigraph) applies it. The write lock
    is held throughout: the trial sees the store the update will be applied to.
    """
    beside = None if store.remote else scratch_folder(store.location)
    with lock:
        with tempfile.TemporaryDirectory(prefix=".kg-update-trial-", dir=beside) as folder:
            checkpoint = str(Path(folder) / "store")
            taken = store.checkpoint(checkpoint)
            pool.check_update(update, seconds=seconds, checkpoint=checkpoint if taken else None)
        run_update(store, update)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"the request body is not UTF-8 (byte {exc.start})") from None


# A form names query or update, format, and perhaps a dataset parameter (refused) a few times.
# Unbounded, a 5 MB body of "k0=v&k1=v&..." was 600,000 fields: 4 s of parsing on the event
# loop (every request, /healthz too, waited), again at each POST, without a token.
MAX_FORM_FIELDS = 16


def _form_fields(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except ValueError:  # past max_num_fields
        raise HTTPException(
            400, f"too many form fields: at most {MAX_FORM_FIELDS} (query or update, and format)"
        ) from None


def _one(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    if values and len(values) > 1:
        raise HTTPException(400, f"give `{name}` once, not {len(values)} times")
    return values[0] if values else None


@lru_cache(maxsize=1)
def _page() -> str:
    return PAGE.read_text(encoding="utf-8")
