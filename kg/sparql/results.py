"""Writing out the answer to a SPARQL query (kg.sparql.Answer) in the standard formats.

SELECT and ASK: SPARQL 1.1 Query Results JSON, XML, CSV and TSV. CONSTRUCT and DESCRIBE:
Turtle, N-Triples, JSON-LD and RDF/XML, written by Oxigraph with the project prefixes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.sparql import Answer, QueryError, Term
from kg.store import PREFIX_MAP

RESULTS, GRAPH = "results", "graph"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# Characters XML 1.0 cannot hold at all, not even as &#...; references (NUL, most C0 controls).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class UnwritableAnswer(ValueError):
    """An answer the format asked for cannot represent."""


class FormatUnfit(QueryError):
    """No format the caller accepts fits the query's form (`form`: SELECT, ASK, CONSTRUCT)."""

    def __init__(self, message: str, form: str) -> None:
        super().__init__(message)
        self.form = form


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
BY_NAME = {f.name: f for f in FORMATS}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def render(answer: Answer, name: str) -> bytes:
    """Return the answer written in the format called `name` (one that fits its form)."""
    fmt = BY_NAME[name]
    if (fmt.kind == GRAPH) != (answer.form == "CONSTRUCT"):
        raise ValueError(f"a {answer.form} answer cannot be written as {name}")
    if fmt.kind == GRAPH:
        prefixes = PREFIX_MAP if name in ("turtle", "rdfxml") else None
        written = ox.serialize(answer.triples, format=_RDF_FORMATS[name], prefixes=prefixes) or b""
        if name == "rdfxml":  # Oxigraph writes a NUL or ESC in a literal as is: not XML
            _refuse_unwritable_xml(written.decode("utf-8"), "Turtle, N-Triples or JSON-LD")
        return written
    return _WRITERS[name](answer)


def text(term: Term | None) -> str:
    """Return a term as a person reads it: the IRI, the literal's text, `_:id` for a blank node."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _json(answer: Answer) -> bytes:
    if answer.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(answer.boolean)}).encode()
    names = answer.variables
    bindings = [
        {name: _json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in answer.rows
    ]
    document = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _json_term(term: Term) -> dict:
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:  # RDF 1.1: xsd:string is implicit
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    return {  # an RDF-star quoted triple
        "type": "triple",
        "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")},
    }


def _xml(answer: Answer) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if answer.form == "ASK":
        out.append(f"<head/><boolean>{'true' if answer.boolean else 'false'}</boolean>")
    else:
        names = "".join(f"<variable name={quoteattr(v)}/>" for v in answer.variables)
        out.append(f"<head>{names}</head>")
        out.append("<results>")
        for row in answer.rows:
            cells = (
                f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                for name, term in zip(answer.variables, row, strict=True)
                if term is not None
            )
            out.append("<result>" + "".join(cells) + "</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out).encode("utf-8")


def _refuse_unwritable_xml(written: str, instead: str) -> None:
    """Raise UnwritableAnswer if `written` holds a character XML 1.0 cannot carry at all."""
    bad = _NOT_XML.search(written)
    if bad:
        raise UnwritableAnswer(
            f"the answer holds the character U+{ord(bad.group()):04X}, which XML cannot carry; "
            f"ask for {instead}"
        )


def _xml_term(term: Term) -> str:
    _refuse_unwritable_xml(text(term), "JSON, CSV or TSV")
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    return f"<uri>{escape(text(term))}</uri>"


def _csv(answer: Answer) -> bytes:
    if answer.form == "ASK":  # CSV defines no boolean form; this is what Jena and others send
        return b"_askResult\r\n" + (b"true\r\n" if answer.boolean else b"false\r\n")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(answer.variables)
    writer.writerows([text(term) for term in row] for row in answer.rows)
    return out.getvalue().encode("utf-8")


def _tsv(answer: Answer) -> bytes:
    """SPARQL 1.1 TSV: a header of ?variables, then terms in N-Triples syntax, unbound empty."""
    if answer.form == "ASK":
        return b"?_askResult\n" + (b"true\n" if answer.boolean else b"false\n")
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    for row in answer.rows:
        # Oxigraph writes N-Triples with \t and \n escaped inside literals already.
        lines.append("\t".join("" if term is None else str(term) for term in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


_WRITERS = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}
