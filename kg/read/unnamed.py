"""Unnamed sources: the speakers and parties an article describes but does not name
("officials", "a report", "state media"; cg:UnnamedSource, each within its one article).

Never actors, so never found by name: listed by description (`unnamed_sources`), looked up by
id (`unnamed_source`), and found by description when a speaker or party asked for names no
actor (`find_unnamed`, kg.read.lookups.find_speakers).
"""

from __future__ import annotations

from kg.read.records import Page, UnnamedSummary
from kg.read.rows import actor_ref, count_rows, fact_counts, id_of, select_rows, slice_clause
from kg.sparql.terms import iri, literal
from kg.store import Store
from kg.vocab import ACTOR_ID, UNNAMED_BASE


def find_unnamed(store: Store, name: str) -> tuple[str, ...]:
    """Return the IRIs of the unnamed sources whose description contains `name`, any case."""
    where = unnamed_where(" ".join(name.split()))
    rows = select_rows(store, f"SELECT DISTINCT ?source WHERE {{ {where} }}", key="source")
    return tuple(sorted(str(r["source"]) for r in rows))


def unnamed_where(q: str | None) -> str:
    """The unnamed sources (?source, ?label, ?article) whose description contains `q`, any case."""
    where = "?source cg:describedIn ?article ; rdfs:label ?label ."
    if q:
        where += f" FILTER(CONTAINS(LCASE(STR(?label)), {literal(q.lower())}))"
    return where


def unnamed_sources(
    store: Store, *, q: str | None = None, limit: int | None = 50, offset: int = 0
) -> Page[UnnamedSummary]:
    """Return the sources articles describe but do not name ("officials", "a report"), by
    description, with how many claims they made and agreements they are in (party or reporter).
    Never actors: each is one article's (cg:UnnamedSource, cg:describedIn)."""
    return _unnamed_page(store, unnamed_where(q), limit, offset)


def unnamed_source(store: Store, source_id: str) -> UnnamedSummary | None:
    """Return the unnamed source of this id (the end of .../id/unnamed/{id}); None if none."""
    if not ACTOR_ID.fullmatch(source_id):
        return None
    where = f"VALUES ?source {{ {iri(UNNAMED_BASE + source_id)} }} {unnamed_where(None)}"
    return next(iter(_unnamed_page(store, where, 1, 0).items), None)


def _unnamed_page(store: Store, where: str, limit: int | None, offset: int) -> Page[UnnamedSummary]:
    total = count_rows(store, "?source", where)
    columns, counts = fact_counts("?source", "cg:party|cg:attributedTo")
    rows = select_rows(
        store,
        f"""SELECT ?source (MIN(?label) AS ?name) (MIN(?article) AS ?in) {columns} WHERE {{
  {where} {counts}
}} GROUP BY ?source ORDER BY LCASE(?name) ?source {slice_clause(limit, offset)}""",
        key="source",
    )
    items = tuple(
        UnnamedSummary(
            id=actor_ref(r["source"], "").id,
            description=str(r["name"]),
            article=id_of(r["in"], "article"),
            claims=int(r["claims"]),
            agreements=int(r["agreements"]),
        )
        for r in rows
    )
    return Page(items, total, limit, offset)
