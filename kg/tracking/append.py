"""New reports join tracked groups in place: a batch's cost does not grow with the groups.

`kg.tracking.track.refresh` rebuilds the groups a batch touches when reports leave them (a deleted or
re-ingested article: a group may split). When a batch only adds reports, as every ingest of
new articles does, this module adds them instead:
- a new report joins the group of the reports it links to, through the strongest link that
  joins it (the group stays a spanning tree: N - 1 links for N reports);
- a report that links to several groups merges them into the one with the most articles,
  whose id (its /tracked/ID address) stays; the smaller ones move into it;
- the counts, dates and label take in the new reports (kg.tracking.heads): a group is not
  counted again, and its head is read from the store once per ingest at most;
- a new report contradicts the first published report saying the opposite among those it was
  compared with (the latest MAX_CANDIDATES of its speaker or parties).
Python reads no group and rewrites none: the writes are the new triples, the moved ones, and
the group's six head triples.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.store import Store
from kg.tracking import reports as latest
from kg.tracking.groups import GROUP_GRAPH, Group, Link, add_link, digest, group_graph, opposite
from kg.tracking.heads import Head, Heads
from kg.tracking.reports import Report
from kg.tracking.similarity import Comparer
from kg.vocab import CG, ID

# What a group says of itself (recomputed when it grows), not what it holds.
_HEAD = frozenset(
    str(p)
    for p in (RDF.type, RDFS.label, CG.articleCount, CG.publisherCount, CG.firstReported, CG.lastReported)
)


@dataclass
class _Component:
    reports: list[str] = field(default_factory=list)  # new reports (and candidates in no group)
    groups: list[str] = field(default_factory=list)  # ids of the stored groups it joins


def append(
    store: Store,
    fresh: list[Report],
    candidates: list[Report],
    links: list[Link],
    comparer: Comparer,
    heads: Heads | None = None,
) -> None:
    """Add the fresh reports to the stored groups, or to new ones, in one transaction.

    `heads` holds the heads of groups read before (one ingest's): given, it is brought up to
    date with what is written; otherwise the heads of the groups that grow are read here."""
    heads = heads if heads is not None else Heads()
    known = {r.iri: r for r in (*candidates, *fresh)}
    fresh_iris = {r.iri for r in fresh}
    group_of = _group_ids(store, [r.iri for r in candidates])

    def node(iri: str) -> str:
        gid = None if iri in fresh_iris else group_of.get(iri)
        return f"group {gid}" if gid else iri

    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in fresh:
        root(r.iri)
    # Kruskal over reports and whole groups (each already connected): the strongest links that
    # join two parts, and no other.
    forest: list[Link] = []
    for link in sorted(links, key=lambda x: (-x.similarity.score, x.a, x.b)):
        a, b = root(node(link.a)), root(node(link.b))
        if a != b:
            parent[a] = b
            forest.append(link)
    components: dict[str, _Component] = {}
    for item in list(parent):
        component = components.setdefault(root(item), _Component())
        if item.startswith("group "):
            component.groups.append(item.removeprefix("group "))
        else:
            component.reports.append(item)
    held_heads = heads.get(store, [g for c in components.values() for g in c.groups])
    in_group: dict[str, list[Report]] = {}
    for r in candidates:
        if r.iri in group_of:
            in_group.setdefault(group_of[r.iri], []).append(r)
    add: dict[str, list[ox.Triple]] = {}
    forget: dict[str, tuple[str, tuple[str, ...]]] = {}
    drop: list[str] = []
    new: dict[str, Graph | None] = {}
    grown: dict[str, Head] = {}
    for key, component in components.items():
        reports = [known[i] for i in sorted(component.reports)]
        joined = tuple(sorted((x for x in forest if root(node(x.a)) == key), key=lambda x: (x.a, x.b)))
        if not component.groups:  # reports that join no stored group make a new one
            group = Group(digest(reports[0].iri), reports[0].kind, tuple(reports), joined)
            new[GROUP_GRAPH + group.id] = group_graph(group, comparer)
            grown[group.id] = Head.of(reports)
            continue
        sizes = {g: len(held_heads[g].articles) if g in held_heads else 0 for g in component.groups}
        target = max(component.groups, key=lambda g: (sizes[g], g))
        merged = sorted(set(component.groups) - {target})
        held = [r for g in component.groups for r in in_group.get(g, ())]
        triples, moved = _additions(store, target, merged, reports, held, joined, comparer)
        name = GROUP_GRAPH + target
        add[name] = [*triples, *moved]
        drop += [GROUP_GRAPH + g for g in merged]
        head = Head.of(reports)
        for g in [target, *merged]:
            if g in held_heads:
                head = held_heads[g].joined(head)
        grown[target] = head
        add[name] += _head_triples(target, head)
        forget[name] = (f"{ID}tracked/{target}", tuple(sorted(_HEAD - {str(RDF.type)})))
    store.edit_graphs(add=add, remove={}, drop=drop, replace=new, forget=forget)
    heads.drop(g for c in components.values() for g in c.groups)
    for gid, head in grown.items():
        heads.put(gid, head)


def _additions(
    store: Store,
    target: str,
    merged: list[str],
    reports: list[Report],
    held: list[Report],
    joined: tuple[Link, ...],
    comparer: Comparer,
) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """Return the triples the new reports add to the target group, and those moved into it
    from the groups it absorbs (their head triples left behind)."""
    node = URIRef(f"{ID}tracked/{target}")
    g = Graph()
    for report in reports:
        g.add((node, CG.report, URIRef(report.iri)))
        g.add((node, CG.fromArticle, URIRef(report.article)))
    for link in joined:
        add_link(g, node, link, comparer.method_of(link.similarity))
    earlier = sorted(held, key=_published)
    for report in reports:
        # The latest MAX_CANDIDATES only, as in a rebuilt group (groups.contradictions): all
        # earlier reports of the batch made one upload of 4,000 alike outcomes quadratic.
        recent = earlier[-latest.MAX_CANDIDATES :]
        first = next((r for r in recent if r.iri != report.iri and opposite(r, report, comparer)), None)
        if first is not None:
            g.add((URIRef(first.event), CG.contradicts, URIRef(report.event)))
            g.add((URIRef(report.event), CG.contradicts, URIRef(first.event)))
        bisect.insort(earlier, report, key=_published)
    moved: list[ox.Triple] = []
    target_node = ox.NamedNode(str(node))
    stored = store.graph_triples([GROUP_GRAPH + m for m in merged]) if merged else {}
    for m in merged:
        old = ox.NamedNode(f"{ID}tracked/{m}")
        for t in stored.get(GROUP_GRAPH + m, ()):
            if t.subject == old:
                if t.predicate.value not in _HEAD:
                    moved.append(ox.Triple(target_node, t.predicate, t.object))
            else:
                moved.append(t)
    return list(_as_ox(g)), moved


def _published(report: Report) -> tuple[str, str]:
    return (report.date or "9999", report.iri)


def _head_triples(target: str, head: Head) -> list[ox.Triple]:
    """Return the group's head triples: counts, first and last dates, and the label."""
    subject = ox.NamedNode(f"{ID}tracked/{target}")
    return [
        ox.Triple(subject, ox.NamedNode(p), _ox_literal(value)) for p, value in sorted(head.values().items())
    ]


def _group_ids(store: Store, iris: list[str]) -> dict[str, str]:
    """Return the id of the group each of these reports is in (an index lookup per report)."""
    found: dict[str, str] = {}
    for i in range(0, len(iris), 500):
        values = " ".join(f"<{x}>" for x in iris[i : i + 500])
        for row in store.query(
            f"PREFIX cg: <{CG}> SELECT ?r ?g WHERE {{ VALUES ?r {{ {values} }} ?g cg:report ?r }}"
        ):
            found[str(row.r)] = str(row.g).rsplit("/", 1)[-1]
    return found


def _ox_literal(value: Literal) -> ox.Literal:
    if value.datatype is None:
        return ox.Literal(str(value))
    return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))


def _as_ox(graph: Graph):
    data = graph.serialize(format="nt", encoding="utf-8")
    return (quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
