"""The whole-graph endpoints' work (/export, /view, /view/data, /graph/*), run in job workers (kg.jobs).

Writing the whole graph or building the graph page takes seconds of C and Python that hold
the GIL; on the server's threads it kept the event loop (and /healthz) waiting. Here each
runs in a worker process (kg.jobs.pool) as one job with its budget's time limit
(api.budget): past it the worker is killed and replaced. The pool has one worker per place
in those budgets, so the budgets' waiting and 503s decide who runs, and a request never
waits for a worker. The request's thread only waits on a pipe.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from api.budget import BUDGETS, Budget
from api.settings import Settings
from kg.jobs import Job, Reply, WorkerLost
from kg.jobs.pool import Workers
from kg.store import Store, StoreError

# The budgets whose endpoints run as jobs, and the job kinds they run.
BUDGETED = {"export": ("export",), "view": ("view", "view-data"), "graph": ("graph",)}


class GraphJobs:
    """Job workers for the whole-graph endpoints, over the app's store."""

    def __init__(self, store: Store, budgets: tuple[Budget, ...], *, memory_mb: int) -> None:
        self._store = store
        self._seconds = {kind: b.seconds for b in budgets for kind in BUDGETED.get(b.name, ())}
        size = sum(b.concurrent for b in budgets if b.name in BUDGETED)
        self._pool = Workers(
            store.location,
            max(1, size),
            memory_mb=memory_mb,
            snapshot=store.snapshot,
            name="whole-graph",
        )

    async def run(self, kind: str, params: dict) -> Reply:
        """Return the worker's answer to a job of `kind`; raise what its handler raised
        (GraphError, ExportError), or HTTPException 503 past the time limit or when the
        worker or the store failed."""
        job = Job(kind, params, seconds=self._seconds.get(kind))
        with unavailable_as_503():
            return await run_in_threadpool(self._pool.run, job)

    def start(self) -> None:
        self._pool.start()

    def busy(self) -> int:
        return self._pool.busy()

    def close(self) -> None:
        self._pool.close()


_MADE_HERE = threading.Lock()


def graph_jobs_of(request: Request) -> GraphJobs:
    """Return the app's graph jobs: create_app makes them; an app that only includes the
    routers (a test's) gets them on first use, with the default budgets and memory."""
    state = request.app.state
    with _MADE_HERE:
        if getattr(state, "graph_jobs", None) is None:
            state.graph_jobs = GraphJobs(state.store, BUDGETS, memory_mb=Settings().query_memory_mb)
    return state.graph_jobs


@contextmanager
def unavailable_as_503() -> Iterator[None]:
    """Turn a worker that died or a store that cannot be read into 503: not the client's fault."""
    try:
        yield
    except (WorkerLost, StoreError) as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "5"}) from None
