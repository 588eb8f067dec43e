"""Reading tracked groups: the same claim or outcome reported by several articles, as the CLI
(`kg track`) and the web service (/tracked) list them (kg.tracking.track makes the groups).
"""

from __future__ import annotations

import re

from rdflib import RDFS

from kg.read.records import TrackedGroup, TrackedReport
from kg.sparql.terms import literal
from kg.store import Store
from kg.tracking.groups import GROUP_GRAPH
from kg.vocab import CG, ID


def tracked(
    store: Store,
    *,
    q: str | None = None,
    kind: str = "all",
    min_articles: int = 1,
    limit: int = 100,
    offset: int = 0,
) -> list[TrackedGroup]:
    """Return tracked groups, most reported first, optionally filtered by text and kind; the
    `limit` after the first `offset` (only those are read: each group costs three queries)."""
    rows = store.query(f"""
        PREFIX cg: <{CG}> PREFIX rdfs: <{RDFS}>
        SELECT ?t ?n WHERE {{ {_matching(q, kind, min_articles)} }}
        ORDER BY DESC(?n) ?label ?t LIMIT {int(limit)} OFFSET {int(offset)}""")
    ids = [str(r.t).rsplit("/", 1)[-1] for r in rows]
    return [g for g in (tracked_group(store, i) for i in ids) if g is not None]


def count_tracked(store: Store, *, q: str | None = None, kind: str = "all", min_articles: int = 1) -> int:
    """How many groups `tracked` would list with no limit (the same filters)."""
    rows = list(
        store.query(f"""
        PREFIX cg: <{CG}> PREFIX rdfs: <{RDFS}>
        SELECT (COUNT(DISTINCT ?t) AS ?count) WHERE {{ {_matching(q, kind, min_articles)} }}""")
    )
    return int(rows[0][0]) if rows else 0


def _matching(q: str | None, kind: str, min_articles: int) -> str:
    """The graph pattern of the groups of a kind ("claim", "outcome" or "all") reported by at least
    `min_articles` articles whose label contains `q`: ?t the group, ?label, ?n its article count."""
    classes = {"claim": "cg:TrackedClaim", "outcome": "cg:TrackedOutcome"}
    kinds = [classes[kind]] if kind in classes else list(classes.values())
    text_filter = f"FILTER(CONTAINS(LCASE(?label), {literal(q.lower())}))" if q else ""
    return f"""VALUES ?class {{ {" ".join(kinds)} }} ?t a ?class ; rdfs:label ?label ;
          cg:articleCount ?n . FILTER(?n >= {int(min_articles)}) {text_filter}"""


def tracked_group(store: Store, group_id: str) -> TrackedGroup | None:
    """Return one tracked group with its reports in order of publication, or None."""
    if not re.fullmatch(r"[0-9a-f]{16}", group_id):
        return None
    node = f"{ID}tracked/{group_id}"
    head = list(
        store.query(f"""
        PREFIX cg: <{CG}> PREFIX rdfs: <{RDFS}>
        SELECT ?class ?label ?n ?p ?first ?last WHERE {{ <{node}> a ?class ; rdfs:label ?label ;
          cg:articleCount ?n ; cg:publisherCount ?p
          OPTIONAL {{ <{node}> cg:firstReported ?first }} OPTIONAL {{ <{node}> cg:lastReported ?last }} }}""")
    )
    if not head:
        return None
    h = head[0]
    rows = store.query(f"""
        PREFIX cg: <{CG}> PREFIX rdfs: <{RDFS}> PREFIX schema: <https://schema.org/>
        PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?text ?id ?title ?date ?publisher ?exact WHERE {{
          <{node}> cg:report ?r .
          {{ ?r cg:text ?text . BIND(?r AS ?event) }} UNION {{ ?event cg:outcome ?r . ?r rdfs:label ?text }}
          ?event cg:reportedIn ?a ; cg:evidence ?e . ?e oa:hasSelector ?s . ?s oa:exact ?exact .
          ?a dcterms:identifier ?id ; dcterms:title ?title .
          OPTIONAL {{ ?a schema:datePublished ?date }} OPTIONAL {{ ?a schema:publisher ?publisher }}
        }} ORDER BY (!BOUND(?date)) ?date ?id""")
    reports = tuple(
        TrackedReport(str(r.text), str(r.id), str(r.title), _opt(r.date), _opt(r.publisher), str(r.exact))
        for r in rows
    )
    conflicts = store.query(f"""
        PREFIX cg: <{CG}> PREFIX rdfs: <{RDFS}>
        SELECT DISTINCT ?x ?y WHERE {{
          VALUES ?g {{ <{GROUP_GRAPH}{group_id}> }} GRAPH ?g {{ ?a cg:contradicts ?b }}
          FILTER(STR(?a) < STR(?b))
          {{ ?a cg:text ?x }} UNION {{ ?a cg:outcome/rdfs:label ?x }}
          {{ ?b cg:text ?y }} UNION {{ ?b cg:outcome/rdfs:label ?y }} }}""")
    return TrackedGroup(
        id=group_id,
        kind="claim" if str(h["class"]).endswith("TrackedClaim") else "outcome",
        label=str(h["label"]),
        articles=int(h["n"]),
        publishers=int(h["p"]),
        first=_opt(h["first"]),
        last=_opt(h["last"]),
        reports=reports,
        contradictions=tuple((str(r.x), str(r.y)) for r in conflicts),
    )


def _opt(value) -> str | None:
    return None if value is None else str(value)
