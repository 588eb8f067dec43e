"""The job kinds a worker runs, the handler of each, and the errors that cross back by name.

A handler is `handler(context, params) -> (header, body)`: `context` (kg.jobs.worker.Context)
holds the worker's read-only store and the job's time limit, `params` the job's JSON
arguments; it returns a JSON-able header (what the caller needs to know of the body) and
the body's bytes, or raises one of the errors of ERROR_KINDS, which the pool raises again
in the caller. Handlers are named, not imported, here: the worker imports them (the fork
server has, see PRELOAD), the serving process never needs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.jobs import WorkerLost
from kg.read.export import ExportError
from kg.read.graph import GraphError, NotFound
from kg.sparql import QueryError, QueryRefused, QueryTimeout, TooManyRows
from kg.sparql.check import QueryIsUpdate, QueryTooComplex, UpdateRefused
from kg.sparql.results import FormatUnfit, UnwritableAnswer
from kg.store import StoreError


@dataclass(frozen=True)
class Kind:
    """A kind of job: its name, its handler ("module:function"), and what the user is told
    ran past the time limit ("the export ran longer than ...")."""

    name: str
    handler: str
    noun: str


KINDS = {
    kind.name: kind
    for kind in (
        Kind("query", "kg.sparql.worker:run_query", "query"),
        Kind("update-check", "kg.sparql.worker:check_update", "update"),
        Kind("export", "kg.jobs.handlers:export", "export"),
        Kind("view", "kg.jobs.handlers:view_page", "graph page"),
        Kind("view-data", "kg.jobs.handlers:view_data", "graph page's data"),
        Kind("graph", "kg.jobs.handlers:graph_question", "graph question"),
    )
}
# Imported once by the fork server, so that a worker forked from it starts in milliseconds.
PRELOAD = [
    "kg.jobs.worker",
    "kg.jobs.handlers",
    "kg.sparql.worker",
    "kg.sparql.check",
    "kg.sparql.results",
    "kg.read.export",
    "kg.view.page",
    "kg.store",
]

# What the caller is told went wrong, by exception; subclasses before their bases.
ERROR_KINDS: tuple[tuple[type[Exception], str], ...] = (
    (QueryIsUpdate, "update"),
    (UpdateRefused, "update-refused"),
    (QueryRefused, "refused"),
    (QueryTooComplex, "complex"),
    (QueryTimeout, "timeout"),
    (TooManyRows, "rows"),
    (FormatUnfit, "format"),
    (UnwritableAnswer, "unwritable"),
    (WorkerLost, "memory"),
    (QueryError, "query"),
    (NotFound, "not-found"),
    (GraphError, "graph"),
    (ExportError, "export"),
    (StoreError, "store"),
)
_BY_KIND = {kind: cls for cls, kind in ERROR_KINDS}
# After these the worker ends: its heap may be bad, or it has no store to read.
ENDING = ("memory", "store")


def kind_of(exc: Exception) -> str:
    """Return the name an error crosses the pipe under (one of ERROR_KINDS)."""
    return next(kind for cls, kind in ERROR_KINDS if isinstance(exc, cls))


def error_for(header: dict) -> Exception:
    """Return the error a worker's header reports, to raise in the caller."""
    kind, message = header.get("error"), header.get("message", "")
    if kind == "format":
        return FormatUnfit(message, header.get("form") or "SELECT")
    return _BY_KIND.get(kind, QueryError)(message)


def handled(exc: Exception) -> bool:
    """Whether a handler's error is one the caller is told of (anything else is a bug)."""
    return isinstance(exc, tuple(cls for cls, _ in ERROR_KINDS))
