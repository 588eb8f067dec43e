"""Docs that cannot rot: every command has help with examples and is in the README, and the
README's command lines name only commands and options that exist."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import typer.main

from kg.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
ROOT = typer.main.get_command(app)


def is_group(command: object) -> bool:
    return hasattr(command, "commands")  # Typer's groups are not click.Group subclasses


def commands(group=ROOT, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if is_group(command):
            found += commands(command, (*path, name))
        else:
            found.append(((*path, name), command))
    return found


COMMANDS = commands()


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_and_an_example_of_itself(path, command):
    assert command.help and command.help.strip(), path
    assert command.epilog and command.epilog.startswith("Examples:"), path
    assert f"kg {' '.join(path)}" in command.epilog, (path, command.epilog)


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_is_in_the_readme(path):
    name = " ".join(path)
    assert re.search(rf"\bkg {re.escape(name)}\b", README) or (
        path[0] == "graph" and re.search(rf"\bkg graph [^\n]*\b{re.escape(path[-1])}\b", README)
    ), name


def readme_command_lines() -> list[str]:
    blocks = re.findall(r"```(?:sh|console)\n(.*?)```", README, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("kg ")]


@pytest.mark.parametrize("line", readme_command_lines())
def test_readme_command_lines_use_real_commands_and_options(line):
    words = line.split("#", 1)[0].split()[1:]
    group = ROOT
    while is_group(group) and words and words[0] in group.commands:
        group = group.commands[words.pop(0)]
    assert not is_group(group), f"no such command in: {line}"
    options = {o for p in group.params for o in (*p.opts, *p.secondary_opts)}
    for word in words:
        option = word.strip("[]|").split("=", 1)[0]
        if option.startswith("-") and option != "-":
            assert option in options, f"{option} is not an option of kg {group.name}: {line}"
