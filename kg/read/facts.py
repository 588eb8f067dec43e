"""Reading claims and agreements: one page of either, in reading order, with the speaker or
parties, article and evidence span of each (StoredClaim, StoredAgreement).

The lookups (kg.read.lookups) ask these with their filters; `claim_where` and
`agreement_where` are the query patterns of those filters, which the lookups also count over.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib.term import Node

from kg.read.records import ActorRef, ArticleRef, Evidence, Page, StoredAgreement, StoredClaim
from kg.read.rows import (
    actor_ref,
    date_literal,
    local_name,
    select_rows,
    text_or_none,
    values_clause,
    words_filter,
)
from kg.sparql import QueryError
from kg.sparql.terms import iri
from kg.store import Store
from kg.vocab import ARTICLE_BASE, ARTICLE_ID, STATUS, STATUS_NAME


def claim_where(
    *,
    speakers: Sequence[str] | None = None,
    q: str | None = None,
    article: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> str:
    """Return the query pattern of the claims these filters keep (speakers as IRIs)."""
    # Only the patterns a filter needs: each extra join costs Oxigraph a pass over every match.
    parts = []
    if speakers is not None:  # IRIs: of actors, or of unnamed sources (find_speakers)
        parts.append(f"VALUES ?speaker {{ {' '.join(iri(s) for s in speakers)} }}")
    parts.append("?claim cg:speaker ?speaker .")  # every claim has exactly one speaker
    parts += _article_filters("?claim", article, since, until)
    if q:
        parts.append("?claim cg:text ?text ." + words_filter("?text", q))
    return " ".join(parts)


def claim_page(
    store: Store, *, limit: int | None = 50, offset: int = 0, **where: object
) -> Page[StoredClaim]:
    """Return one page of the claims `where` keeps (claim_where's filters), in reading order."""
    order, total = _page(store, "?claim", claim_where(**where), limit, offset)  # type: ignore[arg-type]
    if not order:
        return Page((), total, limit, offset)
    rows = select_rows(
        store,
        f"""SELECT * WHERE {{ {values_clause("?claim", order)}
  ?claim cg:text ?text ; cg:cue ?cue ; cg:directQuote ?direct ; cg:speaker ?speaker ; cg:reportedIn ?article .
  ?speaker rdfs:label ?speakerName . {ARTICLE_FIELDS} OPTIONAL {{ ?claim cg:evidence ?ev }} }}""",
    )
    evidence = _evidence_of(store, rows)
    found: dict[str, StoredClaim] = {}
    for r in rows:
        found.setdefault(
            str(r["claim"]),
            StoredClaim(
                id=local_name(r["claim"]),
                text=str(r["text"]),
                cue=str(r["cue"]),
                direct=bool(r["direct"].toPython()),
                speaker=actor_ref(r["speaker"], r["speakerName"]),
                article=_article_ref(r),
                evidence=evidence.get(str(r.get("ev"))),
            ),
        )
    return Page(tuple(found[c] for c in order if c in found), total, limit, offset)


def agreement_where(
    *,
    parties: Sequence[str] | None = None,
    status: str | None = None,
    q: str | None = None,
    article: str | None = None,
) -> str:
    """Return the query pattern of the agreements these filters keep (parties as IRIs)."""
    parts = [] if parties or status or q else ["?agreement a cg:Agreement ."]
    if parties is not None:
        # A join, not FILTER EXISTS (3x slower in Oxigraph); _page drops the repeats.
        values = " ".join(iri(p) for p in parties)  # IRIs, as speakers in claim_where
        parts.append(f"VALUES ?withParty {{ {values} }} ?agreement cg:party ?withParty .")
    if status is not None:
        parts.append(f"?agreement cg:status {iri(STATUS[status])} .")
    parts += _article_filters("?agreement", article, None, None)
    if q:
        parts.append("?agreement cg:outcome/rdfs:label ?outcomeText ." + words_filter("?outcomeText", q))
    return " ".join(parts)


def agreement_page(
    store: Store, *, limit: int | None = 50, offset: int = 0, **where: object
) -> Page[StoredAgreement]:
    """Return one page of the agreements `where` keeps (agreement_where's filters), in reading order."""
    order, total = _page(store, "?agreement", agreement_where(**where), limit, offset)  # type: ignore[arg-type]
    if not order:
        return Page((), total, limit, offset)
    values = values_clause("?agreement", order)
    rows = select_rows(
        store,
        f"""SELECT * WHERE {{ {values}
  ?agreement cg:status ?status ; cg:outcome ?outcome ; cg:reportedIn ?article .
  ?outcome rdfs:label ?outcomeText . {ARTICLE_FIELDS} OPTIONAL {{ ?agreement cg:evidence ?ev }} }}""",
    )
    evidence = _evidence_of(store, rows)
    actors_of: dict[tuple[str, str], dict[str, ActorRef]] = {}
    for r in select_rows(
        store,
        f"""SELECT ?agreement ?role ?actor ?name WHERE {{ {values}
  {{ ?agreement cg:party ?actor BIND("party" AS ?role) }}
  UNION {{ ?agreement cg:attributedTo ?actor BIND("by" AS ?role) }}
  ?actor rdfs:label ?name }}""",
    ):
        names = actors_of.setdefault((str(r["agreement"]), str(r["role"])), {})
        names.setdefault(str(r["actor"]), actor_ref(r["actor"], r["name"]))
    found: dict[str, StoredAgreement] = {}
    for r in rows:
        key = str(r["agreement"])
        parties = sorted(actors_of.get((key, "party"), {}).values(), key=lambda p: (p.name, p.id))
        reporter = next(iter(actors_of.get((key, "by"), {}).values()), None)
        found.setdefault(
            key,
            StoredAgreement(
                id=local_name(r["agreement"]),
                status=STATUS_NAME.get(str(r["status"]), local_name(r["status"])),
                outcome=str(r["outcomeText"]),
                parties=tuple(parties),
                attributed_to=reporter,
                article=_article_ref(r),
                evidence=evidence.get(str(r.get("ev"))),
            ),
        )
    return Page(tuple(found[a] for a in order if a in found), total, limit, offset)


def _page(store: Store, var: str, where: str, limit: int | None, offset: int) -> tuple[list[str], int]:
    """Return the IRIs of one page, in reading order, and how many match in all.

    Reading order: newest article first (undated last), then as the article tells them, by
    the IRI .../{article-id}-{n} that kg.rdf gives the n-th one. Sorted here, not by ORDER
    BY: Oxigraph compares terms by fetching their strings, which costs more than the whole
    rest of a lookup; and the article comes from the IRI, not from one more join.
    """
    dates = {
        str(r["article"])[len(ARTICLE_BASE) :]: str(r["date"])
        for r in select_rows(
            store, "SELECT ?article ?date WHERE { ?article a cg:Article ; schema:datePublished ?date }"
        )
    }
    found: dict[str, tuple[str, str, int]] = {}
    for r in select_rows(store, f"SELECT {var} WHERE {{ {where} }}"):
        fact = str(r[var[1:]])
        article, _, n = fact.rpartition("/")[2].rpartition("-")
        found.setdefault(fact, (dates.get(article, ""), article, int(n) if n.isdigit() else 0))
    ordered = sorted(found, key=lambda fact: found[fact][1:])
    ordered.sort(key=lambda fact: found[fact][0], reverse=True)  # stable: keeps article order
    end = None if limit is None else offset + limit
    return ordered[offset:end], len(ordered)


def _evidence_of(store: Store, rows: list[dict[str, Node]]) -> dict[str, Evidence]:
    """Return the span of each evidence node the rows name, by node IRI."""
    nodes = sorted({str(r["ev"]) for r in rows if r.get("ev") is not None})
    if not nodes:
        return {}
    spans = select_rows(
        store,
        f"""SELECT ?ev ?start ?end ?exact WHERE {{ {values_clause("?ev", nodes)}
  ?ev oa:hasSelector ?pos , ?quote . ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact }}""",
    )
    return {str(r["ev"]): Evidence(int(r["start"]), int(r["end"]), str(r["exact"])) for r in spans}


ARTICLE_FIELDS = """?article dcterms:identifier ?articleId ; dcterms:title ?title .
  OPTIONAL { ?article schema:datePublished ?date } OPTIONAL { ?article schema:publisher ?publisher }"""


def _article_filters(node: str, article: str | None, since: str | None, until: str | None) -> list[str]:
    if article is None and since is None and until is None:
        return []
    parts = [f"{node} cg:reportedIn ?article ."]
    if article is not None:
        if not ARTICLE_ID.fullmatch(article):
            raise QueryError(f"not an article id: {article!r} (16 hexadecimal digits)")
        parts.append(f"VALUES ?article {{ {iri(ARTICLE_BASE + article)} }}")
    for bound, op in ((since, ">="), (until, "<=")):
        if bound is not None:
            parts.append(
                f"?article schema:datePublished ?published . FILTER(?published {op} {date_literal(bound)})"
            )
    return parts


def _article_ref(r: dict) -> ArticleRef:
    return ArticleRef(
        str(r["articleId"]),
        str(r.get("title") or ""),
        text_or_none(r.get("date")),
        text_or_none(r.get("publisher")),
    )
