"""check_prerequisites, features, enable and disable: sync and async."""

from __future__ import annotations

import asyncio
import json

import pytest

import rootctl
from conftest import mutations

CHECKS = [
    "organization",
    "all_features",
    "caller",
    "trusted_access",
    "root_credentials_management",
    "root_sessions",
    "delegated_admin",
    "regional_sts",
    "account_regions",
    "probe",
    "scps",
]


def test_check_prerequisites_reports_what_is_missing(example: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(example)
    report = rc.check_prerequisites()
    assert not report.ok
    assert [c.name for c in report.checks] == CHECKS
    trusted = report.check("trusted_access")
    assert trusted is not None
    assert trusted.status == "fail"
    assert trusted.remediation and "rootctl enable" in trusted.remediation
    assert report.check("no-such-check") is None
    assert report.organization_id == example.organization_id
    assert report.caller_role == "management_account"
    assert report.caller is not None
    assert report.caller.account_id == example.management_account_id
    assert report.features == example.features()
    assert set(report.policies) == {"audit", "remove", "recover", "enable", "disable", "unlock"}
    assert report.policies["audit"]["Version"] == "2012-10-17"
    assert "trusted_access" in str(report) and "FAIL" in str(report)
    assert "trusted_access" in repr(report)
    assert mutations(example) == [], "checking changes nothing"


def test_check_prerequisites_async_with_a_probe(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    report = asyncio.run(rc.check_prerequisites_async(probe=True))
    assert report.ok, str(report)
    probe = report.check("probe")
    assert probe is not None and probe.status == "pass"
    assert [c.operation for c in org.calls() if c.operation == "AssumeRoot"] == ["AssumeRoot"]
    assert mutations(org) == []


def test_probe_account_needs_probe(rc: rootctl.Rootctl, org: rootctl.SimulatedOrg) -> None:
    with pytest.raises(rootctl.InvalidInputError, match="probe"):
        rc.check_prerequisites(probe_account=org.members()[1].account_id)
    with pytest.raises(rootctl.InvalidInputError):
        rc.check_prerequisites(probe=True, probe_account=org.management_account_id)


def test_features_sync_and_async(example: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    off = rootctl.Rootctl.simulated(example).features()
    assert off == example.features()
    assert not off.trusted_access
    on = asyncio.run(rc.features_async())
    assert on.trusted_access and on.root_credentials_management and on.root_sessions
    assert on.to_dict() == {
        "trusted_access": True,
        "root_credentials_management": True,
        "root_sessions": True,
    }


def test_plan_enable_changes_nothing_and_enable_applies_it(example: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(example)
    plan = rc.plan_enable()
    assert not plan.is_noop
    assert [s.name for s in plan.steps] == [
        "enable_trusted_access",
        "enable_root_credentials_management",
        "enable_root_sessions",
    ]
    assert plan.steps[0].api == "EnableAWSServiceAccess"
    assert plan.already_done == []
    assert plan.organization_id == example.organization_id
    assert mutations(example) == []

    report = rc.enable()
    assert report.ok
    assert [s.status for s in report.steps] == ["done"] * 3
    assert all(s.ok and s.error is None and s.reason is None for s in report.steps)
    assert report.features == example.features()
    assert report.features.root_sessions
    assert len(mutations(example)) == 3
    assert rc.plan_enable().is_noop
    again = rc.enable()
    assert [s.status for s in again.steps] == ["already"] * 3
    assert len(mutations(example)) == 3, "a second enable calls nothing that changes anything"


def test_enable_async_with_a_delegated_admin(example: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(example)
    admin = example.delegated_admin_account_id
    plan = asyncio.run(rc.plan_enable_async(root_sessions=False, delegated_admin=admin))
    assert plan.steps[-1].name == "register_delegated_administrator"
    assert plan.steps[-1].account_id == admin
    report = asyncio.run(rc.enable_async(root_sessions=False, delegated_admin=admin))
    assert report.ok
    assert not report.features.root_sessions
    disable_plan = rc.plan_disable(deregister_delegated_admin=True)
    assert [s.name for s in disable_plan.steps] == [
        "disable_root_credentials_management",
        "deregister_delegated_administrator",
    ]


def test_enable_refuses_what_aws_would(example: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(example)
    with pytest.raises(rootctl.InvalidInputError):
        rc.plan_enable(delegated_admin=example.management_account_id)
    with pytest.raises(rootctl.InvalidInputError):
        rc.enable(delegated_admin="12345")
    with pytest.raises(rootctl.TrustedAccessNotEnabledError):
        rc.enable(manage_trusted_access=False)
    example.set_caller("member")
    with pytest.raises(rootctl.NotManagementAccountError) as raised:
        rc.enable()
    assert raised.value.account_id is not None
    consolidated = rootctl.Rootctl.simulated(rootctl.SimulatedOrg(all_features=False))
    with pytest.raises(rootctl.NotAllFeaturesError):
        consolidated.plan_enable()
    assert mutations(example) == []


def test_disable_sync_and_async(org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    plan = rc.plan_disable(root_sessions_only=True)
    assert [s.name for s in plan.steps] == ["disable_root_sessions"]
    assert mutations(org) == []
    report = rc.disable(root_sessions_only=True)
    assert report.ok and not report.features.root_sessions
    assert report.features.root_credentials_management
    everything = asyncio.run(
        rc.disable_async(deregister_delegated_admin=True, disable_trusted_access=True)
    )
    assert everything.ok
    assert not org.features().trusted_access
    assert asyncio.run(rc.plan_disable_async()).is_noop
    with pytest.raises(rootctl.InvalidInputError):
        rc.plan_disable(root_sessions_only=True, disable_trusted_access=True)


def test_change_plans_and_reports_round_trip_through_json(example: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(example)
    plan = rc.plan_enable()
    again = rootctl.EnablePlan.from_json(plan.to_json())
    assert again.to_json() == plan.to_json()
    assert json.loads(plan.to_json()) == plan.to_dict()
    report = rc.enable()
    assert rootctl.EnableReport.from_json(report.to_json(indent=None)).to_dict() == report.to_dict()
    assert report.to_dict()["steps"][0] == {"step": "enable_trusted_access", "status": "done"}
    disabled = rc.disable()
    assert rootctl.DisableReport.from_json(disabled.to_json()).ok
    assert rootctl.DisablePlan.from_json(rc.plan_disable().to_json()).is_noop
    with pytest.raises(rootctl.InvalidInputError):
        rootctl.EnableReport.from_json("{}")


def test_reports_print_as_tables(example: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(example)
    assert "enable trusted access for iam.amazonaws.com" in str(rc.plan_enable())
    text = str(rc.enable())
    assert "RootCredentialsManagement on" in text
    assert repr(rc.plan_enable()).startswith("EnablePlan(")
