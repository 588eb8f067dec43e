"""Fit kg/tracking/pair_model.json, the learned "one proposition" decision, on the labelled pairs.

    python bench/train_pair_model.py          # print the cross-validated figures, write the model
    python bench/train_pair_model.py --check  # the same figures, without writing

The pairs are bench/tracking_pairs.jsonl (PolNeAR train, read by reference from ../shared).
Only the pairs whose meaning the comparison weighs are fitted on (kg.tracking.similarity: they
share a content word and enough wording, and no veto other than polarity rules them out); the
others are never linked, whatever a model says. A pair is a positive when its label is "same"
or "opposite": the model tells one proposition from two, the vetoes then tell a denial.

The fit is an L2-regularised logistic regression on standardised features, solved by Newton's
method (it converges exactly, so the same pairs give the same weights). Its two settings are
chosen by 5-fold cross-validation, folds split by the pair's two articles (a pair and its
mirror image fall in one fold): the penalty from PENALTIES and the linking threshold with the
best precision of "same claim" over the held-out folds at recall >= TARGET_RECALL. A pair one
of whose texts denies what the other states is a contradiction only when the model is surer
that they state one proposition: the denial threshold is the lowest (not below the linking one)
whose held-out contradictions reach CONTRADICTION_PRECISION. Those held-out figures are what
this prints as the model's quality; the figures of the shipped model on the pairs it was
fitted on are not evidence of anything. It also fits on the pairs labelled before each later
batch and scores that batch (LATER_BATCHES): pairs the model meets as new.
"""

from __future__ import annotations

import json
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear_pairs

from kg.tracking.pair_model import MODEL_FILE, PairModel, features
from kg.tracking.similarity import Comparer

FOLDS = 5
PENALTIES = (10.0, 30.0, 100.0, 300.0)
THRESHOLDS = [round(0.2 + 0.02 * i, 2) for i in range(36)]
NEWTON_STEPS = 30
TARGET_RECALL = 0.75  # issue 15: same-claim links P >= 0.90 at R >= 0.75
CONTRADICTION_PRECISION = 0.80  # issue 15: contradictions P >= 0.80
LATER_BATCHES = (700, 900)  # the first ids of the batches labelled blind after the cuts were set


@dataclass(frozen=True)
class Settings:
    penalty: float
    threshold: float  # the probability from which two reports are one proposition
    denial_threshold: float  # ... and from which a denial of one by the other is a contradiction


@dataclass(frozen=True)
class PairData:
    """The labelled pairs as the model sees them."""

    rows: list[dict]
    x: np.ndarray  # the features of the weighed pairs
    y: np.ndarray  # 1 where a weighed pair is one proposition ("same" or "opposite")
    weighed: list[int]  # the rows of x
    vetoed: list[bool]  # per row: a veto applies
    denied: list[bool]  # per row: the veto is a denial


def fit(x: np.ndarray, y: np.ndarray, penalty: float, settings: Settings | None = None) -> PairModel:
    """Fit the logistic regression (bias unpenalised) on standardised features."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0  # a feature constant over the pairs (weight 0) stays as it is
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    w = np.zeros(z.shape[1])
    ridge = np.full(z.shape[1], penalty)
    ridge[-1] = 0.0
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + ridge * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    threshold, denial = (settings.threshold, settings.denial_threshold) if settings else (0.5, 0.5)
    return PairModel(mean, scale, w[:-1], float(w[-1]), threshold, denial)


def pair_data(rows: list[dict]) -> PairData:
    """Compare every pair with the cuts' Comparer; keep the features of those whose meaning is weighed."""
    comparer = Comparer([t for r in rows for t in (r["a_text"], r["b_text"])], use_pair_model=False)
    xs, ys, weighed, vetoed, denied = [], [], [], [], []
    for i, r in enumerate(rows):
        s = comparer.compare(r["a_text"], r["b_text"])
        vetoed.append(s.veto is not None)
        denied.append(s.denied)
        if s.semantic is None:
            continue
        u, v = comparer.vector(r["a_text"]), comparer.vector(r["b_text"])
        xs.append(features(s.lexical, s.semantic, len(s.shared), s.fuller_quote, u, v))
        ys.append(r["label"] in ("same", "opposite"))
        weighed.append(i)
    return PairData(rows, np.array(xs), np.array(ys, dtype=float), weighed, vetoed, denied)


def fold_of(row: dict) -> int:
    return zlib.crc32("|".join(sorted((row["a"]["doc"], row["b"]["doc"]))).encode()) % FOLDS


def held_out_probabilities(data: PairData, penalty: float) -> dict[int, float]:
    """Give each weighed row's probability from a model fitted without its fold."""
    folds = np.array([fold_of(data.rows[i]) for i in data.weighed])
    out: dict[int, float] = {}
    for k in range(FOLDS):
        model = fit(data.x[folds != k], data.y[folds != k], penalty)
        for j in np.nonzero(folds == k)[0]:
            out[data.weighed[j]] = model.probability(data.x[j])
    return out


