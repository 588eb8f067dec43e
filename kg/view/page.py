"""The interactive graph page: the store's claims and agreements drawn with vis-network (pyvis).

The server chooses what to draw (`select`: filters, a focus actor and depth, a node cap) and
`render_page` writes one self-contained page from kg/view/templates/view.html. The page never
loads anything from outside its own server: the scripts are served by the app
(`asset_base`) or inlined (`kg view -o FILE`, the notebook); the graph travels as JSON in a
<script type="application/json"> element with <, > and & escaped, so article text cannot
close the element, and the page's script inserts text with textContent only.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
import networkx as nx
import pyvis

from kg.read.graph import GraphError, Snapshot, agreement_graph, claim_graph, induced, load_snapshot
from kg.store import Store
from kg.view.drawing import STYLE, page_data
from kg.view.overview import overview_data, select_overview

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_LIMIT = 500
DEFAULT_DEPTH = 2
MODES = ("facts", "overview")
# Content-Security-Policy of the served page: its own scripts and styles only, nothing else.
SERVED_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
_TYPE_ORDER = {t: i for i, t in enumerate(STYLE)}


@dataclass(frozen=True)
class ViewFilter:
    """What to draw: a focus actor and depth (hops on the page), articles, relations, dates, a node cap."""

    focus: str | None = None
    depth: int = DEFAULT_DEPTH
    articles: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    limit: int = DEFAULT_LIMIT
    mode: str = "facts"  # facts: actors, claims, outcomes, articles; overview: actors only (kg.view.overview)


@dataclass(frozen=True)
class Selection:
    """The subgraph the page draws, and how much the filters matched before the node cap."""

    graph: nx.DiGraph = field(repr=False)
    matched_nodes: int  # after filters and focus, before the cap
    snapshot: Snapshot = field(repr=False)
    filters: ViewFilter

    @property
    def message(self) -> str | None:
        """Return what the cap left out, or None when everything that matched is drawn."""
        shown = self.graph.number_of_nodes()
        if shown >= self.matched_nodes:
            return None
        what = "actors" if self.filters.mode == "overview" else "nodes"
        return f"showing {shown:,} of {self.matched_nodes:,} {what}; refine with focus/filters"


def select(snapshot: Snapshot, filters: ViewFilter = ViewFilter()) -> Selection:
    """Return the subgraph to draw: filtered, around the focus actor if any, capped at `filters.limit`.

    With a focus, the nodes nearest to it are kept first; otherwise the busiest actors and
    articles, each followed by its claims and outcomes, so the page shows whole clusters.
    """
    if filters.limit < 1 or filters.depth < 0:
        raise GraphError("limit must be 1 or more and depth 0 or more")
    if filters.mode not in MODES:
        raise GraphError(f"unknown mode {filters.mode!r}; choose {' or '.join(MODES)}")
    part = snapshot.where(
        articles=filters.articles, since=filters.since, until=filters.until, relations=filters.relations
    )
    if filters.mode == "overview":
        return Selection(*select_overview(snapshot, part, filters), snapshot=part, filters=filters)
    graph = nx.compose(claim_graph(part), agreement_graph(part))
    distance: dict[str, int] = {}
    if filters.focus:
        center = snapshot.find_actor(filters.focus)
        if center.node not in graph:  # nothing in the selection mentions it: draw it alone
            graph.add_node(center.node, type=center.type, label=center.label, id=center.id)
        undirected = graph.to_undirected(as_view=True)
        distance = nx.single_source_shortest_path_length(undirected, center.node, cutoff=filters.depth)
        graph = induced(graph, distance)
    matched = graph.number_of_nodes()
    if matched > filters.limit:
        weight = _weights(graph)
        ranked = sorted(
            graph,
            key=lambda n: (
                distance.get(n, 0),
                -weight[n],
                _TYPE_ORDER[graph.nodes[n]["type"]],
                graph.nodes[n]["label"],
                n,
            ),
        )
        graph = induced(graph, ranked[: filters.limit])
    return Selection(graph, matched, snapshot=part, filters=filters)


def render_page(
    selection: Selection,
    *,
    asset_base: str | None = None,
    actor_base: str | None = None,
    article_base: str | None = None,
    form_action: str | None = None,
    site_root: str | None = None,
    data_url: str | None = None,
) -> str:
    """Return the HTML page: scripts linked from `asset_base`, or inlined when it is None.

    `actor_base` (e.g. "/actors/") makes actor ids links in the panel, `article_base` (e.g.
    "/articles/") links claims and outcomes to their place in the article; `form_action` adds the
    focus / depth / limit form that asks the server for another selection; `site_root` (e.g. "")
    adds the service's navigation (home, search, SPARQL, API); `data_url` (e.g. "/view/data")
    lets the overview fetch an actor's facts when it is clicked.
    """
    data = data_for(selection, actor_base=actor_base, article_base=article_base, data_url=data_url)
    assets = {name: _asset_text(name) for name in ("view.css", "view.js")}
    inline = asset_base is None
    csp = None
    if inline:  # a file has no server to send a CSP header: pin its own inline code by hash
        scripts = [_asset_text("vis-network.min.js"), assets["view.js"]]
        csp = (
            "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
            f"script-src {' '.join(_sha256(s) for s in scripts)}; style-src {_sha256(assets['view.css'])}"
        )
    template = _environment().get_template("view.html")
    return template.render(
        title="Claimgraph",
        data_json=json_for_html(data),
        inline=inline,
        vis_js=_asset_text("vis-network.min.js") if inline else None,
        view_js=assets["view.js"],
        view_css=assets["view.css"],
        asset_base=asset_base,
        csp=csp,
        meta=data["meta"],
        form_action=form_action,
        site_root=site_root,
        filters=selection.filters,
        actors=sorted({a.label for a in selection.snapshot.actors.values()}) if form_action else [],
    )


def data_for(
    selection: Selection,
    *,
    actor_base: str | None = None,
    article_base: str | None = None,
    data_url: str | None = None,
) -> dict:
    """Return what the page draws for the selection, in its mode (facts or overview)."""
    if selection.filters.mode == "overview":
        return overview_data(selection, actor_base=actor_base, data_url=data_url)
    data = page_data(selection, actor_base=actor_base, article_base=article_base)
    data["meta"]["mode"] = "facts"
    return data


def build_page(store: Store, filters: ViewFilter = ViewFilter(), **render: str | None) -> str:
    """Return the page for the store's facts that pass `filters` (see render_page for the rest)."""
    return render_page(select(load_snapshot(store), filters), **render)


