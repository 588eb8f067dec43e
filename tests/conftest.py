"""Shared fixtures: the seed articles, and real Oxigraph stores in temporary folders."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "eval" / "gold"


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def store(tmp_path: Path):
    db = Store(str(tmp_path / "store"))
    yield db
    db.close()


@pytest.fixture(scope="session")
def seeded_location(tmp_path_factory, seed_files) -> Path:
    """A store folder holding the two seed articles, built once per session (copy it to modify)."""
    location = tmp_path_factory.mktemp("seeded") / "store"
    db = Store(str(location))
    report = ingest(seed_files, db)
    assert report.ok and len(report.ingested) == 2
    db.close()
    return location


@pytest.fixture
def seeded_store(seeded_location: Path, tmp_path: Path):
    """A private copy of the seeded store that a test may change."""
    location = tmp_path / "seeded"
    shutil.copytree(seeded_location, location)
    db = Store(str(location))
    yield db
    db.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph SPARQL server (PyPI package `oxigraph`) on a free 127.0.0.1 port."""
    binary = Path(sys.executable).with_name("oxigraph")
    port = free_port()
    data = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    f"oxigraph serve did not start: {process.stderr.read().decode()}"
                ) from None
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def empty_remote_store(url: str) -> Store:
    store = Store(url)
    store.replace_graphs({})  # no-op, proves the endpoint answers
    urllib.request.urlopen(
        urllib.request.Request(
            url + "update",
            data=b"CLEAR ALL",
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        ),
        timeout=30,
    ).read()
    return store
