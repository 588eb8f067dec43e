"""A pool of job workers (kg.jobs.worker): run a job out of this process, within its limits.

The pool keeps up to `size` workers started (a job does not pay an interpreter's start-up),
hands each job to an idle worker and waits for the answer until the job's deadline; past
it, or when the worker dies (a crash, the memory or CPU limit), the worker is killed and a
new one started, and the caller gets QueryTimeout or WorkerLost at once. A full pool turns
the job away (PoolBusy) instead of queueing it. Waiting is a blocking call: async callers
run it on a thread (api.jobs), which waits on a pipe without holding the GIL.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
import threading
import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from multiprocessing import spawn
from pathlib import Path

from kg.jobs import Job, PoolBusy, Reply, WorkerLost
from kg.jobs import worker as job_worker
from kg.jobs.kinds import ENDING, KINDS, PRELOAD, error_for
from kg.sparql import QueryTimeout, time_limit_message
from kg.store import StoreError

# Extra time a job may take beyond its limit before its worker is killed: the worker's own
# clock (a query's, checked between rows) should report first.
GRACE_SECONDS = 0.5
START_SECONDS = 60.0  # for a new worker to import and open the store
MAX_REPLY_BYTES = 2**31 - 1
# Workers are forked from a fork server (one per process, started on first use) that has
# imported their libraries: not from this process, whose threads (the web server's, RocksDB's)
# a fork would copy in whatever state they are.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)
_WORKER_NAME = "kg-job-worker"
_preparation_data = spawn.get_preparation_data


def _without_main(name: str) -> dict:
    """multiprocessing makes each new process import the parent's __main__ (a script, the
    `kg` command, pytest) again; a worker needs nothing from it, and a script without an
    `if __name__ == "__main__"` guard would start its own workers in it. Drop that step for
    workers only."""
    data = _preparation_data(name)
    if name == _WORKER_NAME:
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


spawn.get_preparation_data = _without_main


class Workers:
    """At most `size` worker processes over the store at `location`, each running one job at a
    time in at most `memory_mb` of address space; `name` says what they run, in messages."""

    def __init__(
        self,
        location: str,
        size: int,
        *,
        memory_mb: int = 2048,
        snapshot: Callable[[], AbstractContextManager[str]] | None = None,
        name: str = "job",
    ) -> None:
        remote = location.startswith(("http://", "https://"))
        self.location = location if remote else str(Path(location).resolve())
        self.size = size
        self.memory_mb = memory_mb
        self.name = name
        # Where each job reads the store (Store.snapshot: a checkpoint of it as it is now, kept
        # while the job runs); without it, workers read `location` itself.
        self._snapshot = snapshot or nullcontext
        self._idle: list[_Worker] = []
        self._alive = 0
        self._closed = False
        self._lock = threading.Lock()
        # Workers also end when the pool is dropped unclosed (they end by themselves when
        # this process exits: their job pipe closes).
        weakref.finalize(self, _stop_all, self._idle)

    def start(self) -> None:
        """Start every worker now (else each starts when first needed)."""
        with self._lock:
            missing = self.size - self._alive
            self._alive += missing
        self._idle.extend(self._spawn() for _ in range(missing))

    def run(self, job: Job) -> Reply:
        """Return the answer to `job`; raise what its handler raised (kg.jobs.kinds.ERROR_KINDS),
        QueryTimeout past the deadline, WorkerLost if the worker died, StoreError, or
        PoolBusy if every worker is taken."""
        with self._snapshot() as source:  # before taking a worker: it waits for no checkpoint
            worker = self._take()
            try:
                return worker.ask(job, source)
            finally:
                self._give_back(worker, worker.alive())

    def busy(self) -> int:
        """Return how many workers are running a job now."""
        with self._lock:
            return self._alive - len(self._idle)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle = list(self._idle)
            self._idle.clear()
        _stop_all(idle)

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise PoolBusy(f"the {self.name} workers are shut down")
            if self._idle:
                return self._idle.pop()
            if self._alive >= self.size:
                raise PoolBusy(f"all {self.size} {self.name} workers are busy; try again in a moment")
            self._alive += 1
        try:
            return self._spawn()
        except BaseException:
            with self._lock:
                self._alive -= 1
            raise

    def _give_back(self, worker: _Worker, kept: bool) -> None:
        if not kept:  # killed or dead: a fresh one takes its place, started now
            worker.stop()
            try:
                worker = self._spawn()
            except OSError:
                with self._lock:
                    self._alive -= 1
                return
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                return
        worker.stop()

    def _spawn(self) -> _Worker:
        # A worker of jobs that each name their snapshot opens none before its first job.
        return _Worker(None if self._snapshot is not nullcontext else self.location, self.memory_mb)


def _stop_all(workers: list[_Worker]) -> None:
    for worker in list(workers):
        worker.stop()


class _Worker:
    def __init__(self, location: str | None, memory_mb: int) -> None:
        self._connection, theirs = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=job_worker.serve,
            args=(theirs, location, memory_mb),
            name=_WORKER_NAME,
            daemon=True,
        )
        self.process.start()
        theirs.close()
        self._ready = False

    def ask(self, job: Job, source: str | None = None) -> Reply:
        """Run `job` on the store at `source` (None: the worker's location)."""
        self._wait_ready()
        noun = KINDS[job.kind].noun
        message = {"kind": job.kind, "params": job.params, "store": source, "seconds": job.seconds}
        try:
            self._connection.send_bytes(json.dumps(message).encode())
        except OSError:
            raise self._lost(noun) from None
        wait = None if job.seconds is None else job.seconds + GRACE_SECONDS
        header = json.loads(self._receive(wait, job.seconds, noun))
        body = self._receive(5.0, job.seconds, noun)
        if header.get("ok"):
            return Reply(header, body)
        if header.get("error") in ENDING:  # the worker ends after saying so
            self.stop()
        raise error_for(header)

    def alive(self) -> bool:
        return self.process.exitcode is None

    def stop(self) -> None:
        """End the worker now (it may be inside work nothing else can interrupt)."""
        if self.process.exitcode is None:
            self.process.kill()
        self.process.join(10)
        self._connection.close()

    def _wait_ready(self) -> None:
        if self._ready:
            return
        started = self._receive(START_SECONDS, None, "")
        status = json.loads(started)
        if not status.get("ready"):
            self.stop()
            raise StoreError(status.get("message") or "the worker could not start")
        self._ready = True

    def _receive(self, seconds: float | None, limit: float | None, noun: str) -> bytes:
        """Return the worker's next message; past `seconds`, kill it and raise QueryTimeout."""
        try:
            if not self._connection.poll(seconds):
                self.stop()
                if limit is None:  # waiting for the worker to start, not for a job
                    raise StoreError(f"the worker did not start within {seconds:g} s")
                raise QueryTimeout(_time_limit(noun, limit))
            return self._connection.recv_bytes(MAX_REPLY_BYTES)
        except (EOFError, OSError):
            raise self._lost(noun) from None

    def _lost(self, noun: str) -> QueryTimeout | WorkerLost:
        """Return the error to report for a worker that died, after reaping it."""
        self.process.join(5)
        self.stop()
        code = self.process.exitcode or 0
        if code == -signal.SIGXCPU:
            return QueryTimeout(f"the {noun} used more CPU time than the time limit allows")
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        return WorkerLost(
            f"the {noun} stopped the process running it ({how}): it needed more memory than a job "
            "may use (KG_QUERY_MEMORY_MB), or it is too complex for the engine"
        )


def _time_limit(noun: str, seconds: float) -> str:
    if noun == "query":
        return time_limit_message(seconds)
    return f"the {noun} ran longer than its time limit of {seconds:g} s"
