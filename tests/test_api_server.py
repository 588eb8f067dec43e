"""`kg serve` as a real process on a free port, queried by a real SPARQL client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, SPARQLWrapper

pytestmark = pytest.mark.slow
KG = Path(sys.executable).with_name("kg")
WHO_AGREED = """
SELECT ?party ?outcome WHERE { ?p cg:agreedTo ?o . ?p rdfs:label ?party . ?o rdfs:label ?outcome }
ORDER BY ?party ?outcome
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(seeded_location: Path, tmp_path: Path):
    """Yield the base URL of `kg serve` running on a copy of the seeded store."""
    store = tmp_path / "store"
    shutil.copytree(seeded_location, store)
    port = free_port()
    env = {**os.environ, "KG_QUERY_TIMEOUT": "5"}
    env.pop("KG_API_TOKEN", None)
    process = subprocess.Popen(
        [str(KG), "serve", "--store", str(store), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/healthz", process, seconds=60)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_for(url: str, process: subprocess.Popen, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            pytest.fail(f"kg serve exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"kg serve did not answer {url} within {seconds} s")


def sparql_client(base: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(WHO_AGREED)
    client.setReturnFormat(fmt)
    client.setTimeout(30)
    return client


def test_kg_serve_answers_a_sparql_client_in_json_and_csv(server):
    rows = sparql_client(server, JSON).queryAndConvert()["results"]["bindings"]
    pairs = [(r["party"]["value"], r["outcome"]["value"]) for r in rows]
    assert pairs and pairs == sorted(pairs)
    assert "Russia" in {party for party, _ in pairs}

    table = sparql_client(server, CSV).queryAndConvert()
    table = table.decode("utf-8") if isinstance(table, bytes) else table
    parsed = list(csv.reader(io.StringIO(table)))
    assert parsed[0] == ["party", "outcome"]
    assert [tuple(r) for r in parsed[1:]] == pairs


def test_kg_serve_is_read_only_and_serves_lookups(server):
    with urllib.request.urlopen(f"{server}/agreements?party=USA&status=agreed", timeout=10) as response:
        page = json.load(response)
    assert page["total"] > 0
    update = SPARQLWrapper(f"{server}/sparql")
    update.setMethod("POST")
    update.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        update.query()
    assert refused.value.code == 403
