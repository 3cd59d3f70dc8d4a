"""allow_password_recovery: sync and async."""

from __future__ import annotations

import asyncio

import pytest

import rootctl


def _without_password(org: rootctl.SimulatedOrg) -> str:
    for member in org.members():
        creds = org.root_credentials(member.account_id)
        if member.state == "ACTIVE" and creds is not None and creds.password is None:
            return member.account_id
    raise AssertionError("the seed gives some account no password")


def _with_password(org: rootctl.SimulatedOrg) -> str:
    for member in org.members():
        creds = org.root_credentials(member.account_id)
        if member.state == "ACTIVE" and creds is not None and creds.password is not None:
            return member.account_id
    raise AssertionError("the seed gives some account a password")


def test_recovery_creates_a_password_less_login_profile(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    bare, protected = _without_password(org), _with_password(org)
    report = rc.allow_password_recovery([bare, protected])
    assert report.ok and report.skipped == []
    outcomes = {a.account_id: a.outcome for a in report.accounts}
    assert outcomes == {bare: "enabled", protected: "already_possible"}
    assert all(a.ok and a.error is None for a in report.accounts)
    creds = org.root_credentials(bare)
    assert creds is not None and creds.password is not None
    assert [c.operation for c in org.calls(mutating_only=True)] == ["CreateLoginProfile"] * 2
    back = rootctl.RecoveryReport.from_json(report.to_json())
    assert back.to_dict() == report.to_dict()
    assert "enabled" in str(report)


def test_recovery_async_reports_skipped_and_failed_accounts(org: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(org)
    bare = _without_password(org)
    suspended = next(m.account_id for m in org.members() if m.account_id != bare)
    org.set_account_state(suspended, "SUSPENDED")
    denied = next(m.account_id for m in org.members() if m.account_id not in (bare, suspended))
    org.deny_root_sessions(denied)
    report = asyncio.run(rc.allow_password_recovery_async([bare, suspended, denied]))
    assert not report.ok
    assert [s.account_id for s in report.skipped] == [suspended]
    assert report.skipped[0].reason == "not_active"
    failed = {a.account_id: a for a in report.accounts}[denied]
    assert failed.outcome == "failed" and not failed.ok
    assert isinstance(failed.error, rootctl.AccessDeniedError)


def test_recovery_needs_root_credentials_management_only() -> None:
    # Password recovery belongs to root credentials management (IAM User Guide): it works
    # with RootSessions off, and is refused before any call while the feature is off.
    org = rootctl.SimulatedOrg(features_enabled=True, root_sessions=False)
    report = rootctl.Rootctl.simulated(org).allow_password_recovery(org.members()[1].account_id)
    assert report.ok, str(report)

    off = rootctl.SimulatedOrg(features_enabled=False)
    with pytest.raises(rootctl.FeatureNotEnabledError, match="RootCredentialsManagement"):
        rootctl.Rootctl.simulated(off).allow_password_recovery(off.members()[1].account_id)
    assert off.calls(mutating_only=True) == []


def test_recovery_checks_its_accounts(rc: rootctl.Rootctl, org: rootctl.SimulatedOrg) -> None:
    with pytest.raises(rootctl.InvalidInputError):
        rc.allow_password_recovery([])
    with pytest.raises(rootctl.InvalidInputError):
        rc.allow_password_recovery("1234")
    with pytest.raises(rootctl.InvalidInputError):
        asyncio.run(rc.allow_password_recovery_async([org.management_account_id]))
