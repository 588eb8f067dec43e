"""A job worker: a process that runs jobs (kg.jobs.kinds) over a read-only store, one at a time.

Forked by kg.jobs.pool from a fork server that has imported this module and the handlers
(kg.jobs.kinds.PRELOAD), so a worker starts in milliseconds, not in the seconds those imports
take. It reads the store each job names read-only: under `kg serve`, a checkpoint the server
made for the job (kg.store.snapshots), opened again when a job names a newer one; else the
store folder itself, or the SPARQL server at its URL. Its address
space is capped (RLIMIT_AS) and each job's CPU time too (RLIMIT_CPU: the kernel ends a
worker that spins past it); the parent kills it at the wall-clock deadline. Whatever happens
in here (a parser recursing until the stack overflows, an engine filling memory) ends this
process, never the service.

Protocol, over a pipe as length-prefixed messages (multiprocessing.connection): the worker
first says {"ready": true} (or why not); then, per job {"kind", "params", "store",
"seconds"}, it sends a JSON header {"ok": true, ...what the handler says} and the body, or
{"ok": false, "error", "message", "form"} and an empty body. Only bytes and JSON cross.
"""

from __future__ import annotations

import importlib
import json
import math
import resource
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection

from kg.jobs.kinds import ENDING, KINDS, handled, kind_of
from kg.sparql.check import RECURSION_LIMIT
from kg.store import Store, StoreError, open_read_only

Handler = Callable[["Context", dict], tuple[dict, bytes]]


class Context:
    """What a handler works with: the store (read-only, at the job's source), the job's time
    limit, and a cache of what was read from that store (emptied when the source changes).

    A store is opened when a handler first asks for it: a query checked and refused opens none."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self._store: Store | None = None
        self.seconds: float | None = None
        self.cache: dict = {}

    @property
    def store(self) -> Store:
        if self._store is None:
            if self.source is None:
                raise StoreError("the job names no store to read")
            self._store = open_read_only(self.source)
        return self._store

    def use(self, source: str | None) -> None:
        """Read `source` from now on (a checkpoint of the store newer than the last one)."""
        if source is None or source == self.source:
            return
        if self._store is not None:
            self._store.close()
        self._store = None
        self.source = source
        self.cache = {}


def serve(connection: Connection, location: str | None, memory_mb: int) -> None:
    """Run jobs from `connection` until the parent closes it (the target of each worker).
    A worker given a `location` opens it now, to say at once if it cannot; one given None
    reads the store each job names."""
    if memory_mb > 0:
        memory = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, resource.getrlimit(resource.RLIMIT_AS)[1]))
    sys.setrecursionlimit(RECURSION_LIMIT)  # kg.sparql.check parses on a thread with a large stack
    context = Context(location)
    try:
        if location is not None:
            context.store  # noqa: B018  (open it now)
    except Exception as exc:  # reported to the parent, which says why to the user
        connection.send_bytes(json.dumps({"ready": False, "message": str(exc)}).encode())
        return
    connection.send_bytes(b'{"ready": true}')
    while True:
        try:
            job = json.loads(connection.recv_bytes())
        except EOFError:  # the parent closed the pipe (or died): nothing more to do
            return
        header, body = _run(context, job)
        connection.send_bytes(json.dumps(header).encode())
        connection.send_bytes(body)
        if header.get("error") in ENDING:  # a bad heap, or no store: start afresh
            return


def _run(context: Context, job: dict) -> tuple[dict, bytes]:
    seconds = job.get("seconds")
    _limit_cpu(seconds)
    try:
        handler = _handler(job["kind"])
        context.use(job.get("store"))
        context.seconds = seconds
        header, body = handler(context, job.get("params") or {})
        return {"ok": True, **header}, body
    except MemoryError:
        return _error("memory", f"the {KINDS[job['kind']].noun} needed more memory than a job may use"), b""
    except Exception as exc:
        if not handled(exc):
            raise
        return _error(kind_of(exc), str(exc), getattr(exc, "form", None)), b""
    finally:
        _limit_cpu(None)


def _handler(kind: str) -> Handler:
    module, _, name = KINDS[kind].handler.partition(":")
    return getattr(importlib.import_module(module), name)


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


def _error(kind: str, message: str, form: str | None = None) -> dict:
    return {"ok": False, "error": kind, "message": message, "form": form}
