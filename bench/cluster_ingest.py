"""Ingest on a Dask cluster against one process: articles/s of each, on the same articles.

    python bench/cluster_ingest.py [--articles 100] [--workers 2] [--scheduler tcp://HOST:8786]

Without --scheduler, a LocalCluster of --workers processes (one thread each) on 127.0.0.1.
The corpus is synthetic wire stories (bench/synthetic.py). Both runs write through the one
writer of kg.ingest, so the ratio shows what moving parsing and extraction off the writer's
process buys; on a 2-core machine the writer competes with the workers for the cores.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.ingest_scale import write_corpus
from kg.ingest import ingest
from kg.store import Store


def timed(paths: list[Path], cluster: str | None) -> float:
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        start = time.perf_counter()
        report = ingest(paths, store, cluster=cluster)
        elapsed = time.perf_counter() - start
    assert report.ok and len(report.ingested) == len(paths)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), args.articles, seed=3)
        timed(paths[:4], None)  # load spaCy and the embedder before timing
        one = timed(paths, None)
        print(f"== {args.articles} synthetic articles")
        print(f"   1 process           {one:7.2f} s  ({args.articles / one:6.1f} articles/s)")
        if args.scheduler:
            many = timed(paths, args.scheduler)
            where = args.scheduler
        else:
            from distributed import LocalCluster

            os.environ.setdefault("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
            with LocalCluster(
                n_workers=args.workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
            ) as cluster:
                timed(paths[:4], cluster.scheduler_address)  # workers load spaCy once
                many = timed(paths, cluster.scheduler_address)
            where = f"LocalCluster, {args.workers} worker processes"
        print(
            f"   cluster ({where})  {many:7.2f} s  ({args.articles / many:6.1f} articles/s)"
            f"  speed-up {one / many:.2f}"
        )
        print(f"   cores on this machine: {os.cpu_count()}")


if __name__ == "__main__":
    main()
