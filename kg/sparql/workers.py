"""User SPARQL, run where it can be stopped: query jobs for the job workers (kg.jobs.pool).

A query may be anything a stranger writes, and neither rdflib's parser nor Oxigraph can be
interrupted from Python, so each query is checked (kg.sparql.check) and evaluated in a
worker process (kg.sparql.worker holds the handler), killed past its deadline. The answer
comes back written in the format asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg import jobs
from kg.jobs import PoolBusy, WorkerLost
from kg.jobs.pool import Workers
from kg.sparql.results import FormatUnfit

__all__ = ["FormatUnfit", "Job", "PoolBusy", "QueryWorkers", "Reply", "WorkerLost"]


@dataclass(frozen=True)
class Job:
    """One query: its text, its limits, and the format
    (a kg.sparql.results name) to write each kind of answer in (None: that kind is not acceptable)."""

    query: str
    seconds: float | None = None
    rows: int | None = None
    max_bytes: int | None = None  # of the answer as written
    formats: dict[str, str | None] = field(default_factory=lambda: {"results": "json", "graph": "turtle"})


@dataclass(frozen=True)
class Reply:
    form: str  # SELECT | ASK | CONSTRUCT
    format: str  # the kg.sparql.results format name the body is written in
    body: bytes


class QueryWorkers:
    """At most `size` query workers over the store at `location`, each running one query at a time."""

    def __init__(self, location: str, size: int, *, memory_mb: int = 2048, snapshot=None) -> None:
        self.workers = Workers(location, size, memory_mb=memory_mb, snapshot=snapshot, name="query")
        self.size = size

    def start(self) -> None:
        self.workers.start()

    def run(self, job: Job) -> Reply:
        """Return the answer to `job`; raise a QueryError (QueryTimeout past the deadline,
        WorkerLost if the worker died), StoreError, or PoolBusy if every worker is taken."""
        try:
            reply = self.workers.run(
                jobs.Job(
                    "query",
                    {
                        "query": job.query,
                        "rows": job.rows,
                        "max_bytes": job.max_bytes,
                        "formats": job.formats,
                    },
                    seconds=job.seconds,
                )
            )
        except PoolBusy:
            raise PoolBusy(
                f"all {self.size} query workers are busy (KG_QUERY_WORKERS); try again in a moment"
            ) from None
        return Reply(reply.header["form"], reply.header["format"], reply.body)

    def check_update(self, update: str, *, seconds: float | None, checkpoint: str | None = None) -> dict:
        """Return what the check of a SPARQL Update found (kg.sparql.worker.check_update), run in
        a worker, with a trial run on `checkpoint` (a copy of the store) if given; raise
        UpdateRefused, QueryTooComplex, QueryTimeout or QueryError."""
        params = {"update": update, "checkpoint": checkpoint}
        return self.workers.run(jobs.Job("update-check", params, seconds)).header

    def busy(self) -> int:
        return self.workers.busy()

    def close(self) -> None:
        self.workers.close()
