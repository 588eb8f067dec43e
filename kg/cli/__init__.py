"""The `kg` command: a thin layer over the library (every command takes --store)."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from kg.article import ArticleError
from kg.cli.common import StoreOption, _open, app, input_paths, written
from kg.cli.help import examples as _examples
from kg.jobs import MAX_SECONDS
from kg.store import StoreError, location_from

# This process and one parser: tracking and storing take about as much CPU as the parse
# (1.1x on PolNeAR train + dev), so a second parser process would mostly wait for this one
# and add its 320 MB (bench/ingest_real.py --rates).
DEFAULT_WORKERS = min(2, os.cpu_count() or 1)
# Below this many articles a parser process costs more than it saves: it loads spaCy (a few
# seconds) before its first article, about what parsing 32 articles in this process takes.
PARALLEL_FROM = 32


def main() -> None:
    app()


@app.command(
    epilog=_examples(
        "kg ingest articles/                 # every .txt .md .html .jsonl in it",
        "kg ingest a.txt b.html --force      # re-extract",
    )
)
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Article files (.txt .md .html .jsonl) or folders.")],
    store: StoreOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes at work, this one included: it resolves, stores and tracks, the "
            "others parse and extract (1: all in this one; the default, 2 from 32 articles on, "
            "keeps 2 cores busy: more parsers would wait for this one).",
            min=1,
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Re-extract articles already stored.")] = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address (tcp://HOST:8786): its workers parse and extract, "
            "this process writes the store."
        ),
    ] = None,
) -> None:
    """Read articles, extract claims and agreements, store one graph per article."""
    from kg.ingest import ingest as run

    files = input_paths(paths)

    show = sys.stderr.isatty()
    started = time.perf_counter()
    done = 0

    def progress(item) -> None:
        nonlocal done
        if isinstance(item, ArticleError):
            typer.echo(f"failed: {item}", err=True)
            return
        done += 1
        if show:  # one updating line: count, rate, the article just stored
            rate = done / max(time.perf_counter() - started, 1e-9)
            typer.echo(f"\r{done} articles, {rate:.1f}/s  {item.source[-60:]:<60}", err=True, nl=False)

    if workers is None:
        workers = DEFAULT_WORKERS if _article_count(files, PARALLEL_FROM) >= PARALLEL_FROM else 1
    try:
        with _open(store) as db:
            report = run(files, db, workers=workers, cluster=cluster, force=force, progress=progress)
            stats = db.stats()
    except KeyboardInterrupt:  # Ctrl-C: what is stored stays (whole articles), a rerun goes on
        typer.echo(
            f"\ninterrupted: {done} articles stored by this run; rerun the same command to ingest "
            "(and track) the rest",
            err=True,
        )
        raise typer.Exit(130) from None
    if show and done:
        typer.echo("", err=True)
    if report.stopped:  # a full disk: what is stored stays, a rerun skips it and goes on
        typer.echo(f"error: {report.stopped}; free some space and rerun to ingest the rest", err=True)
    typer.echo(
        f"ingested {len(report.ingested)} articles ({sum(i.claims for i in report.ingested)} claims, "
        f"{sum(i.agreements for i in report.ingested)} agreements, {report.rate:.1f} articles/s); "
        f"{len(report.skipped)} already stored; {len(report.failed)} failed. "
        f"Store: {stats.articles} articles, {stats.claims} claims, {stats.agreements} agreements, "
        f"{stats.actors} actors, {stats.triples} triples."
    )
    if not report.ok:
        raise typer.Exit(1)


def _article_count(paths: list[Path], enough: int) -> int:
    """Count the articles the inputs hold (a JSONL file one a line); no file is read once `enough`
    are counted."""
    from kg.ingest import input_files

    count = 0
    for path in input_files(paths):
        if path.suffix.lower() == ".jsonl" and path.is_file():
            with path.open("rb") as lines:
                count += sum(1 for line in lines if line.strip())
        else:
            count += 1
        if count >= enough:
            break
    return count


@app.command(epilog=_examples("kg extract article.txt > facts.json"))
def extract(
    paths: Annotated[list[str], typer.Argument(help="Article files or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract (the default).")] = True,
) -> None:
    """Print what would be extracted, as JSON, without storing anything."""
    from kg.contract import article_json
    from kg.ingest import analyse, load

    articles, failed = [], []
    for item in load(input_paths(paths)):
        (failed if isinstance(item, ArticleError) else articles).append(item)
    for error in failed:
        typer.echo(f"failed: {error}", err=True)

    def extraction_failed(error: ArticleError) -> None:  # the other articles are still printed
        failed.append(error)
        typer.echo(f"failed: {error}", err=True)

    docs = [article_json(a, x, r) for a, x, r in analyse(articles, on_error=extraction_failed)]
    typer.echo(json.dumps({"articles": docs}, ensure_ascii=False, indent=1))
    if failed:
        raise typer.Exit(1)


@app.command(
    epilog=_examples(
        "kg export -o graph.ttl                  # Turtle, from the file name",
        "kg export -o graph.jsonld --with-ontology",
        "kg export -o actors.gexf                # the actor network, for Gephi",
        "kg export -f ntriples | wc -l",
    )
)
def export(
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="turtle, ntriples, jsonld, trig, nquads, graphml or gexf "
            "(default: from -o's suffix, else turtle).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
    with_ontology: Annotated[
        bool, typer.Option("--with-ontology", help="Add the ontology (ontology/claims.ttl) to an RDF export.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Export the graph: Turtle, N-Triples or JSON-LD (union of articles, sorted), TriG or N-Quads
    (a graph per article), GraphML or GEXF (the actor network)."""
    from kg.read.export import NETWORK_FORMATS, ExportError, format_for
    from kg.read.export import export as write_export

    try:
        fmt = format_for(output, fmt)
        if with_ontology and fmt in NETWORK_FORMATS:
            raise ExportError(f"{fmt} holds the actor network, not RDF: it cannot bundle the ontology")
    except ExportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    with _open(store, snapshot_if_held=True) as db:
        try:
            if output is None:
                write_export(db, fmt, sys.stdout.buffer, with_ontology=with_ontology)
                sys.stdout.buffer.flush()
                return
            with written(output) as out:  # never leaves a half-written export behind
                write_export(db, fmt, out, with_ontology=with_ontology)
        except ExportError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    typer.echo(f"wrote {output} ({fmt})", err=True)


