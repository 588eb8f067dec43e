"""Fault isolation: one article that fails while being extracted, resolved or stored costs only
itself; limits, a full disk, symlinks, mistyped JSONL and bad ids give one clear line each."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.settings import Settings
from bench.synthetic import articles
from kg.article import MAX_TEXT_CHARS, from_text, read_articles
from kg.cli import app
from kg.extract import MAX_CHUNK, _chunks, extract
from kg.extract.nlp import load_nlp
from kg.ingest import delete_article, ingest
from kg.rdf import article_graph
from kg.resolve import resolve
from kg.store import DiskFull, Store
from kg.tracking import track

KG = str(Path(sys.executable).with_name("kg"))
TOKEN = "s3cret-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SPACY_LIMIT = 3_000  # lowered on the real pipeline, so that a short test article passes it
# A paragraph over SPACY_LIMIT characters and under MAX_CHUNK: spaCy gets it whole and refuses it.
LONG_PARAGRAPH = " ".join(
    f"The port authority said on day {n} that the cranes on pier {n} were idle." for n in range(50)
)
runner = CliRunner()


@pytest.fixture
def spacy_refuses_long_texts(monkeypatch):
    """spaCy's own max_length check (error E088), reached by a 3,000-character paragraph."""
    assert SPACY_LIMIT < len(LONG_PARAGRAPH) < MAX_CHUNK
    monkeypatch.setattr(load_nlp(), "max_length", SPACY_LIMIT)


