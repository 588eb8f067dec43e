"""Draw the fourth batch of labelled report pairs (bench/TRACKING_PAIRS.md), ids p700 on.

    python bench/draw_pairs4.py OUT.jsonl

Every candidate of `polnear_pairs.candidates()` with Dice >= 0.3 whose two references (in either
order) are not yet in bench/tracking_pairs.jsonl, in the candidates' order, shuffled with
random.Random(23) and numbered p700, p701, ... in that order: the unlabelled pairs to read.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear_pairs

SEED, FIRST_ID, MIN_DICE = 23, 700, 0.3


def _key(pair: dict) -> frozenset[str]:
    return frozenset(json.dumps(pair[side], sort_keys=True) for side in ("a", "b"))


def draw() -> list[dict]:
    done = {_key(json.loads(line)) for line in polnear_pairs.LABELLED.open()}
    fresh = [p for p in polnear_pairs.candidates() if p["dice"] >= MIN_DICE and _key(p) not in done]
    random.Random(SEED).shuffle(fresh)
    return [{"id": f"p{FIRST_ID + i}", **pair} for i, pair in enumerate(fresh)]


if __name__ == "__main__":
    rows = draw()
    with open(sys.argv[1], "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    print(f"{len(rows)} pairs drawn, p{FIRST_ID}-p{FIRST_ID + len(rows) - 1} -> {sys.argv[1]}")
