"""The console command as a table: each subcommand is one :class:`Command` (its
arguments as data, its handler, its output formats), and the argument parser, the
dispatch and the help are all built from the table. An argument set that several
commands take (the target options, the selection options, the output format, the plan
file, ``--yes``) is declared once (``_cli_args``) and named in each command taking it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    import rootctl

Handler = Callable[[argparse.Namespace, "rootctl.Rootctl", "rootctl.SimulatedOrg | None"], int]
"""What runs a command: the parsed arguments, the client and (``--simulated``) its
organization in, the exit status out."""


@dataclass(frozen=True)
class Arg:
    """One argument: its flags (or positional name) and ``add_argument``'s keywords."""

    flags: tuple[str, ...]
    options: dict[str, Any]

    def add_to(self, parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
        parser.add_argument(*self.flags, **self.options)


def arg(*flags: str, **options: Any) -> Arg:
    """An :class:`Arg`, written as the ``add_argument`` call it stands for."""
    return Arg(flags, options)


@dataclass(frozen=True)
class Group:
    """A titled set of arguments several commands share (listed in each one's help
    under its title)."""

    title: str
    args: tuple[Arg, ...]

    def parent(self) -> argparse.ArgumentParser:
        parser = argparse.ArgumentParser(add_help=False)
        group = parser.add_argument_group(self.title)
        for argument in self.args:
            argument.add_to(group)
        return parser


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, help, shared groups, its own arguments in help order
    (its output formats among them, as :func:`formats` or :data:`PLAN_FILE`) and its
    handler; or, with ``steps``, a command of subcommands (``steps_dest`` names the
    step chosen)."""

    name: str
    help: str
    run: Handler | None = None
    args: tuple[Arg, ...] = ()
    groups: tuple[Group, ...] = ()
    description: str | None = None
    example: tuple[str, ...] = ()
    """A command line that runs it (after ``rootctl NAME``), for the tests."""
    steps: tuple[Command, ...] = ()
    steps_dest: str | None = None

    def leaves(self, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Command]]:
        """This command, or each of its steps, with its path of names."""
        here = (*path, self.name)
        if not self.steps:
            return [(here, self)]
        return [leaf for step in self.steps for leaf in step.leaves(here)]


def build_parser(
    commands: Sequence[Command], top: Sequence[Arg] = (), **root: Any
) -> argparse.ArgumentParser:
    """The parser of ``commands``: the top parser (``root``: its keywords, ``top``: its own
    arguments) with a subcommand each, whose parser carries its :class:`Command` as the
    default ``command_entry`` (see :func:`handler`)."""
    parser = argparse.ArgumentParser(**root)
    for argument in top:
        argument.add_to(parser)
    _add_commands(parser, commands, "command", "COMMAND", {})
    return parser


def _add_commands(
    parser: argparse.ArgumentParser,
    commands: Sequence[Command],
    dest: str,
    metavar: str,
    parents: dict[int, argparse.ArgumentParser],
) -> None:
    subparsers = parser.add_subparsers(dest=dest, required=True, metavar=metavar)
    for command in commands:
        shared = [_parent(parents, group) for group in command.groups]
        keywords: dict[str, Any] = {"help": command.help, "parents": shared}
        if command.description is not None:
            keywords["description"] = command.description
        sub = subparsers.add_parser(command.name, **keywords)
        for argument in command.args:
            argument.add_to(sub)
        if command.steps:
            assert command.steps_dest is not None, command.name
            _add_commands(sub, command.steps, command.steps_dest, "STEP", parents)
        else:
            sub.set_defaults(command_entry=command)


def _parent(parents: dict[int, argparse.ArgumentParser], group: Group) -> argparse.ArgumentParser:
    """The parser that lends ``group`` to every command taking it, built once."""
    if id(group) not in parents:
        parents[id(group)] = group.parent()
    return parents[id(group)]


def handler(args: argparse.Namespace) -> Handler:
    """The handler of the command ``args`` were parsed for."""
    command: Command = args.command_entry
    assert command.run is not None, command.name
    return command.run
