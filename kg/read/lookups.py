"""Named SPARQL queries: the questions users ask, over the union of all articles.

The lookups (`actors`, `claims`, `agreements`, `articles`, `who_agreed`, `who_said`, ...)
return the small frozen records of kg.read.records (any other SPARQL runs through kg.sparql).
The CLI, the web service and the notebook all call these, so they answer alike.
A name given for a speaker or a party may be any alias ("Ushakov", "USA", "Washington"):
kg.read.actors decides which actors it denotes. Rows, counts and the generic query pieces
(ids, words, dates, page bounds) are kg.read.rows'.

Past 400 lines on purpose: each lookup is a few lines over the query pieces they share
(`_claim_where`, `_agreement_where`, `_page`, evidence and article summaries), which stay
beside the questions they serve. Next split: reading claims and agreements (`_claims`,
`_agreements`, `_evidence_of`) into a module of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.read.actors import ACTOR_CLASSES, InStore, find_actor_ids
from kg.read.records import (
    ActorCount,
    ActorProfile,
    ActorRef,
    ActorSummary,
    ArticleDetail,
    ArticleRef,
    ArticleSummary,
    Evidence,
    Page,
    StoredAgreement,
    StoredClaim,
    WhoAgreed,
    WhoSaid,
)
from kg.read.rows import (
    actor_ref,
    count_rows,
    date_literal,
    fact_counts,
    id_of,
    local_name,
    select_rows,
    slice_clause,
    text_or_none,
    values_clause,
    words_filter,
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
    STATUS_NAME,
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
        claims=_claims(store, speakers=(node,), limit=limit),
        agreements=_agreements(store, parties=(node,), limit=limit),
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
    return _claims(
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
    return _agreements(
        store, parties=parties, status=status, q=q, article=article, limit=limit, offset=offset
    )


def who_agreed(store: Store, to: str, *, limit: int | None = 50, offset: int = 0) -> WhoAgreed:
    """Return who agreed (status agreed) to an outcome holding every word of `to`, and where."""
    page = _agreements(store, status="agreed", q=to, limit=limit, offset=offset)
    where = _agreement_where(status="agreed", q=to) + " ?agreement cg:party ?party ."
    return WhoAgreed(
        _actor_counts(store, "?agreement", "?party", where), page, _suggest_words(store, page, to, "outcome")
    )


def who_said(store: Store, about: str, *, limit: int | None = 50, offset: int = 0) -> WhoSaid:
    """Return who said something holding every word of `about`, and the claims themselves."""
    page = _claims(store, q=about, limit=limit, offset=offset)
    speakers = _actor_counts(store, "?claim", "?speaker", _claim_where(q=about))
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
        claims=_claims(store, article=article_id, limit=None).items,
        agreements=_agreements(store, article=article_id, limit=None).items,
    )


# --- helpers -------------------------------------------------------------------------------


def _suggest_actors(store: Store, name: str | None) -> tuple[str, ...]:
    from kg.read.search import suggest_actors  # kg.read.search builds on this module

    return suggest_actors(store, name) if name else ()


def _suggest_words(store: Store, page: Page, text: str, kind: str) -> tuple[str, ...]:
    from kg.read.search import suggest_words

    return () if page.total else suggest_words(store, text, kind)


def _claim_where(
    *,
    speakers: Sequence[str] | None = None,
    q: str | None = None,
    article: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> str:
    # Only the patterns a filter needs: each extra join costs Oxigraph a pass over every match.
    parts = []
    if speakers is not None:  # IRIs: of actors, or of unnamed sources (find_speakers)
        parts.append(f"VALUES ?speaker {{ {' '.join(iri(s) for s in speakers)} }}")
    parts.append("?claim cg:speaker ?speaker .")  # every claim has exactly one speaker
    parts += _article_filters("?claim", article, since, until)
    if q:
        parts.append("?claim cg:text ?text ." + words_filter("?text", q))
    return " ".join(parts)


def _claims(store: Store, *, limit: int | None = 50, offset: int = 0, **where: object) -> Page[StoredClaim]:
    order, total = _page(store, "?claim", _claim_where(**where), limit, offset)  # type: ignore[arg-type]
    if not order:
        return Page((), total, limit, offset)
    rows = select_rows(
        store,
        f"""SELECT * WHERE {{ {values_clause("?claim", order)}
  ?claim cg:text ?text ; cg:cue ?cue ; cg:directQuote ?direct ; cg:speaker ?speaker ; cg:reportedIn ?article .
  ?speaker rdfs:label ?speakerName . {_ARTICLE_FIELDS} OPTIONAL {{ ?claim cg:evidence ?ev }} }}""",
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


def _agreement_where(
    *,
    parties: Sequence[str] | None = None,
    status: str | None = None,
    q: str | None = None,
    article: str | None = None,
) -> str:
    parts = [] if parties or status or q else ["?agreement a cg:Agreement ."]
    if parties is not None:
        # A join, not FILTER EXISTS (3x slower in Oxigraph); _page drops the repeats.
        values = " ".join(iri(p) for p in parties)  # IRIs, as speakers in _claim_where
        parts.append(f"VALUES ?withParty {{ {values} }} ?agreement cg:party ?withParty .")
    if status is not None:
        parts.append(f"?agreement cg:status {iri(STATUS[status])} .")
    parts += _article_filters("?agreement", article, None, None)
    if q:
        parts.append("?agreement cg:outcome/rdfs:label ?outcomeText ." + words_filter("?outcomeText", q))
    return " ".join(parts)


def _agreements(
    store: Store, *, limit: int | None = 50, offset: int = 0, **where: object
) -> Page[StoredAgreement]:
    order, total = _page(store, "?agreement", _agreement_where(**where), limit, offset)  # type: ignore[arg-type]
    if not order:
        return Page((), total, limit, offset)
    values = values_clause("?agreement", order)
    rows = select_rows(
        store,
        f"""SELECT * WHERE {{ {values}
  ?agreement cg:status ?status ; cg:outcome ?outcome ; cg:reportedIn ?article .
  ?outcome rdfs:label ?outcomeText . {_ARTICLE_FIELDS} OPTIONAL {{ ?agreement cg:evidence ?ev }} }}""",
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


_ARTICLE_FIELDS = """?article dcterms:identifier ?articleId ; dcterms:title ?title .
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


def _article_summaries(store: Store, values: str, limit: int | None, offset: int) -> list[ArticleSummary]:
    rows = select_rows(
        store,
        f"""SELECT ?article ?articleId ?title ?date ?publisher ?url ?source
       (COALESCE(?c, 0) AS ?claims) (COALESCE(?g, 0) AS ?agreements) WHERE {{
  {values} ?article a cg:Article . {_ARTICLE_FIELDS}
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


def _article_ref(r: dict) -> ArticleRef:
    return ArticleRef(
        str(r["articleId"]),
        str(r.get("title") or ""),
        text_or_none(r.get("date")),
        text_or_none(r.get("publisher")),
    )
