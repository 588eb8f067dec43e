"""Tracking: the same claim or outcome reported by several articles, as one tracked node.

Reports (a claim's content, an agreement's outcome) are linked when they state the same thing
(kg.tracking.similarity) and share an actor: the speaker for claims, nested sets of parties for
outcomes. A new report is compared with the latest MAX_CANDIDATES reports of its speaker or
party set (kg.tracking.reports). A tracked group is a connected component of those links: which
reports are in one group does not depend on the order articles arrive in. Each group lives in its
own named graph (tracking/ID, written by kg.tracking.groups) with its reports and the strongest
links that join them (a spanning tree, N-1 links for N reports). kg.read.tracked reads them.

`refresh(store, article_ids)` is called after every ingest and delete, in one transaction.
New articles join their groups in place (kg.tracking.append: the cost of a batch does not grow
with the groups); a group keeps the id it was made with as it grows. An ingest passes a
`Memory` from batch to batch: the latest reports of each speaker and party set and the heads of
the groups it touched, so that no batch reads them again. A deleted or changed article's
groups are rebuilt from their remaining members (they may split).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph

from kg.store import Store
from kg.tracking import reports as latest
from kg.tracking.append import append
from kg.tracking.groups import GROUP_GRAPH, Group, Link, digest, group_graph
from kg.tracking.heads import Heads
from kg.tracking.reports import Recent, Report, candidates_for, reports_by_iri, reports_in
from kg.tracking.similarity import Comparer, Similarity
from kg.vocab import CG, ID, article_iri


@dataclass(frozen=True)
class Memory:
    """What one ingest keeps from batch to batch: the latest reports of each speaker and party
    set, and the heads of the groups it touched. For one ingest, the store's only writer
    meanwhile (an embedded store is one process's); forgotten when reports leave groups."""

    recent: Recent = field(default_factory=Recent)
    heads: Heads = field(default_factory=Heads)

    def clear(self) -> None:
        self.recent.clear()
        self.heads.clear()


def refresh(
    store: Store,
    article_ids: Iterable[str],
    *,
    comparer: Comparer | None = None,
    memory: Memory | None = None,
) -> None:
    """Regroup the reports of these (new, changed or deleted) articles, in one transaction.

    New articles only add reports: they join their groups in place (kg.tracking.append). When
    reports leave groups (a deleted or changed article), the groups they were in are rebuilt.
    """
    changed = [str(article_iri(a)) for a in article_ids]  # plain str: a URIRef never equals a str
    if not changed:
        return
    comparer = comparer or Comparer()
    stale = _report_prefixes(changed)
    fresh = reports_in(store, changed)
    grown_only = not _grouped(store, changed)
    if memory is not None and not grown_only:
        memory.clear()  # reports leave groups: what it holds may no longer be so
    if memory is not None and grown_only:
        candidates = memory.recent.candidates(store, fresh, changed)
    else:
        candidates = candidates_for(store, fresh, changed)
    links = _new_links(fresh, candidates, comparer)
    if grown_only:
        append(store, fresh, candidates, links, comparer, memory.heads if memory else None)
        if memory is not None:
            memory.recent.add(fresh)
        return
    touched = {r.iri for r in fresh} | {x for link in links for x in (link.a, link.b)}
    old_groups = _groups_holding(store, touched, changed)
    keep_old = [r for r in old_groups["reports"] if not r.startswith(stale)]
    known = {r.iri: r for r in (*fresh, *candidates)}
    known.update({r.iri: r for r in reports_by_iri(store, [r for r in keep_old if r not in known])})
    if len(keep_old) < len(old_groups["reports"]):
        # Reports left their groups (a deleted or changed article). Groups keep only a spanning
        # forest of links, so a report that went may have been the only bridge between others
        # that are still alike: compare what remains anew.
        remaining = [known[r] for r in keep_old]
        comparer.prepare([r.text for r in remaining])
        links += _new_links(remaining, [], comparer)
    # A group is rebuilt from its own members only: the fresh reports, the members of the groups
    # they touch, and the candidates they link to. A candidate that links to nothing stays in its
    # group as it was (made a group of its own here, it overwrote that group: one unrelated
    # article dissolved every group of a party it named).
    members = {r.iri for r in fresh} | set(keep_old) | {x for link in links for x in (link.a, link.b)}
    known = {iri: report for iri, report in known.items() if iri in members}
    old_links = [link for link in old_groups["links"] if link.a in known and link.b in known]
    groups = _components(known, [*old_links, *links])
    graphs: dict[str, Graph | None] = {GROUP_GRAPH + gid: None for gid in old_groups["ids"]}
    for group in groups:
        graphs[GROUP_GRAPH + group.id] = group_graph(group, comparer)
    store.replace_graphs(graphs)


def _grouped(store: Store, articles: list[str]) -> bool:
    """Whether a stored group holds a report of these articles (they were stored before)."""
    values = " ".join(f"<{a}>" for a in articles)
    return bool(store.query(f"ASK {{ VALUES ?a {{ {values} }} ?g <{CG.fromArticle}> ?a }}").askAnswer)


def ungrouped(store: Store, article_ids: list[str]) -> list[str]:
    """Return the ids of stored articles that have a report in no tracked group (a crash left it).

    Reports as kg.tracking.reports reads them: claims, and outcomes of agreements with a named party (one
    whose parties could not be named is tracked with nothing)."""
    found: list[str] = []
    for i in range(0, len(article_ids), 500):
        values = " ".join(f"<{article_iri(a)}>" for a in article_ids[i : i + 500])
        rows = store.query(f"""
            PREFIX cg: <{CG}> PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT DISTINCT ?id WHERE {{ VALUES ?a {{ {values} }}
              {{ ?r a cg:Claim ; cg:reportedIn ?a }}
              UNION {{ ?e cg:reportedIn ?a ; cg:outcome ?r ; cg:party [] }}
              FILTER NOT EXISTS {{ ?t cg:report ?r }} ?a dcterms:identifier ?id }}""")
        found += [str(r.id) for r in rows]
    return found


# --- helpers ------------------------------------------------------------------------------


def _new_links(fresh: list[Report], candidates: list[Report], comparer: Comparer) -> list[Link]:
    links = []
    pool = [*fresh, *candidates]
    claims_by_speaker: dict[frozenset[str], list[int]] = {}
    for j, b in enumerate(pool):
        if b.kind == "claim":
            claims_by_speaker.setdefault(b.actors, []).append(j)
    outcomes = [j for j, b in enumerate(pool) if b.kind == "outcome"]
    partners_of: dict[int, list[int]] = {}
    for i, a in enumerate(fresh):
        same = claims_by_speaker[a.actors] if a.kind == "claim" else outcomes
        after = same[bisect.bisect_right(same, i) :]
        split = bisect.bisect_left(after, len(fresh))  # fresh reports first, then the candidates
        # Within the batch too, a report meets at most MAX_CANDIDATES of its speaker's (or party
        # set's) other reports, as it does across batches: all pairs made one upload of 2,000
        # claims by one speaker spend 20 s here, and 1 MB of them a quarter of an hour.
        alike = (j for j in after[:split] if _same_actors(a, pool[j]))
        in_batch = itertools.islice(alike, latest.MAX_CANDIDATES)
        partners = [*in_batch, *(j for j in after[split:] if _same_actors(a, pool[j]))]
        if partners:
            partners_of[i] = partners
    # Only reports with someone to be compared with are analysed (in one batch): most speakers
    # are quoted once, and analysing their every claim would be wasted work.
    needed = {j for i, partners in partners_of.items() for j in (i, *partners)}
    comparer.analyse([pool[j].text for j in sorted(needed)])
    # Compare in full only what could pass a threshold: pairs that share a content word. Of
    # those, the pairs whose meaning is weighed are embedded in one batch, and no other text.
    pairs = [
        (i, partners[k])
        for i, partners in partners_of.items()
        for k in comparer.screen([pool[i].text], [pool[j].text for j in partners])[0]
    ]
    weighed = {x for i, j in pairs if comparer.needs_meaning(pool[i].text, pool[j].text) for x in (i, j)}
    comparer.prepare([pool[j].text for j in sorted(weighed)])
    for i, j in pairs:
        a, b = pool[i], pool[j]
        similarity = comparer.compare(a.text, b.text, learned=a.kind == "claim")
        if similarity.same or similarity.opposed:  # one proposition, whether asserted or denied
            x, y = sorted((a.iri, b.iri))
            links.append(Link(x, y, similarity))
    return links


def _same_actors(a: Report, b: Report) -> bool:
    """Whether two reports can be about one statement: one speaker, or nested sets of parties.

    Nested, not merely overlapping: "A and B agreed to X" and "A agreed to X" may be one
    outcome, but "A and B" and "B and C" agreeing to X are two, and must not chain into one.
    """
    if a.kind != b.kind:
        return False
    if a.kind == "claim":
        return a.actors == b.actors
    return a.actors <= b.actors or b.actors <= a.actors


def _groups_holding(store: Store, iris: set[str], articles: list[str]) -> dict:
    """Return the ids, member reports and links of the stored groups touching these reports or
    reported in these articles (index lookups only: the cost does not grow with the store)."""
    reports = " ".join(f"<{i}>" for i in sorted(iris))
    sources = " ".join(f"<{a}>" for a in articles)
    rows = store.query(f"""
        PREFIX cg: <{CG}>
        SELECT DISTINCT ?group WHERE {{
          {{ VALUES ?report {{ {reports} }} ?group cg:report ?report }}
          UNION {{ VALUES ?article {{ {sources} }} ?group cg:fromArticle ?article }} }}""")
    ids = sorted({str(r.group).rsplit("/", 1)[-1] for r in rows})
    reports: set[str] = set()
    links: list[Link] = []
    for gid in ids:
        node = f"{ID}tracked/{gid}"
        for r in store.query(f"PREFIX cg: <{CG}> SELECT ?r WHERE {{ <{node}> cg:report ?r }}"):
            reports.add(str(r.r))
        link_rows = store.query(f"""
            PREFIX cg: <{CG}>
            SELECT ?l ?x ?score ?lex ?sem ?terms WHERE {{ <{node}> cg:link ?l . ?l cg:between ?x ;
              cg:similarity ?score ; cg:lexicalSimilarity ?lex ; cg:sharedTerms ?terms
              OPTIONAL {{ ?l cg:semanticSimilarity ?sem }} }}""")
        ends: dict[str, list] = {}
        for r in link_rows:
            ends.setdefault(str(r.l), []).append(r)
        for rows_of_link in ends.values():
            a, b = sorted(str(r.x) for r in rows_of_link)
            r = rows_of_link[0]
            similarity = Similarity(
                float(r.score),
                float(r.lex),
                None if r.sem is None else float(r.sem),
                tuple(str(r.terms).split()),
            )
            links.append(Link(a, b, similarity))
    return {"ids": ids, "reports": sorted(reports), "links": links}


def _components(reports: dict[str, Report], links: list[Link]) -> list[Group]:
    parent = {iri: iri for iri in reports}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # Kruskal: the strongest links that join two parts make a maximum spanning forest. Every
    # report keeps a link that explains its membership, and a group of N reports stores N - 1
    # links instead of up to N² (which made each ingest slower than the last).
    forest = []
    for link in sorted(links, key=lambda x: (-x.similarity.score, x.a, x.b)):
        a, b = root(link.a), root(link.b)
        if a != b:
            parent[a] = b
            forest.append(link)
    members: dict[str, list[str]] = {}
    for iri in reports:
        members.setdefault(root(iri), []).append(iri)
    groups = []
    for iris in members.values():
        first = min(iris)
        inside = set(iris)
        group_links = tuple(sorted((x for x in forest if x.a in inside), key=lambda x: (x.a, x.b)))
        groups.append(
            Group(
                digest(first),
                reports[first].kind,
                tuple(reports[i] for i in sorted(iris)),
                tuple(dict.fromkeys(group_links)),
            )
        )
    return groups


def _report_prefixes(articles: list[str]) -> tuple[str, ...]:
    ids = [a.rsplit("/", 1)[-1] for a in articles]
    return tuple(p for i in ids for p in (f"{ID}claim/{i}-", f"{ID}outcome/{i}-"))
