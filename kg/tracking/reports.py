"""The reports that tracking groups, as the store holds them, and those a new one is compared with.

A report is a claim's content or an agreement's outcome. A new report is compared with the
latest MAX_CANDIDATES reports of its speaker (claims) or of the party sets nested with its own
(outcomes): `candidates_for` reads them from the store. Over one ingest the same speakers and
parties come back batch after batch, and reading their latest reports again made each batch
slower than the last; `Recent` keeps them for the ingest, adding each batch's new reports as
they are grouped, and answers what `candidates_for` would read.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDFS

from kg.store import Store
from kg.vocab import CG

# A new report is compared with at most this many reports of each speaker (or party set), the
# most recently published: a leader quoted in thousands of articles would otherwise make each
# ingest slower and bigger than the last. Groups are connected components, so a report that
# links to a recent member joins the whole group, however old its first reports.
MAX_CANDIDATES = 200
# Speakers and party sets whose latest reports one ingest keeps (the least recently used go
# first, and are read again if they come back): bounds memory on a corpus of many actors.
RECENT_KEYS = 4096


@dataclass(frozen=True)
class Report:
    iri: str  # the Claim node, or the Outcome node of an agreement
    kind: str  # "claim" | "outcome"
    text: str
    actors: frozenset[str]  # the speaker, or the parties
    article: str
    date: str | None
    publisher: str | None
    event: str  # the Claim or Agreement node (what cg:contradicts links)
    status: str | None  # the agreement's status IRI, for outcomes


def reports_in(store: Store, articles: list[str]) -> list[Report]:
    """Return the claims and outcomes reported in these articles."""
    values = f"VALUES ?article {{ {' '.join(f'<{a}>' for a in articles)} }}"
    return _reports(store, outcomes=values, claims=values)


def reports_by_iri(store: Store, iris: list[str]) -> list[Report]:
    if not iris:
        return []
    values = f"VALUES ?report {{ {' '.join(f'<{i}>' for i in iris)} }}"
    return _reports(store, outcomes=values, claims=values)


def candidates_for(store: Store, fresh: list[Report], changed: list[str]) -> list[Report]:
    """Return the reports of other articles that could state what the fresh ones state.

    Selective, so the cost of an ingest does not grow with the corpus: the latest
    MAX_CANDIDATES claims of each speaker; the latest outcomes of agreements whose parties
    include all of a fresh outcome's parties or lie all within them (see `nested`).
    """
    return _pooled(
        fresh,
        changed,
        lambda s: _latest_claims(store, s, changed),
        lambda p: _latest_outcomes(store, p, changed),
    )


def nested(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of parties can have agreed to one outcome: one lies within the other."""
    return a <= b or b <= a


def latest_first(report: Report) -> tuple:
    """Sort key, newest first, as the candidate queries order: by date (undated last), then by
    the claim's or agreement's IRI, descending, so which reports make the cut is never a tie."""
    return (report.date is None, _Descending(report.date or ""), _Descending(report.event))


class Recent:
    """The latest reports of the speakers and party sets one ingest has met, kept up to date
    with the reports it groups: `candidates` answers what `candidates_for` would read.

    Valid while this ingest is the store's only writer, and only for articles new to it: the
    caller clears it when reports leave the store (a deleted or changed article)."""

    def __init__(self, keys: int = RECENT_KEYS) -> None:
        self._keys = keys
        self._claims: OrderedDict[str, list[Report]] = OrderedDict()  # by speaker
        self._outcomes: OrderedDict[frozenset[str], list[Report]] = OrderedDict()  # by party set
        self._by_party: dict[str, set[frozenset[str]]] = {}  # the cached party sets naming a party

    def clear(self) -> None:
        self._claims.clear()
        self._outcomes.clear()
        self._by_party.clear()

    def candidates(self, store: Store, fresh: list[Report], changed: list[str]) -> list[Report]:
        def claims(speaker: str) -> list[Report]:
            return self._held(self._claims, speaker, changed, lambda: _latest_claims(store, speaker, changed))

        def outcomes(parties: frozenset[str]) -> list[Report]:
            for party in parties:
                self._by_party.setdefault(party, set()).add(parties)
            return self._held(
                self._outcomes, parties, changed, lambda: _latest_outcomes(store, parties, changed)
            )

        found = _pooled(fresh, changed, claims, outcomes)
        while len(self._claims) > self._keys:
            self._claims.popitem(last=False)
        while len(self._outcomes) > self._keys:
            parties, _ = self._outcomes.popitem(last=False)
            for party in parties:
                self._by_party[party].discard(parties)
        return found

    def add(self, reports: Iterable[Report]) -> None:
        """Count these (just grouped) reports among the latest of their speaker or parties."""
        for report in reports:
            if report.kind == "claim":
                keys = [(self._claims, s) for s in report.actors if s in self._claims]
            else:
                near = {k for party in report.actors for k in self._by_party.get(party, ())}
                keys = [(self._outcomes, k) for k in near if k in self._outcomes and nested(k, report.actors)]
            for held, key in keys:
                if all(r.iri != report.iri for r in held[key]):
                    held[key] = _cut(sorted([*held[key], report], key=latest_first))

    @staticmethod
    def _held(held: OrderedDict, key, changed: list[str], read) -> list[Report]:
        # A held report of a changed article would take a place the store gives another: read.
        if key not in held or not {r.article for r in held[key]}.isdisjoint(changed):
            held[key] = read()
        held.move_to_end(key)
        return held[key]


