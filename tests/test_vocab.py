"""The closed vocabulary matches the ontology, term for term."""

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.vocab import CG, CLASS_KIND, KIND_CLASS, STATUS, STATUS_NAME

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "claims.ttl"


def test_cg_defines_exactly_the_ontology_terms():
    graph = Graph().parse(ONTOLOGY)
    ns = str(CG)
    defined = {str(s)[len(ns) :] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}
    declared = set(CG.__annotations__)
    assert declared == defined


def test_a_misspelled_term_is_an_error_not_a_new_iri():
    with pytest.raises(AttributeError):
        _ = CG.agreedTO


def test_kind_and_status_maps_round_trip():
    assert {CLASS_KIND[str(iri)] for iri in KIND_CLASS.values()} == set(KIND_CLASS)
    assert {STATUS_NAME[str(iri)] for iri in STATUS.values()} == set(STATUS)
