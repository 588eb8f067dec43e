"""Named SPARQL queries: the questions users ask, over the union of all articles.

The lookups (`actors`, `claims`, `agreements`, `articles`, `who_agreed`, `who_said`, ...)
return the small frozen records of kg.read.records (any other SPARQL runs through kg.sparql).
The CLI, the web service and the notebook all call these, so they answer alike.
A name given for a speaker or a party may be any alias ("Ushakov", "USA", "Washington"):
kg.read.actors decides which actors it denotes. Pages of claims and agreements in reading
order, with their evidence, are read by kg.read.facts; rows, counts and the generic query
pieces (ids, words, dates, page bounds) are kg.read.rows'.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.read.actors import ACTOR_CLASSES, InStore, find_actor_ids
from kg.read.facts import ARTICLE_FIELDS, agreement_page, agreement_where, claim_page, claim_where
from kg.read.records import (
    ActorCount,
    ActorProfile,
    ActorRef,
    ActorSummary,
    ArticleDetail,
    ArticleSummary,
    Page,
    StoredAgreement,
    StoredClaim,
    WhoAgreed,
    WhoSaid,
)
from kg.read.rows import (
    actor_ref,
    count_rows,
    fact_counts,
    id_of,
    select_rows,
    slice_clause,
    text_or_none,
)

# the unnamed sources' lookups are lookups too (kg.read.unnamed): callers ask this module
from kg.read.unnamed import find_unnamed
from kg.read.unnamed import unnamed_source as unnamed_source
from kg.read.unnamed import unnamed_sources as unnamed_sources
from kg.sparql import QueryError
from kg.sparql.terms import iri, literal
from kg.store import Store
from kg.vocab import (
    ACTOR_BASE,
    ACTOR_ID,
    ARTICLE_BASE,
    ARTICLE_ID,
    CG,
    CLASS_KIND,
    SCHEMA,
    STATUS,
)

# --- actors --------------------------------------------------------------------------------


def find_actors(store: Store, name: str) -> tuple[str, ...]:
    """Return the ids of the actors a name denotes; () if none (kg.read.actors.find_actor_ids:
    an id, a label, an alias, a name the gazetteer knows, else every actor a name contains)."""
    return find_actor_ids(InStore(store), name)


def find_speakers(store: Store, name: str) -> tuple[str, ...]:
    """Return the IRIs of whom a name denotes as a speaker or a party: the actors it names
    (find_actors), else the unnamed sources whose description contains it ("officials": one
    per article, each marked unnamed where shown); () if neither. Named actors come first: a
    description is no name, so it answers only a name that denotes nobody."""
    if found := find_actors(store, name):
        return tuple(ACTOR_BASE + i for i in found)
    return find_unnamed(store, name)


def actors(
    store: Store, *, q: str | None = None, limit: int | None = 50, offset: int = 0
) -> Page[ActorSummary]:
    """Return actors by name, with how many claims they made and agreements they are party to.

    `q` keeps the actors whose label or an alias contains it, in any case.
    """
    where = f"?actor a ?kind ; rdfs:label ?label . VALUES ?kind {{ {ACTOR_CLASSES} }}"
    if q:
        where += (
            " FILTER EXISTS { ?actor rdfs:label|skos:altLabel ?n "
            f"FILTER(CONTAINS(LCASE(STR(?n)), {literal(q.lower())})) }}"
        )
    total = count_rows(store, "?actor", where)
    columns, counts = fact_counts("?actor", "cg:party")
    rows = select_rows(
        store,
        f"""SELECT ?actor (MIN(?label) AS ?name) (MIN(?kind) AS ?type) {columns} WHERE {{
  {where} {counts}
}} GROUP BY ?actor ORDER BY ?name ?actor {slice_clause(limit, offset)}""",
        key="actor",
    )
    aliases = _aliases(store, [r["actor"] for r in rows])
    items = tuple(
        ActorSummary(
            id=id_of(r["actor"], "actor"),
            name=str(r["name"]),
            kind=CLASS_KIND.get(str(r["type"]), "actor"),
            aliases=aliases.get(str(r["actor"]), ()),
            claims=int(r["claims"]),
            agreements=int(r["agreements"]),
        )
        for r in rows
    )
    return Page(items, total, limit, offset)


def actor(store: Store, actor_id: str, *, limit: int | None = 50) -> ActorProfile | None:
    """Return an actor's names, roles and links, what they said and what they are party to."""
    if not ACTOR_ID.fullmatch(actor_id):
        return None
    node = f"{ACTOR_BASE}{actor_id}"
    rows = select_rows(
        store,
        f"""SELECT ?p ?o ?name WHERE {{ {iri(node)} ?p ?o .
  VALUES ?p {{ {" ".join(iri(p) for p in _PROFILE_FIELDS)} }} OPTIONAL {{ ?o rdfs:label ?name }} }}""",
    )
    values: dict[str, list[dict[str, Node]]] = {}
    for r in rows:
        values.setdefault(_PROFILE_FIELDS.get(str(r["p"]), ""), []).append(r)
    kinds = [CLASS_KIND[str(r["o"])] for r in values.get("type", []) if str(r["o"]) in CLASS_KIND]
    if not kinds:
        return None

    def texts(key: str) -> tuple[str, ...]:
        return tuple(sorted({str(r["o"]) for r in values.get(key, [])}))

    represents = {
        str(r["o"]): str(r.get("name") or id_of(r["o"], "actor")) for r in values.get("represents", [])
    }
    return ActorProfile(
        id=actor_id,
        iri=node,
        name=min(texts("label")),
        kind=kinds[0],
        aliases=texts("altLabel"),
        roles=texts("role"),
        same_as=texts("sameAs"),
        represents=tuple(ActorRef(id_of(i, "actor"), n) for i, n in sorted(represents.items())),
        claims=claim_page(store, speakers=(node,), limit=limit),
        agreements=agreement_page(store, parties=(node,), limit=limit),
    )


