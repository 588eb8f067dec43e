"""Ingest of real news at volume: PolNeAR train + dev (924 political news articles, 2016).

    python bench/ingest_real.py [--splits train dev] [--workers 1] [--keep DIR]

Exports the splits with ../shared/eval/polnear.py into a temporary folder, runs `kg ingest`
on it as a user would (a fresh store), and prints articles/s, failures and the exit code.
Target (issue #12): 0 failures, exit 0. The texts stay in ../shared: nothing is written into
the repository.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--splits", nargs="+", default=["train", "dev"])
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if not (EVAL / "polnear.py").exists():
        print(f"skipped: {EVAL} is absent (PolNeAR lives in ../shared/eval)")
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
