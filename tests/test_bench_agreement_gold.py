"""bench/polnear_agreements.jsonl, the agreement (and claim) gold on PolNeAR train, is well formed."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from bench.agreement_quality import EVAL, SETS, STATUSES, materialise, rows, text_of

POLNEAR_TEXTS = EVAL / "polnear" / "train" / "text"
FIELDS = {"doc", "set", "date", "agreements"}
CLAIM_FIELDS = {"speaker", "cue", "direct", "content"}


ARTICLES = {"a": 40, "b": 40, "c": 40, "d": 20}  # per set


def test_disjoint_sets_of_forty_or_twenty_articles():
    labelled = rows()
    assert len({r["doc"] for r in labelled}) == len(labelled)  # no article in two sets, or twice
    assert {r["set"] for r in labelled} == set(SETS) == set(ARTICLES)
    for labelled_set, articles in ARTICLES.items():
        assert len(rows(labelled_set)) == articles
        assert all(r["set"] == labelled_set for r in rows(labelled_set))


CLAIM_ARTICLES = {"a": 12, "b": 12, "c": 10, "d": 0}  # per set, the articles whose claims are labelled


def test_ten_or_twelve_articles_of_each_set_have_their_claims_labelled_by_offsets_only():
    assert set(CLAIM_ARTICLES) == set(SETS)
    for labelled_set, articles in CLAIM_ARTICLES.items():
        with_claims = rows(labelled_set, with_claims=True)
        assert len(with_claims) == articles
        assert sum(len(r["claims"]) for r in with_claims) >= 5 * articles
    for r in rows(with_claims=True):
        for c in r["claims"]:
            assert set(c) == CLAIM_FIELDS  # offsets, never the cue's or the content's words
            assert isinstance(c["direct"], bool)
            assert isinstance(c["speaker"], str) and 0 < len(c["speaker"]) <= 40
            assert c["speaker"] in r["entities"], (r["doc"], c["speaker"])
            for start, end in (c["cue"], c["content"]):
                assert isinstance(start, int) and 0 <= start < end


def test_each_row_refers_to_an_article_by_stem_with_valid_statuses_and_no_text():
    for r in rows():
        assert FIELDS <= set(r) <= {*FIELDS, "claims", "entities"}
        assert r["date"] == re.search(r"_(\d{4}-\d\d-\d\d)_", r["doc"]).group(1)
        for a in r["agreements"]:
            assert set(a) == {"parties", "status", "outcome"}  # offsets, never the outcome's words
            assert a["status"] in STATUSES
            assert a["parties"] and all(isinstance(p, str) and 0 < len(p) <= 40 for p in a["parties"])
            start, end = a["outcome"]
            assert isinstance(start, int) and 0 <= start < end
        for canonical, aliases in r.get("entities", {}).items():
            assert all(isinstance(alias, str) and len(alias) <= 40 for alias in aliases), canonical


@pytest.mark.skipif(not POLNEAR_TEXTS.is_dir(), reason="../shared/eval/polnear is absent")
def test_outcome_offsets_fall_inside_the_text_on_word_boundaries():
    for r in rows():
        text = text_of(EVAL, r["doc"])
        for a in r["agreements"]:
            start, end = a["outcome"]
            assert end <= len(text), r["doc"]
            outcome = text[start:end]
            assert outcome == outcome.strip() and "\n" not in outcome, (r["doc"], outcome)
            assert start == 0 or not text[start - 1].isalnum(), (r["doc"], outcome)
            assert end == len(text) or not text[end].isalnum(), (r["doc"], outcome)


@pytest.mark.skipif(not POLNEAR_TEXTS.is_dir(), reason="../shared/eval/polnear is absent")
def test_cue_and_content_offsets_fall_inside_the_text_on_word_boundaries():
    for r in rows(with_claims=True):
        text = text_of(EVAL, r["doc"])
        for c in r["claims"]:
            (cue_start, cue_end), (start, end) = c["cue"], c["content"]
            cue, content = text[cue_start:cue_end], text[start:end]
            assert cue_end <= len(text) and end <= len(text), r["doc"]
            assert cue == cue.strip() and content == content.strip(), (r["doc"], content)
            for a, b in ((cue_start, cue_end), (start, end)):
                assert a == 0 or not text[a - 1].isalnum(), (r["doc"], text[a:b])
                assert b == len(text) or not text[b].isalnum(), (r["doc"], text[a:b])
            # a direct claim's content sits in quotation marks: a mark opens before its first word
            if c["direct"]:
                assert any(q in text[max(0, start - 3) : start + 1] for q in "\"“‘'"), (r["doc"], content)


@pytest.mark.skipif(not (EVAL / "check_gold.py").exists(), reason="../shared/eval is absent")
@pytest.mark.parametrize("labelled_set", SETS)
def test_the_materialised_gold_of_each_set_passes_the_shared_checker(tmp_path, labelled_set):
    assert len(materialise(EVAL, tmp_path, labelled_set)) == ARTICLES[labelled_set]
    (tmp_path / "entities.json").write_text("{}")
    checked = subprocess.run(
        [sys.executable, str(EVAL / "check_gold.py"), str(tmp_path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout


@pytest.mark.skipif(not (EVAL / "check_gold.py").exists(), reason="../shared/eval is absent")
@pytest.mark.parametrize("labelled_set", SETS)
def test_the_materialised_claim_gold_of_each_set_passes_the_shared_checker(tmp_path, labelled_set):
    assert len(materialise(EVAL, tmp_path, labelled_set, with_claims=True)) == CLAIM_ARTICLES[labelled_set]
    gold = [json.loads(f.read_text()) for f in (tmp_path / "gold").glob("*.json")]
    assert sum(len(g["claims"]) for g in gold) == sum(
        len(r["claims"]) for r in rows(labelled_set, with_claims=True)
    )
    checked = subprocess.run(
        [sys.executable, str(EVAL / "check_gold.py"), str(tmp_path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout
