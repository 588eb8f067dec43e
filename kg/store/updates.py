"""The SPARQL updates that write article graphs into a store: each graph, and the union of them
all (the default graph, or a named union graph on a server that has no union default graph)."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Graph

from kg.sparql.terms import iri


def in_union(union: str | None, triples: str) -> str:
    """Return triples as written into the union: the default graph, or the named union graph."""
    return triples if union is None else f"GRAPH {iri(union)} {{\n{triples}\n}}"


def retract(name: str, union: str | None) -> str:
    """SPARQL Update removing a graph and the union triples no other graph holds."""
    other = f"?other != {iri(name)}" + ("" if union is None else f" && ?other != {iri(union)}")
    return (
        f"DELETE {{ {in_union(union, '?s ?p ?o')} }} WHERE {{ GRAPH {iri(name)} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER({other}) }} }} ;\n"
        f"DROP SILENT GRAPH {iri(name)}"
    )


def remove_triples(name: str, triples: set[ox.Triple], union: str | None) -> str:
    """SPARQL Update removing triples from a graph, and from the union unless another graph
    still holds them."""
    lines = "\n".join(f"{t} ." for t in triples)
    rows = " ".join(f"({t.subject} {t.predicate} {t.object})" for t in triples)
    others = "" if union is None else f" FILTER(?other != {iri(union)})"
    return (
        f"DELETE DATA {{ GRAPH {iri(name)} {{\n{lines}\n}} }} ;\n"
        f"DELETE {{ {in_union(union, '?s ?p ?o')} }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }}{others} }} }}"
    )


def insert_data(additions: dict[str, set[ox.Triple]], union: str | None) -> str:
    """SPARQL Update adding triples to graphs, and to the union (empty for no triples)."""
    inserts = []
    for name, triples in additions.items():
        lines = "\n".join(f"{t} ." for t in triples)
        inserts.append(f"{in_union(union, lines)}\nGRAPH {iri(name)} {{\n{lines}\n}}")
    return "INSERT DATA {\n" + "\n".join(inserts) + "\n}" if inserts else ""


def ox_triples(graph: Graph) -> Iterator[ox.Triple]:
    """Return an rdflib graph's triples as Oxigraph terms (by way of N-Triples)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return (quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
