"""Help for people: example lines under each command, and TEXT / NUMBER / PATH for values.

Importing this module changes how Typer labels values in --help, for every command.
"""

from __future__ import annotations

import typer.core


def examples(*lines: str) -> str:
    """Return a command's help epilog: example command lines, one a paragraph."""
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines)


# Typer labels values with Python types ("<str>", "<int range>", "<bool>" even for a flag);
# help for people says TEXT, NUMBER, PATH and nothing for a flag, as click-based tools do.
TYPE_LABELS = {"str": "TEXT", "int": "NUMBER", "int range": "NUMBER", "float": "NUMBER", "bool": None}


def plain_type(self, ctx) -> str | None:
    if self.metavar is not None:
        return self.metavar
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    label = self.display_type(ctx).strip("<>")
    many = label.startswith("list[")
    label = label.removeprefix("list[").removesuffix("]")
    shown = TYPE_LABELS.get(label, "PATH" if label.lower() in ("path", "file", "directory") else label)
    if shown is None:
        return None
    return f"{shown}..." if many or getattr(self, "nargs", 1) != 1 else shown


typer.core.TyperOption.display_type_rich = plain_type  # type: ignore[method-assign]
typer.core.TyperArgument.display_type_rich = plain_type  # type: ignore[method-assign]
