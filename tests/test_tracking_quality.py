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
import train_pair_model  # noqa: E402

# Measured on the 1,224 pairs with `python bench/train_pair_model.py` and `python -m
# bench.tracking_quality`. The pair model (kg/tracking/pair_model.py) at its settings, 5-fold
# cross-validated (weights from the other folds; the settings were chosen on these scores, so
# the figures flatter): same-claim links P 0.89 R 0.55 (114 found, 14 wrong), contradictions
# P 0.88 R 0.44 (7 found, 1 wrong). The honest figures (nested cross-validation: P 0.84 R 0.54;
# later batches) are the bench's, not floors: they refit the settings too, which takes minutes.
# The target for links, P 0.90 at R 0.75, is not reached. The cuts alone (a Comparer
# without the model), at about the same recall: P 0.72 R 0.56 (116 found, 45 wrong),
# contradictions 7 found, 6 wrong.
HELD_OUT_FOUND, HELD_OUT_WRONG = 114, 14
HELD_OUT_OPPOSITE_FOUND, HELD_OUT_OPPOSITE_WRONG = 7, 1
SAME_FOUND, SAME_WRONG = 116, 45
OPPOSITE_FOUND, OPPOSITE_WRONG = 7, 6
# tests/corpus/paraphrase_pairs.jsonl, same-statement decisions as the product makes them (claims by
# the pair model, outcomes by the cuts): P 0.62 R 0.50 (21 found, 13 wrong); the cuts alone: 24 / 17.
PARAPHRASE_FOUND, PARAPHRASE_WRONG = 21, 13


def test_the_labelled_set_is_stored_by_reference_with_a_third_hard_negatives():
    rows = [json.loads(line) for line in polnear_pairs.LABELLED.open()]
    assert len(rows) >= 300
    assert sum(r["hard"] for r in rows) * 3 >= len(rows)
    assert all(r["hard"] <= (r["label"] == "different") for r in rows)
    for r in rows:  # ids and character ranges, never the text
        assert set(r) == {"id", "speaker", "a", "b", "label", "hard"}
        assert set(r["a"]) == set(r["b"]) == {"doc", "ranges"}
        assert r["a"]["doc"] != r["b"]["doc"]


def test_read_again_pairs_carry_the_majority_label():
    """A pair read three times is labelled as two readings of three have it; one read twice keeps
    its first label, and a repeat of its two texts (the same references' texts) its label."""
    rows = {json.loads(line)["id"]: json.loads(line) for line in polnear_pairs.LABELLED.open()}
    readings = polnear_pairs.readings()
    assert len(readings) >= 300 and {r["id"] for r in readings} <= set(rows)
    labels = {"same", "opposite", "different"}
    for r in readings:
        assert {r["first"], r["second"], r.get("third", "same")} <= labels
        assert ("third" in r) == (r["first"] != r["second"])  # the third reads what two disagree on
        assert rows[r["id"]]["label"] == polnear_pairs.majority(r)


@pytest.mark.skipif(not polnear_pairs.available(), reason="../shared/eval/polnear is absent")
def test_same_claim_links_and_contradictions_keep_their_floors():
    from kg.tracking.embed import available

    if not available():
        pytest.skip("the floors were measured with the sentence-embedding model")
    found = tracking_quality.cut_scores(polnear_pairs.labelled())
    true, wrong, _ = found["same"]
    assert true >= SAME_FOUND and wrong <= SAME_WRONG
    true, wrong, _ = found["opposite"]
    assert true >= OPPOSITE_FOUND and wrong <= OPPOSITE_WRONG


@pytest.mark.skipif(not polnear_pairs.available(), reason="../shared/eval/polnear is absent")
def test_the_pair_model_keeps_its_cross_validated_floors_and_is_what_its_script_fits():
    from kg.tracking.embed import available
    from kg.tracking.pair_model import load_pair_model

    model = load_pair_model()
    if not available() or model is None:
        pytest.skip("the pair model, and the sentence embeddings it weighs, are needed")
    data = train_pair_model.pair_data(polnear_pairs.labelled())
    penalty = model.settings.penalty
    # The shipped thresholds are what bench/train_pair_model.py chooses at the shipped penalty
    # (it also tries other penalties: that choice is the bench's, minutes of fits), ...
    settings, found, _ = train_pair_model.thresholds(
        data, penalty, train_pair_model.held_out_probabilities(data, penalty)
    )
    assert settings == model.settings
    true, wrong, _ = found["same"]
    assert true >= HELD_OUT_FOUND and wrong <= HELD_OUT_WRONG
    true, wrong, _ = found["opposite"]
    assert true >= HELD_OUT_OPPOSITE_FOUND and wrong <= HELD_OUT_OPPOSITE_WRONG
    # ... and the shipped weights what it fits on all the pairs.
    refitted = train_pair_model.fit(*data.matrix(), settings)
    for shipped, fitted in (
        (model.weights, refitted.weights),
        (model.mean, refitted.mean),
        (model.scale, refitted.scale),
    ):
        assert abs(shipped - fitted).max() < 1e-4
    assert abs(model.bias - refitted.bias) < 1e-4


def test_the_paraphrase_corpus_keeps_its_floor():
    from kg.tracking.embed import available
    from kg.tracking.pair_model import load_pair_model
    from kg.tracking.similarity import Comparer

    if not available() or load_pair_model() is None:
        pytest.skip("the floor was measured with the sentence-embedding model and the pair model")
    rows = [json.loads(line) for line in (ROOT / "tests" / "corpus" / "paraphrase_pairs.jsonl").open()]
    comparer = Comparer([t for r in rows for t in (r["a"], r["b"])])
    decided = [(comparer.compare(r["a"], r["b"], learned=r["kind"] == "claim").same, r["same"]) for r in rows]
    assert sum(p and g for p, g in decided) >= PARAPHRASE_FOUND
    assert sum(p and not g for p, g in decided) <= PARAPHRASE_WRONG
