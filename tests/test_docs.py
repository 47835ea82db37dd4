"""The README documents every CLI command and option (as in sqlite-utils)."""
from pathlib import Path

import click
import pytest

from eventwire.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text()


def _commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        path = prefix + (name,)
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path, command


COMMANDS = list(_commands(cli))


def test_readme_opens_with_the_two_commands():
    head = README[:1500]
    assert "make demo" in head and "make test" in head


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_is_documented(path, command):
    assert f"eventwire {' '.join(path)}" in README, f"`eventwire {' '.join(path)}` is not in README.md"


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_option_is_documented(path, command):
    missing = [
        opt
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden
        for opt in param.opts
        if opt.startswith("--") and opt not in README
    ]
    assert not missing, f"eventwire {' '.join(path)}: options not in README.md: {missing}"
