"""Ingest of real news at volume: PolNeAR train + dev (924 political news articles, 2016).

    python bench/ingest_real.py [--splits train dev] [--workers 1] [--keep DIR]
    python -m bench.ingest_real --rates   # in this process: rate at start and end, against spaCy
    python -m bench.ingest_real --rates --splits dev --articles 40   # a part, to try a change

Exports the splits with ../shared/eval/polnear.py into a temporary folder, runs `kg ingest`
on it as a user would (a fresh store), and prints articles/s, failures and the exit code.
Target (issue #12): 0 failures, exit 0. The texts stay in ../shared: nothing is written into
the repository.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
KG = str(Path(sys.executable).with_name("kg"))


def export(split: str, folder: Path) -> int:
    """Write a PolNeAR split's texts into `folder`; return how many there are."""
    subprocess.run(
        [sys.executable, str(EVAL / "polnear.py"), "export", split, str(folder)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return len(list(folder.glob("*.txt")))


def bare_parses(texts: list[str], quarter: int) -> tuple[float, float, float]:
    """Return the CPU seconds of bare `nlp.pipe` over the first quarter, all, and the last quarter."""
    from kg.extract.nlp import load_nlp

    nlp = load_nlp()

    def bare(part: list[str]) -> float:
        start = time.process_time()
        for _ in nlp.pipe(part, batch_size=64):
            pass
        return time.process_time() - start

    bare(texts[:20])  # load and warm the model before timing
    return bare(texts[:quarter]), bare(texts), bare(texts[-quarter:])


def rates(folders: list[Path], limit: int | None = None) -> None:
    """Ingest in this process and print, in CPU seconds (the wall clock of a shared machine
    measures the neighbours): the rate over the first and the last quarter of the articles
    (target: the end >= 0.7x the start), each against bare `nlp.pipe` of the same quarter (the
    articles differ in length: the ratio to spaCy is what must not grow), and the whole ingest
    against bare `nlp.pipe` of all the texts (target <= 1.3). `limit`: the first articles only."""
    from kg.ingest import ingest, input_files
    from kg.store import Store

    paths = input_files(folders)[:limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    quarter = max(1, len(texts) // 4)
    # In a child process: spaCy's batches of 64 whole articles peak at over 1 GB, which the
    # peak memory of this process would otherwise report as the ingest's.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        bare_first, bare_all, bare_last = child.submit(bare_parses, texts, quarter).result()
    marks: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kg-ingest-real-") as tmp, Store(str(Path(tmp) / "db")) as db:
        start = time.process_time()
        report = ingest(paths, db, progress=lambda _: marks.append(time.process_time() - start))
    done = len(marks)
    first, last = marks[quarter - 1], marks[-1] - marks[done - quarter - 1]
    print(f"== in-process ingest of {done} articles ({len(report.failed)} failed), CPU seconds")
    print(f"   kg ingest {marks[-1]:.0f} s, bare nlp.pipe {bare_all:.0f} s: ratio {marks[-1] / bare_all:.2f}")
    print(
        f"   first {quarter}: {quarter / first:.2f} articles/s ({first / bare_first:.2f}x spaCy); "
        f"last {quarter}: {quarter / last:.2f} articles/s ({last / bare_last:.2f}x spaCy)"
    )
    print(
        f"   rate at the end / at the start: {first / last:.2f}; "
        f"against spaCy on the same texts: {(first / bare_first) / (last / bare_last):.2f} (target >= 0.7)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"   peak memory of the ingest {peak:.0f} MB (target < 1000; the bare parses ran apart)")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--splits", nargs="+", default=["train", "dev"])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rates", action="store_true", help="ingest in this process; print rates")
    parser.add_argument(
        "--articles", type=int, help="with --rates: the first N only (quarters need 128 at least)"
    )
    args = parser.parse_args()
    if not (EVAL / "polnear.py").exists():
        print(f"skipped: {EVAL} is absent (PolNeAR lives in ../shared/eval)")
        return 0
    if args.rates:
        with tempfile.TemporaryDirectory(prefix="kg-ingest-real-") as tmp:
            folders = [Path(tmp) / split for split in args.splits]
            for split, folder in zip(args.splits, folders, strict=True):
                export(split, folder)
            rates(folders, args.articles)
        return 0
    with tempfile.TemporaryDirectory(prefix="kg-ingest-real-") as tmp:
        folders = [Path(tmp) / split for split in args.splits]
        count = sum(export(split, folder) for split, folder in zip(args.splits, folders, strict=True))
        started = time.perf_counter()
        done = subprocess.run(
            [
                KG,
                "ingest",
                "--store",
                str(Path(tmp) / "db"),
                "--workers",
                str(args.workers),
                *map(str, folders),
            ],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    ingested = re.search(r"ingested (\d+) articles", summary)
    failed = re.search(r"(\d+) failed", summary)
    skipped = re.search(r"(\d+) already stored", summary)
    for line in done.stderr.splitlines():
        if line.startswith(("failed:", "error:")):
            print(line)
    stored = int(ingested.group(1)) if ingested else 0
    print(f"PolNeAR {'+'.join(args.splits)}: {count} articles, workers={args.workers}")
    print(f"  stored   {stored}")
    print(f"  skipped  {skipped.group(1) if skipped else '?'} (the same text as another file)")
    print(f"  failed   {failed.group(1) if failed else '?'}")
    print(f"  exit     {done.returncode}")
    print(f"  seconds  {seconds:.0f} (whole command, model load included)")
    print(f"  rate     {stored / seconds:.2f} articles/s")
    print(f"  kg says: {summary}")
    same = int(skipped.group(1)) if skipped else 0
    return 0 if done.returncode == 0 and stored + same == count else 1


if __name__ == "__main__":
    sys.exit(main())
