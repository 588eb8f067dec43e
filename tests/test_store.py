"""The store: idempotent ingest, exact delete, atomic replace; persistence across processes.

The behaviour tests run on the embedded store and on two real SPARQL servers on 127.0.0.1
(`oxigraph serve`, and Virtuoso Open Source 7 with the union kept in a named graph), through
the `any_store` / `any_seeded_store` fixtures.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg.article import from_text
from kg.ingest import delete_article, ingest, ingest_article
from kg.sparql import run_query
from kg.store import Store, StoreError
from kg.vocab import article_iri, graph_iri
from tests.conftest import free_port


def count(store: Store, sparql: str) -> int:
    (row,) = list(run_query(store, sparql))  # read it all: a half-read result holds the store open
    return int(row[0])


STORES = ["embedded", "oxigraph", "virtuoso"]


@pytest.fixture(params=STORES)
def any_store(request, tmp_path: Path, remote_store_at):
    """An empty store: embedded on disk, or on a real SPARQL server (Oxigraph, Virtuoso)."""
    if request.param == "embedded":
        db = Store(str(tmp_path / "store"))
        yield db
        db.close()
    else:
        yield remote_store_at(request.param)


@pytest.fixture(params=STORES)
def any_seeded_store(request, seed_files, remote_store_at):
    """A store holding the two seed articles, embedded or on a SPARQL server."""
    if request.param == "embedded":
        yield request.getfixturevalue("seeded_store")
        return
    db = remote_store_at(request.param)
    assert ingest(seed_files, db).ok
    yield db


def test_ingesting_the_same_articles_twice_changes_nothing(any_seeded_store, seed_files):
    before = any_seeded_store.stats()
    report = ingest(seed_files, any_seeded_store)
    assert report.ok
    assert any_seeded_store.stats() == before


def test_deleting_an_article_removes_its_claims_and_keeps_the_others(any_seeded_store):
    first, second = any_seeded_store.article_ids()

    def claims_of(article_id: str) -> str:
        return f"SELECT (COUNT(?c) AS ?n) WHERE {{ ?c cg:reportedIn <{article_iri(article_id)}> }}"

    kept = count(any_seeded_store, claims_of(second))
    assert any_seeded_store.delete_article(first)
    assert any_seeded_store.article_ids() == [second]
    assert count(any_seeded_store, claims_of(first)) == 0
    assert count(any_seeded_store, claims_of(second)) == kept
    assert not any_seeded_store.delete_article(first)


def test_delete_then_reingest_restores_the_same_graph(any_seeded_store, seed_files):
    before = any_seeded_store.stats()
    for article_id in any_seeded_store.article_ids():
        delete_article(article_id, any_seeded_store)
    assert any_seeded_store.stats().triples == 0
    ingest(seed_files, any_seeded_store)
    assert any_seeded_store.stats() == before


def test_actor_description_survives_deleting_one_of_two_articles_that_name_it(any_seeded_store):
    rows = 'SELECT (COUNT(*) AS ?n) WHERE { ?a rdfs:label "Russia" ; a cg:Country }'
    assert count(any_seeded_store, rows) == 1
    any_seeded_store.delete_article(any_seeded_store.article_ids()[0])
    assert count(any_seeded_store, rows) == 1


def test_replacing_an_article_replaces_its_whole_graph(any_store):
    article = from_text("Deal signed\n\nFrance and Japan signed a trade agreement on Monday, officials said.")
    ingest_article(article, any_store)
    graph = Graph(identifier=URIRef("urn:x"))
    graph.add((URIRef("urn:a"), URIRef("urn:p"), Literal("only this")))
    any_store.replace_article(article.id, graph)
    in_graph = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri(article.id)}> {{ ?s ?p ?o }} }}"
    assert count(any_store, in_graph) == 1
    assert count(any_store, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p "only this" }') == 1


def test_a_failed_update_leaves_the_previous_graph(any_seeded_store):
    before = any_seeded_store.stats()
    article_id = any_seeded_store.article_ids()[0]
    bad = Graph()
    bad.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    bad.serialize = lambda **_: "this is not N-Triples {"  # type: ignore[method-assign]
    with pytest.raises(SyntaxError):
        any_seeded_store.replace_article(article_id, bad)
    assert any_seeded_store.stats() == before


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


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        Store(f"http://127.0.0.1:{free_port()}/").stats()


@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_remote_store_exports_the_same_graphs_as_the_embedded_one(
    seeded_store, remote_store_at, seed_files, server
):
    remote = remote_store_at(server)
    ingest(seed_files, remote)
    assert remote.stats() == seeded_store.stats()
    assert remote.article_ids() == seeded_store.article_ids()
    exports = []
    for db in (seeded_store, remote):
        buffer = io.BytesIO()
        db.export("nquads", buffer)
        exports.append({_same_value(q) for q in ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_QUADS)})
    assert exports[0] == exports[1]


XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {f"{XSD}integer", f"{XSD}nonNegativeInteger"}


def _same_value(quad: ox.Quad) -> tuple:
    """A quad with its literal as a value: servers may write the same boolean or number in
    another lexical form or integer datatype (Virtuoso: "0" for false, Oxigraph: xsd:integer)."""
    o = quad.object
    if isinstance(o, ox.Literal) and o.datatype.value == f"{XSD}boolean":
        o = o.value in ("true", "1")
    elif isinstance(o, ox.Literal) and o.datatype.value in _NUMBERS:
        o = int(o.value)
    return (str(quad.subject), str(quad.predicate), o, str(quad.graph_name))


def test_reports_join_merge_and_leave_groups_alike_on_every_store(any_store):
    # Tracking writes a few triples into a big group (kg.tracking.append), and rebuilds it on delete.
    said = "Transport Minister Ama Owusu said the government would {}."
    texts = [
        said.format("build a new runway at Kotoka airport"),
        said.format("build a new runway at Kotoka airport, officials confirmed"),
        said.format("hire 300 customs officers at Kotoka airport"),
        said.format("build a new runway at Kotoka airport with 300 customs officers"),
    ]
    articles = [from_text(f"date 2024-06-0{i + 1}\n\nAirport {i}\n\n{t}") for i, t in enumerate(texts)]
    for article in articles:
        ingest_article(article, any_store)
    from kg.read.tracked import tracked

    (group,) = [g for g in tracked(any_store, kind="claim") if g.articles > 1]
    assert (group.articles, group.first, group.last) == (4, "2024-06-01", "2024-06-04")
    assert delete_article(articles[3].id, any_store)
    left = {g.label: g.articles for g in tracked(any_store, kind="claim")}
    assert left["the government would build a new runway at Kotoka airport"] == 2  # the bridge gone
    assert left["the government would hire 300 customs officers at Kotoka airport"] == 1


def test_a_select_result_made_on_one_thread_can_be_dropped_on_another(tmp_path):
    """The service answers on worker threads and a result may be freed by a garbage collection on
    any thread; Oxigraph's solutions iterator refuses to be dropped off its own thread (and, on
    CPython 3.11, one refused in the middle of FastAPI building its schema failed the build)."""
    import gc
    import sys
    import threading

    refused: list[BaseException] = []
    hook, sys.unraisablehook = sys.unraisablehook, lambda u: refused.append(u.exc_value)
    try:
        with Store(str(tmp_path / "store")) as store:
            store.update('INSERT DATA { GRAPH <http://example.org/g> { <http://a> <http://b> "c" } }')
            made: list = []
            query = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
            thread = threading.Thread(target=lambda: made.append(store.query(query)))
            thread.start()
            thread.join()
            assert len(list(made[0])) == 1
            made.clear()  # the result is freed here, on the test's thread
            gc.collect()
    finally:
        sys.unraisablehook = hook
    assert refused == []
