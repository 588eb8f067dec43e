"""kg ingest --cluster: a Dask cluster parses and extracts, one writer stores; the store is the
same as after a single-process ingest of the same articles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest import ingest
from kg.store import Store
from tests.conftest import SHORT_ARTICLES as SHORT

distributed = pytest.importorskip("distributed")


def everything(store: Store) -> set[tuple[str, str, str, str]]:
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {tuple(str(x) for x in row) for row in rows}


@pytest.fixture(scope="module")
def cluster():
    # Worker processes import this checkout's kg (PYTHONPATH) and load spaCy once each.
    os.environ.setdefault("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def test_a_cluster_ingest_stores_what_a_single_process_ingest_stores(cluster, seed_files, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in SHORT.items():
        (folder / name).write_text(text)
    paths = [*seed_files, folder]
    with Store(str(tmp_path / "one")) as one, Store(str(tmp_path / "many")) as many:
        # Batches of 3, so that later batches join groups of earlier ones, alike in both runs.
        alone = ingest(paths, one, batch_size=3)
        spread = ingest(paths, many, cluster=cluster.scheduler_address, batch_size=3)
        assert alone.ok and spread.ok
        assert [i.article_id for i in spread.ingested] == [i.article_id for i in alone.ingested]
        assert len(alone.ingested) == 2 + len(SHORT)
        assert everything(many) == everything(one)
        assert one.stats().triples > 0
    # The workers did the parsing: the scheduler ran extraction tasks, and for some time.
    assert cluster.scheduler.task_prefixes["extract_chunk"].all_durations["compute"] > 0


def test_the_cli_takes_a_cluster_address(cluster, tmp_path):
    (tmp_path / "rice.txt").write_text(SHORT["rice.txt"])
    store = str(tmp_path / "store")
    result = CliRunner().invoke(
        app, ["ingest", str(tmp_path / "rice.txt"), "--store", store, "--cluster", cluster.scheduler_address]
    )
    assert result.exit_code == 0, result.output
    assert "ingested 1 articles" in result.output


def _spacy_limit(limit: int) -> int:
    """Set spaCy's max_length in this (worker) process; return the one it had."""
    from kg.extract.nlp import load_nlp

    nlp = load_nlp()
    before, nlp.max_length = nlp.max_length, limit
    return before


def test_an_article_failing_on_the_cluster_is_named_and_the_rest_are_stored(cluster, tmp_path):
    # spaCy refuses a paragraph over its max_length (error E088): lowered on the workers, a
    # 3,700-character paragraph reaches it, as a longer one would at the default.
    long_paragraph = " ".join(
        f"The port authority said on day {n} that pier {n} was idle." for n in range(60)
    )
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in SHORT.items():
        (folder / name).write_text(text)
    (folder / "long.txt").write_text(f"Port idle\n\n{long_paragraph}\n")
    with distributed.Client(cluster.scheduler_address) as client:
        before = client.run(_spacy_limit, 3_000)
        try:
            with Store(str(tmp_path / "db")) as db:
                report = ingest([folder], db, cluster=cluster.scheduler_address)
                assert [(e.source, e.reason.split(":")[0]) for e in report.failed] == [
                    (str(folder / "long.txt"), "extraction failed")
                ]
                assert "[E088]" in report.failed[0].reason
                assert len(report.ingested) == len(SHORT) == len(db.article_ids())
            result = CliRunner().invoke(
                app,
                [
                    "ingest",
                    str(folder),
                    "--store",
                    str(tmp_path / "cli"),
                    "--cluster",
                    cluster.scheduler_address,
                ],
            )
            assert result.exit_code == 1, result.output
            assert f"failed: {folder / 'long.txt'}: extraction failed" in result.stderr
            assert f"ingested {len(SHORT)} articles" in result.stdout
        finally:
            client.run(_spacy_limit, next(iter(before.values())))
