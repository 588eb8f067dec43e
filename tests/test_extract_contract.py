"""`kg extract --json`: the output contract, exact offsets, and scores on the development set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GOLD, ROOT

STATUSES = {"agreed", "proposed", "intends", "rejected"}


@pytest.fixture(scope="module")
def extracted(seed_files) -> dict:
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["extract", "--json", *map(str, seed_files)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_output_follows_the_contract(extracted, seed_files):
    assert [a["source"] for a in extracted["articles"]] == [str(f) for f in seed_files]
    for article in extracted["articles"]:
        assert article["claims"] and article["agreements"]
        for c in article["claims"]:
            assert set(c) == {
                "speaker",
                "speaker_span",
                "cue",
                "cue_span",
                "direct",
                "content",
                "content_span",
            }
            assert isinstance(c["direct"], bool) and c["speaker"] and c["content"]
        for a in article["agreements"]:
            assert {"parties", "status", "outcome", "outcome_span"} <= set(a) <= {*a, "attributed_to"}
            assert a["status"] in STATUSES and a["parties"]


def test_every_span_is_exactly_its_text_in_the_original_file(extracted):
    for article in extracted["articles"]:
        original = Path(article["source"]).read_text(encoding="utf-8")
        spans = [
            (c[k + "_span"], c[k if k != "speaker" else "speaker"])
            for c in article["claims"]
            for k in ("cue", "content")
        ]
        spans += [(a["outcome_span"], a["outcome"]) for a in article["agreements"]]
        for (start, end), text in spans:
            assert " ".join(original[start:end].split()) == text
        for c in article["claims"]:  # the speaker span is the mention, which may be "He"
            start, end = c["speaker_span"]
            assert original[start:end].strip() and original[start:end] == original[start:end].strip()


def test_speakers_and_parties_are_canonical_names(extracted):
    speakers = {c["speaker"] for a in extracted["articles"] for c in a["claims"]}
    assert "He" not in speakers and "he" not in speakers
    parties = {p for a in extracted["articles"] for g in a["agreements"] for p in g["parties"]}
    assert {"Russia", "United States"} <= parties
    assert not parties & {"both sides", "U.S.", "the U.S.", "they"}


def test_development_set_scores(extracted, tmp_path: Path):
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(extracted))
    out = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "score.py"), str(pred), str(GOLD), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(out.stdout)
    assert scores["claims"]["f1"] >= 0.90
    assert scores["direct_quote_accuracy"] >= 0.95
    assert scores["agreements"]["f1"] >= 0.88
    assert scores["status_accuracy"] >= 0.90
