"""Spans end where the text does: no evidence starts or ends inside a word, or runs into a
paragraph it does not need, whether paragraphs are set apart by blank lines or by one newline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.article import Article, from_text
from kg.extract import Extraction, Span, extract
from kg.ingest import analyse, load
from kg.rdf import article_graph, graph_iri
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "eval" / "news" / "articles"
# Characters that join two letters into one word: "U.S.", "don't", "Rolls-Royce".
_JOINERS = set(".'’-")


def spans(extraction: Extraction) -> Iterator[tuple[str, Span]]:
    for c in extraction.claims:
        yield from (
            ("content", c.content),
            ("speaker", c.speaker.span),
            ("cue", c.cue),
            ("sentence", c.sentence),
        )
    for a in extraction.agreements:
        yield from (("outcome", a.outcome), ("trigger", a.trigger), ("sentence", a.sentence))
        yield from (("party", p.span) for p in a.parties)


_CLITIC = re.compile(r"['’](?:s|ll|re|ve|d|m)\b", re.I)  # "I'll", "Obama's": a word ends before them


def in_word(text: str, i: int) -> bool:
    """Whether offset `i` falls between two characters of one word."""
    if i <= 0 or i >= len(text) or not text[i - 1].isalnum():
        return False
    after = text[i]
    if _CLITIC.match(text, i):
        return False
    return after.isalnum() or (after in _JOINERS and i + 1 < len(text) and text[i + 1].isalnum())


def faults(article: Article, start: int, end: int) -> list[str]:
    """Return what is wrong with the original span `[start, end)`: a cut word, or a paragraph
    break crossed for nothing (a block on either side with no word of the span in it)."""
    text = article.original
    found = []
    if in_word(text, start):
        found.append("starts inside a word")
    if in_word(text, end):
        found.append("ends inside a word")
    blocks = [article.original_span(b.start, b.end) for b in article.blocks]
    touched = [(max(start, a), min(end, b)) for a, b in blocks if a < end and start < b]
    if len(touched) > 1 and not all(
        any(ch.isalnum() for ch in text[a:b]) for a, b in (touched[0], touched[-1])
    ):
        found.append("crosses a paragraph break it does not need")
    if start < end and (text[start].isspace() or text[end - 1].isspace()):
        found.append("starts or ends with whitespace")
    return found


def check(articles: list[Article], location: Path) -> list[str]:
    """Check every extracted span, and every span as stored (read back from a real store)."""
    problems, by_id, graphs = [], {}, {}
    for article, extraction, resolution in analyse(articles):
        by_id[article.id] = article
        graphs[str(graph_iri(article.id))] = article_graph(article, extraction, resolution)
        for kind, span in spans(extraction):
            problems += [
                f"{article.source} {kind} {span.text!r}: {f}" for f in faults(article, span.start, span.end)
            ]
    with Store(str(location)) as store:
        store.replace_graphs(graphs)
        rows = store.query("""
            SELECT ?id ?start ?end WHERE {
              ?e oa:hasSource ?a ; oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end .
              ?a dcterms:identifier ?id }""")
        stored = [(str(r.id), int(r.start), int(r.end)) for r in rows]
    assert len(stored) > len(by_id), "the store holds no evidence"
    for article_id, start, end in stored:
        article = by_id[article_id]
        text = article.original[start:end]
        problems += [f"stored {article.source} {text!r}: {f}" for f in faults(article, start, end)]
    return problems


def test_a_sentence_ends_before_the_next_paragraph_set_apart_by_one_newline():
    article = from_text(
        "Talks resume in Geneva\n"
        "Foreign Minister Ana Costa said the offer was a positive step.\n"
        "Union leader Tomas Berg said the union would answer on Friday.\n"
        '"We have waited long enough," Costa said.\n'
        "The talks resume on Monday."
    )
    extraction = extract(article)
    sentences = {article.original[c.sentence.start : c.sentence.end] for c in extraction.claims}
    assert sentences == {
        "Foreign Minister Ana Costa said the offer was a positive step.",
        "Union leader Tomas Berg said the union would answer on Friday.",
        '"We have waited long enough," Costa said.',
    }
    for claim in extraction.claims:
        for span in (claim.content, claim.speaker.span, claim.cue, claim.sentence):
            assert faults(article, span.start, span.end) == [], span


def test_no_span_of_the_seeds_cuts_a_word_or_crosses_a_paragraph_for_nothing(seed_files, tmp_path):
    articles = [a for a in load(seed_files) if isinstance(a, Article)]
    assert len(articles) == 2
    assert check(articles, tmp_path / "db") == []


def test_no_span_of_the_shared_real_news_cuts_a_word_or_crosses_a_paragraph_for_nothing(tmp_path):
    if not NEWS.is_dir():
        pytest.skip(f"{NEWS} is absent: the shared real-news set lives in ../shared/eval")
    articles = [a for a in load([NEWS]) if isinstance(a, Article)]
    assert len(articles) >= 20
    assert check(articles, tmp_path / "db") == []
