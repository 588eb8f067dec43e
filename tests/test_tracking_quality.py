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

# Measured with `python bench/tracking_quality.py` (lemma-dice+minilm): same-claim links
# P 0.75 R 0.69 (74 found, 25 wrong), contradictions P 0.33 (2 found, 4 wrong). The issue's
# targets (P >= 0.90, R >= 0.75; contradictions P >= 0.80) are not reached yet.
SAME_FOUND, SAME_WRONG = 74, 25
OPPOSITE_FOUND, OPPOSITE_WRONG = 2, 4


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
    from kg.embed import available

    if not available():
        pytest.skip("the floors were measured with the sentence-embedding model")
    found = tracking_quality.scores(polnear_pairs.labelled())
    true, wrong, _ = found["same"]
    assert true >= SAME_FOUND and wrong <= SAME_WRONG
    true, wrong, _ = found["opposite"]
    assert true >= OPPOSITE_FOUND and wrong <= OPPOSITE_WRONG
