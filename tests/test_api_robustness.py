"""Hostile input never gets a server error from the web service, and a refused write changes nothing.

Hypothesis draws request bodies and SPARQL; schemathesis draws requests from the service's own
OpenAPI schema. All go through FastAPI's TestClient to an app on a real store (a copy of the
seeded one). Examples are bounded so that the module runs in about a minute.

A few inputs crash or stall the process itself rather than fail a request (Oxigraph overflows
its stack on deeply nested SPARQL; spaCy's tokenizer takes quadratic time on long runs of
brackets), which no in-process test survives: those run in a child process each.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.app import create_app
from api.settings import Settings
from kg.store import Stats, Store

TOKEN = "robustness-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAX_BODY = 256 * 1024  # small, so that over-limit bodies are cheap to send
QUERY_SECONDS = 2.0
ROOT = Path(__file__).resolve().parent.parent
# Accepted articles are extracted and stored (~0.3 s each), refused requests are cheap: fewer
# examples where most are accepted.
CHEAP = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COSTLY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ARTICLE_TYPES = ["text/plain", "text/markdown", "text/html", "application/json"]
OTHER_TYPES = ["application/octet-stream", "image/png", "application/xml", "text/csv", "", "foo/bar; x=1"]


@pytest.fixture(scope="module")
def store(seeded_location: Path, tmp_path_factory) -> Iterator[Store]:
    """One private copy of the seeded store for the whole module (hypothesis reuses it per example)."""
    location = tmp_path_factory.mktemp("robustness") / "store"
    shutil.copytree(seeded_location, location)
    with Store(str(location)) as db:
        yield db


def service(store: Store, **overrides: object) -> TestClient:
    """Return a client of the service over `store`, with the token and small limits."""
    limits = Settings(api_token=TOKEN, max_body_bytes=MAX_BODY, query_timeout=QUERY_SECONDS)
    app = create_app(store, settings=dataclasses.replace(limits, **overrides))
    return TestClient(app, raise_server_exceptions=False)  # a 500 is a response to check, not a raise


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with service(store) as c:
        yield c


@pytest.fixture(scope="module")
def updating_client(store: Store) -> Iterator[TestClient]:
    """The same store served with SPARQL Update allowed (for requests carrying the token)."""
    with service(store, allow_updates=True) as c:
        yield c


def snapshot(store: Store) -> tuple[Stats, tuple[str, ...]]:
    """Return what the store holds, to show that a request changed nothing."""
    return store.stats(), tuple(store.article_ids())


def assert_answered(response, *, busy_allowed: bool = False) -> None:
    """Fail unless the response is a 2xx, or a 4xx (or a documented 503) with a JSON `detail`."""
    status = response.status_code
    if 200 <= status < 300:
        return
    allowed = 400 <= status < 500 or (busy_allowed and status == 503)
    request = response.request
    assert allowed, f"HTTP {status} for {request.method} {request.url}: {response.text[:500]}"
    detail = response.json().get("detail")
    assert detail, f"HTTP {status} without a `detail` message: {response.text[:500]}"
    if isinstance(detail, list):  # FastAPI's validation errors: one {loc, msg, type} per problem
        assert all(isinstance(d, dict) and d.get("msg") for d in detail), detail
    else:
        assert isinstance(detail, str), detail


def counted(response) -> None:
    """Tally the status in hypothesis' statistics (pytest --hypothesis-show-statistics), within a @given."""
    with contextlib.suppress(InvalidArgument):  # outside a hypothesis test: nothing to tally
        event(f"HTTP {response.status_code}")


def post_article(client: TestClient, body: bytes | str, content_type: str | None, **headers: str):
    sent = {**AUTH, **headers}
    if content_type is not None:
        sent["Content-Type"] = content_type
    return client.post("/articles", content=body, headers=sent)


def assert_refused_changes_nothing(store: Store, before, response) -> None:
    """Check the response, and that a refused request left the store as it was."""
    assert_answered(response)
    counted(response)
    if response.status_code >= 400:
        assert snapshot(store) == before, f"refused with {response.status_code} but the store changed"


# --- POST /articles: bodies -----------------------------------------------------------------

