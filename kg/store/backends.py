"""Where the triples live: Oxigraph in a folder, or a SPARQL 1.1 server. kg.store drives both
through the same few calls (update, query, quads, union); this module owns what differs."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph
from rdflib.query import Result

from kg import allocator
from kg.store.updates import insert_data
from kg.vocab import ID, PREFIXES

PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}

PREFIX_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# Endpoint paths under a server's base URL: Oxigraph's by default; Fuseki users set
# KG_STORE_QUERY=query KG_STORE_UPDATE=update KG_STORE_GRAPHS=data under http://host:3030/DATASET/,
# Virtuoso users KG_STORE_QUERY=sparql KG_STORE_UPDATE=sparql KG_STORE_UNION=<an IRI> (README).
REMOTE_PATHS = {"query": "query", "update": "update", "graphs": "store"}

# Servers whose default graph is the union of every graph they hold, system graphs included
# (Virtuoso), keep the union of the articles in this named graph instead; queries read it as
# their default graph (the protocol's default-graph-uri).
UNION_SETTING = "KG_STORE_UNION"

REMOTE_TIMEOUT = 120.0


class StoreError(RuntimeError):
    pass


class DiskFull(StoreError):
    """The disk holding the store is full: the change (or the opening) wrote nothing."""


def disk_full(exc: BaseException) -> bool:
    """Whether an error is the disk filling up (RocksDB's IO error carries no errno, only text)."""
    return isinstance(exc, OSError) and (exc.errno == errno.ENOSPC or "No space left on device" in str(exc))


class Embedded:
    """Oxigraph in a folder, through oxrdflib."""

    union_graph = None  # the default graph holds the union

    def __init__(self, location: str, *, read_only: bool) -> None:
        path = Path(location)
        if path.exists() and not path.is_dir():  # it was "File exists. Is another process using it?"
            raise StoreError(f"{path} is a file, not a store folder")
        try:
            if read_only:  # no lock taken: a snapshot of the store as it is now
                self._ox: ox.Store | None = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB's "Corruption", see open_read_only
            if isinstance(exc, OSError) and disk_full(exc):  # opening writes a new log, not a lock
                raise DiskFull(f"cannot open the store at {path}: the disk holding it is full") from None
            if read_only and not (path / "CURRENT").exists():
                raise StoreError(f"no store at {path} (ingest articles first)") from None
            raise StoreError(
                f"cannot open the store at {path}: {exc}. Is another process (kg serve?) using it?"
            ) from None
        self.dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=False)
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns)
        # Held by each change and each checkpoint: RocksDB copies the write-ahead log into a
        # checkpoint, and a change appending to it meanwhile fails the copy ("Corruption: File
        # smaller than expected for copy").
        self._writing = threading.Lock()

    def update(self, sparql: str) -> None:
        with self._writing:
            self._change(lambda: self._ox.update(sparql, prefixes=PREFIX_MAP))

    def add(self, additions: dict[str, set[ox.Triple]]) -> None:
        """Add triples to named graphs and to the union, in one transaction. Oxigraph takes the
        quads as they are made: a SPARQL INSERT of a batch of articles peaked 70 MB higher, the
        text and its parse held whole (PolNeAR dev, 32 articles a batch)."""
        quads = (
            ox.Quad(t.subject, t.predicate, t.object, graph)
            for name, triples in additions.items()
            for graph in (ox.NamedNode(name), ox.DefaultGraph())
            for t in triples
        )
        with self._writing:
            self._change(lambda: self._ox.extend(quads))

    def _change(self, write: Callable[[], None]) -> None:
        # Write the memtables of the last change out first: left to grow, RocksDB's buffers for
        # Oxigraph's many column families took gigabytes over a few thousand articles. Before,
        # not after: a flush that fails (a full disk) then fails a change not yet written.
        self._ox.flush()
        write()
        # And after, on the writer's time: a snapshot for readers (kg.store.snapshots) then has
        # nothing to flush. The change is in the log already; a flush that fails here is left
        # to the next one.
        with contextlib.suppress(OSError):
            self._ox.flush()
        allocator.give_back()  # what the change's transaction and its strings took (kg.allocator)

    def query(self, sparql: str) -> Result:
        result = self.dataset.query(sparql)
        if result.type == "SELECT":
            # Read the rows now, on this thread: Oxigraph's solutions iterator may only be dropped
            # on the thread that made it, and a result a request thread leaves to the garbage
            # collector is otherwise finalised wherever a collection runs (on CPython 3.11, one in
            # the middle of FastAPI compiling its schema failed the build).
            result.bindings = list(result.bindings)
        return result

    def query_oxigraph(self, sparql: str):
        return self._ox.query(sparql, prefixes=PREFIX_MAP)

    def quads(self):
        return iter(self._ox)

    def union(self):
        return (q.triple for q in self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def checkpoint(self, folder: str) -> None:
        with self._writing:
            try:
                self._ox.backup(folder)
            except (OSError, RuntimeError) as exc:
                shutil.rmtree(folder, ignore_errors=True)
                if isinstance(exc, OSError) and disk_full(exc):
                    raise DiskFull("cannot copy the store: the disk holding it is full") from None
                raise StoreError(f"cannot copy the store: {exc}") from None

    def close(self) -> None:
        if self._ox is not None:
            self.dataset.store.close()
            self._ox = None


class Remote:
    """A SPARQL 1.1 server: Query and Update protocols, Graph Store protocol for dumps."""

    dataset = None

    def __init__(self, base: str) -> None:
        try:
            parts = urllib.parse.urlsplit(base)
            host, _ = parts.hostname, parts.port  # .port raises on one that is not a number
        except ValueError as exc:  # an unclosed [IPv6 address, a port that is not a number
            raise StoreError(f"{base!r} is not a URL: {exc}") from None
        if not host:
            raise StoreError(f"{base!r} names no host: give http://HOST:PORT/")
        base = base if base.endswith("/") else base + "/"
        paths = {k: os.environ.get(f"KG_STORE_{k.upper()}", v) for k, v in REMOTE_PATHS.items()}
        self.endpoints = {k: urllib.parse.urljoin(base, v) for k, v in paths.items()}
        self.base = base
        self.union_graph = os.environ.get(UNION_SETTING) or None
        # Read the union as the default graph; GRAPH ?g still reaches each article's graph.
        self._dataset = {"default-graph-uri": self.union_graph} if self.union_graph else {}

    def add(self, additions: dict[str, set[ox.Triple]]) -> None:
        self.update(insert_data(additions, self.union_graph))

    def update(self, sparql: str) -> None:
        body = PREFIX_HEADER + sparql  # a query may declare them again: SPARQL allows it
        self._post(self.endpoints["update"], {"update": body}, "*/*")

    def query(self, sparql: str) -> Result:
        kind, data = self._query(sparql)
        if "n-triples" in kind:
            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=data, format="nt")
            return result
        return Result.parse(io.BytesIO(data), format="json")

    def query_oxigraph(self, sparql: str):
        kind, data = self._query(sparql)
        if "n-triples" in kind:
            return (quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    def quads(self):
        if self.union_graph is None:
            _, data = self._get(self.endpoints["graphs"], "application/n-quads")
            return ox.parse(data, format=ox.RdfFormat.N_QUADS)
        # A server that keeps the union in a named graph holds system graphs too: ask for ours.
        _, data = self._query(
            f'SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{ID}") '
            f"&& ?g != <{self.union_graph}>) }}"
        )
        rows = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        return (ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)

    def union(self):
        query = {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", **self._dataset}
        _, data = self._post(self.endpoints["query"], query, "application/n-triples")
        return ox.parse(data, format=ox.RdfFormat.N_TRIPLES)

    def close(self) -> None:
        pass

    def _query(self, sparql: str) -> tuple[str, bytes]:
        body = PREFIX_HEADER + sparql  # a query may declare them again: SPARQL allows it
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        return self._post(self.endpoints["query"], {"query": body, **self._dataset}, accept)

    def _post(self, url: str, form: dict[str, str], accept: str) -> tuple[str, bytes]:
        # URL-encoded parameters: the one POST form of the SPARQL protocol every server takes
        # (Virtuoso 7 waits forever on an application/sparql-query body).
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(form).encode("ascii"),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        return self._send(request)

    def _get(self, url: str, accept: str) -> tuple[str, bytes]:
        return self._send(urllib.request.Request(url, headers={"Accept": accept}))

    def _send(self, request: urllib.request.Request) -> tuple[str, bytes]:
        try:
            with urllib.request.urlopen(request, timeout=REMOTE_TIMEOUT) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:300]
            if exc.code == 400:
                raise SyntaxError(f"the SPARQL server refused the request: {detail}") from None
            raise StoreError(f"{self.base}: HTTP {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.base}: {exc}") from None
