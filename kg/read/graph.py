"""Graph projections: the store's facts as networkx graphs of actors, claims and agreements.

`load_snapshot` reads the facts once (actors, articles, claims, agreements); the projections
turn a snapshot into networkx graphs whose every node has a `type` (person, organization,
country, group, unnamed, claim, outcome, article) and a `label`. A source an article describes
but does not name ("officials") is no actor: it is drawn with its claims and agreements
(type "unnamed"), but never found by name, ranked, or linked to actors (`actor_graph`):

- `actor_graph`: actors linked by the agreements they share (`co_party`, one edge per
  agreement) and by one speaking about another (`spoke_about`, one edge per claim whose
  text names the other actor by its label or an alias);
- `claim_graph`: actor -said-> claim -reported_in-> article;
- `agreement_graph`: party -agreed|proposed|intends|rejected-> outcome -reported_in-> article.

The snapshot's records are kg.read.graph_records' nodes; queries on these graphs are in
kg.read.graph_queries; the page that draws them in kg.view.page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

import networkx as nx

from kg.read.actors import InSnapshot, find_actor_ids
from kg.read.graph_records import ActorNode, AgreementNode, ArticleNode, ClaimNode
from kg.read.rows import id_of, select_texts, source_id
from kg.store import Store
from kg.vocab import ACTOR_KINDS, CLASS_KIND, STATUS_NAME, UNNAMED

G = TypeVar("G", bound=nx.Graph)

ACTOR_TYPES = ACTOR_KINDS
RELATIONS = ("said", "agreed", "proposed", "intends", "rejected")  # what a page can filter on


class GraphError(ValueError):
    """A user mistake in a graph request: an ambiguous actor, a bad date or relation."""


class NotFound(GraphError):
    """The request names an actor or article the store does not hold."""


@dataclass(frozen=True)
class Snapshot:
    """The facts of the store (or of a selection of it), read once, for the projections."""

    actors: Mapping[str, ActorNode]
    articles: Mapping[str, ArticleNode]
    claims: tuple[ClaimNode, ...]
    agreements: tuple[AgreementNode, ...]
    unnamed: Mapping[str, ActorNode] = field(default_factory=dict)  # sources described, not named

    def speaker(self, source: str) -> ActorNode | None:
        """Return the actor or the unnamed source of this id (a speaker, party or reporter)."""
        return self.actors.get(source) or self.unnamed.get(source)

    def find_actor(self, name: str) -> ActorNode:
        """Return the actor a name denotes (kg.read.actors.find_actor_ids: an id, a label, an
        alias, a name the gazetteer knows, a part of a name); GraphError if none or several."""
        found = find_actor_ids(InSnapshot(self.actors), name)
        if len(found) == 1:
            return self.actors[found[0]]
        if found:
            options = ", ".join(f"{a} ({self.actors[a].label})" for a in found[:10])
            raise GraphError(f"{name!r} names several actors: {options}; give an id")
        raise NotFound(f"no actor {name!r} in the store; see `kg graph rank` for actor ids")

    def where(
        self,
        *,
        articles: Iterable[str] = (),
        since: str | None = None,
        until: str | None = None,
        relations: Iterable[str] = (),
    ) -> Snapshot:
        """Return the snapshot restricted to some articles, a date range and some relations.

        Empty `articles` or `relations` mean all; with `since` or `until`, undated articles go.
        """
        wanted = set(relations)
        if unknown := wanted - set(RELATIONS):
            raise GraphError(f"unknown relation {sorted(unknown)[0]!r}; choose from {', '.join(RELATIONS)}")
        picked = set(articles)
        if unknown := picked - set(self.articles):
            raise NotFound(f"no article {sorted(unknown)[0]!r} in the store")
        first, last = _iso(since, "since"), _iso(until, "until")
        kept = {
            a.id: a
            for a in self.articles.values()
            if (not picked or a.id in picked)
            and (first is None or (a.date is not None and a.date >= first))
            and (last is None or (a.date is not None and a.date <= last))
        }
        claims = tuple(c for c in self.claims if c.article in kept and (not wanted or "said" in wanted))
        agreements = tuple(
            g for g in self.agreements if g.article in kept and (not wanted or g.status in wanted)
        )
        return replace(self, articles=kept, claims=claims, agreements=agreements)


def load_snapshot(store: Store) -> Snapshot:
    """Return every actor, article, claim and agreement of the store."""
    actors = _actors(store)
    articles = {
        r["id"]: ArticleNode(r["id"], r["title"], r.get("date"), r.get("publisher"), r.get("url"))
        for r in select_texts(store, _ARTICLES)
    }
    claims = tuple(
        sorted(
            (
                ClaimNode(
                    id=id_of(r["c"], "claim"),
                    text=r["text"],
                    cue=r["cue"],
                    direct=r["direct"] == "true",
                    speaker=source_id(r["speaker"]),
                    article=id_of(r["article"], "article"),
                    sentence=r.get("sentence"),
                    start=int(r.get("start", 0)),
                )
                for r in select_texts(store, _CLAIMS)
            ),
            key=lambda c: (c.article, c.start, c.id),
        )
    )
    unnamed = {
        source_id(r["s"]): ActorNode(source_id(r["s"]), r["label"], UNNAMED)
        for r in select_texts(store, _UNNAMED)
    }
    return Snapshot(actors, articles, claims, _agreements(store), unnamed)


def actor_graph(snapshot: Snapshot) -> nx.MultiDiGraph:
    """Return actors linked by shared agreements (`co_party`) and by speaking about another (`spoke_about`).

    Edge keys are the fact ids; each edge carries `relation`, `fact`, `article` and, for
    co_party, `status` (a co_party edge runs from the party listed first to the other).
    """
    g = nx.MultiDiGraph()
    for actor in snapshot.actors.values():
        g.add_node(actor.id, type=actor.type, label=actor.label)
    for agreement in snapshot.agreements:
        parties = [p for p in dict.fromkeys(agreement.parties) if p in snapshot.actors]
        for i, a in enumerate(parties):
            for b in parties[i + 1 :]:
                g.add_edge(
                    a,
                    b,
                    key=agreement.node,
                    relation="co_party",
                    status=agreement.status,
                    fact=agreement.node,
                    article=agreement.article,
                )
    for claim, about in spoken_about(snapshot):
        if claim.speaker not in snapshot.actors:  # an unnamed source links no actors
            continue
        g.add_edge(
            claim.speaker,
            about,
            key=claim.node,
            relation="spoke_about",
            fact=claim.node,
            article=claim.article,
        )
    return g


def claim_graph(snapshot: Snapshot) -> nx.DiGraph:
    """Return speakers, claims and the articles reporting them: actor -said-> claim -reported_in-> article."""
    g = nx.DiGraph()
    for claim in snapshot.claims:
        speaker = snapshot.speaker(claim.speaker)
        if speaker is None:  # an actor description always comes with its claims; be lenient anyway
            continue
        _add_actor(g, speaker)
        _add_article(g, snapshot.articles[claim.article])
        g.add_node(claim.node, type="claim", label=claim.text, id=claim.id, article=claim.article)
        g.add_edge(speaker.node, claim.node, relation="said", fact=claim.node)
        g.add_edge(claim.node, f"article/{claim.article}", relation="reported_in", fact=claim.node)
    return g


def agreement_graph(snapshot: Snapshot) -> nx.DiGraph:
    """Return the parties and outcomes of agreements: party -status-> outcome -reported_in-> article."""
    g = nx.DiGraph()
    for agreement in snapshot.agreements:
        outcome = agreement.outcome_node
        _add_article(g, snapshot.articles[agreement.article])
        g.add_node(
            outcome,
            type="outcome",
            label=agreement.outcome_label,
            id=agreement.outcome,
            article=agreement.article,
        )
        g.add_edge(
            outcome,
            f"article/{agreement.article}",
            relation="reported_in",
            fact=agreement.node,
            status=agreement.status,
        )
        for party in agreement.parties:
            if (node := snapshot.speaker(party)) is not None:
                _add_actor(g, node)
                g.add_edge(node.node, outcome, relation=agreement.status, fact=agreement.node)
    return g


def induced(graph: G, nodes: Iterable[str]) -> G:
    """Return the subgraph on `nodes` in `graph`'s own node and edge order. (networkx's subgraph
    view iterates its node set when that is the smaller side, and a set's order changes with the
    hash seed: the same page came out in another order in each process.)"""
    keep = set(nodes)
    sub = graph.copy()
    sub.remove_nodes_from([n for n in graph if n not in keep])
    return sub


def actor_articles(snapshot: Snapshot) -> dict[str, set[str]]:
    """Return, by actor id, the articles in which the actor speaks or is a party."""
    articles: dict[str, set[str]] = defaultdict(set)
    for c in snapshot.claims:
        articles[c.speaker].add(c.article)
    for g in snapshot.agreements:
        for p in g.parties:
            articles[p].add(g.article)
    return articles


def spoken_about(snapshot: Snapshot) -> list[tuple[ClaimNode, str]]:
    """Return (claim, actor id) for each other actor a claim's text names by label or alias."""
    names: dict[str, set[str]] = defaultdict(set)
    for actor in snapshot.actors.values():
        for name in actor.names:
            if len(name) > 1:
                names[name].add(actor.id)
    if not names:
        return []
    # One alternation, longest names first, whole words only and case-sensitive: "US" the
    # country is not "us" the pronoun.
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)"
    )
    found = []
    for claim in snapshot.claims:
        seen: set[str] = set()
        for match in pattern.finditer(claim.text):
            for actor in sorted(names[match.group()] - {claim.speaker} - seen):
                seen.add(actor)
                found.append((claim, actor))
    return found


