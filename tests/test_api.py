"""The web service's lookups, uploads and export, through FastAPI's TestClient on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api import articles, lookups, sparql
from api.app import create_app
from api.settings import Settings, SettingsError

TOKEN = "s3cret-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DATED = "90ee45620aafa739"  # "US-Russia ties resurrect in Saudi Arabia", 2025-02-18
NEW_ARTICLE = "Deal signed\n\nFrance and Japan signed a trade agreement on Monday, officials said.\n"


@pytest.fixture
def client(seeded_store):
    with TestClient(create_app(seeded_store, settings=Settings(api_token=TOKEN))) as c:
        yield c


def snapshot(client: TestClient) -> tuple[int, int]:
    """Return (articles, triples) as the service sees them, to show a request changed nothing."""
    articles = client.get("/articles").json()["total"]
    sparql = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    return articles, int(sparql.json()["results"]["bindings"][0]["n"]["value"])


# --- lookups -------------------------------------------------------------------------------


def test_healthz_says_ok_and_counts_articles(client):
    assert client.get("/healthz").json() == {"status": "ok", "articles": 2}


def test_actors_are_listed_with_claim_and_agreement_counts(client):
    page = client.get("/actors", params={"limit": 500}).json()
    assert page["total"] == len(page["items"]) > 5
    by_id = {a["id"]: a for a in page["items"]}
    assert by_id["yuri-ushakov"]["claims"] > 0 and by_id["yuri-ushakov"]["kind"] == "person"
    assert by_id["united-states"]["agreements"] > 0


def test_actor_search_matches_aliases_in_any_case(client):
    found = client.get("/actors", params={"q": "USHAKOV"}).json()["items"]
    assert [a["id"] for a in found] == ["yuri-ushakov"]
    assert "United States" in [a["name"] for a in client.get("/actors", params={"q": "u.s."}).json()["items"]]


def test_actor_profile_has_aliases_roles_same_as_and_what_they_said(client):
    profile = client.get("/actors/yuri-ushakov").json()
    assert "Ushakov" in profile["aliases"] and "presidential aide" in profile["roles"]
    assert profile["claims"]["total"] == len(profile["claims"]["items"]) > 0
    assert {c["speaker"]["id"] for c in profile["claims"]["items"]} == {"yuri-ushakov"}
    us = client.get("/actors/united-states").json()
    assert us["same_as"] == ["http://www.wikidata.org/entity/Q30"] and us["agreements"]["total"] > 0


@pytest.mark.parametrize("path", ["/actors/no-such-actor", "/actors/BAD%20ID", "/articles/0000000000000000"])
def test_an_unknown_id_is_404_with_a_hint(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "no " in response.json()["detail"]


def test_claims_accept_a_speaker_alias(client):
    page = client.get("/claims", params={"speaker": "Ushakov"}).json()
    assert page["total"] > 0 and {c["speaker"]["id"] for c in page["items"]} == {"yuri-ushakov"}
    assert client.get("/claims", params={"speaker": "Nobody Atall"}).json() == {
        "total": 0,
        "limit": 50,
        "offset": 0,
        "items": [],
        "suggestions": [],
    }


def test_claims_filter_by_text_article_and_dates(client):
    by_text = client.get("/claims", params={"q": "ukraine conflict"}).json()["items"]
    assert by_text and all(
        "ukraine" in c["text"].lower() and "conflict" in c["text"].lower() for c in by_text
    )
    by_article = client.get("/claims", params={"article": DATED}).json()["items"]
    assert by_article and {c["article"]["id"] for c in by_article} == {DATED}
    dated = client.get("/claims", params={"since": "2025-02-18", "until": "2025-02-18"}).json()
    assert dated["total"] == len(by_article)
    assert client.get("/claims", params={"until": "2025-01-01"}).json()["total"] == 0


def test_agreements_accept_a_party_alias_and_a_status(client):
    page = client.get("/agreements", params={"party": "USA", "status": "agreed"}).json()
    assert page["total"] > 0
    for agreement in page["items"]:
        assert agreement["status"] == "agreed"
        assert "united-states" in [p["id"] for p in agreement["parties"]]
        assert agreement["evidence"]["end"] > agreement["evidence"]["start"]


def test_pagination_reports_the_total_and_pages_cover_it(client):
    whole = client.get("/agreements", params={"limit": 500}).json()
    first = client.get("/agreements", params={"limit": 3}).json()
    rest = client.get("/agreements", params={"limit": 500, "offset": 3}).json()
    assert first["total"] == whole["total"] and len(first["items"]) == 3
    assert [a["id"] for a in first["items"] + rest["items"]] == [a["id"] for a in whole["items"]]


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 501},
        {"limit": 0},
        {"offset": -1},
        {"status": "maybe"},
        {"article": "not-an-id"},
    ],
)
def test_bad_lookup_parameters_are_422_and_say_which(client, query):
    response = client.get("/agreements", params=query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] in query


def test_articles_are_listed_newest_first_with_counts(client):
    items = client.get("/articles").json()["items"]
    assert items[0]["id"] == DATED and len(items) == 2
    assert all(a["claims"] > 0 and a["agreements"] > 0 for a in items)


def test_an_article_comes_with_claims_agreements_and_evidence_from_its_file(client):
    detail = client.get(f"/articles/{DATED}").json()
    original = Path(detail["article"]["source"]).read_text(encoding="utf-8")
    assert detail["claims"] and detail["agreements"]
    for item in detail["claims"] + detail["agreements"]:
        span = item["evidence"]
        assert original[span["start"] : span["end"]] == span["text"]


def test_who_agreed_and_who_said_answer_the_two_common_questions(client):
    agreed = client.get("/who-agreed", params={"to": "embassy staffing"}).json()
    assert {p["actor"]["id"] for p in agreed["parties"]} == {"russia", "united-states"}
    assert agreed["agreements"]["items"][0]["article"]["id"] == DATED
    said = client.get("/who-said", params={"about": "names of the American participants"}).json()
    assert [s["actor"]["id"] for s in said["speakers"]] == ["yuri-ushakov"]
    assert client.get("/who-agreed").status_code == 422  # `to` is required


# --- writing -------------------------------------------------------------------------------


def test_posting_text_ingests_it_and_lookups_see_it(client):
    response = client.post("/articles", content=NEW_ARTICLE, headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 201, response.text
    (done,) = response.json()["ingested"]
    assert done["title"] == "Deal signed" and not done["replaced"]
    assert response.headers["location"] == f"/articles/{done['id']}"
    assert client.get(f"/articles/{done['id']}").json()["article"]["title"] == "Deal signed"
    again = client.post("/articles", content=NEW_ARTICLE, headers={**AUTH, "Content-Type": "text/plain"})
    assert again.json()["ingested"][0]["replaced"] is True
    assert client.get("/articles").json()["total"] == 3


def test_posting_json_keeps_its_title_and_date(client):
    article = {"title": "Trade", "date": "2025-03-01", "publisher": "Wire", "text": NEW_ARTICLE}
    response = client.post("/articles", json=article, headers=AUTH)
    assert response.status_code == 201, response.text
    stored = client.get(f"/articles/{response.json()['ingested'][0]['id']}").json()["article"]
    assert (stored["title"], stored["date"], stored["publisher"]) == ("Trade", "2025-03-01", "Wire")


def test_uploading_a_jsonl_file_ingests_each_line_under_the_file_name(client):
    lines = [
        {"id": "a", "title": "One", "text": NEW_ARTICLE},
        {"id": "b", "text": "Talks\n\nLavrov said talks were useful."},
    ]
    body = "\n".join(json.dumps(line) for line in lines).encode()
    response = client.post("/articles", files={"file": ("batch.jsonl", body)}, headers=AUTH)
    assert response.status_code == 201, response.text
    assert [i["source"] for i in response.json()["ingested"]] == ["batch.jsonl#a", "batch.jsonl#b"]


def test_a_jsonl_upload_stores_the_first_of_repeated_texts_and_names_the_repeats(client):
    # Three lines of one text stored the last line's title in turn and said nothing of the others.
    text = "Ferry talks\n\nThe Vardo mayor said the ferry would run again in May."
    lines = [{"id": k, "title": k.upper(), "text": text} for k in ("first", "second", "third")]
    body = "\n".join(json.dumps(line) for line in lines).encode()
    response = client.post("/articles", files={"file": ("repeats.jsonl", body)}, headers=AUTH)
    assert response.status_code == 201, response.text
    report = response.json()
    assert [i["source"] for i in report["ingested"]] == ["repeats.jsonl#first"]
    assert [(r["source"], r["same_as"]) for r in report["repeated"]] == [
        ("repeats.jsonl#second", "repeats.jsonl#first"),
        ("repeats.jsonl#third", "repeats.jsonl#first"),
    ]
    stored = client.get(f"/articles/{report['ingested'][0]['id']}").json()["article"]
    assert stored["title"] == "FIRST"


def test_writes_need_the_token(client):
    before = snapshot(client)
    post = {"content": NEW_ARTICLE, "headers": {"Content-Type": "text/plain"}}
    assert client.post("/articles", **post).status_code == 401
    wrong = {"Content-Type": "text/plain", "Authorization": "Bearer wrong"}
    assert client.post("/articles", content=NEW_ARTICLE, headers=wrong).status_code == 401
    assert client.delete(f"/articles/{DATED}").status_code == 401
    assert snapshot(client) == before


def test_writes_are_off_without_a_configured_token(seeded_store):
    with TestClient(create_app(seeded_store, settings=Settings())) as anonymous:
        response = anonymous.post(
            "/articles", content=NEW_ARTICLE, headers={**AUTH, "Content-Type": "text/plain"}
        )
        assert response.status_code == 403 and "KG_API_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize(
    ("upload", "status", "says"),
    [
        (("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 415, "binary"),
        (("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00"), 415, "unsupported file type"),
        (("latin1.txt", "Café said so.".encode("latin-1")), 415, "not UTF-8"),
        (("empty.txt", b"   \n"), 400, "empty"),
        (("bad.jsonl", b'{"text": "ok text here"}\nnot json\n'), 400, "malformed JSON"),
    ],
)
def test_a_bad_upload_is_refused_with_the_reason_and_changes_nothing(client, upload, status, says):
    before = snapshot(client)
    response = client.post("/articles", files={"file": upload}, headers=AUTH)
    assert response.status_code == status and says in response.json()["detail"]
    assert snapshot(client) == before


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("application/json", b'{"title": "no text"}', 422),
        ("application/json", b"{not json", 422),
        ("application/pdf", b"%PDF-1.7", 415),
        ("text/plain", b"\x00\x01binary", 415),
    ],
)
def test_a_bad_body_is_refused_and_changes_nothing(client, content_type, body, status):
    before = snapshot(client)
    response = client.post("/articles", content=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == status, response.text
    assert snapshot(client) == before


def test_an_oversize_body_is_413_and_changes_nothing(seeded_store):
    settings = Settings(api_token=TOKEN, max_body_bytes=1000)
    with TestClient(create_app(seeded_store, settings=settings)) as small:
        before = snapshot(small)
        response = small.post("/articles", content="x" * 1001, headers={**AUTH, "Content-Type": "text/plain"})
        assert response.status_code == 413 and "1,000 bytes" in response.json()["detail"]
        assert snapshot(small) == before


def test_delete_removes_an_article_and_its_claims(client):
    response = client.delete(f"/articles/{DATED}", headers=AUTH)
    assert response.status_code == 200 and response.json() == {"deleted": DATED}
    assert client.get(f"/articles/{DATED}").status_code == 404
    assert client.get("/claims", params={"article": DATED}).json()["total"] == 0
    assert client.delete(f"/articles/{DATED}", headers=AUTH).status_code == 404
    assert client.delete("/articles/not-an-id", headers=AUTH).status_code == 404


# --- export, docs, settings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media_type", "rdf_format"),
    [
        ("turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("trig", "application/trig", ox.RdfFormat.TRIG),
        ("nquads", "application/n-quads", ox.RdfFormat.N_QUADS),
        ("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_export_downloads_the_graph_in_each_format(client, fmt, media_type, rdf_format):
    response = client.get("/export", params={"format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert 'attachment; filename="claimgraph.' in response.headers["content-disposition"]
    quads = list(ox.parse(response.content, format=rdf_format))
    _, triples = snapshot(client)
    if fmt in ("trig", "nquads"):  # one graph per article: shared actor triples repeat
        assert len(quads) >= triples and all(q.graph_name != ox.DefaultGraph() for q in quads)
    else:
        assert len(quads) == triples


def test_export_refuses_an_unknown_format(client):
    assert client.get("/export", params={"format": "rdfxml"}).status_code == 422


def test_openapi_describes_every_parameter_and_docs_are_served(client):
    spec = client.get("/openapi.json").json()
    ours = {
        route.path for router in (lookups.router, articles.router, sparql.router) for route in router.routes
    }
    for path, operations in spec["paths"].items():
        if path not in ours | {"/healthz"}:
            continue
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), f"{method} {path}"
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), f"{method} {path} {parameter['name']}"
    assert {"/sparql", "/actors", "/who-agreed", "/who-said", "/export", "/healthz"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "https://" not in docs.text  # its scripts come from here
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200


def test_settings_come_from_the_environment():
    env = {
        "KG_API_TOKEN": "abc",
        "KG_QUERY_TIMEOUT": "2.5",
        "KG_QUERY_ROW_LIMIT": "50",
        "KG_QUERY_ANSWER_BYTES": "4096",
        "KG_MAX_BODY_BYTES": "1024",
        "KG_ALLOW_UPDATES": "yes",
    }
    settings = Settings.from_env(env)
    assert settings == Settings(
        api_token="abc",
        query_timeout=2.5,
        row_limit=50,
        answer_bytes=4096,
        max_body_bytes=1024,
        allow_updates=True,
    )
    assert Settings.from_env({}) == Settings()
    # nan and inf were taken (no time limit at all), and 100000 workers forked 100000 processes.
    for bad in (
        {"KG_QUERY_TIMEOUT": "soon"},
        {"KG_ALLOW_UPDATES": "maybe"},
        {"KG_QUERY_ROW_LIMIT": "0"},
        {"KG_QUERY_TIMEOUT": "nan"},
        {"KG_QUERY_TIMEOUT": "inf"},
        {"KG_REQUEST_TIMEOUT": "1e300"},
        {"KG_SEND_TIMEOUT": "0"},
        {"KG_QUERY_WORKERS": "100000"},
    ):
        with pytest.raises(SettingsError, match=next(iter(bad))):
            Settings.from_env(bad)
