"""Taking the graph elsewhere: RDF files in a stable order, and the actor network for Gephi.

* Turtle and N-Triples hold the union of all articles, sorted (subject, predicate, object),
  so two exports of the same store are byte-identical and diff well; Turtle declares a prefix
  for every namespace, the id namespaces included (actor:, claim:, article:, ...).
* JSON-LD is compact: short keys from CONTEXT, which the service also publishes at
  /context.jsonld; each node is one object with its id (`@id`) and its properties.
* TriG and N-Quads keep one graph per article (Store.export).
* GraphML and GEXF hold the actor network (networkx writes both): actors with how many
  claims and agreements they have, and one edge per pair and relation with its count.
* `with_ontology` adds the ontology (ontology/claims.ttl) to an RDF export.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from kg.read.graph import Snapshot, actor_graph, load_snapshot
from kg.store import EXPORT_FORMATS, Store, StoreError
from kg.vocab import ID, PREFIXES

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology" / "claims.ttl"
ONTOLOGY_GRAPH = "https://w3id.org/claimgraph"
ID_NAMESPACES = (
    "actor",
    "unnamed",
    "article",
    "claim",
    "agreement",
    "outcome",
    "evidence",
    "tracked",
    "tracking",
    "link",
    "graph",
)
NAMESPACES = {**{p: str(ns) for p, ns in PREFIXES.items()}, **{p: f"{ID}{p}/" for p in ID_NAMESPACES}}
NAMESPACES["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NAMESPACES["owl"] = "http://www.w3.org/2002/07/owl#"  # the ontology's, for --with-ontology
# name -> (media type, file suffix)
FORMATS = {
    "turtle": ("text/turtle", "ttl"),
    "ntriples": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "jsonld"),
    "trig": ("application/trig", "trig"),
    "nquads": ("application/n-quads", "nq"),
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
}
SUFFIXES = {f".{suffix}": name for name, (_, suffix) in FORMATS.items()} | {
    ".json": "jsonld",
    ".xml": "graphml",
}
NETWORK_FORMATS = ("graphml", "gexf")
# The JSON-LD context: every namespace, and the properties whose values are dates or numbers.
CONTEXT: dict = {
    **NAMESPACES,
    "datePublished": {"@id": "schema:datePublished", "@type": "xsd:date"},
}


class ExportError(ValueError):
    pass


def format_for(path: Path | None, fmt: str | None) -> str:
    """Return the format to write: `fmt`, or the one `path`'s suffix names; refuse a mismatch."""
    named = SUFFIXES.get(path.suffix.lower()) if path is not None else None
    if fmt is not None and fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt is None:
        if path is not None and named is None:
            raise ExportError(
                f"cannot tell the format from {path.name!r}: give --format, or a file ending in "
                + ", ".join(sorted(SUFFIXES))
            )
        return named or "turtle"
    if named is not None and named != fmt and FORMATS[fmt][1] != path.suffix.lower().lstrip("."):
        raise ExportError(
            f"{path.name!r} names {named}, but --format is {fmt}: "
            f"name the file *.{FORMATS[fmt][1]} or drop --format"
        )
    return fmt


