"""Tracking quality on real reports: the labelled PolNeAR pairs keep their measured floors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import polnear_pairs  # noqa: E402
import tracking_quality  # noqa: E402

# Measured with `python -m bench.tracking_quality` (lemma-dice+minilm) on the 664 pairs:
# same-claim links P 0.77 R 0.70 (108 found, 32 wrong), contradictions P 0.75 R 0.67 (6 found,
# 2 wrong). The floors are these figures. (On the first 494 pairs, before the fourth batch was
# drawn and labelled blind: 101 found, 24 wrong; the fourth batch alone scores P 0.47 R 0.30.)
# The target for links (P 0.90 at R 0.75) is not reached: most wrong links are made by
# the embeddings alone (the bench prints how each kind of lexical support for them would drop
# as many true links as wrong ones).
SAME_FOUND, SAME_WRONG = 108, 32
OPPOSITE_FOUND, OPPOSITE_WRONG = 6, 2
# tests/corpus/paraphrase_pairs.jsonl, same-statement decisions: P 0.59 R 0.57 (24 found, 17 wrong).
PARAPHRASE_FOUND, PARAPHRASE_WRONG = 24, 17


def test_the_labelled_set_is_stored_by_reference_with_a_third_hard_negatives():
    rows = [json.loads(line) for line in polnear_pairs.LABELLED.open()]
    assert len(rows) >= 300
    assert sum(r["hard"] for r in rows) * 3 >= len(rows)
    assert all(r["hard"] <= (r["label"] == "different") for r in rows)
    for r in rows:  # ids and character ranges, never the text
        assert set(r) == {"id", "speaker", "a", "b", "label", "hard"}
        assert set(r["a"]) == set(r["b"]) == {"doc", "ranges"}
        assert r["a"]["doc"] != r["b"]["doc"]


@pytest.mark.skipif(not polnear_pairs.available(), reason="../shared/eval/polnear is absent")
def test_same_claim_links_and_contradictions_keep_their_floors():
    from kg.tracking.embed import available

    if not available():
        pytest.skip("the floors were measured with the sentence-embedding model")
    found = tracking_quality.scores(polnear_pairs.labelled())
    true, wrong, _ = found["same"]
    assert true >= SAME_FOUND and wrong <= SAME_WRONG
    true, wrong, _ = found["opposite"]
    assert true >= OPPOSITE_FOUND and wrong <= OPPOSITE_WRONG


def test_the_paraphrase_corpus_keeps_its_floor():
    from kg.tracking.embed import available
    from kg.tracking.similarity import Comparer

    if not available():
        pytest.skip("the floor was measured with the sentence-embedding model")
    rows = [json.loads(line) for line in (ROOT / "tests" / "corpus" / "paraphrase_pairs.jsonl").open()]
    comparer = Comparer([t for r in rows for t in (r["a"], r["b"])])
    decided = [(comparer.compare(r["a"], r["b"]).same, r["same"]) for r in rows]
    assert sum(p and g for p, g in decided) >= PARAPHRASE_FOUND
    assert sum(p and not g for p, g in decided) <= PARAPHRASE_WRONG
