"""Running any SPARQL query: with the project prefixes, under a time and a row limit.

`run_query` gives an rdflib Result (what the named lookups in kg.read.lookups read); `answer`
gives the whole answer in Oxigraph's own terms, with no rdflib conversion on the way: it is
the fast path behind /sparql and `kg query`, and kg.sparql.results writes it out in any format.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.query import Result

if TYPE_CHECKING:
    from kg.store import Store


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class QueryError(ValueError):
    pass


class QueryRefused(QueryError):
    """A query the service will not run (SERVICE would make it fetch from other hosts);
    kg.sparql.check decides, from the parsed query."""


class QueryTimeout(QueryError):
    pass


class TooManyRows(QueryError):
    pass


@dataclass(frozen=True)
class Limits:
    """How long a query may run (seconds) and how many rows (or triples) it may return."""

    seconds: float | None = None
    rows: int | None = None


@dataclass(frozen=True)
class Answer:
    """The whole answer to a SPARQL query: rows (SELECT), a boolean (ASK) or triples."""

    form: str  # SELECT | ASK | CONSTRUCT (DESCRIBE answers as CONSTRUCT)
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()


def run_query(store: Store, sparql: str) -> Result:
    """Run SPARQL with the project prefixes predefined; raise QueryError for a malformed query."""
    # The store binds the project prefixes, so they need no PREFIX lines (and error positions
    # keep pointing at the user's own lines).
    with _as_query_error("SPARQL", ValueError, NotImplementedError):
        return store.query(sparql)


def run_update(store: Store, sparql: str) -> None:
    """Apply a SPARQL Update to the store; raise QueryError if it is malformed."""
    with _as_query_error("SPARQL Update", ValueError, NotImplementedError):
        store.update(sparql)


def answer(
    store: Store, sparql: str, *, limits: Limits = Limits(), cancelled: threading.Event | None = None
) -> Answer:
    """Return the complete answer to a query; raise QueryTimeout or TooManyRows past a limit.

    The clock is checked after Oxigraph returns and before every row is taken, so a query
    stops at most one row after its deadline or after `cancelled` is set. Oxigraph itself
    cannot be interrupted: work it does before the first row (sorting, grouping) runs to its
    end, and only then is the limit enforced. This runs any query it is given: user SPARQL
    goes through kg.sparql.workers, which checks it (kg.sparql.check) and can kill it.
    """
    deadline = time.monotonic() + limits.seconds if limits.seconds is not None else None

    def check_clock() -> None:
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout(time_limit_message(limits.seconds))
        if cancelled is not None and cancelled.is_set():
            raise QueryTimeout("the query was stopped before it finished")

    with _as_query_error("SPARQL", ValueError, OSError):
        result = store.query_oxigraph(sparql)
    # Oxigraph's result iterators may only be dropped on the thread that made them (they are
    # pyo3 "unsendable"); an exception carried to another thread would take them along, so
    # each is released here, in `finally`, whatever happens.
    try:
        if isinstance(result, ox.QueryBoolean):
            check_clock()
            return Answer("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            rows = _take(result, limits.rows, "rows", check_clock)
            return Answer("SELECT", variables=variables, rows=tuple(tuple(row) for row in rows))
        triples = _take(result, limits.rows, "triples", check_clock)
        return Answer("CONSTRUCT", triples=tuple(t.triple if isinstance(t, ox.Quad) else t for t in triples))
    finally:
        del result


@contextmanager
def _as_query_error(language: str, *errors: type[Exception]) -> Iterator[None]:
    """Turn a parser's SyntaxError, and `errors`, into a QueryError saying what went wrong."""
    try:
        yield
    except SyntaxError as exc:
        raise QueryError(f"malformed {language}: {first_line(exc)}") from None
    except errors as exc:
        raise QueryError(first_line(exc)) from None


def _take(items: Iterable, limit: int | None, what: str, check_clock: Callable[[], None]) -> list:
    """Return every item, checking the clock and the limit before each."""
    taken = []
    iterator: Iterator = iter(items)
    try:
        for item in iterator:
            check_clock()
            if limit is not None and len(taken) >= limit:
                raise TooManyRows(too_many(limit, what))
            taken.append(item)
    except (SyntaxError, ValueError, OSError) as exc:  # raised by Oxigraph while evaluating
        if isinstance(exc, QueryError):
            raise
        raise QueryError(first_line(exc)) from None
    finally:
        del items, iterator  # see `answer`: frames that outlive this call must not hold them
    return taken


def time_limit_message(seconds: float | None) -> str:
    """Return what a user is told when a query runs past its time limit."""
    return f"the query ran longer than the time limit of {seconds:g} s; narrow it down or add LIMIT"


def too_many(limit: int, what: str) -> str:
    return f"the query returns more than {limit:,} {what} (the row limit); add LIMIT and page with OFFSET"


def first_line(exc: BaseException) -> str:
    """Return the first line of an error, short: Oxigraph lists every expected character class."""
    text = str(exc).split("\n", 1)[0].split(", [", 1)[0]
    return text if len(text) <= 300 else text[:297] + "..."
