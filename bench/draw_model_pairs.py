"""Draw a batch of report pairs to label where the pair model decides (bench/TRACKING_PAIRS.md).

    python bench/draw_model_pairs.py BATCH OUT.jsonl     # BATCH: 5 (p900 on) or 6 (p1300 on)

Every labelled pair with Dice >= 0.3 had been read by the fourth batch, and the pair model
learns more with every pair (`python bench/train_pair_model.py --curve`). A batch's pool is
every same-speaker pair across articles with Dice in its range (content words as
`polnear_pairs` counts them) that no earlier batch drew (labelled, or dropped as no report of
the person: bench/tracking_pairs_dropped.jsonl). Drawn from it:
- every pair the pair model in the repository gives a probability >= the batch's cut: the
  pairs it links or nearly links, where its wrong links are;
- a number more at random: what the pool holds otherwise.
Both in one shuffled order, numbered from the batch's first id. The model is refitted after
each batch, so a batch is drawn again only at the commit it was drawn at (batch 5: 6ba95b9);
the ids of each batch's model-drawn part are kept in bench/tracking_pairs_model_drawn.json.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear_pairs

from kg.tracking.similarity import Comparer

DROPPED = polnear_pairs.ROOT / "bench" / "tracking_pairs_dropped.jsonl"


@dataclass(frozen=True)
class Batch:
    first_id: int
    min_dice: float
    max_dice: float
    model_probability: float  # drawn when the pair model gives at least this
    random_pairs: int
    seed: int


BATCHES = {
    5: Batch(900, 0.2, 0.3, 0.2, 150, 29),
    6: Batch(1300, 0.1, 0.3, 0.1, 80, 31),
}


def pool(batch: Batch) -> list[tuple[str, polnear_pairs.Ref, polnear_pairs.Ref, str, str, float]]:
    """The pairs of one speaker in two articles with Dice in the batch's range that no earlier
    batch drew."""
    earlier = [json.loads(line) for path in (polnear_pairs.LABELLED, DROPPED) for line in path.open()]
    done = {polnear_pairs.pair_key(r["a"], r["b"]) for r in earlier if int(r["id"][1:]) < batch.first_id}
    return [
        (speaker, ra, rb, ta, tb, round(dice, 3))
        for speaker, ra, ta, rb, tb, dice in polnear_pairs.speaker_pairs()
        if batch.min_dice <= dice < batch.max_dice
        and polnear_pairs.pair_key(ra.to_json(), rb.to_json()) not in done
    ]


def draw(batch: Batch) -> tuple[list[dict], list[str]]:
    """The batch's pairs, and the ids of those the model drew."""
    pairs = pool(batch)
    comparer = Comparer([t for p in pairs for t in p[3:5]])
    likely = [
        p for p in pairs if (comparer.compare(p[3], p[4]).probability or 0.0) >= batch.model_probability
    ]
    rng = random.Random(batch.seed)
    rest = [p for p in pairs if p not in likely]
    chosen = likely + rng.sample(rest, min(batch.random_pairs, len(rest)))
    rng.shuffle(chosen)
    rows = [
        {"id": f"p{batch.first_id + i}", "speaker": s, "a": ra.to_json(), "b": rb.to_json(), "dice": dice}
        for i, (s, ra, rb, _, _, dice) in enumerate(chosen)
    ]
    return rows, [row["id"] for row, pair in zip(rows, chosen, strict=True) if pair in likely]


if __name__ == "__main__":
    batch = BATCHES[int(sys.argv[1])]
    rows, model_drawn = draw(batch)
    polnear_pairs.write_drawn(
        rows, sys.argv[2], f"pairs drawn ({len(model_drawn)} by the model), p{batch.first_id}-"
    )
    print("model-drawn ids:", json.dumps(model_drawn))
