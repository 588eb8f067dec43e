"""Draw the fourth batch of labelled report pairs (bench/TRACKING_PAIRS.md), ids p700 on.

    python bench/draw_pairs4.py OUT.jsonl

Every candidate of `polnear_pairs.candidates()` with Dice >= 0.3 whose two references (in either
order) were not in bench/tracking_pairs.jsonl before this batch (ids below p700), in the
candidates' order, shuffled with random.Random(23) and numbered p700, p701, ... in that order.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear_pairs

SEED, FIRST_ID, MIN_DICE = 23, 700, 0.3


def draw() -> list[dict]:
    rows = [json.loads(line) for line in polnear_pairs.LABELLED.open()]
    # the pairs labelled before this batch
    done = {polnear_pairs.pair_key(r["a"], r["b"]) for r in rows if int(r["id"][1:]) < FIRST_ID}
    fresh = [
        p
        for p in polnear_pairs.candidates()
        if p["dice"] >= MIN_DICE and polnear_pairs.pair_key(p["a"], p["b"]) not in done
    ]
    random.Random(SEED).shuffle(fresh)
    return [{"id": f"p{FIRST_ID + i}", **pair} for i, pair in enumerate(fresh)]


if __name__ == "__main__":
    rows = draw()
    polnear_pairs.write_drawn(rows, sys.argv[1], f"pairs drawn, p{FIRST_ID}-p{FIRST_ID + len(rows) - 1}")
