"""Draw the fifth batch of labelled report pairs (bench/TRACKING_PAIRS.md), ids p900 on.

    python bench/draw_pairs5.py OUT.jsonl

Every labelled pair with Dice >= 0.3 had been read (batches 1-4); the pair model learns more
with every pair (at commit 6ba95b9: fitted on half the pairs it linked at cross-validated P
0.76, on three quarters 0.81, on all 0.86, at R 0.75). The pool is every unlabelled same-speaker
pair across articles with 0.2 <= Dice < 0.3 (content words as `polnear_pairs` counts them;
2,801 pairs). Drawn from it:
- every pair the pair model of commit 6ba95b9 gives a probability >= MODEL_PROBABILITY: the
  pairs it links or nearly links, where its wrong links are (151 pairs);
- RANDOM_PAIRS more at random (Random(SEED)): what the pool holds otherwise.
Both in one shuffled order (Random(SEED)), numbered p900, p901, ... The model has been refitted
since, so this draws the batch again at commit 6ba95b9 only; the ids of its model-drawn half are
kept in bench/tracking_pairs_p900_model_drawn.json.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear_pairs

from kg.tracking.similarity import Comparer

SEED, FIRST_ID = 29, 900
MIN_DICE, MAX_DICE = 0.2, 0.3
MODEL_PROBABILITY = 0.2
RANDOM_PAIRS = 150


def _key(a: polnear_pairs.Ref, b: polnear_pairs.Ref) -> frozenset[str]:
    return frozenset(json.dumps(ref.to_json(), sort_keys=True) for ref in (a, b))


def pool() -> list[tuple[str, polnear_pairs.Ref, polnear_pairs.Ref, str, str, float]]:
    """The unlabelled pairs of one speaker in two articles with MIN_DICE <= Dice < MAX_DICE (pairs
    labelled before this batch, ids below FIRST_ID, are out)."""
    rows = [json.loads(line) for line in polnear_pairs.LABELLED.open()]
    done = {
        _key(polnear_pairs.Ref.from_json(r["a"]), polnear_pairs.Ref.from_json(r["b"]))
        for r in rows
        if int(r["id"][1:]) < FIRST_ID
    }
    by_speaker: dict[str, list[tuple[polnear_pairs.Ref, str]]] = {}
    for speaker, ref, text in polnear_pairs.reports():
        by_speaker.setdefault(speaker, []).append((ref, text))
    out = []
    for speaker, items in by_speaker.items():
        for (ra, ta), (rb, tb) in itertools.combinations(items, 2):
            if ra.doc == rb.doc or _key(ra, rb) in done:
                continue
            wa, wb = polnear_pairs.content_words(ta), polnear_pairs.content_words(tb)
            dice = 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0
            if MIN_DICE <= dice < MAX_DICE:
                out.append((speaker, ra, rb, ta, tb, round(dice, 3)))
    return out


def draw() -> list[dict]:
    pairs = pool()
    comparer = Comparer([t for p in pairs for t in p[3:5]])
    likely = [p for p in pairs if (comparer.compare(p[3], p[4]).probability or 0.0) >= MODEL_PROBABILITY]
    rng = random.Random(SEED)
    rest = [p for p in pairs if p not in likely]
    chosen = likely + rng.sample(rest, min(RANDOM_PAIRS, len(rest)))
    rng.shuffle(chosen)
    return [
        {"id": f"p{FIRST_ID + i}", "speaker": s, "a": ra.to_json(), "b": rb.to_json(), "dice": dice}
        for i, (s, ra, rb, _, _, dice) in enumerate(chosen)
    ]


if __name__ == "__main__":
    rows = draw()
    polnear_pairs.write_drawn(rows, sys.argv[1], f"pairs drawn, p{FIRST_ID}-p{FIRST_ID + len(rows) - 1}")
