"""The pages people read (home, search, the article reader) and the "did you mean" answers."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from kg.ingest import ingest
from kg.read import lookups
from kg.read.reader import reading
from kg.store import Store

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
DATED = "90ee45620aafa739"
# Markup in the title, the URL and the quoted claims: none of it may reach a page as markup.
HOSTILE = """Minister says <script>window.__pwned=1</script> plan is fine

"<img src=x onerror=window.__pwned=1> is fine," Foreign Minister Sergey Lavrov said on Monday.

Lavrov said "</script><script>window.__pwned=1</script> we will not accept it".
"""


@pytest.fixture(scope="module")
def location(tmp_path_factory, seeded_location) -> Path:
    location = tmp_path_factory.mktemp("pages") / "store"
    shutil.copytree(seeded_location, location)
    source = location.parent / "hostile.jsonl"
    fields = {"text": HOSTILE, "url": "javascript:window.__pwned=1", "publisher": "<b>Bad</b>"}
    source.write_text(json.dumps(fields) + "\n", encoding="utf-8")
    with Store(str(location)) as db:
        assert ingest([source], db).ok
    return location


@pytest.fixture(scope="module")
def client(location):
    with Store(str(location)) as db, TestClient(create_app(db, settings=Settings())) as c:
        c.store = db
        yield c


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each highlight."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.spans: dict[str, str] = {}
        self._open: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "span" and "data-spans" in dict(attrs):
            self._open = dict(attrs)["data-spans"].split()

    def handle_endtag(self, tag):
        if tag == "span":
            self._open = None

    def handle_data(self, data):
        for key in self._open or ():
            self.spans[key] = self.spans.get(key, "") + data


def hostile_id(client) -> str:
    return next(a["id"] for a in client.get("/articles").json()["items"] if "<script>" in a["title"])


def test_an_article_is_json_for_api_clients_and_the_reader_for_browsers(client):
    as_json = client.get(f"/articles/{DATED}")
    assert as_json.headers["content-type"] == "application/json"
    claim = as_json.json()["claims"][0]
    assert claim["reader"] == f"/articles/{DATED}#claim-{claim['id']}"
    page = client.get(f"/articles/{DATED}", headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html") and page.headers["vary"] == "Accept"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert (
        client.get(f"/articles/{DATED}", params={"format": "json"}, headers=BROWSER).json() == as_json.json()
    )
    assert client.get("/articles/0000000000000000", headers=BROWSER).status_code == 404
    html = Elements(page.text)
    ids = {a.get("id") for _, a in html.tags}
    for fact in [*as_json.json()["claims"], *as_json.json()["agreements"]]:
        kind = "claim" if "speaker" in fact else "agreement"
        assert f"{kind}-{fact['id']}" in ids and f"fact-{kind}-{fact['id']}" in ids  # text and list


def test_every_highlight_holds_exactly_the_stored_evidence(client):
    found = reading(client.store, DATED)
    assert {h.role for h in found.highlights} == {"speaker", "cue", "content", "party", "outcome"}
    html = Elements(client.get(f"/articles/{DATED}", headers=BROWSER).text)
    assert html.spans == {h.key: h.evidence.text for h in found.highlights}
    for h in found.highlights:  # the stored quote is the stored text at the stored offsets
        assert found.text[h.evidence.start : h.evidence.end] == h.evidence.text


def test_reader_pieces_hold_exactly_the_spans_covering_them_where_many_nest_and_cross():
    # The pieces are cut in one sweep (testing every span against every piece took 23 s for an
    # article of 10,000 spans): each piece still holds, in order, every span covering it.
    import random

    from kg.read.reader import Highlight, _pieces
    from kg.read.records import Evidence

    rng = random.Random(7)
    text = "".join(rng.choice("ab ") for _ in range(2000))
    spans = set()
    for i in range(800):
        start = rng.randrange(0, 1990)
        end = min(len(text), start + rng.choice([0, 1, 5, 40, 300]))
        spans.add(
            Highlight(f"claim-{i % 150}", rng.choice(["speaker", "cue", "content"]), Evidence(start, end, ""))
        )
    highlights = tuple(sorted(spans, key=lambda h: (h.evidence.start, -h.evidence.end, h.fact, h.role)))
    pieces = _pieces(text, highlights)
    assert "".join(p.text for p in pieces) == text
    for p in pieces:
        covering = tuple(h for h in highlights if h.evidence.start <= p.start and p.end <= h.evidence.end)
        assert p.highlights == covering, (p.start, p.end)
    anchored = {fact: p.start for p in pieces for fact in p.anchors}
    assert anchored == {
        h.fact: min(g.evidence.start for g in highlights if g.fact == h.fact) for h in highlights
    }


def test_the_reader_escapes_article_markup_and_links_only_web_addresses(client):
    page = client.get(f"/articles/{hostile_id(client)}", headers=BROWSER).text
    tags = Elements(page).tags
    assert [a.get("src") for t, a in tags if t == "script"] == ["/assets/reader.js"]
    assert not [t for t, _ in tags if t in ("img", "b")]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page and "javascript:" not in page


def test_home_counts_links_and_lists_recent_articles(client):
    page = client.get("/", headers=BROWSER)
    assert page.status_code == 200
    links = {a.get("href") for t, a in Elements(page.text).tags if t == "a"}
    assert {"/view", "/sparql", "/docs", f"/articles/{DATED}"} <= links
    stats = client.store.stats()
    assert f"<b>{stats.claims}</b> claims" in page.text
    assert client.get("/").json()["counts"]["articles"] == 3  # an API client gets JSON


def test_search_finds_actors_by_alias_and_by_a_misspelling(client):
    near = client.get("/search", params={"q": "Ushakof"}).json()
    assert [h["actor"]["id"] for h in near["actors"]] == ["yuri-ushakov"] and near["actors"][0]["score"] < 100
    usa = client.get("/search", params={"q": "USA"}).json()
    assert "united-states" in [h["actor"]["id"] for h in usa["actors"]]
    words = client.get("/search", params={"q": "embasy"}).json()
    assert words["suggestions"] == ["embassy"]
    page = client.get("/search", params={"q": "embasy"}, headers=BROWSER).text
    assert "Did you mean" in page and 'href="/search?q=embassy"' in page


def test_lookups_answer_an_unknown_name_with_suggestions(client):
    assert client.get("/claims", params={"speaker": "Ushakof"}).json()["suggestions"] == ["Yuri Ushakov"]
    assert "Russia" in client.get("/agreements", params={"party": "Rusia"}).json()["suggestions"]
    assert client.get("/who-agreed", params={"to": "embasy"}).json()["suggestions"] == ["embassy"]
    assert client.get("/claims", params={"speaker": "Ushakov"}).json()["suggestions"] == []
    assert lookups.claims(client.store, speaker="Qwxz Zzyq").suggestions == ()


def test_every_page_has_the_same_navigation(client):
    def nav(html: str) -> list[str]:
        return [a["href"] for t, a in Elements(html).tags if t == "a" and "href" in a][:6]

    home = nav(client.get("/", headers=BROWSER).text)
    assert home == ["/", "/", "/view", "/sparql", "/docs", "/ontology"]
    assert nav(client.get("/search", params={"q": "x"}, headers=BROWSER).text) == home
    assert nav(client.get(f"/articles/{DATED}", headers=BROWSER).text) == home
    assert nav(client.get("/view").text) == home


def test_the_ontology_and_its_shapes_are_served(client):
    terms = client.get("/ontology")
    assert terms.headers["content-type"].startswith("text/turtle") and "cg:Claim" in terms.text
    assert "sh:NodeShape" in client.get("/ontology", params={"part": "shapes"}).text


def test_graph_page_facts_link_to_their_place_in_the_reader(client):
    details = client.get("/view/data").json()["details"].values()
    claim = next(d for d in details if d["kind"] == "claim")
    path, _, fragment = claim["reader"].partition("#")
    assert fragment.startswith("claim-") and f'id="{fragment}"' in client.get(path, headers=BROWSER).text


def test_every_list_lookup_answers_csv_with_one_row_per_item(client):
    import csv

    for path, params, key in (
        ("/actors", {}, None),
        ("/claims", {"speaker": "Ushakov"}, None),
        ("/agreements", {"party": "Russia"}, None),
        ("/articles", {}, None),
        ("/who-agreed", {"to": "embassy"}, "agreements"),
        ("/who-said", {"about": "Ukraine"}, "claims"),
    ):
        as_json = client.get(path, params=params).json()
        items = (as_json[key] if key else as_json)["items"]
        answer = client.get(path, params={**params, "format": "csv"})
        assert answer.headers["content-type"].startswith("text/csv"), path
        table = list(csv.DictReader(answer.text.splitlines()))
        assert [r["id"] for r in table] == [i["id"] for i in items] and items, path
    claims = list(csv.DictReader(client.get("/claims", params={"format": "csv"}).text.splitlines()))
    first = client.get("/claims").json()["items"][0]
    assert claims[0]["speaker_name"] == first["speaker"]["name"] and claims[0]["reader"] == first["reader"]
    agreements = list(csv.DictReader(client.get("/agreements", params={"format": "csv"}).text.splitlines()))
    assert any("; " in r["parties_name"] for r in agreements)


def test_tracked_groups_page_like_the_other_lists(client):
    page = client.get("/tracked", params={"limit": 1}).json()
    assert set(page) >= {"total", "limit", "offset", "items"} and page["total"] >= len(page["items"])
    if page["total"] > 1:
        second = client.get("/tracked", params={"limit": 1, "offset": 1}).json()["items"]
        assert second[0]["id"] != page["items"][0]["id"]
    for report in (r for g in page["items"] for r in g["reports"]):
        assert report["reader"].startswith(f"/articles/{report['article_id']}#:~:text=")
