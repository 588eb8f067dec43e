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
        assert by_pattern[pattern].predicted <= 1, pattern


@pytest.mark.parametrize(
    ("name", "kind", "floor"),
    [
        # whole articles written for the project: floors guard against regressions only
        ("agreement_articles", "agreements", 0.55),
        ("regression_claims", "claims", 0.80),
        ("regression_agreements", "agreements", 0.65),
    ],
)
def test_article_corpora_stay_above_their_floor(name, kind, floor):
    overall, _ = score_corpus(CORPUS / f"{name}.jsonl", kind)
    assert overall.expected >= 80
    assert overall.f1 >= floor, overall.line(kind)
