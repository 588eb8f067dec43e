"""New reports join tracked groups in place: a batch's cost does not grow with the groups.

`kg.tracking.track.refresh` rebuilds the groups a batch touches when reports leave them (a deleted or
re-ingested article: a group may split). When a batch only adds reports, as every ingest of
new articles does, this module adds them instead:
- a new report joins the group of the reports it links to, through the strongest link that
  joins it (the group stays a spanning tree: N - 1 links for N reports);
- a report that links to several groups merges them into the one with the most articles,
  whose id (its /tracked/ID address) stays; the smaller ones move into it;
- the counts, dates and label are recomputed by the store, with the group's own indexes;
- a new report contradicts the first published report saying the opposite among those it was
  compared with (the latest MAX_CANDIDATES of its speaker or parties).
Python reads no group and rewrites none: the writes are the new triples, the moved ones, and
the group's six head triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.sparql.terms import literal
from kg.store import Store
from kg.tracking.similarity import Comparer
from kg.tracking.track import GROUP_GRAPH, Group, Link, Report, _digest, add_link, group_graph, opposite
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
    store: Store, fresh: list[Report], candidates: list[Report], links: list[Link], comparer: Comparer
) -> None:
    """Add the fresh reports to the stored groups, or to new ones, in one transaction."""
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
    sizes = _article_counts(store, [g for c in components.values() for g in c.groups])
    add: dict[str, list[ox.Triple]] = {}
    forget: dict[str, tuple[str, tuple[str, ...]]] = {}
    drop: list[str] = []
    new: dict[str, Graph | None] = {}
    for key, component in components.items():
        reports = [known[i] for i in sorted(component.reports)]
        joined = tuple(sorted((x for x in forest if root(node(x.a)) == key), key=lambda x: (x.a, x.b)))
        if not component.groups:  # reports that join no stored group make a new one
            group = Group(_digest(reports[0].iri), reports[0].kind, tuple(reports), joined)
            new[GROUP_GRAPH + group.id] = group_graph(group, comparer)
            continue
        target = max(component.groups, key=lambda g: (sizes.get(g, 0), g))
        merged = sorted(set(component.groups) - {target})
        held = [r for r in candidates if group_of.get(r.iri) in component.groups]
        triples, moved = _additions(store, target, merged, reports, held, joined, comparer)
        name = GROUP_GRAPH + target
        add[name] = [*triples, *moved]
        drop += [GROUP_GRAPH + g for g in merged]
        add[name] += _head(store, target, merged, reports)
        forget[name] = (f"{ID}tracked/{target}", tuple(sorted(_HEAD - {str(RDF.type)})))
    store.edit_graphs(add=add, remove={}, drop=drop, replace=new, forget=forget)


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
        add_link(g, node, link, comparer.method)
    earlier = sorted(held, key=lambda r: (r.date or "9999", r.iri))
    for report in reports:
        first = next((r for r in earlier if r.iri != report.iri and opposite(r, report, comparer)), None)
        if first is not None:
            g.add((URIRef(first.event), CG.contradicts, URIRef(report.event)))
            g.add((URIRef(report.event), CG.contradicts, URIRef(first.event)))
        earlier = sorted([*earlier, report], key=lambda r: (r.date or "9999", r.iri))
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


def _head(store: Store, target: str, merged: list[str], reports: list[Report]) -> list[ox.Triple]:
    """Return the target group's head triples with the new reports and the merged groups:
    counts, first and last dates, and the label (the text of the first report published)."""
    node = f"{ID}tracked/{target}"
    groups = " ".join(f"<{ID}tracked/{g}>" for g in [target, *merged])
    prefixes = f"PREFIX cg: <{CG}> PREFIX rdfs: <{RDFS}> PREFIX schema: <https://schema.org/>"
    within = f"VALUES ?t {{ {groups} }} ?t cg:fromArticle ?a ."
    # Counts of what the groups hold, then what the new reports add to them (each query starts
    # from the groups: a lone VALUES in a UNION branch reads as nothing on Virtuoso).
    (held,) = list(
        store.query(f"""{prefixes} SELECT (COUNT(DISTINCT ?a) AS ?n) (COUNT(DISTINCT ?p) AS ?np)
        WHERE {{ {within} OPTIONAL {{ ?a schema:publisher ?p }} }}""")
    )
    # MIN over rows with no date is an error, which unbinds it: dates are taken on their own.
    (span,) = list(
        store.query(f"""{prefixes} SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last)
        WHERE {{ {within} ?a schema:datePublished ?d }}""")
    )
    new_articles = {r.article for r in reports}
    new_publishers = {r.publisher for r in reports if r.publisher}
    values = " ".join(f"<{a}>" for a in sorted(new_articles))
    in_groups = {
        str(row.a)
        for row in store.query(f"{prefixes} SELECT DISTINCT ?a WHERE {{ {within} VALUES ?a {{ {values} }} }}")
    }
    if new_publishers:
        values = " ".join(literal(p) for p in sorted(new_publishers))
        named = store.query(f"""{prefixes} SELECT DISTINCT ?p WHERE {{ {within} ?a schema:publisher ?p
            VALUES ?p {{ {values} }} }}""")
        new_publishers -= {str(row.p) for row in named}
    articles = int(held.n) + len(new_articles - in_groups)
    publishers = int(held.np) + len(new_publishers)
    dates = sorted(
        {r.date for r in reports if r.date} | {str(x) for x in (span.first, span["last"]) if x is not None}
    )
    # The label is the text of the first report published: the first stored, or a new one.
    stored = [
        (str(row.d) if row.d is not None else "9999", str(row.r), str(row.text))
        for row in store.query(f"""{prefixes}
        SELECT ?r ?text ?d WHERE {{ VALUES ?t {{ {groups} }} ?t cg:report ?r .
          {{ ?r cg:text ?text ; cg:reportedIn ?a }}
          UNION {{ ?e cg:outcome ?r ; cg:reportedIn ?a . ?r rdfs:label ?text }}
          OPTIONAL {{ ?a schema:datePublished ?d }} }}
        ORDER BY (!BOUND(?d)) ?d STR(?r) LIMIT 1""")
    ]
    label = min([*stored, *((r.date or "9999", r.iri, r.text) for r in reports)])[2]
    g = Graph()
    subject = URIRef(node)
    g.add((subject, RDFS.label, Literal(label)))
    g.add((subject, CG.articleCount, Literal(articles)))
    g.add((subject, CG.publisherCount, Literal(publishers)))
    if dates:
        g.add((subject, CG.firstReported, Literal(dates[0], datatype=XSD.date)))
        g.add((subject, CG.lastReported, Literal(dates[-1], datatype=XSD.date)))
    return list(_as_ox(g))


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


def _article_counts(store: Store, ids: list[str]) -> dict[str, int]:
    if not ids:
        return {}
    values = " ".join(f"<{ID}tracked/{g}>" for g in sorted(set(ids)))
    rows = store.query(
        f"PREFIX cg: <{CG}> SELECT ?t ?n WHERE {{ VALUES ?t {{ {values} }} ?t cg:articleCount ?n }}"
    )
    return {str(r.t).rsplit("/", 1)[-1]: int(r.n) for r in rows}


def _as_ox(graph: Graph):
    data = graph.serialize(format="nt", encoding="utf-8")
    return (quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
