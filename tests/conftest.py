"""Shared fixtures: the seed articles, and real Oxigraph stores in temporary folders."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.store import Store
from kg.vocab import ID

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "eval" / "gold"
# Short articles written for the tests of parallel ingest (kg.cluster, kg.extract.processes):
# a deal reported twice and three ministers' claims, one of them repeated.
SHORT_ARTICLES = {
    "border.txt": "date 2024-03-02\n\nBorder deal\n\nGhana and Togo agreed to reopen the Aflao border "
    "crossing to trucks, the two governments said on Saturday.",
    "border2.txt": "date 2024-03-04\n\nBorder to reopen\n\nGhana and Togo have agreed to reopen the Aflao "
    "crossing for freight trucks, officials said.",
    "taxes.txt": "Taxes\n\nFinance Minister Ama Owusu said the budget would not raise fuel taxes.",
    "rice.txt": "Rice\n\nAgriculture Minister Kofi Mensah said rice output rose 8 percent this year.",
    "fuel.txt": "Fuel\n\nFinance Minister Ama Owusu said on Monday that fuel taxes would not rise.",
}


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
    """Return a Store on the server at `url` holding nothing of ours (a server's own graphs stay)."""
    store = Store(url)
    ours = [f"{ID}{name}" for name in store.graph_names(ID)]
    steps = [f"DROP SILENT GRAPH <{name}>" for name in ours]
    if store._backend.union_graph is None:
        steps.append("CLEAR SILENT DEFAULT")
    store.update(" ;\n".join(steps))
    return store


VIRTUOSO_INI = """[Database]
DatabaseFile = {data}/virtuoso.db
ErrorLogFile = {data}/virtuoso.log
LockFile = {data}/virtuoso.lck
TransactionFile = {data}/virtuoso.trx
xa_persistent_file = {data}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {data}/virtuoso-temp.db
TransactionFile = {data}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {data}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""
# The settings that point kg.store at Virtuoso's endpoint layout (README, "Stores").
VIRTUOSO_SETTINGS = {
    "KG_STORE_QUERY": "sparql",
    "KG_STORE_UPDATE": "sparql",
    "KG_STORE_UNION": f"{ID}union",
}


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """A real Virtuoso Open Source 7 server (Debian `virtuoso-opensource`) on free 127.0.0.1
    ports, with its own ini and database; anonymous SPARQL may update (as a deployment behind
    its own access control would set it)."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not binary or not isql:
        pytest.skip("Virtuoso is not installed (make test installs Debian's virtuoso-opensource)")
    data = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = data / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(data=data, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen(
        [binary, "-c", str(ini), "+foreground"], cwd=data, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{http_port}/"
    try:
        _wait_for(url + "sparql?query=ASK%7B%7D", process, "virtuoso-t")
        grant = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);"
        login = [isql, f"127.0.0.1:{sql_port}", "dba", "dba"]
        subprocess.run([*login, f"exec={grant}"], check=True, capture_output=True)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(url: str, process: subprocess.Popen, name: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{name} did not start") from None
            time.sleep(0.2)


@pytest.fixture
def remote_store_at(request, monkeypatch):
    """Return a function giving an empty Store on the named server: "oxigraph" or "virtuoso"."""

    def make(server: str) -> Store:
        if server == "virtuoso":
            for key, value in VIRTUOSO_SETTINGS.items():
                monkeypatch.setenv(key, value)
        store = empty_remote_store(request.getfixturevalue(f"{server}_server"))
        request.addfinalizer(store.close)
        return store

    return make


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP port on 127.0.0.1 that records every connection: SERVICE must never reach it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    connections: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    connections.append(conn.recv(4096))
                except OSError:
                    connections.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], connections
    stop.set()
    thread.join(timeout=5)
    sock.close()
