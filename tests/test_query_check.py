"""The verdict on a query, read from rdflib's parse: SERVICE and updates refused, size bounded;
and on an update sent with the token: LOAD, SERVICE and every graph at once refused."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from kg.sparql import QueryError, QueryRefused
from kg.sparql.check import (
    RECURSION_LIMIT,
    QueryBounds,
    QueryIsUpdate,
    QueryTooComplex,
    UpdateRefused,
    check_query,
    check_update,
)


@pytest.fixture(autouse=True)
def worker_recursion_limit() -> Iterator[None]:
    """The recursion limit a query worker runs with (the parse runs on a thread with a big stack)."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(RECURSION_LIMIT)
    yield
    sys.setrecursionlimit(before)


WHO_AGREED = """SELECT ?party ?outcome WHERE {
  ?p cg:agreedTo ?o . ?p rdfs:label ?party . ?o rdfs:label ?outcome .
  OPTIONAL { ?o skos:altLabel ?alias } FILTER(LANG(?outcome) = "" || LANGMATCHES(LANG(?outcome), "en"))
} ORDER BY ?party LIMIT 10"""


def test_an_ordinary_query_passes_and_is_measured():
    shape = check_query(WHO_AGREED)
    assert shape.form == "SelectQuery" and shape.triple_patterns == 4 and shape.path_steps == 1
    assert check_query("SELECT * WHERE { ?s cg:speaker/rdfs:label|skos:altLabel ?n }").path_steps == 3


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        'SELECT * WHERE { BIND("""x\\"""" AS ?a) SERVICE <http://127.0.0.1:9/x?y=1> { ?s ?p ?o } }',
        "SELECT * WHERE { BIND(<urn:x\\u0041'> AS ?a) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "DESCRIBE ?s WHERE { { SELECT ?s WHERE { service silent ?e { ?s ?p ?o } } } }",
    ],
)
def test_service_anywhere_is_refused(query):
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(query)


def test_service_glued_to_its_endpoint_is_refused_as_rdflib_cannot_read_it():
    # Oxigraph's lexer reads SERVICEep:x as SERVICE ep:x; rdflib's does not: refused either way.
    with pytest.raises(QueryError):
        check_query("PREFIX ep: <http://127.0.0.1:9/> ASK { FILTER EXISTS { SERVICEep:x { ?s ?p ?o } } }")


def test_words_and_iris_that_only_look_like_service_pass():
    check_query('SELECT * WHERE { ?service <urn:SERVICE> "SERVICE <http://x/> { }" } # SERVICE <x> {}')


@pytest.mark.parametrize(
    "update", ["LOAD <http://127.0.0.1:9/x.ttl>", "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }", "CLEAR ALL"]
)
def test_updates_are_told_apart_from_malformed_queries(update):
    with pytest.raises(QueryIsUpdate):
        check_query(update)
    with pytest.raises(QueryError, match=r"malformed SPARQL: error at 1:\d+"):
        check_query("SELECT ?x WHERE { ?x ")


@pytest.mark.parametrize(
    "query",
    [
        "DESCRIBE *",
        "DESCRIBE * WHERE { ?s a cg:Country }",
        "DESCRIBE * FROM <urn:x:g> WHERE { ?s ?p ?o } LIMIT 3",
    ],
)
def test_describe_star_passes_though_rdflib_cannot_translate_it(query):
    # rdflib's translator raises TypeError on DESCRIBE * (valid SPARQL 1.1); it was refused as malformed.
    assert check_query(query).form == "DescribeQuery"


@pytest.mark.parametrize("text", ["", "  \n", "# only a comment", "PREFIX x: <urn:x#>"])
def test_a_text_without_a_query_or_operation_is_said_to_be_empty(text):
    # rdflib reads it as an empty update: it was "a SPARQL Update, not a query" (403 on a read-only
    # service), and as an update "'str' object has no attribute 'name'".
    with pytest.raises(QueryError, match="no query") as caught:
        check_query(text)
    assert not isinstance(caught.value, QueryIsUpdate)
    with pytest.raises(QueryError, match="no update"):
        check_update(text)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { ?s " + "/".join(["<urn:p>"] * 33) + " ?o }", "property path too long: 33 steps"),
        ("SELECT * WHERE { ?s " + "|".join(["<urn:p>"] * 40) + " ?o }", "property path too long: 40 steps"),
        ("SELECT * WHERE " + "{" * 70 + "}" * 70, "nested too deeply"),
        ("ASK { FILTER(" + "(" * 70 + "true" + ")" * 70 + ") }", "nested too deeply"),
        ("SELECT * WHERE { " + " . ".join(["?s <urn:p> ?o"] * 501) + " }", "more than 500 triple patterns"),
        ("ASK {} #" + "x" * 100_000, "query too long"),
    ],
)
def test_queries_past_a_named_limit_are_refused_saying_which(query, message):
    with pytest.raises(QueryTooComplex, match=message):
        check_query(query, QueryBounds(parse_seconds=30))


def test_a_parse_past_its_time_is_stopped():
    query = "SELECT * WHERE { FILTER(" + "+".join(["1"] * 3000) + " > 0) }"
    with pytest.raises(QueryTooComplex, match=r"parsing it took over 0\.2 s"):
        check_query(query, QueryBounds(parse_seconds=0.2))


# --- updates ---------------------------------------------------------------------------------


def test_ordinary_updates_pass_and_name_their_operations():
    found = check_update(
        'INSERT DATA { <urn:x:a> rdfs:label "a" } ;\n'
        "DELETE { ?s cg:said ?o } INSERT { ?s cg:stated ?o } WHERE { ?s cg:said ?o } ;\n"
        "DELETE WHERE { ?s <urn:x:p> ?o } ; CLEAR GRAPH <urn:x:g> ;\n"
        "DROP SILENT GRAPH <urn:x:h> ; ADD <urn:x:g> TO DEFAULT"
    )
    assert found == ("InsertData", "Modify", "DeleteWhere", "Clear", "Drop", "Add")


@pytest.mark.parametrize(
    ("update", "refused"),
    [
        ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
        (
            "INSERT DATA { <urn:x:a> <urn:x:b> 1 } ; load silent <http://127.0.0.1:9/> into graph <urn:x:g>",
            "LOAD",
        ),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
        ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o MINUS { SERVICE SILENT ?e { ?s ?p ?o } } }", "SERVICE"),
        ("CLEAR ALL", "every article"),
        ("drop silent named", "every article"),
        # the default graph is the union of the articles: clearing it removes every one
        ("CLEAR DEFAULT", "every article"),
        ("drop silent default", "every article"),
    ],
)
def test_load_service_and_every_graph_at_once_are_refused(update, refused):
    with pytest.raises(QueryRefused) as caught:
        check_update(update)
    assert refused in str(caught.value)
    if refused != "SERVICE":
        assert isinstance(caught.value, UpdateRefused)


def test_an_update_past_a_limit_or_malformed_is_refused_saying_so():
    with pytest.raises(QueryTooComplex, match="property path too long"):
        check_update("INSERT { ?s <urn:x:p> ?o } WHERE { ?s " + "/".join(["<urn:p>"] * 100) + " ?o }")
    with pytest.raises(QueryTooComplex, match="update too long"):
        check_update("INSERT DATA { " + "<urn:x:a> <urn:x:b> 1 . " * 5000 + "}")
    with pytest.raises(QueryError, match="malformed SPARQL Update"):
        check_update("INSERT DATA {")
    with pytest.raises(QueryError, match="malformed SPARQL Update"):
        check_update("INSERT DATA { <urn:x:a> nope:b 1 }")
