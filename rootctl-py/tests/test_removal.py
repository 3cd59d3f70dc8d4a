"""plan_removal and apply_removal: plans, JSON, dry runs, journals, failures."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

import rootctl
from conftest import mutations

OUTCOMES = {"removed", "already_absent", "failed", "skipped", "would_remove"}


@pytest.fixture
def plan(rc: rootctl.Rootctl) -> rootctl.RemovalPlan:
    """A plan to remove every root credential of ``org``."""
    return rc.plan_removal(rc.audit())


def test_plan_lists_exactly_the_audited_credentials(
    org: rootctl.SimulatedOrg, plan: rootctl.RemovalPlan
) -> None:
    assert plan.organization_id == org.organization_id
    assert plan.management_account_id == org.management_account_id
    assert plan.kinds == ["password", "access_keys", "signing_certificates", "mfa_devices"]
    assert plan.format_version == 2 and plan.plan_id.startswith("plan-")
    assert plan.created_at >= plan.audited_at
    for account in plan.accounts:
        truth = org.root_credentials(account.account_id)
        assert truth is not None
        expected = (["password"] if truth.password else []) + [
            "access_key" for _ in truth.access_keys
        ]
        kinds = [item.kind for item in account.items]
        assert kinds[: len(expected)] == expected
        assert kinds[-1:] != ["password"] or len(kinds) == 1, "MFA is removed last"
        assert all((item.id is None) == (item.kind == "password") for item in account.items)
        # The password is identified by its creation date (a new one is drift).
        assert all((item.created is None) != (item.kind == "password") for item in account.items)
    assert plan.item_count == sum(len(a.items) for a in plan.accounts)
    assert [n.account_id for n in plan.not_planned] == [org.management_account_id]
    assert mutations(org) == [], "planning changes nothing"


def test_plan_kinds(rc: rootctl.Rootctl) -> None:
    audit = rc.audit()
    keys = rc.plan_removal(audit, kinds=["access_keys", "signing_certificate"])
    assert keys.kinds == ["access_keys", "signing_certificates"]
    assert {i.kind for a in keys.accounts for i in a.items} <= {"access_key", "signing_certificate"}
    assert rc.plan_removal(audit, kinds="password").kinds == ["password"]
    with pytest.raises(rootctl.InvalidInputError, match="keys"):
        rc.plan_removal(audit, kinds=["keys"])
    with pytest.raises(rootctl.InvalidInputError):
        rc.plan_removal(audit, kinds=[])
    asynchronous = asyncio.run(rc.plan_removal_async(audit, kinds="mfa_devices"))
    assert asynchronous.kinds == ["mfa_devices"]


def test_plan_json_round_trip_and_tampering(plan: rootctl.RemovalPlan) -> None:
    text = plan.to_json()
    assert rootctl.RemovalPlan.from_json(text) == plan
    assert rootctl.RemovalPlan.from_json(text.encode()) == plan
    assert plan.to_dict() == json.loads(text)

    def tampered(change: Any) -> str:
        data = json.loads(text)
        change(data)
        return json.dumps(data)

    def target_management(data: dict[str, Any]) -> None:
        data["accounts"][0]["account_id"] = data["management_account_id"]

    def duplicate_item(data: dict[str, Any]) -> None:
        data["accounts"][0]["items"].append(data["accounts"][0]["items"][0])

    def future_version(data: dict[str, Any]) -> None:
        data["format_version"] = 99

    def smuggle_kind(data: dict[str, Any]) -> None:
        data["kinds"] = ["access_key"]

    for change in (target_management, duplicate_item, future_version, smuggle_kind):
        with pytest.raises(rootctl.InvalidInputError, match="removal plan"):
            rootctl.RemovalPlan.from_json(tampered(change))
    with pytest.raises(rootctl.InvalidInputError):
        rootctl.RemovalPlan.from_json("not json")
    with pytest.raises(ValueError, match="removal plan"):
        rootctl.RemovalPlan.from_json("{}")


def test_a_report_whose_verification_could_not_read_an_account_is_not_ok(
    rc: rootctl.Rootctl, plan: rootctl.RemovalPlan
) -> None:
    """The verification's audit of an account failed (here: its inventory taken out of
    the report's JSON): nothing confirms that account's removals, so the report is not
    ok, although ``remaining`` (which speaks only for accounts it read) is empty."""
    data = rc.apply_removal(plan).to_dict()
    unread = plan.accounts[0].account_id
    audit = next(a for a in data["verification"]["accounts"] if a["account_id"] == unread)
    audit["credentials"] = None
    report = rootctl.RemovalReport.from_json(json.dumps(data))
    assert report.remaining == []
    assert report.unverified == [unread]
    assert not report.ok
    assert "Not verified" in str(report) and unread in str(report)


def test_dry_run_changes_nothing(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl, plan: rootctl.RemovalPlan
) -> None:
    report = rc.apply_removal(plan, dry_run=True)
    assert report.dry_run and report.ok
    assert report.verification is None
    assert {i.outcome for i in report.items} == {"would_remove"}
    assert report.summary.would_remove == plan.item_count
    assert mutations(org) == []
    assert all(c.task_policy != "IAMDeleteRootUserCredentials" for c in org.calls())


def test_apply_removes_exactly_the_plan(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl, plan: rootctl.RemovalPlan
) -> None:
    report = rc.apply_removal(plan)
    assert report.ok, str(report)
    assert not report.dry_run and report.plan_id == plan.plan_id
    planned = [(a.account_id, i.kind, i.id) for a in plan.accounts for i in a.items]
    assert [(i.account_id, i.kind, i.id) for i in report.items] == planned
    assert {i.outcome for i in report.items} == {"removed"}
    assert all(i.error is None and i.reason is None for i in report.items)
    assert report.summary.removed == plan.item_count
    assert report.remaining == []
    assert report.unverified == []
    verification = report.verification
    assert verification is not None and verification.ok
    for account in plan.accounts:
        truth = org.root_credentials(account.account_id)
        assert truth is not None and truth.is_empty
    deletes = [m.split()[0] for m in mutations(org)]
    assert len(deletes) == plan.item_count
    assert set(deletes) <= {
        "DeleteLoginProfile",
        "DeleteAccessKey",
        "DeleteSigningCertificate",
        "DeactivateMFADevice",
    }

    again = rc.apply_removal(plan)
    assert {i.outcome for i in again.items} == {"already_absent"}
    assert len(mutations(org)) == plan.item_count, "absent items cost no call"


def test_apply_async_with_a_journal_resumes(
    tmp_path: Path, rc: rootctl.Rootctl, plan: rootctl.RemovalPlan
) -> None:
    journal = tmp_path / "journal.jsonl"
    first = asyncio.run(rc.apply_removal_async(plan, journal=journal, verify=False))
    assert first.ok and first.verification is None
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert len(lines) == 2 * plan.item_count
    assert {line["event"] for line in lines} == {"intent", "removed"}
    assert {line["plan_id"] for line in lines} == {plan.plan_id}

    second = rc.apply_removal(plan, journal=str(journal))
    # The re-run reads the live state first: what the first run removed is already
    # absent, and nothing is attempted twice.
    assert {i.outcome for i in second.items} == {"already_absent"}

    other = rc.plan_removal(rc.audit())
    with pytest.raises(rootctl.InvalidInputError, match="journal"):
        rc.apply_removal(other, journal=journal)


def test_failures_are_reported_per_item(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl, plan: rootctl.RemovalPlan
) -> None:
    victim = plan.accounts[0].account_id
    org.deny_root_sessions(victim, "every_call")
    report = rc.apply_removal(plan)
    assert not report.ok
    [stopped] = [a for a in report.accounts if a.account_id == victim]
    assert isinstance(stopped.error, rootctl.AccessDeniedError)
    # The account's work stopped before any item: none was attempted, each says why.
    assert {i.outcome for i in stopped.items} == {"skipped"}
    assert all(i.reason and "not reached" in i.reason for i in stopped.items)
    others = [i for i in report.items if i.account_id != victim]
    assert {i.outcome for i in others} == {"removed"}
    assert report.summary.accounts_failed == 1
    assert "failed" in str(report)


def test_a_plan_for_another_organization_is_refused(rc: rootctl.Rootctl) -> None:
    stranger = rootctl.SimulatedOrg(seed=99, features_enabled=True)
    other = rootctl.Rootctl.simulated(stranger)
    plan = other.plan_removal(other.audit())
    with pytest.raises(rootctl.InvalidInputError, match="was made for organization"):
        rc.apply_removal(plan)


def test_removal_reports_round_trip_through_json(
    rc: rootctl.Rootctl, plan: rootctl.RemovalPlan
) -> None:
    report = rc.apply_removal(plan)
    back = rootctl.RemovalReport.from_json(report.to_json())
    assert back.to_json() == report.to_json()
    assert back.ok and back.verification is not None
    item = report.items[0].to_dict()
    assert set(item) >= {"account_id", "kind", "id", "outcome"}
    assert {i.outcome for i in report.items} <= OUTCOMES
    assert repr(report.items[0]).startswith("ItemResult(account_id=")
    assert report.items[0].item in {i for a in plan.accounts for i in a.items}
