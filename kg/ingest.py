"""Ingest: files -> articles -> extraction -> actors -> one named graph each, in the store.

Used alike by `kg ingest`, `POST /articles` and the notebook. A bad input, or an article
whose extraction, resolution, storing or tracking raises, is reported by name and skipped;
the rest of the batch goes on. After each article is stored, the tracked claims and outcomes
it touches are regrouped (kg.tracking.track). Only a full disk stops an ingest: every later write would
fail the same way.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg import allocator
from kg.article import SUFFIXES, Article, ArticleError, read_articles
from kg.extract import Extraction, extract_all
from kg.extract.processes import extract_in_processes, processes_start
from kg.rdf import article_triples, graph_iri
from kg.resolve import Resolution, resolve
from kg.store import DiskFull, Store
from kg.tracking import track
from kg.tracking.similarity import Comparer

BATCH_SIZE = 32  # articles per write transaction
ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
Analysed = tuple[Article, Extraction, Resolution]
OnError = Callable[[ArticleError], None]


@dataclass(frozen=True)
class Ingested:
    article_id: str
    source: str
    title: str
    claims: int
    agreements: int


@dataclass
class IngestResult:
    """What one ingest did: the articles stored, failed and skipped, and how fast."""

    ingested: list[Ingested] = field(default_factory=list)
    failed: list[ArticleError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # ids already stored with the same content
    stopped: str | None = None  # why the ingest stopped before the end (a full disk)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed and self.stopped is None

    @property
    def rate(self) -> float:
        """Articles stored per second."""
        return len(self.ingested) / self.seconds if self.seconds else 0.0


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Return the article files named or held (recursively) in folders, in a stable order."""
    return [path for path, _ in _inputs(paths)]


def load(paths: Iterable[str | Path]) -> Iterator[Article | ArticleError]:
    """Yield each article (or the error of each bad input) of the given files and folders."""
    for path, folder in _inputs(paths):
        if folder is not None and not path.resolve().is_relative_to(folder.resolve()):
            # `ln -s /etc/passwd folder/x.txt` must not become an article served by /export.
            yield ArticleError(str(path), "a symbolic link to outside the folder; refused")
            continue
        if not path.exists():
            yield ArticleError(str(path), "no such file")
            continue
        yield from read_articles(path)


def _inputs(paths: Iterable[str | Path]) -> list[tuple[Path, Path | None]]:
    """Return each file with the folder it was found in (None for a file named itself)."""
    out: list[tuple[Path, Path | None]] = []
    for p in map(Path, paths):
        if p.is_dir():  # every entry with an article suffix, so that odd ones are reported, not skipped
            found = sorted(f for f in p.rglob("*") if not f.is_dir() and f.suffix.lower() in SUFFIXES)
            out += [(f, p) for f in found]
        else:
            out.append((p, None))
    return out


def where(article: Article) -> str:
    """Name an article in a message: its file, and its line for JSONL."""
    if article.line is not None:
        return f"{article.source.rsplit('#', 1)[0]}:{article.line}"
    return article.source


def failure(article: Article, stage: str, exc: BaseException) -> ArticleError:
    """Return the error reporting that `stage` (extraction, ...) raised `exc` on an article."""
    lines = str(exc).strip().splitlines()
    detail = lines[0][:200] if lines else ""
    return ArticleError(
        where(article), f"{stage} failed: {type(exc).__name__}{': ' if detail else ''}{detail}"
    )


def analyse(
    articles: Iterable[Article],
    *,
    known: dict[str, str] | None = None,
    workers: int = 1,
    on_error: OnError | None = None,
    cluster: str | None = None,
) -> Iterator[Analysed]:
    """Yield each article with its extraction and resolved actors, in input order.

    Without `on_error`, the first failure propagates. With it, an article whose extraction
    or resolution raises is handed to `on_error` (named, with the reason) and the others go on.
    With `workers` > 1, processes of this machine parse and extract (kg.extract.processes),
    `workers` - 1 besides this one; with a Dask scheduler address as `cluster`, its workers do
    (kg.cluster). Actors are resolved here, as each article's resolution reads the names earlier ones gave.
    """
    if cluster:
        from kg.cluster import extract_on_cluster

        extracted = extract_on_cluster(articles, cluster, on_error=on_error)
    elif workers > 1 and processes_start(workers):  # this one resolves, stores and tracks
        extracted = extract_in_processes(articles, workers - 1, on_error=on_error)
    elif on_error is None:
        extracted = extract_all(articles)
    else:
        extracted = _extract_each(articles, on_error)
    if on_error is None:
        for article, extraction in extracted:
            yield article, extraction, resolve(extraction, article_id=article.id, known=known)
        return
    for article, extraction in extracted:
        try:
            resolution = resolve(extraction, article_id=article.id, known=known)
        except Exception as exc:
            on_error(failure(article, "resolution", exc))
            continue
        yield article, extraction, resolution


