"""Shared fixtures: simulated organizations and clients over them."""

from __future__ import annotations

import pytest

import rootctl


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
