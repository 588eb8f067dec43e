"""The table of named extraction and resolution rules, so that each can be deleted in turn.

A rule is a function registered with `@rule("name", off=...)`; several functions may carry one
name when they are one rule. `off` is what the code gets when the rule is not there: `None` or
`[]` for a rule that finds something, `PASS` for one that filters or repairs its first argument
(it then hands that argument back unchanged). KG_RULES_OFF=name,name (read once, at import)
deletes those rules without editing code: tests/rule_ablation.py runs the extraction tests with
each rule deleted and lists the deletions no test notices.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

PASS = object()  # `off=PASS`: the deleted rule returns its first argument unchanged
_DELETED: frozenset[str] = frozenset(n for n in os.environ.get("KG_RULES_OFF", "").split(",") if n)


@dataclass(frozen=True)
class Rule:
    name: str
    where: tuple[str, ...]  # module.function of each function carrying the name
    covers: str  # the first line of the first function's docstring


RULES: dict[str, Rule] = {}


def rule(name: str, *, off: Any = None) -> Callable[[F], F]:
    """Register the decorated function as (part of) the rule `name`."""

    def register(fn: F) -> F:
        where = f"{fn.__module__}.{fn.__qualname__}"
        known = RULES.get(name)
        covers = known.covers if known else (fn.__doc__ or "").strip().splitlines()[0:1]
        RULES[name] = Rule(name, (*(known.where if known else ()), where), "".join(covers))
        if name not in _DELETED:
            return fn

        @wraps(fn)
        def deleted(*args: Any, **kwargs: Any) -> Any:
            return args[0] if off is PASS else copy.copy(off)

        return deleted  # type: ignore[return-value]

    return register
