"""Ingest: files -> articles -> extraction -> actors -> one named graph each, in the store.

Used alike by `kg ingest`, `POST /articles` and the notebook. A bad input is reported by
name and skipped; the rest of the batch goes on. After each article is stored, the tracked
claims and outcomes it touches are regrouped (kg.track).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg import track
from kg.article import SUFFIXES, Article, ArticleError, read_articles
from kg.extract import Extraction, extract_all
from kg.rdf import article_graph
from kg.resolve import Resolution, resolve
from kg.similarity import Comparer
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
    comparer = Comparer()
    for article, extraction, resolution in analyse(good, known=known, workers=workers):
        done = _store(store, article, extraction, resolution, comparer)
        for actor in resolution.actors.values():  # later articles keep the first canonical name
            known.setdefault(actor.id, actor.name)
        report.ingested.append(done)
        if progress:
            progress(done)
    return report


def ingest_article(article: Article, store: Store) -> Ingested:
    """Store one article already read (the API's POST /articles)."""
    ((_, extraction, resolution),) = analyse([article], known=store.actor_labels())
    return _store(store, article, extraction, resolution, Comparer())


def delete_article(article_id: str, store: Store) -> bool:
    """Remove an article, all it contributed, and its reports from the tracked groups."""
    if not store.delete_article(article_id):
        return False
    track.refresh(store, [article_id])
    return True


def _store(
    store: Store, article: Article, extraction: Extraction, resolution: Resolution, comparer: Comparer
) -> Ingested:
    store.replace_article(article.id, article_graph(article, extraction, resolution))
    track.refresh(store, [article.id], comparer=comparer)
    claims, agreements = len(extraction.claims), len(extraction.agreements)
    return Ingested(article.id, article.source, article.title, claims, agreements)
