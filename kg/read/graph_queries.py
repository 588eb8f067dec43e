"""Questions about the actor graph: neighbourhood, paths with evidence, rankings, pairs, timelines.

Every function takes a kg.read.graph.Snapshot (read once from the store) and returns records
of kg.read.graph_records that the CLI prints, the API returns as JSON and the notebook shows; actors may be
named by id, label or alias (Snapshot.find_actor).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise

import networkx as nx

from kg.read.graph import GraphError, NotFound, Snapshot, actor_articles, actor_graph
from kg.read.graph_records import (
    ActorLink,
    CoAgreement,
    GraphActor,
    LinkFact,
    Neighbour,
    Neighbourhood,
    Path,
    Ranked,
    Step,
    TimelineEntry,
)

RANKINGS = ("claims", "agreements", "degree", "betweenness")


def neighbourhood(snapshot: Snapshot, actor: str, depth: int = 1) -> Neighbourhood:
    """Return the actors within `depth` links of `actor` in the actor graph, and the links among them."""
    if depth < 0:
        raise GraphError("depth must be 0 or more")
    center = snapshot.find_actor(actor)
    graph = actor_graph(snapshot)
    distances = nx.single_source_shortest_path_length(
        graph.to_undirected(as_view=True), center.id, cutoff=depth
    )
    order = sorted(distances, key=lambda a: (distances[a], snapshot.actors[a].label, a))
    links = _links(snapshot, graph.subgraph(distances))
    return Neighbourhood(
        center=GraphActor.of(center),
        depth=depth,
        actors=tuple(Neighbour(GraphActor.of(snapshot.actors[a]), distances[a]) for a in order),
        links=links,
    )


def shortest_path(snapshot: Snapshot, source: str, target: str) -> Path:
    """Return a shortest chain of actors from `source` to `target`, with the evidence for each step."""
    start, end = snapshot.find_actor(source), snapshot.find_actor(target)
    graph = actor_graph(snapshot)
    try:
        ids = nx.shortest_path(graph.to_undirected(as_view=True), start.id, end.id)
    except nx.NetworkXNoPath:
        raise NotFound(f"no path links {start.label} and {end.label}") from None
    steps = []
    for a, b in pairwise(ids):
        between = graph.subgraph([a, b])
        steps.append(
            Step(
                GraphActor.of(snapshot.actors[a]),
                GraphActor.of(snapshot.actors[b]),
                _links(snapshot, between),
            )
        )
    return Path(tuple(GraphActor.of(snapshot.actors[a]) for a in ids), tuple(steps))


def rank(snapshot: Snapshot, by: str = "claims", top: int = 10) -> list[Ranked]:
    """Return the `top` actors ranked: most cited speakers (claims), most agreeing parties
    (agreements), or degree / betweenness centrality in the actor graph."""
    if by not in RANKINGS:
        raise GraphError(f"unknown ranking {by!r}; choose from {', '.join(RANKINGS)}")
    claims = Counter(c.speaker for c in snapshot.claims)
    agreed = Counter(p for g in snapshot.agreements if g.status == "agreed" for p in set(g.parties))
    articles = actor_articles(snapshot)
    if by == "claims":
        score: dict[str, float] = dict(claims)
    elif by == "agreements":
        score = dict(agreed)
    else:
        simple = nx.Graph(actor_graph(snapshot).to_undirected(as_view=True))
        score = nx.degree_centrality(simple) if by == "degree" else nx.betweenness_centrality(simple)
    ranked = sorted(
        (a for a in snapshot.actors if score.get(a, 0) > 0),
        key=lambda a: (-score[a], -len(articles[a]), snapshot.actors[a].label, a),
    )
    return [
        Ranked(GraphActor.of(snapshot.actors[a]), round(score[a], 6), claims[a], agreed[a], len(articles[a]))
        for a in ranked[:top]
    ]


def co_agreements(snapshot: Snapshot, *, statuses: tuple[str, ...] = ("agreed",)) -> list[CoAgreement]:
    """Return the pairs of actors who are parties to the same agreements, most frequent first."""
    shared: dict[tuple[str, str], list] = defaultdict(list)
    for g in snapshot.agreements:
        if g.status not in statuses:
            continue
        parties = sorted(p for p in set(g.parties) if p in snapshot.actors)
        for i, a in enumerate(parties):
            for b in parties[i + 1 :]:
                shared[a, b].append(g)
    pairs = [
        CoAgreement(
            GraphActor.of(snapshot.actors[a]),
            GraphActor.of(snapshot.actors[b]),
            len(gs),
            tuple(dict.fromkeys(g.outcome_label for g in gs)),
            tuple(dict.fromkeys(g.article for g in gs)),
        )
        for (a, b), gs in shared.items()
    ]
    return sorted(pairs, key=lambda p: (-p.count, p.a.label, p.b.label))


def timeline(snapshot: Snapshot, actor: str) -> list[TimelineEntry]:
    """Return the actor's claims and agreements in the order of their articles' dates (undated last)."""
    who = snapshot.find_actor(actor)
    entries = []
    for c in snapshot.claims:
        if c.speaker == who.id:
            art = snapshot.articles[c.article]
            entries.append(
                (
                    c.start,
                    TimelineEntry(art.date, art.id, art.title, "claim", c.cue, c.text, c.node, c.sentence),
                )
            )
    for g in snapshot.agreements:
        if who.id in g.parties:
            art = snapshot.articles[g.article]
            entry = TimelineEntry(
                art.date,
                art.id,
                art.title,
                "agreement",
                g.status,
                g.outcome_label,
                g.node,
                g.sentence,
            )
            entries.append((g.start, entry))
    entries.sort(key=lambda e: (e[1].date is None, e[1].date or "", e[1].title, e[1].article, e[0]))
    return [e for _, e in entries]


def _links(snapshot: Snapshot, graph: nx.MultiDiGraph) -> tuple[ActorLink, ...]:
    """Return the graph's edges grouped by (source, target, relation), each with its evidence."""
    grouped: dict[tuple[str, str, str], list[LinkFact]] = defaultdict(list)
    claims = {c.node: c for c in snapshot.claims}
    agreements = {g.node: g for g in snapshot.agreements}
    for a, b, data in graph.edges(data=True):
        article = snapshot.articles[data["article"]]
        if data["relation"] == "spoke_about":
            c = claims[data["fact"]]
            ev = LinkFact(c.node, "spoke_about", c.text, article.id, article.title, article.date, c.sentence)
        else:
            g = agreements[data["fact"]]
            ev = LinkFact(
                data["fact"],
                "co_party",
                g.outcome_label,
                article.id,
                article.title,
                article.date,
                g.sentence,
                g.status,
            )
        grouped[a, b, data["relation"]].append(ev)
    return tuple(
        ActorLink(a, b, relation, tuple(sorted(ev, key=lambda e: (e.date or "9999", e.article, e.fact))))
        for (a, b, relation), ev in sorted(grouped.items())
    )
