"""Parsing and extraction in worker processes of this machine (`kg ingest --workers N`).

The parent process resolves actors, writes the store and tracks claims (embeddings, the
comparison): about as much CPU as the parse itself, all of it holding the GIL. So the parse
and the rule extraction run in processes of a concurrent.futures pool, a chunk of articles
per task, and only the Extractions come back (small frozen dataclasses: cheap to pickle, where
spaCy's Docs are not, which is why `nlp.pipe(n_process=N)` in the parent gained nothing).
Results come back in input order, so the store ends as after a single-process ingest.

An article whose extraction raises costs only itself (kg.cluster.extract_chunk retries a failed
chunk one article at a time). A worker that dies (a crash, memory exhausted) breaks the pool:
the articles it had are then extracted again one at a time in a new pool, so the one that
kills its worker is named and the others go on.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from kg import allocator
from kg.article import Article, ArticleError
from kg.cluster import CHUNK_SIZE, IN_FLIGHT_PER_WORKER, chunk_results, extract_chunk
from kg.extract.model import Extraction
from kg.extract.nlp import load_nlp

OnError = Callable[[ArticleError], None]
STAGE = "extraction in a worker process"


def processes_start(workers: int) -> bool:
    """Whether `workers` processes can parse here, with a warning when not (one process parses).

    They are spawned, and a spawned process imports the main module again from its file: a
    script read from stdin ("python - < x.py") names a file ("<stdin>") that is not there, and
    every worker would die at start, each article then reported as lost. Interactive Python and
    `python -c` have no main file: their workers start."""
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    if path is None or os.path.isfile(path):
        return True
    warnings.warn(
        f"{workers} workers asked for, but this program was read from {path} and worker processes "
        "cannot start (they import it again from its file): parsing in this process",
        RuntimeWarning,
        stacklevel=3,
    )
    return False


def extract_in_processes(
    articles: Iterable[Article],
    workers: int,
    *,
    chunk_size: int = CHUNK_SIZE,
    on_error: OnError | None = None,
) -> Iterator[tuple[Article, Extraction]]:
    """Yield (article, extraction) for each article, in input order, extracted by `workers`
    processes. Without `on_error`, the first failure raises; with it, a failure costs one article."""
    pool = _pool(workers)
    try:
        window: deque[tuple[list[Article], Future]] = deque()
        source = iter(articles)
        while chunk := list(islice(source, chunk_size)):
            window.append((chunk, _submit(pool, chunk)))
            while len(window) >= workers * IN_FLIGHT_PER_WORKER:
                pool = yield from _drain(pool, workers, window, on_error)
        while window:
            pool = yield from _drain(pool, workers, window, on_error)
    finally:  # also when the consumer stops early (a full disk): no parse goes on for nothing
        pool.shutdown(wait=True, cancel_futures=True)


def _drain(pool: ProcessPoolExecutor, workers: int, window: deque, on_error: OnError | None):
    """Yield the results of the oldest chunk in flight; return the pool to go on with."""
    chunk, task = window.popleft()
    if not _broken(task):
        yield from chunk_results(chunk, task, on_error, stage=STAGE)
        return pool
    # A worker died, and the chunks in flight not yet done with it. Their articles are extracted
    # again one at a time in a pool of one, so only the article that kills its worker fails.
    lost = [(chunk, task), *window]
    window.clear()
    pool.shutdown(wait=True, cancel_futures=True)
    single = _pool(1)
    for chunk, task in lost:
        if not _broken(task):  # done before the worker died
            yield from chunk_results(chunk, task, on_error, stage=STAGE)
            continue
        for article in chunk:
            task = _submit(single, [article])
            if not _broken(task):
                yield from chunk_results([article], task, on_error, stage=STAGE)
                continue
            from kg.ingest import where  # not at the top: workers import this module, and need less

            single.shutdown(wait=True)
            single = _pool(1)
            error = ArticleError(where(article), "extraction failed: its worker process died")
            if on_error is None:
                raise error
            on_error(error)
    single.shutdown(wait=True)
    return _pool(workers)


def _broken(task: Future) -> bool:
    try:
        task.result()
    except BrokenProcessPool:
        return True
    except Exception:
        pass
    return False


def _submit(pool: ProcessPoolExecutor, chunk: list[Article]) -> Future:
    try:
        return pool.submit(extract_chunk, chunk)
    except BrokenProcessPool as exc:  # broken before this chunk: a failed future, handled alike
        failed: Future = Future()
        failed.set_exception(exc)
        return failed


def _pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the parent has threads (the writer) and an open store, unsafe to fork.
    context = multiprocessing.get_context("spawn")
    limit = load_nlp().max_length if load_nlp.cache_info().currsize else None
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(limit,))


def _start(max_length: int | None) -> None:
    """Load spaCy as the worker starts (while the parent reads its first articles), with the
    text limit the parent's pipeline has, if it has one loaded: the same articles pass."""
    # A worker outlives a parent killed outright (kill -9, the OOM killer): waiting for its
    # next task, it would hold its memory forever. It ends with the parent.
    threading.Thread(target=_end_with, args=(multiprocessing.parent_process(),), daemon=True).start()
    allocator.for_a_long_ingest()  # a parse's big arrays go back to the system when freed
    nlp = load_nlp()
    if max_length is not None:
        nlp.max_length = max_length


def _end_with(parent: multiprocessing.process.BaseProcess | None) -> None:
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)