def export(store: Store, fmt: str, out: BinaryIO, *, with_ontology: bool = False) -> None:
    """Write the store in `fmt` (see FORMATS) to `out`."""
    if fmt in NETWORK_FORMATS:
        if with_ontology:
            raise ExportError(f"{fmt} holds the actor network, not RDF: it cannot bundle the ontology")
        write_network(actor_network(load_snapshot(store)), fmt, out)
    elif fmt in ("trig", "nquads"):
        store.export(fmt, out)
        if with_ontology:  # the ontology as one more named graph
            quads = (
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(ONTOLOGY_GRAPH)) for t in _ontology()
            )
            ox.serialize(quads, out, format=EXPORT_FORMATS[fmt][0])
    elif fmt in ("turtle", "ntriples", "jsonld"):
        triples = sorted_triples(store, with_ontology=with_ontology)
        if fmt == "jsonld":
            out.write(json.dumps(compact_jsonld(triples), ensure_ascii=False, indent=1).encode("utf-8"))
        elif fmt == "ntriples":
            ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
        else:
            text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=NAMESPACES)
            head, body = _split_prefixes(text)
            out.write(b"".join(sorted(head)) + body)
    else:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def sorted_triples(store: Store, *, with_ontology: bool = False) -> list[ox.Triple]:
    """Return the union graph's triples (and the ontology's), sorted for a stable file."""
    found = set(store.rows("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
    if with_ontology:
        found.update(_ontology())
    return sorted(found, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def compact_jsonld(triples: list[ox.Triple]) -> dict:
    """Return the triples as compact JSON-LD: one object per subject, keys and ids shortened
    by CONTEXT, literals as plain JSON strings, numbers and booleans where their type says so."""
    nodes: dict[str, dict] = {}
    for t in triples:
        node = nodes.setdefault(str(t.subject), {"@id": _compact(t.subject)})
        if t.predicate.value == NAMESPACES["rdf"] + "type":
            _append(node, "@type", _compact(t.object))
            continue
        key = _compact(t.predicate)
        if key == "schema:datePublished" and isinstance(t.object, ox.Literal):
            key = "datePublished"
        _append(node, key, _value(t.object, typed_key=key == "datePublished"))
    return {"@context": CONTEXT, "@graph": list(nodes.values())}


def actor_network(snapshot: Snapshot) -> nx.DiGraph:
    """Return actors (label, type, claims, agreements) and, per ordered pair and relation, one
    edge with how many facts make it (co_party: parties to the same agreement; spoke_about)."""
    multi = actor_graph(snapshot)
    said = Counter(c.speaker for c in snapshot.claims)
    parties = Counter(p for g in snapshot.agreements for p in set(g.parties))
    network = nx.DiGraph()
    for node, data in multi.nodes(data=True):
        network.add_node(
            node,
            label=data["label"],
            type=data["type"],
            claims=said[node],
            agreements=parties[node],
        )
    counts = Counter((a, b, d["relation"]) for a, b, d in multi.edges(data=True))
    for (a, b, relation), count in sorted(counts.items()):
        if network.has_edge(a, b):  # both relations between the same pair: one edge, both counts
            network[a][b][relation] = count
            network[a][b]["weight"] += count
            continue
        network.add_edge(a, b, relation=relation, weight=count, **{relation: count})
    for _, _, data in network.edges(data=True):
        data.setdefault("co_party", 0)
        data.setdefault("spoke_about", 0)
    return network


def write_network(network: nx.DiGraph, fmt: str, out: BinaryIO) -> None:
    if fmt == "graphml":
        nx.write_graphml(network, out, encoding="utf-8")
    else:
        nx.write_gexf(network, out, encoding="utf-8")


def _split_prefixes(text: bytes) -> tuple[list[bytes], bytes]:
    """Return the @prefix lines at the top of a Turtle text (to sort them), and the rest."""
    lines = text.splitlines(keepends=True)
    n = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix")), len(lines))
    return lines[:n], b"".join(lines[n:])


def _ontology() -> list[ox.Triple]:
    """The ontology's triples, its blank nodes labelled by order of appearance: the parser
    gives them random labels, and an export with the ontology would differ from run to run."""
    try:
        parsed = list(ox.parse(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"cannot read the ontology {ONTOLOGY}: {exc}") from None
    labels: dict[str, ox.BlankNode] = {}

    def stable(term):
        if not isinstance(term, ox.BlankNode):
            return term
        return labels.setdefault(term.value, ox.BlankNode(f"ontology{len(labels)}"))

    return [ox.Triple(stable(t.subject), t.predicate, stable(t.object)) for t in parsed]


def _compact(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    iri = term.value
    best = max((ns for ns in NAMESPACES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in NAMESPACES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def _value(term, *, typed_key: bool) -> object:
    if not isinstance(term, ox.Literal):
        return {"@id": _compact(term)}
    kind = term.datatype.value.rsplit("#", 1)[-1]
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if kind == "string" or typed_key:
        return term.value
    if kind == "boolean":
        return term.value == "true"
    if kind in ("integer", "nonNegativeInteger") and term.value.lstrip("-").isdigit():
        return {"@value": int(term.value), "@type": f"xsd:{kind}"}
    return {"@value": term.value, "@type": _compact(term.datatype)}


def _append(node: dict, key: str, value: object) -> None:
    if key not in node:
        node[key] = value
    elif isinstance(node[key], list):
        node[key].append(value)
    else:
        node[key] = [node[key], value]
