"""The store: the claim graph, one named graph per article, read through rdflib.

Where it lives: an embedded Oxigraph folder (`./kg-data`, `--store PATH` or `KG_STORE`), or
any SPARQL 1.1 server speaking the Query, Update and Graph Store protocols (`--store
http://HOST:PORT/`, endpoints below). Each article's named graph holds what it contributed;
the default graph is kept equal to the set union of all named graphs, which is what plain
queries read. (Oxigraph 0.5's "union default graph" mode counts a triple once per graph that
holds it, oxigraph#1919, and actor descriptions are shared by design.)

Every change is ONE transaction: a SPARQL Update request (remove from each graph, and from the
union, the triples it no longer holds; insert the new ones), or, for a change that only adds
to an embedded store, Oxigraph's transactional `extend`. A crash leaves the old state or the
new one, never half of either.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.query import Result

from kg.sparql.terms import iri, literal
from kg.store.backends import (
    PREFIX_MAP,
    DiskFull,
    Embedded,
    Remote,
    StoreError,
    disk_full,
)
from kg.store.snapshots import Snapshots, scratch_root
from kg.store.updates import in_union, insert_data, ox_triples, remove_triples, retract
from kg.vocab import CG, ID, graph_iri

__all__ = ["DiskFull", "Store", "StoreError", "disk_full", "open_copy", "open_read_only"]

DEFAULT_LOCATION = "kg-data"
EXPORT_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle", "ttl"),
    "trig": (ox.RdfFormat.TRIG, "application/trig", "trig"),
    "nquads": (ox.RdfFormat.N_QUADS, "application/n-quads", "nq"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json", "jsonld"),
}
# What a graph is replaced with: an rdflib graph, or the Oxigraph triples kg.rdf makes (written
# as they are, with no conversion).
GraphContent = Graph | set[ox.Triple]
# Free space an ingest or upload needs before it writes: RocksDB's log and the files its flushes
# write. Below it a write is refused whole, rather than failing halfway through an upload.
MIN_FREE_BYTES = 16_000_000
REMOTE_COUNT_SECONDS = 5.0


@dataclass(frozen=True)
class Stats:
    articles: int
    claims: int
    agreements: int
    unresolved: int  # agreements flagged with a party phrase no rule could resolve
    actors: int  # named actors (cg:mentions)
    unnamed: int  # sources described but not named (cg:UnnamedSource), one per article each
    triples: int


# A URL of a scheme other than http(s): a typo'd or unsupported --store, never a folder meant.
_OTHER_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def location_from(store: str | None) -> str:
    """Return where the store lives: the argument, else $KG_STORE, else ./kg-data."""
    return store or os.environ.get("KG_STORE") or DEFAULT_LOCATION


def open_read_only(location: str | None, attempts: int = 20) -> Store:
    """Open a snapshot of the store without its write lock (another process may hold it)."""
    return _retried(lambda _: Store(location, read_only=True), attempts)


def open_copy(location: str | None, attempts: int = 20) -> Store:
    """Open a private copy of an embedded store that another process holds and writes (kg
    serve), for a command that only reads; the copy goes when the store closes.

    Reading the live files, a compaction of the writer could delete one under the reader
    (kg.store.snapshots); a checkpoint's files are hard links that nothing deletes.
    """
    location = location_from(location)
    if location.startswith(("http://", "https://")):
        return Store(location)
    root = scratch_root(location)

    def copy_once(attempt: int) -> Store:
        folder = os.path.join(root, str(attempt))
        with Store(location, read_only=True) as live:
            live.checkpoint(folder)
        return Store(folder, read_only=True)

    try:
        copy = _retried(copy_once, attempts)
    except StoreError:
        shutil.rmtree(root, ignore_errors=True)
        raise
    copy._scratch = root
    return copy


def _retried(open_once: Callable[[int], Store], attempts: int) -> Store:
    """Return `open_once(attempt)`, tried again a little later while it fails: a compaction in
    the process that writes can fail one attempt (a file the manifest lists is gone a moment
    later; the writer's log grows during a copy). About 3.5 s in all."""
    for attempt in range(attempts):
        try:
            return open_once(attempt)
        except StoreError:
            if attempt == attempts - 1:
                raise
            time.sleep(min(0.02 * (attempt + 1), 0.25))
    raise AssertionError("unreachable")


class Store:
    """The claim graph, embedded or on a SPARQL server, with the same operations for both."""

    def __init__(self, location: str | None = None, *, read_only: bool = False) -> None:
        self.location = location_from(location)
        remote = self.location.startswith(("http://", "https://"))
        if not remote and _OTHER_URL.match(self.location):  # not a folder to create as "ftp:/..."
            raise StoreError(f"{self.location!r}: a store is a folder or an http:// or https:// URL")
        self._backend = Remote(self.location) if remote else Embedded(self.location, read_only=read_only)
        self.dataset: Dataset | None = self._backend.dataset
        self._changes = 0
        self._articles: tuple[object, int] | None = None  # (generation or time, count)
        self._snapshots = Snapshots(self.location, self.checkpoint, lambda: self._changes)
        self._scratch: str | None = None  # the folder of a private copy (open_copy), removed on close

    @property
    def remote(self) -> bool:
        return isinstance(self._backend, Remote)

    @property
    def generation(self) -> int | None:
        """A number that changes whenever this store changes; None on a SPARQL server, which
        other clients may change unseen."""
        return None if self.remote else self._changes

    # --- writing --------------------------------------------------------------------------

    def replace_article(self, article_id: str, graph: GraphContent) -> None:
        """Replace everything the article contributed with `graph`, atomically."""
        self.replace_graphs({str(graph_iri(article_id)): graph})

    def replace_graphs(self, graphs: dict[str, GraphContent | None]) -> None:
        """Replace (or, for None or empty, remove) several named graphs in one transaction.

        Only the triples that change are written: a tracked group that gains a report or two
        would otherwise have all its triples deleted and inserted again, work (and RocksDB
        tombstones) growing with the group.
        """
        steps, additions = self._replacing(graphs)
        self._write(steps, additions)

    def _replacing(
        self, graphs: dict[str, GraphContent | None]
    ) -> tuple[list[str], dict[str, set[ox.Triple]]]:
        """Return the removals (SPARQL Update steps) and the additions (triples per graph) that
        make the stored graphs these."""
        kept = {name: g for name, g in graphs.items() if g is not None and len(g)}
        stored = self._triples_of(list(kept))
        union = self._backend.union_graph
        steps = [retract(name, union) for name in graphs if name not in kept]
        additions = {}
        for name, graph in kept.items():
            new = set(ox_triples(graph)) if isinstance(graph, Graph) else graph
            old = stored.get(name, set())
            if old - new:
                steps.append(remove_triples(name, old - new, union))
            if new - old:
                additions[name] = new - old
        return steps, additions

    def edit_graphs(
        self,
        *,
        add: dict[str, Iterable[ox.Triple]],
        remove: dict[str, set[ox.Triple]],
        drop: Iterable[str] = (),
        replace: dict[str, GraphContent | None] | None = None,
        forget: dict[str, tuple[str, tuple[str, ...]]] | None = None,
    ) -> None:
        """In one transaction: drop graphs, remove and add triples in others (and in the union),
        and replace whole graphs, for changes that touch a few triples of big graphs. `forget`
        maps a graph to a subject and predicates whose values it loses, whatever they are (a
        server may spell a stored literal otherwise than it was written: "1"^^xsd:int)."""
        union = self._backend.union_graph
        steps = [retract(name, union) for name in drop]
        for name, (subject, predicates) in (forget or {}).items():
            where = f"FILTER(?p IN ({', '.join(iri(p) for p in predicates)}))"
            held = f"{iri(subject)} ?p ?o"
            others = "" if union is None else f" FILTER(?other != {iri(union)})"
            graph = iri(name)
            steps.append(
                f"DELETE {{ GRAPH {graph} {{ {held} }} }} WHERE {{ GRAPH {graph} {{ {held} }} {where} }}"
            )
            steps.append(
                f"DELETE {{ {in_union(union, held)} }} WHERE {{ {in_union(union, held)} {where} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ {held} }}{others} }} }}"
            )
        steps += [remove_triples(name, triples, union) for name, triples in remove.items() if triples]
        additions = {name: set(triples) for name, triples in add.items()}
        if replace:
            replacing, added = self._replacing(replace)
            steps += replacing
            for name, triples in added.items():
                additions.setdefault(name, set()).update(triples)
        self._write(steps, additions)

    def check_space(self) -> None:
        """Raise DiskFull, before anything is written, if the store's disk has too little room."""
        if self.remote:
            return
        free = shutil.disk_usage(self.location).free
        if free < MIN_FREE_BYTES:
            raise DiskFull(
                f"the disk holding the store {self.location} is full ({free // 1_000_000} MB free, "
                f"writing needs {MIN_FREE_BYTES // 1_000_000} MB): nothing was written"
            )

    def graph_triples(self, names: list[str]) -> dict[str, set[ox.Triple]]:
        """Return the triples stored in each of these named graphs."""
        return self._triples_of(names)

    def stored_graph(self, name: str) -> Graph | None:
        """Return the triples a named graph holds now (None if empty), to put them back."""
        rows = self.rows(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri(name)} {{ ?s ?p ?o }} }}")
        data = "\n".join(f"{t} ." for t in rows)
        return Graph().parse(data=data, format="nt") if data else None

    def delete_article(self, article_id: str) -> bool:
        """Remove the article and all it contributed; return False if it was not stored."""
        if not self.has_article(article_id):
            return False
        self.update(retract(str(graph_iri(article_id)), self._backend.union_graph))
        return True

    def update(self, sparql: str) -> None:
        """Apply a SPARQL Update in one transaction."""
        with self._writing_to_disk():
            self._backend.update(sparql)

    def _write(self, steps: list[str], additions: dict[str, set[ox.Triple]]) -> None:
        """Apply removals (SPARQL Update steps), then add triples to graphs and to the union, in
        one transaction."""
        additions = {name: triples for name, triples in additions.items() if triples}
        if not steps and not additions:
            return
        with self._writing_to_disk():
            if steps:
                inserts = insert_data(additions, self._backend.union_graph)
                self._backend.update(" ;\n".join([*steps, inserts] if inserts else steps))
            else:
                self._backend.add(additions)

    @contextmanager
    def _writing_to_disk(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            if disk_full(exc):  # one clear line, not RocksDB's IO error on an .sst file
                raise DiskFull(
                    f"the disk holding the store {self.location} is full: nothing was written"
                ) from None
            raise
        finally:  # after the change: what a reader saw before this moment is of the old generation
            self._changes += 1

    # --- reading --------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        # The graph as a bound variable, not a constant: once the protocol names the default
        # graph (KG_STORE_UNION), Virtuoso finds nothing in GRAPH <g> (and ASK says true).
        found = self.query(
            f"SELECT ?s WHERE {{ VALUES ?g {{ {iri(graph_iri(article_id))} }} GRAPH ?g {{ ?s ?p ?o }} }} "
            "LIMIT 1"
        )
        return bool(list(found))

    def article_ids(self) -> list[str]:
        """Return the ids of the stored articles (16 hex digits each)."""
        return [n for n in self.graph_names(f"{ID}graph/") if len(n) == 16]

    def article_count(self) -> int:
        """Return how many articles are stored, counted again only after the store changed
        (an index lookup of the articles, not a scan of the triples); a SPARQL server's
        count is kept for REMOTE_COUNT_SECONDS, since other clients may change it unseen."""
        key: object = self.generation if not self.remote else int(time.monotonic() // REMOTE_COUNT_SECONDS)
        if self._articles is not None and self._articles[0] == key:
            return self._articles[1]
        ((count,),) = self.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a {iri(CG.Article)} }}")
        self._articles = (key, int(count.value))
        return self._articles[1]

    def graph_names(self, prefix: str) -> list[str]:
        """Return the local names of the named graphs whose IRI starts with `prefix`."""
        rows = self.query(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {literal(prefix)})) }}"
        )
        return sorted(str(r.g)[len(prefix) :] for r in rows)

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query over the union of all articles (GRAPH ?g reaches each article)."""
        return self._backend.query(sparql)

    def query_oxigraph(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]:
        """Run a query like `query`, answering in pyoxigraph's own terms: no conversion to rdflib
        (which takes most of the time of a big answer)."""
        return self._backend.query_oxigraph(sparql)

    def rows(self, sparql: str) -> list:
        """Return the rows of a SELECT (or the triples of a CONSTRUCT) in pyoxigraph's terms, all
        read now: Oxigraph's result iterator may only be dropped on the thread that made it, and
        one kept alive by an exception carried to another thread would be dropped there."""
        return list(self.query_oxigraph(sparql))  # type: ignore[arg-type]

    def actor_labels(self) -> dict[str, str]:
        """Return the canonical label of every stored actor, by id."""
        prefix = f"{ID}actor/"
        rows = self.query(
            "SELECT ?a (MIN(?l) AS ?label) WHERE { ?a a ?t ; <http://www.w3.org/2000/01/rdf-schema#label> ?l "
            f"FILTER(STRSTARTS(STR(?a), {literal(prefix)})) }} GROUP BY ?a"
        )
        return {str(row.a)[len(prefix) :]: str(row.label) for row in rows}

    def stats(self) -> Stats:
        counts = {}
        for name, cls in (("claims", CG.Claim), ("agreements", CG.Agreement), ("articles", CG.Article)):
            counts[name] = self._count(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {iri(cls)} }}")
        counts["unresolved"] = self._count(
            f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x {iri(CG.unresolvedParty)} ?p }}"
        )
        counts["actors"] = self._count(
            f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?art {iri(CG.mentions)} ?a }}"
        )
        counts["unnamed"] = self._count(
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s {iri(CG.describedIn)} ?art }}"
        )
        counts["triples"] = self._count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return Stats(**counts)

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the graph to `out`: Turtle and JSON-LD give the union, TriG and N-Quads keep graphs."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        rdf_format = EXPORT_FORMATS[fmt][0]
        prefixes = PREFIX_MAP
        if rdf_format.supports_datasets:  # the named graphs, without the derived union
            quads = (q for q in self._backend.quads() if not isinstance(q.graph_name, ox.DefaultGraph))
            ox.serialize(quads, out, format=rdf_format, prefixes=prefixes)
        else:
            ox.serialize(self._backend.union(), out, format=rdf_format, prefixes=prefixes)

    def checkpoint(self, folder: str) -> bool:
        """Write a copy of the embedded store as it is now to `folder` (which must not exist yet),
        cheaply: RocksDB hard-links its files. Return False on a SPARQL server, which has none."""
        if self.remote:
            return False
        self._backend.checkpoint(folder)
        return True

    @contextmanager
    def snapshot(self) -> Iterator[str]:
        """Yield where another process can read the store as it is now, for as long as the
        block runs: a checkpoint of an embedded store (kg.store.snapshots), or the server's URL."""
        if self.remote:
            yield self.location
            return
        with self._snapshots.lease() as folder:
            yield folder

    def close(self) -> None:
        """Release the store and its on-disk lock."""
        self._snapshots.close()
        self._backend.close()
        self.dataset = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _triples_of(self, names: list[str]) -> dict[str, set[ox.Triple]]:
        """Return the triples stored in each of these named graphs."""
        found: dict[str, set[ox.Triple]] = {}
        for i in range(0, len(names), 200):
            values = " ".join(iri(name) for name in names[i : i + 200])
            rows = self.rows(
                f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            )
            for g, s, p, o in rows:
                found.setdefault(g.value, set()).add(ox.Triple(s, p, o))
        return found

    def _count(self, sparql: str) -> int:
        # Consume the whole result: a half-read one keeps the store (and its lock) alive.
        (row,) = list(self.query(sparql))
        return int(row[0])
