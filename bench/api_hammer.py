"""/healthz latency of a real `kg serve` while 16 clients hammer its most expensive endpoints.

Builds a store of the seeds and copies of them (at least --articles articles), starts `kg
serve` on it, measures /healthz alone, then runs --clients clients for --seconds, each
looping on `GET /export?format=jsonld` and `GET /view?limit=5000`, while one more client
asks /healthz every 20 ms. Prints /healthz p50/p99/max alone and under the hammer (target:
p99 < 100 ms), and how the hammering requests were answered (200, or 503 from the budgets of
api/budget.py), and the p99 under the hammer over the p99 alone (the machine's other load
cancels out of that ratio). Asserts nothing.

    .venv/bin/python bench/api_hammer.py [--articles 300] [--seconds 20] [--clients 16] [--copy STORE]
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_latency import build_store  # noqa: E402
from bench.api_load import Server, percentile  # noqa: E402
from kg.store import Store  # noqa: E402

TARGETS = ("/export?format=jsonld", "/view?limit=5000")
PROBE_EVERY = 0.02


def probe(base: str, until: float) -> list[float]:
    """Return the latencies (s) of /healthz asked every PROBE_EVERY s until `until`."""
    times: list[float] = []
    with httpx.Client(timeout=60) as http:
        while time.monotonic() < until:
            started = time.perf_counter()
            http.get(f"{base}/healthz").raise_for_status()
            times.append(time.perf_counter() - started)
            time.sleep(PROBE_EVERY)
    return times


def hammer(
    base: str,
    until: float,
    counts: collections.Counter,
    lock: threading.Lock,
    offset: int,
    targets: tuple[str, ...],
) -> None:
    with httpx.Client(timeout=120) as http:
        turn = offset
        while time.monotonic() < until:
            target = targets[turn % len(targets)]
            turn += 1
            try:
                status = str(http.get(f"{base}{target}").status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            with lock:
                counts[(target, status)] += 1


def report(name: str, times: list[float]) -> None:
    ms = [t * 1000 for t in times]
    print(
        f"{name:<28} p50 {percentile(ms, 50):7.1f} ms   p99 {percentile(ms, 99):7.1f} ms   "
        f"max {max(ms):7.1f} ms   n={len(ms)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="At least this many articles.")
    parser.add_argument("--seconds", type=float, default=20.0, help="How long the hammer runs.")
    parser.add_argument("--clients", type=int, default=16, help="Clients hammering at once.")
    parser.add_argument("--copy", type=Path, help="Serve a copy of this store instead of building one.")
    parser.add_argument("--only", choices=TARGETS, help="Hammer this endpoint only.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        if args.copy:
            shutil.copytree(args.copy, Path(folder) / "store")
            store = Store(str(Path(folder) / "store"))
        else:
            store = build_store(Path(folder) / "store", 0, articles=args.articles)
        stats = store.stats()
        store.close()
        print(
            f"store: {stats.articles} articles, {stats.triples:,} triples "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        with Server(Path(folder) / "store", token="hammer", log=Path(folder) / "serve.log") as server:
            alone = probe(server.base, time.monotonic() + 3)
            report("/healthz alone", alone)
            counts: collections.Counter = collections.Counter()
            lock = threading.Lock()
            until = time.monotonic() + args.seconds
            clients = [
                threading.Thread(
                    target=hammer,
                    args=(server.base, until, counts, lock, i, (args.only,) if args.only else TARGETS),
                )
                for i in range(args.clients)
            ]
            for client in clients:
                client.start()
            time.sleep(1)  # the hammer is under way
            under_load = probe(server.base, until)
            for client in clients:
                client.join()
            report(f"/healthz, {args.clients} clients", under_load)
            # Same run, same machine: how much the hammer adds, whatever else the machine runs.
            ratio = percentile(under_load, 99) / percentile(alone, 99)
            print(f"{'p99 hammered / alone':<28} {ratio:.1f}x   (load average {os.getloadavg()[0]:.1f})")
            print(f"\n{'hammering request':<28} {'answer':<22} count")
            for (target, status), count in sorted(counts.items()):
                print(f"{target:<28} {status:<22} {count}")
            print("\ntarget: /healthz p99 < 100 ms under the hammer")


if __name__ == "__main__":
    main()
