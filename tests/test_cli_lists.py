"""The listing commands (kg actors, articles, claims, agreements), the help, and store failures."""

from __future__ import annotations

import csv
import http.server
import json
import shutil
import threading

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import free_port

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory, seeded_location) -> str:
    location = tmp_path_factory.mktemp("lists") / "store"
    shutil.copytree(seeded_location, location)
    return str(location)


def kg(*args: str):
    return runner.invoke(app, list(args))


def test_actors_and_articles_list_as_a_table_json_or_csv(store):
    table = kg("actors", "--store", store)
    assert table.exit_code == 0 and "yuri-ushakov" in table.stdout and "Ushakov" in table.stdout
    assert table.stdout.splitlines()[0].split()[:3] == ["id", "name", "kind"]
    assert table.stderr.strip().endswith(" actors")
    found = json.loads(kg("actors", "--name", "lavrov", "-f", "json", "--store", store).stdout)
    assert [a["id"] for a in found["items"]] == ["sergey-lavrov"] and found["total"] == 1
    articles = list(csv.DictReader(kg("articles", "-f", "csv", "--store", store).stdout.splitlines()))
    assert len(articles) == 2 and all(len(a["id"]) == 16 for a in articles)


def test_claims_by_speaker_page_and_say_how_many_there_are(store):
    page = kg("claims", "--speaker", "Ushakov", "--limit", "2", "--store", store)
    assert page.exit_code == 0, page.output
    rows = page.stdout.splitlines()[1:]
    assert len(rows) == 2 and all("Yuri Ushakov" in r for r in rows)
    assert page.stderr.startswith("1-2 of ") and "next page: --offset 2" in page.stderr
    one = kg("claims", "--speaker", "Ushakov", "--limit", "1", "-f", "json", "--store", store)
    assert json.loads(one.stdout)["items"][0]["speaker"]["id"] == "yuri-ushakov"


def test_an_unknown_name_is_answered_with_did_you_mean(store):
    typo = kg("claims", "--speaker", "Ushakof", "--store", store)
    assert typo.exit_code == 1 and "did you mean Yuri Ushakov?" in typo.stderr
    party = kg("agreements", "--party", "Rusia", "--store", store)
    assert party.exit_code == 1 and "Russia" in party.stderr


def test_agreements_by_party_as_csv(store):
    rows = list(
        csv.DictReader(
            kg("agreements", "--party", "Russia", "-f", "csv", "--store", store).stdout.splitlines()
        )
    )
    assert rows and all("Russia" in r["parties_name"].split("; ") for r in rows)
    assert kg("agreements", "--status", "hugged", "--store", store).exit_code == 2


def test_track_lists_groups_and_says_how_many_there_are_even_when_none_is(store):
    """`kg track` lists the seeds' groups (each reported by both articles) and counts them; a text
    no group holds answers "0 tracked groups", not an empty screen; --limit shows part and says so."""
    listed = kg("track", "--store", store)
    assert listed.exit_code == 0, listed.output
    groups = [line for line in listed.stdout.splitlines() if line.startswith("[")]
    assert groups and all("(2 articles" in line for line in groups)
    assert listed.stderr.strip() == f"{len(groups)} tracked groups reported by 2 or more articles"
    none = kg("track", "--text", "no group says this", "--store", store)
    assert none.exit_code == 0 and none.stdout == ""
    assert none.stderr.strip() == "0 tracked groups reported by 2 or more articles"
    part = kg("track", "--min-articles", "1", "--limit", "1", "--store", store)
    total = int(part.stderr.split(" of ")[1].split()[0])
    assert len([line for line in part.stdout.splitlines() if line.startswith("[")]) == 1 and total > 1
    assert part.stderr.strip().endswith(f"in the store (--limit {total} lists all)")


def test_every_command_has_examples_and_no_python_type_labels():
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"actors", "articles", "claims", "agreements"} <= set(commands)
    for name in [*commands, "graph rank", "graph path"]:
        shown = runner.invoke(app, [*name.split(), "--help"], env={"COLUMNS": "120"}).stdout
        assert "Examples:" in shown, name
        for label in ("<str>", "<bool>", "<int", "<list"):
            assert label not in shown, (name, label)


def test_a_remote_store_failure_is_one_line_not_a_traceback():
    down = kg("stats", "--store", f"http://127.0.0.1:{free_port()}/")
    assert down.exit_code == 2 and down.stderr.count("\n") == 1
    assert down.stderr.startswith("error: cannot reach the SPARQL server")

    class NotSparql(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = b"<!DOCTYPE html><html><body><h1>Not Found</h1>\n<p>nothing here</p></body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), NotSparql)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        wrong = kg("stats", "--store", f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
        server.server_close()
    assert wrong.exit_code == 2 and wrong.stderr.count("\n") == 1, wrong.stderr
    assert "HTTP 404: Not Found nothing here" in wrong.stderr and "SPARQL server's base" in wrong.stderr
    assert "Traceback" not in wrong.output
