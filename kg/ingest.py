"""Ingest: files -> articles -> extraction -> actors -> one named graph each, in the store.

Used alike by `kg ingest`, `POST /articles` and the notebook. A bad input is reported by
name and skipped; the rest of the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.article import SUFFIXES, Article, ArticleError, read_articles
from kg.extract import Extraction, extract_all
from kg.rdf import article_graph
from kg.resolve import Resolution, resolve
from kg.store import Store


@dataclass(frozen=True)
class Ingested:
    article_id: str
    source: str
    title: str
    claims: int
    agreements: int


@dataclass
class Report:
    ingested: list[Ingested] = field(default_factory=list)
    failed: list[ArticleError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Return the article files named or held (recursively) in folders, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return out


def load(paths: Iterable[str | Path]) -> Iterator[Article | ArticleError]:
    """Yield each article (or the error of each bad input) of the given files and folders."""
    for path in input_files(paths):
        if not path.exists():
            yield ArticleError(str(path), "no such file")
            continue
        yield from read_articles(path)


def analyse(
    articles: Iterable[Article], *, known: dict[str, str] | None = None, workers: int = 1
) -> Iterator[tuple[Article, Extraction, Resolution]]:
    """Yield each article with its extraction and resolved actors."""
    for article, extraction in extract_all(articles, n_process=workers):
        yield article, extraction, resolve(extraction, article_id=article.id, known=known)


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    workers: int = 1,
    progress: Callable[[Ingested | ArticleError], None] | None = None,
) -> Report:
    """Store every article of `paths`; return what was stored and what failed, by name."""
    report = Report()
    good: list[Article] = []
    for item in load(paths):
        if isinstance(item, ArticleError):
            report.failed.append(item)
            if progress:
                progress(item)
        else:
            good.append(item)
    known = store.actor_labels()
    for article, extraction, resolution in analyse(good, known=known, workers=workers):
        store.replace_article(article.id, article_graph(article, extraction, resolution))
        for actor in resolution.actors.values():  # later articles keep the first canonical name
            known.setdefault(actor.id, actor.name)
        done = Ingested(
            article.id, article.source, article.title, len(extraction.claims), len(extraction.agreements)
        )
        report.ingested.append(done)
        if progress:
            progress(done)
    return report


def ingest_article(article: Article, store: Store) -> Ingested:
    """Store one article already read (the API's POST /articles)."""
    ((_, extraction, resolution),) = analyse([article], known=store.actor_labels())
    store.replace_article(article.id, article_graph(article, extraction, resolution))
    return Ingested(
        article.id, article.source, article.title, len(extraction.claims), len(extraction.agreements)
    )
