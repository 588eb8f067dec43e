"""The handlers of the whole-graph jobs: /export, the graph page (/view), its data (/view/data)
and the questions of /graph/*.

Each runs in a job worker (kg.jobs.worker) over the worker's read-only snapshot of the store,
and writes exactly what the endpoint answers: the export file, the page's HTML, the data's
JSON (as FastAPI and Starlette's JSONResponse write it). The facts the page draws (kg.read.graph.Snapshot)
are read once per snapshot and kept in the worker for the next page.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from kg.jobs.worker import Context
from kg.read import graph_queries as q
from kg.read import graph_records
from kg.read.export import export as write_export
from kg.read.graph import Snapshot, load_snapshot
from kg.view.page import ViewFilter, data_for, render_page, select


def export(context: Context, params: dict) -> tuple[dict, bytes]:
    """Write the store as {"format", "with_ontology"} to the file at params["path"] (made by the
    caller, who sends it on): an export may be larger than a message should be."""
    with Path(params["path"]).open("wb") as out:
        write_export(context.store, params["format"], out, with_ontology=bool(params.get("with_ontology")))
    return {}, b""


def view_page(context: Context, params: dict) -> tuple[dict, bytes]:
    """The graph page for {"filters": ViewFilter fields, "render": render_page's keywords}."""
    selection = select(_snapshot(context), _filters(params))
    return {}, render_page(selection, **params.get("render", {})).encode("utf-8")


def view_data(context: Context, params: dict) -> tuple[dict, bytes]:
    """What the page draws for {"filters", "render": data_for's keywords}, as JSON."""
    data = data_for(select(_snapshot(context), _filters(params)), **params.get("render", {}))
    return {}, _json(data)


# The questions of /graph/*: the function asking each, and the type FastAPI answered it as.
QUESTIONS = {
    "neighbourhood": (q.neighbourhood, graph_records.Neighbourhood),
    "path": (q.shortest_path, graph_records.Path),
    "centrality": (q.rank, list[graph_records.Ranked]),
    "co-agreements": (q.co_agreements, list[graph_records.CoAgreement]),
    "timeline": (q.timeline, list[graph_records.TimelineEntry]),
}


def graph_question(context: Context, params: dict) -> tuple[dict, bytes]:
    """The answer to {"question": a name in QUESTIONS, "args": its keyword arguments}, as JSON."""
    ask, answer_type = QUESTIONS[params["question"]]
    args = {k: tuple(v) if isinstance(v, list) else v for k, v in params.get("args", {}).items()}
    found = ask(_snapshot(context), **args)
    # as FastAPI writes a response_model: pydantic's JSON mode, by alias
    return {}, _json(TypeAdapter(answer_type).dump_python(found, mode="json", by_alias=True))


def _json(data: object) -> bytes:
    """`data` as starlette.responses.JSONResponse.render writes it, byte for byte."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))
    return text.encode("utf-8")


def _snapshot(context: Context) -> Snapshot:
    """Return the facts of the worker's snapshot, read once per snapshot of an embedded store
    (a SPARQL server may change unseen: read it each time)."""
    if context.store.remote:
        return load_snapshot(context.store)
    if "snapshot" not in context.cache:
        context.cache["snapshot"] = load_snapshot(context.store)
    return context.cache["snapshot"]


def _filters(params: dict) -> ViewFilter:
    fields = dict(params["filters"])
    for name in ("articles", "relations"):
        fields[name] = tuple(fields.get(name, ()))
    return ViewFilter(**fields)
