"""Extraction speed: `kg extract` work against bare spaCy on the same texts, in one run.

    python bench/extract_speed.py [REPEAT]

Times (a) `nlp.pipe` of the same model over the seed texts repeated REPEAT times (default
100), and (b) what `kg extract --json` does for the same articles: block-wise parse, claims,
agreements, actor resolution and the JSON contract. Prints both and their ratio
(target <= 1.3). The better of three runs of each is kept, to tame machine noise.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from kg.article import read_articles
from kg.contract import article_json
from kg.ingest import analyse
from kg.nlp import load_nlp

ROOT = Path(__file__).resolve().parent.parent


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    seeds = [next(read_articles(p)) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    articles = seeds * repeat
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
