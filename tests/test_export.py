"""Data out: sorted Turtle and N-Triples, compact JSON-LD, the actor network as GraphML and GEXF."""

from __future__ import annotations

import io
import json
import shutil

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from api.app import create_app
from api.settings import Settings
from kg.cli import app as cli
from kg.read.export import CONTEXT, NAMESPACES, export
from kg.store import Store


@pytest.fixture(scope="module")
def store(seeded_location):
    with Store(str(seeded_location)) as db:
        yield db


def written(store: Store, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def union(store) -> Graph:
    return Graph().parse(data=written(store, "ntriples"), format="nt")


def test_turtle_declares_every_namespace_and_is_the_same_file_every_time(store, union):
    text = written(store, "turtle")
    assert text == written(store, "turtle")
    head = [line for line in text.decode().splitlines() if line.startswith("@prefix")]
    assert head == sorted(head) and {line.split()[1][:-1] for line in head} == set(NAMESPACES)
    assert text.decode().count("<https://w3id.org/claimgraph/id/actor/") == 1  # its @prefix line only
    assert isomorphic(Graph().parse(data=text, format="turtle"), union)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "trig"])
def test_an_export_with_the_ontology_is_the_same_file_every_time(store, fmt):
    # The ontology has blank nodes (OWL restrictions, lists), which a parse labels at random.
    first = written(store, fmt, with_ontology=True)
    assert b"owl:Class" in first or b"2002/07/owl#Class" in first
    assert first == written(store, fmt, with_ontology=True)


def test_ntriples_are_sorted_and_hold_the_whole_union(store, union):
    lines = written(store, "ntriples").decode().splitlines()
    assert lines == [line for line in lines if line]  # one triple a line
    subjects = [line.split(" ", 1)[0] for line in lines]
    assert subjects == sorted(subjects)
    assert len(lines) == len(union) == store.stats().triples


def test_jsonld_is_compact_with_its_context_and_means_the_same_triples(store, union):
    doc = json.loads(written(store, "jsonld"))
    assert doc["@context"] == CONTEXT
    claim = next(n for n in doc["@graph"] if n.get("@type") == "cg:Claim")
    assert claim["@id"].startswith("claim:") and isinstance(claim["cg:text"], str)
    assert isinstance(claim["cg:directQuote"], bool) and claim["cg:speaker"]["@id"].startswith("actor:")
    assert isomorphic(Graph().parse(data=json.dumps(doc), format="json-ld"), union)


def test_the_actor_network_loads_back_in_networkx_as_graphml_and_gexf(store):
    graphml = nx.read_graphml(io.BytesIO(written(store, "graphml")))
    gexf = nx.read_gexf(io.BytesIO(written(store, "gexf")))
    for network in (graphml, gexf):
        assert set(network.nodes) == set(store.actor_labels())
        assert network.nodes["yuri-ushakov"]["label"] == "Yuri Ushakov"
        assert network.nodes["yuri-ushakov"]["claims"] > 0
        weights = [d["weight"] for _, _, d in network.edges(data=True)]
        assert weights and min(weights) >= 1
        assert all(d["co_party"] + d["spoke_about"] == d["weight"] for _, _, d in network.edges(data=True))


def test_the_service_exports_every_format_and_publishes_the_context(store):
    client = TestClient(create_app(store, settings=Settings()))
    network = client.get("/export", params={"format": "gexf"})
    assert network.headers["content-type"].startswith("application/gexf+xml")
    assert nx.read_gexf(io.BytesIO(network.content)).number_of_nodes() > 5
    assert client.get("/export", params={"format": "ntriples"}).text.count("\n") == store.stats().triples
    assert client.get("/context.jsonld").json() == {"@context": CONTEXT}
    bundled = client.get("/export", params={"format": "turtle", "with_ontology": "true"}).text
    assert "cg:Claim a owl:Class" in bundled
    assert client.get("/export", params={"format": "graphml", "with_ontology": "true"}).status_code == 400


def test_kg_export_takes_the_format_from_the_file_name_and_refuses_a_mismatch(seeded_location, tmp_path):
    run = CliRunner()
    shutil.copytree(seeded_location, tmp_path / "store")  # the module's store holds the original's lock
    base = ["export", "--store", str(tmp_path / "store")]
    done = run.invoke(cli, [*base, "-o", str(tmp_path / "g.jsonld")])
    assert done.exit_code == 0, done.output
    assert json.loads((tmp_path / "g.jsonld").read_text())["@context"] == CONTEXT
    assert run.invoke(cli, [*base, "-o", str(tmp_path / "a.graphml")]).exit_code == 0
    assert nx.read_graphml(tmp_path / "a.graphml").number_of_nodes() > 5
    mismatch = run.invoke(cli, [*base, "-o", str(tmp_path / "x.jsonld"), "-f", "turtle"])
    assert mismatch.exit_code == 2 and "names jsonld, but --format is turtle" in mismatch.output
    assert not (tmp_path / "x.jsonld").exists()
    unknown = run.invoke(cli, [*base, "-o", str(tmp_path / "x.txt")])
    assert unknown.exit_code == 2 and "cannot tell the format" in unknown.output
    bundled = run.invoke(cli, [*base, "-o", str(tmp_path / "o.ttl"), "--with-ontology"])
    assert bundled.exit_code == 0 and "cg:Claim a owl:Class" in (tmp_path / "o.ttl").read_text()
