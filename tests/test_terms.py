"""Values enter SPARQL through kg.sparql.terms alone: any text a user types is one literal."""

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from kg.sparql.terms import iri, literal

AWKWARD = ['a"b', "back\\slash", "line\nbreak", "nul\x00", "astral 𐀀 \U0001f600", "'; DROP", "}} ASK {{"]


@pytest.mark.parametrize("text", AWKWARD)
def test_a_literal_reads_back_as_the_same_text(text):
    store = ox.Store()
    (row,) = store.query(f"SELECT ?v WHERE {{ BIND({literal(text)} AS ?v) }}")
    assert row["v"].value == text


def test_an_iri_that_is_not_one_is_refused():
    assert iri("https://w3id.org/claimgraph/id/actor/x") == "<https://w3id.org/claimgraph/id/actor/x>"
    with pytest.raises(ValueError):
        iri("https://example.org/a> } DROP ALL {")


@pytest.mark.parametrize("text", AWKWARD)
def test_lookups_and_tracked_groups_take_any_text(seeded_store, text):
    with TestClient(create_app(seeded_store, settings=Settings())) as client:
        for path in ("/claims", "/agreements", "/tracked"):
            response = client.get(path, params={"q": text})
            assert response.status_code == 200, (path, response.text)
            assert response.json()["total"] == 0