def good_folder(folder: Path, n: int) -> list[str]:
    """Write n short wire stories; return their texts."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = list(articles(n))
    for i, text in enumerate(texts):
        assert max(len(p) for p in text.split("\n\n")) < SPACY_LIMIT
        (folder / f"wire-{i:02d}.txt").write_text(text, encoding="utf-8")
    return texts


def test_an_article_failing_inside_extraction_costs_only_itself(tmp_path, spacy_refuses_long_texts):
    folder = tmp_path / "in"
    good_folder(folder, 40)  # more than one parse batch and one write batch
    (folder / "wire-05-long.txt").write_text(f"Port idle\n\n{LONG_PARAGRAPH}\n", encoding="utf-8")
    line = json.dumps({"title": "Ports", "text": f"Port idle again\n\n{LONG_PARAGRAPH} Again."})
    good_line = json.dumps({"title": "Rates", "text": "The central bank held rates, its governor said."})
    (folder / "feed.jsonl").write_text(f"{good_line}\n{line}\n{good_line.replace('held', 'cut')}\n")
    with Store(str(tmp_path / "db")) as db:
        report = ingest([folder], db, batch_size=8)
        failed = {e.source: e.reason for e in report.failed}
        assert set(failed) == {str(folder / "wire-05-long.txt"), f"{folder / 'feed.jsonl'}:2"}
        assert all(r.startswith("extraction failed: ValueError: [E088]") for r in failed.values())
        assert len(report.ingested) == 42 and len(db.article_ids()) == 42  # 40 stories, 2 feed lines
        assert track.ungrouped(db, db.article_ids()) == []


def test_kg_ingest_and_extract_name_the_failed_article_and_exit_1(tmp_path, spacy_refuses_long_texts):
    folder = tmp_path / "in"
    good_folder(folder, 3)
    (folder / "long.txt").write_text(f"Port idle\n\n{LONG_PARAGRAPH}\n", encoding="utf-8")
    done = runner.invoke(app, ["ingest", "--store", str(tmp_path / "db"), str(folder)])
    assert done.exit_code == 1
    assert f"failed: {folder / 'long.txt'}: extraction failed: ValueError: [E088]" in done.stderr
    assert "ingested 3 articles" in done.stdout
    extracted = runner.invoke(app, ["extract", "--json", str(folder)])
    assert extracted.exit_code == 1
    assert f"{folder / 'long.txt'}: extraction failed" in extracted.stderr
    sources = [a["source"] for a in json.loads(extracted.stdout)["articles"]]
    assert sorted(sources) == sorted(str(p) for p in folder.glob("wire-*.txt"))


def test_an_article_failing_to_be_stored_costs_only_itself_not_its_batch(tmp_path):
    # A title with a lone surrogate passes reading and extraction; writing it fails.
    lines = [json.dumps({"title": f"Story {i}", "text": text}) for i, text in enumerate(articles(5))]
    lines[2] = json.dumps({"title": "Bad \ud800 title", "text": "The council said the budget was ready."})
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Store(str(tmp_path / "db")) as db:
        report = ingest([feed], db)  # the five lines are one write batch
        assert [(e.source, e.reason.split(":")[0]) for e in report.failed] == [
            (f"{feed}:3", "storing failed")
        ]
        assert len(report.ingested) == 4 and len(db.article_ids()) == 4
        assert track.ungrouped(db, db.article_ids()) == []


def test_an_upload_whose_extraction_fails_is_refused_by_name_and_stores_nothing(
    seeded_store, spacy_refuses_long_texts
):
    before = sorted(seeded_store.article_ids())
    feed = "\n".join(
        json.dumps({"title": t, "text": x})
        for t, x in [("Rates", "The central bank held rates, its governor said."), ("Ports", LONG_PARAGRAPH)]
    )
    with TestClient(create_app(seeded_store, settings=Settings(api_token=TOKEN))) as client:
        sent = client.post("/articles", headers=AUTH, files={"file": ("feed.jsonl", feed.encode())})
    assert sent.status_code == 422, sent.text
    assert sent.json()["detail"].startswith("nothing was stored: feed.jsonl:2: extraction failed")
    assert sorted(seeded_store.article_ids()) == before


# --- long paragraphs ---------------------------------------------------------------------------


def test_a_cue_the_parse_hangs_nothing_on_is_no_claim_and_no_failure():
    article = from_text("Budget\n\nAma Owusu said ; the budget rose.\n")
    assert extract(article).claims == ()  # it raised ValueError, and the article was lost


def test_a_long_paragraph_reaches_spacy_in_pieces_cut_at_sentence_ends():
    sentences = [f"Minister Ana Costa said on day {n} that the talks would go on." for n in range(800)]
    article = from_text("Talks go on\n\n" + " ".join(sentences) + "\n\nThe talks ended.")
    chunks = _chunks(article)
    assert "".join(chunks) == article.text  # the Doc's text stays the article's
    assert max(map(len, chunks)) <= MAX_CHUNK < len(" ".join(sentences))
    assert all(c.endswith((". ", ".\n\n", ".")) for c in chunks[1:])  # [0] is the title
    extraction = extract(article)
    said = {c.content.text for c in extraction.claims}
    assert "the talks would go on" in " ".join(said)
    assert len(extraction.claims) == 800  # none lost at a cut, the last one included


def test_an_article_over_the_text_limit_is_refused_by_name_and_the_rest_is_stored(tmp_path):
    folder = tmp_path / "in"
    good_folder(folder, 2)
    words = "The talks went on. " * (MAX_TEXT_CHARS // 19 + 100)  # one 1,000,000+ character paragraph
    (folder / "dump.txt").write_text(f"Transcript\n\n{words}", encoding="utf-8")
    done = subprocess.run(
        [KG, "ingest", "--store", str(tmp_path / "db"), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert f"failed: {folder / 'dump.txt'}: too long:" in done.stderr and "Traceback" not in done.stderr
    assert "ingested 2 articles" in done.stdout


# --- files, lines and ids ----------------------------------------------------------------------


def test_symlinks_that_leave_the_folder_are_refused_by_name(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Root password\n\nThe password is hunter2, the admin said.", encoding="utf-8")
    folder = tmp_path / "in"
    texts = good_folder(folder, 1)
    (folder / "x.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "wire-00.txt")  # stays inside: an ordinary file
    (folder / "sub").symlink_to(tmp_path, target_is_directory=True)
    with Store(str(tmp_path / "db")) as db:
        report = ingest([folder], db)
        refused = {e.source: e.reason for e in report.failed}
        assert set(refused) == {str(folder / "x.txt")}
        assert "symbolic link to outside the folder" in refused[str(folder / "x.txt")]
        assert len(db.article_ids()) == 1 and len(texts) == 1
        assert not db.query('ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), "hunter2")) }').askAnswer


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("title", ["list"], "field 'title' must be a string, not a list"),
        ("date", 20240131, "field 'date' must be a string, not a number"),
        ("publisher", {"name": "Wire"}, "field 'publisher' must be a string, not an object"),
        ("url", True, "field 'url' must be a string, not true/false"),
        ("id", [1], "field 'id' must be a string or a number, not a list"),
    ],
)
def test_a_jsonl_field_of_the_wrong_type_is_a_reported_bad_line(tmp_path, field, value, reason):
    feed = tmp_path / "feed.jsonl"
    good = {"id": 7, "title": "Rates", "text": "The central bank held rates, its governor said."}
    feed.write_text(json.dumps(good) + "\n" + json.dumps({**good, field: value}) + "\n", encoding="utf-8")
    first, second = read_articles(feed)
    assert first.title == "Rates" and first.source == f"{feed}#7" and first.line == 1
    assert str(second) == f"{feed}:2: {reason}"


def test_kg_delete_refuses_what_is_not_an_article_id_before_any_sparql(tmp_path, seeded_store):
    for bad in ("x>", "0123456789abcdef> } ; DROP ALL ; #", "0123456789ABCDEF", "0123456789abcdef\n"):
        done = subprocess.run(
            [KG, "delete", "--store", str(tmp_path / "db"), bad], capture_output=True, text=True
        )
        assert done.returncode == 2, bad
        assert done.stderr.strip() == f"error: {bad!r} is not an article id (16 hexadecimal digits)"
        with pytest.raises(ValueError, match="not an article id"):
            delete_article(bad, seeded_store)
    assert len(seeded_store.article_ids()) == 2


# --- a restart finishes what a kill left ---------------------------------------------------------


def test_a_restarted_server_finishes_the_tracking_of_an_upload_killed_before_it(seeded_store):
    # The state a SIGKILL between an upload's commit and its tracking leaves: the article's graph
    # is stored (one transaction), the tracked groups never heard of it.
    article = from_text("Budget passes\n\nFinance Minister Ana Costa said the budget would pass on Friday.")
    extraction = extract(article)
    assert extraction.claims
    seeded_store.replace_article(
        article.id, article_graph(article, extraction, resolve(extraction, article_id=article.id))
    )
    assert track.ungrouped(seeded_store, [article.id]) == [article.id]
    create_app(seeded_store, settings=Settings(api_token=TOKEN))
    assert track.ungrouped(seeded_store, seeded_store.article_ids()) == []
    assert seeded_store.has_article(article.id)


# --- a full disk ---------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 64 MB tmpfs to fill up (mounting needs root: skipped where it cannot be mounted)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(
            f"cannot mount a small tmpfs to fill, disk-full paths untested: {done.stderr.decode().strip()}"
        )
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk is full; return it (remove it to free the space)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_stops_an_ingest_with_one_clear_line_and_a_rerun_completes_it(
    small_disk, tmp_path, seed_files
):
    location = small_disk / "db"
    folder = tmp_path / "in"
    good_folder(folder, 40)
    with Store(str(location)) as db:
        assert ingest(seed_files, db).ok
        filler = fill(small_disk)
        report = ingest([folder], db)
        assert report.stopped.startswith(f"the disk holding the store {location} is full")
        assert report.stopped.endswith("nothing was written")
        assert not report.ok and report.failed == []
    for command in (["ingest", "--store", str(location), str(folder)], ["stats", "--store", str(location)]):
        done = subprocess.run([KG, *command], capture_output=True, text=True, timeout=300)
        errors = [line for line in done.stderr.splitlines() if line.strip()]
        if command[0] == "ingest" or done.returncode != 0:  # stats may still open the store
            assert done.returncode != 0 and len(errors) == 1, done.stderr
            assert "is full" in errors[0] and "another process" not in errors[0], errors[0]
    filler.unlink()
    rerun = subprocess.run(
        [KG, "ingest", "--store", str(location), str(folder)], capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    with Store(str(location)) as db:
        assert len(db.article_ids()) == 42
        assert track.ungrouped(db, db.article_ids()) == []


def test_an_upload_on_a_full_disk_fails_clearly_and_is_not_left_stored(small_disk, seed_files):
    location = small_disk / "db"
    with Store(str(location)) as db:
        assert ingest(seed_files, db).ok
        filler = fill(small_disk)
        refused = []
        with TestClient(create_app(db, settings=Settings(api_token=TOKEN))) as client:
            for text in articles(30, seed=11):  # the first is refused: the disk is full before it
                sent = client.post(
                    "/articles", content=text.encode(), headers={**AUTH, "Content-Type": "text/plain"}
                )
                if sent.status_code != 201:
                    refused.append((from_text(text).id, sent))
                    break
        assert refused, "the disk never filled"
        ((article_id, sent),) = refused
        assert sent.status_code == 507, sent.text
        assert sent.json()["detail"].startswith(
            f"nothing was stored: the disk holding the store {location} is full"
        )
    filler.unlink()
    with Store(str(location)) as db:  # reopened: what the failed upload left on disk, if anything
        assert not db.has_article(article_id)
        assert track.ungrouped(db, db.article_ids()) == []


def test_the_store_running_out_of_space_is_a_disk_full_error_not_a_raw_os_error(small_disk):
    with Store(str(small_disk / "db")) as db:
        fill(small_disk)
        with pytest.raises(DiskFull, match="is full: nothing was written"):
            for n in range(10_000):  # RocksDB's preallocated log takes the first few
                db.update(f'INSERT DATA {{ <urn:x:{n}> <urn:p> "{"x" * 20_000}" }}')


def test_two_files_with_the_same_text_in_one_run_are_one_article_and_one_skipped(tmp_path):
    folder = tmp_path / "in"
    (text,) = good_folder(folder, 1)
    (folder / "copy.txt").write_text(text, encoding="utf-8")
    with Store(str(tmp_path / "db")) as db:
        report = ingest([folder], db)
        assert report.ok and len(report.ingested) == 1 and len(report.skipped) == 1
        assert len(db.article_ids()) == 1


def test_an_upload_that_cannot_be_stored_is_refused_by_name_and_stores_nothing(seeded_store):
    before = sorted(seeded_store.article_ids())
    bad = {"title": "Bad \ud800 title", "text": "The council said the budget was ready."}
    with TestClient(create_app(seeded_store, settings=Settings(api_token=TOKEN))) as client:
        sent = client.post(
            "/articles", headers=AUTH, files={"file": ("feed.jsonl", json.dumps(bad).encode())}
        )
    assert sent.status_code == 422, sent.text
    assert sent.json()["detail"].startswith(
        "nothing was stored: feed.jsonl:1: storing failed: ValueError: text that is not valid Unicode"
    )
    assert sorted(seeded_store.article_ids()) == before


def test_a_query_on_a_full_disk_is_answered_or_refused_clearly_never_a_server_error(small_disk, seed_files):
    # Each query reads a checkpoint of the store (kg.store.snapshots), which writes to the disk.
    with Store(str(small_disk / "db")) as db:
        assert ingest(seed_files, db).ok
        fill(small_disk)
        with TestClient(create_app(db, settings=Settings(api_token=TOKEN))) as client:
            sent = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        assert sent.status_code in (200, 503), sent.text
        if sent.status_code == 503:
            assert "full" in sent.json()["detail"], sent.text
