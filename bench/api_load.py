"""Throughput and latency of a real `kg serve` under 8 clients writing and querying at once.

Starts `kg serve` on a temporary store and a free 127.0.0.1 port, then runs 8 clients for
30 s: each posts a distinct synthetic article (bench/synthetic.py), then asks /sparql a
SELECT and lists /articles three times each, and so on. Prints requests per second and
p50/p90/p99 latency per kind of request, and checks that every article a POST accepted is
listed at the end. Asserts no timing; tests/test_api_load.py runs the same load, shorter,
and asserts that nothing failed.

    .venv/bin/python bench/api_load.py [--seconds 30] [--clients 8]
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import articles  # noqa: E402

KG = Path(sys.executable).with_name("kg")
POST, SPARQL, LIST = "POST /articles", "GET /sparql", "GET /articles"
# Who agreed to what: a join over every article, so it grows with the store as writes land.
WHO_AGREED = """SELECT ?party ?outcome WHERE {
  ?p cg:agreedTo ?o . ?p rdfs:label ?party . ?o rdfs:label ?outcome
} ORDER BY ?party ?outcome LIMIT 50"""
REQUEST_SECONDS = 120.0  # no single request may take longer (a write waits for the others)
MAX_REQUESTS_PER_CLIENT = 5_000
# What each client does in turn: writes wait for one another (one at a time), reads do not.
ROUND = (POST, SPARQL, LIST, SPARQL, LIST, SPARQL, LIST)


@dataclass(frozen=True)
class Call:
    """One request of the load: its kind, how long it took, and how it ended."""

    kind: str
    seconds: float
    status: int | None  # None: no HTTP response at all (connection refused, reset, time-out)
    error: str | None = None
    article_id: str | None = None  # the id a POST stored

    @property
    def failed(self) -> bool:
        return self.status is None or not 200 <= self.status < 300


class Server:
    """`kg serve` as a child process on a free 127.0.0.1 port, its output in `log`."""

    def __init__(self, store: Path, *, token: str, log: Path, env: dict[str, str] | None = None) -> None:
        self.store, self.token, self.log = store, token, log
        self.env = {**os.environ, **(env or {}), "KG_API_TOKEN": token}
        self.process: subprocess.Popen | None = None
        self.base = ""

    def start(self, *, timeout: float = 120.0) -> Server:
        """Start the server and return once /healthz answers; raise RuntimeError if it does not."""
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        with self.log.open("ab") as out:  # a file, not a pipe: a full pipe would block the server
            self.process = subprocess.Popen(
                [str(KG), "serve", "--store", str(self.store), "--host", "127.0.0.1", "--port", str(port)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kg serve exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"kg serve did not answer /healthz within {timeout:g} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the server, as a crash or the OOM killer would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self, *, timeout: float = 15.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it lingers)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_load(server: Server, *, seconds: float, clients: int = 8) -> list[Call]:
    """Return every call made by `clients` threads posting and querying for `seconds`."""
    texts = articles(clients * MAX_REQUESTS_PER_CLIENT)  # distinct: each says "report {i}"
    take = threading.Lock()
    deadline = time.monotonic() + seconds
    calls: list[list[Call]] = [[] for _ in range(clients)]

    def next_text() -> str:
        with take:
            return next(texts)

    def client(made: list[Call]) -> None:
        with httpx.Client(base_url=server.base, timeout=REQUEST_SECONDS) as http:
            for kind in itertools.islice(itertools.cycle(ROUND), MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= deadline:
                    return
                made.append(_call(http, server, kind, next_text))

    threads = [
        threading.Thread(target=client, args=(made,), name=f"load-{i}") for i, made in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 2 * REQUEST_SECONDS)
    return [call for made in calls for call in made]


def listed_articles(base: str) -> set[str]:
    """Return the ids /articles lists, page by page."""
    found: set[str] = set()
    with httpx.Client(base_url=base, timeout=REQUEST_SECONDS) as http:
        for offset in itertools.count(0, 500):
            page = http.get("/articles", params={"limit": 500, "offset": offset}).raise_for_status().json()
            found.update(item["id"] for item in page["items"])
            if offset + 500 >= page["total"]:
                return found
    return found


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def summary(calls: list[Call], seconds: float) -> Iterator[str]:
    """Yield report lines: per kind of request, count, rate, failures and latency percentiles."""
    yield f"{'request':<16} {'n':>6} {'req/s':>7} {'failed':>7} {'p50':>9} {'p90':>9} {'p99':>9} {'max':>9}"
    for kind in (POST, SPARQL, LIST):
        times = [c.seconds * 1000 for c in calls if c.kind == kind]
        if not times:
            continue
        failed = sum(c.failed for c in calls if c.kind == kind)
        p50, p90, p99 = (percentile(times, q) for q in (50, 90, 99))
        yield (
            f"{kind:<16} {len(times):>6} {len(times) / seconds:>7.1f} {failed:>7} "
            f"{p50:>7.0f}ms {p90:>7.0f}ms {p99:>7.0f}ms {max(times):>7.0f}ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="How long the clients run.")
    parser.add_argument("--clients", type=int, default=8, help="Clients running at once.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder) / "store", token="bench-token", log=Path(folder) / "serve.log")
        with server:
            started = time.perf_counter()
            calls = run_load(server, seconds=args.seconds, clients=args.clients)
            spent = time.perf_counter() - started
            stored = {c.article_id for c in calls if c.article_id}
            lost = stored - listed_articles(server.base)
        print(f"{args.clients} clients for {spent:.1f} s: {len(calls)} requests, {len(calls) / spent:.1f}/s")
        for line in summary(calls, spent):
            print(line)
        failures = [c for c in calls if c.failed]
        for call in failures[:10]:
            print(f"failed: {call.kind} -> {call.status} {call.error}")
        print(f"articles stored: {len(stored)}, listed by /articles at the end: {len(stored) - len(lost)}")
        if failures or lost:
            raise SystemExit(f"{len(failures)} failed requests, {len(lost)} lost articles")


def _call(http: httpx.Client, server: Server, kind: str, next_text) -> Call:
    started = time.perf_counter()
    try:
        if kind == POST:
            response = http.post(
                "/articles", content=next_text(), headers={**server.auth, "Content-Type": "text/plain"}
            )
        elif kind == SPARQL:
            response = http.get("/sparql", params={"query": WHO_AGREED})
        else:
            response = http.get("/articles", params={"limit": 50})
    except httpx.HTTPError as exc:
        return Call(kind, time.perf_counter() - started, None, f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    if not 200 <= response.status_code < 300:
        return Call(kind, seconds, response.status_code, response.text[:200])
    stored = response.json()["ingested"][0]["id"] if kind == POST else None
    return Call(kind, seconds, response.status_code, article_id=stored)


if __name__ == "__main__":
    main()
