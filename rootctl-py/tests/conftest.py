"""Shared fixtures: simulated organizations and clients over them; and the console
command, run as a subprocess or in process over a given organization."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import rootctl
from rootctl import cli

SIM = ["--simulated", "--seed", "7", "--members", "10"]
"""The console's flags for the organization :func:`sim_org` builds."""


@pytest.fixture
def example() -> rootctl.SimulatedOrg:
    """The README's organization: 12 members, nothing enabled yet."""
    return rootctl.SimulatedOrg.example()


@pytest.fixture
def org() -> rootctl.SimulatedOrg:
    """An organization ready to audit: trusted access and both features on."""
    return rootctl.SimulatedOrg(members=16, seed=11, features_enabled=True)


@pytest.fixture
def rc(org: rootctl.SimulatedOrg) -> rootctl.Rootctl:
    """A client over ``org``."""
    return rootctl.Rootctl.simulated(org)


def mutations(org: rootctl.SimulatedOrg) -> list[str]:
    """The mutating calls the simulator answered, as ``Operation account target``."""
    return [f"{c.operation} {c.account_id} {c.target}" for c in org.calls(mutating_only=True)]


def holders(org: rootctl.SimulatedOrg) -> list[str]:
    """ACTIVE members whose root user holds a password, by account id."""
    found = []
    for member in org.members():
        creds = org.root_credentials(member.account_id)
        if member.state == "ACTIVE" and creds is not None and creds.password is not None:
            found.append(member.account_id)
    return found


def sim_org() -> rootctl.SimulatedOrg:
    """The organization each console command given :data:`SIM` builds afresh."""
    return rootctl.SimulatedOrg(seed=7, members=10)


def run(
    *args: str,
    stdin: int | None = subprocess.DEVNULL,
    stderr: int | None = subprocess.PIPE,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m rootctl ARGS`` with stdin not a terminal (unless given one)."""
    return subprocess.run(
        [sys.executable, "-m", "rootctl", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def console_over(
    monkeypatch: pytest.MonkeyPatch, org: rootctl.SimulatedOrg, rc: rootctl.Rootctl | None = None
) -> None:
    """In-process console commands (``cli.main``) run against ``org`` (through ``rc``, or
    a new client each), whatever their target flags say."""

    def client(_: object) -> tuple[rootctl.Rootctl, rootctl.SimulatedOrg]:
        return (rc if rc is not None else rootctl.Rootctl.simulated(org)), org

    monkeypatch.setattr(cli, "_client", client)
