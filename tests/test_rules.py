"""The table of named rules (kg.rules): each rule is named in a test, and deleting one is real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import kg.extract  # registers the extraction rules
import kg.resolve  # noqa: F401  (registers the resolution rules)
from kg.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
PASSAGE = "According to the harbour office, the ferries will run again in May."


def test_every_rule_says_what_it_covers():
    assert RULES
    assert [name for name, r in RULES.items() if not r.covers] == []


def test_every_rule_is_named_in_a_test():
    """A newcomer finds a rule's passages by grepping its name (tests/rule_ablation.py checks they fail)."""
    tests = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py") if p.name != "test_rules.py"
    )
    assert [name for name in RULES if f'"{name}"' not in tests] == []


def _speakers(deleted: str) -> list[str]:
    script = (
        "import json; from kg.article import from_text; from kg.extract import extract; "
        f"print(json.dumps([c.speaker.name for c in extract(from_text({PASSAGE!r}, source='t')).claims]))"
    )
    env = {**os.environ, "KG_RULES_OFF": deleted, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_deleting_a_rule_removes_what_it_finds():
    assert _speakers("") == ["harbour office"]
    assert _speakers("according-to") == []
