"""A tracked group and its named graph (tracking/ID): the group's reports, the links that join
them with their scores and shared terms, counts of articles and named publishers, first and last
report dates, and the contradictions inside it (agreed vs rejected; a claim and its negation;
see `opposite`). kg.tracking.track and kg.tracking.append decide the groups; this module writes them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.tracking import reports as latest
from kg.tracking.reports import Report
from kg.tracking.similarity import Comparer, Similarity
from kg.vocab import CG, ID

GROUP_GRAPH = f"{ID}tracking/"  # one named graph per tracked group


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    similarity: Similarity


@dataclass(frozen=True)
class Group:
    id: str
    kind: str
    reports: tuple[Report, ...]
    links: tuple[Link, ...]


def group_graph(group: Group, comparer: Comparer) -> Graph:
    """Return the triples of one tracked group's named graph."""
    g = Graph()
    node = URIRef(f"{ID}tracked/{group.id}")
    g.add((node, RDF.type, CG.TrackedClaim if group.kind == "claim" else CG.TrackedOutcome))
    first = min(group.reports, key=lambda r: (r.date or "9999", r.iri))
    g.add((node, RDFS.label, Literal(first.text)))
    for report in group.reports:
        g.add((node, CG.report, URIRef(report.iri)))
    articles = {r.article for r in group.reports}
    for article in articles:
        g.add((node, CG.fromArticle, URIRef(article)))
    # Only named publishers count: articles of unknown publishers may all come from one.
    publishers = {r.publisher for r in group.reports if r.publisher}
    g.add((node, CG.articleCount, Literal(len(articles))))
    g.add((node, CG.publisherCount, Literal(len(publishers))))
    dates = sorted(r.date for r in group.reports if r.date)
    if dates:
        g.add((node, CG.firstReported, Literal(dates[0], datatype=XSD.date)))
        g.add((node, CG.lastReported, Literal(dates[-1], datatype=XSD.date)))
    for link in group.links:
        add_link(g, node, link, comparer.method_of(link.similarity))
    for a, b in contradictions(group, comparer):
        g.add((URIRef(a.event), CG.contradicts, URIRef(b.event)))
        g.add((URIRef(b.event), CG.contradicts, URIRef(a.event)))
    return g


def add_link(g: Graph, node: URIRef, link: Link, method: str) -> None:
    """Add a link, with its scores and shared terms, to a group's graph."""
    link_node = URIRef(f"{ID}link/{digest(link.a + ' ' + link.b)}")
    g.add((node, CG.link, link_node))
    g.add((link_node, RDF.type, CG.SimilarityLink))
    g.add((link_node, CG.between, URIRef(link.a)))
    g.add((link_node, CG.between, URIRef(link.b)))
    g.add((link_node, CG.similarity, Literal(link.similarity.score, datatype=XSD.decimal)))
    g.add((link_node, CG.lexicalSimilarity, Literal(link.similarity.lexical, datatype=XSD.decimal)))
    if link.similarity.semantic is not None:
        g.add((link_node, CG.semanticSimilarity, Literal(link.similarity.semantic, datatype=XSD.decimal)))
    if link.similarity.probability is not None:
        g.add((link_node, CG.sameProbability, Literal(link.similarity.probability, datatype=XSD.decimal)))
    g.add((link_node, CG.sharedTerms, Literal(" ".join(link.similarity.shared))))
    g.add((link_node, CG.method, Literal(method)))


def opposite(a: Report, b: Report, comparer: Comparer) -> bool:
    """Whether two reports of one group say opposite things.

    The polarity of two texts is the one that linking uses (`Similarity.opposed`: a shared word
    negated in one only, or a pair of opposite verbs). An outcome agreed by one report and
    rejected by another flips it again: rejecting "impose sanctions" agrees with "lift them".
    """
    if a.article == b.article and a.event == b.event:
        return False
    texts_opposed = a.text != b.text and comparer.compare(a.text, b.text, learned=a.kind == "claim").opposed
    if a.kind == "outcome":
        rejected = {str(CG.Rejected)}
        return texts_opposed != (({a.status} & rejected) != ({b.status} & rejected))
    return texts_opposed


def contradictions(group: Group, comparer: Comparer | None = None) -> list[tuple[Report, Report]]:
    """Return pairs of reports in a group that say opposite things: each report with the first
    one published before it that says the opposite, among the MAX_CANDIDATES published just
    before it (those a new report is compared with). At most N - 1 pairs for N reports (every
    opposite pair would be up to N², stored twice each). See `opposite`."""
    if len(group.reports) < 2:  # most groups: one report, nothing to analyse or embed
        return []
    out = []
    reports = sorted(group.reports, key=lambda r: (r.date or "9999", r.iri))
    comparer = comparer or Comparer()
    comparer.prepare([r.text for r in reports])  # each text is read once, not once per pair

    window = latest.MAX_CANDIDATES  # all before it: a group of 4,000 reports cost 8 million comparisons
    for j, b in enumerate(reports):
        first = next((a for a in reports[max(0, j - window) : j] if opposite(a, b, comparer)), None)
        if first is not None:
            out.append((first, b))
    return out


def digest(text: str) -> str:
    """Return the id (16 hex digits) made from a text: of a group, from its first report; of a link."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
