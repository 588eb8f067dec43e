"""Fit kg/tracking/pair_model.json, the learned "one proposition" decision, on the labelled pairs.

    python bench/train_pair_model.py          # print the held-out figures, write the model
    python bench/train_pair_model.py --check  # the same figures, without writing
    python bench/train_pair_model.py --curve  # also: held-out precision against training size

The pairs are bench/tracking_pairs.jsonl (PolNeAR train, read by reference from ../shared):
claims of one speaker, so the product asks the model about claim contents only (agreement
outcomes keep the cuts: kg.tracking.similarity.Comparer.compare's `learned`).
Only the pairs whose meaning the comparison weighs are fitted on (kg.tracking.similarity: they
share a content word and enough wording, and no veto other than polarity rules them out); the
others are never linked, whatever a model says. A pair is a positive when its label is "same"
or "opposite": the model tells one proposition from two, the vetoes then tell a denial.

The fit is an L2-regularised logistic regression on standardised features, solved by Newton's
method (it converges exactly, so the same pairs give the same weights). Its settings are chosen
by 5-fold cross-validation: the penalty from PENALTIES and the linking threshold with the best
F-beta of "same claim" over the held-out folds (PRECISION_WEIGHT says why); the denial
threshold (a denial of one text by the other is a contradiction from it) is the lowest, not
below the linking one, whose held-out contradictions reach CONTRADICTION_PRECISION.

Folds split by the pair's two texts, so a pair, its mirror image and a repeat of it (one wire
story in two outlets) fall in one fold. Texts themselves recur across pairs (one quote paired
with several others), so folds cannot be wholly apart in text.

What this prints, from most to least flattering:
- the cross-validated figures of the chosen settings: the settings were chosen on these very
  scores, so they flatter (the denial threshold reaches its precision by construction);
- nested cross-validation: each fold decided by a model whose settings were chosen, and whose
  weights fitted, on the other folds only: the honest figure of the procedure;
- for each batch labelled after the cuts were set (LATER_BATCHES), a model chosen and fitted on
  the pairs labelled before it, scored on it: pairs it meets as new.
The shipped model's figures on the pairs it was fitted on are not evidence of anything.
"""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear_pairs

from kg.tracking.pair_model import MODEL_FILE, PairModel, Settings, load_pair_model
from kg.tracking.similarity import Comparer

FOLDS = 5
PENALTIES = (10.0, 30.0, 100.0, 300.0)
THRESHOLDS = [round(0.2 + 0.02 * i, 2) for i in range(36)]
NEWTON_STEPS = 50
TARGET_RECALL = 0.75  # issue 15: same-claim links P >= 0.90 at R >= 0.75
# The target cannot be met (README), so the threshold trades them: F-beta with beta 0.5, precision
# weighing twice recall, as a false merge tells a reader two statements are one while a missed
# one leaves two groups. Asking recall >= 0.75 first, as the target reads, linked at P 0.64
# (nested) once the pairs the model had linked wrongly at little shared wording were labelled.
PRECISION_WEIGHT = 0.5
CONTRADICTION_PRECISION = 0.80  # issue 15: contradictions P >= 0.80
LATER_BATCHES = (700, 900, 1300)  # the first ids of the batches labelled blind after the cuts were set

Counts = dict[str, tuple[int, int, int]]  # "same" / "opposite": (true, wrong, missed)


@dataclass(frozen=True)
class PairData:
    """The labelled pairs as the model sees them, row by row."""

    rows: list[dict]
    features: list[np.ndarray | None]  # None where the pair's meaning is not weighed
    vetoed: list[bool]  # a veto applies
    denied: list[bool]  # ... and it is a denial

    def subset(self, keep: Callable[[dict], bool]) -> PairData:
        picked = [i for i, r in enumerate(self.rows) if keep(r)]
        return PairData(
            *([column[i] for i in picked] for column in (self.rows, self.features, self.vetoed, self.denied))
        )

    def matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """The weighed pairs' features, and 1 where such a pair is one proposition."""
        weighed = [i for i, x in enumerate(self.features) if x is not None]
        x = np.array([self.features[i] for i in weighed])
        y = np.array([self.rows[i]["label"] in ("same", "opposite") for i in weighed], dtype=float)
        return x, y


def cuts_comparer(rows: list[dict]) -> Comparer:
    """A Comparer of the pairs' texts that decides by the cuts alone (no pair model)."""
    return Comparer([t for r in rows for t in (r["a_text"], r["b_text"])], use_pair_model=False)


