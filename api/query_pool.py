"""Worker threads for /sparql: at most N queries at once, each answered within a deadline.

Oxigraph releases the GIL while it evaluates, but a query cannot be stopped from Python
once Oxigraph is inside it. So each query runs on its own daemon thread and the request
waits for it only until the deadline: past it the client gets a clear 503 at once, the
thread is told to stop (it does, before taking its next row) and its slot stays taken
until Oxigraph hands control back. Lookups and the rest of the API never wait on these
threads; a full pool turns new queries away at once instead of queueing them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from kg.sparql import QueryTimeout, time_limit_message

T = TypeVar("T")
# Extra time the request waits beyond the deadline, so that a query which stops on its own
# (between rows) reports that itself rather than racing this clock.
_GRACE_SECONDS = 0.25


class PoolBusy(RuntimeError):
    pass


class QueryPool:
    """Runs query jobs on their own threads, `workers` at most at a time."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._running = 0
        self._lock = threading.Lock()

    async def run(self, job: Callable[[threading.Event], T], *, timeout: float) -> T:
        """Return what `job(cancelled)` returns; raise QueryTimeout if it takes over `timeout` s.

        Raise PoolBusy if every worker is taken (by queries that may be past their own deadline).
        """
        with self._lock:
            if self._running >= self.workers:
                raise PoolBusy(
                    f"all {self.workers} query workers are busy (KG_QUERY_WORKERS); try again in a moment"
                )
            self._running += 1
        cancelled = threading.Event()
        future: Future[T] = Future()

        def work() -> None:
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(job(cancelled))
                    except BaseException as exc:  # handed to the waiting request
                        future.set_exception(exc)
            finally:
                with self._lock:
                    self._running -= 1

        threading.Thread(target=work, name="kg-sparql-query", daemon=True).start()
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout + _GRACE_SECONDS)
        except TimeoutError:
            cancelled.set()
            raise QueryTimeout(time_limit_message(timeout)) from None

    def busy(self) -> int:
        """Return how many workers are taken now, by queries in time or past it."""
        with self._lock:
            return self._running
