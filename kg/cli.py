"""The `kg` command: a thin layer over the library (every command takes --store)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from kg.article import ArticleError
from kg.store import EXPORT_FORMATS, Store, StoreError

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Track claims in the news as an RDF graph."
)
StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store folder (default ./kg-data, or $KG_STORE).", show_default=False),
]


def main() -> None:
    app()


@contextmanager
def _open(store: str | None) -> Iterator[Store]:
    try:
        db = Store(store)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    with db:
        yield db


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt .md .html .jsonl) or folders.")],
    store: StoreOption = None,
    workers: Annotated[int, typer.Option(help="Parser processes.", min=1)] = 1,
) -> None:
    """Read articles, extract claims and agreements, store one graph per article."""
    from kg.ingest import ingest as run

    show = sys.stderr.isatty()

    def progress(item) -> None:
        if isinstance(item, ArticleError):
            typer.echo(f"failed: {item}", err=True)
        elif show:
            typer.echo(f"  {item.source}: {item.claims} claims, {item.agreements} agreements", err=True)

    with _open(store) as db:
        report = run(paths, db, workers=workers, progress=progress)
        stats = db.stats()
    typer.echo(
        f"ingested {len(report.ingested)} articles ({sum(i.claims for i in report.ingested)} claims, "
        f"{sum(i.agreements for i in report.ingested)} agreements); {len(report.failed)} failed. "
        f"Store: {stats.articles} articles, {stats.claims} claims, {stats.agreements} agreements, "
        f"{stats.actors} actors, {stats.triples} triples."
    )
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract (the default).")] = True,
) -> None:
    """Print what would be extracted, as JSON, without storing anything."""
    from kg.contract import article_json
    from kg.ingest import analyse, load

    articles, failed = [], []
    for item in load(paths):
        (failed if isinstance(item, ArticleError) else articles).append(item)
    for error in failed:
        typer.echo(f"failed: {error}", err=True)
    docs = [article_json(a, x, r) for a, x, r in analyse(articles)]
    typer.echo(json.dumps({"articles": docs}, ensure_ascii=False, indent=1))
    if failed:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of {', '.join(EXPORT_FORMATS)}.")
    ] = "turtle",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Export the graph: Turtle / JSON-LD (union of articles) or TriG / N-Quads (graph per article)."""
    if fmt not in EXPORT_FORMATS:
        typer.echo(f"error: unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}", err=True)
        raise typer.Exit(2)
    with _open(store) as db:
        if output is None:
            db.export(fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        tmp = output.with_name(output.name + ".part")
        with tmp.open("wb") as out:
            db.export(fmt, out)
        tmp.replace(output)  # never leave a half-written export behind
    typer.echo(f"wrote {output}", err=True)


@app.command()
def query(
    sparql: Annotated[
        str, typer.Argument(help="A SPARQL query; prefixes cg:, schema:, rdfs:, ... are predefined.")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query over the union of all articles."""
    from kg.queries import QueryError, run_query

    with _open(store) as db:
        try:
            result = run_query(db, sparql)
            _print_result(result, fmt)
        except QueryError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None


def _print_result(result, fmt: str) -> None:
    if fmt == "json":
        typer.echo(result.serialize(format="json").decode("utf-8"))
    elif fmt == "csv":
        typer.echo(result.serialize(format="csv").decode("utf-8"), nl=False)
    elif result.type == "ASK":
        typer.echo("yes" if result.askAnswer else "no")
    elif result.type in ("CONSTRUCT", "DESCRIBE"):
        typer.echo(result.graph.serialize(format="turtle"))
    else:
        names = [str(v) for v in result.vars]
        rows = [[_cell(row.get(v)) for v in result.vars] for row in result.bindings]
        widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
        typer.echo("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)))
        for r in rows:
            typer.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


def _cell(value) -> str:
    return "" if value is None else str(value)


@app.command()
def stats(store: StoreOption = None) -> None:
    """Count articles, claims, agreements, actors and triples in the store."""
    with _open(store) as db:
        s = db.stats()
    for name, value in vars(s).items():
        typer.echo(f"{name:<11}{value}")


@app.command()
def delete(
    article_id: Annotated[str, typer.Argument(help="The article id (see `kg stats` / `kg query`).")],
    store: StoreOption = None,
) -> None:
    """Remove one article and everything it contributed."""
    with _open(store) as db:
        deleted = db.delete_article(article_id)
    if not deleted:
        typer.echo(f"error: no article {article_id!r} in the store", err=True)
        raise typer.Exit(1)
    typer.echo(f"deleted {article_id}")