def pair_data(rows: list[dict], comparer: Comparer | None = None) -> PairData:
    """Compare every pair as the product does, without the model: features, vetoes, denials
    (`comparer`, if given, is a `cuts_comparer` of these rows or more)."""
    comparer = comparer or cuts_comparer(rows)
    compared = [comparer.compare(r["a_text"], r["b_text"]) for r in rows]
    return PairData(
        rows,
        [s.features for s in compared],
        [s.veto is not None for s in compared],
        [s.denied for s in compared],
    )


def fit(x: np.ndarray, y: np.ndarray, settings: Settings) -> PairModel:
    """Fit the logistic regression (bias unpenalised) on standardised features."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0  # a feature constant over the pairs (weight 0) stays as it is
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    w = np.zeros(z.shape[1])
    ridge = np.full(z.shape[1], settings.penalty)
    ridge[-1] = 0.0
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + ridge * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            return PairModel(mean, scale, w[:-1], float(w[-1]), settings)
    raise RuntimeError(
        f"Newton's method did not converge in {NEWTON_STEPS} steps (penalty {settings.penalty})"
    )


def fold_of(row: dict) -> int:
    return zlib.crc32("\x00".join(sorted((row["a_text"], row["b_text"]))).encode()) % FOLDS


def held_out_probabilities(data: PairData, penalty: float) -> dict[str, float]:
    """Give each weighed pair's probability (by id) from a model fitted without its fold."""
    out: dict[str, float] = {}
    for k in range(FOLDS):
        x, y = data.subset(lambda r, k=k: fold_of(r) != k).matrix()
        model = fit(x, y, Settings(penalty, 0.5, 0.5))
        for r, f in zip(data.rows, data.features, strict=True):
            if fold_of(r) == k and f is not None:
                out[r["id"]] = model.probability(f)
    return out


def counts(
    data: PairData, probability: dict[str, float], threshold: float, denial_threshold: float
) -> Counts:
    """(true, wrong, missed) of same-claim links and of contradictions at the given thresholds."""
    out = {"same": [0, 0, 0], "opposite": [0, 0, 0]}
    for r, vetoed, denied in zip(data.rows, data.vetoed, data.denied, strict=True):
        p = probability.get(r["id"], 0.0)
        decided = (("same", p >= threshold and not vetoed), ("opposite", p >= denial_threshold and denied))
        for label, predicted in decided:
            gold = r["label"] == label
            out[label][0] += predicted and gold
            out[label][1] += predicted and not gold
            out[label][2] += gold and not predicted
    return {k: tuple(v) for k, v in out.items()}


def precision(found: tuple[int, int, int]) -> float:
    return found[0] / max(found[0] + found[1], 1)


def recall(found: tuple[int, int, int]) -> float:
    return found[0] / max(found[0] + found[2], 1)


def f_beta(found: tuple[int, int, int], beta: float) -> float:
    p, r = precision(found), recall(found)
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


def line(found: tuple[int, int, int]) -> str:
    tp, fp, fn = found
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    figures = f"P {precision(found):.2f} R {recall(found):.2f} F1 {f1:.2f}"
    return figures + f" ({tp} true pairs found, {fp} wrong, {fn} missed)"


def cross_validated(data: PairData, settings: Settings) -> Counts:
    """The cross-validated figures at given settings (weights from the other folds)."""
    return counts(
        data, held_out_probabilities(data, settings.penalty), settings.threshold, settings.denial_threshold
    )


def choose(data: PairData) -> tuple[Settings, Counts]:
    """Choose the settings by cross-validation (the module's docstring says how); give them and
    their own cross-validated figures."""
    chosen = [thresholds(data, penalty, held_out_probabilities(data, penalty)) for penalty in PENALTIES]
    settings, found, _ = max(chosen, key=lambda c: c[2])
    return settings, found


def thresholds(
    data: PairData, penalty: float, probability: dict[str, float]
) -> tuple[Settings, Counts, tuple]:
    """The thresholds chosen for one penalty's cross-validated probabilities, their figures, and
    how they rank against other penalties' (F-beta, then links found, then the penalty)."""

    def linking(t: float) -> tuple:
        found = counts(data, probability, t, t)["same"]
        return (f_beta(found, PRECISION_WEIGHT), found[0], penalty, t)

    key = max(linking(t) for t in THRESHOLDS)
    threshold = key[-1]

    def contradictions(t: float) -> float:
        return precision(counts(data, probability, threshold, t)["opposite"])

    denials = [t for t in THRESHOLDS if t >= threshold]
    sure = [t for t in denials if contradictions(t) >= CONTRADICTION_PRECISION]
    denial = sure[0] if sure else max(denials, key=contradictions)
    return Settings(penalty, threshold, denial), counts(data, probability, threshold, denial), key[:-1]


