"""Values into SPARQL text: the one place a user's or the store's value is written into a query.

Oxigraph's own terms write the N-Triples form, which is valid SPARQL: every quote, backslash,
control character and astral character escaped or kept as SPARQL allows (JSON's UTF-16
surrogate escapes are not SPARQL), and an IRI that is not one is refused.
"""

from __future__ import annotations

import pyoxigraph as ox


def literal(text: str) -> str:
    """Return `text` as a SPARQL string literal."""
    return str(ox.Literal(text))


def iri(value: str) -> str:
    """Return `value` as a SPARQL IRI; raise ValueError if it is not an IRI."""
    return str(ox.NamedNode(value))
