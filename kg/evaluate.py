"""Evaluation: precision and recall of extraction on annotated passages.

The matching rules are those of eval/score.py (the shared scorer): a predicted claim
matches an expected one when the speakers name the same actor and the contents share content
words with a token F1 of at least 0.5; an agreement matches when the party sets are the same
actors and the outcomes overlap the same way.

Corpus files are JSON Lines: {"id", "pattern", "text", "expected": [...]}, where a claim is
{"speaker", "content", "direct", "cue"} and an agreement {"parties", "status", "outcome"}.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.article import ArticleError, from_text
from kg.contract import article_json
from kg.ingest import analyse

# The function words eval/score.py ignores when comparing contents.
STOP = frozenset(
    "a an the and or but of to in on at for with by from as is are was were be been being have has had do "
    "does did that this these those it its their they them he she his her we our you your i not no so than "
    "then there here which who whom whose what when where while will would can could should may might must "
    "also very".split()
)


@dataclass(frozen=True)
class Scores:
    predicted: int
    predicted_matched: int
    expected: int
    expected_matched: int
    misses: tuple[str, ...] = field(default=(), repr=False)  # "id: what went wrong", for reading

    @property
    def precision(self) -> float:
        return self.predicted_matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.expected_matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<11} P {self.precision:.2f} R {self.recall:.2f} F1 {self.f1:.2f} "
            f"({self.predicted} predicted, {self.expected} expected)"
        )


def words(text: str | None) -> set[str]:
    """Return the content words of a text, as eval/score.py counts them."""
    found = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", (text or "").lower().replace("’", "'"))
    return {w for w in found if w not in STOP}


def token_f1(a: str | None, b: str | None) -> float:
    x, y = words(a), words(b)
    common = len(x & y)
    if not common:
        return 0.0
    p, r = common / len(x), common / len(y)
    return 2 * p * r / (p + r)


def fold_name(name: str | None) -> str:
    """Return a name as eval/score.py compares it: no accents, case, dots, punctuation or "the"."""
    ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    folded = re.sub(r"[^a-z0-9 ]", "", ascii_name.lower().replace(".", "")).strip()
    return folded.removeprefix("the ")


def same_actor(a: str, b: str) -> bool:
    """Whether two names denote one actor: the same folded name, or a full name and its surname.

    Independent of the product's gazetteer, so that a resolution error cannot score as a match.
    """
    ka, kb = fold_name(a), fold_name(b)
    if not ka or not kb:
        return False
    return ka == kb or (ka.split()[-1] == kb.split()[-1] and (ka in kb or kb in ka))


def claim_matches(pred: dict, gold: dict) -> bool:
    return same_actor(pred["speaker"], gold["speaker"]) and token_f1(pred["content"], gold["content"]) >= 0.5


def agreement_matches(pred: dict, gold: dict) -> bool:
    if len(pred["parties"]) != len(gold["parties"]):
        return False
    parties_match = all(any(same_actor(p, g) for g in gold["parties"]) for p in pred["parties"])
    parties_match = parties_match and all(
        any(same_actor(p, g) for p in pred["parties"]) for g in gold["parties"]
    )
    return parties_match and token_f1(pred["outcome"], gold["outcome"]) >= 0.5


def score_corpus(path: Path, kind: str) -> tuple[Scores, dict[str, Scores]]:
    """Return overall and per-pattern scores of `kind` ("claims" or "agreements") on a corpus file."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    matches: Callable[[dict, dict], bool] = claim_matches if kind == "claims" else agreement_matches
    articles = []
    for r in records:
        with contextlib.suppress(ArticleError):  # nothing but page furniture: nothing to predict
            articles.append(from_text(r["text"], source=r["id"]))
    predicted = {a.source: article_json(a, x, res)[kind] for a, x, res in analyse(articles)}
    total = [0, 0, 0, 0]
    by_pattern: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses: list[str] = []
    for record in records:
        pred, gold = predicted.get(record["id"], []), record["expected"]
        counts = (
            len(pred),
            sum(any(matches(p, g) for g in gold) for p in pred),
            len(gold),
            sum(any(matches(p, g) for p in pred) for g in gold),
        )
        for i, n in enumerate(counts):
            total[i] += n
            by_pattern[record["pattern"]][i] += n
        if counts[1] < counts[0] or counts[3] < counts[2]:
            misses.append(f"{record['id']}: expected {_brief(gold, kind)}; got {_brief(pred, kind)}")
    return Scores(*total, misses=tuple(misses)), {k: Scores(*v) for k, v in sorted(by_pattern.items())}


def _brief(items: list[dict], kind: str) -> str:
    if kind == "claims":
        return "; ".join(f"[{c['speaker']}|{c['content'][:60]}]" for c in items) or "nothing"
    return (
        "; ".join(f"[{'+'.join(a['parties'])}|{a['status']}|{a['outcome'][:50]}]" for a in items) or "nothing"
    )