_PROFILE_FIELDS = {
    str(RDF.type): "type",
    str(RDFS.label): "label",
    str(SKOS.altLabel): "altLabel",
    str(CG.role): "role",
    str(SCHEMA.sameAs): "sameAs",
    str(CG.represents): "represents",
}


# --- claims and agreements -----------------------------------------------------------------


def claims(
    store: Store,
    *,
    speaker: str | None = None,
    q: str | None = None,
    article: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> Page[StoredClaim]:
    """Return claims, newest article first, in the order the article makes them.

    `speaker` is any name or alias of the speaker, or the description of an unnamed source
    ("officials": find_speakers); `q` keeps claims whose text holds every
    word of it; `article` is an article id; `since` / `until` bound the publication date
    (ISO dates, inclusive; articles without a date are left out when either is given).
    """
    speakers = find_speakers(store, speaker) if speaker else None
    if speakers == ():
        return Page((), 0, limit, offset, _suggest_actors(store, speaker))
    return claim_page(
        store, speakers=speakers, q=q, article=article, since=since, until=until, limit=limit, offset=offset
    )


def agreements(
    store: Store,
    *,
    party: str | None = None,
    status: str | None = None,
    q: str | None = None,
    article: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> Page[StoredAgreement]:
    """Return agreements, newest article first, in the order the article reports them.

    `party` is any name or alias of a party, or an unnamed source's description; `status` one
    of agreed, proposed, intends, rejected; `q` keeps agreements whose outcome holds every word
    of it; `article` an id.
    """
    if status is not None and status not in STATUS:
        raise QueryError(f"unknown status {status!r}; choose one of {', '.join(STATUS)}")
    parties = find_speakers(store, party) if party else None
    if parties == ():
        return Page((), 0, limit, offset, _suggest_actors(store, party))
    return agreement_page(
        store, parties=parties, status=status, q=q, article=article, limit=limit, offset=offset
    )


def who_agreed(store: Store, to: str, *, limit: int | None = 50, offset: int = 0) -> WhoAgreed:
    """Return who agreed (status agreed) to an outcome holding every word of `to`, and where."""
    page = agreement_page(store, status="agreed", q=to, limit=limit, offset=offset)
    where = agreement_where(status="agreed", q=to) + " ?agreement cg:party ?party ."
    return WhoAgreed(
        _actor_counts(store, "?agreement", "?party", where), page, _suggest_words(store, page, to, "outcome")
    )


def who_said(store: Store, about: str, *, limit: int | None = 50, offset: int = 0) -> WhoSaid:
    """Return who said something holding every word of `about`, and the claims themselves."""
    page = claim_page(store, q=about, limit=limit, offset=offset)
    speakers = _actor_counts(store, "?claim", "?speaker", claim_where(q=about))
    return WhoSaid(speakers, page, _suggest_words(store, page, about, "claim"))


# --- articles ------------------------------------------------------------------------------


def articles(store: Store, *, limit: int | None = 50, offset: int = 0) -> Page[ArticleSummary]:
    """Return the stored articles, newest first, with how many claims and agreements each holds."""
    total = count_rows(store, "?article", "?article a cg:Article .")
    return Page(tuple(_article_summaries(store, "", limit, offset)), total, limit, offset)


def article(store: Store, article_id: str) -> ArticleDetail | None:
    """Return one article with all its claims and agreements and their evidence spans."""
    if not ARTICLE_ID.fullmatch(article_id):
        return None
    found = _article_summaries(store, f"VALUES ?article {{ {iri(ARTICLE_BASE + article_id)} }}", None, 0)
    if not found:
        return None
    return ArticleDetail(
        article=found[0],
        claims=claim_page(store, article=article_id, limit=None).items,
        agreements=agreement_page(store, article=article_id, limit=None).items,
    )


# --- helpers -------------------------------------------------------------------------------


def _suggest_actors(store: Store, name: str | None) -> tuple[str, ...]:
    from kg.read.search import suggest_actors  # kg.read.search builds on this module

    return suggest_actors(store, name) if name else ()


def _suggest_words(store: Store, page: Page, text: str, kind: str) -> tuple[str, ...]:
    from kg.read.search import suggest_words

    return () if page.total else suggest_words(store, text, kind)


def _article_summaries(store: Store, values: str, limit: int | None, offset: int) -> list[ArticleSummary]:
    rows = select_rows(
        store,
        f"""SELECT ?article ?articleId ?title ?date ?publisher ?url ?source
       (COALESCE(?c, 0) AS ?claims) (COALESCE(?g, 0) AS ?agreements) WHERE {{
  {values} ?article a cg:Article . {ARTICLE_FIELDS}
  OPTIONAL {{ ?article schema:url ?url }} OPTIONAL {{ ?article cg:sourceFile ?source }}
  OPTIONAL {{ SELECT ?article (COUNT(?claim) AS ?c)
             WHERE {{ {values} ?claim a cg:Claim ; cg:reportedIn ?article }} GROUP BY ?article }}
  OPTIONAL {{ SELECT ?article (COUNT(?ag) AS ?g)
             WHERE {{ {values} ?ag a cg:Agreement ; cg:reportedIn ?article }} GROUP BY ?article }}
}} ORDER BY DESC(?date) ?title ?articleId {slice_clause(limit, offset)}""",
    )
    return [
        ArticleSummary(
            id=str(r["articleId"]),
            title=str(r.get("title") or ""),
            date=text_or_none(r.get("date")),
            publisher=text_or_none(r.get("publisher")),
            url=text_or_none(r.get("url")),
            source=text_or_none(r.get("source")),
            claims=int(r["claims"]),
            agreements=int(r["agreements"]),
        )
        for r in rows
    ]


def _actor_counts(store: Store, counted: str, actor_var: str, where: str) -> tuple[ActorCount, ...]:
    rows = select_rows(
        store,
        f"""SELECT ({actor_var} AS ?actor) (MIN(?label) AS ?name) (COUNT(DISTINCT {counted}) AS ?n) WHERE {{
  {where} OPTIONAL {{ {actor_var} rdfs:label ?label }} }} GROUP BY {actor_var} ORDER BY DESC(?n) ?name""",
        key="actor",
    )
    return tuple(
        ActorCount(actor_ref(r["actor"], r.get("name") or actor_ref(r["actor"], "").id), int(r["n"]))
        for r in rows
    )


def _aliases(store: Store, actor_iris: Iterable[Node]) -> dict[str, tuple[str, ...]]:
    iris = " ".join(iri(a) for a in actor_iris)
    if not iris:
        return {}
    found: dict[str, set[str]] = {}
    for r in select_rows(
        store, f"SELECT ?actor ?alias WHERE {{ VALUES ?actor {{ {iris} }} ?actor skos:altLabel ?alias }}"
    ):
        found.setdefault(str(r["actor"]), set()).add(str(r["alias"]))
    return {a: tuple(sorted(names)) for a, names in found.items()}
