"""The graph page on the server side: what it selects, how it escapes, that it needs nothing outside.

(tests/test_browser.py opens the same page in Chromium.)
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.view import router
from kg.cli import app as cli
from kg.ingest import ingest
from kg.read.graph import NotFound, load_snapshot
from kg.store import Store
from kg.view.page import STYLE, ViewFilter, json_for_html, page_data, render_page, select

KG = str(Path(sys.executable).with_name("kg"))  # the installed command line

HOSTILE = """Minister says <script>window.__pwned=1</script> plan is fine

"<img src=x onerror=window.__pwned=1> is fine," Foreign Minister Sergey Lavrov said on Monday.

Lavrov said "</script><script>window.__pwned=1</script> we will not accept it".
"""


@pytest.fixture(scope="module")
def seeds(seeded_location):
    with Store(str(seeded_location)) as db:
        return load_snapshot(db)


@pytest.fixture(scope="module")
def hostile_location(tmp_path_factory, seeded_location) -> Path:
    """The seeds plus an article with markup in its title and claims."""
    location = tmp_path_factory.mktemp("hostile") / "store"
    shutil.copytree(seeded_location, location)
    source = location.parent / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    with Store(str(location)) as db:
        assert ingest([source], db).ok
    return location


@pytest.fixture
def hostile_store(hostile_location, tmp_path):
    shutil.copytree(hostile_location, tmp_path / "h")
    db = Store(str(tmp_path / "h"))
    yield db
    db.close()


class Tags(HTMLParser):
    """Every tag of a page with its attributes, and the text of each <script>."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def embedded_data(page: str) -> dict:
    ((_, text),) = [(a, t) for a, t in Tags(page).scripts if a.get("type") == "application/json"]
    return json.loads(text)


# --- selection ------------------------------------------------------------------------------


def test_without_filters_every_claim_outcome_and_article_is_drawn(seeds):
    selection = select(seeds)
    types = [d["type"] for _, d in selection.graph.nodes(data=True)]
    outcomes = {g.outcome for g in seeds.agreements}  # one node per outcome, tracked ones merged
    assert types.count("claim") == len(seeds.claims) and types.count("outcome") == len(outcomes)
    assert types.count("article") == len(seeds.articles) and selection.message is None


def test_an_outcome_reported_by_two_articles_is_one_node_linked_to_both(seeds):
    graph = select(seeds).graph
    outcomes = [(n, d["label"]) for n, d in graph.nodes(data=True) if d["type"] == "outcome"]
    teams = [n for n, label in outcomes if "high-level teams" in label]
    assert len(teams) == 1
    articles = {m for m in graph.successors(teams[0]) if graph.nodes[m]["type"] == "article"}
    assert len(articles) == 2


def test_focus_and_depth_keep_what_is_near_the_actor(seeds):
    one = select(seeds, ViewFilter(focus="Ushakov", depth=1)).graph
    said = {c.node for c in seeds.claims if c.speaker == "yuri-ushakov"}
    assert set(one) == {"actor/yuri-ushakov"} | said
    two = select(seeds, ViewFilter(focus="yuri-ushakov", depth=2)).graph
    assert {n for n in two if n.startswith("article/")} == {
        f"article/{c.article}" for c in seeds.claims if c.node in said
    }


def test_relation_article_and_date_filters_narrow_the_page(seeds):
    said = select(seeds, ViewFilter(relations=("said",))).graph
    assert {d["type"] for _, d in said.nodes(data=True)} >= {"claim"}
    assert not [n for n, d in said.nodes(data=True) if d["type"] == "outcome"]
    dated = next(a for a in seeds.articles.values() if a.date)
    one = select(seeds, ViewFilter(articles=(dated.id,))).graph
    assert {n for n in one if n.startswith("article/")} == {dated.node}
    assert set(select(seeds, ViewFilter(since=dated.date)).graph) == set(one)  # the undated one goes


def test_the_node_cap_keeps_the_busiest_and_says_what_it_left_out(seeds):
    full = select(seeds).graph.number_of_nodes()
    capped = select(seeds, ViewFilter(limit=10))
    assert capped.graph.number_of_nodes() == 10
    assert capped.message == f"showing 10 of {full} nodes; refine with focus/filters"
    kept = {d["type"] for _, d in capped.graph.nodes(data=True)}
    assert kept & {"country", "article"}  # hubs first, not an arbitrary slice of claims


