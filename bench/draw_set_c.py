"""Draw the PolNeAR train articles of agreement sets c and d (bench/AGREEMENT_GOLD.md).

    python -m bench.draw_set_c [--set c|d] [--eval DIR]

Set c is a second development set drawn like held-out set b (longer, less keyword-dense prose)
so rules can be developed on that kind of text without touching b. Among the train articles of
neither set a nor set b: the 20 of 4,500-9,000 characters densest in agreement words, then 20
drawn with random.Random(2018) from the sorted others of 1,500-9,000 characters. Set d, a second
held-out set drawn the same way after set c had been developed on (its gains there, 0.43 ->
0.585, moved set b only 0.26 -> 0.27), is 10 and 10 more among the articles of no earlier set,
with random.Random(2026). Prints the sorted stems and the count per outlet; a draw depends only
on the texts and the earlier sets.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.quality import EVAL

LABELS = Path(__file__).resolve().parent / "polnear_agreements.jsonl"
# the agreement words of the set a and set b draws
AGREEMENT_WORDS = re.compile(
    r"\b(agree\w*|deal\w*|pledg\w*|promis\w*|vow\w*|endors\w*|propos\w*|plan\w* to|reject\w*"
    r"|refus\w*|declin\w*|signed|called for|urg\w*|accept\w*)\b",
    re.IGNORECASE,
)
LONG = (4500, 9000)  # characters, the screened draw
ANY = (1500, 9000)  # characters, the random draw


@dataclass(frozen=True)
class Draw:
    earlier: tuple[str, ...]  # the sets whose articles are left out
    screened: int  # densest in agreement words among the long ones
    drawn: int  # at random among the others
    seed: int


DRAWS = {"c": Draw(("a", "b"), 20, 20, 2018), "d": Draw(("a", "b", "c"), 10, 10, 2026)}


def draw(eval_dir: Path, labelled_set: str = "c") -> list[str]:
    """The sorted stems of a set: screened by keyword density, then at random."""
    how = DRAWS[labelled_set]
    earlier = {
        row["doc"] for row in map(json.loads, LABELS.read_text().splitlines()) if row["set"] in how.earlier
    }
    texts = {p.stem: p.read_text() for p in sorted((eval_dir / "polnear" / "train" / "text").glob("*.txt"))}
    unused = {stem: text for stem, text in texts.items() if stem not in earlier}
    long = [stem for stem, text in unused.items() if LONG[0] <= len(text) <= LONG[1]]
    screened = sorted(long, key=lambda s: -len(AGREEMENT_WORDS.findall(unused[s])) / len(unused[s]))[
        : how.screened
    ]
    rest = sorted(s for s, t in unused.items() if ANY[0] <= len(t) <= ANY[1] and s not in screened)
    return sorted(screened + random.Random(how.seed).sample(rest, how.drawn))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder")
    ap.add_argument("--set", choices=sorted(DRAWS), default="c", help="which set to draw (default c)")
    args = ap.parse_args()
    stems = draw(args.eval, args.set)
    print("\n".join(stems))
    print(dict(Counter(s.split("_")[0] for s in stems)))


if __name__ == "__main__":
    main()