def counts(
    data: PairData, probability: dict[int, float], threshold: float, denial_threshold: float, only=None
) -> dict[str, tuple[int, int, int]]:
    """(true, wrong, missed) of same-claim links and of contradictions, over the rows `only` keeps."""
    out = {"same": [0, 0, 0], "opposite": [0, 0, 0]}
    for i, r in enumerate(data.rows):
        if only is not None and not only(r):
            continue
        p = probability.get(i, 0.0)
        linked = p >= threshold and not data.vetoed[i]
        contradiction = p >= denial_threshold and data.denied[i]
        for label, predicted in (("same", linked), ("opposite", contradiction)):
            gold = r["label"] == label
            out[label][0] += predicted and gold
            out[label][1] += predicted and not gold
            out[label][2] += gold and not predicted
    return {k: tuple(v) for k, v in out.items()}


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def precision(found: tuple[int, int, int]) -> float:
    return found[0] / max(found[0] + found[1], 1)


def line(found: tuple[int, int, int]) -> str:
    tp, fp, fn = found
    return (
        f"P {precision(found):.2f} R {tp / max(tp + fn, 1):.2f} F1 {f1(*found):.2f} "
        f"({tp} true pairs found, {fp} wrong, {fn} missed)"
    )


def settings_of_model_file() -> Settings:
    d = json.loads(MODEL_FILE.read_text())
    return Settings(d["penalty"], d["threshold"], d["denial_threshold"])


def held_out(data: PairData, settings: Settings) -> dict[str, tuple[int, int, int]]:
    """Give the cross-validated (true, wrong, missed) of links and contradictions at these settings."""
    probability = held_out_probabilities(data, settings.penalty)
    return counts(data, probability, settings.threshold, settings.denial_threshold)


def later_batches(data: PairData, settings: Settings) -> dict[int, dict[str, tuple[int, int, int]]]:
    """For each later batch, the figures of a model fitted on the pairs labelled before it."""
    number = [int(r["id"][1:]) for r in data.rows]
    out = {}
    for first in LATER_BATCHES:
        before = np.array([number[i] < first for i in data.weighed])
        model = fit(data.x[before], data.y[before], settings.penalty)
        probability = {i: model.probability(data.x[j]) for j, i in enumerate(data.weighed) if not before[j]}
        out[first] = counts(
            data,
            probability,
            settings.threshold,
            settings.denial_threshold,
            lambda r, first=first: int(r["id"][1:]) >= first,
        )
    return out


def choose(data: PairData) -> tuple[Settings, dict[str, tuple[int, int, int]]]:
    """Choose the settings by cross-validation (the module's docstring says how); give them and
    their held-out figures."""
    best = None
    for penalty in PENALTIES:
        probability = held_out_probabilities(data, penalty)
        for threshold in THRESHOLDS:
            found = counts(data, probability, threshold, threshold)
            tp, _, fn = found["same"]
            if tp / (tp + fn) >= TARGET_RECALL:
                key = (precision(found["same"]), tp, penalty)
                if best is None or key > best[0]:
                    best = (key, penalty, threshold, probability)
    _, penalty, threshold, probability = best
    denials = [t for t in THRESHOLDS if t >= threshold]
    sure = [
        t
        for t in denials
        if precision(counts(data, probability, threshold, t)["opposite"]) >= CONTRADICTION_PRECISION
    ]
    denial = (
        sure[0]
        if sure
        else max(denials, key=lambda t: precision(counts(data, probability, threshold, t)["opposite"]))
    )
    settings = Settings(penalty, threshold, denial)
    return settings, counts(data, probability, threshold, denial)


def main() -> None:
    if not polnear_pairs.available():
        print("../shared/eval/polnear is absent: nothing to train on")
        return
    data = pair_data(polnear_pairs.labelled())
    settings, found = choose(data)
    print(
        f"{len(data.rows)} pairs; penalty {settings.penalty}, threshold {settings.threshold}, "
        f"denial threshold {settings.denial_threshold} (5-fold, by article pair)"
    )
    print("  held out, same claim     " + line(found["same"]))
    print("  held out, contradiction  " + line(found["opposite"]))
    for first, batch in later_batches(data, settings).items():
        print(f"  fitted on the pairs before p{first}, on p{first}-: same claim " + line(batch["same"]))
    if "--check" not in sys.argv:
        model = fit(data.x, data.y, settings.penalty, settings)
        MODEL_FILE.write_text(json.dumps({**model.to_json(), "penalty": settings.penalty}) + "\n")
        print(f"  wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()