def test_with_a_focus_the_cap_keeps_the_nearest(seeds):
    capped = select(seeds, ViewFilter(focus="russia", depth=3, limit=5)).graph
    near = select(seeds, ViewFilter(focus="russia", depth=1)).graph
    assert "actor/russia" in capped and set(capped) <= set(near) | {"actor/russia"}


def test_an_unknown_focus_is_not_found(seeds):
    with pytest.raises(NotFound, match="no actor 'nobody'"):
        select(seeds, ViewFilter(focus="nobody"))


def test_page_data_matches_the_selection_and_has_a_detail_for_every_node(seeds):
    selection = select(seeds)
    data = page_data(selection, actor_base="/actors/")
    ids = [n["id"] for n in data["nodes"]]
    assert len(ids) == len(set(ids)) == selection.graph.number_of_nodes() == data["meta"]["shown"]
    assert len(data["edges"]) == selection.graph.number_of_edges() == data["meta"]["edges"]
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert set(data["details"]) == set(ids)
    assert {n["type"] for n in data["nodes"]} <= set(STYLE)
    claim = next(d for d in data["details"].values() if d["kind"] == "claim")
    assert claim["sentence"] and claim["speaker"] and claim["article"] and claim["cue"]
    actor = data["details"]["actor/yuri-ushakov"]
    assert "Ushakov" in actor["aliases"] and actor["link"] == "/actors/yuri-ushakov"
    assert {e["label"] for e in data["edges"]} >= {"said", "reported in", "agreed"}


def test_node_colour_and_shape_follow_the_type(seeds):
    data = page_data(select(seeds))
    for node in data["nodes"]:
        colour, shape, _ = STYLE[node["type"]]
        assert node["shape"] == shape and node["color"]["background"] == colour


# --- escaping and self-containment ------------------------------------------------------------


