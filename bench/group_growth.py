"""The cost of adding reports to a group that keeps growing: batch time at the start and the end.

    python bench/group_growth.py [--articles 640] [--batch 32]

Every article is one more report of the same claim by the same speaker (short texts, so that
parsing is small and the tracking cost shows), stored in batches as `kg ingest` does. Printed:
CPU seconds per batch over the first and the last quarter of the run, and their ratio
(target <= 1.4, i.e. the rate at the end >= 0.7x the rate at the start). CPU time, not wall
time: on a shared machine the wall clock measures the neighbours.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.article import from_text
from kg.ingest import ingest, ingest_articles
from kg.read.tracked import tracked
from kg.store import Store


def article(i: int) -> str:
    day = f"2024-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
    return (
        f"date {day}\npublisher Outlet {i % 40}\n\nPort, report {i}\n\n"
        f"Transport Minister Ama Owusu said the port of Tema will reopen to container ships in June, "
        f"officials reported on day {i}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=640)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    costs: list[float] = []
    cpu = time.process_time()

    stored = 0

    def progress(item) -> None:  # called for each article once its batch is written
        nonlocal cpu, stored
        stored += 1
        if stored % args.batch == 0:
            costs.append(time.process_time() - cpu)
            cpu = time.process_time()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(args.articles):
            (folder / f"a{i:05d}.txt").write_text(article(i), encoding="utf-8")
        with Store(str(Path(tmp) / "store")) as store:
            ingest_articles([from_text(article(-1))], store)  # load the models before timing
            cpu = time.process_time()
            report = ingest([folder], store, batch_size=args.batch, progress=progress)
            assert report.ok
            groups = tracked(store, kind="claim", limit=5)
    quarter = max(1, len(costs) // 4)
    first, last = sum(costs[:quarter]) / quarter, sum(costs[-quarter:]) / quarter
    print(f"== {args.articles} reports of one claim, batches of {args.batch} (kg ingest)")
    print(f"   largest group: {groups[0].articles if groups else 0} articles")
    print(f"   CPU per batch: first quarter {first:.2f} s, last quarter {last:.2f} s")
    print(f"   rate at the end / rate at the start: {first / last:.2f} (target >= 0.7)")


if __name__ == "__main__":
    main()
