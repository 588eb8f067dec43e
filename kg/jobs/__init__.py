"""Work done out of the serving process, where it can be stopped: one place for every job kind.

Anything a stranger can make expensive (user SPARQL, the whole-graph export, the graph page)
runs in a worker process (kg.jobs.worker), never on the server's threads: neither Oxigraph
nor the C and Python code that writes an export or builds a page can be interrupted, and
while they run they hold the GIL that the server's event loop (/healthz, every cheap
request) needs. kg.jobs.pool keeps the workers, hands each job to one, and kills it past the
job's deadline; kg.jobs.kinds names the job kinds, the handler that runs each, and the
errors that cross back.

A job is JSON going in, a JSON header and bytes coming out: nothing a worker sends is
unpickled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.sparql import QueryError

# The longest time limit a job may have: past a day a limit is none, and past ~1e9 seconds the
# OS cannot wait that long (a --timeout of 1e300 overflowed the wait).
MAX_SECONDS = 86_400.0


@dataclass(frozen=True)
class Job:
    """One piece of work: its kind (a name in kg.jobs.kinds.KINDS), the handler's arguments
    (JSON values) and its time limit."""

    kind: str
    params: dict = field(default_factory=dict)
    seconds: float | None = None


@dataclass(frozen=True)
class Reply:
    """What the handler said of its answer (JSON), and the answer itself."""

    header: dict
    body: bytes


class PoolBusy(RuntimeError):
    """Every worker of the pool is taken (the job is turned away, not queued)."""


class WorkerLost(QueryError):
    """The worker running the job died (a crash, or past its memory or CPU limit)."""