def test_json_for_html_cannot_end_its_script_element():
    text = json_for_html({"t": "</script><script>alert(1)</script> & <!-- \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["t"] == "</script><script>alert(1)</script> & <!-- \u2028"


def test_article_markup_reaches_the_page_only_as_escaped_data(hostile_store):
    page = render_page(select(load_snapshot(hostile_store)), asset_base="/view/assets/", form_action="/view")
    tags = Tags(page)
    assert [t for t, _ in tags.tags].count("script") == 3 and "img" not in [t for t, _ in tags.tags]
    assert "<img src=x" not in page and "<script>window" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page  # the title, in the article menu
    data = embedded_data(page)
    texts = [d.get("text", "") for d in data["details"].values()]
    assert "<img src=x onerror=window.__pwned=1> is fine" in texts


def test_a_written_page_inlines_everything_and_pins_its_scripts_by_hash(seeds):
    page = render_page(select(seeds))
    tags = Tags(page)
    urls = [a.get(k) for _, a in tags.tags for k in ("src", "href") if a.get(k)]
    assert urls == ["data:,"]  # the empty favicon: nothing is fetched, from anywhere
    (csp,) = [a["content"] for t, a in tags.tags if a.get("http-equiv") == "Content-Security-Policy"]
    code = [text for attrs, text in tags.scripts if "type" not in attrs]
    assert len(code) == 2 and "vis-network" in code[0]
    for text in code:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


# --- the HTTP routes --------------------------------------------------------------------------


@pytest.fixture
def client(hostile_store):
    app = FastAPI()
    app.state.store = hostile_store
    app.include_router(router)
    return TestClient(app)


def test_get_view_serves_the_page_with_a_strict_policy_and_local_scripts(client):
    response = client.get("/view")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    scripts = [a["src"] for t, a in Tags(response.text).tags if t == "script" and "src" in a]
    assert scripts == ["/view/assets/vis-network.min.js", "/view/assets/view.js"]
    for src in scripts:
        asset = client.get(src)
        assert asset.status_code == 200 and asset.headers["content-type"].startswith("text/javascript")
    assert client.get("/view/assets/view.css").headers["content-type"].startswith("text/css")
    assert client.get("/view/assets/..%2F..%2Fkg%2Fview.py").status_code == 404
    assert client.get("/view/assets/secret.txt").status_code == 404


def test_view_data_is_what_the_page_embeds(client):
    params = {"focus": "lavrov", "depth": 2}
    page = embedded_data(client.get("/view", params=params).text)
    data = client.get("/view/data", params=params).json()
    assert [n["id"] for n in data["nodes"]] == [n["id"] for n in page["nodes"]]
    assert len(data["edges"]) == len(page["edges"]) and data["meta"]["filters"]["focus"] == "lavrov"


def test_view_filters_come_from_the_query_string(client):
    data = client.get("/view/data", params=[("relation", "said"), ("limit", "7")]).json()
    assert data["meta"]["shown"] == 7 and data["meta"]["message"].startswith("showing 7 of ")
    assert not [n for n in data["nodes"] if n["type"] == "outcome"]
    assert client.get("/view", params={"focus": "nobody"}).status_code == 404
    assert client.get("/view", params={"article": "0000000000000000"}).status_code == 404
    assert client.get("/view", params={"relation": "hugged"}).status_code == 422
    assert client.get("/view", params={"since": "yesterday"}).status_code == 422
    assert client.get("/view", params={"limit": 0}).status_code == 422


def test_the_draw_forms_empty_fields_mean_no_filter(client):
    # What a browser sends when only focus is filled in: the other fields empty, not left out.
    sent = client.get("/view/data?focus=Ushakov&depth=2&since=&until=&limit=500")
    assert sent.status_code == 200, sent.text
    assert (
        sent.json()["meta"]["filters"]
        == client.get("/view/data", params={"focus": "Ushakov"}).json()["meta"]["filters"]
    )
    blank = client.get("/view?focus=&depth=&since=&until=&limit=")
    assert blank.status_code == 200 and embedded_data(blank.text)["meta"]["filters"]["limit"] == 500


# --- the command line -------------------------------------------------------------------------


def test_kg_view_writes_the_same_page_to_a_file(seeded_store, tmp_path):
    location = seeded_store.location
    seeded_store.close()
    out = tmp_path / "graph.html"
    done = CliRunner().invoke(cli, ["view", "-o", str(out), "--focus", "russia", "--store", location])
    assert done.exit_code == 0, done.output
    assert f"wrote {out}" in done.output
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert "actor/russia" in [n["id"] for n in data["nodes"]] and data["meta"]["filters"]["focus"] == "russia"
    capped = CliRunner().invoke(cli, ["view", "-o", str(out), "--limit", "3", "--store", location])
    assert "showing 3 of" in capped.output
    bad = CliRunner().invoke(cli, ["view", "-o", str(out), "--focus", "nobody", "--store", location])
    assert bad.exit_code == 1 and "no actor 'nobody'" in bad.output


def test_the_overview_draws_actors_with_counted_links_that_add_up_to_the_facts(client, seeds):
    data = client.get("/view/data", params={"mode": "overview"}).json()
    assert data["meta"]["mode"] == "overview" and {n["type"] for n in data["nodes"]} <= {
        "person",
        "organization",
        "country",
        "group",
    }
    co_party = sum(e["label"] and int(e["label"]) for e in data["edges"] if e["relation"] == "co_party")
    pairs = sum(
        len(set(g.parties) & set(seeds.actors)) * (len(set(g.parties) & set(seeds.actors)) - 1) // 2
        for g in seeds.agreements
    )
    assert co_party == pairs > 0  # one count per pair of parties to each agreement
    busiest = max(data["nodes"], key=lambda n: n["value"])
    detail = data["details"][busiest["id"]]
    assert busiest["value"] == detail["claims"] + detail["agreements"]
    capped = client.get("/view/data", params={"mode": "overview", "limit": 3}).json()
    assert capped["meta"]["shown"] == 3 and "actors" in capped["meta"]["message"]
    focused = client.get("/view/data", params={"mode": "overview", "focus": "Ushakov", "depth": 1}).json()
    assert "actor/yuri-ushakov" in {n["id"] for n in focused["nodes"]} and focused["meta"]["shown"] < 10
    assert client.get("/view", params={"mode": "overview"}).status_code == 200
    assert client.get("/view", params={"mode": "sideways"}).status_code == 422


@pytest.mark.parametrize("options", [["--limit", "6"], ["--mode", "overview", "--limit", "4"]])
def test_a_capped_page_is_the_same_bytes_in_every_process(seeded_location, tmp_path, options):
    """The page does not depend on the hash seed (a small subgraph view iterates a set)."""
    pages = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"page-{seed}.html"
        command = [KG, "view", "--store", str(seeded_location), "-o", str(out), *options]
        subprocess.run(command, env={**os.environ, "PYTHONHASHSEED": seed}, check=True, capture_output=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1] == pages[2]
