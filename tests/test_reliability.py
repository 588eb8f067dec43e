"""Reliability: bad input is reported by name while the rest goes on; a killed ingest loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rdflib import Literal

from bench.synthetic import articles
from kg.article import from_text, read_articles
from kg.ingest import analyse
from kg.rdf import article_graph
from kg.store import Store
from kg.tracking import track
from kg.vocab import graph_iri

KG = str(Path(sys.executable).with_name("kg"))
BATCH = 120  # articles in the batch that is killed: several ingest batches, killed in the middle


def write_articles(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(articles(n)):
        path = folder / f"wire-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_a_folder_of_bad_inputs_reports_each_by_name_and_ingests_the_good_ones(tmp_path: Path):
    folder = tmp_path / "in"
    good = write_articles(folder, 3)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Le ministre a déclaré".encode("latin-1") + b"\xff\xfe")
    (folder / "huge.txt").write_bytes(b"The minister said the talks went well. " * 1_300_000)  # ~50 MB
    good_line = json.dumps(
        {"id": "j1", "title": "Rates", "text": "The central bank held rates, its governor said."}
    )
    (folder / "feed.jsonl").write_text(good_line + "\n{broken json\n", encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>Port strike ends</title><script>alert(1)</script></head><body><article>"
        "<p>Dock workers agreed to end their strike on Monday after the port operator raised its pay offer "
        "to six percent, union leader Ana Costa said in a statement to reporters.</p>"
        "<p>Ships had queued for a week outside the harbour while the talks continued.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    os.mkfifo(folder / "pipe.txt")  # a file that cannot be read as an article
    store = str(tmp_path / "db")
    done = subprocess.run(
        [KG, "ingest", "--store", store, str(folder)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 1
    for name, reason in [
        ("empty.txt", "empty input"),
        ("binary.txt", "binary data"),
        ("latin1.txt", "UTF-8"),
        ("huge.txt", "too large"),
        ("feed.jsonl:2", "malformed JSON"),
        ("pipe.txt", "not a regular file"),
    ]:
        assert any(name in line and reason in line for line in done.stderr.splitlines()), (name, done.stderr)
    assert "ingested 5 articles" in done.stdout  # 3 wire stories, the JSONL line, the HTML page
    with Store(store) as db:
        assert len(db.article_ids()) == 5
        titles = {str(r.t) for r in db.query("SELECT ?t WHERE { ?a a cg:Article ; dcterms:title ?t }")}
        assert "Port strike ends" in titles and not any("alert" in t for t in titles)
    again = subprocess.run(
        [KG, "ingest", "--store", store, str(folder)], capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 1
    assert "ingested 0 articles" in again.stdout and "5 already stored" in again.stdout
    assert len(good) == 3


def expected_graphs(paths: list[Path]) -> dict[str, set]:
    """Return each article's graph as ingest alone (no earlier articles) would build it."""
    found = {}
    for article, extraction, resolution in analyse(next(read_articles(p)) for p in paths):
        found[article.id] = set(article_graph(article, extraction, resolution))
    return found


def plain(triples) -> set:
    """Triples with literals by lexical form: Oxigraph stores xsd:nonNegativeInteger as xsd:integer."""
    return {(s, p, str(o) if isinstance(o, Literal) else o) for s, p, o in triples}


def assert_complete(store: Store, expected: dict[str, set]) -> None:
    """Every stored article graph is exactly what extraction gives: never half a graph."""
    for article_id in store.article_ids():
        assert plain(store.dataset.graph(graph_iri(article_id))) == plain(expected[article_id]), article_id


def test_a_killed_ingest_leaves_whole_articles_and_a_rerun_completes_the_batch(tmp_path: Path):
    paths = write_articles(tmp_path / "batch", BATCH)
    store = tmp_path / "db"
    command = [KG, "ingest", "--store", str(store), str(tmp_path / "batch")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The store flushes to disk after every write: kill once a few batches have landed.
    deadline = time.monotonic() + 300
    while len(list(store.glob("*.sst"))) < 6 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    expected = expected_graphs(paths)
    with Store(str(store)) as db:
        stored_before = len(db.article_ids())
        assert_complete(db, expected)
    assert 0 < stored_before < BATCH, f"the kill should land mid-batch, not at {stored_before} stored"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{stored_before} already stored" in rerun.stdout
    with Store(str(store)) as db:
        assert sorted(db.article_ids()) == sorted(expected)
        assert_complete(db, expected)
        assert track.ungrouped(db, db.article_ids()) == []
        without_evidence = "SELECT ?c WHERE { ?c a cg:Claim FILTER NOT EXISTS { ?c cg:evidence ?e } }"
        assert list(db.query(without_evidence)) == []


def test_resolution_ends_when_a_name_and_its_plural_are_both_tagged_as_places():
    # spaCy calls both "Republican" and "Republicans" (and "Democrat"/"Democrats") places here;
    # each was taken as the other's short form, and resolution recursed until RecursionError.
    article = from_text(
        "Senate vote delayed\n\n"
        "Republicans said on Tuesday that the bill would not pass before the recess. "
        '"We need more time," said Senator Mark Ellison, a Republican from Ohio.\n\n'
        "Democrats accused the Republican leadership of stalling. A Democrat on the committee said "
        "the delay was deliberate, and Republicans denied it."
    )
    ((_, extraction, resolution),) = analyse([article])
    places = {m.name for m in extraction.named if m.kind == "country"}
    assert {"Republican", "Republicans"} <= places  # the trap is really set
    by_name = {a.name for a in resolution.actors.values()}
    assert "Mark Ellison" in by_name
    assert {s.name for s in resolution.speakers} & {"Republican", "Republicans"}