def json_for_html(value: object) -> str:
    """Return JSON safe inside a <script> element: <, > and & as \\u escapes, so "</script>" cannot end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    # U+2028/9 are legal in JSON but end lines in old JS parsers; keep the element one line.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def asset_path(name: str) -> Path | None:
    """Return the file of a page asset (vis-network.min.js, view.js, view.css), None if unknown."""
    if name == "vis-network.min.js":
        return _vis_js()
    if name in ("view.js", "view.css"):
        return TEMPLATES / name
    return None


# --- helpers ----------------------------------------------------------------------------------


@cache
def _vis_js() -> Path:
    """Return pyvis's copy of vis-network, the newest it ships (pyvis 0.3.2: 9.1.2)."""
    found = sorted((Path(pyvis.__file__).parent / "lib").glob("vis-*/vis-network.min.js"))
    if not found:
        raise RuntimeError("pyvis ships no vis-network.min.js; reinstall pyvis>=0.3.2")
    return max(found, key=lambda p: tuple(int(x) for x in p.parent.name[4:].split(".")))


@cache
def _asset_text(name: str) -> str:
    path = asset_path(name)
    assert path is not None
    return path.read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _weights(graph: nx.DiGraph) -> dict[str, float]:
    """Return each node's rank under the cap: degree for actors and articles, and for a claim or
    outcome just under its busiest actor, so an actor's facts come right after it."""
    weight: dict[str, float] = {}
    for node, data in graph.nodes(data=True):
        if data["type"] in ("claim", "outcome"):
            actors = [m for m in nx.all_neighbors(graph, node) if graph.nodes[m]["type"] != "article"]
            weight[node] = max((graph.degree(m) for m in actors), default=0) - 0.5
        else:
            weight[node] = graph.degree(node)
    return weight
