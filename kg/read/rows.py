"""Running the readers' SPARQL: rows of terms, counts, ids out of IRIs, and the pieces that put
ids, words, dates and page bounds into a query.

A value enters a query only through kg.sparql.terms (words) or after a check against its
pattern (ids, dates): a value that fails is a QueryError, said to the user.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from rdflib.term import Node

from kg.read.records import ActorRef
from kg.sparql import QueryError, run_query
from kg.sparql.terms import iri, literal
from kg.store import Store
from kg.vocab import ID, UNNAMED_BASE

# Each word is one more test in a chain of && that Oxigraph parses recursively, in the
# process asking (the server, for a lookup): some 10,000 overflow its stack. The search box's
# 200 characters hold 100 words at most.
MAX_WORDS = 100


def select_rows(store: Store, sparql: str, *, key: str | None = None) -> list[dict[str, Node]]:
    """Return the rows of a SELECT query, as dicts by variable name (only those binding `key`)."""
    # Consume them here: the bindings are a generator over a live Oxigraph iterator.
    rows = [{str(k): v for k, v in b.items()} for b in run_query(store, sparql).bindings]
    # rdflib's own engine answers an aggregate over no solutions with one empty group.
    return [r for r in rows if r.get(key) is not None] if key else rows


def select_texts(store: Store, sparql: str) -> list[dict[str, str]]:
    """Return the rows of a SELECT query as dicts of plain strings, unbound variables left out."""
    return [{k: str(v) for k, v in r.items() if v is not None} for r in select_rows(store, sparql)]


def count_rows(store: Store, var: str, where: str) -> int:
    """Return how many distinct `var` the pattern `where` matches."""
    rows = select_rows(store, f"SELECT (COUNT(DISTINCT {var}) AS ?n) WHERE {{ {where} }}")
    return int(rows[0]["n"]) if rows else 0


def id_of(iri: Node | str, kind: str) -> str:
    """Return the id of a resource the product minted: the end of .../id/{kind}/{id}."""
    prefix = f"{ID}{kind}/"
    text = str(iri)
    return text[len(prefix) :] if text.startswith(prefix) else text


def actor_ref(iri: Node | str, name: object) -> ActorRef:
    """Return the reference to a speaker, party or reporter: an actor or an unnamed source."""
    text = str(iri)
    if text.startswith(UNNAMED_BASE):
        return ActorRef(text[len(UNNAMED_BASE) :], str(name), unnamed=True)
    return ActorRef(id_of(text, "actor"), str(name))


def source_id(iri: Node | str) -> str:
    """Return the id of an actor or an unnamed source (the snapshot keys both by id)."""
    return actor_ref(iri, "").id


def local_name(iri: Node) -> str:
    """Return the last segment of an IRI: "a1-0" of .../claim/a1-0, "Agreed" of ...#Agreed."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def text_or_none(value: Node | None) -> str | None:
    return None if value is None else str(value)


def values_clause(var: str, iris: Sequence[str]) -> str:
    return f"VALUES {var} {{ {' '.join(iri(i) for i in iris)} }}"


def words_filter(var: str, text: str) -> str:
    """A FILTER keeping values that hold every word of `text`, in any case; a QueryError past
    MAX_WORDS distinct words."""
    words = dict.fromkeys(w.strip(".,;:!?\"'()[]") or w for w in text.lower().split())
    if len(words) > MAX_WORDS:
        raise QueryError(f"too many words to look for: {len(words):,}; give at most {MAX_WORDS}")
    tests = [f"CONTAINS(LCASE(STR({var})), {literal(w)})" for w in words if w]
    return f" FILTER({' && '.join(tests)})" if tests else ""


def fact_counts(var: str, in_agreement: str) -> tuple[str, str]:
    """Return the columns ?claims and ?agreements of a list grouped by `var`, and the patterns
    they need: how many claims `var` made, and how many agreements it is in by the property
    path `in_agreement` (0 when none)."""
    columns = "(MIN(COALESCE(?c, 0)) AS ?claims) (MIN(COALESCE(?g, 0)) AS ?agreements)"
    patterns = f"""
  OPTIONAL {{ SELECT {var} (COUNT(DISTINCT ?claim) AS ?c) WHERE {{ ?claim cg:speaker {var} }}
             GROUP BY {var} }}
  OPTIONAL {{ SELECT {var} (COUNT(DISTINCT ?ag) AS ?g) WHERE {{ ?ag {in_agreement} {var} }}
             GROUP BY {var} }}"""
    return columns, patterns


def date_literal(value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or not _is_date(value):  # 2025-13-45: no date
        raise QueryError(f"not an ISO date (YYYY-MM-DD): {value!r}")
    return f"{literal(value)}^^xsd:date"


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def slice_clause(limit: int | None, offset: int) -> str:
    return (f"LIMIT {int(limit)} " if limit is not None else "") + (f"OFFSET {int(offset)}" if offset else "")
