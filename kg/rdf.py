"""RDF: one article's extraction as the triples of its named graph (ontology/claims.ttl).

Everything an article contributes lives in its own graph, including the description of the
actors it mentions (label, type, aliases seen, roles), so deleting the article removes
exactly that; actor IRIs are shared, so the union graph has one node per actor. A source the
article describes but does not name ("officials") is a cg:UnnamedSource described in that
article only, never an actor (kg.vocab.UNNAMED).

The triples are made as Oxigraph terms, the store's own: an ingest writes them as they are.
Built as an rdflib graph first, then converted, they had cost the ingesting process a quarter
of its time (7 of 28 CPU seconds on 200 PolNeAR articles). `article_graph` gives the same
triples as an rdflib graph, for code that wants one.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.article import Article
from kg.extract.model import Extraction, Span
from kg.resolve import Actor, Resolution
from kg.vocab import (
    CG,
    ID,
    KIND_CLASS,
    OA,
    PREFIXES,
    SCHEMA,
    STATUS,
    UNNAMED,
    actor_iri,
    article_iri,
    graph_iri,
)

Triples = set[ox.Triple]


@lru_cache(maxsize=4096)  # the vocabulary and the actors of recent articles
def _iri(term: str) -> ox.NamedNode:
    return ox.NamedNode(term)


def _text(value: str) -> ox.Literal:
    try:
        return ox.Literal(value)
    except ValueError:  # Oxigraph's message blames the type: a lone surrogate (\ud800 in JSON)
        raise ValueError(f"text that is not valid Unicode: {value[:60]!r}") from None


def _typed(value: object, datatype: URIRef) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(str(datatype)))


_TRUE, _FALSE = _typed("true", XSD.boolean), _typed("false", XSD.boolean)


class _Triples:
    """The triples of one graph as they are added, terms given as rdflib IRIs or Oxigraph terms."""

    def __init__(self) -> None:
        self.triples: Triples = set()

    def add(self, s: URIRef | ox.NamedNode, p: URIRef, o: URIRef | ox.NamedNode | ox.Literal) -> None:
        subject = s if isinstance(s, ox.NamedNode) else _iri(str(s))
        value = o if isinstance(o, ox.NamedNode | ox.Literal) else _iri(str(o))
        self.triples.add(ox.Triple(subject, _iri(str(p)), value))


def article_triples(article: Article, extraction: Extraction, resolution: Resolution) -> Triples:
    """Return the triples of one article's named graph."""
    g = _Triples()
    art = _iri(str(article_iri(article.id)))
    g.add(art, RDF.type, CG.Article)
    g.add(art, DCTERMS.identifier, _text(article.id))
    g.add(art, DCTERMS.title, _text(article.title))
    g.add(art, CG.sourceFile, _text(article.source))
    # The text as read: the evidence offsets point into it, and the reader page shows it.
    g.add(art, SCHEMA.articleBody, _text(article.original))
    if article.date:
        g.add(art, SCHEMA.datePublished, _typed(article.date, XSD.date))
    if article.publisher:
        g.add(art, SCHEMA.publisher, _text(article.publisher))
    if article.url:
        g.add(art, SCHEMA.url, _text(article.url))
    for actor in resolution.actors.values():
        _actor(g, actor)
        if actor.kind == UNNAMED:
            g.add(actor.iri, CG.describedIn, art)
        else:
            g.add(art, CG.mentions, actor.iri)
    for n, (claim, speaker) in enumerate(zip(extraction.claims, resolution.speakers, strict=True)):
        node = _iri(f"{ID}claim/{article.id}-{n}")
        g.add(node, RDF.type, CG.Claim)
        g.add(node, CG.text, _text(claim.content.text))
        g.add(node, CG.cue, _text(claim.cue.text.lower()))
        g.add(node, CG.directQuote, _TRUE if claim.direct else _FALSE)
        g.add(node, CG.speaker, speaker.iri)
        g.add(speaker.iri, CG.said, node)
        g.add(node, CG.reportedIn, art)
        g.add(node, CG.evidence, _evidence(g, article, art, claim.content))
        g.add(node, CG.speakerEvidence, _evidence(g, article, art, claim.speaker.span))
        g.add(node, CG.cueEvidence, _evidence(g, article, art, claim.cue))
        g.add(node, CG.sentenceEvidence, _evidence(g, article, art, claim.sentence))
    for n, agreement in enumerate(extraction.agreements):
        parties, reporter = resolution.parties[n], resolution.attributed[n]
        node = _iri(f"{ID}agreement/{article.id}-{n}")
        outcome = _iri(f"{ID}outcome/{article.id}-{n}")
        g.add(node, RDF.type, CG.Agreement)
        g.add(node, CG.status, STATUS[agreement.status])
        g.add(node, CG.outcome, outcome)
        g.add(outcome, RDF.type, CG.Outcome)
        g.add(outcome, RDFS.label, _text(agreement.outcome.text))
        for party in parties:
            g.add(node, CG.party, party.iri)
            if agreement.status == "agreed":
                g.add(party.iri, CG.agreedTo, outcome)
        for phrase in resolution.unresolved[n] if resolution.unresolved else ():
            g.add(node, CG.unresolvedParty, _text(phrase))
        if reporter is not None:
            g.add(node, CG.attributedTo, reporter.iri)
        g.add(node, CG.reportedIn, art)
        g.add(node, CG.evidence, _evidence(g, article, art, agreement.outcome))
        for mention in agreement.parties:
            g.add(node, CG.partyEvidence, _evidence(g, article, art, mention.span))
        g.add(node, CG.sentenceEvidence, _evidence(g, article, art, agreement.sentence))
    return g.triples


