"""The store: persistence across processes, idempotent ingest, exact delete, atomic replace."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.article import from_text
from kg.ingest import delete_article, ingest, ingest_article
from kg.queries import run_query
from kg.rdf import article_iri, graph_iri
from kg.store import Store, StoreError


def count(store: Store, sparql: str) -> int:
    return int(next(iter(run_query(store, sparql)))[0])


def test_ingesting_the_same_articles_twice_changes_nothing(seeded_store, seed_files):
    before = seeded_store.stats()
    report = ingest(seed_files, seeded_store)
    assert report.ok
    assert seeded_store.stats() == before


def test_deleting_an_article_removes_its_claims_and_keeps_the_others(seeded_store):
    first, second = seeded_store.article_ids()

    def claims_of(article_id: str) -> str:
        return f"SELECT (COUNT(?c) AS ?n) WHERE {{ ?c cg:reportedIn <{article_iri(article_id)}> }}"

    kept = count(seeded_store, claims_of(second))
    assert seeded_store.delete_article(first)
    assert seeded_store.article_ids() == [second]
    assert count(seeded_store, claims_of(first)) == 0
    assert count(seeded_store, claims_of(second)) == kept
    assert not seeded_store.delete_article(first)


def test_delete_then_reingest_restores_the_same_graph(seeded_store, seed_files):
    before = seeded_store.stats()
    for article_id in seeded_store.article_ids():
        delete_article(article_id, seeded_store)
    assert seeded_store.stats().triples == 0
    ingest(seed_files, seeded_store)
    assert seeded_store.stats() == before


def test_actor_description_survives_deleting_one_of_two_articles_that_name_it(seeded_store):
    rows = 'SELECT (COUNT(*) AS ?n) WHERE { ?a rdfs:label "Russia" ; a cg:Country }'
    assert count(seeded_store, rows) == 1
    seeded_store.delete_article(seeded_store.article_ids()[0])
    assert count(seeded_store, rows) == 1


def test_replacing_an_article_replaces_its_whole_graph(store):
    article = from_text("Deal signed\n\nFrance and Japan signed a trade agreement on Monday, officials said.")
    ingest_article(article, store)
    graph = Graph(identifier=URIRef("urn:x"))
    graph.add((URIRef("urn:a"), URIRef("urn:p"), Literal("only this")))
    store.replace_article(article.id, graph)
    in_graph = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri(article.id)}> {{ ?s ?p ?o }} }}"
    assert count(store, in_graph) == 1
    assert count(store, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p "only this" }') == 1


def test_a_failed_update_leaves_the_previous_graph(seeded_store):
    before = seeded_store.stats()
    article_id = seeded_store.article_ids()[0]
    bad = Graph()
    bad.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    bad.serialize = lambda **_: "this is not N-Triples {"  # type: ignore[method-assign]
    with pytest.raises(SyntaxError):
        seeded_store.replace_article(article_id, bad)
    assert seeded_store.stats() == before


def test_store_persists_across_processes(tmp_path: Path, seed_files):
    location = tmp_path / "db"
    subprocess.run(
        [sys.executable, "-m", "kg", "ingest", "--store", str(location), *map(str, seed_files)],
        check=True,
        capture_output=True,
    )
    db = Store(str(location))
    assert db.stats().articles == 2
    assert db.stats().claims > 10


def test_a_store_in_use_gives_a_clear_error(tmp_path: Path):
    location = str(tmp_path / "db")
    first = Store(location)
    code = f"from kg.store import Store\nStore({location!r})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0 and "another process" in done.stderr
    first.close()


def test_remote_location_is_refused_until_supported(tmp_path: Path):
    with pytest.raises(StoreError, match="remote"):
        Store("http://127.0.0.1:1/")
