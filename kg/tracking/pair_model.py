"""The learned decision whether two reports state one proposition, for pairs whose meaning is weighed.

Hand-set cuts on the Dice and the embedding cosine were fitted on the pairs they were measured
on: on a batch of labelled pairs drawn and labelled after them (bench/TRACKING_PAIRS.md, p700
on) they linked at P 0.47 R 0.30. A logistic regression over the same scores plus the
elementwise product and distance of the two MiniLM embeddings (which meaning the texts share,
not only how much) does better on new pairs: fitted on the pairs before p700, on p700 on, P 0.51
R 0.66; over all 945 pairs, held out, P 0.80 R 0.75 where the cuts give 0.75 / 0.61. Its
weights are kg/tracking/pair_model.json, fitted by bench/train_pair_model.py on every labelled
pair (bench/tracking_pairs.jsonl, PolNeAR train); that script prints the held-out figures.

The model says whether the two texts state one proposition, asserted or denied alike (the
"opposite" pairs are positives for it): the vetoes of kg.tracking.similarity then tell a
denial (a contradiction) and a different number or date apart, as they did after the cuts. A
denial counts as a contradiction from a higher probability (denial_threshold): a wrong
contradiction says a speaker reversed himself.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("pair_model.json")
# The wording scores a pair's features start with, in this order; the embeddings' product and
# absolute difference follow (384 values each), both symmetric in the two texts.
SCORES = ("lexical", "semantic", "shared_words", "fuller_quote")


def features(
    lexical: float, semantic: float, shared: int, fuller_quote: bool, u: np.ndarray, v: np.ndarray
) -> np.ndarray:
    """Give the feature vector of a pair: its wording scores, then u * v and |u - v|."""
    scores = np.array([lexical, semantic, shared, float(fuller_quote)], dtype=np.float64)
    return np.concatenate([scores, u * v, np.abs(u - v)])


@dataclass(frozen=True)
class PairModel:
    """A logistic regression on standardised features, and the probability from which it links."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float  # from which two texts are one proposition
    denial_threshold: float  # ... and from which one's denial of the other is a contradiction

    def probability(self, x: np.ndarray) -> float:
        """Give the probability that a pair with features `x` states one proposition."""
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return float(1.0 / (1.0 + np.exp(-z)))

    def to_json(self) -> dict:
        return {
            "scores": list(SCORES),
            "threshold": self.threshold,
            "denial_threshold": self.denial_threshold,
            "bias": self.bias,
            "mean": _numbers(self.mean),
            "scale": _numbers(self.scale),
            "weights": _numbers(self.weights),
        }

    @staticmethod
    def from_json(d: dict) -> PairModel:
        if d["scores"] != list(SCORES):
            raise ValueError(f"{MODEL_FILE}: trained on scores {d['scores']}, this code gives {SCORES}")
        return PairModel(
            np.array(d["mean"]),
            np.array(d["scale"]),
            np.array(d["weights"]),
            float(d["bias"]),
            float(d["threshold"]),
            float(d["denial_threshold"]),
        )


def _numbers(values: np.ndarray) -> list[float]:
    return [float(f"{x:.7g}") for x in values]  # float32 embeddings: 7 digits lose nothing


@functools.cache
def load_pair_model() -> PairModel | None:
    """Give the shipped pair model, or None when its file is absent (the cuts decide then)."""
    return PairModel.from_json(json.loads(MODEL_FILE.read_text())) if MODEL_FILE.is_file() else None
