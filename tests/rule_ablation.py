"""Delete each named rule in turn (kg.rules) and run the extraction tests: list what no test notices.

    python tests/rule_ablation.py                 # every rule, about 30 s each
    python tests/rule_ablation.py clause according-to

A rule whose deletion leaves every test passing is a rule no test specifies: give it a passage
that fails without it, or delete it. Not part of the suite (it runs the suite once per rule).
Exit code 1 when a deletion survives.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The tests that specify extraction and resolution; the quality floors read ../shared/eval.
EXTRACTION_TESTS = (
    "tests/test_claim_rules.py",
    "tests/test_agreement_rules.py",
    "tests/test_agreement_parties.py",
    "tests/test_agreement_prose.py",
    "tests/test_agreement_constructions.py",
    "tests/test_resolve.py",
    "tests/test_unnamed_sources.py",
    "tests/test_extract_contract.py",
    "tests/test_spans.py",
    "tests/test_article.py",
    "tests/test_corpus_quality.py",
    "tests/test_news_quality.py",
)


def registered() -> dict[str, str]:
    """Every rule name with where it lives, after importing every module that registers rules."""
    sys.path.insert(0, str(ROOT))
    import kg.extract  # registers the extraction rules
    import kg.resolve  # noqa: F401  (registers the resolution rules)
    from kg.rules import RULES

    return {name: ", ".join(r.where) for name, r in sorted(RULES.items())}


def survives(name: str) -> tuple[str, bool, float]:
    """Run the extraction tests with rule `name` deleted; True when they all still pass."""
    started = time.monotonic()
    env = {**os.environ, "KG_RULES_OFF": name, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *EXTRACTION_TESTS]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return name, result.returncode == 0, time.monotonic() - started


def main(names: list[str]) -> int:
    rules = registered()
    chosen = names or list(rules)
    unknown = set(chosen) - set(rules)
    if unknown:
        print(f"unknown rules: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    print(f"{len(chosen)} rules, {len(EXTRACTION_TESTS)} test files, deleting one rule at a time")
    survived = []
    with ThreadPoolExecutor(max_workers=max(1, (os.cpu_count() or 2))) as pool:
        for name, alive, seconds in pool.map(survives, chosen):
            print(f"{'SURVIVES' if alive else 'caught  '}  {name:<28} {seconds:5.0f} s  {rules[name]}")
            if alive:
                survived.append(name)
    print(
        f"{len(survived)} of {len(chosen)} deletions survive"
        + (f": {', '.join(survived)}" if survived else "")
    )
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