class _SourceFailed(Exception):
    """The articles' own iterator raised (reading, the store): not one article's fault."""


def _extract_each(articles: Iterable[Article], on_error: OnError) -> Iterator[tuple[Article, Extraction]]:
    """extract_all, where a failure costs one article, not the stream.

    spaCy parses in batches, so an error in the stream does not say whose it is: the articles
    in flight are parsed again one at a time (the guilty one reported), then the stream
    restarts after them. Each restart consumes what was in flight, so this ends.
    """
    source = iter(articles)
    in_flight: deque[Article] = deque()

    def feed() -> Iterator[Article]:
        while True:
            try:
                article = next(source)
            except StopIteration:
                return
            except Exception as exc:
                raise _SourceFailed() from exc
            in_flight.append(article)
            yield article

    while True:
        try:
            for article, extraction in extract_all(feed()):
                while in_flight and in_flight.popleft() is not article:
                    pass  # nothing is skipped in order; kept in step all the same
                yield article, extraction
            return
        except _SourceFailed as exc:
            raise exc.__cause__ from None
        except Exception:
            if not in_flight:  # nothing was parsed yet: the pipeline itself is broken (no model)
                raise
        retry, in_flight = list(in_flight), deque()
        for article in retry:
            try:
                ((_, extraction),) = extract_all([article])
            except Exception as exc:
                on_error(failure(article, "extraction", exc))
                continue
            yield article, extraction


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    workers: int = 1,
    cluster: str | None = None,
    batch_size: int = BATCH_SIZE,
    force: bool = False,
    progress: Callable[[Ingested | ArticleError], None] | None = None,
) -> IngestResult:
    """Store every article of `paths`; return what was stored, skipped and failed, by name.

    Articles stream through (memory does not grow with the corpus) and are written in
    batches, each batch one transaction. An article already stored with the same content is
    skipped unless `force`, so a rerun after a crash ingests only what is missing, and
    finishes the tracking of any stored article the crash left ungrouped. One article that
    fails costs only itself; a full disk stops the ingest (`IngestResult.stopped`).
    """
    report = IngestResult()
    started = time.perf_counter()
    allocator.for_a_long_ingest()  # before the writer thread starts

    def failed(error: ArticleError) -> None:
        report.failed.append(error)
        if progress:
            progress(error)

    seen: set[str] = set()

    def articles() -> Iterator[Article]:
        for item in load(paths):
            if isinstance(item, ArticleError):
                failed(item)
            elif item.id in seen or (not force and store.has_article(item.id)):
                report.skipped.append(item.id)  # the same content as a file before it, or stored
            else:
                seen.add(item.id)
                yield item

    known = store.actor_labels()
    comparer = Comparer()
    # What tracking read, kept from batch to batch: an embedded store has no other writer.
    memory = None if store.remote else track.Memory()
    batch: dict[str, Analysed] = {}
    try:
        # One batch is written (and its reports tracked) on a thread of its own while the next
        # is parsed: Oxigraph and numpy release the GIL, so the two overlap on a second core.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-ingest-writer") as writer:
            writing: Future | None = None
            for item in analyse(articles(), known=known, workers=workers, on_error=failed, cluster=cluster):
                article, _, resolution = item
                batch[article.id] = item
                for actor in resolution.actors.values():  # later articles keep the first canonical name
                    known.setdefault(actor.id, actor.name)
                if len(batch) >= batch_size:
                    if writing is not None:
                        writing.result()  # one batch in flight at most; only a full disk raises
                    writing = writer.submit(_write, store, batch, comparer, report, progress, memory)
                    batch = {}
            if writing is not None:
                writing.result()
        _write(store, batch, comparer, report, progress, memory)
        unfinished = track.ungrouped(store, report.skipped)
        if unfinished:
            track.refresh(store, unfinished, comparer=comparer)
    except DiskFull as exc:
        report.stopped = str(exc)
    report.seconds = time.perf_counter() - started
    return report


def ingest_article(article: Article, store: Store) -> Ingested:
    """Store one article already read."""
    return ingest_articles([article], store)[0]


