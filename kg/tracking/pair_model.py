"""The learned decision whether two reports state one proposition, for pairs whose meaning is weighed.

Hand-set cuts on the Dice and the embedding cosine were fitted on the pairs they were measured
on, and fell on the batches of labelled pairs drawn after them (bench/TRACKING_PAIRS.md). A
logistic regression over the same scores plus the elementwise product and distance of the two
MiniLM embeddings (which meaning the texts share, not only how much), by nested
cross-validation over the 1,224 labelled pairs, links at P 0.84 R 0.54 where the cuts give
P 0.72 at about the same recall. Its weights are kg/tracking/pair_model.json, fitted by
bench/train_pair_model.py on every labelled pair (bench/tracking_pairs.jsonl, PolNeAR train),
which prints these figures and says how its settings are chosen.

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

from kg.tracking.embed import DIMENSION, MODEL_PACKAGE

MODEL_FILE = Path(__file__).with_name("pair_model.json")
# The wording scores a pair's features start with, in this order; the embeddings' product and
# absolute difference follow (DIMENSION values each), both symmetric in the two texts.
SCORES = ("lexical", "semantic", "shared_words", "fuller_quote")
# The embeddings the weights were fitted on: another model's vectors would be read as these.
EMBEDDINGS = f"{MODEL_PACKAGE}/{DIMENSION}"


def features(
    lexical: float, semantic: float, shared: int, fuller_quote: bool, u: np.ndarray, v: np.ndarray
) -> np.ndarray:
    """Give the feature vector of a pair: its wording scores, then u * v and |u - v|."""
    scores = np.array([lexical, semantic, shared, float(fuller_quote)], dtype=np.float64)
    return np.concatenate([scores, u * v, np.abs(u - v)])


@dataclass(frozen=True)
class Settings:
    """What bench/train_pair_model.py chooses by cross-validation."""

    penalty: float  # the L2 penalty of the fit
    threshold: float  # the probability from which two texts are one proposition
    denial_threshold: float  # ... and from which one's denial of the other is a contradiction


@dataclass(frozen=True)
class PairModel:
    """A logistic regression on standardised features, with the settings it was fitted at."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    settings: Settings

    def probability(self, x: np.ndarray) -> float:
        """Give the probability that a pair with features `x` states one proposition."""
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return float(1.0 / (1.0 + np.exp(-z)))

    def threshold(self, denied: bool) -> float:
        """The probability from which a pair is one proposition: higher when one text denies what
        the other states, as a wrong contradiction says a speaker reversed himself."""
        return self.settings.denial_threshold if denied else self.settings.threshold

    def to_json(self) -> dict:
        return {
            "embeddings": EMBEDDINGS,
            "scores": list(SCORES),
            "penalty": self.settings.penalty,
            "threshold": self.settings.threshold,
            "denial_threshold": self.settings.denial_threshold,
            "bias": self.bias,
            "mean": _numbers(self.mean),
            "scale": _numbers(self.scale),
            "weights": _numbers(self.weights),
        }

    @staticmethod
    def from_json(d: dict) -> PairModel:
        size = len(SCORES) + 2 * DIMENSION
        if d["embeddings"] != EMBEDDINGS or d["scores"] != list(SCORES) or len(d["weights"]) != size:
            raise ValueError(
                f"{MODEL_FILE} was fitted on {d['embeddings']} and scores {d['scores']} "
                f"({len(d['weights'])} features); this code gives {EMBEDDINGS} and {SCORES} ({size})"
            )
        settings = Settings(float(d["penalty"]), float(d["threshold"]), float(d["denial_threshold"]))
        return PairModel(
            np.array(d["mean"]), np.array(d["scale"]), np.array(d["weights"]), float(d["bias"]), settings
        )


def _numbers(values: np.ndarray) -> list[float]:
    return [float(f"{x:.7g}") for x in values]  # float32 embeddings: 7 digits lose nothing


@functools.cache
def load_pair_model() -> PairModel | None:
    """Give the shipped pair model, or None when its file is absent (the cuts decide then)."""
    return PairModel.from_json(json.loads(MODEL_FILE.read_text())) if MODEL_FILE.is_file() else None