# --- reading the store ------------------------------------------------------------------------

_ACTORS = """
SELECT ?a ?type (MIN(?l) AS ?label) (SAMPLE(?same) AS ?sameAs) WHERE {
  VALUES ?type { cg:Person cg:Organization cg:Country cg:Group }
  ?a a ?type ; rdfs:label ?l . OPTIONAL { ?a schema:sameAs ?same }
} GROUP BY ?a ?type
"""
_ALIASES = (
    "SELECT ?a ?alias WHERE { VALUES ?type { cg:Person cg:Organization cg:Country cg:Group } "
    "?a a ?type ; skos:altLabel ?alias }"
)
_ROLES = (
    "SELECT ?a ?role WHERE { VALUES ?type { cg:Person cg:Organization cg:Country cg:Group } "
    "?a a ?type ; cg:role ?role }"
)
_UNNAMED = "SELECT ?s (MIN(?l) AS ?label) WHERE { ?s cg:describedIn ?a ; rdfs:label ?l } GROUP BY ?s"
_ARTICLES = """
SELECT ?id (MIN(?t) AS ?title) (MIN(?d) AS ?date) (MIN(?p) AS ?publisher) (MIN(?u) AS ?url) WHERE {
  ?a a cg:Article ; dcterms:identifier ?id ; dcterms:title ?t .
  OPTIONAL { ?a schema:datePublished ?d } OPTIONAL { ?a schema:publisher ?p } OPTIONAL { ?a schema:url ?u }
} GROUP BY ?id
"""
_CLAIMS = """
SELECT ?c ?text ?cue ?direct ?speaker ?article ?sentence ?start WHERE {
  ?c a cg:Claim ; cg:text ?text ; cg:cue ?cue ; cg:directQuote ?direct ; cg:speaker ?speaker ;
     cg:reportedIn ?article .
  OPTIONAL { ?c cg:sentenceEvidence/oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?sentence }
  OPTIONAL { ?c cg:evidence/oa:hasSelector ?p . ?p a oa:TextPositionSelector ; oa:start ?start }
}
"""
_AGREEMENTS = """
SELECT ?g ?status ?o ?outcome ?tracked ?trackedLabel ?party ?article ?reporter ?sentence ?start WHERE {
  ?g a cg:Agreement ; cg:status ?status ; cg:outcome ?o ; cg:reportedIn ?article .
  ?o rdfs:label ?outcome .
  OPTIONAL { ?tracked cg:report ?o ; cg:articleCount ?n ; rdfs:label ?trackedLabel FILTER(?n > 1) }
  OPTIONAL { ?g cg:party ?party }
  OPTIONAL { ?g cg:attributedTo ?reporter }
  OPTIONAL { ?g cg:sentenceEvidence/oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?sentence }
  OPTIONAL { ?g cg:evidence/oa:hasSelector ?p . ?p a oa:TextPositionSelector ; oa:start ?start }
}
"""


