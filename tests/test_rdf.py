"""The RDF mapping: ontology terms, shapes, one named graph per article, shared actors."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.sparql import run_query
from kg.vocab import graph_iri
from tests.conftest import ROOT

CG = "https://w3id.org/claimgraph#"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "claims.ttl")


def test_every_own_term_has_a_label_and_a_comment(ontology):
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(CG)}
    assert len(terms) > 30
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_the_graph_uses_only_terms_the_ontology_defines(ontology, seeded_store):
    defined = {str(s) for s in ontology.subjects(RDF.type, None)}
    used = {str(p) for p in seeded_store.dataset.predicates() if str(p).startswith(CG)}
    used |= {str(o) for o in seeded_store.dataset.objects(None, RDF.type) if str(o).startswith(CG)}
    assert used and used <= defined
    assert (URIRef(CG + "Claim"), RDF.type, OWL.Class) in ontology


def test_store_validates_against_the_shapes(seeded_store, ontology):
    from pyshacl import validate

    data = Graph()
    buffer = io.BytesIO()
    seeded_store.export("turtle", buffer)
    data.parse(data=buffer.getvalue(), format="turtle")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert conforms, report


def test_shapes_reject_a_claim_without_evidence(seeded_store, ontology):
    from pyshacl import validate

    data = Graph()
    buffer = io.BytesIO()
    seeded_store.export("turtle", buffer)
    data.parse(data=buffer.getvalue(), format="turtle")
    claim = next(data.subjects(RDF.type, URIRef(CG + "Claim")))
    data.remove((claim, URIRef(CG + "evidence"), None))
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, _ = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert not conforms


def test_each_article_has_its_own_named_graph_and_actors_are_shared(seeded_store):
    ids = seeded_store.article_ids()
    assert len(ids) == 2
    rows = run_query(
        seeded_store,
        """
        SELECT ?g WHERE { GRAPH ?g { ?a a cg:Article } }""",
    )
    assert {str(r.g) for r in rows} == {str(graph_iri(i)) for i in ids}
    shared = run_query(
        seeded_store,
        """
        SELECT DISTINCT ?actor WHERE { GRAPH ?g1 { ?x cg:party ?actor } GRAPH ?g2 { ?y cg:party ?actor }
                                      FILTER(?g1 != ?g2) }""",
    )
    labels = {str(next(iter(seeded_store.dataset.objects(r.actor, RDFS.label)))) for r in shared}
    assert {"Russia", "United States"} <= labels


def test_who_agreed_to_what_answers_with_the_seed_agreements(seeded_store):
    rows = run_query(
        seeded_store,
        """
        SELECT ?p ?o WHERE { ?party cg:agreedTo ?out . ?party rdfs:label ?p . ?out rdfs:label ?o }""",
    )
    pairs = {(str(r.p), str(r.o)) for r in rows}
    assert len(rows) == len(pairs)  # no duplicate rows from actors described in two graphs
    outcomes = {o for p, o in pairs if p == "Russia"}
    assert any("embassy staffing" in o for o in outcomes)
    assert any("high-level teams" in o for o in outcomes)
    assert {o for p, o in pairs if p == "United States"} == outcomes


def test_evidence_points_at_the_exact_characters(seeded_store, seed_files):
    originals = {f.name: f.read_text(encoding="utf-8") for f in seed_files}
    rows = run_query(
        seeded_store,
        """
        SELECT ?file ?text ?start ?end WHERE {
          ?c a cg:Claim ; cg:text ?text ; cg:reportedIn ?a ; cg:evidence ?e .
          ?a cg:sourceFile ?file . ?e oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end }""",
    )
    assert len(rows) >= 20
    for r in rows:
        original = originals[str(r.file).rsplit("/", 1)[-1]]
        assert " ".join(original[int(r.start) : int(r.end)].split()) == str(r.text)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_every_export_parses_with_another_rdf_tool(seeded_store, fmt):
    buffer = io.BytesIO()
    seeded_store.export(fmt, buffer)
    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }
    quads = list(ox.parse(buffer.getvalue(), format=formats[fmt]))
    assert len(quads) > 500
    if fmt in ("trig", "nquads"):  # one graph per article, one per tracked group
        names = {q.graph_name.value for q in quads}
        assert {str(graph_iri(i)) for i in seeded_store.article_ids()} <= names
        assert any("/tracking/" in n for n in names)
