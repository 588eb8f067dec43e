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

# Measured with `python -m bench.tracking_quality` on the 945 pairs. The pair model
# (kg/tracking/pair_model.py), each fold fitted without it (5-fold by article pair): same-claim
# links P 0.80 R 0.75 (145 found, 37 wrong), contradictions P 0.86 R 0.46 (6 found, 1 wrong).
# The target for links, P 0.90 at R 0.75, is not reached. The cuts alone (what a Comparer
# without the model decides): P 0.75 R 0.61 (118 found, 40 wrong), contradictions 7 found, 3
# wrong. The fifth batch (p900-) holds 151 pairs the first model linked or nearly linked, so
# it is hard by design: on the 664 pairs before it the model scored P 0.86 R 0.75 held out.
HELD_OUT_FOUND, HELD_OUT_WRONG = 145, 37
HELD_OUT_OPPOSITE_FOUND, HELD_OUT_OPPOSITE_WRONG = 6, 1
SAME_FOUND, SAME_WRONG = 118, 40
OPPOSITE_FOUND, OPPOSITE_WRONG = 7, 3
# tests/corpus/paraphrase_pairs.jsonl, same-statement decisions with the pair model: P 0.62 R 0.57 (24
# found, 15 wrong; the cuts alone: 24 found, 17 wrong).
PARAPHRASE_FOUND, PARAPHRASE_WRONG = 24, 15


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
    found = tracking_quality.scores(polnear_pairs.labelled(), pair_model=False)
    true, wrong, _ = found["same"]
    assert true >= SAME_FOUND and wrong <= SAME_WRONG
    true, wrong, _ = found["opposite"]
    assert true >= OPPOSITE_FOUND and wrong <= OPPOSITE_WRONG


@pytest.mark.skipif(not polnear_pairs.available(), reason="../shared/eval/polnear is absent")
def test_the_pair_model_keeps_its_held_out_floors_and_is_what_its_script_fits():
    from kg.tracking.embed import available
    from kg.tracking.pair_model import load_pair_model

    if not available():
        pytest.skip("the pair model weighs the sentence embeddings")
    data = train_pair_model.pair_data(polnear_pairs.labelled())
    settings = train_pair_model.settings_of_model_file()
    found = train_pair_model.held_out(data, settings)
    true, wrong, _ = found["same"]
    assert true >= HELD_OUT_FOUND and wrong <= HELD_OUT_WRONG
    true, wrong, _ = found["opposite"]
    assert true >= HELD_OUT_OPPOSITE_FOUND and wrong <= HELD_OUT_OPPOSITE_WRONG
    # The shipped weights are what bench/train_pair_model.py fits on the labelled pairs.
    shipped, refitted = load_pair_model(), train_pair_model.fit(data.x, data.y, settings.penalty, settings)
    assert abs(shipped.weights - refitted.weights).max() < 1e-4
    assert abs(shipped.bias - refitted.bias) < 1e-4


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
