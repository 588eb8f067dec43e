"""What every `kg` command shares: the app, the --store option, and opening the store so
that any store failure is one line and exit 2."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, BinaryIO, NoReturn

import typer

from kg.store import Store, StoreError, location_from, open_copy

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Track claims in the news as an RDF graph."
)
StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="PATH|URL",
        help="Store folder, or a SPARQL server's URL (default ./kg-data, or $KG_STORE).",
        show_default=False,
    ),
]


@contextmanager
def _open(store: str | None, *, snapshot_if_held: bool = False) -> Iterator[Store]:
    """Open the store for a command; any store failure, then or later, is one line and exit 2.
    With `snapshot_if_held` (commands that only read), a store another process holds (kg
    serve) is read from a private copy of it as it is now, and a folder that does not exist is
    refused, not created: a mistyped --store answered "0 articles" and left an empty store there."""
    location = location_from(store)
    if (
        snapshot_if_held
        and not location.startswith(("http://", "https://"))
        and not os.path.lexists(location)
    ):
        _fail(f"no store at {location} (kg ingest FILES --store {location} makes one)")
    try:
        db = Store(store)
    except StoreError as exc:
        if not snapshot_if_held:
            _fail(exc)
        try:
            db = open_copy(store)
        except StoreError:
            _fail(exc)
    try:
        with db:
            yield db
    except StoreError as exc:
        _fail(exc, remote=db.remote)
    except ValueError as exc:  # a remote answer that is not SPARQL results (an HTML page, say)
        if not db.remote or isinstance(exc, typer.Exit):
            raise
        _fail(f"{db.location} did not answer as a SPARQL server ({type(exc).__name__}: {exc})", remote=True)


@contextmanager
def written(output: Path) -> Iterator[BinaryIO]:
    """Yield a file to write `output` through: its `.part` neighbour, renamed to `output` once
    written whole, removed if writing fails. A path that cannot be written (no such folder, a
    folder, no permission) is one line of error and exit 2."""
    part = output.with_name(output.name + ".part")
    try:
        with part.open("wb") as out:
            yield out
        part.replace(output)
    except OSError as exc:
        part.unlink(missing_ok=True)
        _fail(f"cannot write {output}: {exc.strerror or exc}")
    except BaseException:
        part.unlink(missing_ok=True)
        raise


_HTML_TAG = re.compile(
    r"<(?:!doctype|/?(?:html|head|body|title|meta|h[1-6]|p|pre|div|center|hr|br)\b)[^>]*>", re.I
)


def input_paths(given: list[str]) -> list[Path]:
    """The files and folders named, as paths. An empty name is refused: as a Path it would be
    ".", and `kg ingest ""` (an unset shell variable) ingested the whole current folder."""
    if any(not name.strip() for name in given):
        _fail("an empty path names no file or folder")
    return [Path(name) for name in given]


def _fail(problem: object, *, remote: bool = False) -> NoReturn:
    text = " ".join(_HTML_TAG.sub(" ", str(problem)).split())  # an error page's tags
    line = text if len(text) <= 160 else text[:159] + "…"
    if remote and "cannot reach" not in text:  # it answered, but not as the SPARQL server we expect
        line += " (--store URL must be a SPARQL server's base, e.g. Oxigraph's http://HOST:7878/; "
        line += "other endpoint paths: KG_STORE_QUERY, KG_STORE_UPDATE, KG_STORE_GRAPHS)"
    typer.echo(f"error: {line}", err=True)
    raise typer.Exit(2)
