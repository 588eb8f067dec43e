"""The vocabulary: namespaces, actor kinds, agreement statuses and the id scheme, in one place.

`CG` is closed: a term that ontology/claims.ttl does not define raises AttributeError instead
of silently minting a misspelled IRI (tests/test_vocab.py checks the two lists are equal).
Every module that writes or reads the graph takes its terms and maps from here.
"""

from __future__ import annotations

import re

from rdflib import RDFS, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS, DefinedNamespace


class CG(DefinedNamespace):
    """The Claimgraph ontology (ontology/claims.ttl)."""

    _fail = True
    _NS = Namespace("https://w3id.org/claimgraph#")

    # classes
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Group: URIRef
    UnnamedSource: URIRef
    Article: URIRef
    Claim: URIRef
    Agreement: URIRef
    AgreementStatus: URIRef
    Agreed: URIRef
    Proposed: URIRef
    Intended: URIRef
    Rejected: URIRef
    Outcome: URIRef
    TrackedClaim: URIRef
    TrackedOutcome: URIRef
    SimilarityLink: URIRef
    # properties
    agreedTo: URIRef
    articleCount: URIRef
    attributedTo: URIRef
    between: URIRef
    capital: URIRef
    contradicts: URIRef
    cue: URIRef
    cueEvidence: URIRef
    demonym: URIRef
    describedIn: URIRef
    directQuote: URIRef
    evidence: URIRef
    firstReported: URIRef
    fromArticle: URIRef
    lastReported: URIRef
    lexicalSimilarity: URIRef
    link: URIRef
    mentions: URIRef
    method: URIRef
    outcome: URIRef
    party: URIRef
    partyEvidence: URIRef
    publisherCount: URIRef
    report: URIRef
    reportedIn: URIRef
    represents: URIRef
    role: URIRef
    said: URIRef
    sameProbability: URIRef
    semanticSimilarity: URIRef
    sentenceEvidence: URIRef
    sharedTerms: URIRef
    similarity: URIRef
    sourceFile: URIRef
    speaker: URIRef
    speakerEvidence: URIRef
    status: URIRef
    text: URIRef
    unresolvedParty: URIRef


SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "cg": CG,
    "schema": SCHEMA,
    "oa": OA,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "rdfs": RDFS,
    "xsd": XSD,
}

# Actor kinds (the names records and pages use) and their classes.
KIND_CLASS: dict[str, URIRef] = {
    "person": CG.Person,
    "organization": CG.Organization,
    "country": CG.Country,
    "group": CG.Group,
}
CLASS_KIND: dict[str, str] = {str(iri): kind for kind, iri in KIND_CLASS.items()}
ACTOR_KINDS = tuple(KIND_CLASS)
# A source an article describes but does not name ("officials", "a report"): not an actor kind,
# a node of its own class under UNNAMED_BASE, scoped to its article (ontology: cg:UnnamedSource).
UNNAMED = "unnamed"

# Agreement statuses as extraction names them ("intends" is the verb form of cg:Intended).
STATUS: dict[str, URIRef] = {
    "agreed": CG.Agreed,
    "proposed": CG.Proposed,
    "intends": CG.Intended,
    "rejected": CG.Rejected,
}
STATUS_NAME: dict[str, str] = {str(iri): name for name, iri in STATUS.items()}

# The id scheme: every resource the product mints lives under ID.
ID = "https://w3id.org/claimgraph/id/"
ACTOR_BASE = f"{ID}actor/"
ARTICLE_BASE = f"{ID}article/"
GRAPH_BASE = f"{ID}graph/"
UNNAMED_BASE = f"{ID}unnamed/"
ARTICLE_ID = re.compile(r"[0-9a-f]{16}")  # the first 16 hex digits of the content hash
ACTOR_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def article_iri(article_id: str) -> URIRef:
    return URIRef(f"{ARTICLE_BASE}{article_id}")


def graph_iri(article_id: str) -> URIRef:
    """Return the name of the graph that holds everything the article contributed."""
    return URIRef(f"{GRAPH_BASE}{article_id}")


def actor_iri(actor_id: str) -> URIRef:
    return URIRef(f"{ACTOR_BASE}{actor_id}")


def unnamed_iri(source_id: str) -> URIRef:
    """Return the IRI of an unnamed source; its id starts with its article's id."""
    return URIRef(f"{UNNAMED_BASE}{source_id}")
