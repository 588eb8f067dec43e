"""RDF: one article's extraction as the triples of its named graph (ontology/claims.ttl).

Everything an article contributes lives in its own graph, including the description of the
actors it mentions (label, type, aliases seen, roles), so deleting the article removes
exactly that; actor IRIs are shared, so the union graph has one node per actor. A source the
article describes but does not name ("officials") is a cg:UnnamedSource described in that
article only, never an actor (kg.vocab.UNNAMED).
"""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
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


def article_graph(article: Article, extraction: Extraction, resolution: Resolution) -> Graph:
    """Return the triples of one article's named graph."""
    g = Graph(identifier=graph_iri(article.id))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    art = article_iri(article.id)
    g.add((art, RDF.type, CG.Article))
    g.add((art, DCTERMS.identifier, Literal(article.id)))
    g.add((art, DCTERMS.title, Literal(article.title)))
    g.add((art, CG.sourceFile, Literal(article.source)))
    # The text as read: the evidence offsets point into it, and the reader page shows it.
    g.add((art, SCHEMA.articleBody, Literal(article.original)))
    if article.date:
        g.add((art, SCHEMA.datePublished, Literal(article.date, datatype=XSD.date)))
    if article.publisher:
        g.add((art, SCHEMA.publisher, Literal(article.publisher)))
    if article.url:
        g.add((art, SCHEMA.url, Literal(article.url)))
    for actor in resolution.actors.values():
        _actor(g, actor)
        if actor.kind == UNNAMED:
            g.add((actor.iri, CG.describedIn, art))
        else:
            g.add((art, CG.mentions, actor.iri))
    for n, (claim, speaker) in enumerate(zip(extraction.claims, resolution.speakers, strict=True)):
        node = URIRef(f"{ID}claim/{article.id}-{n}")
        g.add((node, RDF.type, CG.Claim))
        g.add((node, CG.text, Literal(claim.content.text)))
        g.add((node, CG.cue, Literal(claim.cue.text.lower())))
        g.add((node, CG.directQuote, Literal(claim.direct)))
        g.add((node, CG.speaker, speaker.iri))
        g.add((speaker.iri, CG.said, node))
        g.add((node, CG.reportedIn, art))
        g.add((node, CG.evidence, _evidence(g, article, claim.content)))
        g.add((node, CG.speakerEvidence, _evidence(g, article, claim.speaker.span)))
        g.add((node, CG.cueEvidence, _evidence(g, article, claim.cue)))
        g.add((node, CG.sentenceEvidence, _evidence(g, article, claim.sentence)))
    for n, agreement in enumerate(extraction.agreements):
        parties, reporter = resolution.parties[n], resolution.attributed[n]
        node = URIRef(f"{ID}agreement/{article.id}-{n}")
        outcome = URIRef(f"{ID}outcome/{article.id}-{n}")
        g.add((node, RDF.type, CG.Agreement))
        g.add((node, CG.status, STATUS[agreement.status]))
        g.add((node, CG.outcome, outcome))
        g.add((outcome, RDF.type, CG.Outcome))
        g.add((outcome, RDFS.label, Literal(agreement.outcome.text)))
        for party in parties:
            g.add((node, CG.party, party.iri))
            if agreement.status == "agreed":
                g.add((party.iri, CG.agreedTo, outcome))
        for phrase in resolution.unresolved[n] if resolution.unresolved else ():
            g.add((node, CG.unresolvedParty, Literal(phrase)))
        if reporter is not None:
            g.add((node, CG.attributedTo, reporter.iri))
        g.add((node, CG.reportedIn, art))
        g.add((node, CG.evidence, _evidence(g, article, agreement.outcome)))
        for mention in agreement.parties:
            g.add((node, CG.partyEvidence, _evidence(g, article, mention.span)))
        g.add((node, CG.sentenceEvidence, _evidence(g, article, agreement.sentence)))
    return g


def _actor(g: Graph, actor: Actor) -> None:
    g.add((actor.iri, RDF.type, CG.UnnamedSource if actor.kind == UNNAMED else KIND_CLASS[actor.kind]))
    g.add((actor.iri, RDFS.label, Literal(actor.name)))
    for alias in actor.aliases:
        g.add((actor.iri, SKOS.altLabel, Literal(alias)))
    for role in actor.roles:
        g.add((actor.iri, CG.role, Literal(role)))
    for other in actor.represents:
        g.add((actor.iri, CG.represents, actor_iri(other)))
    if actor.same_as:
        g.add((actor.iri, SCHEMA.sameAs, URIRef(actor.same_as)))


def _evidence(g: Graph, article: Article, span: Span) -> URIRef:
    """Return the oa:SpecificResource of a span, with position and quote selectors."""
    node = URIRef(f"{ID}evidence/{article.id}/{span.start}-{span.end}")
    position, quote = URIRef(f"{node}/position"), URIRef(f"{node}/quote")
    g.add((node, RDF.type, OA.SpecificResource))
    g.add((node, OA.hasSource, article_iri(article.id)))
    g.add((node, OA.hasSelector, position))
    g.add((node, OA.hasSelector, quote))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(article.original[span.start : span.end])))
    return node
