"""What the graph page draws: vis-network nodes, edges and options (built with pyvis), the
detail panel's text for every node, and starting positions for big pages.

kg.view.page selects the subgraph and writes the page; this module turns a selection into the JSON
the page script reads. Everything here is plain data: the page inserts text with textContent.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import TYPE_CHECKING
from urllib.parse import quote

import networkx as nx
from pyvis.network import Network

from kg.read.graph import RELATIONS, Snapshot
from kg.read.graph_records import AgreementNode, ClaimNode
from kg.read.records import shown
from kg.vocab import UNNAMED

if TYPE_CHECKING:
    from kg.view.page import Selection, ViewFilter

# Colour and shape by node type: colour-blind-safe Tableau 10 hues; actors are symbols with the
# name under them, texts (claims, outcomes) are boxes with the words inside.
STYLE = {
    "person": ("#4e79a7", "dot", "person"),
    "organization": ("#f28e2b", "square", "organisation"),
    "country": ("#59a14f", "diamond", "country"),
    "group": ("#9c755f", "triangle", "group"),
    # a source the article describes but does not name ("officials"): no actor, so no symbol
    UNNAMED: ("#dddddd", "dot", "unnamed source"),
    "claim": ("#f1ce63", "box", "claim"),
    "outcome": ("#d4a6c8", "ellipse", "outcome"),
    "article": ("#bab0ac", "database", "article"),
}
EDGE_COLOUR = {
    "said": "#4e79a7",
    "agreed": "#59a14f",
    "proposed": "#f28e2b",
    "intends": "#76b7b2",
    "rejected": "#e15759",
    "reported_in": "#c9c9c9",
}
_LABEL_CHARS = 48  # claims and outcomes are cut to this on the canvas; the panel has them whole
# Above this many nodes the page gets starting positions and a short physics run (see _seed_layout).
SEEDED_ABOVE = 200


def page_data(
    selection: Selection, *, actor_base: str | None = None, article_base: str | None = None
) -> dict:
    """Return what the page script draws: vis-network nodes, edges and options, node details, meta."""
    graph, snapshot = selection.graph, selection.snapshot
    n = graph.number_of_nodes()
    # pyvis builds the vis-network node/edge records and options; we render them ourselves.
    net = Network(directed=True, cdn_resources="in_line")
    articles_of = _articles_of(graph)
    seeded = _seed_layout(graph) if n > SEEDED_ABOVE else {}
    for node, data in graph.nodes(data=True):
        colour, shape, _ = STYLE[data["type"]]
        text_node = data["type"] in ("claim", "outcome", "article")
        net.add_node(
            node,
            label=_short(shown(data["label"], unnamed=data["type"] == UNNAMED)),
            title=data["label"],  # vis-network shows a string title with innerText, never as HTML
            shape=shape,
            color={"background": colour, "border": "#555555", "highlight": {"background": colour}},
            # a white ground keeps labels readable over edges; claims wrap at a fixed width
            font={"size": 14 if text_node else 18, "background": "rgba(255,255,255,0.85)"},
            widthConstraint={"maximum": 160} if text_node else False,
            size=12 if text_node else 12 + min(graph.degree(node), 18),  # busier actors are drawn larger
            type=data["type"],
            articles=sorted(articles_of[node]),
            **(dict(zip(("x", "y"), seeded[node], strict=True)) if seeded else {}),
        )
    for k, (a, b, data) in enumerate(graph.edges(data=True)):
        relation = data["relation"]
        fact = a if graph.nodes[a]["type"] in ("claim", "outcome") else b
        net.add_edge(
            a,
            b,
            id=f"e{k}",
            label=relation.replace("_", " "),
            color={"color": EDGE_COLOUR.get(relation, "#999999")},
            dashes=relation == "reported_in",
            font={"size": 10, "align": "middle", "background": "rgba(255,255,255,0.85)"},
            relation=relation,
            # what the page's relation filter shows or hides it by: an article link goes with its fact
            factRelation=relation if relation != "reported_in" else data.get("status", "said"),
            article=graph.nodes[fact].get("article"),
        )
    details = _Details(snapshot, actor_base, article_base)
    legend = [{"type": t, "label": label, "colour": c, "shape": s} for t, (c, s, label) in STYLE.items()]
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": _options(n),
        "details": {node: details.of(graph.nodes[node]) for node in graph},
        "meta": {
            "shown": n,
            "matched": selection.matched_nodes,
            "edges": graph.number_of_edges(),
            "message": selection.message,
            "relations": [r for r in RELATIONS if any(e["factRelation"] == r for e in net.edges)],
            "articles": sorted(
                ({"id": a.id, "title": a.title, "date": a.date} for a in snapshot.articles.values()),
                key=lambda a: (a["date"] or "", a["title"]),
            ),
            "legend": legend,
            "filters": _filters_json(selection.filters),
        },
    }


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"


def _seed_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Return starting positions a short physics run only has to polish: articles on a grid,
    each article's claims and outcomes on a ring around it, actors among the facts they touch."""
    facts: dict[str, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        if "article" in data:
            facts[data["article"]].append(node)
    articles = sorted(n for n, d in graph.nodes(data=True) if d["type"] == "article")
    columns = max(1, math.ceil(math.sqrt(len(articles))))
    spacing = 200 + 40 * math.sqrt(max((len(f) for f in facts.values()), default=1))
    position: dict[str, tuple[float, float]] = {}
    for i, article in enumerate(articles):
        cx, cy = (i % columns) * spacing, (i // columns) * spacing
        position[article] = (cx, cy)
        ring = sorted(facts.pop(graph.nodes[article]["id"], []))
        radius = 80 + 5 * len(ring)
        for k, fact in enumerate(ring):
            angle = 2 * math.pi * k / len(ring)
            position[fact] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    # Actors (and facts whose article the cap left out) go to the middle of what they link to,
    # spread on a small golden-angle spiral so no two start on the same spot.
    for k, node in enumerate(n for n in sorted(graph) if n not in position):
        near = [position[m] for m in nx.all_neighbors(graph, node) if m in position]
        x, y = (sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near)) if near else (0, 0)
        turn, reach = k * 2.39996, 15 * math.sqrt(k % 50 + 1)
        position[node] = (x + reach * math.cos(turn), y + reach * math.sin(turn))
    return position


def _articles_of(graph: nx.DiGraph) -> dict[str, set[str]]:
    """Return the article ids each node is linked to on the page (for the page's article filter)."""
    found: dict[str, set[str]] = {n: set() for n in graph}
    for node, data in graph.nodes(data=True):
        if data["type"] == "article":
            found[node].add(data["id"])
        elif "article" in data:  # a claim or outcome, and the actors linked to it
            found[node].add(data["article"])
            for actor in graph.predecessors(node):
                found[actor].add(data["article"])
    return found


def _options(n: int) -> dict:
    """Return vis-network options; bigger graphs get a shorter layout run and cheaper drawing."""
    return {
        "autoResize": True,
        "nodes": {"borderWidth": 1, "shadow": False},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": n <= 300 and {"enabled": True, "type": "continuous"},
            "width": 1.2,
        },
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7},
        "interaction": {
            "hover": True,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": n > 500,
            "hideEdgesOnZoom": n > 1000,
            "navigationButtons": False,
            "keyboard": False,
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -15000,
                "centralGravity": 0.2,
                "springLength": 160,
                "springConstant": 0.04,
                "damping": 0.4,
                "avoidOverlap": 0.6,
                "theta": 0.5 if n <= 500 else 0.8,  # a coarser, faster force estimate for big pages
            },
            # bounded: the page switches physics off once these iterations are done
            "stabilization": {
                "enabled": True,
                "iterations": 600 if n <= SEEDED_ABOVE else max(30, 60_000 // n),
                "updateInterval": 25,
                "fit": True,
            },
        },
    }


