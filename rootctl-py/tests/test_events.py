"""``handle_event`` with every fixture event (``tests/fixtures/events/``): each enforces
exactly the account it names, once; near misses and unknown events never run."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

import rootctl
from conftest import holders, mutations

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "events"
# The staged ids the fixtures name (tests/scenarios/staged.rs).
FIXTURE_ACCOUNTS = ("100000000000", "100000000001", "100000000002")


def load(path: Path) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return event


def retarget(event: dict[str, Any], account: str) -> dict[str, Any]:
    """``event`` naming ``account`` wherever it named a staged member account."""
    text = json.dumps(event)
    for staged in FIXTURE_ACCOUNTS:
        text = text.replace(f'"{staged}"', f'"{account}"').replace(f":{staged}:", f":{account}:")
    renamed: dict[str, Any] = json.loads(text)
    return renamed


FIXTURE_FILES = sorted(FIXTURES.glob("*.json"))
NEAR_MISS_FILES = sorted((FIXTURES / "near-miss").glob("*.json"))


def test_every_event_name_has_a_fixture() -> None:
    names = {load(path)["detail"]["eventName"] for path in FIXTURE_FILES}
    assert names == set(rootctl.EVENT_NAMES)
    assert len(NEAR_MISS_FILES) >= 5


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_each_event_enforces_exactly_its_account_once(
    path: Path, org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    target, other = holders(org)[:2]
    event = retarget(load(path), target)
    other_before = org.root_credentials(other)
    org.clear_calls()
    report = rc.handle_event(event, rootctl.EnforcementPolicy())
    assert report is not None
    assert report.trigger is not None
    assert report.trigger["event_name"] == event["detail"]["eventName"]
    assert report.trigger["account_id"] == target
    assert [(a.account_id, a.status) for a in report.accounts] == [(target, "remediated")]
    assert {c.account_id for c in org.calls(mutating_only=True)} == {target}
    assert org.root_credentials(other) == other_before
    creds = org.root_credentials(target)
    assert creds is not None and creds.is_empty
    # EventBridge delivers at least once: the same event again changes nothing.
    org.clear_calls()
    again = asyncio.run(rc.handle_event_async(json.dumps(event), rootctl.EnforcementPolicy()))
    assert again is not None and [a.status for a in again.accounts] == ["compliant"]
    assert mutations(org) == []


@pytest.mark.parametrize("path", NEAR_MISS_FILES, ids=lambda p: p.stem)
def test_near_misses_never_run(path: Path, org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    event = retarget(load(path), holders(org)[0])
    org.clear_calls()
    if event["source"] in ("aws.iam", "aws.signin"):
        assert rc.handle_event(event, rootctl.EnforcementPolicy()) is None
    else:
        with pytest.raises(rootctl.InvalidInputError, match=event["detail"]["eventName"]):
            rc.handle_event(event, rootctl.EnforcementPolicy())
    assert org.calls() == []


def test_unknown_and_malformed_events_are_refused_by_name(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    policy = rootctl.EnforcementPolicy()
    event = load(FIXTURES / "root_create_access_key.json")
    event["detail"]["eventName"] = "DeleteAccessKey"
    with pytest.raises(rootctl.InvalidInputError, match=r"DeleteAccessKey from aws\.iam") as caught:
        rc.handle_event(event, policy)
    assert event["id"] in str(caught.value)
    two = retarget(load(FIXTURES / "root_create_access_key.json"), holders(org)[0])
    two["detail"]["recipientAccountId"] = holders(org)[1]
    with pytest.raises(rootctl.InvalidInputError, match="names two accounts"):
        rc.handle_event(two, policy)
    assert org.calls() == []
