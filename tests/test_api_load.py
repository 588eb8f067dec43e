"""`kg serve` as a real process: 8 clients at once lose nothing; a kill mid-upload leaves whole articles.

The server runs on a temporary store and a free 127.0.0.1 port, with KG_API_TOKEN set; the
clients are httpx. The load runs KG_LOAD_SECONDS (default 10; `bench/api_load.py` runs the
same load for 30 s and prints more).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is not an installed package

from bench.api_load import Server, listed_articles, run_load, summary
from bench.synthetic import articles
from kg.vocab import ID

pytestmark = pytest.mark.slow
TOKEN = "load-test-token"
LOAD_SECONDS = float(os.environ.get("KG_LOAD_SECONDS", "6"))  # KG_LOAD_SECONDS=60 for a soak
UPLOAD_SIZE = 30
TIMEOUT = 120.0  # seconds any one request may take


def test_eight_clients_writing_and_querying_at_once_get_answers_and_lose_no_article(tmp_path: Path):
    with Server(tmp_path / "store", token=TOKEN, log=tmp_path / "serve.log") as server:
        started = time.perf_counter()
        calls = run_load(server, seconds=LOAD_SECONDS, clients=8)
        spent = time.perf_counter() - started
        listed = listed_articles(server.base)
        print(f"\n8 clients for {spent:.1f} s (KG_LOAD_SECONDS={LOAD_SECONDS:g}): {len(calls)} requests")
        print("\n".join(summary(calls, spent)))
        failed = [c for c in calls if c.failed]
        assert not failed, f"{len(failed)} failed, e.g. {failed[:3]}\n{server.log_tail()}"
    stored = [c.article_id for c in calls if c.article_id]
    assert len(stored) >= 8, "every client should have stored at least one article"
    assert len(set(stored)) == len(stored), "the articles posted were meant to be distinct"
    assert set(stored) <= listed, f"lost: {set(stored) - listed}"
    assert len(listed) == len(stored)


# --- a kill in the middle of an upload ------------------------------------------------------


@dataclass
class Crash:
    """What a SIGKILL in the middle of an upload left, with the server started again on the store."""

    server: Server
    upload: bytes  # the JSONL file posted
    stored: set[str]  # articles in the store after the restart
    seen_before_kill: int  # articles /healthz counted when the kill was sent
    outcome: str  # what the killed request got back


@pytest.fixture(scope="module")
def crash(tmp_path_factory) -> Iterator[Crash]:
    """Post a JSONL upload, SIGKILL the server as soon as its first article is visible, restart."""
    folder = tmp_path_factory.mktemp("crash")
    upload = "".join(
        json.dumps({"title": f"Wire {i}", "text": text}) + "\n"
        for i, text in enumerate(articles(UPLOAD_SIZE, seed=11))
    ).encode()
    server = Server(folder / "store", token=TOKEN, log=folder / "serve.log").start()
    try:
        seen, outcome = _kill_during_upload(server, upload)
        server.start()
        yield Crash(server, upload, listed_articles(server.base), seen, outcome)
    finally:
        server.stop()


def _kill_during_upload(server: Server, upload: bytes) -> tuple[int, str]:
    """Return how many articles were visible at the kill, and what the upload got back."""
    outcome: list[str] = []

    def post() -> None:
        try:
            response = httpx.post(
                f"{server.base}/articles",
                files={"file": ("wire.jsonl", upload)},
                headers=server.auth,
                timeout=TIMEOUT,
            )
            outcome.append(f"HTTP {response.status_code}")
        except httpx.HTTPError as exc:
            outcome.append(type(exc).__name__)

    poster = threading.Thread(target=post)
    poster.start()
    seen = 0
    deadline = time.monotonic() + TIMEOUT
    while poster.is_alive() and time.monotonic() < deadline:  # kill once the upload is under way
        seen = httpx.get(f"{server.base}/healthz", timeout=10).json()["articles"]
        if seen:
            break
        time.sleep(0.05)
    server.kill()
    poster.join(timeout=30)
    return seen, outcome[0] if outcome else "no answer"


def test_the_kill_lands_while_the_upload_is_in_flight(crash: Crash):
    assert crash.seen_before_kill > 0
    assert not crash.outcome.startswith("HTTP"), f"the upload finished before the kill: {crash.outcome}"


def test_an_upload_cut_by_a_kill_is_stored_whole_or_not_at_all(crash: Crash):
    assert len(crash.stored) in (0, UPLOAD_SIZE), f"{len(crash.stored)} of {UPLOAD_SIZE} articles stored"


def test_every_article_stored_before_a_kill_is_complete(crash: Crash):
    assert_complete(crash.server)


def test_the_upload_posted_again_after_a_kill_stores_every_article_once(crash: Crash):
    response = httpx.post(
        f"{crash.server.base}/articles",
        files={"file": ("wire.jsonl", crash.upload)},
        headers=crash.server.auth,
        timeout=TIMEOUT,
    )
    assert response.status_code == 201, response.text
    ingested = response.json()["ingested"]
    assert len({i["id"] for i in ingested}) == UPLOAD_SIZE
    assert {i["id"] for i in ingested if i["replaced"]} == crash.stored
    assert listed_articles(crash.server.base) == {i["id"] for i in ingested}
    assert_complete(crash.server)


def assert_complete(server: Server) -> None:
    """Fail unless every article graph has its Article node and every claim its evidence."""
    graphs = f"{ID}graph/"
    headless = sparql(
        server,
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{graphs}")) FILTER NOT EXISTS {{ GRAPH ?g {{ ?a a cg:Article }} }} }}',
    )
    assert headless == [], f"article graphs without an Article: {headless}"
    unsupported = sparql(server, "SELECT ?c WHERE { ?c a cg:Claim FILTER NOT EXISTS { ?c cg:evidence ?e } }")
    assert unsupported == [], f"claims without evidence: {unsupported}"
    orphans = sparql(server, "SELECT ?c WHERE { ?c cg:reportedIn ?a FILTER NOT EXISTS { ?a a cg:Article } }")
    assert orphans == [], f"claims or agreements of no stored article: {orphans}"


def sparql(server: Server, query: str) -> list[dict]:
    response = httpx.get(f"{server.base}/sparql", params={"query": query}, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]
