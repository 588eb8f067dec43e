"""Print extraction quality on real news, side by side, scored by the shared scorers.

    python -m bench.quality [--train] [--eval DIR] [--corpora]

Sets (each skipped with a message when absent):
  seeds          DIR/gold with DIR/entities.json            (DIR/score.py)
  shared news    DIR/news/gold with DIR/news/entities.json  (DIR/score.py)
  PolNeAR dev    DIR/polnear, dev split                     (DIR/polnear.py score)
  PolNeAR train  the same, train split, with --train (840 articles: a few minutes)
DIR defaults to ../shared/eval beside the repository. Actors are matched by the gold's own
entities.json (or PolNeAR's source spans), never by the product's gazetteer. --corpora adds
the regression corpora of tests/corpus/ (kg.evaluate, same matching rules).

An article whose extraction raises is reported by name and skipped: for the news sets it then
counts as finding nothing; for PolNeAR it is left out of the gold as well (the count of
articles scored says so), so one bad article does not hide the figures of the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.article import Article, read_articles
from kg.contract import article_json
from kg.extract import from_doc, parse
from kg.extract.model import Extraction
from kg.extract.processes import extract_in_processes, processes_start
from kg.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int

    def line(self, label: str) -> str:
        return (
            f"  {label:<11} P {self.precision:.2f} R {self.recall:.2f} F1 {self.f1:.2f} "
            f"({self.predicted} predicted, {self.gold} gold)"
        )


def predict(paths: list[Path], *, workers: int = 1) -> dict:
    """Return the `kg extract --json` document for the files, skipping (and naming) crashers.

    With `workers` > 1, that many processes parse and extract (kg.extract.processes, as `kg
    ingest --workers` does: the same extractions); this one resolves. The sources of skipped
    articles are listed under the key "skipped".
    """
    articles: list[Article] = [a for p in paths for a in read_articles(p)]
    docs, skipped = [], []

    def skip(source: str, error: str) -> None:  # a bench reports a crash and goes on
        print(f"  skipped {source}: {error}")
        skipped.append(source)

    def extracted_here() -> Iterator[tuple[Article, Extraction]]:
        for article, doc in parse(articles):
            try:
                yield article, from_doc(doc, article)
            except Exception as error:
                skip(article.source, _where(error))

    if workers > 1 and processes_start(workers):
        extracted = extract_in_processes(articles, workers, on_error=lambda e: skip(e.source, e.reason))
    else:
        extracted = extracted_here()
    for article, extraction in extracted:
        try:
            docs.append(article_json(article, extraction, resolve(extraction, article_id=article.id)))
        except Exception as error:
            skip(article.source, _where(error))
    return {"articles": docs, "skipped": skipped}


def _where(error: Exception) -> str:
    """The error and the line of this repository's code that raised it."""
    frames = traceback.extract_tb(error.__traceback__)
    where = next((f for f in reversed(frames) if f.filename.startswith(str(ROOT))), frames[-1])
    return f"{type(error).__name__} at {where.filename}:{where.lineno}"


def _figures(block: dict) -> Figures:
    return Figures(block["precision"], block["recall"], block["f1"], block["predicted"], block["gold"])


def score_gold(predictions: dict, gold: Path, entities: Path, scorer: Path) -> dict[str, Figures]:
    """Score with DIR/score.py: claims and agreements."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(predictions, f)
    out = subprocess.run(
        [sys.executable, str(scorer), f.name, str(gold), "--entities", str(entities), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out)
    return {kind: _figures(result[kind]) for kind in ("claims", "agreements")}


def score_polnear(predictions: dict, split: str, scorer: Path) -> dict[str, Figures]:
    """Score with DIR/polnear.py: claims only (PolNeAR annotates attributions).

    Skipped articles are left out of the gold too (a copy of the split without them, through
    polnear.py's POLNEAR_DIR), so the figures measure extraction, not a crash elsewhere.
    """
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.json"
        pred.write_text(json.dumps(predictions))
        env = dict(os.environ)
        skipped = {Path(s).stem for s in predictions.get("skipped", [])}
        if skipped:
            data = scorer.with_name("polnear")
            for kind in ("text", "attributions"):
                (Path(tmp) / split / kind).mkdir(parents=True)
                for f in (data / split / kind).iterdir():
                    if f.stem not in skipped:
                        (Path(tmp) / split / kind / f.name).symlink_to(f)
            env["POLNEAR_DIR"] = tmp
        out = subprocess.run(
            [sys.executable, str(scorer), "score", split, str(pred)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
    result = json.loads(out.splitlines()[0])
    return {
        "claims": Figures(
            result["precision"], result["recall"], result["f1"], result["predicted"], result["gold"]
        )
    }


def polnear_texts(eval_dir: Path, split: str) -> list[Path]:
    return sorted((eval_dir / "polnear" / split / "text").glob("*.txt"))


def report(name: str, figures: dict[str, Figures]) -> None:
    print(f"== {name}")
    for kind, f in figures.items():
        print(f.line(kind))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder")
    ap.add_argument("--train", action="store_true", help="also PolNeAR train (840 articles)")
    ap.add_argument("--corpora", action="store_true", help="also the regression corpora of tests/corpus")
    args = ap.parse_args()
    ev: Path = args.eval
    if not ev.is_dir():
        print(f"{ev} is absent: no real-news figures")
    else:
        sets = [
            ("seeds", sorted((ROOT / "seeds").glob("*.txt")), ev / "gold", ev / "entities.json"),
            (
                "shared news",
                sorted((ev / "news" / "articles").glob("*.txt")),
                ev / "news" / "gold",
                ev / "news" / "entities.json",
            ),
        ]
        for name, paths, gold, entities in sets:
            if not paths or not gold.is_dir() or not entities.exists():
                print(f"== {name}: absent ({gold}), skipped")
                continue
            report(
                f"{name} ({len(paths)} articles)", score_gold(predict(paths), gold, entities, ev / "score.py")
            )
        for split in ("dev", "train") if args.train else ("dev",):
            paths = polnear_texts(ev, split)
            if not paths:
                print(f"== PolNeAR {split}: absent ({ev / 'polnear' / split}), skipped")
                continue
            predictions = predict(paths, workers=2)  # the parse on two cores: the same figures
            scored = len(paths) - len(predictions["skipped"])
            name = f"PolNeAR {split} ({scored} of {len(paths)} articles)"
            report(name, score_polnear(predictions, split, ev / "polnear.py"))
    if args.corpora:
        from kg.evaluate import score_corpus

        for path in sorted((ROOT / "tests" / "corpus").glob("*.jsonl")):
            kind = "agreements" if re.search("agreement", path.stem) else "claims"
            if "paraphrase" in path.stem:
                continue
            overall, _ = score_corpus(path, kind)
            print(f"== regression corpus {path.relative_to(ROOT)}")
            print("  " + overall.line(kind))


if __name__ == "__main__":
    main()
