"""Named SPARQL queries: the questions users ask, over the union of all articles."""

from __future__ import annotations

from rdflib.query import Result

from kg.store import PREFIX_HEADER, Store


class QueryError(ValueError):
    pass


WHO_AGREED = """
SELECT ?party ?outcome ?article WHERE {
  ?p cg:agreedTo ?o . ?p rdfs:label ?party . ?o rdfs:label ?outcome .
  ?agreement cg:outcome ?o ; cg:reportedIn ?a . ?a dcterms:title ?article .
} ORDER BY ?party ?outcome
"""

CLAIMS = """
SELECT ?speaker ?cue ?text ?direct ?article WHERE {
  ?claim a cg:Claim ; cg:speaker ?s ; cg:cue ?cue ; cg:text ?text ;
         cg:directQuote ?direct ; cg:reportedIn ?a .
  ?s rdfs:label ?speaker . ?a dcterms:title ?article .
} ORDER BY ?speaker ?text
"""


def run_query(store: Store, sparql: str) -> Result:
    """Run SPARQL with the project prefixes predefined; raise QueryError for a malformed query."""
    text = sparql if "PREFIX cg:" in sparql else PREFIX_HEADER + sparql
    try:
        return store.query(text)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {exc}") from None
    except (ValueError, NotImplementedError) as exc:
        raise QueryError(str(exc)) from None
