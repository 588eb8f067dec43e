"""The SPARQL 1.1 Protocol endpoint: negotiation, read-only, updates with the token, limits."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from api.answer_cache import AnswerCache
from api.app import create_app
from api.settings import Settings
from tests.conftest import empty_remote_store

TOKEN = "s3cret-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COUNTRIES = "SELECT ?name WHERE { ?c a cg:Country ; rdfs:label ?name } ORDER BY ?name"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUSSIA = "<https://w3id.org/claimgraph/id/actor/russia>"
# Cross joins of the seeds' ~1,600 triples: the first streams rows, the second is one
# aggregate that Oxigraph computes whole (seconds) before the first row.
STREAMING = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f }"
BLOCKING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?k { 1 2 3 4 5 6 7 8 } }"


def service(store, **settings) -> TestClient:
    return TestClient(create_app(store, settings=Settings(**settings)))


@pytest.fixture
def client(seeded_store):
    with service(seeded_store, api_token=TOKEN) as c:
        yield c


def names(response) -> list[str]:
    return [b["name"]["value"] for b in response.json()["results"]["bindings"]]


def triple_count(client: TestClient) -> int:
    response = client.get("/sparql", params={"query": COUNT_ALL})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# --- the protocol ----------------------------------------------------------------------------


def test_a_get_query_answers_sparql_json_by_default(client):
    response = client.get("/sparql", params={"query": COUNTRIES})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    found = names(response)
    assert found == sorted(found) and {"Russia", "United States"} <= set(found)


def test_form_post_and_sparql_query_body_answer_like_get(client):
    expected = names(client.get("/sparql", params={"query": COUNTRIES}))
    assert names(client.post("/sparql", data={"query": COUNTRIES})) == expected
    body = client.post("/sparql", content=COUNTRIES, headers={"Content-Type": "application/sparql-query"})
    assert names(body) == expected


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.5, */*;q=0.1", "text/csv"),
    ],
)
def test_select_results_come_in_the_format_accept_asks_for(client, accept, media_type):
    response = client.get("/sparql", params={"query": COUNTRIES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert _names_in(response.text, media_type) == names(client.get("/sparql", params={"query": COUNTRIES}))


def _names_in(text: str, media_type: str) -> list[str]:
    """Return the ?name column of a SELECT result in any of the four formats."""
    if media_type.endswith("json"):
        return [b["name"]["value"] for b in json.loads(text)["results"]["bindings"]]
    if media_type.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        return [e.text or "" for e in ET.fromstring(text).iterfind(".//r:binding/r:literal", ns)]
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["name"]
        return [r[0] for r in rows[1:]]
    lines = text.splitlines()
    assert lines[0] == "?name"
    return [json.loads(line) for line in lines[1:]]  # TSV cells are Turtle: "quoted"


def test_dataset_parameters_are_refused_not_ignored(client):
    """default-graph-uri was silently ignored: the answer looked like one over the graph named."""
    asked = {"query": COUNTRIES, "default-graph-uri": "https://example.org/other"}
    response = client.get("/sparql", params=asked)
    assert response.status_code == 400 and "default-graph-uri" in response.json()["detail"]
    response = client.post("/sparql", data={"query": COUNTRIES, "named-graph-uri": "https://example.org/g"})
    assert response.status_code == 400 and "named-graph-uri" in response.json()["detail"]
    assert client.get("/sparql", params={"query": COUNTRIES}).status_code == 200


def test_ask_answers_true_or_false(client):
    yes = client.get("/sparql", params={"query": "ASK { ?p cg:agreedTo ?o }"})
    assert yes.json()["boolean"] is True
    no = client.get(
        "/sparql",
        params={"query": "ASK { ?p cg:agreedTo <urn:nothing> }"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert "<boolean>false</boolean>" in no.text


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_and_describe_answer_rdf_in_the_format_asked_for(client, accept, rdflib_format):
    for query in (f"CONSTRUCT {{ {RUSSIA} ?p ?o }} WHERE {{ {RUSSIA} ?p ?o }}", f"DESCRIBE {RUSSIA}"):
        response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(accept)
        graph = Graph().parse(data=response.text, format=rdflib_format)
        assert any(str(o) == "Russia" for o in graph.objects())


def test_the_format_parameter_overrides_accept(client):
    response = client.get(
        "/sparql", params={"query": COUNTRIES, "format": "csv"}, headers={"Accept": "application/json"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    graph = client.get("/sparql", params={"query": f"DESCRIBE {RUSSIA}", "format": "json"})
    assert graph.headers["content-type"] == "application/ld+json"


def test_an_unacceptable_format_is_406(client):
    assert (
        client.get("/sparql", params={"query": COUNTRIES}, headers={"Accept": "image/png"}).status_code == 406
    )
    turtle_for_select = client.get("/sparql", params={"query": COUNTRIES}, headers={"Accept": "text/turtle"})
    assert turtle_for_select.status_code == 406 and "text/csv" in turtle_for_select.json()["detail"]


@pytest.mark.parametrize(
    ("form", "accept", "media_type"),
    [
        (COUNTRIES, "application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
        (COUNTRIES, "application/json;q=0, application/*", "application/sparql-results+xml"),
        (COUNTRIES, "text/*;q=0.9, text/csv;q=0", "text/tab-separated-values"),
        ("CONSTRUCT WHERE { ?c a cg:Country }", "text/turtle;q=0, */*;q=0.5", "application/n-triples"),
    ],
)
def test_a_format_refused_with_q_0_is_not_what_a_wildcard_gives(client, form, accept, media_type):
    # q=0 was only left out of the list, and */* then gave the default: the refused format.
    response = client.get("/sparql", params={"query": form}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)


def test_html_or_everything_refused_with_q_0_is_not_given(client):
    page = client.get("/sparql", headers={"Accept": "text/html;q=0, application/json"})
    assert page.status_code == 400 and "query" in page.json()["detail"]  # not the query page
    nothing = client.get("/sparql", params={"query": COUNTRIES}, headers={"Accept": "*/*;q=0"})
    assert nothing.status_code == 406


def test_a_browser_gets_the_query_page_with_examples_and_no_outside_links(client):
    page = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Who agreed to what" in page.text and "What did Ushakov say" in page.text
    assert "<textarea" in page.text and "http://" not in page.text.replace("http://www.w3.org", "")
    assert "https://" not in page.text.replace("https://w3id.org/claimgraph", "")


def test_no_query_is_400(client):
    response = client.get("/sparql")
    assert response.status_code == 400 and "query" in response.json()["detail"]


# --- bad input changes nothing ---------------------------------------------------------------


def test_malformed_sparql_is_400_and_says_where(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x "})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("malformed SPARQL: error at 1:")


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {
            "method": "POST",
            "content": "DELETE WHERE { ?s ?p ?o }",
            "headers": {"Content-Type": "application/sparql-update", **AUTH},
        },
        {"method": "GET", "params": {"query": "PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }"}},
    ],
)
def test_updates_are_refused_on_a_read_only_service_and_change_nothing(client, request_kwargs):
    before = triple_count(client)
    kwargs = dict(request_kwargs)
    response = client.request(kwargs.pop("method"), "/sparql", **kwargs)
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert triple_count(client) == before


def test_with_updates_allowed_an_update_needs_the_token(seeded_store):
    insert = {"update": 'INSERT DATA { <urn:x:a> <urn:x:b> "added" }'}
    with service(seeded_store, api_token=TOKEN, allow_updates=True) as client:
        before = triple_count(client)
        assert client.post("/sparql", data=insert).status_code == 401
        assert (
            client.post("/sparql", data=insert, headers={"Authorization": "Bearer nope"}).status_code == 401
        )
        assert triple_count(client) == before
        assert client.post("/sparql", data=insert, headers=AUTH).status_code == 204
        assert triple_count(client) == before + 1
        bad = client.post("/sparql", data={"update": "INSERT DATA {"}, headers=AUTH)
        assert bad.status_code == 400 and "malformed SPARQL Update" in bad.json()["detail"]


def test_updates_allowed_without_a_token_are_still_refused(seeded_store):
    with service(seeded_store, allow_updates=True) as client:
        response = client.post("/sparql", data={"update": "CLEAR DEFAULT"}, headers=AUTH)
        assert response.status_code == 403 and "KG_API_TOKEN" in response.json()["detail"]


def test_a_federated_query_is_refused(client):
    response = client.get(
        "/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"}
    )
    assert response.status_code == 403 and "SERVICE" in response.json()["detail"]


def test_an_oversize_query_body_is_413(seeded_store):
    with service(seeded_store, max_body_bytes=200) as client:
        query = COUNTRIES + " #" + "x" * 300
        response = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
        assert response.status_code == 413


def test_a_body_of_another_type_is_415(client):
    response = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415


# --- limits ----------------------------------------------------------------------------------


def test_a_query_over_the_row_limit_gets_a_clear_422(seeded_store):
    with service(seeded_store, row_limit=10) as client:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert response.status_code == 422 and "more than 10 rows" in response.json()["detail"]
        assert (
            client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}).status_code == 200
        )


def test_a_long_query_is_stopped_at_the_time_limit(seeded_store):
    with service(seeded_store, query_timeout=0.5, row_limit=10**9) as client:
        started = time.monotonic()
        response = client.get("/sparql", params={"query": STREAMING})
        assert response.status_code == 503 and "time limit of 0.5 s" in response.json()["detail"]
        assert time.monotonic() - started < 5
        _wait_until_idle(client)  # the worker stopped itself between rows


def test_a_query_oxigraph_cannot_interrupt_answers_503_in_time_and_its_worker_is_replaced(seeded_store):
    with service(seeded_store, query_timeout=0.3, query_workers=1) as client:
        pool = client.app.state.query_pool
        pool.start()
        (first,) = pool._pool.workers._idle
        started = time.monotonic()
        response = client.get("/sparql", params={"query": BLOCKING})
        assert response.status_code == 503 and "time limit" in response.json()["detail"]
        assert time.monotonic() - started < 3
        # The query's worker was killed (it stops computing), a new one answers the next query.
        assert first.process.exitcode is not None
        assert client.get("/sparql", params={"query": COUNTRIES}).status_code == 200
        assert client.get("/actors").status_code == 200
        assert pool.busy() == 0


def _wait_until_idle(client: TestClient, seconds: float = 120) -> None:
    pool = client.app.state.query_pool
    deadline = time.monotonic() + seconds
    while pool.busy() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.busy() == 0


# --- kept answers ----------------------------------------------------------------------------


def test_a_kept_answer_is_never_served_once_the_store_changed(seeded_store):
    insert = {"update": 'INSERT DATA { <urn:x:a> <urn:x:b> "added" }'}
    with service(seeded_store, api_token=TOKEN, allow_updates=True) as client:
        before = triple_count(client)
        assert triple_count(client) == before  # asked again: the kept answer, still right
        assert client.post("/sparql", data=insert, headers=AUTH).status_code == 204
        assert triple_count(client) == before + 1
        article_id = client.get("/articles").json()["items"][0]["id"]
        assert client.delete(f"/articles/{article_id}", headers=AUTH).status_code == 200
        assert triple_count(client) < before


def test_answers_are_kept_per_format_and_not_at_all_when_the_cache_is_off(seeded_store):
    with service(seeded_store, answer_cache_bytes=0) as client:
        as_json = client.get("/sparql", params={"query": COUNTRIES})
        as_csv = client.get("/sparql", params={"query": COUNTRIES}, headers={"Accept": "text/csv"})
        assert len(client.app.state.answers) == 0
    with service(seeded_store) as client:
        assert client.get("/sparql", params={"query": COUNTRIES}).content == as_json.content
        kept_csv = client.get("/sparql", params={"query": COUNTRIES}, headers={"Accept": "text/csv"})
        assert kept_csv.headers["content-type"].startswith("text/csv") and kept_csv.content == as_csv.content
        assert client.get("/sparql", params={"query": COUNTRIES}).content == as_json.content
        assert len(client.app.state.answers) == 2


def test_the_answer_cache_stays_within_its_bytes_and_forgets_older_generations():
    cache = AnswerCache(max_bytes=800)
    for i in range(10):  # 10 answers of 100 bytes: the oldest go
        cache.put(1, f"q{i}", "json", "application/json", b"x" * 100)
    assert len(cache) == 8 and cache.get(1, "q0", "json") is None and cache.get(1, "q9", "json")
    cache.put(1, "big", "json", "application/json", b"x" * 101)  # over an eighth: never kept
    assert cache.get(1, "big", "json") is None
    cache.put(2, "q9", "json", "application/json", b"new")  # the store changed: all else goes
    assert len(cache) == 1 and cache.get(2, "q9", "json") == ("application/json", b"new")
    cache.put(1, "late", "json", "application/json", b"old")  # computed before the change
    assert cache.get(1, "late", "json") is None and len(cache) == 1
    cache.put(None, "remote", "json", "application/json", b"r")  # a SPARQL server: nothing kept
    assert len(cache) == 1


def test_a_store_on_a_sparql_server_is_queried_through_the_workers(oxigraph_server):
    remote = empty_remote_store(oxigraph_server)
    with service(remote) as client:
        response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert response.status_code == 200 and response.json() == {"head": {}, "boolean": False}
        refused = client.get(
            "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{oxigraph_server}> {{}} }}"}
        )
        assert refused.status_code == 403
        assert client.get("/healthz").json()["articles"] == 0