def ingest_articles(
    articles: list[Article], store: Store, *, comparer: Comparer | None = None
) -> list[Ingested]:
    """Store articles already read (the API's POST /articles) in one transaction: all or none.
    A server passes the one `comparer` it keeps, so texts compared before are not embedded again.

    Raises ArticleError naming the first article that cannot be extracted (nothing is
    stored), or the store's error after putting the store back as it was where it can.
    """
    known = store.actor_labels()
    batch: dict[str, Analysed] = {}
    errors: list[ArticleError] = []
    for item in analyse(articles, known=known, on_error=errors.append):
        batch[item[0].id] = item
        for actor in item[2].actors.values():
            known.setdefault(actor.id, actor.name)
    if errors:
        raise errors[0]
    names = [str(graph_iri(article_id)) for article_id in batch]
    before = {name: store.stored_graph(name) for name in names}
    store.check_space()
    try:
        store.replace_graphs({str(graph_iri(a.id)): article_triples(a, x, r) for a, x, r in batch.values()})
    except DiskFull:
        raise
    except Exception as exc:  # one transaction: nothing was written; name what it held
        names = ", ".join(where(a) for a, _, _ in list(batch.values())[:5])
        raise ArticleError(names, failure(articles[0], "storing", exc).reason) from exc
    try:
        track.refresh(store, list(batch), comparer=comparer or Comparer())
    except Exception as exc:
        try:
            store.replace_graphs(before)  # the upload reports failure: it must not stay stored
        except Exception:
            raise StoreUndone(exc) from exc
        raise
    return [_ingested(a, x) for a, x, _ in batch.values()]


class StoreUndone(RuntimeError):
    """A write failed after its articles were committed, and undoing them failed too: they stay
    stored with their tracking unfinished, which the next ingest or server start completes."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(f"{cause}; the articles were stored, their tracking finishes at the next start")
        self.cause = cause


def delete_article(article_id: str, store: Store, *, comparer: Comparer | None = None) -> bool:
    """Remove an article, all it contributed, and its reports from the tracked groups."""
    if not ARTICLE_ID.fullmatch(article_id):  # nothing else may reach the SPARQL
        raise ValueError(f"{article_id!r} is not an article id (16 hexadecimal digits)")
    if not store.delete_article(article_id):
        return False
    track.refresh(store, [article_id], comparer=comparer)
    return True


def finish_tracking(store: Store, comparer: Comparer | None = None) -> list[str]:
    """Group the reports of stored articles a crash left ungrouped; return their ids."""
    unfinished = track.ungrouped(store, store.article_ids())
    if unfinished:
        track.refresh(store, unfinished, comparer=comparer)
    return unfinished


def _write(
    store: Store,
    batch: dict[str, Analysed],
    comparer: Comparer,
    report: IngestResult,
    progress: Callable[[Ingested | ArticleError], None] | None,
    memory: track.Memory | None = None,
) -> None:
    """Store a batch of articles in one transaction, then regroup what they report.

    If that fails, each article is stored on its own, so one bad article costs only itself.
    """
    if not batch:
        return
    store.check_space()
    try:
        _store(store, batch, comparer, memory)
        stored = list(batch.values())
    except DiskFull:
        raise
    except Exception:
        stored = []
        for article_id, item in batch.items():
            try:
                _store(store, {article_id: item}, comparer, memory)
                stored.append(item)
            except DiskFull:
                raise
            except Exception as exc:
                error = failure(item[0], "storing", exc)
                report.failed.append(error)
                if progress:
                    progress(error)
    for article, extraction, _ in stored:
        done = _ingested(article, extraction)
        report.ingested.append(done)
        if progress:
            progress(done)


def _store(
    store: Store, batch: dict[str, Analysed], comparer: Comparer, memory: track.Memory | None = None
) -> None:
    """Write articles in one transaction and track them; a tracking failure takes them out again."""
    graphs = {str(graph_iri(a.id)): article_triples(a, x, r) for a, x, r in batch.values()}
    store.replace_graphs(graphs)
    try:
        track.refresh(store, list(batch), comparer=comparer, memory=memory)
    except DiskFull:
        raise  # taking them out would need the disk too; a rerun finishes their tracking
    except Exception:
        store.replace_graphs(dict.fromkeys(graphs))  # skipped: a rerun tries the article again
        raise


def _ingested(article: Article, extraction: Extraction) -> Ingested:
    return Ingested(
        article.id, article.source, article.title, len(extraction.claims), len(extraction.agreements)
    )