binary_bodies = st.one_of(
    st.binary(min_size=1, max_size=2048),
    st.binary(max_size=512).map(lambda b: b + b"\x00" + b),
    st.binary(max_size=512).map(lambda b: b"\xff\xfe" + b),
    st.text(max_size=300).map(lambda t: t.encode() + b"\xc3\x28 " + t.encode()),  # a broken sequence
)


@CHEAP
@given(body=binary_bodies, content_type=st.sampled_from(ARTICLE_TYPES + OTHER_TYPES))
def test_random_bytes_are_stored_or_refused_with_a_reason(client, store, body, content_type):
    before = snapshot(store)
    assert_refused_changes_nothing(store, before, post_article(client, body, content_type))


@CHEAP
@given(
    head=st.binary(max_size=4000).filter(lambda b: b.strip()),
    nul_at=st.integers(0, 4000),
    content_type=st.sampled_from(ARTICLE_TYPES),
)
def test_nul_bytes_are_refused_as_binary_data(client, store, head, nul_at, content_type):
    body = head[:nul_at] + b"\x00" + head[nul_at:]
    before = snapshot(store)
    response = post_article(client, body, content_type)
    assert response.status_code == 415, response.text
    assert_refused_changes_nothing(store, before, response)


@CHEAP
@given(
    text=st.text(min_size=1, max_size=500).filter(str.strip),
    bad=st.sampled_from([b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]),
    content_type=st.sampled_from(ARTICLE_TYPES),
)
def test_invalid_utf8_is_refused_as_not_text(client, store, text, bad, content_type):
    before = snapshot(store)
    response = post_article(client, text.encode() + bad, content_type)
    assert response.status_code == 415, response.text
    assert "UTF-8" in response.json()["detail"]
    assert_refused_changes_nothing(store, before, response)


@CHEAP
@given(claimed=st.integers(MAX_BODY + 1, 10**18), sent=st.binary(max_size=64))
def test_a_content_length_over_the_limit_is_refused_before_reading(client, store, claimed, sent):
    before = snapshot(store)
    response = post_article(client, sent, "text/plain", **{"Content-Length": str(claimed)})
    assert response.status_code == 413, response.text
    assert "KG_MAX_BODY_BYTES" in response.json()["detail"]
    assert_refused_changes_nothing(store, before, response)