def article_graph(article: Article, extraction: Extraction, resolution: Resolution) -> Graph:
    """Return the triples of one article's named graph as an rdflib graph."""
    data = ox.serialize(article_triples(article, extraction, resolution), format=ox.RdfFormat.N_TRIPLES)
    g = Graph(identifier=graph_iri(article.id))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g.parse(data=data, format="nt")


def _actor(g: _Triples, actor: Actor) -> None:
    g.add(actor.iri, RDF.type, CG.UnnamedSource if actor.kind == UNNAMED else KIND_CLASS[actor.kind])
    g.add(actor.iri, RDFS.label, _text(actor.name))
    for alias in actor.aliases:
        g.add(actor.iri, SKOS.altLabel, _text(alias))
    for role in actor.roles:
        g.add(actor.iri, CG.role, _text(role))
    for other in actor.represents:
        g.add(actor.iri, CG.represents, actor_iri(other))
    if actor.same_as:
        g.add(actor.iri, SCHEMA.sameAs, URIRef(actor.same_as))


def _evidence(g: _Triples, article: Article, art: ox.NamedNode, span: Span) -> ox.NamedNode:
    """Return the oa:SpecificResource of a span, with position and quote selectors."""
    name = f"{ID}evidence/{article.id}/{span.start}-{span.end}"
    node = ox.NamedNode(name)
    position, quote = ox.NamedNode(f"{name}/position"), ox.NamedNode(f"{name}/quote")
    g.add(node, RDF.type, OA.SpecificResource)
    g.add(node, OA.hasSource, art)
    g.add(node, OA.hasSelector, position)
    g.add(node, OA.hasSelector, quote)
    g.add(position, RDF.type, OA.TextPositionSelector)
    g.add(position, OA.start, _typed(span.start, XSD.nonNegativeInteger))
    g.add(position, OA.end, _typed(span.end, XSD.nonNegativeInteger))
    g.add(quote, RDF.type, OA.TextQuoteSelector)
    g.add(quote, OA.exact, _text(article.original[span.start : span.end]))
    return node
