"""Ingest of real news at volume: PolNeAR train + dev (924 political news articles, 2016).

    python bench/ingest_real.py [--splits train dev] [--workers 1]   # `kg ingest`, as a user runs it
    python -m bench.ingest_real --rates   # wall clock against bare nlp.pipe (1 and 2 processes),
                                          # ingest with --workers 1 then 2; rates at start and end
                                          # (--workers counts the ingesting process: 2 = one parser)
    python -m bench.ingest_real --rates --splits dev --workers 2 --articles 40   # a part, one run

Exports the splits with ../shared/eval/polnear.py into a temporary folder, runs `kg ingest`
on it as a user would (a fresh store), and prints articles/s, failures and the exit code.
Target (issue #12): 0 failures, exit 0. The texts stay in ../shared: nothing is written into
the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kg.ingest import input_files

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
KG = str(Path(sys.executable).with_name("kg"))
KIB = 1024  # ru_maxrss counts kibibytes (on Linux); memory is printed in MB of 10^6 bytes


def export(split: str, folder: Path) -> int:
    """Write a PolNeAR split's texts into `folder`; return how many there are."""
    subprocess.run(
        [sys.executable, str(EVAL / "polnear.py"), "export", split, str(folder)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return len(list(folder.glob("*.txt")))


def bare_parses(texts: list[str], quarter: int, n_process: int = 1) -> dict[str, float]:
    """Time bare `nlp.pipe` (batches of 64 texts, `n_process` processes) over the first quarter,
    all, and the last quarter of the texts: wall and CPU seconds (CPU of this process only)."""
    from kg.extract.nlp import load_nlp

    nlp = load_nlp()
    out: dict[str, float] = {}

    def bare(name: str, part: list[str]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(part, batch_size=64, n_process=n_process):
            pass
        out[f"{name} wall"], out[f"{name} cpu"] = time.perf_counter() - wall, time.process_time() - cpu

    bare("warm", texts[:20])  # load and warm the model before timing
    bare("all", texts)
    if n_process == 1:
        bare("first", texts[:quarter])
        bare("last", texts[-quarter:])
    return out


class TotalMemory:
    """The resident memory of this process and its children together, sampled every `every`
    seconds on a thread: its highest value is the peak of the sum (each process's own peak,
    ru_maxrss, may fall at another moment than the others')."""

    def __init__(self, every: float = 0.02) -> None:
        import psutil

        self._me, self._every, self.peak = psutil.Process(), every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TotalMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import psutil

        while not self._stop.wait(self._every):
            total = 0
            for process in (self._me, *self._me.children(recursive=True)):
                with contextlib.suppress(psutil.Error):  # a child that just ended
                    total += process.memory_info().rss
            self.peak = max(self.peak, total / 1e6)


def ingest_run(paths: list[Path], workers: int) -> dict:
    """Ingest into a fresh store in this (child) process: the wall clock at each article stored,
    CPU seconds of this process and of its parser processes, the peak memory of each, and the
    peak of their sum."""
    from kg.ingest import ingest
    from kg.store import Store

    marks: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="kg-ingest-real-") as tmp,
        Store(str(Path(tmp) / "db")) as db,
        TotalMemory() as total,
    ):
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest(
            paths, db, workers=workers, progress=lambda _: marks.append(time.perf_counter() - wall)
        )
        cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "marks": marks,
        "failed": len(report.failed),
        "cpu": cpu,
        "workers cpu": children.ru_utime + children.ru_stime,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * KIB / 1e6,
        # The largest of the parser processes (one with --workers 2; none with 1).
        "workers peak": children.ru_maxrss * KIB / 1e6 if workers > 1 else 0.0,
        "total peak": total.peak,
    }


def in_child(function, *args):
    """Run `function` in a fresh process: each run's peak memory and model load are its own."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        return child.submit(function, *args).result()


def rates(folders: list[Path], limit: int | None = None, workers: tuple[int, ...] = (1, 2)) -> None:
    """Print, in wall-clock seconds, bare `nlp.pipe` in one process (the issue's baseline) and in
    2 (spaCy's n_process), against `kg ingest` with 1 and 2 parser processes (target <= 1.3x the
    first); the rate over the first and the last quarter of the articles, each against bare
    `nlp.pipe` of the same quarter (target: the end >= 0.7x the start); CPU seconds of all the
    processes; peak memory (target < 1000 MB). Each run is a process of its own. The wall clock
    of a shared machine counts its neighbours too: the load average is printed alongside."""
    paths = input_files(folders)[:limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    quarter = max(1, len(texts) // 4)
    bare1 = in_child(bare_parses, texts, quarter)
    bare2 = in_child(bare_parses, texts, quarter, 2)
    base1, base2 = bare1["all wall"], bare2["all wall"]
    print(
        f"== {len(texts)} articles, wall-clock seconds "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(f"   bare nlp.pipe, 1 process   {base1:6.1f} s  (CPU {bare1['all cpu']:.1f} s)")
    print(f"   bare nlp.pipe, n_process=2 {base2:6.1f} s")
    for n in workers:
        run = in_child(ingest_run, paths, n)
        marks = run["marks"]
        done = len(marks)
        first, last = marks[quarter - 1], marks[-1] - marks[done - quarter - 1]
        print(
            f"   kg ingest --workers {n}     {marks[-1]:6.1f} s: {marks[-1] / base1:.2f}x bare 1 process, "
            f"{marks[-1] / base2:.2f}x bare n_process=2; {done} stored, {run['failed']} failed"
        )
        print(
            f"      CPU {run['cpu']:.1f} s here + {run['workers cpu']:.1f} s in parser processes "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
        parsers = n - 1
        each = f", parser process {run['workers peak']:.0f} MB" + (f" (x{parsers})" if parsers > 1 else "")
        print(
            f"      peak memory (RSS): ingesting process {run['peak']:.0f} MB{each if parsers else ''}; "
            f"all together {run['peak'] + parsers * run['workers peak']:.0f} MB at most (the sum of "
            f"the peaks), {run['total peak']:.0f} MB at once (sampled) (target < 1000)"
        )
        # What idle cores would allow at best: the busiest process, or all the CPU shared out.
        parsing = run["workers cpu"] / parsers if parsers else 0.0
        best = max(run["cpu"], parsing, (run["cpu"] + run["workers cpu"]) / (os.cpu_count() or 1))
        print(
            f"      on idle cores at best {best:.1f} s: {best / bare1['all cpu']:.2f}x the CPU of bare "
            "nlp.pipe in 1 process (an estimate from CPU seconds, for a busy machine)"
        )
        start, end = first / bare1["first wall"], last / bare1["last wall"]
        print(
            f"      first {quarter}: {quarter / first:.2f} articles/s ({start:.2f}x spaCy); "
            f"last {quarter}: {quarter / last:.2f} articles/s ({end:.2f}x spaCy); "
            f"end / start against spaCy {start / end:.2f} (target >= 0.7)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--splits", nargs="+", default=["train", "dev"])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="with --rates, each in turn")
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
            rates(folders, args.articles, tuple(args.workers))
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
                str(args.workers[0]),
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
    print(f"PolNeAR {'+'.join(args.splits)}: {count} articles, workers={args.workers[0]}")
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
