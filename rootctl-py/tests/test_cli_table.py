"""The console's command table: every subcommand the parser offers is a table entry and
every entry is offered; each entry's example parses and reaches that entry's handler;
and the names the choices are made of (credential kinds, SCP tasks) are the API's."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
from collections.abc import Iterator

import pytest

import rootctl
from conftest import console_over, sim_org
from rootctl import CREDENTIAL_KINDS, ROOT_TASKS, cli
from rootctl._cli_output import audit_csv
from rootctl._cli_table import Command, Handler

LEAVES = [leaf for command in cli.COMMANDS for leaf in command.leaves()]


def _offered(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Every command path the parser offers that takes no further step."""
    steps = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not steps and path:
        yield path
    for action in steps:
        for name, sub in action.choices.items():
            yield from _offered(sub, (*path, name))


def test_the_parser_offers_exactly_the_table() -> None:
    declared = [path for path, _ in LEAVES]
    assert len(declared) == len(set(declared)), "a command is declared twice"
    assert sorted(_offered(cli.build_parser())) == sorted(declared)


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_each_entry_has_a_handler_and_an_example(path: tuple[str, ...], command: Command) -> None:
    assert command.run is not None, f"{' '.join(path)} has no handler"
    assert command.example, f"{' '.join(path)} has no example"
    assert not command.steps


def _recording(
    commands: tuple[Command, ...], reached: list[tuple[str, ...]], path: tuple[str, ...] = ()
) -> tuple[Command, ...]:
    """``commands`` with each handler replaced by one that records its command's path."""

    def recorder(here: tuple[str, ...]) -> Handler:
        def run(_args: argparse.Namespace, *_: object) -> int:
            reached.append(here)
            return 0

        return run

    return tuple(
        dataclasses.replace(c, steps=_recording(c.steps, reached, (*path, c.name)))
        if c.steps
        else dataclasses.replace(c, run=recorder((*path, c.name)))
        for c in commands
    )


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_each_example_reaches_its_own_handler(
    path: tuple[str, ...], command: Command, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached: list[tuple[str, ...]] = []
    monkeypatch.setattr(cli, "COMMANDS", _recording(cli.COMMANDS, reached))
    console_over(monkeypatch, sim_org())
    assert cli.main([*path, *command.example]) == 0
    assert reached == [path]
    # And the real table dispatches the parsed example to this entry's handler.
    monkeypatch.undo()
    parsed = cli.build_parser().parse_args([*path, *command.example])
    assert parsed.command_entry.run is command.run


def test_the_credential_kinds_are_the_apis(rc: rootctl.Rootctl) -> None:
    assert rootctl.credential_kinds(CREDENTIAL_KINDS) == list(CREDENTIAL_KINDS), (
        "every kind, in removal order"
    )
    plan = rc.plan_removal(rc.audit())
    assert plan.kinds == list(CREDENTIAL_KINDS), "plan-removal's default is every kind"
    defaults = cli.build_parser().parse_args(["plan-removal"])
    assert defaults.kinds.split(",") == list(CREDENTIAL_KINDS)


def test_the_audit_csv_has_a_column_per_credential_kind(rc: rootctl.Rootctl) -> None:
    report = rc.audit()
    rows = list(csv.DictReader(io.StringIO(audit_csv(report))))
    assert rows and all(kind in rows[0] for kind in CREDENTIAL_KINDS)
    for row, audited in zip(rows, report.accounts):
        creds = audited.credentials
        assert creds is not None
        assert row["password"] == ("yes" if creds.password is not None else "no")
        assert row["access_keys"] == str(len(creds.access_keys))
        assert row["mfa_devices"] == str(len(creds.mfa_devices))


def test_the_scp_tasks_are_the_apis(rc: rootctl.Rootctl) -> None:
    assert rc.check_scps().tasks == list(ROOT_TASKS), "check_scps's default is every task"
    assert {call["task"] for call in rootctl.judged_calls("aws")} == set(ROOT_TASKS)
    every = [word for task in ROOT_TASKS for word in ("--task", task)]
    assert cli.build_parser().parse_args(["check", "--scps", *every]).tasks == list(ROOT_TASKS)