class _Details:
    """What the panel shows for each node: plain text only, which the page inserts as text."""

    def __init__(self, snapshot: Snapshot, actor_base: str | None, article_base: str | None = None) -> None:
        self.snapshot, self.actor_base, self.article_base = snapshot, actor_base, article_base
        self.claims = {c.id: c for c in snapshot.claims}
        self.agreements = {g.outcome: g for g in snapshot.agreements}
        self.said = Counter(c.speaker for c in snapshot.claims)
        self.parties = Counter(p for g in snapshot.agreements for p in dict.fromkeys(g.parties))

    def of(self, data: dict) -> dict:
        kind, ident = data["type"], data["id"]
        if kind == "claim":
            return self._claim(self.claims[ident])
        if kind == "outcome":
            return self._outcome(self.agreements[ident])
        if kind == "article":
            a = self.snapshot.articles[ident]
            return {
                "kind": "article",
                "title": a.title,
                "id": a.id,
                "date": a.date,
                "reader": self._reader(a.id),
            }
        if kind == UNNAMED:
            return {
                "kind": UNNAMED,
                "type": STYLE[kind][2],
                "label": data["label"],
                "id": ident,
                "claims": self.said[ident],
                "agreements": self.parties[ident],
            }
        return self._actor(kind, ident, data["label"])

    def _actor(self, kind: str, ident: str, label: str) -> dict:
        actor = self.snapshot.actors.get(ident)
        return {
            "kind": "actor",
            "type": STYLE[kind][2],
            "label": label,
            "id": ident,
            "aliases": list(actor.aliases) if actor else [],
            "roles": list(actor.roles) if actor else [],
            "claims": self.said[ident],
            "agreements": self.parties[ident],
            "link": f"{self.actor_base}{quote(ident)}" if self.actor_base else None,
        }

    def _claim(self, claim: ClaimNode) -> dict:
        article = self.snapshot.articles[claim.article]
        speaker = self.snapshot.speaker(claim.speaker)
        return {
            "kind": "claim",
            "text": claim.text,
            "speaker": speaker.shown if speaker else claim.speaker,
            "speakerNode": speaker.node if speaker else f"actor/{claim.speaker}",
            "cue": claim.cue,
            "direct": claim.direct,
            "article": article.title,
            "date": article.date,
            "sentence": (claim.sentence or "").strip() or None,
            "reader": self._reader(claim.article, f"claim-{claim.id}"),
        }

    def _outcome(self, agreement: AgreementNode) -> dict:
        article = self.snapshot.articles[agreement.article]
        parties = [self.snapshot.speaker(p) for p in agreement.parties]
        reporter = self.snapshot.speaker(agreement.attributed_to or "")
        return {
            "kind": "outcome",
            "text": agreement.outcome_label,
            "status": agreement.status,
            "parties": [p.shown for p in parties if p is not None],
            "attributedTo": reporter.shown if reporter else None,
            "article": article.title,
            "date": article.date,
            "sentence": (agreement.sentence or "").strip() or None,
            "reader": self._reader(agreement.article, f"agreement-{agreement.id}"),
        }

    def _reader(self, article: str, fact: str = "") -> str | None:
        """Return the link to the article's reader page, at the fact's place; None in a written file."""
        if self.article_base is None:
            return None
        return f"{self.article_base}{quote(article)}" + (f"#{quote(fact)}" if fact else "")


def _filters_json(filters: ViewFilter) -> dict:
    return {
        "focus": filters.focus,
        "depth": filters.depth,
        "articles": list(filters.articles),
        "relations": list(filters.relations),
        "since": filters.since,
        "until": filters.until,
        "limit": filters.limit,
    }