# --- reading ------------------------------------------------------------------------------


class _Descending(str):
    """A string that sorts in reverse (for one field of an otherwise ascending key)."""

    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)

    def __gt__(self, other: str) -> bool:
        return str.__lt__(self, other)


def _pooled(fresh: list[Report], changed: list[str], claims, outcomes) -> list[Report]:
    """Return the candidates of the fresh reports, given the latest reports of each speaker and
    of each party set, in one order whatever reads them."""
    found: dict[str, Report] = {}
    for speaker in sorted({a for r in fresh if r.kind == "claim" for a in r.actors}):
        for r in sorted(claims(speaker), key=lambda r: r.iri):
            found[r.iri] = r
    for parties in sorted({r.actors for r in fresh if r.kind == "outcome"}, key=sorted):
        for r in sorted(outcomes(parties), key=lambda r: r.iri):
            found[r.iri] = r
    return [r for r in found.values() if r.article not in changed]


def _cut(reports: list[Report]) -> list[Report]:
    """Keep the reports of the latest MAX_CANDIDATES claims or agreements (sorted newest first)."""
    events: set[str] = set()
    kept = []
    for r in reports:
        if r.event not in events and len(events) >= MAX_CANDIDATES:
            break
        events.add(r.event)
        kept.append(r)
    return kept


def _latest(changed: list[str], event: str) -> str:
    others = ", ".join(f"<{a}>" for a in changed)
    return (
        f"FILTER(?source NOT IN ({others})) OPTIONAL {{ ?source schema:datePublished ?published }} }} "
        f"ORDER BY DESC(?published) DESC(STR({event})) LIMIT {MAX_CANDIDATES}"
    )


def _latest_claims(store: Store, speaker: str, changed: list[str]) -> list[Report]:
    same_speaker = f"""{{ SELECT ?report WHERE {{ ?report cg:speaker <{speaker}> ; cg:reportedIn ?source .
        {_latest(changed, "?report")} }}"""
    return sorted(_reports(store, claims=same_speaker), key=latest_first)


def _latest_outcomes(store: Store, parties: frozenset[str], changed: list[str]) -> list[Report]:
    iris = [f"<{a}>" for a in sorted(parties)]
    has_all = " && ".join(f"EXISTS {{ ?event cg:party {i} }}" for i in iris)
    # "All parties within": no party outside, as an unmatched OPTIONAL rather than NOT
    # EXISTS, on which Virtuoso 7.2's cost model overflows its stack.
    outside = f"OPTIONAL {{ ?event cg:party ?outside FILTER(?outside NOT IN ({', '.join(iris)})) }}"
    within = f"""{{ SELECT DISTINCT ?event WHERE {{
        VALUES ?p {{ {" ".join(iris)} }} ?event cg:party ?p ; cg:reportedIn ?source . {outside}
        FILTER(!BOUND(?outside) || ({has_all})) {_latest(changed, "?event")} }}"""
    return sorted(_reports(store, outcomes=within), key=latest_first)


def _reports(store: Store, *, outcomes: str | None = None, claims: str | None = None) -> list[Report]:
    """Return the reports a restriction selects, given inside each branch so Oxigraph starts
    from it (a VALUES outside the UNION made it read every report in the store first)."""
    branches = []
    if outcomes is not None:
        branches.append(f"""{{ {outcomes}
            ?event cg:outcome ?report ; cg:party ?actor ; cg:status ?status ; cg:reportedIn ?article .
            ?report rdfs:label ?text . BIND("outcome" AS ?kind) }}""")
    if claims is not None:
        branches.append(f"""{{ {claims}
            ?report a cg:Claim ; cg:text ?text ; cg:speaker ?actor ; cg:reportedIn ?article .
            BIND(?report AS ?event) BIND("claim" AS ?kind) }}""")
    # In Oxigraph's own terms: converting every row to rdflib took longer than the query.
    rows = store.rows(f"""
        PREFIX cg: <{CG}> PREFIX rdfs: <{RDFS}> PREFIX schema: <https://schema.org/>
        SELECT ?report ?kind ?text ?actor ?article ?date ?publisher ?event ?status WHERE {{
          {" UNION ".join(branches)}
          OPTIONAL {{ ?article schema:datePublished ?date }}
          OPTIONAL {{ ?article schema:publisher ?publisher }}
        }}""")
    found: dict[str, tuple] = {}
    for row in rows:
        values = tuple(None if term is None else term.value for term in row)
        item = found.setdefault(values[0], (values, set()))
        item[1].add(values[3])
    return [
        Report(
            iri=iri,
            kind=v[1],
            text=v[2],
            actors=frozenset(actors),
            article=v[4],
            date=v[5],
            publisher=v[6],
            event=v[7],
            status=v[8],
        )
        for iri, (v, actors) in sorted(found.items())
    ]
