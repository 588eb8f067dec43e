"""Ingest: files -> articles -> extraction -> actors -> one named graph each, in the store.

Used alike by `kg ingest`, `POST /articles` and the notebook. A bad input is reported by
name and skipped; the rest of the batch goes on. After each article is stored, the tracked
claims and outcomes it touches are regrouped (kg.track).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg import track
from kg.article import SUFFIXES, Article, ArticleError, read_articles
from kg.extract import Extraction, extract_all
from kg.rdf import article_graph, graph_iri
from kg.resolve import Resolution, resolve
from kg.similarity import Comparer
from kg.store import Store

BATCH_SIZE = 32  # articles per write transaction


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
    skipped: list[str] = field(default_factory=list)  # ids already stored with the same content
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def rate(self) -> float:
        """Articles stored per second."""
        return len(self.ingested) / self.seconds if self.seconds else 0.0


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Return the article files named or held (recursively) in folders, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():  # every entry with an article suffix, so that odd ones are reported, not skipped
            out += sorted(f for f in p.rglob("*") if not f.is_dir() and f.suffix.lower() in SUFFIXES)
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
    batch_size: int = BATCH_SIZE,
    force: bool = False,
    progress: Callable[[Ingested | ArticleError], None] | None = None,
) -> Report:
    """Store every article of `paths`; return what was stored, skipped and failed, by name.

    Articles stream through (memory does not grow with the corpus) and are written in
    batches, each batch one transaction. An article already stored with the same content is
    skipped unless `force`, so a rerun after a crash ingests only what is missing, and
    finishes the tracking of any stored article the crash left ungrouped.
    """
    report = Report()
    started = time.perf_counter()

    def articles() -> Iterator[Article]:
        for item in load(paths):
            if isinstance(item, ArticleError):
                report.failed.append(item)
                if progress:
                    progress(item)
            elif not force and store.has_article(item.id):
                report.skipped.append(item.id)
            else:
                yield item

    known = store.actor_labels()
    comparer = Comparer()
    batch: dict[str, tuple[Article, Extraction, Resolution]] = {}
    # One batch is written (and its reports tracked) on a thread of its own while the next is
    # parsed: Oxigraph and numpy release the GIL, so the two overlap on a second core.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-ingest-writer") as writer:
        writing: Future | None = None
        for article, extraction, resolution in analyse(articles(), known=known, workers=workers):
            batch[article.id] = (article, extraction, resolution)
            for actor in resolution.actors.values():  # later articles keep the first canonical name
                known.setdefault(actor.id, actor.name)
            if len(batch) >= batch_size:
                if writing is not None:
                    writing.result()  # one batch in flight at most; its error stops the ingest here
                writing = writer.submit(_write, store, batch, comparer, report, progress)
                batch = {}
        if writing is not None:
            writing.result()
    _write(store, batch, comparer, report, progress)
    unfinished = track.ungrouped(store, report.skipped)
    if unfinished:
        track.refresh(store, unfinished, comparer=comparer)
    report.seconds = time.perf_counter() - started
    return report


def ingest_article(article: Article, store: Store) -> Ingested:
    """Store one article already read."""
    return ingest_articles([article], store)[0]


def ingest_articles(articles: list[Article], store: Store) -> list[Ingested]:
    """Store articles already read (the API's POST /articles) in one transaction: all or none."""
    known = store.actor_labels()
    batch = {}
    for article, extraction, resolution in analyse(articles, known=known):
        batch[article.id] = (article, extraction, resolution)
        for actor in resolution.actors.values():
            known.setdefault(actor.id, actor.name)
    report = Report()
    _write(store, batch, Comparer(), report, None)
    return report.ingested


def delete_article(article_id: str, store: Store) -> bool:
    """Remove an article, all it contributed, and its reports from the tracked groups."""
    if not store.delete_article(article_id):
        return False
    track.refresh(store, [article_id])
    return True


def _write(
    store: Store,
    batch: dict[str, tuple[Article, Extraction, Resolution]],
    comparer: Comparer,
    report: Report,
    progress: Callable[[Ingested | ArticleError], None] | None,
) -> None:
    """Store a batch of articles in one transaction, then regroup what they report."""
    if not batch:
        return
    store.replace_graphs({str(graph_iri(a.id)): article_graph(a, x, r) for a, x, r in batch.values()})
    track.refresh(store, list(batch), comparer=comparer)
    for article, extraction, _ in batch.values():
        claims, agreements = len(extraction.claims), len(extraction.agreements)
        done = Ingested(article.id, article.source, article.title, claims, agreements)
        report.ingested.append(done)
        if progress:
            progress(done)