def _actors(store: Store) -> dict[str, ActorNode]:
    aliases: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    for r in select_texts(store, _ALIASES):
        aliases[id_of(r["a"], "actor")].add(r["alias"])
    for r in select_texts(store, _ROLES):
        roles[id_of(r["a"], "actor")].add(r["role"])
    actors: dict[str, ActorNode] = {}
    for r in sorted(select_texts(store, _ACTORS), key=lambda r: (r["a"], r["type"])):
        slug = id_of(r["a"], "actor")
        if slug in actors:  # typed differently by two articles: the first type in a fixed order wins
            continue
        actors[slug] = ActorNode(
            id=slug,
            label=r["label"],
            type=CLASS_KIND[r["type"]],
            aliases=tuple(sorted(aliases[slug] - {r["label"]})),
            roles=tuple(sorted(roles[slug])),
            same_as=r.get("sameAs"),
        )
    return actors


def _agreements(store: Store) -> tuple[AgreementNode, ...]:
    parties: dict[str, list[str]] = defaultdict(list)
    first: dict[str, dict[str, str]] = {}
    for r in select_texts(store, _AGREEMENTS):
        first.setdefault(r["g"], r)
        if "party" in r and (party := source_id(r["party"])) not in parties[r["g"]]:
            parties[r["g"]].append(party)
    agreements = [
        AgreementNode(
            id=id_of(g, "agreement"),
            status=STATUS_NAME.get(r["status"], r["status"]),
            # An outcome several articles report is one node: its tracked group (kg.tracking.track).
            outcome=id_of(r["tracked"], "tracked") if "tracked" in r else id_of(r["o"], "outcome"),
            outcome_label=r.get("trackedLabel", r["outcome"]),
            parties=tuple(sorted(parties[g])),
            article=id_of(r["article"], "article"),
            attributed_to=source_id(r["reporter"]) if "reporter" in r else None,
            sentence=r.get("sentence"),
            start=int(r.get("start", 0)),
        )
        for g, r in first.items()
    ]
    return tuple(sorted(agreements, key=lambda g: (g.article, g.start, g.id)))


def _add_actor(g: nx.DiGraph, actor: ActorNode) -> None:
    g.add_node(actor.node, type=actor.type, label=actor.label, id=actor.id)


def _add_article(g: nx.DiGraph, article: ArticleNode) -> None:
    g.add_node(article.node, type="article", label=article.title, id=article.id, date=article.date)


def _iso(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise GraphError(f"{name}={value!r} is not a date; use YYYY-MM-DD") from None
