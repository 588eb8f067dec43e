"""Deciding from the parsed query whether the service runs it: no SERVICE, no update, bounded size.

User SPARQL is parsed with rdflib's SPARQL parser (and translated to its algebra, with the
project prefixes) before Oxigraph sees it. The verdict is read from the parse tree, never
from the text: SERVICE (which would make the engine fetch over HTTP from any address the
query names) and every update (LOAD fetches too) are refused, and the query's size, nesting
and property-path length are measured and bounded, because Oxigraph's own parser and
evaluator recurse (a few thousand levels overflow their stack) and a long path costs
minutes of CPU on an empty store.

The parser is slow on huge inputs and recursive on deep ones: it runs on a thread of its own
with a large stack, and is interrupted after `parse_seconds`. Still, run this where a crash
costs nothing but the process (kg.sparql.worker, which also raises the recursion limit).
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.sparql import QueryError, QueryRefused
from kg.vocab import PREFIXES

SERVICE_REFUSED = "SERVICE (federated query) is not allowed: this endpoint only reads its own graph"
# Update operations refused whoever sends them, and why; CLEAR and DROP of every graph at once,
# and of the default graph: it holds the union of the articles, which every lookup, count and
# page reads (CLEAR DEFAULT left /healthz at 0 articles and every listing empty).
_REFUSED_UPDATES = {"Load": "LOAD is not allowed: the service never fetches from other addresses"}
_EVERY_GRAPH = {
    name: f"CLEAR or DROP {name} is not allowed: it would remove every article at once; "
    "remove articles one by one (DELETE /articles/{id}, `kg delete`)"
    for name in ("ALL", "NAMED", "DEFAULT")
}
EMPTY_QUERY = "no query: give a SELECT, ASK, CONSTRUCT or DESCRIBE query"
EMPTY_UPDATE = "no update: the text holds no operation"
# What rdflib's translation to the algebra raises on some valid queries (`DESCRIBE *`: TypeError):
# its own faults, not the query's. Its verdicts on a query are plain Exceptions.
_TRANSLATOR_FAULTS = (TypeError, AttributeError, KeyError, IndexError)
# Parse-tree nodes that open a level of nesting: a { group }, a parenthesised (or argument)
# expression, a bracketed path.
_NESTING = frozenset({"GroupGraphPatternSub", "ConditionalOrExpression", "PathAlternative"})
_PATH_STEP = "PathElt"


class QueryIsUpdate(QueryError):
    """SPARQL Update sent where a query was expected (the caller decides 403 or 400)."""


class QueryTooComplex(QueryError):
    """A query past one of the named limits on its size, nesting or paths."""


class UpdateRefused(QueryRefused):
    """A SPARQL Update the service will not run, whoever sends it (LOAD, SERVICE, all graphs)."""


@dataclass(frozen=True)
class QueryBounds:
    """How big a query the service parses and runs: characters, parse-tree nodes, nesting
    levels, steps in one property path, triple patterns, and seconds of parsing."""

    chars: int = 100_000
    nodes: int = 20_000
    nesting: int = 64
    path_steps: int = 32
    triple_patterns: int = 500
    parse_seconds: float = 2.0


@dataclass(frozen=True)
class QueryShape:
    """What the check measured on an accepted query."""

    form: str  # SelectQuery | AskQuery | ConstructQuery | DescribeQuery
    nodes: int
    nesting: int
    path_steps: int
    triple_patterns: int


class _ParseTooSlow(Exception):
    pass


T = TypeVar("T")
STACK_BYTES = 256 * 1024 * 1024  # for the parser's recursion (address space, mostly untouched)
RECURSION_LIMIT = 200_000  # what kg.sparql.worker sets: the stack, not this, bounds the parse
_STACK_LOCK = threading.Lock()


def check_query(text: str, bounds: QueryBounds = QueryBounds()) -> QueryShape:
    """Return the shape of a query the service may run; raise QueryError (malformed),
    QueryIsUpdate, QueryRefused (SERVICE) or QueryTooComplex (past `bounds`)."""
    return _checked("query", "malformed SPARQL", text, lambda: _check(text, bounds), bounds)


def check_update(text: str, bounds: QueryBounds = QueryBounds()) -> tuple[str, ...]:
    """Return the operations of a SPARQL Update the service may apply (INSERT DATA, Modify, ...);
    raise QueryError (malformed), UpdateRefused or QueryTooComplex (past `bounds`, as a query)."""
    return _checked("update", "malformed SPARQL Update", text, lambda: _check_update(text, bounds), bounds)


def _checked(what: str, malformed: str, text: str, work: Callable[[], T], bounds: QueryBounds) -> T:
    """Return work() (the check of `text`, a query or an update), run within `bounds`, with each
    way the parser can fail said to the user as a QueryError."""
    if len(text) > bounds.chars:
        raise QueryTooComplex(f"{what} too long: {len(text):,} characters, the limit is {bounds.chars:,}")
    try:
        return _bounded(work, bounds.parse_seconds)
    except _ParseTooSlow:
        raise QueryTooComplex(
            f"{what} too complex: parsing it took over {bounds.parse_seconds:g} s; make it smaller"
        ) from None
    except RecursionError:
        raise QueryTooComplex(
            f"{what} too deeply nested or too long for the parser; make it smaller"
        ) from None
    except QueryError:
        raise
    except ParseBaseException as exc:
        raise QueryError(f"{malformed}: error at {exc.lineno}:{exc.col}: {exc.msg}") from None
    except Exception as exc:  # rdflib's translation: undefined prefix, bad variable scope, ...
        raise QueryError(f"{malformed}: {str(exc).splitlines()[0][:300]}") from None


def _check(text: str, bounds: QueryBounds) -> QueryShape:
    parsed = _parse(text)
    shape = _measure(parsed[1], bounds)
    # Translated for rdflib's messages (an undefined prefix, a variable out of scope); a fault of
    # its translator (DESCRIBE *) leaves the query to Oxigraph: the verdict above is the parse's.
    with contextlib.suppress(_TRANSLATOR_FAULTS):
        translateQuery(parsed, initNs=PREFIXES)
    return shape


def _check_update(text: str, bounds: QueryBounds) -> tuple[str, ...]:
    parsed = parseUpdate(text)
    operations = _operations(parsed)
    if not operations:
        raise QueryError(EMPTY_UPDATE)
    for operation in operations:
        refusal = _REFUSED_UPDATES.get(operation.name)
        if refusal is None and operation.name in ("Clear", "Drop"):
            refusal = _EVERY_GRAPH.get(str(operation.get("graphiri")))
        if refusal is not None:
            raise UpdateRefused(refusal)
    _measure(CompValue("Update", request=list(operations)), bounds)  # SERVICE, and the size limits
    translateUpdate(parsed, initNs=PREFIXES)
    return tuple(operation.name for operation in operations)


def _parse(text: str):
    try:
        return parseQuery(text)
    except ParseBaseException as exc:
        problem = exc
    try:
        update = parseUpdate(text)
    except ParseBaseException:
        where = f"{problem.lineno}:{problem.col}"
        raise QueryError(f"malformed SPARQL: error at {where}: {problem.msg}") from None
    if not _operations(update):  # blank, or only comments and prefixes: an empty update
        raise QueryError(EMPTY_QUERY)
    raise QueryIsUpdate("this is a SPARQL Update, not a query")


def _operations(update: CompValue) -> tuple[CompValue, ...]:
    """The operations of a parsed update (CompValue.get answers a missing key with its name)."""
    return tuple(update["request"]) if "request" in update else ()


def _measure(query: CompValue, bounds: QueryBounds) -> QueryShape:
    """Walk the parse tree (without recursion: it may be deep) and check it against `bounds`."""
    nodes = deepest = longest = patterns = 0
    stack: list[tuple[object, int, bool]] = [(query, 0, False)]
    while stack:
        node, depth, in_path = stack.pop()
        nodes += 1
        if nodes > bounds.nodes:
            raise QueryTooComplex(f"query too large: more than {bounds.nodes:,} parts")
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryRefused(SERVICE_REFUSED)
            if node.name in _NESTING:
                depth += 1
                if depth > bounds.nesting:
                    raise QueryTooComplex(f"query nested too deeply: at most {bounds.nesting} levels")
                deepest = max(deepest, depth)
            if node.name == "PathAlternative" and not in_path:
                steps = _path_steps(node)
                if steps > bounds.path_steps:
                    raise QueryTooComplex(
                        f"property path too long: {steps} steps, at most {bounds.path_steps}"
                    )
                longest = max(longest, steps)
                in_path = True
            if node.name == "TriplesBlock":
                # each block is one subject's terms, flattened: s p o [; p o] [, o]
                patterns += sum(max(1, len(block) // 3) for block in node.get("triples") or ())
                if patterns > bounds.triple_patterns:
                    raise QueryTooComplex(
                        f"query too large: more than {bounds.triple_patterns} triple patterns"
                    )
            children = node.values()
        elif isinstance(node, list | tuple | ParseResults):
            children = node
        else:
            continue
        stack.extend((child, depth, in_path) for child in children)
    return QueryShape(query.name, nodes, deepest, longest, patterns)


def _path_steps(path: CompValue) -> int:
    """Return how many steps (IRIs, each possibly inverted or repeated) a property path holds."""
    steps, stack = 0, [path]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            steps += node.name == _PATH_STEP
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
    return steps


def _bounded(work: Callable[[], T], seconds: float) -> T:
    """Return work(), run on a thread with a stack of STACK_BYTES (the parser recurses per
    nesting level); raise _ParseTooSlow in that thread if it takes over `seconds` (the
    parser is pure Python: the exception lands at its next bytecode)."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the caller below
            outcome.append((False, exc))

    with _STACK_LOCK:  # stack_size is process-wide: set it for this one thread only
        threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=run, name="kg-query-check", daemon=True)
            thread.start()
        finally:
            threading.stack_size(0)
    thread.join(seconds if seconds > 0 else None)
    while thread.is_alive():
        stop = ctypes.py_object(_ParseTooSlow)
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), stop)
        thread.join(0.1)
    ok, value = outcome[0]
    if ok:
        return value
    raise value
