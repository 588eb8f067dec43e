"""Any SPARQL query, bounded in time and rows, and its answer written in every standard format.

The formats are checked against independent readers: Oxigraph's results parser (JSON, XML,
TSV), Python's csv module, and rdflib (the same query through rdflib gives the same rows).
"""

from __future__ import annotations

import csv
import io
import json
import threading

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.sparql import Limits, QueryError, QueryRefused, QueryTimeout, TooManyRows, answer, results, run_query
from kg.sparql.check import check_query
from kg.store import Store
from tests.conftest import empty_remote_store

CROSS_JOIN = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f }"  # 1,566² rows on the seeds
# Every kind of term: IRIs, plain and typed literals, an unbound variable, a blank node.
MIXED = """SELECT ?actor ?name ?start ?nothing ?blank WHERE {
  ?claim cg:speaker ?actor ; cg:evidence/oa:hasSelector/oa:start ?start .
  ?actor rdfs:label ?name .
  OPTIONAL { ?actor cg:noSuchProperty ?nothing }
  BIND(BNODE() AS ?blank)
} ORDER BY ?name ?start"""


def test_answer_gives_rows_booleans_and_triples(seeded_store):
    select = answer(seeded_store, "SELECT ?n WHERE { ?a a cg:Country ; rdfs:label ?n } ORDER BY ?n")
    assert select.variables == ("n",)
    names = [r[0].value for r in select.rows]
    assert names == sorted(names) and {"Russia", "United States"} <= set(names)
    assert answer(seeded_store, "ASK { ?a cg:agreedTo ?o }").boolean is True
    assert answer(seeded_store, "ASK { ?a cg:agreedTo ?a }").boolean is False
    construct = answer(seeded_store, "CONSTRUCT WHERE { ?a a cg:Country }")
    assert construct.form == "CONSTRUCT" and len(construct.triples) == len(names)


def test_answer_agrees_with_rdflib_on_the_same_query(seeded_store):
    ours = answer(seeded_store, MIXED)
    theirs = list(run_query(seeded_store, MIXED))
    assert ours.rows and len(ours.rows) == len(theirs)
    for row, other in zip(ours.rows, theirs, strict=True):
        assert [results.text(t) for t in row[:4]] == [("" if t is None else str(t)) for t in other[:4]]


def test_answer_stops_a_long_query_at_the_time_limit(seeded_store):
    with pytest.raises(QueryTimeout, match=r"time limit of 0\.3 s"):
        answer(seeded_store, CROSS_JOIN, limits=Limits(seconds=0.3))


def test_answer_stops_when_cancelled(seeded_store):
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(QueryTimeout):
        answer(seeded_store, CROSS_JOIN, cancelled=cancelled)


def test_answer_refuses_more_rows_than_the_row_limit(seeded_store):
    with pytest.raises(TooManyRows, match="more than 100 rows"):
        answer(seeded_store, CROSS_JOIN, limits=Limits(rows=100))
    with pytest.raises(TooManyRows, match="triples"):
        answer(seeded_store, "CONSTRUCT WHERE { ?s ?p ?o }", limits=Limits(rows=100))


def test_service_is_refused_from_the_parse_but_the_word_in_a_string_is_not(seeded_store):
    with pytest.raises(QueryRefused):
        check_query("SELECT * WHERE { service <http://example.org/sparql> { ?s ?p ?o } }")
    quoted = 'SELECT * WHERE { ?s ?p "SERVICE <x>" } # SERVICE in a comment'
    check_query(quoted)
    assert answer(seeded_store, quoted).rows == ()


def test_malformed_sparql_says_where(seeded_store):
    with pytest.raises(QueryError, match=r"malformed SPARQL: error at 1:\d+"):
        answer(seeded_store, "SELECT ?x WHERE { ?x ")


@pytest.mark.parametrize(
    ("name", "parser_format"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_answers_read_back_term_for_term(seeded_store, name, parser_format):
    found = answer(seeded_store, MIXED)
    read = ox.parse_query_results(results.render(found, name), format=parser_format)
    assert [v.value for v in read.variables] == list(found.variables)
    rows = [tuple(solution) for solution in read]
    assert len(rows) == len(found.rows)
    for row, expected in zip(rows, found.rows, strict=True):
        assert row[:4] == expected[:4]  # IRIs, typed and plain literals, unbound
        assert isinstance(row[4], ox.BlankNode)


def test_csv_answers_are_plain_text_cells(seeded_store):
    found = answer(seeded_store, MIXED)
    table = list(csv.reader(io.StringIO(results.render(found, "csv").decode("utf-8"))))
    assert table[0] == list(found.variables)
    assert table[1][:4] == [results.text(t) for t in found.rows[0][:4]] and table[1][3] == ""


def test_tricky_literals_survive_every_format(store: Store):
    tricky = 'a "quote", a <tag> & a\ttab\nand a new line, ünïcödé'
    found = answer(store, f"SELECT ?x WHERE {{ BIND({json.dumps(tricky)}@en AS ?x) }}")
    for name, fmt in (("json", "JSON"), ("xml", "XML"), ("tsv", "TSV")):
        (row,) = ox.parse_query_results(
            results.render(found, name), format=getattr(ox.QueryResultsFormat, fmt)
        )
        assert row[0] == ox.Literal(tricky, language="en"), name
    (_, (cell,)) = csv.reader(io.StringIO(results.render(found, "csv").decode("utf-8")))
    assert cell == tricky


def test_ask_answers_in_every_results_format(seeded_store):
    found = answer(seeded_store, "ASK { ?a cg:agreedTo ?o }")
    assert json.loads(results.render(found, "json")) == {"head": {}, "boolean": True}
    assert bool(ox.parse_query_results(results.render(found, "xml"), format=ox.QueryResultsFormat.XML))
    assert results.render(found, "csv").split() == [b"_askResult", b"true"]


@pytest.mark.parametrize("name", ["turtle", "ntriples", "jsonld", "rdfxml"])
def test_construct_answers_parse_back_to_the_same_graph(seeded_store, name):
    found = answer(seeded_store, "CONSTRUCT WHERE { ?a a cg:Country ; rdfs:label ?n }")
    rdflib_format = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[name]
    graph = Graph().parse(data=results.render(found, name), format=rdflib_format)
    assert len(graph) == len(found.triples) > 0
    with pytest.raises(ValueError, match="cannot be written"):
        results.render(found, "json")


def test_a_remote_store_answers_like_the_embedded_one(seeded_store, oxigraph_server):
    remote = empty_remote_store(oxigraph_server)
    out = io.BytesIO()
    seeded_store.export("nquads", out)
    for name in seeded_store.graph_names(""):
        graph = Graph()
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
        graph += run_query(seeded_store, query).graph
        remote.replace_graphs({name: graph})
    try:
        for query in (MIXED.replace("BIND(BNODE() AS ?blank)", ""), "ASK { ?a cg:agreedTo ?o }"):
            here, there = answer(seeded_store, query), answer(remote, query)
            assert (here.variables, here.rows[:3], here.boolean) == (
                there.variables,
                there.rows[:3],
                there.boolean,
            )
        there = answer(remote, "CONSTRUCT WHERE { ?a a cg:Country }")
        assert set(there.triples) == set(answer(seeded_store, "CONSTRUCT WHERE { ?a a cg:Country }").triples)
    finally:
        remote.replace_graphs(dict.fromkeys(remote.graph_names(""), None))
