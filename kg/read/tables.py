"""Lookup answers as flat rows: for CSV (the service's `?format=csv`, the CLI's `--format csv`)
and for the CLI's tables.

A record becomes one row: nested records give prefixed columns (`speaker_name`,
`article_date`), lists are joined with "; " (`parties_name`: "Russia; United States"), and
claims and agreements get a `reader` column, their place in the article reader page.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import typing
from collections.abc import Iterable, Sequence
from functools import cache

from kg.read.records import StoredAgreement, StoredClaim, shown

JOIN = "; "


def row(record: object) -> dict[str, object]:
    """Return a record's fields as one flat row."""
    out: dict[str, object] = {}
    _flatten(record, "", out)
    if isinstance(record, StoredClaim | StoredAgreement):
        out["reader"] = record.reader
    return out


def rows(records: Iterable[object]) -> list[dict[str, object]]:
    return [row(r) for r in records]


def marked(table: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """Return the rows with each unnamed source's name marked ("officials (unnamed)"), as the
    CLI's tables show them; CSV keeps the name and its own `..._unnamed` column."""
    out = []
    for r in table:
        r = dict(r)
        for key in [k for k in r if k.endswith("_unnamed")]:
            name_key = key[: -len("unnamed")] + "name"
            flags, names = _cell(r[key]).split(JOIN), _cell(r.get(name_key)).split(JOIN)
            if len(flags) == len(names):
                r[name_key] = JOIN.join(
                    shown(n, unnamed=f == "true") for n, f in zip(names, flags, strict=True)
                )
        out.append(r)
    return out


def to_csv(table: Sequence[dict[str, object]], columns: Sequence[str] | None = None) -> str:
    """Return the rows as CSV with a header (columns: every row's, in order of appearance)."""
    columns = list(columns or dict.fromkeys(k for r in table for k in r))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for r in table:
        writer.writerow({k: _cell(v) for k, v in r.items()})
    return buffer.getvalue()


def to_text(table: Sequence[dict[str, object]], columns: Sequence[str], *, width: int = 60) -> str:
    """Return the rows as an aligned text table of `columns`, each cell cut to `width` characters."""
    cells = [[_cut(_cell(r.get(c)), width) for c in columns] for r in table]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _flatten(value: object, prefix: str, out: dict[str, object]) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        hints = _hints(type(value))
        for f in dataclasses.fields(value):
            field_value = getattr(value, f.name)
            record = _record_type(hints.get(f.name))
            if field_value is None and record is not None:  # an absent record: its columns, empty
                for sub in dataclasses.fields(record):
                    out[f"{prefix}{f.name}_{sub.name}"] = None
            else:
                _flatten(field_value, f"{prefix}{f.name}_", out)
    elif isinstance(value, tuple | list):
        if value and all(dataclasses.is_dataclass(v) for v in value):
            parts: dict[str, list[str]] = {}
            for item in value:
                flat: dict[str, object] = {}
                _flatten(item, "", flat)
                for key, v in flat.items():
                    parts.setdefault(key, []).append(_cell(v))
            for key, values in parts.items():
                out[f"{prefix}{key}"] = JOIN.join(values)
        else:
            out[prefix[:-1]] = JOIN.join(_cell(v) for v in value)
    else:
        out[prefix[:-1]] = value


@cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _record_type(hint: object) -> type | None:
    """Return the record class of an `X | None` field, None for any other type."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if len(args) == 1 and dataclasses.is_dataclass(args[0]):
        return args[0]  # type: ignore[return-value]
    return None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