def test_a_streamed_body_over_the_limit_is_refused(client, store):
    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is found while reading
        for _ in range(2 * MAX_BODY // 4096):
            yield b"Putin said the talks went well. " * 128

    before = snapshot(store)
    response = client.post("/articles", content=chunks(), headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 413, response.text
    assert_refused_changes_nothing(store, before, response)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
article_fields = st.sampled_from(["text", "title", "date", "publisher", "url"])
json_articles = st.one_of(
    json_values,
    st.dictionaries(article_fields, json_values, max_size=5),
    st.fixed_dictionaries({"text": json_values}, optional={f: json_values for f in ("title", "date", "url")}),
)


@COSTLY
@given(document=json_articles)
def test_wrong_typed_json_is_stored_or_refused_with_a_reason(client, store, document):
    before = snapshot(store)
    body = json.dumps(document, allow_nan=True)  # NaN and Infinity too: not JSON, but often sent
    assert_refused_changes_nothing(store, before, post_article(client, body, "application/json"))


@CHEAP
@given(depth=st.integers(100, 20_000), opener=st.sampled_from(["[", '{"text":', '{"a":[']))
def test_deeply_nested_json_is_refused_with_a_reason(client, store, depth, opener):
    closer = "".join({"[": "]", "{": "}"}[c] for c in reversed(opener) if c in "[{")
    before = snapshot(store)
    response = post_article(client, opener * depth + "1" + closer * depth, "application/json")
    assert response.status_code == 422, response.text
    assert_refused_changes_nothing(store, before, response)


def test_a_deeply_nested_jsonl_line_is_refused_with_a_reason(client, store):
    before = snapshot(store)
    line = "[" * 100_000 + "]" * 100_000
    response = client.post("/articles", files={"file": ("deep.jsonl", line.encode())}, headers=AUTH)
    assert response.status_code == 400, response.text
    assert_refused_changes_nothing(store, before, response)


script_payloads = st.sampled_from(
    [
        "<script>document.title='pwned-script'</script>",
        "<img src=x onerror=\"alert('pwned-onerror')\">",
        "<iframe src=\"javascript:alert('pwned-iframe')\"></iframe>",
        "<style>body{background:url(javascript:alert('pwned-style'))}</style>",
        "<svg><script>alert('pwned-svg')</script></svg>",
        "<a href=\"javascript:alert('pwned-link')\">link</a>",
        "<!-- <script>alert('pwned-comment')</script> -->",
    ]
)
html_text = st.text(st.characters(codec="utf-8", exclude_characters="<>&"), max_size=200)


@COSTLY
@given(
    title=html_text,
    paragraphs=st.lists(html_text, max_size=4),
    scripts=st.lists(script_payloads, min_size=1, max_size=3),
    where=st.sampled_from(["head", "body", "both"]),
)
def test_html_with_scripts_is_stored_as_text_or_refused(client, store, title, paragraphs, scripts, where):
    head_scripts = "".join(scripts) if where in ("head", "both") else ""
    body_scripts = "".join(scripts) if where in ("body", "both") else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (
        f"<html><head><title>{title}</title>{head_scripts}</head>"
        f"<body><article><h1>{title}</h1>{body_scripts}{body}</article></body></html>"
    )
    before = snapshot(store)
    response = post_article(client, page, "text/html")
    assert_refused_changes_nothing(store, before, response)
    if response.status_code == 201:
        for ingested in response.json()["ingested"]:
            stored = json.dumps(client.get(f"/articles/{ingested['id']}").json()) + ingested["title"]
            assert "<script" not in stored.lower() and "pwned-" not in stored, stored


@COSTLY
@given(text=st.text(max_size=2000), content_type=st.sampled_from(["text/plain", "text/markdown"]))
def test_random_unicode_text_is_stored_or_refused(client, store, text, content_type):
    before = snapshot(store)
    response = post_article(client, text.encode("utf-8"), content_type)
    assert_refused_changes_nothing(store, before, response)
    if response.status_code == 201:  # what was accepted is there to read back
        for ingested in response.json()["ingested"]:
            assert client.get(f"/articles/{ingested['id']}").status_code == 200


@COSTLY
@given(
    filename=st.one_of(
        st.text(max_size=60),
        st.sampled_from(["../../etc/passwd.txt", "a.jsonl", "a.html", "a.exe", ".txt", "a\x00.txt"]),
    ),
    content=st.one_of(
        st.binary(max_size=1024),
        st.lists(json_values.map(json.dumps), max_size=4).map(lambda lines: "\n".join(lines).encode()),
    ),
    field=st.sampled_from(["file", "file", "upload", ""]),
)
def test_file_uploads_are_stored_or_refused_with_a_reason(client, store, filename, content, field):
    before = snapshot(store)
    response = client.post("/articles", files={field: (filename, content)}, headers=AUTH)
    assert_refused_changes_nothing(store, before, response)


@CHEAP
@given(
    authorization=st.one_of(
        st.none(),
        st.sampled_from(["Bearer", "Bearer ", f"Basic {TOKEN}", f"Bearer {TOKEN}x", f"bearer  {TOKEN[:-1]}"]),
        st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=60),
    ),
    method=st.sampled_from(["POST", "DELETE"]),
)
def test_writes_without_the_token_are_refused_and_change_nothing(client, store, authorization, method):
    headers = {} if authorization is None else {"Authorization": authorization.encode("latin-1")}
    before = snapshot(store)
    if method == "POST":
        text = "Deal signed\n\nFrance and Japan signed a trade agreement on Monday, officials said.\n"
        response = client.post("/articles", content=text, headers={**headers, "Content-Type": "text/plain"})
    else:
        response = client.delete(f"/articles/{before[1][0]}", headers=headers)
    assert response.status_code == 401, response.text
    assert_refused_changes_nothing(store, before, response)


# --- /sparql --------------------------------------------------------------------------------

VALID_QUERIES = [
    "SELECT ?party ?outcome WHERE { ?p cg:agreedTo ?o . ?p rdfs:label ?party . ?o rdfs:label ?outcome } "
    "ORDER BY ?party ?outcome LIMIT 4",
    'SELECT ?speaker ?text WHERE { ?s rdfs:label|skos:altLabel ?name . FILTER(LCASE(STR(?name)) = "ushakov") '
    "?s rdfs:label ?speaker ; cg:said ?claim . ?claim cg:text ?text } LIMIT 10",
    "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a cg:Claim }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?n) LIMIT 5",
    "ASK { ?a a cg:Agreement ; cg:reportedIn ?article . OPTIONAL { ?article dcterms:title ?t } }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l } LIMIT 20",
    "DESCRIBE ?a WHERE { ?a a cg:Article } LIMIT 1",
    "SELECT * WHERE { VALUES ?x { 1 2 3 } BIND(?x * 2 AS ?y) FILTER(?y > 2) MINUS { ?x ?p ?o } }",
    "SELECT ?o WHERE { { ?s dcterms:date ?o } UNION { ?s schema:datePublished ?o } } LIMIT 3",
    'SELECT (STRLEN(CONCAT("a", STR(?s))) AS ?n) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "^U", "i")) } '
    "LIMIT 5",
]
QUERY_TOKENS = sorted({token for query in VALID_QUERIES for token in query.split()})
# A drawn query never nests deeper than its length in tokens (< 60): far from the depth that
# crashes Oxigraph (see test_deeply_nested_sparql_is_refused_without_crashing below).
query_fragments = st.one_of(
    st.lists(st.sampled_from(QUERY_TOKENS), max_size=40).map(" ".join),
    st.tuples(st.sampled_from(VALID_QUERIES), st.integers(0, 400), st.integers(0, 400)).map(
        lambda t: t[0][min(t[1], t[2]) : max(t[1], t[2])]
    ),
    st.tuples(st.sampled_from(VALID_QUERIES), st.sampled_from(VALID_QUERIES), st.integers(0, 400)).map(
        lambda t: t[0][: t[2]] + t[1][t[2] :]
    ),
)
random_queries = st.one_of(st.text(max_size=300), query_fragments)


def ask(client: TestClient, query: str, transport: str, **headers: str):
    """Send a query by GET, as a form, or as an application/sparql-query body."""
    if transport == "get":
        return client.get("/sparql", params={"query": query}, headers=headers)
    if transport == "form":
        return client.post("/sparql", data={"query": query}, headers=headers)
    return client.post(
        "/sparql", content=query.encode(), headers={**headers, "Content-Type": "application/sparql-query"}
    )


@CHEAP
@given(
    query=random_queries,
    transport=st.sampled_from(["get", "form", "body"]),
    accept=st.sampled_from(["", "*/*", "text/csv", "application/sparql-results+xml", "text/turtle", "x/y"]),
)
def test_random_sparql_is_answered_or_refused_with_a_reason(client, store, query, transport, accept):
    before = snapshot(store)
    response = ask(client, query, transport, **({"Accept": accept} if accept else {}))
    assert_answered(response, busy_allowed=True)
    counted(response)
    assert snapshot(store) == before


UPDATES = [
    "DROP ALL",
    "CLEAR DEFAULT",
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT DATA { <urn:x> <urn:y> <urn:z> }",
    "PREFIX x: <urn:x#> INSERT DATA { GRAPH <urn:g> { x:a x:b x:c } }",
    "# a comment\nDELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CREATE GRAPH <urn:new>",
    "COPY DEFAULT TO <urn:copy>",
    "MOVE DEFAULT TO <urn:moved>",
    "ADD DEFAULT TO <urn:added>",
]


@CHEAP
@given(
    update=st.sampled_from(UPDATES),
    transport=st.sampled_from(["get", "query form", "update form", "update body", "query body"]),
    authorization=st.sampled_from([None, "Bearer wrong", f"Basic {TOKEN}", "Bearer", f"Bearer {TOKEN}"]),
    updates_allowed=st.booleans(),
)
def test_updates_without_the_token_are_refused_and_change_nothing(
    client, updating_client, store, update, transport, authorization, updates_allowed
):
    if updates_allowed and authorization == f"Bearer {TOKEN}" and transport.startswith("update"):
        authorization = None  # the one combination that may write; its success is test_api_sparql's
    target = updating_client if updates_allowed else client
    headers = {} if authorization is None else {"Authorization": authorization}
    before = snapshot(store)
    if transport == "get":
        response = target.get("/sparql", params={"query": update}, headers=headers)
    elif transport.endswith("form"):
        response = target.post("/sparql", data={transport.split()[0]: update}, headers=headers)
    else:
        kind = transport.split()[0]
        sent = {**headers, "Content-Type": f"application/sparql-{kind}"}
        response = target.post("/sparql", content=update.encode(), headers=sent)
    assert response.status_code in (400, 401, 403), response.text
    assert_answered(response)
    assert snapshot(store) == before


@COSTLY  # each example sends up to 2 MB through the whole service: ~0.2 s
@given(
    kind=st.sampled_from(["comment", "whitespace", "literal", "values", "iri", "prefixes"]),
    size=st.integers(1_000, 2 * MAX_BODY),
)
def test_very_long_flat_queries_are_answered_or_refused(client, store, kind, size):
    query = {
        "comment": lambda: "#" + "x" * size + "\nASK {}",
        "whitespace": lambda: "ASK" + " \n\t" * (size // 3) + "{}",
        "literal": lambda: f'ASK {{ FILTER("{"y" * size}" != "") }}',
        "values": lambda: "SELECT * WHERE { VALUES ?x { " + " 7" * (size // 2) + " } } LIMIT 5",
        "iri": lambda: f"ASK {{ <urn:{'i' * size}> ?p ?o }}",
        "prefixes": lambda: "".join(f"PREFIX p{i}: <urn:{i}#>\n" for i in range(size // 20)) + "ASK {}",
    }[kind]()
    before = snapshot(store)
    response = ask(client, query, "body")
    assert_answered(response, busy_allowed=True)
    if len(query.encode()) > MAX_BODY:
        assert response.status_code == 413
    assert snapshot(store) == before


# Where a SERVICE clause ({x}) may stand in a query's WHERE.
SERVICE_PLACES = [
    "{x}",
    "{ OPTIONAL {x} }",
    "{ { ?s ?p ?o } UNION {x} }",
    "{ { SELECT * WHERE {x} } }",
    "{ GRAPH ?g {x} }",
    "{ ?s ?p ?o MINUS {x} }",
    "{ FILTER EXISTS {x} }",
]


@CHEAP
@given(
    form=st.sampled_from(["SELECT * WHERE", "ASK", "CONSTRUCT { ?s ?p ?o } WHERE", "DESCRIBE ?s WHERE"]),
    keyword=st.sampled_from(["SERVICE", "service", "Service", "sErViCe"]),
    silent=st.sampled_from(["", " SILENT", " silent"]),
    gap=st.sampled_from([" ", "\n", "\t", " # note\n", ""]),
    endpoint=st.sampled_from(["<{url}>", "?ep", "ep:sparql"]),
    nesting=st.sampled_from(SERVICE_PLACES),
    transport=st.sampled_from(["get", "form", "body"]),
)
def test_service_clauses_are_refused_and_fetch_nothing(
    client, store, listener, form, keyword, silent, gap, endpoint, nesting, transport
):
    assume(silent or gap or endpoint != "ep:sparql")  # SERVICEep:sparql: the known bypass, tested below
    port, connections = listener
    url = f"http://127.0.0.1:{port}/sparql"
    clause = f"{keyword}{silent}{gap}{endpoint.format(url=url)}{gap}{{ ?s ?p ?o }}"
    values = f"VALUES ?ep {{ <{url}> }} " if endpoint == "?ep" else ""
    query = service_query(port, form + " " + nesting.replace("{x}", "{ " + values + clause + " }"))
    assert_refused_without_fetching(client, store, connections, query, transport)


def test_a_service_clause_glued_to_its_endpoint_is_refused(client, store, listener):
    port, connections = listener
    query = service_query(port, "SELECT * WHERE { SERVICEep:sparql{ ?s ?p ?o } }")
    assert_refused_without_fetching(client, store, connections, query, "get")


def service_query(port: int, query: str) -> str:
    """Return the query with the prefix ep: naming the listener."""
    return f"PREFIX ep: <http://127.0.0.1:{port}/>\n{query}"


def assert_refused_without_fetching(client, store, connections: list[bytes], query: str, transport: str):
    before, fetched = snapshot(store), len(connections)
    response = ask(client, query, transport)
    assert response.status_code in (400, 403), f"{query}\n-> {response.status_code} {response.text[:300]}"
    assert_answered(response)
    assert len(connections) == fetched, f"the service fetched from the listener: {connections[-1][:200]!r}"
    assert snapshot(store) == before


# Oxigraph parses and evaluates recursively: past a few thousand levels it overflows the stack
# of the thread and the whole process dies (SIGSEGV), taking every other request with it.
DEEP_QUERIES = {
    "nested groups": "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000,
    "nested parentheses": "ASK { FILTER(" + "(" * 50_000 + "true" + ")" * 50_000 + ") }",
    "long || chain": "ASK { FILTER(" + " || ".join(["false"] * 50_000) + ") }",
    "many FILTERs": "ASK { " + "FILTER(true) " * 50_000 + "}",
}
# Requests in a process of their own (a crash must not take the tests with it): argv = path,
# content type; a JSON list of bodies on stdin; one line "status text" per answer, as it comes.
CHILD = f"""
import json, sys, tempfile
from fastapi.testclient import TestClient
from api.app import create_app
from api.settings import Settings
from kg.store import Store

path, content_type = sys.argv[1:3]
with tempfile.TemporaryDirectory() as folder, Store(folder + "/store") as store:
    app = create_app(store, settings=Settings(api_token="{TOKEN}"))
    client = TestClient(app, raise_server_exceptions=False)
    headers = {{"Content-Type": content_type, "Authorization": "Bearer {TOKEN}"}}
    for body in json.load(sys.stdin):
        response = client.post(path, content=body.encode(), headers=headers)
        print(response.status_code, json.dumps(response.text[:200]), flush=True)
"""


def post_in_child(
    path: str, content_type: str, bodies: list[str], *, seconds: float
) -> list[tuple[int, str]]:
    """Return the status and text of each POST, made one after the other in a new process.

    Answers stop where the process died; it is killed after `seconds` (fails the test)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, path, content_type],
            input=json.dumps(bodies).encode(),
            capture_output=True,
            cwd=ROOT,
            timeout=seconds,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"POST {path} took over {seconds:g} s")
    answers = []
    for line in done.stdout.decode().splitlines():
        status, _, text = line.partition(" ")
        answers.append((int(status), json.loads(text)))
    if done.returncode != 0:  # the answers so far are kept; the request that killed it has none
        answers.append((-done.returncode, done.stderr.decode(errors="replace")[-500:]))
    return answers


@pytest.fixture(scope="module")
def deep_answers() -> dict[str, tuple[int, str]]:
    """The answer to each of DEEP_QUERIES, all asked of one service process (one start-up, not four)."""
    answers = post_in_child("/sparql", "application/sparql-query", list(DEEP_QUERIES.values()), seconds=240)
    return dict(zip(DEEP_QUERIES, answers, strict=False))


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(DEEP_QUERIES))
def test_deeply_nested_sparql_is_refused_without_crashing(shape, deep_answers):
    assert shape in deep_answers, "the process died on an earlier query"
    status, text = deep_answers[shape]
    assert 400 <= status < 500 or status == 503, f"{status}: {text}"


@pytest.mark.slow
def test_a_long_run_of_punctuation_is_stored_or_refused_in_time():
    # A real article of 20 kB takes ~4 s; 20 s is ample for 32 kB of one character.
    [(status, text)] = post_in_child("/articles", "text/plain", ["Title\n\n" + "]" * 32_000], seconds=20)
    assert status in (201, 400, 413), text


# --- schemathesis: every operation of the OpenAPI schema ------------------------------------
# schemathesis.pytest.from_fixture fails on pytest 9 (it sets the removed Node._nodeid), so the
# operations are walked here, each a subtest with its own bounded hypothesis run, with the
# token: writes are exercised too (a drawn article id is never one of the stored ones). An
# exception the app does not handle is raised by case.call, failing the run as a 500 would.
# Not checked: status_code_conformance (some 400s and 422s are not in the schema yet).
OPERATION_CHECKS = [not_a_server_error, response_schema_conformance]


def test_every_operation_answers_as_documented_without_a_server_error(client, store, subtests):
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    for operation in operations:
        with subtests.test(msg=operation.label):
            check_operation(operation, store)


def check_operation(operation, store: Store) -> None:
    """Call the operation with valid and invalid data; fail on a 5xx or a body off its schema."""
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def calls(case) -> None:
        before = snapshot(store)
        response = case.call(headers=AUTH)
        case.validate_response(response, checks=OPERATION_CHECKS)
        if response.status_code >= 400:
            assert snapshot(store) == before, f"{operation.label} refused with {response.status_code}"

    calls()
