"""Extraction: a parsed article becomes mentions, claims, agreements and meetings.

    extract(article) -> Extraction           one article
    extract_all(articles, n_process=N)       many, through spaCy's nlp.pipe

Claims: kg/extract/claims.py. Agreements and meetings: kg/extract/agreements.py.
Who a phrase refers to inside the article: kg/extract/mentions.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from kg.article import Article
from kg.extract.agreements import find_agreements, find_meetings
from kg.extract.claims import find_claims
from kg.extract.mentions import Discourse
from kg.extract.model import Agreement, Claim, Extraction, Meeting, Mention, Span
from kg.extract.quotes import find_quotes
from kg.nlp import load_nlp

__all__ = [
    "Agreement",
    "Claim",
    "Extraction",
    "Meeting",
    "Mention",
    "Span",
    "extract",
    "extract_all",
    "from_doc",
]


def extract(article: Article) -> Extraction:
    """Return the claims, agreements and meetings reported in one article."""
    return from_doc(load_nlp()(article.text), article)


def extract_all(
    articles: Iterable[Article], *, n_process: int = 1, batch_size: int = 16
) -> Iterator[tuple[Article, Extraction]]:
    """Yield (article, extraction) for each article, parsing in batches (and processes)."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in load_nlp().pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield article, from_doc(doc, article)


def from_doc(doc: Doc, article: Article) -> Extraction:
    """Return the extraction of an article from its spaCy parse."""
    discourse = Discourse(article, doc)
    quotes = find_quotes(article)
    claims = find_claims(doc, article, discourse, quotes)
    agreements = find_agreements(doc, article, discourse, claims)
    meetings = find_meetings(doc, article, discourse)
    mentions = tuple(
        [c.speaker for c in claims]
        + [p for a in agreements for p in a.parties]
        + [a.attributed_to for a in agreements if a.attributed_to]
        + [p for m in meetings for p in m.parties]
    )
    return Extraction(tuple(claims), tuple(agreements), tuple(meetings), mentions)
