"""SPARQL result formats: content negotiation and serialisation of a query's answer.

SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle,
N-Triples, JSON-LD or RDF/XML. The `Accept` header chooses (q-values honoured), or a `format`
parameter (json, xml, csv, tsv, turtle, ntriples, jsonld, or a media type) that overrides it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rdflib import XSD, BNode, Literal, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg.queries import Answer

RESULTS, GRAPH = "results", "graph"


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    kind: str  # RESULTS (SELECT/ASK) or GRAPH (CONSTRUCT/DESCRIBE)


FORMATS = (
    Format("json", "application/sparql-results+json", RESULTS),
    Format("xml", "application/sparql-results+xml", RESULTS),
    Format("csv", "text/csv", RESULTS),
    Format("tsv", "text/tab-separated-values", RESULTS),
    Format("turtle", "text/turtle", GRAPH),
    Format("ntriples", "application/n-triples", GRAPH),
    Format("jsonld", "application/ld+json", GRAPH),
    Format("rdfxml", "application/rdf+xml", GRAPH),  # SPARQLWrapper's default for CONSTRUCT
)
_BY_NAME = {f.name: f for f in FORMATS}
# Other names clients use for the same formats, per kind of answer.
_ALIASES = {
    RESULTS: {
        "application/json": "json",
        "application/xml": "xml",
        "text/xml": "xml",
        "sparql-results+json": "json",
    },
    GRAPH: {
        "json": "jsonld",
        "json-ld": "jsonld",
        "application/json": "jsonld",
        "ttl": "turtle",
        "application/x-turtle": "turtle",
        "nt": "ntriples",
        "n-triples": "ntriples",
        "text/plain": "ntriples",
        "xml": "rdfxml",
        "rdf+xml": "rdfxml",
    },
}
_RDFLIB = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


class NotAcceptable(ValueError):
    pass


def choose(form: str, accept: str | None, fmt: str | None = None) -> Format:
    """Return the format to answer a query of `form` in; raise NotAcceptable if none fits."""
    kind = GRAPH if form == "CONSTRUCT" else RESULTS
    if fmt:
        found = _lookup(kind, fmt.strip().lower())
        if found is None:
            raise NotAcceptable(f"format {fmt!r} does not fit a {form} query; use one of {_names(kind)}")
        return found
    ranges = _parse_accept(accept or "")
    if not ranges:
        return _default(kind)
    for media_range in ranges:
        if media_range in ("*/*", "*"):
            return _default(kind)
        if media_range.endswith("/*"):
            top = media_range[:-1]
            match = next((f for f in FORMATS if f.kind == kind and f.media_type.startswith(top)), None)
        else:
            match = _lookup(kind, media_range)
        if match is not None:
            return match
    raise NotAcceptable(
        f"cannot answer a {form} query as {accept!r}; acceptable: "
        + ", ".join(f.media_type for f in FORMATS if f.kind == kind)
    )


def acceptable(accept: str | None, fmt: str | None = None) -> bool:
    """Whether any kind of answer could be given in the format asked for."""
    for form in ("SELECT", "CONSTRUCT"):
        try:
            choose(form, accept, fmt)
            return True
        except NotAcceptable:
            continue
    return False


def render(answer: Answer, fmt: Format) -> bytes:
    """Return the answer serialised in `fmt` (chosen by `choose` for the answer's form)."""
    if answer.form == "CONSTRUCT":
        assert answer.graph is not None
        return answer.graph.serialize(format=_RDFLIB[fmt.name], encoding="utf-8")
    if fmt.name in ("csv", "tsv") and answer.form == "ASK":
        # CSV/TSV define no boolean form; this is what Jena and others send.
        return ("_askResult\r\n" if fmt.name == "csv" else "?_askResult\n").encode() + (
            b"true\n" if answer.boolean else b"false\n"
        )
    if fmt.name == "tsv":
        return _tsv(answer)
    if fmt.name == "json":
        return _json(answer)
    result = Result(answer.form)
    if answer.form == "ASK":
        result.askAnswer = bool(answer.boolean)
    else:
        variables = [Variable(v) for v in answer.variables]
        result.vars = variables
        result.bindings = [
            {v: term for v, term in zip(variables, row, strict=True) if term is not None}
            for row in answer.rows
        ]
    return result.serialize(format=fmt.name, encoding="utf-8")


def _json(answer: Answer) -> bytes:
    """SPARQL 1.1 Query Results JSON."""
    if answer.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(answer.boolean)}).encode()
    bindings = [
        {v: _json_term(t) for v, t in zip(answer.variables, row, strict=True) if t is not None}
        for row in answer.rows
    ]
    document = {"head": {"vars": list(answer.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:  # RDF 1.1: xsd:string is implicit
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "bnode" if isinstance(term, BNode) else "uri", "value": str(term)}


def _tsv(answer: Answer) -> bytes:
    """SPARQL 1.1 TSV: a header of ?variables, then terms in Turtle syntax, unbound empty."""
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    for row in answer.rows:
        cells = ("" if term is None else _turtle_term(term) for term in row)
        lines.append("\t".join(c.replace("\t", "\\t").replace("\n", "\\n") for c in cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _turtle_term(term: Node) -> str:
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term)).n3()
    return term.n3()


def _lookup(kind: str, name: str) -> Format | None:
    name = name.split(";", 1)[0].strip()
    found = _BY_NAME.get(_ALIASES[kind].get(name, name))
    if found is None:
        found = next((f for f in FORMATS if f.media_type == name), None)
    return found if found is not None and found.kind == kind else None


def _parse_accept(accept: str) -> list[str]:
    """Return the media ranges of an Accept header, most wanted first (q=0 left out)."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, media.count("*"), position, media.lower()))
    return [media for *_, media in sorted(ranges)]


def _default(kind: str) -> Format:
    return _BY_NAME["json" if kind == RESULTS else "turtle"]


def _names(kind: str) -> str:
    return ", ".join(f.name for f in FORMATS if f.kind == kind)
