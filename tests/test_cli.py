"""The `kg` command, through Typer's runner and as a real subprocess."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args))


def test_ingest_prints_a_summary_and_stats_count_it(tmp_path: Path, seed_files):
    store = str(tmp_path / "db")
    result = kg("ingest", "--store", store, str(seed_files[0].parent))
    assert result.exit_code == 0, result.output
    assert "ingested 2 articles" in result.stdout and "0 failed" in result.stdout
    stats = kg("stats", "--store", store)
    assert "articles   2" in stats.stdout


def test_ingest_reports_bad_files_by_name_ingests_the_rest_and_exits_1(tmp_path: Path, seed_files):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_files[0].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02")
    result = kg("ingest", "--store", str(tmp_path / "db"), str(folder))
    assert result.exit_code == 1
    assert "empty.txt: empty input" in result.output
    assert "binary.txt: binary data" in result.output
    assert "ingested 1 articles" in result.stdout


def test_query_formats(tmp_path: Path, seed_files):
    store = str(tmp_path / "db")
    kg("ingest", "--store", store, *map(str, seed_files))
    sparql = "SELECT ?name WHERE { ?a a cg:Country ; rdfs:label ?name } ORDER BY ?name"
    table = kg("query", "--store", store, sparql)
    assert table.exit_code == 0 and "United States" in table.stdout
    as_json = json.loads(kg("query", "--store", store, "--format", "json", sparql).stdout)
    names = [b["name"]["value"] for b in as_json["results"]["bindings"]]
    assert names == sorted(set(names)) and "Russia" in names
    csv = kg("query", "--store", store, "--format", "csv", sparql).stdout.splitlines()
    assert csv[0].strip() == "name"
    bad = kg("query", "--store", store, "SELECT WHERE {")
    assert bad.exit_code == 2 and "malformed SPARQL" in bad.output


def test_export_writes_a_complete_file(tmp_path: Path, seed_files):
    store = str(tmp_path / "db")
    kg("ingest", "--store", store, *map(str, seed_files))
    out = tmp_path / "graph.trig"
    result = kg("export", "--store", store, "--format", "trig", "-o", str(out))
    assert result.exit_code == 0
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))) > 1000
    assert not (tmp_path / "graph.trig.part").exists()
    assert kg("export", "--store", store, "--format", "xml").exit_code == 2


def test_delete_by_id(tmp_path: Path, seed_files):
    store = str(tmp_path / "db")
    kg("ingest", "--store", store, *map(str, seed_files))
    as_json = json.loads(
        kg(
            "query",
            "--store",
            store,
            "--format",
            "json",
            "SELECT ?id WHERE { ?a a cg:Article ; dcterms:identifier ?id }",
        ).stdout
    )
    article_id = as_json["results"]["bindings"][0]["id"]["value"]
    assert kg("delete", "--store", store, article_id).exit_code == 0
    assert "articles   1" in kg("stats", "--store", store).stdout
    assert kg("delete", "--store", store, article_id).exit_code == 1


def test_kg_runs_as_a_real_command(tmp_path: Path, seed_files):
    store = str(tmp_path / "db")
    kg_bin = Path(sys.executable).with_name("kg")
    done = subprocess.run(
        [str(kg_bin), "ingest", "--store", store, *map(str, seed_files)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    exported = subprocess.run(
        [str(kg_bin), "export", "--store", store, "--format", "turtle"], capture_output=True, check=True
    )
    assert len(list(ox.parse(exported.stdout, format=ox.RdfFormat.TURTLE))) > 1000
    help_text = subprocess.run([str(kg_bin), "--help"], capture_output=True, text=True).stdout
    for command in ("ingest", "extract", "export", "query", "stats", "delete"):
        assert command in help_text


def test_an_unwritable_output_is_one_line_of_error_and_leaves_no_part_file(tmp_path: Path, seed_files):
    # export and view wrote `OUTPUT.part` and crashed with a FileNotFoundError traceback.
    store = str(tmp_path / "db")
    kg("ingest", "--store", store, str(seed_files[0]))
    (tmp_path / "folder.ttl").mkdir()
    for args in (
        ("export", "-o", str(tmp_path / "missing" / "graph.ttl")),
        ("export", "-o", str(tmp_path / "folder.ttl")),
        ("view", "-o", str(tmp_path / "missing" / "graph.html")),
    ):
        result = kg(*args, "--store", store)
        assert result.exit_code == 2, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "error: cannot write" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.rglob("*.part"))


def test_a_store_url_that_is_not_one_is_one_line_of_error(tmp_path: Path, monkeypatch):
    # "http://[::1" raised ValueError (a traceback, exit 1); "ftp://host/" made a folder "ftp:".
    monkeypatch.chdir(tmp_path)
    for location in ("http://[::1", "http://127.0.0.1:notaport/", "http://", "ftp://host/", "file:///tmp/x"):
        result = kg("stats", "--store", location)
        assert result.exit_code == 2, (location, result.output)
        assert result.output.startswith("error: "), result.output
    assert list(tmp_path.iterdir()) == []


def test_a_query_time_limit_past_a_day_is_refused_as_a_bad_option(tmp_path: Path):
    # --timeout 1e300 reached the wait on the worker: OverflowError, a traceback.
    result = kg("query", "--store", str(tmp_path / "db"), "--timeout", "1e300", "ASK {}")
    assert result.exit_code == 2 and "--timeout" in result.output, result.output


def test_a_bad_query_memory_setting_is_one_line_of_error(tmp_path: Path, monkeypatch):
    # "abc" was a ValueError traceback; 10 MB killed the worker as it started ("the  stopped the process").
    for value, said in (("abc", "not a int"), ("10", "at least 1024")):
        monkeypatch.setenv("KG_QUERY_MEMORY_MB", value)
        result = kg("query", "--store", str(tmp_path / "db"), "ASK {}")
        assert result.exit_code == 2 and said in result.output, result.output


def test_a_date_that_is_no_date_and_an_unknown_kind_are_errors(tmp_path: Path):
    # --since 2025-13-45 listed "0 claims"; track --kind nonsense listed every kind.
    (tmp_path / "db").mkdir()  # an empty store: a missing one is refused before the options are read
    store = str(tmp_path / "db")
    since = kg("claims", "--store", store, "--since", "2025-13-45")
    assert since.exit_code == 2 and "not an ISO date" in since.output, since.output
    kind = kg("track", "--store", store, "--kind", "claims")
    assert kind.exit_code == 2 and "unknown kind" in kind.output, kind.output


def test_an_empty_path_is_refused_not_read_as_the_current_folder(tmp_path: Path, monkeypatch):
    # `kg ingest ""` (an unset shell variable) ingested every article under the current folder.
    (tmp_path / "stray.txt").write_text("Mayor Edda Varsk said the harbour would reopen.\n")
    monkeypatch.chdir(tmp_path)
    for command in (("ingest", "", "--store", str(tmp_path / "db")), ("extract", " ")):
        result = kg(*command)
        assert result.exit_code == 2 and "empty path" in result.output, result.output
    assert not (tmp_path / "db").exists()


def test_a_read_only_command_on_a_missing_store_is_refused_and_creates_nothing(tmp_path: Path):
    # A mistyped --store answered "articles 0" (exit 0) and left an empty store at that path,
    # inside the real store's folder for `--store kg-data/typo`.
    missing = tmp_path / "db-typo"
    for command in (
        ("stats",),
        ("actors",),
        ("track",),
        ("query", "ASK {}"),
        ("export", "-o", str(tmp_path / "x.ttl")),
    ):
        result = kg(*command, "--store", str(missing))
        assert result.exit_code == 2 and "no store at" in result.output, (command, result.output)
    assert not missing.exists()
    afile = tmp_path / "notes.txt"
    afile.write_text("not a store")
    for command in (
        ("stats",),
        ("delete", "0" * 16),
    ):  # it was "File exists ... Is another process using it?"
        result = kg(*command, "--store", str(afile))
        assert result.exit_code == 2 and "is a file, not a store folder" in result.output, result.output


def test_ctrl_c_during_ingest_says_what_was_stored_and_a_rerun_goes_on(tmp_path: Path):
    # Ctrl-C ended `kg ingest` with exit 130 and no word of what the store now held.
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(800):
        (folder / f"a{i}.txt").write_text(
            f"Harbour talks {i}\n\nMayor Edda Varsk said the ferry to island {i} would run again in "
            "May, and the dock union agreed to end its strike.\n"
        )
    store = str(tmp_path / "db")
    kg_bin = str(Path(sys.executable).with_name("kg"))
    ingest = subprocess.Popen(
        [kg_bin, "ingest", str(folder), "--store", store, "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a terminal's Ctrl-C signals
    )
    deadline = time.monotonic() + 120
    while _stored(kg_bin, store) == 0 and ingest.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)  # the listing commands read a snapshot of a store an ingest holds
    os.killpg(ingest.pid, signal.SIGINT)
    _, err = ingest.communicate(timeout=120)
    assert ingest.returncode == 130, err
    said = int(re.search(r"interrupted: (\d+) articles stored by this run", err).group(1))
    assert 0 < said < 800 and _stored(kg_bin, store) == said
    rerun = subprocess.run([kg_bin, "ingest", str(folder), "--store", store], capture_output=True, text=True)
    assert rerun.returncode == 0 and f"{said} already stored" in rerun.stdout, rerun.stdout + rerun.stderr
    assert _stored(kg_bin, store) == 800


def _stored(kg_bin: str, store: str) -> int:
    if not Path(store).exists():
        return 0
    stats = subprocess.run([kg_bin, "stats", "--store", store], capture_output=True, text=True)
    found = re.search(r"articles\s+(\d+)", stats.stdout)
    return int(found.group(1)) if found else 0
