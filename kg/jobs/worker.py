"""A job worker: a process that runs jobs (kg.jobs.kinds) over a read-only store, one at a time.

Forked by kg.jobs.pool from a fork server that has imported this module and the handlers
(kg.jobs.kinds.PRELOAD), so a worker starts in milliseconds, not in the seconds those imports
take. It opens the store read-only (Oxigraph allows that while `kg serve` holds the write
lock; it sees the store as of its opening, so it opens it again when a job's store
generation is not the one it opened), or talks to the SPARQL server at LOCATION. Its address
space is capped (RLIMIT_AS) and each job's CPU time too (RLIMIT_CPU: the kernel ends a
worker that spins past it); the parent kills it at the wall-clock deadline. Whatever happens
in here (a parser recursing until the stack overflows, an engine filling memory) ends this
process, never the service.

Protocol, over a pipe as length-prefixed messages (multiprocessing.connection): the worker
first says {"ready": true} (or why not); then, per job {"kind", "params", "generation",
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
from kg.store import Store, open_read_only

Handler = Callable[["Context", dict], tuple[dict, bytes]]


class Context:
    """What a handler works with: the store (a snapshot at `generation`), the job's time limit,
    and a cache of what was read from this snapshot (emptied when it is renewed).

    The snapshot is opened when a handler first asks for it, not when the job arrives: the
    check a query goes through first must not age it. (An older snapshot names more files the
    serving process's compactions have since removed; Oxigraph answering from one under a
    stream of writes was seen to fill a worker's memory with RocksDB's error messages.)"""

    def __init__(self, open_store: Callable[[], Store], generation: int | None) -> None:
        self._open = open_store
        self._store: Store | None = None
        self.generation = generation
        self.seconds: float | None = None
        self.cache: dict = {}

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self._open()
        return self._store

    def renew(self, generation: int | None) -> None:
        """Drop the snapshot and what was read from it: the next `store` is the store as it is now."""
        if self._store is not None:
            self._store.close()
        self._store = None
        self.generation = generation
        self.cache = {}


def serve(connection: Connection, location: str, generation: int | None, memory_mb: int) -> None:
    """Run jobs from `connection` until the parent closes it (the target of each worker)."""
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
        if header.get("error") in ENDING:  # a bad heap, or no store: start afresh
            return


class _Worker:
    def __init__(self, location: str, generation: int | None) -> None:
        self.context = Context(lambda: open_read_only(location), generation)
        self.context.store  # noqa: B018  (open it now: a worker that cannot says so before its first job)

    def run(self, job: dict) -> tuple[dict, bytes]:
        seconds = job.get("seconds")
        _limit_cpu(seconds)
        try:
            handler = _handler(job["kind"])
            self._reopen_if_changed(job.get("generation"))
            self.context.seconds = seconds
            header, body = self._run(handler, job.get("params") or {})
            return {"ok": True, **header}, body
        except MemoryError:
            return _error(
                "memory", f"the {KINDS[job['kind']].noun} needed more memory than a job may use"
            ), b""
        except Exception as exc:
            if not handled(exc):
                raise
            return _error(kind_of(exc), str(exc), getattr(exc, "form", None)), b""
        finally:
            _limit_cpu(None)

    def _run(self, handler: Handler, params: dict) -> tuple[dict, bytes]:
        try:
            return handler(self.context, params)
        except Exception as exc:
            # A compaction of the serving process may remove files this snapshot still
            # names: open the store as it is now and run once more.
            if "No such file" not in str(exc) and "IO error" not in str(exc):
                raise
            self._reopen(self.context.generation)
            return handler(self.context, params)

    def _reopen_if_changed(self, generation: int | None) -> None:
        if generation is not None and generation != self.context.generation:
            self._reopen(generation)

    def _reopen(self, generation: int | None) -> None:
        self.context.renew(generation)


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
