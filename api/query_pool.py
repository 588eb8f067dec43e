"""The /sparql query workers, for async requests: kg.sparql.workers, waited on from a thread.

Each query is checked and evaluated in a worker process (kg.sparql.worker) with a memory
limit, a CPU limit and a wall-clock deadline: past the deadline the request gets a 503 at
once and the worker is killed and replaced, so no query keeps running after its answer was
given up. Lookups and the rest of the API never wait on these workers; a full pool turns new
queries away at once instead of queueing them. Updates sent with the token are checked, and
tried on a checkpoint of the store, by the same workers (api.sparql).
"""

from __future__ import annotations

from fastapi.concurrency import run_in_threadpool

from kg.sparql.workers import Job, PoolBusy, QueryWorkers, Reply
from kg.store import Store

__all__ = ["PoolBusy", "QueryPool"]


class QueryPool:
    """Query worker processes over the app's store, `workers` at most."""

    def __init__(self, store: Store, workers: int, *, memory_mb: int) -> None:
        self.workers = workers
        self._pool = QueryWorkers(store.location, workers, memory_mb=memory_mb, snapshot=store.snapshot)

    async def run(self, job: Job) -> Reply:
        """Return the worker's answer to `job`; raise PoolBusy, or a QueryError."""
        return await run_in_threadpool(self._pool.run, job)

    def check_update(self, update: str, *, seconds: float, checkpoint: str | None) -> dict:
        """Check a SPARQL Update in a worker and try it on `checkpoint` (a copy of the store), on
        the calling thread; raise UpdateRefused, QueryTooComplex, QueryTimeout or a QueryError."""
        return self._pool.check_update(update, seconds=seconds, checkpoint=checkpoint)

    def start(self) -> None:
        """Start every worker now, so that the first queries do not wait for one to start."""
        self._pool.start()

    def busy(self) -> int:
        """Return how many workers are running a query now."""
        return self._pool.busy()

    def close(self) -> None:
        self._pool.close()
