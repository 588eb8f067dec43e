"""The graph page's overview: actors only, sized by activity, with one edge per pair and
relation carrying how many facts make it (agreed with: parties to the same agreements; spoke
about: one actor's claims naming another). It stays readable, labels and all, when the
facts view of the same corpus is a hairball: a click on an actor fetches its claims and
agreements (the facts view around it) into the page.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

import networkx as nx

from kg.read.graph import Snapshot, actor_articles, actor_graph, induced
from kg.view.drawing import STYLE, _Details, _filters_json

if TYPE_CHECKING:
    from kg.view.page import Selection, ViewFilter

OVERVIEW_LIMIT = 100  # actors drawn by default: labels stay legible on a laptop screen
EDGE_STYLE = {  # relation -> (colour, label shown in the legend and tooltips)
    "co_party": ("#59a14f", "agreed with"),
    "spoke_about": ("#4e79a7", "spoke about"),
}


def overview_graph(snapshot: Snapshot) -> nx.MultiDiGraph:
    """Return actors (claims, agreements, articles) and per pair and relation one edge with
    its count and the articles behind it; nodes are named "actor/{id}" as in the facts view."""
    facts = actor_graph(snapshot)
    said = Counter(c.speaker for c in snapshot.claims)
    parties = Counter(p for g in snapshot.agreements for p in dict.fromkeys(g.parties))
    articles = actor_articles(snapshot)
    overview = nx.MultiDiGraph()
    for actor_id, data in facts.nodes(data=True):
        if said[actor_id] or parties[actor_id] or facts.degree(actor_id):
            overview.add_node(
                f"actor/{actor_id}",
                type=data["type"],
                label=data["label"],
                id=actor_id,
                claims=said[actor_id],
                agreements=parties[actor_id],
                articles=sorted(articles[actor_id]),
            )
    counts: Counter = Counter()
    behind: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for a, b, data in facts.edges(data=True):
        key = (a, b, data["relation"])
        counts[key] += 1
        behind[key].add(data["article"])
    for (a, b, relation), n in sorted(counts.items()):
        overview.add_edge(
            f"actor/{a}",
            f"actor/{b}",
            key=relation,
            relation=relation,
            count=n,
            articles=sorted(behind[a, b, relation]),
        )
    return overview


def select_overview(snapshot: Snapshot, part: Snapshot, filters: ViewFilter) -> tuple[nx.MultiDiGraph, int]:
    """Return the overview to draw (around the focus if any, the busiest actors first, capped)
    and how many actors matched before the cap."""
    graph = overview_graph(part)
    distance: dict[str, int] = {}
    if filters.focus:
        center = snapshot.find_actor(filters.focus)
        if center.node not in graph:
            graph.add_node(
                center.node, type=center.type, label=center.label, id=center.id, claims=0, agreements=0
            )
        distance = nx.single_source_shortest_path_length(
            graph.to_undirected(as_view=True), center.node, cutoff=filters.depth
        )
        graph = induced(graph, distance)
    matched = graph.number_of_nodes()
    if matched > filters.limit:
        activity = {n: d["claims"] + d["agreements"] + graph.degree(n) for n, d in graph.nodes(data=True)}
        ranked = sorted(graph, key=lambda n: (distance.get(n, 0), -activity[n], graph.nodes[n]["label"], n))
        graph = induced(graph, ranked[: filters.limit])
    return graph, matched


def overview_data(
    selection: Selection, *, actor_base: str | None = None, data_url: str | None = None
) -> dict:
    """Return what the page script draws in overview mode (the same shape as page_data's)."""
    graph, snapshot = selection.graph, selection.snapshot
    details = _Details(snapshot, actor_base)
    nodes = []
    for node, data in graph.nodes(data=True):
        colour, shape, _ = STYLE[data["type"]]
        activity = data["claims"] + data["agreements"]
        nodes.append(
            {
                "id": node,
                "label": data["label"],
                "title": f"{data['label']}: {_count(data['claims'], 'claim')}, "
                f"{_count(data['agreements'], 'agreement')}",
                "shape": shape,
                "value": max(1, activity),
                "color": {"background": colour, "border": "#555555", "highlight": {"background": colour}},
                "font": {"size": 16, "background": "rgba(255,255,255,0.85)"},
                "type": data["type"],
                "articles": data.get("articles", []),
            }
        )
    edges = []
    for k, (a, b, data) in enumerate(graph.edges(data=True)):
        colour, name = EDGE_STYLE[data["relation"]]
        n = data["count"]
        edges.append(
            {
                "id": f"o{k}",
                "from": a,
                "to": b,
                "label": str(n),
                "title": f"{graph.nodes[a]['label']} {name} {graph.nodes[b]['label']}: {_count(n, 'fact')}",
                "width": 1 + 1.5 * math.log2(n),
                "color": {"color": colour},
                "arrows": {"to": {"enabled": data["relation"] == "spoke_about", "scaleFactor": 0.5}},
                "font": {"size": 11, "align": "middle", "background": "rgba(255,255,255,0.85)"},
                "relation": data["relation"],
                "factRelation": data["relation"],
                "article": None,
                "articles": data["articles"],
            }
        )
    legend = [
        {"type": t, "label": label, "colour": c, "shape": s}
        for t, (c, s, label) in STYLE.items()
        if t in ("person", "organization", "country", "group")
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "options": _options(len(nodes)),
        "details": {n: details.of(graph.nodes[n]) for n in graph},
        "meta": {
            "mode": "overview",
            "shown": len(nodes),
            "matched": selection.matched_nodes,
            "edges": len(edges),
            "message": selection.message,
            "relations": [r for r in EDGE_STYLE if any(e["relation"] == r for e in edges)],
            "relationLabels": {r: name for r, (_, name) in EDGE_STYLE.items()},
            "articles": sorted(
                ({"id": a.id, "title": a.title, "date": a.date} for a in snapshot.articles.values()),
                key=lambda a: (a["date"] or "", a["title"]),
            ),
            "legend": legend,
            "filters": _filters_json(selection.filters),
            "dataUrl": data_url,
        },
    }


def _options(n: int) -> dict:
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "scaling": {"min": 8, "max": 48, "label": {"enabled": True, "min": 13, "max": 30}},
        },
        "edges": {"smooth": {"enabled": True, "type": "continuous"}, "selectionWidth": 2},
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 200, "keyboard": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -120, "springLength": 140, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25, "fit": True},
        },
    }


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
