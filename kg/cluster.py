"""Parsing and extraction on a Dask cluster (dask.distributed); storing stays with one writer.

`kg ingest --cluster tcp://SCHEDULER:8786` sends the articles, a chunk per task, to the
cluster's workers, which parse and extract them (the costly part: spaCy). The results come
back in input order to the one process that resolves actors, writes the store and tracks
claims, so the store is the same as after a single-process ingest of the same articles:
actor resolution reads the names earlier articles gave, and one writer keeps transactions
and tracked groups consistent whether the store is embedded or a SPARQL server.

Start a cluster (the workers need Claimgraph and its spaCy model installed):

    dask scheduler --host 0.0.0.0 --port 8786
    dask worker tcp://SCHEDULER:8786 --nworkers 2 --nthreads 1   # on each machine
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from kg.article import Article, ArticleError
from kg.extract import Extraction, extract_all

# Articles per task: enough to amortise a task's round trip (a few ms) over spaCy's batches,
# few enough that every worker gets some of a small ingest.
CHUNK_SIZE = 8
# Tasks in flight per worker: each worker has its next chunks waiting while it parses one,
# and memory holds at most this many chunks' results per worker, however large the input.
# While the ingesting process writes and tracks a batch (32 articles), a worker may run this
# many chunks ahead: at 2 (16 articles) it waited for the writer; at 4, `kg ingest --workers 2`
# took 0.1-0.2x bare nlp.pipe less (300 PolNeAR train articles, twice each, same machine).
IN_FLIGHT_PER_WORKER = 4


def extract_on_cluster(
    articles: Iterable[Article],
    address: str,
    *,
    chunk_size: int = CHUNK_SIZE,
    on_error: Callable[[ArticleError], None] | None = None,
) -> Iterator[tuple[Article, Extraction]]:
    """Yield (article, extraction) for each article, in input order, extracted by the cluster at
    `address` (a scheduler address such as tcp://10.0.0.5:8786).

    As on one machine, an article whose extraction fails costs only itself: it is handed to
    `on_error`, named, with the reason, and the others go on (without `on_error`, it raises).
    A task that fails whole (a worker lost) fails the articles of its chunk, each named.
    """
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
        window: deque = deque()
        source = iter(articles)
        while chunk := list(islice(source, chunk_size)):
            window.append((chunk, client.submit(extract_chunk, chunk, pure=False)))
            while len(window) >= workers * IN_FLIGHT_PER_WORKER:
                yield from chunk_results(*window.popleft(), on_error)
        while window:
            yield from chunk_results(*window.popleft(), on_error)


def chunk_results(
    chunk: list[Article], task, on_error, stage: str = "extraction on the cluster"
) -> Iterator[tuple[Article, Extraction]]:
    """Yield the extractions of a chunk's finished task (Dask's or concurrent.futures'), in order;
    hand each failed article to `on_error` (without it, raise)."""
    from kg.ingest import failure, where

    try:
        done = task.result()
    except Exception as exc:  # the task itself failed: each of its articles is named
        if on_error is None:
            raise
        for article in chunk:
            on_error(failure(article, stage, exc))
        return
    for article, extraction, reason in done:
        if extraction is not None:
            yield article, extraction
            continue
        error = ArticleError(where(article), reason)  # an ArticleError does not travel: rebuilt
        if on_error is None:
            raise error
        on_error(error)


def extract_chunk(articles: list[Article]) -> list[tuple[Article, Extraction | None, str | None]]:
    """Parse and extract a chunk of articles (runs on a worker; its spaCy model loads once).

    Each article comes back with its extraction, or None and why it failed: spaCy parses in
    batches, so after a failure the chunk is extracted again one article at a time."""
    try:
        return [(article, extraction, None) for article, extraction in extract_all(articles)]
    except Exception:
        from kg.ingest import failure

        out: list[tuple[Article, Extraction | None, str | None]] = []
        for article in articles:
            try:
                ((_, extraction),) = extract_all([article])
                out.append((article, extraction, None))
            except Exception as exc:
                out.append((article, None, failure(article, "extraction", exc).reason))
        return out
