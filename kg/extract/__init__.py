"""Extraction: a parsed article becomes mentions, claims, agreements and meetings.

    extract(article) -> Extraction           one article
    extract_all(articles, n_process=N)       many, through spaCy's nlp.pipe

Claims: kg/extract/claims.py. Agreements and meetings: kg/extract/agreements.py.
Who a phrase refers to inside the article: kg/extract/mentions.py.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from kg.article import Article
from kg.extract.agreements import find_agreements
from kg.extract.claims import find_claims
from kg.extract.delegations import find_memberships
from kg.extract.descriptions import absent_persons, described_parties, titled_persons
from kg.extract.meetings import find_meetings
from kg.extract.mentions import Discourse
from kg.extract.model import Agreement, Claim, Extraction, Meeting, Membership, Mention, Span
from kg.extract.nlp import load_nlp
from kg.extract.quotes import find_quotes
from kg.extract.speakers import event_speakers, named_speakers

__all__ = [
    "Agreement",
    "Claim",
    "Extraction",
    "Meeting",
    "Membership",
    "Mention",
    "Span",
    "extract",
    "extract_all",
    "from_doc",
    "parse",
]


def extract(article: Article) -> Extraction:
    """Return the claims, agreements and meetings reported in one article."""
    ((_, extraction),) = extract_all([article])
    return extraction


def extract_all(
    articles: Iterable[Article], *, n_process: int = 1, batch_size: int = 64
) -> Iterator[tuple[Article, Extraction]]:
    """Yield (article, extraction) for each article, parsing in batches (and processes)."""
    for article, doc in parse(articles, n_process=n_process, batch_size=batch_size):
        yield article, from_doc(doc, article)


def parse(
    articles: Iterable[Article], *, n_process: int = 1, batch_size: int = 64
) -> Iterator[tuple[Article, Doc]]:
    """Yield each article with its spaCy Doc, parsed block by block.

    Titles, headings and paragraphs are parsed as separate chunks and joined again with
    Doc.from_docs, so no sentence or dependency crosses a block boundary (a headline never
    merges with the first paragraph) while the Doc's text stays exactly the article's text.
    """
    pending: dict[int, tuple[Article, list[Doc], int]] = {}

    def chunks() -> Iterator[tuple[str, tuple[int, int]]]:
        for n, article in enumerate(articles):
            pieces = _chunks(article)
            pending[n] = (article, [], len(pieces))
            for piece in pieces:
                yield piece, (n, len(pieces))

    for doc, (n, _) in load_nlp().pipe(chunks(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        article, docs, count = pending[n]
        docs.append(doc)
        if len(docs) == count:
            del pending[n]
            yield article, Doc.from_docs(docs, ensure_whitespace=False)


def _chunks(article: Article) -> list[str]:
    """Return the article text cut at block starts: each block with the blank line after it.

    A block longer than MAX_CHUNK is cut further, at sentence ends where it has them: spaCy
    refuses a text over its max_length (1,000,000 characters) and its memory grows with the
    longest text of a batch (3.1 GB for one 900,000-character paragraph).
    """
    starts = [b.start for b in article.blocks[1:]]
    bounds = [0, *starts, len(article.text)]
    return [piece for a, b in itertools.pairwise(bounds) if b > a for piece in _pieces(article.text[a:b])]


MAX_CHUNK = 4_000  # characters; news paragraphs are a few hundred (the longest of 19,580 real ones: 2,573)
_SENTENCE_END = re.compile(r"""[.!?]["')\]]*\s+(?=["'(\[]?[A-Z0-9])""")


def _pieces(text: str, limit: int = MAX_CHUNK) -> list[str]:
    """Cut `text` into pieces of at most `limit` characters, each ending at a sentence end, or
    else at a space, or else anywhere (a run of letters with no space is not prose)."""
    pieces = []
    while len(text) > limit:
        window = text[limit // 2 : limit]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = limit // 2 + ends[-1] if ends else text.rfind(" ", limit // 2, limit) + 1 or limit
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


def from_doc(doc: Doc, article: Article) -> Extraction:
    """Return the extraction of an article from its spaCy parse."""
    discourse = Discourse(article, doc)
    quotes = find_quotes(article)
    claims = find_claims(doc, article, discourse, quotes)
    agreements = find_agreements(doc, article, discourse, claims, quotes)
    named = tuple(discourse.named_mentions())
    persons = [*named, *(m for a in agreements for m in a.parties), *(c.speaker for c in claims)]
    titled = titled_persons(persons)
    absent = frozenset(absent_persons(doc, discourse))  # "X boycotted the talks": no party to them
    agreements = described_parties(agreements, titled, absent)  # "the Tarsk mayor": the person so titled
    triggers = {(a.trigger.start, a.trigger.end) for a in agreements}
    # "X urged / promised / agreed to ...": an agreement, not also a claim (GUIDELINES.md).
    claims = [c for c in claims if (c.cue.start, c.cue.end) not in triggers]
    meetings = find_meetings(doc, article, discourse)
    events = [(a.sentence, a.parties) for a in agreements] + [(m.sentence, m.parties) for m in meetings]
    events.sort(key=lambda event: event[0].start)
    claims = event_speakers(claims, events)  # "both sides said": each party of the last deal or meeting
    claims = named_speakers(claims)  # "they said", with nobody to stand for: no claim
    memberships = find_memberships(doc, discourse)
    return Extraction(tuple(claims), tuple(agreements), tuple(meetings), tuple(memberships), named)
