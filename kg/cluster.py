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
from collections.abc import Iterable, Iterator
from itertools import islice

from kg.article import Article
from kg.extract import Extraction, extract_all

# Articles per task: enough to amortise a task's round trip (a few ms) over spaCy's batches,
# few enough that every worker gets some of a small ingest.
CHUNK_SIZE = 8
# Tasks in flight per worker: each worker has its next chunk waiting while it parses one,
# and memory holds at most this many chunks' results per worker, however large the input.
IN_FLIGHT_PER_WORKER = 2


def extract_on_cluster(
    articles: Iterable[Article], address: str, *, chunk_size: int = CHUNK_SIZE
) -> Iterator[tuple[Article, Extraction]]:
    """Yield (article, extraction) for each article, in input order, extracted by the cluster at
    `address` (a scheduler address such as tcp://10.0.0.5:8786)."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
        window: deque = deque()
        source = iter(articles)
        while chunk := list(islice(source, chunk_size)):
            window.append(client.submit(extract_chunk, chunk, pure=False))
            while len(window) >= workers * IN_FLIGHT_PER_WORKER:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def extract_chunk(articles: list[Article]) -> list[tuple[Article, Extraction]]:
    """Parse and extract a chunk of articles (runs on a worker; its spaCy model loads once)."""
    return list(extract_all(articles))
