"""Extraction quality on annotated wire-news passages (tests/corpus/), scored with eval/score.py's rules.

claims.jsonl and agreements.jsonl cover every pattern the extractor handles, traps included;
agreement_articles.jsonl and regression_*.jsonl are whole articles written for the project.
All are regression tests: real-news figures come from ../shared/eval (bench/quality.py).
"""

from __future__ import annotations

import pytest

from kg.evaluate import score_corpus
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"


@pytest.mark.parametrize("kind", ["claims", "agreements"])
def test_pattern_corpus_precision_and_recall(kind):
    overall, by_pattern = score_corpus(CORPUS / f"{kind}.jsonl", kind)
    assert overall.expected >= 60
    assert overall.precision >= 0.90, "\n".join(overall.misses)
    assert overall.recall >= 0.90, "\n".join(overall.misses)
    for pattern, scores in by_pattern.items():  # no pattern may be left behind
        assert scores.f1 >= 0.6 or scores.expected == 0, (pattern, scores)


@pytest.mark.parametrize("kind", ["claims", "agreements"])
def test_traps_yield_nothing(kind):
    traps = {"claims": ["no-speaker-trap"], "agreements": ["negated-modal", "non-event-lookalikes"]}[kind]
    _, by_pattern = score_corpus(CORPUS / f"{kind}.jsonl", kind)
    for pattern in traps:
        assert by_pattern[pattern].expected == 0
        assert by_pattern[pattern].predicted == 0, pattern  # a trap allows no false positive


@pytest.mark.parametrize(
    ("name", "kind", "floor"),
    [
        # whole articles written for the project: floors guard against regressions only
        ("agreement_articles", "agreements", 0.62),
        ("regression_claims", "claims", 0.80),
        ("regression_agreements", "agreements", 0.77),
    ],
)
def test_article_corpora_stay_above_their_floor(name, kind, floor):
    overall, _ = score_corpus(CORPUS / f"{name}.jsonl", kind)
    assert overall.expected >= 80
    assert overall.f1 >= floor, overall.line(kind)


# --- real news in ../shared/eval (bench/quality.py prints the same figures) ----------------------

EVAL = ROOT.parent / "shared" / "eval"
needs_eval = pytest.mark.skipif(not EVAL.is_dir(), reason=f"{EVAL} is absent: no real-news floors")


@needs_eval
@pytest.mark.parametrize(
    ("name", "articles", "gold", "entities", "floors"),
    [
        # floors: the figures measured when they were set, minus about 0.02
        # (seeds 1.00 / 0.93, shared news 0.859 / 0.825 on 2026-11-30)
        ("seeds", "seeds", "gold", "entities.json", {"claims": 0.98, "agreements": 0.91}),
        ("news", "news/articles", "news/gold", "news/entities.json", {"claims": 0.84, "agreements": 0.81}),
    ],
)
def test_real_news_stays_above_its_floor(name, articles, gold, entities, floors):
    from bench.quality import predict, score_gold

    folder = ROOT / articles if name == "seeds" else EVAL / articles
    scores = score_gold(
        predict(sorted(folder.glob("*.txt"))), EVAL / gold, EVAL / entities, EVAL / "score.py"
    )
    for kind, floor in floors.items():
        assert scores[kind].f1 >= floor, scores[kind].line(kind)


@needs_eval
def test_polnear_dev_claims_stay_above_their_floor():
    from bench.quality import polnear_texts, predict, score_polnear

    predictions = predict(polnear_texts(EVAL, "dev"), workers=2)  # two parsing processes
    assert len(predictions["skipped"]) <= 5, predictions["skipped"]  # resolution faults: issue 12 item 1
    claims = score_polnear(predictions, "dev", EVAL / "polnear.py")["claims"]
    # measured P 0.851, R 0.525, F1 0.650 (issue 12's target: F1 >= 0.65 with P >= 0.80). It was
    # 0.661, then 0.659: stances that are acts, requests and beliefs are not claims in GUIDELINES.md
    # (rule beliefs-are-no-claims), which PolNeAR counts
    assert claims.precision >= 0.84 and claims.f1 >= 0.65, claims.line("claims")


@needs_eval
@pytest.mark.parametrize(
    ("labelled_set", "floors"),
    [
        # measured: set a agreements F1 0.79, claims 0.71 and set c 0.585, 0.55 (both developed on);
        # set b, held out from development (only its figure is read), agreements 0.27, claims 0.72;
        # set d, held out too (labelled in session 11, 20 articles, no claims), agreements 0.42
        ("a", {"agreements": 0.77, "claims": 0.70}),
        ("b", {"agreements": 0.25, "claims": 0.70}),
        ("c", {"agreements": 0.56, "claims": 0.54}),
        ("d", {"agreements": 0.40}),
    ],
)
def test_labelled_polnear_articles_stay_above_their_floors(labelled_set, floors):
    """Agreements and claims on PolNeAR train articles labelled by reading per GUIDELINES.md
    (bench/polnear_agreements.jsonl, bench/AGREEMENT_GOLD.md)."""
    from bench.agreement_quality import figures

    found = figures(EVAL, labelled_set)
    for kind, floor in floors.items():
        assert found[kind].f1 >= floor, found[kind].line(kind)
