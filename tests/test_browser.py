"""The graph page in a real browser: headless Debian Chromium driven by Playwright.

Each test serves /view from a uvicorn server on 127.0.0.1 (started here, on a free port) and
opens it in a fresh browser profile without background networking; every request the page
makes is recorded and must stay on 127.0.0.1, and the page must not break its own
Content-Security-Policy. `make test` installs Chromium when it is missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.graph import router as graph_router
from api.settings import Settings
from api.view import router as view_router
from kg.ingest import ingest
from kg.read.graph import load_snapshot
from kg.store import Store
from kg.view.page import render_page, select

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--disable-quic",
    "--metrics-recording-only",
]
TIMEOUT_MS = 20_000
# An article written to attack the page: markup in the title and inside quoted claims.
HOSTILE = """Minister says <script>window.__pwned=1</script> plan is fine

Moscow, 3 March.

"<img src=x onerror=window.__pwned=1> is fine," Foreign Minister Sergey Lavrov said on Monday.

Lavrov said "</script><script>window.__pwned=1</script> we will not accept it".
"""


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory) -> Iterator:
    if not Path(CHROMIUM).exists():
        if os.environ.get("KG_SKIP_BROWSER"):
            pytest.skip("no Chromium and KG_SKIP_BROWSER is set")
        pytest.fail(
            f"no Chromium at {CHROMIUM}: run `make test` (it installs Debian's chromium) or set KG_CHROMIUM"
        )
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh profile for this module
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 860},
            service_workers="block",
        )
        context.set_default_timeout(TIMEOUT_MS)
        yield context
        context.close()


class Served:
    """A uvicorn server for one store, in a thread of this process."""

    def __init__(self, store: Store, app: FastAPI | None = None) -> None:
        self.store = store
        if app is None:
            app = FastAPI()
            app.state.store = store
            app.include_router(view_router)
            app.include_router(graph_router)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def data(self, **params) -> dict:
        return httpx.get(f"{self.url}/view/data", params=params, timeout=30).json()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory, seed_files) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    store = Store(str(tmp_path_factory.mktemp("browser") / "store"))
    report = ingest([*seed_files, folder / "hostile.txt"], store)
    assert report.ok and len(report.ingested) == 3
    served = Served(store)
    yield served
    served.stop()
    store.close()


@pytest.fixture(scope="module")
def large_server(tmp_path_factory) -> Iterator[Served]:
    spec = importlib.util.spec_from_file_location("view_build", ROOT / "bench" / "view_build.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    store = bench.synthetic_store(tmp_path_factory.mktemp("large") / "store", 2000)
    served = Served(store)
    yield served
    served.stop()
    store.close()


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory) -> Iterator[Served]:
    """The whole service over 500 synthetic articles among 150 actors."""
    spec = importlib.util.spec_from_file_location("view_build", ROOT / "bench" / "view_build.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    store = bench.corpus_store(tmp_path_factory.mktemp("corpus") / "store", 500)
    served = Served(store, create_app(store, settings=Settings()))
    yield served
    served.stop()
    store.close()


@pytest.fixture(scope="module")
def service_server(seeds_server) -> Iterator[Served]:
    """The whole web service (create_app) over the seeds."""
    served = Served(seeds_server.store, create_app(seeds_server.store, settings=Settings()))
    yield served
    served.stop()


def offsite(requests: list[str]) -> list[str]:
    return [u for u in requests if urlsplit(u).scheme != "data" and urlsplit(u).hostname != "127.0.0.1"]


class Visit:
    """One page of the browser, with every request and console complaint it made."""

    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "response", lambda r: self.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        self.page.on(
            "console", lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.goto(url)
        # A function, not a string: the page's CSP (rightly) forbids eval.
        self.page.wait_for_function("() => window.claimgraph && claimgraph.ready && claimgraph.stabilized")

    def drawn(self) -> tuple[int, int]:
        return tuple(self.page.evaluate("() => [claimgraph.nodes, claimgraph.edges]"))

    def click_node(self, node_id: str) -> bool:
        """Click a node where it is drawn, after centring it; False (no click) if another node covers it."""
        point = self.page.evaluate(
            """(id) => {
                const net = claimgraph.network;
                net.focus(id, {scale: 1.6, animation: false});
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                return net.getNodeAt(p) === id ? p : null;
            }""",
            node_id,
        )
        if point is None:
            return False
        box = self.page.locator("#cg-network canvas").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        return True

    def close(self, screenshot: Path | None = None) -> None:
        if screenshot is not None:
            self.page.screenshot(path=str(screenshot))
        self.page.close()
        outside = offsite(self.requests)
        assert not outside, f"the page made requests outside 127.0.0.1: {outside}"
        assert not self.problems, f"console errors or CSP violations: {self.problems}"


def test_page_draws_the_server_selection_and_a_clicked_claim_shows_its_evidence(
    browser_context, seeds_server, tmp_path
):
    visit = Visit(browser_context, f"{seeds_server.url}/view")
    selected = seeds_server.data()
    assert visit.drawn() == (len(selected["nodes"]), len(selected["edges"]))
    assert visit.drawn()[0] == selected["meta"]["shown"] > 20
    claims = [k for k, d in selected["details"].items() if d["kind"] == "claim" and d["sentence"]]
    claim_id = next(k for k in claims if visit.click_node(k))
    detail = selected["details"][claim_id]
    assert visit.page.evaluate("() => claimgraph.selected") == claim_id
    panel = visit.page.locator("#cg-detail").inner_text()
    for text in (
        detail["text"],
        detail["speaker"],
        detail["cue"],
        detail["article"],
        " ".join(detail["sentence"].split()),
    ):
        assert " ".join(text.split()) in " ".join(panel.split())
    assert visit.page.evaluate("() => claimgraph.network.physics.physicsEnabled") is False  # stopped
    visit.close(screenshot=tmp_path / "view.png")
    assert (tmp_path / "view.png").stat().st_size > 10_000
    assert any(u.endswith("/view/assets/vis-network.min.js") for u in visit.requests)


def test_text_from_a_hostile_article_never_runs_in_the_page(browser_context, seeds_server, tmp_path):
    selected = seeds_server.data()
    hostile = next(a["id"] for a in selected["meta"]["articles"] if "<script>" in a["title"])
    visit = Visit(browser_context, f"{seeds_server.url}/view?article={hostile}")
    claims = seeds_server.data(article=hostile)["details"]
    markup = [k for k, d in claims.items() if d["kind"] == "claim" and "__pwned" in d["text"]]
    assert len(markup) >= 2
    for claim_id in markup:
        assert visit.click_node(claim_id), f"{claim_id} is covered by another node"
        assert visit.page.evaluate("() => claimgraph.selected") == claim_id
        visit.page.wait_for_timeout(300)  # the time an injected onerror would need to fire
        assert claims[claim_id]["text"] in visit.page.locator("#cg-detail").inner_text()
    visit.page.hover("#cg-network canvas")  # hover tooltips (node titles) too
    assert visit.page.evaluate("() => typeof window.__pwned") == "undefined"
    assert visit.page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert visit.page.evaluate("() => document.scripts.length") == 3  # the data and our two scripts
    visit.close(screenshot=tmp_path / "hostile.png")


def test_filters_search_and_physics_switch_respond(browser_context, seeds_server):
    visit = Visit(browser_context, f"{seeds_server.url}/view")
    nodes, edges = visit.drawn()
    visit.page.uncheck("#cg-relations input[value=said]")
    without_claims = visit.drawn()
    kinds = visit.page.evaluate(
        "() => { const body = claimgraph.network.body;"
        " return body.nodeIndices.map((id) => body.data.nodes.get(id).type); }"
    )
    assert without_claims[0] < nodes and "claim" not in kinds
    visit.page.check("#cg-relations input[value=said]")
    assert visit.drawn() == (nodes, edges)
    visit.page.select_option("#cg-article", index=1)
    assert visit.drawn()[0] < nodes
    visit.page.select_option("#cg-article", value="")
    visit.page.fill("#cg-search", "ushakov")
    visit.page.press("#cg-search", "Enter")
    assert "match" in visit.page.locator("#cg-search-result").inner_text()
    assert "Yuri Ushakov" in visit.page.locator("#cg-detail").inner_text()
    visit.page.check("#cg-physics")
    assert visit.page.evaluate("() => claimgraph.network.physics.physicsEnabled") is True
    visit.page.uncheck("#cg-physics")
    visit.close()


def test_a_2000_node_view_opens_settles_and_responds(browser_context, large_server, tmp_path):
    started = time.monotonic()
    visit = Visit(browser_context, f"{large_server.url}/view?limit=2000")
    settled = time.monotonic() - started
    selected = large_server.data(limit=2000)
    assert visit.drawn() == (len(selected["nodes"]), len(selected["edges"])) and visit.drawn()[0] >= 1900
    assert settled < 30, f"a 2,000-node page took {settled:.1f} s to settle"
    actors = [k for k, d in selected["details"].items() if d["kind"] == "actor"]
    clicked = time.monotonic()
    actor = next(k for k in actors if visit.click_node(k))
    visit.page.wait_for_function("(id) => claimgraph.selected === id", arg=actor)
    assert time.monotonic() - clicked < 5
    visit.close(screenshot=tmp_path / "large.png")


def test_the_default_cap_says_what_it_left_out(browser_context, large_server):
    visit = Visit(browser_context, f"{large_server.url}/view")
    assert visit.drawn()[0] == 500
    message = visit.page.locator("#cg-message").inner_text()
    assert message.startswith("showing 500 of 2,") and "refine with focus/filters" in message
    visit.close()


def test_a_written_page_works_offline_and_runs_only_its_own_pinned_scripts(
    browser_context, seeds_server, tmp_path
):
    html = render_page(select(load_snapshot(seeds_server.store)))  # what `kg view -o` writes
    written = tmp_path / "graph.html"
    written.write_text(
        html.replace("</body>", "<script>window.__injected = 1</script></body>"), encoding="utf-8"
    )
    tab = browser_context.new_page()
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(written.as_uri())
    tab.wait_for_function("() => window.claimgraph && claimgraph.ready && claimgraph.stabilized")
    assert tab.evaluate("() => typeof window.__injected") == "undefined"  # not pinned by the page's CSP
    embedded = json.loads(html.split('id="cg-data">', 1)[1].split("</script>", 1)[0])
    assert tab.evaluate("() => [claimgraph.nodes, claimgraph.edges]") == [
        len(embedded["nodes"]),
        len(embedded["edges"]),
    ]
    tab.close()
    assert {urlsplit(u).scheme for u in requests} <= {"file", "data"}


def test_the_api_docs_render_every_operation_with_no_internet(browser_context, service_server):
    tab = browser_context.new_page()
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(f"{service_server.url}/docs")
    paths = httpx.get(f"{service_server.url}/openapi.json").json()["paths"]
    operations = sum(len(methods) for methods in paths.values())
    tab.wait_for_function(f"() => document.querySelectorAll('.opblock-summary-path').length === {operations}")
    tab.close()
    assert not offsite(requests), f"/docs fetched from outside 127.0.0.1: {offsite(requests)}"


def test_the_sparql_page_runs_its_examples_and_shows_a_table(browser_context, service_server):
    tab = browser_context.new_page()
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(f"{service_server.url}/sparql", wait_until="load")
    tab.click("button.run")
    tab.wait_for_function("() => /rows/.test(document.getElementById('status').textContent)")
    rows = tab.locator("#result tr").count()
    expected = httpx.post(f"{service_server.url}/sparql", data={"query": tab.input_value("#query")}).json()
    assert rows - 1 == len(expected["results"]["bindings"]) > 0  # a header row, then one per answer
    tab.fill("#query", "SELECT WHERE {")
    tab.click("button.run")
    tab.wait_for_function("() => /400/.test(document.getElementById('status').textContent)")
    assert "malformed SPARQL" in tab.inner_text("#error")
    tab.close()
    assert not offsite(requests)


def test_the_draw_form_submits_with_empty_dates_and_draws_the_focus(browser_context, seeds_server):
    visit = Visit(browser_context, f"{seeds_server.url}/view")
    visit.page.fill("#cg-focus", "Ushakov")
    visit.page.fill("input[name=depth]", "1")
    with visit.page.expect_navigation():
        visit.page.click("#cg-form button[type=submit]")
    assert "since=&until=" in visit.page.url  # the browser sends the empty fields
    visit.page.wait_for_function("() => window.claimgraph && claimgraph.ready && claimgraph.stabilized")
    expected = seeds_server.data(focus="Ushakov", depth=1)
    assert visit.drawn() == (len(expected["nodes"]), len(expected["edges"])) and 1 < visit.drawn()[0] < 40
    assert visit.page.input_value("#cg-focus") == "Ushakov"
    visit.close()


def open_reader(context, url: str):
    tab = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    tab.goto(url)
    tab.wait_for_function("() => window.claimgraphReader && claimgraphReader.ready")
    return tab, requests, problems


def test_the_reader_highlights_each_fact_exactly_where_its_evidence_was_stored(
    browser_context, service_server, tmp_path
):
    from kg.read.reader import reading

    articles = httpx.get(f"{service_server.url}/articles").json()["items"]
    for article in articles:
        stored = reading(service_server.store, article["id"])
        first = stored.detail.claims[0].id
        tab, requests, problems = open_reader(
            browser_context, f"{service_server.url}/articles/{article['id']}#claim-{first}"
        )
        drawn = tab.evaluate(
            """() => {
                const spans = {};
                for (const el of document.querySelectorAll("#text span[data-spans]"))
                    for (const key of el.dataset.spans.split(" "))
                        spans[key] = (spans[key] || "") + el.textContent;
                const current = document.querySelector("li.current");
                return {spans, text: document.getElementById("text").textContent,
                        current: current && current.id};
            }"""
        )
        assert drawn["text"] == stored.text  # the text as stored, character for character
        assert drawn["spans"] == {h.key: h.evidence.text for h in stored.highlights}
        assert drawn["current"] == f"fact-claim-{first}"  # the linked fact is outlined in the list
        assert tab.evaluate("() => typeof window.__pwned") == "undefined"
        assert tab.evaluate("() => document.querySelectorAll('img').length") == 0
        if article["id"] == "90ee45620aafa739":
            tab.screenshot(path=str(tmp_path / "reader.png"))
        tab.close()
        assert not offsite(requests) and not problems, (offsite(requests), problems)


def test_the_overview_of_500_articles_draws_labelled_actors_expands_fits_and_exports(
    browser_context, corpus_server, tmp_path
):
    visit = Visit(browser_context, f"{corpus_server.url}/view?mode=overview")
    selected = corpus_server.data(mode="overview")
    assert selected["meta"]["shown"] == 100 and selected["meta"]["message"].startswith(
        "showing 100 of 150 actors"
    )
    assert visit.drawn() == (100, len(selected["edges"]))
    labels = visit.page.evaluate(
        "() => { const body = claimgraph.network.body;"
        " return body.nodeIndices.map((id) => body.nodes[id].labelModule.size.width); }"
    )
    assert len(labels) == 100 and min(labels) > 20  # every actor drawn with its name
    assert (
        visit.page.locator("#cg-counts").inner_text() == f"100 actors, {len(selected['edges'])} edges drawn."
    )
    visit.page.uncheck("#cg-relations input[value=spoke_about]")  # counts follow the filters
    kept = sum(e["relation"] == "co_party" for e in selected["edges"])
    assert visit.page.locator("#cg-counts").inner_text().endswith(f", {kept} edges drawn.")
    visit.page.check("#cg-relations input[value=spoke_about]")
    busiest = max(selected["nodes"], key=lambda n: n["value"])["id"]
    assert visit.click_node(busiest)
    visit.page.wait_for_function("() => claimgraph.expandedNodes > 0")
    facts = visit.page.evaluate("() => claimgraph.nodes") - 100
    actor = selected["details"][busiest]
    assert facts == actor["claims"] + actor["agreements"]  # its claims and outcomes, fetched
    visit.page.click("#cg-fit")
    png = visit.page.evaluate("() => claimgraph.png()")
    assert png.startswith("data:image/png;base64,") and len(png) > 20_000
    with visit.page.expect_download() as download:
        visit.page.click("#cg-png")
    assert download.value.suggested_filename == "claimgraph.png"
    visit.close(screenshot=tmp_path / "overview.png")
