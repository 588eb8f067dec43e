"""Extraction speed: `kg extract` work against bare spaCy on the same texts, in one run.

    python bench/extract_speed.py [REPEAT] [--texts DIR]

Times (a) `nlp.pipe` of the same model over the seed texts repeated REPEAT times (default
100), or over the *.txt files of DIR repeated REPEAT times (default 1; e.g. PolNeAR dev:
../shared/eval/polnear/dev/text), and (b) what `kg extract --json` does for the same
articles: block-wise parse, claims, agreements, actor resolution and the JSON contract.
Prints both and their ratio (target <= 1.3). The better of three runs of each is kept, to
tame machine noise. Measured on PolNeAR dev (84 articles): ratio 1.02 (session 5).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from kg.article import read_articles
from kg.contract import article_json
from kg.extract.nlp import load_nlp
from kg.ingest import analyse

ROOT = Path(__file__).resolve().parent.parent


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    args = sys.argv[1:]
    folder = None
    if "--texts" in args:
        at = args.index("--texts")
        folder = Path(args[at + 1])
        del args[at : at + 2]
    repeat = int(args[0]) if args else (1 if folder else 100)
    paths = sorted((folder or ROOT / "seeds").glob("*.txt"))
    if not paths:
        sys.exit(f"no *.txt in {folder}")
    articles = [next(read_articles(p)) for p in paths] * repeat
    texts = [a.text for a in articles]
    nlp = load_nlp()
    nlp("warm up")

    def bare() -> None:
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    def claimgraph() -> None:
        docs = [article_json(a, x, r) for a, x, r in analyse(articles)]
        json.dumps({"articles": docs})

    baseline = best_of(3, bare)
    ours = best_of(3, claimgraph)
    words = sum(len(t.split()) for t in texts)
    print(f"texts: {len(texts)} articles, {words:,} words")
    print(f"bare nlp.pipe      {baseline:7.2f} s  ({words / baseline:,.0f} words/s)")
    print(f"kg extract work    {ours:7.2f} s  ({words / ours:,.0f} words/s)")
    print(f"ratio              {ours / baseline:7.2f}  (target <= 1.3)")


if __name__ == "__main__":
    main()
