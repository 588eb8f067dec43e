"""User SPARQL in a job worker (kg.jobs.worker): the handlers of the "query" and "update-check" jobs.

`run_query` checks a query from its parse (kg.sparql.check), runs it under its time and row
limits and writes the answer in the format asked for. `check_update` checks a SPARQL Update
the same way and, when it is given a checkpoint of the store (a copy the serving process
made for it, Store.checkpoint), applies the update there first: a trial run on the same
data, under the same memory, CPU and wall-clock limits as a query, so an update too long or
too big for them is refused before the serving process runs it on the real store.
"""

from __future__ import annotations

import time

import pyoxigraph as ox

from kg.jobs.worker import Context
from kg.sparql import Limits, QueryError, QueryTimeout, TooManyRows, answer, first_line
from kg.sparql.check import QueryBounds, check_query
from kg.sparql.check import check_update as check_update_text
from kg.sparql.results import FormatUnfit, render
from kg.store import PREFIX_MAP


def run_query(context: Context, params: dict) -> tuple[dict, bytes]:
    """Answer {"query", "rows", "max_bytes", "formats": {"results": name, "graph": name}}: the
    header says the query's form and the format the body is written in; TooManyRows past
    `rows` rows (or triples) or an answer of more than `max_bytes`."""
    seconds = context.seconds
    check_query(params["query"], _bounds(seconds))
    found = answer(context.store, params["query"], limits=Limits(seconds=seconds, rows=params.get("rows")))
    kind = "graph" if found.form == "CONSTRUCT" else "results"
    name = (params.get("formats") or {}).get(kind)
    if name is None:
        raise FormatUnfit(f"no format asked fits a {found.form} query", found.form)
    body = render(found, name)
    limit = params.get("max_bytes")
    if limit is not None and len(body) > limit:
        # The serving process holds an answer whole (about three times, while sending it): a
        # few rows of long computed strings would otherwise cost it gigabytes.
        raise TooManyRows(
            f"the answer is {len(body):,} bytes, more than the {limit:,} an answer may be "
            "(KG_QUERY_ANSWER_BYTES); select fewer or shorter values"
        )
    return {"form": found.form, "format": name}, body


def check_update(context: Context, params: dict) -> tuple[dict, bytes]:
    """Check {"update", "checkpoint"} and try it on the checkpoint (a folder) if one is given:
    the header lists the update's operations and the seconds the trial took."""
    operations = check_update_text(params["update"], _bounds(context.seconds))
    checkpoint = params.get("checkpoint")
    if checkpoint is None:
        return {"operations": list(operations), "trial_seconds": None}, b""
    started = time.monotonic()
    try:
        ox.Store(checkpoint).update(params["update"], prefixes=PREFIX_MAP)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise QueryError(f"the update fails: {first_line(exc)}") from None
    spent = time.monotonic() - started
    if context.seconds is not None and spent > context.seconds:
        # The kernel's CPU limit or the parent's deadline usually ends it first.
        raise QueryTimeout(f"the update ran longer than its time limit of {context.seconds:g} s")
    return {"operations": list(operations), "trial_seconds": round(spent, 3)}, b""


def _bounds(seconds: float | None) -> QueryBounds:
    """The query bounds, with parsing allowed the whole time limit at most."""
    bounds = QueryBounds()
    if seconds is None:
        return bounds
    return QueryBounds(parse_seconds=min(bounds.parse_seconds, seconds))
