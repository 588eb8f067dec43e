"""Ingest at scale: throughput against bare spaCy, 2 workers against 1, and memory over a big corpus.

    python bench/ingest_scale.py [--articles 200] [--memory-articles 5000] [--every 500]

All figures are measured in this run, on synthetic wire stories (bench/synthetic.py):
(a) `kg ingest` (parse, extract, resolve, track, store) against bare `nlp.pipe` of the same
    model on the same texts (target <= 1.3), and with 2 parser workers against 1
    (target >= 1.6 on 2 cores);
(b) resident memory and ingest rate while ingesting --memory-articles articles, sampled every
    --every articles (targets: memory flat, under 1 GB; the rate at the end >= 0.7x the rate
    at the start: the cost of a batch must not grow with the groups it joins).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from bench.synthetic import articles
from kg.extract.nlp import load_nlp
from kg.ingest import ingest
from kg.store import Store


def write_corpus(folder: Path, n: int, seed: int) -> list[Path]:
    paths = []
    for i, text in enumerate(articles(n, seed=seed)):
        path = folder / f"a{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def rss_mb() -> float:
    """Return the current resident set size in MB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def timed_ingest(paths: list[Path], workers: int) -> float:
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        start = time.perf_counter()
        report = ingest(paths, store, workers=workers)
        elapsed = time.perf_counter() - start
    assert report.ok and len(report.ingested) == len(paths)
    return elapsed


def throughput(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), n, seed=1)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        nlp = load_nlp()
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        bare = time.perf_counter() - start
        one = timed_ingest(paths, workers=1)
        two = timed_ingest(paths, workers=2)
    print(f"== (a) throughput on {n} articles")
    print(f"   bare nlp.pipe        {bare:7.2f} s  ({n / bare:6.1f} articles/s)")
    print(
        f"   kg ingest, 1 worker  {one:7.2f} s  ({n / one:6.1f} articles/s)  ratio to bare {one / bare:.2f}"
        " (target <= 1.3)"
    )
    print(
        f"   kg ingest, 2 workers {two:7.2f} s  ({n / two:6.1f} articles/s)  speed-up {one / two:.2f}"
        " (target >= 1.6)"
    )


def memory(n: int, every: int = 500) -> None:
    samples: list[tuple[int, float]] = []
    rates: list[float] = []
    cpu_rates: list[float] = []  # per CPU second: on a shared machine the wall clock measures the neighbours
    done = 0
    lap, cpu = time.perf_counter(), time.process_time()

    def progress(item) -> None:
        nonlocal done, lap, cpu
        done += 1
        if done % every == 0:
            samples.append((done, rss_mb()))
            rates.append(every / (time.perf_counter() - lap))
            cpu_rates.append(every / (time.process_time() - cpu))
            lap, cpu = time.perf_counter(), time.process_time()
            # As it goes: a slowdown or a growth shows long before the run ends.
            print(
                f"   {done:>5} articles: {samples[-1][1]:.0f} MB, {rates[-1]:.1f} articles/s, "
                f"{cpu_rates[-1]:.1f} per CPU second",
                flush=True,
            )

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(corpus, n, seed=2)
        start_rss = rss_mb()
        print(f"== (b) memory while ingesting {n} articles (before: {start_rss:.0f} MB)", flush=True)
        with Store(str(Path(tmp) / "store")) as store:
            start = time.perf_counter()
            report = ingest([corpus], store, progress=progress)
            elapsed = time.perf_counter() - start
            stats = store.stats()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"   {len(report.ingested)} stored in {elapsed:.0f} s, {stats.triples:,} triples")
    print(f"   peak: {peak:.0f} MB (target < 1000)")
    if len(rates) >= 2:
        print(
            f"   rate: {rates[0]:.1f} articles/s over the first {every}, {rates[-1]:.1f} over the last:"
            f" {rates[-1] / rates[0]:.2f}x (target >= 0.7)"
        )
        print(
            f"   per CPU second: {cpu_rates[0]:.1f} over the first {every}, {cpu_rates[-1]:.1f} over the"
            f" last: {cpu_rates[-1] / cpu_rates[0]:.2f}x (target >= 0.7)"
        )
    if len(samples) >= 2:
        growth = samples[-1][1] - samples[0][1]
        per_1000 = growth / ((samples[-1][0] - samples[0][0]) / 1000)
        span = f"{samples[0][0]} to {samples[-1][0]} articles"
        print(f"   growth from {span}: {growth:+.0f} MB ({per_1000:+.1f} MB per 1,000 articles)")


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--memory-articles", type=int, default=5000)
    parser.add_argument("--every", type=int, default=500)
    args = parser.parse_args()
    if args.articles:
        throughput(args.articles)
    memory(args.memory_articles, args.every)


if __name__ == "__main__":
    main()
