"""Pairs of reports from PolNeAR train, stored by reference (article id and character ranges into
../shared/eval/polnear), never by copying text: the labelled set of bench/tracking_quality.py.

    python bench/polnear_pairs.py candidates OUT.jsonl   # unlabelled pairs to read and label

A report is a gold attribution's Content, its speaker a named Source (one of SPEAKERS). Candidate
pairs join two reports of one speaker in two articles: those that share content words (where
the same claim and its hard negatives are) and a few drawn at random.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"
LABELLED = ROOT / "bench" / "tracking_pairs.jsonl"
# A second blind reading of 300 of them, and a third of the 15 the two readings disagreed on
# (bench/TRACKING_PAIRS.md, "How far two readers agree").
READINGS = ROOT / "bench" / "tracking_pairs_readings.jsonl"
# The people most quoted by several outlets in the 2016 campaign.
SPEAKERS = (
    "Trump Clinton Sanders Cruz Obama Rubio Carson Bush Ryan Kasich Manafort Christie Fiorina Biden "
    "Pence Comey Graham Kaine Conway"
).split()
# "the Trump campaign", "a Clinton ally", "Sanders supporters": not the person speaking.
_NOT_THE_PERSON = re.compile(
    r"\b(?:campaign|ally|allies|supporters|backers|aides|defenders|officials|administration|Republicans|and)\b",
    re.I,
)
_STOP = frozenset(
    "a an the and or of to in on for at by with from that this is are was were be been it its he she "
    "they we i you his her their our not will would said says has have had as but if about".split()
)


@dataclass(frozen=True)
class Ref:
    doc: str  # the article's file stem in polnear/train/text
    ranges: tuple[tuple[int, int], ...]  # character ranges of the content

    def text(self) -> str:
        article = (POLNEAR / "train" / "text" / f"{self.doc}.txt").read_text()
        return " ... ".join(article[a:b] for a, b in self.ranges)

    def to_json(self) -> dict:
        return {"doc": self.doc, "ranges": [list(r) for r in self.ranges]}

    @staticmethod
    def from_json(d: dict) -> Ref:
        return Ref(d["doc"], tuple(tuple(r) for r in d["ranges"]))


def readings() -> list[dict]:
    """The pairs read again: id, stratum, weight (pairs of its stratum per pair drawn), and the
    first (the label before the readings), second and, where they disagreed, third label."""
    return [json.loads(line) for line in READINGS.open()]


def majority(reading: dict) -> str:
    """The label most readings of a pair give (the first, where all three differ)."""
    votes = [reading[k] for k in ("first", "second", "third") if k in reading]
    return max(votes, key=votes.count)  # max keeps the first of equals


def available() -> bool:
    return (POLNEAR / "train" / "text").is_dir()


def labelled() -> list[dict]:
    """The labelled pairs, each with its two texts read from ../shared."""
    rows = [json.loads(line) for line in LABELLED.open()]
    for row in rows:
        row["a_text"] = Ref.from_json(row["a"]).text()
        row["b_text"] = Ref.from_json(row["b"]).text()
    return rows


def reports() -> list[tuple[str, Ref, str]]:
    """(speaker, reference, text) for every named speaker's attribution in train."""
    sys.path.insert(0, str(POLNEAR.parent))
    import polnear  # the benchmark's own reader of the brat files

    out = []
    for stem, text, ann in polnear.docs("train"):
        for g in polnear.parse_ann(ann):
            source = g["source_text"]
            if len(source.split()) > 4 or "'s" in source or "’s" in source or _NOT_THE_PERSON.search(source):
                continue
            speaker = next((s for s in SPEAKERS if re.search(rf"\b{s}\b", source)), None)
            ref = Ref(stem, tuple(sorted(tuple(r) for r in g["content"])))
            words = ref_text = " ... ".join(text[a:b] for a, b in ref.ranges)
            if speaker and 6 <= len(words.split()) <= 45:
                out.append((speaker, ref, ref_text))
    return out


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2)


def speaker_pairs() -> Iterator[tuple[str, Ref, str, Ref, str, float]]:
    """(speaker, a, a's text, b, b's text, content-word Dice) for every pair of one speaker's
    reports in two articles, in a fixed order (the batch draws depend on it)."""
    by_speaker: dict[str, list[tuple[Ref, str]]] = {}
    for speaker, ref, text in reports():
        by_speaker.setdefault(speaker, []).append((ref, text))
    for speaker, items in by_speaker.items():
        for (ra, ta), (rb, tb) in itertools.combinations(items, 2):
            if ra.doc != rb.doc:
                wa, wb = content_words(ta), content_words(tb)
                yield speaker, ra, ta, rb, tb, 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0


def pair_key(a: dict, b: dict) -> frozenset[str]:
    """What names a pair of references whichever comes first (their JSON forms)."""
    return frozenset(json.dumps(ref, sort_keys=True) for ref in (a, b))


def candidates(seed: int = 15) -> list[dict]:
    rng = random.Random(seed)
    close, far = [], []
    for speaker, ra, _, rb, _, dice in speaker_pairs():
        pair = {"speaker": speaker, "a": ra.to_json(), "b": rb.to_json(), "dice": round(dice, 3)}
        (close if dice >= 0.3 else far).append(pair)
    close.sort(key=lambda p: -p["dice"])
    return close + rng.sample(far, min(len(far), 80))


def write_drawn(rows: list[dict], path: str, what: str) -> None:
    """Write drawn pairs as JSON lines, and say how many went where."""
    with open(path, "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    print(f"{len(rows)} {what} -> {path}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["candidates"]:
        write_drawn(candidates(), sys.argv[2], "candidate pairs")
