"""The store: an rdflib Dataset on Oxigraph, one named graph per article.

Embedded on disk (`./kg-data`, or `--store PATH` / `KG_STORE`). Each article's named graph
holds what it contributed; the default graph is kept equal to the set union of them all,
which is what queries read. (Oxigraph 0.5's "union default graph" mode counts a triple once
per graph that holds it, oxigraph#1919, and actor descriptions are shared by design.)
Replacing or deleting an article is one SPARQL Update request, which Oxigraph applies in one
transaction: a crash leaves the old state or the new one, never half of either.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph
from rdflib.query import Result

from kg.rdf import ID, PREFIXES, graph_iri

DEFAULT_LOCATION = "kg-data"
EXPORT_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle", "ttl"),
    "trig": (ox.RdfFormat.TRIG, "application/trig", "trig"),
    "nquads": (ox.RdfFormat.N_QUADS, "application/n-quads", "nq"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json", "jsonld"),
}
PREFIX_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _retract(name: str) -> str:
    """SPARQL Update removing a graph and the union triples no other graph holds."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{name}>) }} }} ;\n"
        f"DROP SILENT GRAPH <{name}>"
    )


class StoreError(RuntimeError):
    pass


@dataclass(frozen=True)
class Stats:
    articles: int
    claims: int
    agreements: int
    actors: int
    triples: int


def location_from(store: str | None) -> str:
    """Return where the store lives: the argument, else $KG_STORE, else ./kg-data."""
    return store or os.environ.get("KG_STORE") or DEFAULT_LOCATION


class Store:
    """The claim graph on disk, read and written through rdflib."""

    def __init__(self, location: str | None = None, *, read_only: bool = False) -> None:
        self.location = location_from(location)
        if self.location.startswith(("http://", "https://")):
            raise StoreError(
                f"{self.location}: remote SPARQL stores are not supported yet; give a folder path"
            )
        path = Path(self.location)
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._ox = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the store at {path}: {exc}. Is another process (kg serve?) using it?"
            ) from None
        self.dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=False)
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns)

    # --- writing --------------------------------------------------------------------------

    def replace_article(self, article_id: str, graph: Graph) -> None:
        """Replace everything the article contributed with `graph`, atomically."""
        self.replace_graphs({str(graph_iri(article_id)): graph})

    def replace_graphs(self, graphs: dict[str, Graph | None]) -> None:
        """Replace (or, for None, remove) several named graphs in one transaction."""
        steps = [_retract(name) for name in graphs]
        inserts = []
        for name, graph in graphs.items():
            if graph is not None and len(graph):
                triples = graph.serialize(format="nt")
                inserts.append(f"{triples}\nGRAPH <{name}> {{\n{triples}\n}}")
        if inserts:
            steps.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
        if steps:
            self._ox.update(" ;\n".join(steps))

    def delete_article(self, article_id: str) -> bool:
        """Remove the article and all it contributed; return False if it was not stored."""
        if not self.has_article(article_id):
            return False
        self._ox.update(_retract(graph_iri(article_id)))
        return True

    # --- reading --------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self._ox.contains_named_graph(ox.NamedNode(str(graph_iri(article_id))))

    def article_ids(self) -> list[str]:
        return self.graph_names(f"{ID}graph/")

    def graph_names(self, prefix: str) -> list[str]:
        """Return the local names of the named graphs whose IRI starts with `prefix`."""
        return sorted(g.value[len(prefix) :] for g in self._ox.named_graphs() if g.value.startswith(prefix))

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query over the union of all articles (GRAPH ?g reaches each article)."""
        return self.dataset.query(sparql)

    def actor_labels(self) -> dict[str, str]:
        """Return the canonical label of every stored actor, by id."""
        prefix = f"{ID}actor/"
        rows = self._ox.query(
            "SELECT ?a (MIN(?l) AS ?label) WHERE { ?a a ?t ; <http://www.w3.org/2000/01/rdf-schema#label> ?l "
            f'FILTER(STRSTARTS(STR(?a), "{prefix}")) }} GROUP BY ?a'
        )
        return {row["a"].value[len(prefix) :]: row["label"].value for row in rows}

    def stats(self) -> Stats:
        counts = {}
        for name, cls in (("claims", "Claim"), ("agreements", "Agreement"), ("articles", "Article")):
            q = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <https://w3id.org/claimgraph#{cls}> }}"
            counts[name] = int(next(iter(self._ox.query(q)))["n"].value)
        actors = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?art <https://w3id.org/claimgraph#mentions> ?a }"
        counts["actors"] = int(next(iter(self._ox.query(actors)))["n"].value)
        triples = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        counts["triples"] = int(next(iter(self._ox.query(triples)))["n"].value)
        return Stats(**counts)

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the graph to `out`: Turtle and JSON-LD give the union, TriG and N-Quads keep graphs."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        rdf_format = EXPORT_FORMATS[fmt][0]
        prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
        if rdf_format.supports_datasets:  # the article graphs, without the derived union
            quads = (q for q in self._ox if not isinstance(q.graph_name, ox.DefaultGraph))
            ox.serialize(quads, out, format=rdf_format, prefixes=prefixes)
        else:
            self._ox.dump(out, format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)

    def close(self) -> None:
        """Release the store and its on-disk lock (it goes with the last reference)."""
        if self.dataset is not None:
            self.dataset.store.close()
            self.dataset = None  # type: ignore[assignment]
            del self._ox

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
