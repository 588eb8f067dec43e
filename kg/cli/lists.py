"""`kg actors`, `kg articles`, `kg claims`, `kg agreements`: the lookups as tables, JSON or CSV.

Each is the CLI face of a kg.read.lookups lookup (as /actors, /articles, /claims, /agreements are
the service's): a page of `--limit` items from `--offset`, and a line on stderr saying how
many there are in all. An unknown speaker or party is answered with "did you mean".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.common import StoreOption, _open, app
from kg.cli.help import examples as _examples

if TYPE_CHECKING:  # imported lazily, to keep `kg --help` quick
    from kg.read.records import Page
    from kg.store import Store

FormatOption = Annotated[
    str, typer.Option("--format", "-f", metavar="table|json|csv", help="table, json or csv.")
]
LimitOption = Annotated[int, typer.Option(help="How many to list.", min=1)]
ArticleOption = Annotated[str | None, typer.Option(help="Only this article's (its id).")]
OffsetOption = Annotated[int, typer.Option(help="How many to skip (the next page: --offset LIMIT).", min=0)]
FORMATS = ("table", "json", "csv")


def plural(n: int, word: str) -> str:
    """Return "1 claim", "2 claims", "1 agreement", "0 actors"."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


@app.command(
    epilog=_examples(
        "kg actors                      # everyone, by name",
        "kg actors --name ushakov       # any alias, any case",
        "kg actors -f csv > actors.csv",
        "kg actors --unnamed            # sources described, not named: officials, a report",
    )
)
def actors(
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Only actors whose name or an alias holds this.")
    ] = None,
    unnamed: Annotated[
        bool,
        typer.Option(
            "--unnamed",
            help='List instead the sources articles describe but do not name ("officials"), one per article.',
        ),
    ] = False,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """List named actors with how many claims they made and agreements they are party to; the
    sources described but not named are counted apart (`--unnamed` lists them)."""
    from kg.read import lookups

    if unnamed:
        _list(
            store,
            fmt,
            lambda db: lookups.unnamed_sources(db, q=name, limit=limit, offset=offset),
            "unnamed source",
            ["description", "claims", "agreements", "article", "id"],
        )
        return
    _list(
        store,
        fmt,
        lambda db: lookups.actors(db, q=name, limit=limit, offset=offset),
        "actor",
        ["id", "name", "kind", "claims", "agreements", "aliases"],
        apart=lambda db: lookups.unnamed_sources(db, q=name, limit=0).total,
    )


@app.command(
    epilog=_examples(
        "kg articles                    # newest first, with their ids",
        "kg articles --limit 10 --offset 10",
        "kg articles -f json",
    )
)
def articles(
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """List stored articles, newest first, with their ids and how many facts each holds."""
    from kg.read import lookups

    _list(
        store,
        fmt,
        lambda db: lookups.articles(db, limit=limit, offset=offset),
        "article",
        ["id", "date", "publisher", "claims", "agreements", "title"],
    )


@app.command(
    epilog=_examples(
        "kg claims --speaker Ushakov          # any alias of the speaker",
        "kg claims --speaker officials        # sources described, not named (marked unnamed)",
        'kg claims --text "ceasefire" --since 2025-01-01',
        "kg claims --article 90ee45620aafa739 -f csv",
    )
)
def claims(
    speaker: Annotated[
        str | None,
        typer.Option(
            help='Who said it: any name, alias or id; else the description of unnamed sources ("officials").'
        ),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-t", help="Only claims holding every word of this.")
    ] = None,
    article: ArticleOption = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """List claims (who said what), newest article first."""
    from kg.read import lookups

    _list(
        store,
        fmt,
        lambda db: lookups.claims(
            db, speaker=speaker, q=text, article=article, since=since, until=until, limit=limit, offset=offset
        ),
        "claim",
        ["article_date", "speaker_name", "cue", "text", "id"],
        named=("speaker", speaker),
    )


@app.command(
    epilog=_examples(
        "kg agreements --party Russia            # any alias of a party",
        "kg agreements --status rejected",
        'kg agreements --text "prisoner exchange" -f json',
    )
)
def agreements(
    party: Annotated[
        str | None, typer.Option(help="A party: any name, alias or id; else an unnamed source's description.")
    ] = None,
    status: Annotated[
        str | None, typer.Option(metavar="agreed|proposed|intends|rejected", help="Only this status.")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-t", help="Only outcomes holding every word of this.")
    ] = None,
    article: ArticleOption = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """List agreements (who agreed, proposed, intends or rejected what), newest article first."""
    from kg.read import lookups

    _list(
        store,
        fmt,
        lambda db: lookups.agreements(
            db, party=party, status=status, q=text, article=article, limit=limit, offset=offset
        ),
        "agreement",
        ["article_date", "status", "parties_name", "outcome", "id"],
        named=("party", party),
    )


def _list(
    store: str | None,
    fmt: str,
    lookup: Callable[[Store], Page],
    noun: str,
    columns: Sequence[str],
    *,
    named: tuple[str, str | None] = ("", None),
    apart: Callable[[Store], int] | None = None,
) -> None:
    """Print one page of a lookup; `named` is the actor filter given (what, name), for
    "did you mean" when it names nobody; `apart` counts the unnamed sources left out of a list
    of actors."""
    from kg.sparql import QueryError

    if fmt not in FORMATS:
        typer.echo(f"error: unknown format {fmt!r}: choose table, json or csv", err=True)
        raise typer.Exit(2)
    with _open(store, snapshot_if_held=True) as db:
        try:
            page = lookup(db)
            unnamed = apart(db) if apart is not None else 0
        except QueryError as exc:  # a bad filter: an unknown status, a date not YYYY-MM-DD
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    what, name = named
    if name and page.total == 0 and page.suggestions:
        typer.echo(f"no {what} named {name!r}; did you mean {' or '.join(page.suggestions[:3])}?", err=True)
        raise typer.Exit(1)
    _show(page, fmt, noun, columns)
    if unnamed:
        typer.echo(f"and {plural(unnamed, 'unnamed source')}, not actors (kg actors --unnamed)", err=True)


def _show(page: Page, fmt: str, noun: str, columns: Sequence[str]) -> None:
    from kg.read.tables import marked, rows, to_csv, to_text

    if fmt == "json":
        typer.echo(json.dumps(asdict(page), ensure_ascii=False, indent=1))
        return
    table = rows(page.items)
    if fmt == "csv":
        typer.echo(to_csv(table), nl=False)
        return
    if table:
        typer.echo(to_text(marked(table), columns))
    first, last = page.offset + 1, page.offset + len(page.items)
    shown = f"{first:,}-{last:,} of " if page.items and len(page.items) < page.total else ""
    more = f"; next page: --offset {last}" if last < page.total and page.items else ""
    typer.echo(f"{shown}{plural(page.total, noun)}{more}", err=True)
