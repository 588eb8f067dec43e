"""What a tracked group says of itself: its counts of articles and named publishers, its first
and last report dates, and its label (the text of the first report published).

A group that grows is not counted again: its `Head` (the articles, publishers and dates it
holds) takes in the new reports, and the head triples are written from it. `Heads` keeps the
heads of the groups one ingest touches, so a group that gains reports batch after batch is read
from the store once per ingest, not once per batch (which made each batch slower than the last).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDFS, XSD, Literal

from kg.store import Store
from kg.tracking.reports import Report
from kg.vocab import CG, ID

# Groups whose heads one ingest keeps (the least recently touched go first, read again if they
# grow again): bounds memory on a corpus of many groups.
HEAD_GROUPS = 20_000
_UNDATED = "9999"  # sorts after every date: the label is the first report with a date


@dataclass(frozen=True)
class Head:
    articles: frozenset[str]
    publishers: frozenset[str]  # named publishers only: unknown ones may all be one
    first: str | None
    last: str | None
    label: tuple[str, str, str]  # (date or _UNDATED, report IRI, text) of the first report published

    @staticmethod
    def of(reports: Iterable[Report]) -> Head:
        reports = list(reports)
        dates = sorted(r.date for r in reports if r.date)
        return Head(
            articles=frozenset(r.article for r in reports),
            publishers=frozenset(r.publisher for r in reports if r.publisher),
            first=dates[0] if dates else None,
            last=dates[-1] if dates else None,
            label=min((r.date or _UNDATED, r.iri, r.text) for r in reports),
        )

    def joined(self, other: Head) -> Head:
        """Return the head of a group holding what both hold."""
        dates = sorted(d for d in (self.first, self.last, other.first, other.last) if d)
        return Head(
            articles=self.articles | other.articles,
            publishers=self.publishers | other.publishers,
            first=dates[0] if dates else None,
            last=dates[-1] if dates else None,
            label=min(self.label, other.label),
        )

    def values(self) -> dict[str, Literal]:
        """Return the head's values by predicate, as a group graph states them."""
        found = {
            str(RDFS.label): Literal(self.label[2]),
            str(CG.articleCount): Literal(len(self.articles)),
            str(CG.publisherCount): Literal(len(self.publishers)),
        }
        if self.first:
            found[str(CG.firstReported)] = Literal(self.first, datatype=XSD.date)
            found[str(CG.lastReported)] = Literal(self.last, datatype=XSD.date)
        return found


class Heads:
    """The heads of the groups one ingest has touched, kept up to date with what it writes.

    Valid while this ingest is the store's only writer, and only while groups just grow: the
    caller clears it when reports leave groups (a deleted or changed article)."""

    def __init__(self, size: int = HEAD_GROUPS) -> None:
        self._size = size
        self._held: OrderedDict[str, Head] = OrderedDict()

    def clear(self) -> None:
        self._held.clear()

    def get(self, store: Store, ids: Iterable[str]) -> dict[str, Head]:
        """Return the heads of these groups, read from the store if not held."""
        ids = sorted(set(ids))
        missing = [g for g in ids if g not in self._held]
        for gid, head in read_heads(store, missing).items():
            self._held[gid] = head
        found = {}
        for gid in ids:
            if gid in self._held:
                self._held.move_to_end(gid)
                found[gid] = self._held[gid]
        return found

    def put(self, gid: str, head: Head) -> None:
        self._held[gid] = head
        self._held.move_to_end(gid)
        while len(self._held) > self._size:
            self._held.popitem(last=False)

    def drop(self, ids: Iterable[str]) -> None:
        for gid in ids:
            self._held.pop(gid, None)


def read_heads(store: Store, ids: list[str]) -> dict[str, Head]:
    """Read the heads of these groups from their members (a scan of each group: done once)."""
    found: dict[str, Head] = {}
    for i in range(0, len(ids), 200):
        values = " ".join(f"<{ID}tracked/{g}>" for g in ids[i : i + 200])
        rows = store.rows(f"""
            PREFIX cg: <{CG}> PREFIX rdfs: <{RDFS}> PREFIX schema: <https://schema.org/>
            SELECT ?t ?r ?text ?a ?d ?p WHERE {{ VALUES ?t {{ {values} }} ?t cg:report ?r .
              {{ ?r cg:text ?text ; cg:reportedIn ?a }}
              UNION {{ ?e cg:outcome ?r ; cg:reportedIn ?a . ?r rdfs:label ?text }}
              OPTIONAL {{ ?a schema:datePublished ?d }} OPTIONAL {{ ?a schema:publisher ?p }} }}""")
        members: dict[str, list[Report]] = {}
        for t, r, text, a, d, p in rows:
            report = Report(
                iri=r.value,
                kind="",
                text=text.value,
                actors=frozenset(),
                article=a.value,
                date=None if d is None else d.value,
                publisher=None if p is None else p.value,
                event="",
                status=None,
            )
            members.setdefault(t.value.rsplit("/", 1)[-1], []).append(report)
        found.update({gid: Head.of(reports) for gid, reports in members.items()})
    return found