def decided_by(model: PairModel, data: PairData) -> tuple[dict[str, float], dict[str, float]]:
    """The model's probability of each weighed pair, and the threshold it applies to each."""
    probability = {
        r["id"]: model.probability(f) for r, f in zip(data.rows, data.features, strict=True) if f is not None
    }
    thresholds = {r["id"]: model.threshold(d) for r, d in zip(data.rows, data.denied, strict=True)}
    return probability, thresholds


def nested(data: PairData) -> Counts:
    """Each fold decided by settings chosen, and weights fitted, on the other folds."""
    linked: dict[str, bool] = {}
    for k in range(FOLDS):
        others = data.subset(lambda r, k=k: fold_of(r) != k)
        settings, _ = choose(others)
        probability, thresholds = decided_by(
            fit(*others.matrix(), settings), data.subset(lambda r, k=k: fold_of(r) == k)
        )
        linked.update({i: p >= thresholds[i] for i, p in probability.items()})
    return counts(data, {i: float(one) for i, one in linked.items()}, 0.5, 0.5)


def later_batches(data: PairData) -> dict[int, Counts]:
    """For each later batch, the figures of a model chosen and fitted on the pairs before it."""
    out = {}
    for first in LATER_BATCHES:
        before = data.subset(lambda r, first=first: int(r["id"][1:]) < first)
        batch = data.subset(lambda r, first=first: int(r["id"][1:]) >= first)
        settings, _ = choose(before)
        probability, thresholds = decided_by(fit(*before.matrix(), settings), batch)
        out[first] = counts(batch, {i: float(p >= thresholds[i]) for i, p in probability.items()}, 0.5, 0.5)
    return out


def learning_curve(data: PairData, settings: Settings, seeds: int = 3) -> dict[float, float]:
    """Held-out precision at recall >= TARGET_RECALL (the chosen penalty, the best threshold in
    steps of 0.01) when each fold's model is fitted on a random part of the other folds' pairs:
    whether more labelled pairs would still help."""
    out = {}
    for part in (0.5, 0.75, 1.0):
        found = []
        for seed in range(seeds):
            rng = np.random.default_rng(seed)
            probability: dict[str, float] = {}
            for k in range(FOLDS):
                x, y = data.subset(lambda r, k=k: fold_of(r) != k).matrix()
                drawn = rng.choice(len(x), int(len(x) * part), replace=False)
                model = fit(x[drawn], y[drawn], settings)
                for r, f in zip(data.rows, data.features, strict=True):
                    if fold_of(r) == k and f is not None:
                        probability[r["id"]] = model.probability(f)
            reached = [counts(data, probability, t / 100, t / 100)["same"] for t in range(1, 100)]
            found.append(max(precision(c) for c in reached if recall(c) >= TARGET_RECALL))
        out[part] = float(np.mean(found))
    return out


def main() -> None:
    if not polnear_pairs.available():
        print("../shared/eval/polnear is absent: nothing to train on")
        return
    data = pair_data(polnear_pairs.labelled())
    settings, own = choose(data)
    print(f"{len(data.rows)} pairs; chosen by 5-fold cross-validation: {settings}")
    print("  the settings' own cross-validated figures (they were chosen on these):")
    print("    same claim     " + line(own["same"]))
    print("    contradiction  " + line(own["opposite"]))
    honest = nested(data)
    print("  nested cross-validation (settings and weights from the other folds):")
    print("    same claim     " + line(honest["same"]))
    print("    contradiction  " + line(honest["opposite"]))
    for first, batch in later_batches(data).items():
        print(
            f"  chosen and fitted on the pairs before p{first}, on p{first}-: same claim "
            + line(batch["same"])
        )
    if "--curve" in sys.argv:
        for part, p in learning_curve(data, settings).items():
            print(f"  fitted on {part:.0%} of the other folds' pairs: P {p:.2f} at R >= {TARGET_RECALL}")
    if "--check" not in sys.argv:
        model = fit(*data.matrix(), settings)
        MODEL_FILE.write_text(json.dumps(model.to_json()) + "\n")
        load_pair_model.cache_clear()
        print(f"  wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()
