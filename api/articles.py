"""Writing and exporting: POST /articles, DELETE /articles/{id}, GET /export.

Writes need `Authorization: Bearer <token>` (KG_API_TOKEN; without one, writes are off) and
run one at a time. An upload is read whole before anything is stored: if any article in
it is bad, or cannot be extracted, or the disk is full, the request fails with the reason
and the store is left as it was.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import tempfile
import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from api import models
from api.context import SettingsDep, StoreDep, WriteLockDep, read_body, require_token
from api.jobs import graph_jobs_of
from kg.article import SUFFIXES, Article, ArticleError, decode, from_html, from_text, read_articles
from kg.ingest import StoreUndone, finish_tracking, ingest_articles
from kg.ingest import delete_article as remove_article
from kg.read.export import CONTEXT, FORMATS, ExportError
from kg.store import DiskFull, Store
from kg.tracking.similarity import Comparer

router = APIRouter(tags=["articles"])
log = logging.getLogger("kg.api")
_CHUNK = 64 * 1024
_SAFE_NAME = re.compile(r"[^\w.-]+")


class ArticleIn(BaseModel):
    """An article sent as JSON."""

    text: str = Field(description="The article text; offsets of evidence refer to it.")
    title: str | None = Field(None, description="Title (default: the first line of the text).")
    date: str | None = Field(
        None, description="Publication date, ISO (YYYY-MM-DD) or e.g. 'February 18, 2025'."
    )
    publisher: str | None = None
    url: str | None = None


_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": "The article: plain text (first line = title), JSON, or a file upload "
        "(.txt, .md, .html, .jsonl) in the multipart field `file`.",
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "application/json": {"schema": ArticleIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
            },
        },
    }
}


@router.post(
    "/articles",
    status_code=201,
    response_model=models.IngestReport,
    dependencies=[Depends(require_token)],
    openapi_extra=_UPLOAD_BODY,
    responses={
        400: {"description": "Not an article (empty, malformed, no text found)"},
        401: {"description": "Missing or wrong token"},
        403: {"description": "Writes are off (no KG_API_TOKEN)"},
        413: {"description": "Body over KG_MAX_BODY_BYTES"},
        415: {"description": "Binary data, or a content or file type that is not an article"},
        422: {
            "description": "A JSON article whose fields are missing or of the wrong type, or an "
            "article whose extraction failed (named)"
        },
        507: {"description": "The disk holding the store is full: nothing was stored"},
    },
)
async def post_article(request: Request, store: StoreDep, settings: SettingsDep, lock: WriteLockDep):
    """Read an article, extract its claims and agreements, and store them (replacing an earlier copy)."""
    body = await read_body(request, settings.max_body_bytes)
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == "multipart/form-data":
        form = await Request(request.scope, _replay(body)).form()  # the stream itself is spent
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(400, "a multipart upload needs the article in a file field named `file`")
        name = _SAFE_NAME.sub("_", Path(upload.filename or "upload.txt").name)
        articles = await run_in_threadpool(_read_upload, await upload.read(), name)
    elif media in ("text/plain", "text/markdown", "text/html", "application/json"):
        articles = await run_in_threadpool(_read_body, body, media)
    else:
        raise HTTPException(
            415,
            f"cannot read {media or 'a body without Content-Type'}: send text/plain, text/html, "
            "application/json or a multipart file upload",
        )
    if not articles:
        raise HTTPException(400, "no article found in the upload")
    articles, repeated = _first_of_each_text(articles)
    ingested = await run_in_threadpool(_ingest, articles, store, lock, request.app)
    headers = {"Location": f"/articles/{ingested[0].id}"} if len(ingested) == 1 else {}
    return Response(
        models.IngestReport(ingested=ingested, repeated=repeated).model_dump_json(),
        status_code=201,
        media_type="application/json",
        headers=headers,
    )


@router.delete(
    "/articles/{article_id}",
    response_model=models.Deleted,
    dependencies=[Depends(require_token)],
    responses={404: {"description": "No such article"}, 401: {}, 403: {}},
)
def delete_article(
    request: Request,
    store: StoreDep,
    lock: WriteLockDep,
    article_id: Annotated[str, PathParam(description="Article id: 16 hexadecimal digits.")],
):
    """Remove one article, everything it contributed, and its reports from tracked groups."""
    with lock:
        deleted = re.fullmatch(r"[0-9a-f]{16}", article_id) is not None and remove_article(
            article_id, store, comparer=comparer_of(request.app)
        )
    if not deleted:
        raise HTTPException(404, f"no article {article_id!r}; list them with /articles")
    return models.Deleted(deleted=article_id)


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        200: {"content": {media: {} for media, _ in FORMATS.values()}},
        400: {"description": "The ontology asked for with a network format"},
    },
)
async def export(
    request: Request,
    format: Annotated[
        Literal["turtle", "ntriples", "jsonld", "trig", "nquads", "graphml", "gexf"],
        Query(
            description="turtle, ntriples or jsonld (compact, see /context.jsonld): the union of all "
            "articles, sorted; trig or nquads: one graph per article; graphml or gexf: the actor "
            "network (for Gephi, Cytoscape)."
        ),
    ] = "turtle",
    with_ontology: Annotated[
        bool, Query(description="Add the ontology (ontology/claims.ttl) to an RDF export.")
    ] = False,
):
    """Download the whole graph as a file."""
    media_type, suffix = FORMATS[format]
    # Written whole (so a failure is an error status, not a cut-off download) by a job worker
    # (api.jobs), into a file this process streams and then removes.
    handle, path = tempfile.mkstemp(prefix="kg-export-", suffix=f".{suffix}")
    os.close(handle)
    params = {"format": format, "with_ontology": with_ontology, "path": path}
    try:
        await graph_jobs_of(request).run("export", params)
        spool = open(path, "rb")  # noqa: SIM115 (closed by _chunks)
    except ExportError as exc:
        raise HTTPException(400, str(exc)) from None
    finally:
        os.unlink(path)  # the open file stays readable until closed
    return StreamingResponse(
        _chunks(spool),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="claimgraph.{suffix}"'},
    )


@router.get("/context.jsonld", response_class=JSONResponse)
def jsonld_context() -> JSONResponse:
    """The JSON-LD context of /export?format=jsonld (which also carries it inline)."""
    return JSONResponse({"@context": CONTEXT}, media_type="application/ld+json")


def finish_uploads(store: Store) -> None:
    """Track the articles an upload stored but a crash (SIGKILL) kept from tracking: at start,
    before any request. A failure here is logged, not fatal: the service still starts."""
    try:
        finished = finish_tracking(store)
    except Exception as exc:  # a read-only or unreachable store: the next start tries again
        log.warning("could not finish the tracking of stored articles: %s", exc)
        return
    if finished:
        log.warning("finished the tracking of %d article(s) a crash left ungrouped", len(finished))


def _replay(body: bytes) -> Callable[[], Awaitable[dict]]:
    """Return an ASGI `receive` that hands over an already-read body."""

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _chunks(spool) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(_CHUNK):
            yield chunk


def _read_body(body: bytes, media: str) -> list[Article]:
    """Return the article of a text, HTML or JSON body; raise HTTPException if it is not one."""
    source = "POST /articles"
    text = _checked_text(body, source)
    if media == "application/json":
        try:
            sent = ArticleIn.model_validate_json(text)
        except ValidationError as exc:
            raise HTTPException(422, _validation_errors(exc)) from None
        fields = sent.model_dump(exclude={"text"})
        return [_article(lambda: from_text(sent.text, source=source, **fields))]
    parse = from_html if media == "text/html" else from_text
    return [_article(lambda: parse(text, source=source))]


def _read_upload(raw: bytes, name: str) -> list[Article]:
    """Return the articles of an uploaded file, by its suffix; raise HTTPException if any is bad."""
    kind = SUFFIXES.get(Path(name).suffix.lower())
    if kind is None:
        raise HTTPException(415, f"{name}: unsupported file type; upload .txt, .md, .html or .jsonl")
    _checked_text(raw, name)
    with tempfile.TemporaryDirectory() as folder:
        # read_articles reads JSONL line by line and names each line; reuse it as is.
        path = Path(folder) / name
        path.write_bytes(raw)
        found = list(read_articles(path))
    prefix = f"{folder}/"
    errors = [str(e).removeprefix(prefix) for e in found if isinstance(e, ArticleError)]
    if errors:
        raise HTTPException(400, "; ".join(errors[:20]))
    return [dataclasses.replace(a, source=a.source.removeprefix(prefix)) for a in found]  # type: ignore[arg-type]


def _first_of_each_text(articles: list[Article]) -> tuple[list[Article], list[models.RepeatedArticle]]:
    """The first article of each text (an article's id is its text's), and the repeats named.
    Stored in turn, three copies of one text in a JSONL upload left the last copy's title, date
    and publisher, and the response did not say the others were gone."""
    first: dict[str, Article] = {}
    repeated = []
    for article in articles:
        if article.id in first:
            repeated.append(
                models.RepeatedArticle(id=article.id, source=article.source, same_as=first[article.id].source)
            )
        else:
            first[article.id] = article
    return list(first.values()), repeated


def _checked_text(raw: bytes, source: str) -> str:
    """Return the body as text; raise 415 for binary data, 400 for empty or oversize text."""
    if b"\x00" in raw[:8192]:
        raise HTTPException(415, f"{source}: binary data, not text; send UTF-8 text, HTML, JSON or JSONL")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(
            415, f"{source}: not UTF-8 text (byte {exc.start}); convert it to UTF-8"
        ) from None
    try:
        return decode(raw, source)
    except ArticleError as exc:
        raise HTTPException(400, str(exc)) from None


def _article(read: Callable[[], Article]) -> Article:
    try:
        return read()
    except ArticleError as exc:
        raise HTTPException(400, str(exc)) from None


def _validation_errors(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())


def comparer_of(app) -> Comparer:
    """The server's one Comparer: the analyses and embeddings of the texts that uploads compared
    stay cached (bounded, kg.tracking.similarity.CACHED_TEXTS), instead of every upload
    embedding again the up to MAX_CANDIDATES reports of each of its speakers. Used under the
    write lock only, one thread at a time."""
    comparer = getattr(app.state, "comparer", None)
    if comparer is None:
        comparer = app.state.comparer = Comparer()
    return comparer


def _ingest(articles: list[Article], store: Store, lock: threading.Lock, app) -> list[models.UploadedArticle]:
    with lock:  # one upload is one transaction: all its articles are stored, or none
        replaced = {a.id for a in articles if store.has_article(a.id)}
        try:
            stored = ingest_articles(articles, store, comparer=comparer_of(app))
        except ArticleError as exc:
            raise HTTPException(422, f"nothing was stored: {exc}") from None
        except DiskFull as exc:
            raise HTTPException(507, f"nothing was stored: {exc}") from None
        except StoreUndone as exc:
            status = 507 if isinstance(exc.cause, DiskFull) else 500
            raise HTTPException(status, str(exc)) from None
    return [
        models.UploadedArticle(
            id=done.article_id,
            title=done.title,
            source=done.source,
            claims=done.claims,
            agreements=done.agreements,
            replaced=done.article_id in replaced,
        )
        for done in stored
    ]