@app.command(
    epilog=_examples(
        'kg query "SELECT ?name WHERE { ?a a cg:Person ; rdfs:label ?name }"',
        'kg query "SELECT * WHERE { ?c cg:text ?t } LIMIT 5" -f csv',
    )
)
def query(
    sparql: Annotated[
        str, typer.Argument(help="A SPARQL query; prefixes cg:, schema:, rdfs:, ... are predefined.")
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json or csv (CONSTRUCT: Turtle).")
    ] = "table",
    timeout: Annotated[
        float | None, typer.Option(help="Stop the query after this many seconds.", min=0.001, max=MAX_SECONDS)
    ] = None,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query over the union of all articles (in a worker process, as /sparql does)."""
    import pyoxigraph as ox

    from kg.sparql import Answer, QueryError
    from kg.sparql.workers import Job, QueryWorkers

    if fmt not in ("table", "json", "csv"):
        typer.echo(f"error: unknown format {fmt!r}: choose table, json or csv", err=True)
        raise typer.Exit(2)
    from api.settings import Settings, SettingsError

    try:  # read and checked as `kg serve` reads it (a number, at least 1024)
        memory = Settings.from_env({"KG_QUERY_MEMORY_MB": os.environ.get("KG_QUERY_MEMORY_MB", "2048")})
    except SettingsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    workers = QueryWorkers(location_from(store), 1, memory_mb=memory.query_memory_mb)
    formats = {"results": "csv" if fmt == "csv" else "json", "graph": "turtle"}
    try:
        reply = workers.run(Job(sparql, seconds=timeout, formats=formats))
    except (QueryError, StoreError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        workers.close()
    if reply.form == "CONSTRUCT" or fmt != "table":  # a graph reads best as Turtle
        sys.stdout.buffer.write(reply.body)
        sys.stdout.buffer.flush()
        return
    found = ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON)
    if isinstance(found, ox.QueryBoolean):
        typer.echo("yes" if found else "no")
        return
    variables = tuple(v.value for v in found.variables)
    _print_table(Answer("SELECT", variables=variables, rows=tuple(tuple(row) for row in found)))


def _print_table(found) -> None:
    from kg.sparql.results import text

    rows = [[text(term) for term in row] for row in found.rows]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(found.variables)]
    typer.echo("  ".join(n.ljust(w) for n, w in zip(found.variables, widths, strict=True)))
    for r in rows:
        typer.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


@app.command(epilog=_examples("kg stats", "kg stats --store http://127.0.0.1:7878/   # an Oxigraph server"))
def stats(store: StoreOption = None) -> None:
    """Count articles, claims, agreements, actors and triples in the store."""
    with _open(store, snapshot_if_held=True) as db:
        s = db.stats()
    for name, value in vars(s).items():
        typer.echo(f"{name:<11}{value}")


@app.command(
    epilog=_examples("kg articles                       # find the id", "kg delete 90ee45620aafa739")
)
def delete(
    article_id: Annotated[str, typer.Argument(help="The article id (list them with `kg articles`).")],
    store: StoreOption = None,
) -> None:
    """Remove one article, everything it contributed, and its reports from tracked groups."""
    from kg.ingest import ARTICLE_ID, delete_article

    if not ARTICLE_ID.fullmatch(article_id):
        typer.echo(f"error: {article_id!r} is not an article id (16 hexadecimal digits)", err=True)
        raise typer.Exit(2)
    with _open(store) as db:
        deleted = delete_article(article_id, db)
    if not deleted:
        typer.echo(f"error: no article {article_id!r} in the store", err=True)
        raise typer.Exit(1)
    typer.echo(f"deleted {article_id}")


@app.command(epilog=_examples("kg track --text ceasefire --kind outcome", "kg track --min-articles 3"))
def track(
    q: Annotated[
        str | None, typer.Option("--text", "-t", help="Only groups whose text contains this.")
    ] = None,
    kind: Annotated[str, typer.Option(help="outcome, claim or all.")] = "all",
    min_articles: Annotated[int, typer.Option("--min-articles", help="Only groups reported this often.")] = 2,
    limit: Annotated[int, typer.Option(help="How many groups to list, most reported first.", min=1)] = 100,
    store: StoreOption = None,
) -> None:
    """List tracked claims and outcomes: the same statement reported by several articles."""
    from kg.cli.lists import plural
    from kg.read.tracked import count_tracked, tracked

    if kind not in ("claim", "outcome", "all"):  # it was read as "all"
        typer.echo(f"error: unknown kind {kind!r}: choose claim, outcome or all", err=True)
        raise typer.Exit(2)
    with _open(store, snapshot_if_held=True) as db:  # it only reads: it works beside kg serve
        groups = tracked(db, q=q, kind=kind, min_articles=min_articles, limit=limit)
        total = count_tracked(db, q=q, kind=kind, min_articles=min_articles)
    for group in groups:
        named = f"{group.publishers} publishers" if group.publishers else "publishers unknown"
        sources = f"{group.articles} articles, {named}"
        typer.echo(f"[{group.kind}] {group.label}  ({sources}, {group.first or '?'} .. {group.last or '?'})")
        for report in group.reports:
            typer.echo(f"    {report.date or '----------'}  {report.article_title[:50]:<50}  {report.text}")
        for a, b in group.contradictions:
            typer.echo(f"    ! contradiction: {a!r} vs {b!r}")
    # Said even when none is: an empty answer would read as a command that did nothing.
    reported = f"reported by {min_articles} or more articles" if min_articles > 1 else "in the store"
    shown = f"{len(groups)} of " if len(groups) < total else ""
    more = f" (--limit {total} lists all)" if shown else ""
    typer.echo(f"{shown}{plural(total, 'tracked group')} {reported}{more}", err=True)


@app.command(
    epilog=_examples(
        "kg serve                         # then open http://127.0.0.1:8000/",
        "kg serve --port 8080 --host 0.0.0.0",
    )
)
def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for all).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    allow_updates: Annotated[
        bool,
        typer.Option(
            "--allow-updates",
            help="Accept SPARQL Update at /sparql from requests carrying the KG_API_TOKEN token.",
        ),
    ] = False,
) -> None:
    """Serve the graph over HTTP: lookups, SPARQL endpoint and query page, uploads (api/)."""
    from api.app import create_app
    from api.serving import SERVER_LIMITS
    from api.serving import serve as run_server
    from api.settings import Settings, SettingsError

    try:
        settings = Settings.from_env(**({"allow_updates": True} if allow_updates else {}))
    except SettingsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if settings.allow_updates and not settings.api_token:
        typer.echo(
            "warning: updates are allowed but KG_API_TOKEN is not set, so every update is refused", err=True
        )
    with _open(store) as db:
        typer.echo(
            f"serving {db.location} at http://{host}:{port}/ (home /, graph /view, articles "
            "/articles/{id}, query page /sparql, API docs /docs)",
            err=True,
        )
        service = create_app(db, settings=settings)
        service.state.query_pool.start()  # fresh queries need not wait for a worker to start
        limits = replace(
            SERVER_LIMITS, request_seconds=settings.request_timeout, send_seconds=settings.send_timeout
        )
        run_server(service, host=host, port=port, limits=limits)


# --- commands of their own modules, registered on `app` as they are imported ---
import kg.cli.graph  # noqa: E402 (kg graph ..., kg view)
import kg.cli.lists  # noqa: E402, F401 (kg actors, kg articles, kg claims, kg agreements)
