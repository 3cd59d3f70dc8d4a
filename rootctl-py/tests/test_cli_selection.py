"""The selection options reach the operation: every subcommand that offers ``--account``,
``--ou``, ``--tag``, ``--exclude``, ``--exclude-ou`` and ``--exclude-tag`` passes all six
to the Python call it makes. A flag accepted and dropped widens the run: an account
someone excluded is searched, planned and changed."""

from __future__ import annotations

import argparse
import inspect
import json
from pathlib import Path
from typing import Any

import pytest

import rootctl
from conftest import SIM, run, sim_org
from rootctl import cli

# Each subcommand with the selection options, and the Rootctl method it selects with.
SELECTING = {
    ("check",): ("check_scps", ["--scps"]),
    ("audit",): ("audit", []),
    ("plan-removal",): ("audit", []),
    ("report",): ("audit", ["-o", "-"]),
    ("unlock", "find"): ("find_locked_resources", []),
    ("unlock", "plan"): ("find_locked_resources", []),
}

# Each selection option, a value, and the keyword the Python API takes it as.
FLAGS = [
    ("--account", "111122223333", "accounts"),
    ("--ou", "ou-ab12-cdef3456", "ous"),
    ("--tag", "team=data", "tags"),
    ("--exclude", "444455556666", "exclude"),
    ("--exclude-ou", "ou-ab12-sandbox1", "exclude_ous"),
    ("--exclude-tag", "rootctl=exempt", "exclude_tags"),
]


def _first_member() -> str:
    # The organization SIM builds; `unlock --simulated` stages locked buckets in its
    # first member (stage_demo).
    return sim_org().members()[0].account_id


def test_unlock_find_ignores_exclude() -> None:
    """``unlock find --exclude ACCOUNT`` does not search (or report) that account."""
    excluded = _first_member()
    done = run("unlock", "find", *SIM, "--exclude", excluded, "-o", "json")
    assert done.returncode in (0, 1), done.stderr
    found = json.loads(done.stdout)
    searched = sorted({r["account_id"] for r in found["resources"]})
    assert excluded not in searched, (
        f"--exclude {excluded} was accepted and ignored: the search reports its resources "
        f"{[r['name'] for r in found['resources'] if r['account_id'] == excluded]}"
    )
    assert excluded not in [a["account_id"] for a in found["accounts"]]
    assert searched, "the other member's staged resources are still found"


def test_unlock_plan_includes_an_excluded_account(tmp_path: Path) -> None:
    """``unlock plan --exclude ACCOUNT -o plan.json`` writes a plan with nothing of the
    excluded account (whose locked buckets ``unlock apply`` would otherwise delete the
    policies of)."""
    excluded = _first_member()
    plan_file = tmp_path / "plan.json"
    done = run("unlock", "plan", *SIM, "--exclude", excluded, "-o", str(plan_file))
    assert done.returncode in (0, 1), done.stderr
    plan = rootctl.UnlockPlan.from_json(plan_file.read_text(encoding="utf-8"))
    planned = [(i.account_id, i.name) for i in plan.items if i.account_id == excluded]
    assert planned == [], (
        f"the plan made with --exclude {excluded} unlocks that account's policies: {planned}"
    )


class _CalledError(Exception):
    """Raised in place of the selecting call: the test needs its arguments only."""

    def __init__(self, method: str, kwargs: dict[str, Any]) -> None:
        super().__init__(method)
        self.method = method
        self.kwargs = kwargs


class _Spy:
    """The client the console builds, except that ``method`` records its keyword
    arguments and stops the command."""

    def __init__(self, real: rootctl.Rootctl, method: str) -> None:
        self._real = real
        self._method = method

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._real, name)
        if name != self._method:
            return attr

        def record(*_: Any, **kwargs: Any) -> Any:
            raise _CalledError(name, kwargs)

        return record


def _subcommands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Any:
    """Every (sub)command path of ``parser`` with its parser."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _subcommands(sub, (*path, name))


def test_every_subcommand_with_selection_options_is_covered() -> None:
    """A new subcommand that offers the selection options must be added to SELECTING,
    so that the test below checks it too."""
    offering = {
        path
        for path, sub in _subcommands(cli.build_parser())
        if any("--exclude-tag" in a.option_strings for a in sub._actions)
    }
    assert offering == set(SELECTING)


@pytest.mark.parametrize(("flag", "value", "keyword"), FLAGS)
@pytest.mark.parametrize("command", SELECTING, ids=" ".join)
def test_each_selection_option_reaches_the_call(
    command: tuple[str, ...],
    flag: str,
    value: str,
    keyword: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    method, extra = SELECTING[command]
    real_client = cli._client

    def client(args: argparse.Namespace) -> tuple[Any, rootctl.SimulatedOrg | None]:
        rc, org = real_client(args)
        return _Spy(rc, method), org

    monkeypatch.setattr(cli, "_client", client)
    with pytest.raises(_CalledError) as called:
        cli.main([*command, *SIM, *extra, flag, value])
    kwargs = called.value.kwargs
    assert kwargs.get(keyword) == [value], f"{' '.join(command)} {flag}: {kwargs}"
    others = {name for _, _, name in FLAGS} - {keyword}
    assert all(not kwargs.get(name) for name in others), kwargs
    # And the call takes every keyword it is given (a keyword the binding lacks would
    # fail there: the flag would be refused, not dropped, but the command would break).
    accepted = inspect.signature(getattr(rootctl.Rootctl, method)).parameters
    assert set(kwargs) <= set(accepted), f"{method} lacks {set(kwargs) - set(accepted)}"
