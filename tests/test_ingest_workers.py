"""kg ingest --workers N: N processes parse and extract, this one stores and tracks; the store
is the same as after a single-process ingest of the same articles, and a failing article
costs only itself."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from bench.synthetic import articles
from kg.cli import app
from kg.extract.nlp import load_nlp
from kg.ingest import ingest
from kg.store import Store
from tests.conftest import ROOT
from tests.conftest import SHORT_ARTICLES as SHORT

KG = str(Path(sys.executable).with_name("kg"))
# Over the lowered spaCy limit, under MAX_CHUNK: spaCy gets it whole and refuses it (E088).
LONG_PARAGRAPH = " ".join(f"The port authority said on day {n} that pier {n} was idle." for n in range(60))


def everything(store: Store) -> set[tuple[str, str, str, str]]:
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {tuple(str(x) for x in row) for row in rows}


def write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_two_workers_store_what_a_single_process_ingest_stores(seed_files, tmp_path):
    paths = [*seed_files, write(tmp_path / "articles", SHORT)]
    with Store(str(tmp_path / "one")) as one, Store(str(tmp_path / "two")) as two:
        # Batches of 3 and chunks in flight: later batches join groups of earlier ones.
        alone = ingest(paths, one, batch_size=3)
        parallel = ingest(paths, two, batch_size=3, workers=2)
        assert alone.ok and parallel.ok
        assert [i.article_id for i in parallel.ingested] == [i.article_id for i in alone.ingested]
        assert len(alone.ingested) == len(seed_files) + len(SHORT)
        assert everything(two) == everything(one)
        assert one.stats().claims > 0


def test_the_ingesting_process_loads_no_parser_when_workers_parse(seed_files, tmp_path):
    """With a parser process, this one resolves, stores and tracks: it tags the reports it
    compares with a pipeline that has no parser or NER, and loads the full one not at all."""
    script = (
        "import sys\n"
        "from kg.extract.nlp import load_nlp, tagger\n"
        "from kg.ingest import ingest\n"
        "from kg.store import Store\n"
        "with Store(sys.argv[1]) as db:\n"
        "    report = ingest(sys.argv[2:], db, workers=2)\n"
        "print(len(report.ingested), load_nlp.cache_info().currsize, tagger.cache_info().currsize)\n"
        "print(' '.join(tagger().pipe_names))\n"
    )
    paths = [str(p) for p in seed_files]
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "db"), *paths], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    counts, pipes = done.stdout.strip().splitlines()[-2:]
    assert counts == f"{len(seed_files)} 0 1"  # stored all; full pipeline never loaded; tagger used
    assert not {"parser", "ner"} & set(pipes.split())


@pytest.fixture
def spacy_refuses_long_texts(monkeypatch):
    """spaCy's max_length lowered in this process; the workers take the parent's limit."""
    monkeypatch.setattr(load_nlp(), "max_length", 3_000)
    assert len(LONG_PARAGRAPH) > 3_000


def test_an_article_failing_in_a_worker_costs_only_itself(tmp_path, spacy_refuses_long_texts):
    folder = write(tmp_path / "articles", {**SHORT, "long.txt": f"Port idle\n\n{LONG_PARAGRAPH}\n"})
    with Store(str(tmp_path / "db")) as db:
        report = ingest([folder], db, workers=2)
        assert [(e.source, e.reason.split(":")[0]) for e in report.failed] == [
            (str(folder / "long.txt"), "extraction failed")
        ]
        assert "[E088]" in report.failed[0].reason
        assert len(report.ingested) == len(SHORT) == len(db.article_ids())


def test_the_cli_takes_a_number_of_workers(tmp_path):
    folder = write(tmp_path / "articles", SHORT)
    result = CliRunner().invoke(
        app, ["ingest", str(folder), "--store", str(tmp_path / "db"), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    assert f"ingested {len(SHORT)} articles" in result.output


def test_a_parser_process_killed_mid_ingest_loses_no_article(tmp_path):
    # The OOM killer, say: the chunks that worker held are parsed again in a new process.
    folder = write(tmp_path / "articles", {f"wire-{i:02d}.txt": t for i, t in enumerate(articles(40))})
    killed: list[int] = []

    def kill_the_parsers(_) -> None:
        if killed:
            return
        for child in psutil.Process().children():
            if "spawn_main" in " ".join(child.cmdline()):
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)

    with Store(str(tmp_path / "db")) as db:
        report = ingest([folder], db, workers=2, batch_size=1, progress=kill_the_parsers)
        assert killed
        assert report.ok, report.failed
        assert len(report.ingested) == 40 == len(db.article_ids())


def test_a_parser_process_ends_when_kg_ingest_is_killed_outright(tmp_path):
    folder = write(tmp_path / "articles", {f"wire-{i:02d}.txt": t for i, t in enumerate(articles(40))})
    command = [KG, "ingest", "--store", str(tmp_path / "db"), "--workers", "2", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        parsers: list[psutil.Process] = []
        while not parsers and process.poll() is None and time.monotonic() < deadline:
            children = psutil.Process(process.pid).children()
            parsers = [c for c in children if "spawn_main" in " ".join(c.cmdline())]
            time.sleep(0.05)
        assert parsers, "kg ingest --workers 2 started no parser process"
    finally:
        process.send_signal(signal.SIGKILL)  # kill -9: no clean-up runs in it
        process.wait(timeout=30)
    _, alive = psutil.wait_procs(parsers, timeout=30)
    for orphan in alive:
        orphan.kill()
    assert not alive, "a parser process outlived kg ingest, holding its memory"


def test_a_small_batch_is_ingested_in_one_process_by_default(tmp_path):
    """Without --workers, a parser process is started only for a batch that pays for its start-up
    (PARALLEL_FROM articles); a JSONL file counts one article a line."""
    from kg.cli import PARALLEL_FROM, _article_count

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Title\n\nThe mayor said the bridge would reopen.", encoding="utf-8")
    lines = "".join('{"text": "The mayor said the bridge would reopen."}\n' for _ in range(PARALLEL_FROM))
    (tmp_path / "feed.jsonl").write_text(lines + "\n", encoding="utf-8")
    assert _article_count([folder], PARALLEL_FROM) == 1
    assert _article_count([folder, tmp_path / "feed.jsonl"], PARALLEL_FROM) == PARALLEL_FROM + 1


def test_workers_asked_for_by_a_program_read_from_stdin_fall_back_to_one_process():
    """Spawned workers import the main module again from its file; a program piped to `python -`
    has none ("<stdin>"), so each worker would die and every article be reported lost. Such a
    program is told so and its articles are parsed in its own process, all of them analysed."""
    program = (
        "from kg.article import from_text\n"
        "from kg.ingest import analyse\n"
        f"texts = {list(SHORT.values())[:2]!r}\n"
        "articles = [from_text(t, source=f'a{i}.txt') for i, t in enumerate(texts)]\n"
        "lost = []\n"
        "found = list(analyse(articles, workers=2, on_error=lost.append))\n"
        "print(len(found), len(lost))\n"
    )
    done = subprocess.run(
        [sys.executable, "-"], input=program, capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "0"]
    assert "worker processes cannot start" in done.stderr
