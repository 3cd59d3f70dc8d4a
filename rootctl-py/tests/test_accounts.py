"""select_accounts, audit and account_credentials: sync and async, against the truth."""

from __future__ import annotations

import asyncio
import json
from datetime import timezone

import pytest

import rootctl
from conftest import mutations


def test_select_everything(org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    selection = rc.select_accounts()
    members = org.members()
    assert selection.organization_id == org.organization_id
    assert selection.management_account_id == org.management_account_id
    assert len(selection) == len(members) == len(selection.targets)
    assert selection.account_ids == [m.account_id for m in members]
    target = selection.targets[0]
    assert (target.name, target.state) == (members[0].name, "ACTIVE")
    assert target.ou_path.startswith("Root")
    assert target.email
    assert target.tags is None, "tags are only read when the selection filters on them"
    [management] = selection.skipped
    assert management.account_id == org.management_account_id
    assert management.reason == "management_account"
    assert management.detail == "management account"
    assert mutations(org) == []


def test_select_by_ids_ous_and_tags(org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    members = org.members()
    one = members[4].account_id
    assert rc.select_accounts(accounts=one).account_ids == [one], "a lone string is one id"
    two = sorted([members[1].account_id, members[2].account_id])
    assert rc.select_accounts(accounts=tuple(two)).account_ids == two

    ou = next(m.parent_id for m in members if m.parent_id.startswith("ou-"))
    direct = {m.account_id for m in members if m.parent_id == ou}
    under = rc.select_accounts(ous=[ou])
    assert direct <= set(under.account_ids)
    assert {s.reason for s in under.skipped} <= {"not_selected", "management_account"}
    outside = rc.select_accounts(exclude_ous=ou)
    assert direct.isdisjoint(outside.account_ids)
    assert set(under.account_ids) == {
        s.account_id for s in outside.skipped if s.reason == "excluded_ou"
    }

    env = members[0].tags["env"]
    by_tag = rc.select_accounts(tags=f"env={env}")
    assert by_tag.account_ids == [m.account_id for m in members if m.tags.get("env") == env]
    assert all(t.tags is not None and t.tags["env"] == env for t in by_tag.targets)
    assert rc.select_accounts(tags={"env": env}).account_ids == by_tag.account_ids
    assert rc.select_accounts(tags={"env": None}).account_ids == [m.account_id for m in members]

    rest = rc.select_accounts(exclude=[one], exclude_tags=[f"env={env}"])
    assert one not in rest.account_ids
    assert {s.reason for s in rest.skipped} >= {"excluded_account", "excluded_tag"}


def test_bad_selections_raise(org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    with pytest.raises(rootctl.InvalidInputError):
        rc.select_accounts(accounts="12345")
    with pytest.raises(ValueError, match="is not an account of organization"):
        rc.select_accounts(accounts="000000000000")
    with pytest.raises(rootctl.InvalidInputError, match="management account"):
        rc.select_accounts(accounts=org.management_account_id)
    with pytest.raises(rootctl.InvalidInputError):
        rc.select_accounts(ous="ou-nope")
    with pytest.raises(rootctl.InvalidInputError, match="matches no ACTIVE"):
        rc.select_accounts(tags="no-such-tag")
    with pytest.raises(rootctl.InvalidInputError):
        rc.select_accounts(tags="=value")
    with pytest.raises(TypeError):
        rc.select_accounts(accounts=123456789012)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rc.select_accounts(accounts=[123456789012])  # type: ignore[list-item]


def test_select_accounts_async_and_json(rc: rootctl.Rootctl) -> None:
    selection = asyncio.run(rc.select_accounts_async(tags={"team": None}))
    assert selection == rc.select_accounts(tags="team")
    back = rootctl.SelectedAccounts.from_json(selection.to_json())
    assert back == selection
    assert json.loads(selection.to_json()) == selection.to_dict()
    assert repr(selection).startswith("SelectedAccounts(")
    assert rootctl.Selection is rootctl.SelectedAccounts, "the old name stays"
    assert rootctl.Selection.from_json(selection.to_json()) == selection


def _check_against_truth(org: rootctl.SimulatedOrg, report: rootctl.AuditReport) -> None:
    for audit in report.accounts:
        truth = org.root_credentials(audit.account_id)
        creds = audit.credentials
        assert audit.ok and truth is not None and creds is not None, audit
        assert (creds.password is None) == (truth.password is None)
        assert [k.id for k in creds.access_keys] == [k.id for k in truth.access_keys]
        assert [c.id for c in creds.signing_certificates] == [
            c.id for c in truth.signing_certificates
        ]
        assert [d.serial for d in creds.mfa_devices] == [d.serial for d in truth.mfa_devices]
        assert creds.is_empty == truth.is_empty
        assert audit.account_summary is not None
        assert audit.account_summary.access_keys_present == len(truth.access_keys)
        assert audit.warnings == []
        assert audit.error is None


def test_audit_finds_the_ground_truth(org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    report = rc.audit()
    assert report.ok
    assert report.organization_id == org.organization_id
    assert report.caller.account_id == org.management_account_id
    assert report.started_at <= report.finished_at
    assert report.started_at.tzinfo == timezone.utc
    assert len(report.accounts) == len(org.members())
    _check_against_truth(org, report)
    summary = report.summary
    assert summary.targeted == summary.audited == len(report.accounts)
    assert summary.failed == 0 and summary.skipped == 1
    truths = [org.root_credentials(a.account_id) for a in report.accounts]
    assert summary.access_keys == sum(len(t.access_keys) for t in truths if t is not None)
    keyed = next(a for a in report.accounts if a.credentials and a.credentials.access_keys)
    assert keyed.credentials is not None
    key = keyed.credentials.access_keys[0]
    assert key.id.startswith("AKIA") and key.status in ("Active", "Inactive")
    assert key.last_used is not None, "an audit reads every key's last use"
    assert report.account(keyed.account_id) is not None
    assert report.account(org.management_account_id) is None
    assert mutations(org) == [], "an audit changes nothing"


def test_audit_async_with_a_selection(org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    wanted = [m.account_id for m in org.members()[:3]]
    report = asyncio.run(rc.audit_async(accounts=wanted))
    assert [a.account_id for a in report.accounts] == wanted
    assert report.summary.skipped == len(org.members()) - 3 + 1
    _check_against_truth(org, report)


def test_a_failed_account_carries_the_exception_its_call_would_raise(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    victim = org.members()[5].account_id
    org.deny_root_sessions(victim)
    report = rc.audit()
    assert not report.ok and report.summary.failed == 1
    failed = report.account(victim)
    assert failed is not None and not failed.ok and failed.credentials is None
    error = failed.error
    assert isinstance(error, rootctl.AccessDeniedError)
    assert error.kind == "access_denied" == type(error).kind
    assert error.account_id == victim
    assert error.code == "AccessDenied"
    assert error.operation == "AssumeRoot" and error.service == "sts"
    assert error.request_id is not None and error.request_id.startswith("sim-")
    assert error.retryable is False
    assert victim in str(error)
    assert "error='access denied" in repr(failed)
    with pytest.raises(rootctl.AccessDeniedError):
        raise error


def test_one_accounts_credentials(org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    holder = next(m.account_id for m in org.members() if org.root_credentials(m.account_id))
    truth = org.root_credentials(holder)
    assert truth is not None
    audit = rc.account_credentials(holder)
    assert isinstance(audit, rootctl.AccountAudit)
    assert audit.account_id == holder and audit.ok and audit.warnings == []
    found = audit.credentials
    assert found is not None
    assert found.password == truth.password
    assert [k.id for k in found.access_keys] == [k.id for k in truth.access_keys]
    assert found.mfa_devices == truth.mfa_devices
    assert found.signing_certificates == truth.signing_certificates
    assert asyncio.run(rc.account_credentials_async(holder)).credentials == found
    assumed = [c.account_id for c in org.calls() if c.operation == "AssumeRoot"]
    assert assumed == [holder, holder], "one audit session per call, into that account only"


def test_one_accounts_credentials_refuses_a_non_target(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    for bad in ["12345", org.management_account_id, "999999999999"]:
        with pytest.raises(rootctl.InvalidInputError):
            rc.account_credentials(bad)
    victim = org.members()[2].account_id
    org.deny_root_sessions(victim)
    with pytest.raises(rootctl.AccessDeniedError) as raised:
        rc.account_credentials(victim)
    assert raised.value.account_id == victim
    assumed = [c.account_id for c in org.calls() if c.operation == "AssumeRoot"]
    assert assumed == [victim], "no session before the refusals"


def test_audit_reports_round_trip_through_json(
    rc: rootctl.Rootctl, org: rootctl.SimulatedOrg
) -> None:
    org.deny_root_sessions(org.members()[0].account_id)
    report = rc.audit()
    text = report.to_json()
    back = rootctl.AuditReport.from_json(text)
    assert back.to_json() == text
    assert back.to_dict() == report.to_dict() == json.loads(text)
    failed = back.accounts[0]
    assert isinstance(failed.error, rootctl.AccessDeniedError), "errors survive JSON by kind"
    assert back.finished_at == report.finished_at
    assert rootctl.AuditReport.from_json(text.encode()).organization_id == report.organization_id
    with pytest.raises(rootctl.InvalidInputError, match="audit report"):
        rootctl.AuditReport.from_json('{"organization_id": 1}')
    with pytest.raises(TypeError):
        rootctl.AuditReport.from_json(42)  # type: ignore[arg-type]


def test_audit_table(example: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(example)
    rc.enable()
    table = str(rc.audit())
    assert table.splitlines()[0].split()[:3] == ["account", "name", "password"]
    assert "skipped: not ACTIVE (SUSPENDED)" in table
    assert "skipped: management account" in table
