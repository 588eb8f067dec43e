"""A query worker: a process that checks, runs and writes out user SPARQL, one query at a time.

Forked by kg.sparql.workers from a fork server that has imported this module and its
libraries (a worker starts in milliseconds, not in the seconds those imports take). It
opens the store read-only (Oxigraph allows that while `kg serve` holds the write lock; it
sees the store as of its opening, so it opens it again when the job's store generation is
not the one it opened), or talks to the SPARQL server at LOCATION. Its address space is
capped (RLIMIT_AS) and each job's CPU time too (RLIMIT_CPU: the kernel ends a worker that
spins past it); the parent kills it at the wall-clock deadline. Whatever happens in here (a
parser recursing until the stack overflows, an engine filling memory) ends this process,
never the service.

Protocol, over a pipe as length-prefixed messages (multiprocessing.connection): the
worker first says {"ready": true} (or why not); then, per job {"query", "generation",
"seconds", "rows", "formats": {"results": name, "graph": name}}, it sends a JSON header
{"ok": true, "form", "format"} and the written answer, or {"ok": false, "error", "message",
"form"} and an empty body. Only bytes and JSON cross: nothing the worker sends is unpickled.
"""

from __future__ import annotations

import json
import math
import resource
import sys
from multiprocessing.connection import Connection

from kg.sparql import Limits, QueryError, QueryRefused, QueryTimeout, TooManyRows, answer
from kg.sparql.check import RECURSION_LIMIT, QueryBounds, QueryIsUpdate, QueryTooComplex, check_query
from kg.sparql.results import UnwritableAnswer, render
from kg.store import StoreError, open_read_only

# Imported by the fork server once, so that each worker forked from it starts at once.
PRELOAD = ["kg.sparql.worker", "kg.sparql.check", "kg.sparql.results", "kg.sparql", "kg.store"]


def serve(connection: Connection, location: str, generation: int | None, memory_mb: int) -> None:
    """Answer jobs from `connection` until the parent closes it (the target of each worker)."""
    if memory_mb > 0:
        memory = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, resource.getrlimit(resource.RLIMIT_AS)[1]))
    sys.setrecursionlimit(RECURSION_LIMIT)  # kg.sparql.check parses on a thread with a large stack
    try:
        worker = _Worker(location, generation)
    except Exception as exc:  # reported to the parent, which says why to the user
        connection.send_bytes(json.dumps({"ready": False, "message": str(exc)}).encode())
        return
    connection.send_bytes(b'{"ready": true}')
    while True:
        try:
            job = json.loads(connection.recv_bytes())
        except EOFError:  # the parent closed the pipe (or died): nothing more to do
            return
        header, body = worker.run(job)
        connection.send_bytes(json.dumps(header).encode())
        connection.send_bytes(body)
        if header.get("error") in ("memory", "store"):  # a bad heap, or no store: start afresh
            return


class _Worker:
    def __init__(self, location: str, generation: int | None) -> None:
        self._open = lambda: open_read_only(location)
        self.store = self._open()
        self.generation = generation

    def run(self, job: dict) -> tuple[dict, bytes]:
        seconds = job.get("seconds")
        _limit_cpu(seconds)
        try:
            bounds = QueryBounds()
            if seconds is not None:  # parsing may take the whole time limit, no more
                bounds = QueryBounds(parse_seconds=min(bounds.parse_seconds, seconds))
            check_query(job["query"], bounds)
            self._reopen_if_changed(job.get("generation"))
            limits = Limits(seconds=seconds, rows=job.get("rows"))
            found = self._answer(job["query"], limits)
            kind = "graph" if found.form == "CONSTRUCT" else "results"
            name = (job.get("formats") or {}).get(kind)
            if name is None:
                return _error("format", f"no format asked fits a {found.form} query", found.form), b""
            return {"ok": True, "form": found.form, "format": name}, render(found, name)
        except (QueryError, UnwritableAnswer, StoreError) as exc:
            kind = next(kind for cls, kind in _ERROR_KINDS if isinstance(exc, cls))
            return _error(kind, str(exc)), b""
        except MemoryError:
            return _error("memory", "the query needed more memory than a query may use"), b""
        finally:
            _limit_cpu(None)

    def _reopen_if_changed(self, generation: int | None) -> None:
        if generation is not None and generation != self.generation:
            self.store.close()
            self.store = self._open()
            self.generation = generation

    def _answer(self, query: str, limits: Limits):
        try:
            return answer(self.store, query, limits=limits)
        except QueryError as exc:
            # A compaction of the serving process may remove files this snapshot still
            # names: open the store as it is now and ask once more.
            if "No such file" not in str(exc) and "IO error" not in str(exc):
                raise
            self.store.close()
            self.store = self._open()
            return answer(self.store, query, limits=limits)


def _limit_cpu(seconds: float | None) -> None:
    """Let this job use `seconds` more of CPU (and a margin); past it the kernel ends the worker."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if seconds is None:
        soft = hard
    else:
        soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds) + 2
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


# What the parent is told went wrong, by exception; subclasses before QueryError.
_ERROR_KINDS: tuple[tuple[type[Exception], str], ...] = (
    (QueryIsUpdate, "update"),
    (QueryRefused, "refused"),
    (QueryTooComplex, "complex"),
    (QueryTimeout, "timeout"),
    (TooManyRows, "rows"),
    (UnwritableAnswer, "unwritable"),
    (QueryError, "query"),
    (StoreError, "store"),
)


def _error(kind: str, message: str, form: str | None = None) -> dict:
    return {"ok": False, "error": kind, "message": message, "form": form}
