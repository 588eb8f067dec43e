"""Print extraction quality: the development set (eval/gold) and the annotated corpora.

    python bench/quality.py [GOLD_DIR]

The development set is scored by eval/score.py itself; the corpora by kg.evaluate (same rules).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from kg.contract import article_json
from kg.evaluate import score_corpus
from kg.ingest import analyse, load

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "eval" / "gold"
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    articles = [a for a in load(seeds) if not isinstance(a, Exception)]
    docs = [article_json(a, x, r) for a, x, r in analyse(articles)]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"articles": docs}, f)
    print(f"== development set ({gold})")
    subprocess.run([sys.executable, str(ROOT / "eval" / "score.py"), f.name, str(gold)], check=True)
    for name in ("claims", "agreements", "heldout_claims", "heldout_agreements"):
        path = ROOT / "tests" / "corpus" / f"{name}.jsonl"
        if not path.exists():
            continue
        kind = name.removeprefix("heldout_")
        overall, by_pattern = score_corpus(path, kind)
        print(f"== {path.relative_to(ROOT)}")
        print(overall.line(kind))
        for pattern, scores in by_pattern.items():
            print("   " + scores.line(pattern))


if __name__ == "__main__":
    main()
