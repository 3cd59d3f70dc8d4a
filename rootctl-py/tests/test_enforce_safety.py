"""Enforcement's guards, from Python: empty selection lists, exceptions checked against
the organization, one run at a time, applying exactly the preview, and bad events named
by an abbreviation."""

from __future__ import annotations

import asyncio
import fcntl
from pathlib import Path
from typing import Any

import pytest

import rootctl
from conftest import holders, mutations

SELECTION_KEYS = ["accounts", "ous", "tags", "exclude_accounts", "exclude_ous", "exclude_tags"]


@pytest.mark.parametrize("key", SELECTION_KEYS)
def test_an_empty_selection_list_is_refused(key: str) -> None:
    with pytest.raises(rootctl.InvalidInputError, match=f"policy key {key}") as caught:
        rootctl.EnforcementPolicy.from_dict({key: []})
    assert "name at least one" in str(caught.value)
    assert "leave the key out" in str(caught.value)
    with pytest.raises(rootctl.InvalidInputError, match=f"policy key {key}"):
        rootctl.EnforcementPolicy(**{key: []})


def test_a_selection_key_given_as_none_is_not_given() -> None:
    policy = rootctl.EnforcementPolicy(accounts=None, exclude_tags=None)
    assert policy.digest == rootctl.EnforcementPolicy().digest
    written = rootctl.EnforcementPolicy().to_dict()
    assert written["accounts"] is None
    assert rootctl.EnforcementPolicy.from_dict(written).digest == policy.digest


def exception(account: str) -> dict[str, Any]:
    return {"account": account, "reason": "break-glass", "keep": ["password", "mfa_devices"]}


def test_an_exception_for_an_account_outside_the_organization_stops_the_run(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    glass = holders(org)[0]
    policy = rootctl.EnforcementPolicy(exceptions=[exception(glass), exception("999999999999")])
    org.clear_calls()
    with pytest.raises(rootctl.InvalidInputError, match=r"exceptions\[1\]\.account") as caught:
        rc.enforce(policy)
    assert "not an account of organization" in str(caught.value)
    assert [c for c in org.calls() if c.operation == "AssumeRoot"] == []
    assert mutations(org) == []
    event = {
        "source": "aws.organizations",
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventSource": "organizations.amazonaws.com",
            "eventName": "MoveAccount",
            "requestParameters": {"accountId": holders(org)[1]},
        },
    }
    with pytest.raises(rootctl.InvalidInputError, match=r"exceptions\[1\]\.account"):
        rc.handle_event(event, policy)
    assert mutations(org) == []


def test_a_run_is_refused_while_another_holds_the_lock(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl, tmp_path: Path
) -> None:
    policy = rootctl.EnforcementPolicy(journal=str(tmp_path))
    with open(tmp_path / "enforce.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(rootctl.JournalError, match="another enforce run holds it"):
            rc.enforce(policy)
        assert mutations(org) == []
        assert rc.enforce(policy, dry_run=True).dry_run, "a dry run does not lock"
    report = rc.enforce(policy)
    assert report.compliant
    # A lock file rootctl creates is the owner's alone.
    fresh = tmp_path / "fresh"
    rc.enforce(rootctl.EnforcementPolicy(journal=str(fresh)))
    assert (fresh / "enforce.lock").stat().st_mode & 0o777 == 0o600


def test_apply_enforcement_applies_exactly_the_preview() -> None:
    org = rootctl.SimulatedOrg(
        members=10, seed=4, features_enabled=True, suspended=2, password_share=1.0
    )
    rc = rootctl.Rootctl.simulated(org)
    policy = rootctl.EnforcementPolicy(kinds=["password"])
    preview = rc.enforce(policy, dry_run=True)
    assert mutations(org) == []
    plan = preview.plan
    assert isinstance(plan, rootctl.RemovalPlan)
    assert plan.plan_id == preview.plan_id
    shown = {a.account_id for a in preview.accounts if a.remaining}
    assert {a.account_id for a in plan.accounts} == shown
    assert rootctl.EnforcementReport.from_json(preview.to_json()).plan == plan

    # A suspended member holding a password becomes ACTIVE while the preview is read.
    woken = next(m.account_id for m in org.members() if m.state == "SUSPENDED")
    woken_creds = org.root_credentials(woken)
    assert woken_creds is not None and woken_creds.password is not None
    org.set_account_state(woken, "ACTIVE")

    report = rc.apply_enforcement(policy, preview)
    assert not report.dry_run and report.compliant, str(report)
    assert report.plan_id == preview.plan_id
    assert {a.account_id for a in report.accounts} == {a.account_id for a in preview.accounts}
    after = org.root_credentials(woken)
    assert after is not None and after.password is not None, "never shown: not touched"
    assert woken in {a.account_id for a in rc.enforce(policy, dry_run=True).accounts}

    with pytest.raises(rootctl.InvalidInputError, match="not a dry run"):
        rc.apply_enforcement(policy, report)
    with pytest.raises(rootctl.InvalidInputError, match="another policy"):
        rc.apply_enforcement(rootctl.EnforcementPolicy(), preview)
    # The next preview shows the woken account; applying that one removes its password.
    later = rc.enforce(policy, dry_run=True)
    assert later.plan is not None and [a.account_id for a in later.plan.accounts] == [woken]
    done = asyncio.run(rc.apply_enforcement_async(policy, later))
    assert done.compliant
    gone = org.root_credentials(woken)
    assert gone is not None and gone.password is None
    nothing = rc.enforce(policy, dry_run=True)
    assert nothing.plan is None and nothing.plan_id is None
    assert rc.apply_enforcement(policy, nothing).plan is None


class _Unconvertible:
    """Something that is not plain data, with a very long repr."""

    def __repr__(self) -> str:
        return "<unconvertible " + "y" * 5000 + ">"


@pytest.mark.parametrize(
    "event",
    [
        {"detail": _Unconvertible()},
        "{" + '"x": 1, ' * 2000,
        ["not", "an", "event", "x" * 5000],
    ],
)
def test_a_bad_event_is_named_by_an_abbreviation(rc: rootctl.Rootctl, event: object) -> None:
    with pytest.raises(rootctl.InvalidInputError) as caught:
        rc.handle_event(event, rootctl.EnforcementPolicy())  # type: ignore[arg-type]
    message = str(caught.value)
    assert len(message) < 400, f"{len(message)} characters"
    assert "y" * 100 not in message and "x" * 100 not in message


def test_a_bad_policy_dict_is_named_by_an_abbreviation() -> None:
    with pytest.raises(rootctl.InvalidInputError) as caught:
        rootctl.EnforcementPolicy.from_dict({"kinds": _Unconvertible()})
    assert len(str(caught.value)) < 400
