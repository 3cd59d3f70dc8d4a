"""Findings for Security Hub (ASFF) and SIEMs (OCSF), from audits and enforcements of
simulated organizations: the attributes BatchImportFindings requires, stable ids, the
published OCSF model (py-ocsf-models, OCSF 1.5.0), counts, and no secret."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from py_ocsf_models.events.findings.compliance_finding import (  # type: ignore[import-untyped]
    ComplianceFinding,
)

import rootctl
from test_secrets import SESSION_KEY, SESSION_SECRET, SESSION_TOKEN, WORDS

REQUIRED = (
    "AwsAccountId",
    "CreatedAt",
    "Description",
    "GeneratorId",
    "Id",
    "ProductArn",
    "Resources",
    "SchemaVersion",
    "Severity",
    "Title",
    "Types",
    "UpdatedAt",
)
"""The top-level attributes BatchImportFindings requires
(https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html)."""

KINDS = ("password", "access_key", "signing_certificate", "mfa_device")


def _org(**extra: Any) -> rootctl.SimulatedOrg:
    return rootctl.SimulatedOrg(members=8, seed=4, features_enabled=True, **extra)


def _by_id(findings: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["Id"]: f for f in findings}


def _account(finding: dict[str, Any]) -> str:
    resource_id: str = finding["Resources"][0]["Id"]
    return resource_id.removeprefix("AWS::::Account:")


def test_every_asff_finding_carries_the_required_attributes() -> None:
    org = _org(denied_members=1)
    rc = rootctl.Rootctl.simulated(org)
    report = rc.audit()
    assert report.region == "us-east-1"
    findings = report.to_asff()
    assert len(findings) == len(report.accounts) * len(KINDS)
    caller = report.caller.account_id
    for f in findings:
        for key in REQUIRED:
            assert f.get(key), (key, f)
        assert f["SchemaVersion"] == "2018-10-08"
        assert f["ProductArn"] == (
            f"arn:aws:securityhub:us-east-1:{caller}:product/{caller}/default"
        )
        assert f["AwsAccountId"] == caller
        assert f["Severity"]["Label"] in ("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL")
        assert f["FindingProviderFields"]["Severity"] == f["Severity"]
        [resource] = f["Resources"]
        assert resource["Type"] == "AwsAccount"
        assert resource["Partition"] == "aws" and resource["Region"] == "us-east-1"
        assert f["Compliance"]["Status"] in ("PASSED", "FAILED", "NOT_AVAILABLE")
        assert f["Remediation"]["Recommendation"]["Text"]
        assert all(isinstance(v, str) for v in f["ProductFields"].values())
        assert len(f["Title"]) <= 256 and len(f["Description"]) <= 1024
        assert len(f["ProductFields"]) <= 50
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", f["UpdatedAt"])
    failed = [a.account_id for a in report.accounts if not a.ok]
    assert len(failed) == 1, "one member denies root sessions"
    theirs = [f for f in findings if _account(f) == failed[0]]
    assert {f["Compliance"]["Status"] for f in theirs} == {"NOT_AVAILABLE"}


def test_ids_are_stable_and_a_fixed_account_flips_to_passed() -> None:
    org = _org()
    rc = rootctl.Rootctl.simulated(org)
    first = _by_id(rc.audit().to_asff())
    assert list(first) == list(_by_id(rc.audit().to_asff())), "two runs, the same ids"
    held = next(
        f
        for f in first.values()
        if f["Compliance"]["Status"] == "FAILED"
        and f["ProductFields"]["rootctl/Kind"] == "access_key"
    )
    account = _account(held)
    assert held["Id"] == (f"rootctl/{org.organization_id}/{account}/root-credentials/access_key")
    assert held["Severity"]["Label"] == "CRITICAL"
    plan = rc.plan_removal(rc.audit(accounts=[account]), kinds=["access_keys"])
    assert rc.apply_removal(plan).ok
    after = _by_id(rc.audit().to_asff())
    assert list(after) == list(first), "the same findings, updated"
    fixed = after[held["Id"]]
    assert fixed["Compliance"]["Status"] == "PASSED"
    assert fixed["Severity"]["Label"] == "INFORMATIONAL"
    assert fixed["UpdatedAt"] > held["UpdatedAt"], "Security Hub keeps the newer one"


def test_failed_findings_agree_with_the_summary() -> None:
    report = rootctl.Rootctl.simulated(_org()).audit()
    findings = report.to_asff()

    def failed(kind: str) -> int:
        return sum(
            1
            for f in findings
            if f["ProductFields"]["rootctl/Kind"] == kind and f["Compliance"]["Status"] == "FAILED"
        )

    s = report.summary
    assert failed("password") == s.with_password
    assert failed("access_key") == s.with_access_keys
    assert failed("signing_certificate") == s.with_signing_certificates
    assert failed("mfa_device") == s.with_mfa
    passed = sum(1 for f in findings if f["Compliance"]["Status"] == "PASSED")
    assert passed == len(findings) - sum(map(failed, KINDS))
    ocsf = report.to_ocsf()
    assert [o["finding_info"]["uid"] for o in ocsf] == [f["Id"] for f in findings]
    assert sum(1 for o in ocsf if o["compliance"]["status_id"] == 3) == sum(map(failed, KINDS))


def _validate(findings: list[dict[str, Any]]) -> None:
    """Each finding is an OCSF 1.5.0 Compliance Finding, and the published model keeps
    every key: pydantic ignores keys it does not know, so a key dropped or renamed on
    the way through is a key the model does not have."""
    assert findings
    for f in findings:
        model = ComplianceFinding.model_validate(f)
        assert model.metadata.version == "1.5.0"
        assert model.model_dump(mode="json", exclude_none=True) == f


def test_ocsf_validates_against_the_published_model_with_nothing_dropped() -> None:
    org = _org(denied_members=1)
    member = org.members()[3].account_id
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyRootDelete",
                "Effect": "Deny",
                "Action": "iam:Delete*",
                "Resource": "*",
                "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}},
            }
        ],
    }
    org.attach_scp(member, json.dumps(deny))
    report = rootctl.Rootctl.simulated(org, scp_preflight=True).audit()
    findings = report.to_ocsf()
    _validate(findings)
    assert len(findings) == len(report.accounts) * (len(KINDS) + 2), "four kinds, two tasks"
    f = findings[0]
    assert (f["class_uid"], f["category_uid"], f["type_uid"]) == (2003, 2, 200301)
    assert f["metadata"]["product"]["version"] == rootctl.__version__
    statuses = {o["compliance"]["status_id"] for o in findings}
    assert statuses == {0, 1, 3}, "unknown (the denied member), pass and fail"
    blocked = next(o for o in findings if o["finding_info"]["uid"].endswith(f"{member}/scp/delete"))
    assert blocked["compliance"]["status_id"] == 3
    assert "aws:AssumedRoot" in blocked["remediation"]["desc"]
    asff = _by_id(report.to_asff())
    assert asff[blocked["finding_info"]["uid"]]["Compliance"]["Status"] == "FAILED"


def test_an_enforcement_with_an_exception() -> None:
    org = _org()
    rc = rootctl.Rootctl.simulated(org)
    audit = rc.audit()
    keeper = next(
        a for a in audit.accounts if a.credentials is not None and a.credentials.mfa_devices
    )
    policy = rootctl.EnforcementPolicy(
        exceptions=[
            {
                "account": keeper.account_id,
                "reason": "break-glass token in the safe",
                "keep": ["mfa_devices"],
                "expires": "2099-01-31",
            }
        ]
    )
    dry = rc.enforce(policy, dry_run=True)
    dry_findings = _by_id(dry.to_asff())
    held = [f for f in dry_findings.values() if f["Compliance"]["Status"] == "FAILED"]
    assert held, "a dry run leaves what it would remove"
    report = rc.enforce(policy)
    assert report.compliant
    findings = _by_id(report.to_asff("eu-west-1"))
    assert list(findings) == list(_by_id(audit.to_asff())), "the audit's ids"
    kept_id = f"rootctl/{org.organization_id}/{keeper.account_id}/root-credentials/mfa_device"
    # Everything but the excepted token is gone; the token is still held, so its finding
    # fails (as the audit's of the same id does), with the exception as its context.
    statuses = {i: f["Compliance"]["Status"] for i, f in findings.items()}
    assert {s for i, s in statuses.items() if i != kept_id} == {"PASSED"}
    for f in held:
        assert findings[f["Id"]]["ProductFields"].get("rootctl/Removed") or (
            _account(f) == keeper.account_id
        )
    kept = findings[kept_id]
    assert kept["Compliance"]["Status"] == "FAILED"
    assert kept["Severity"]["Label"] == "LOW"
    assert kept["ProductFields"]["rootctl/ExceptionReason"] == "break-glass token in the safe"
    assert kept["ProductFields"]["rootctl/ExceptionExpires"] == "2099-01-31"
    assert kept["ProductArn"].startswith("arn:aws:securityhub:eu-west-1:")
    _validate(report.to_ocsf())
    _validate(dry.to_ocsf())


def test_asff_without_a_region_is_refused() -> None:
    report = rootctl.Rootctl.simulated(_org()).audit()
    saved = json.loads(report.to_json())
    assert saved.pop("region") == "us-east-1"
    old = rootctl.AuditReport.from_json(json.dumps(saved))
    assert old.region is None, "a report written before the region reads"
    with pytest.raises(rootctl.InvalidInputError, match="region"):
        old.to_asff()
    assert old.to_asff("ap-southeast-2")[0]["Resources"][0]["Region"] == "ap-southeast-2"
    assert old.to_ocsf(), "OCSF needs no region"


def test_no_finding_holds_a_session_credential() -> None:
    org = _org(denied_members=1)
    rc = rootctl.Rootctl.simulated(org, scp_preflight=True)
    audit = rc.audit()
    report = rc.enforce(rootctl.EnforcementPolicy())
    assert any(c.operation == "AssumeRoot" and c.ok for c in org.calls()), "sessions were issued"
    text = json.dumps([audit.to_asff(), audit.to_ocsf(), report.to_asff(), report.to_ocsf()])
    assert len(text) > 10_000
    for pattern in (SESSION_KEY, SESSION_TOKEN, SESSION_SECRET, WORDS):
        assert not pattern.search(text), pattern


def test_redteam_an_enforcement_never_passes_a_held_root_access_key() -> None:
    """``rootctl enforce --policy P -o asff`` with a policy that forbids passwords only
    (or an exception that keeps a key) writes the member's root access key as PASSED,
    under the Id of the audit's FAILED/CRITICAL finding: the import closes IAM.4 in
    Security Hub while the key is there."""
    org = _org()
    rc = rootctl.Rootctl.simulated(org)
    audit = _by_id(rc.audit().to_asff())
    failed_keys = {
        i: f
        for i, f in audit.items()
        if i.endswith("/access_key") and f["Compliance"]["Status"] == "FAILED"
    }
    assert failed_keys, "a member holds a root access key"
    report = rc.enforce(rootctl.EnforcementPolicy(kinds=["password"]))
    enforced = _by_id(report.to_asff())
    for i, before in failed_keys.items():
        after = enforced[i]
        assert (
            after["ProductFields"]["rootctl/CredentialIds"]
            == (before["ProductFields"]["rootctl/CredentialIds"])
        ), "the key is still held"
        assert "AWS Security Hub CSPM/IAM.4" in after["Compliance"]["RelatedRequirements"]
        assert after["Compliance"]["Status"] != "PASSED", after["Title"]


def test_redteam_a_saved_audit_with_an_account_twice_is_refused() -> None:
    """A saved audit is read back with no check that each account appears once (in
    ``accounts`` or in ``skipped``, as AuditReport's own docs promise). Two audits of
    the same organization merged into one file (say, one per OU at 10,000 accounts, one
    account in both) give two findings under one Id in the same batch: FAILED for the
    key, then PASSED, and Security Hub keeps whichever it processes last. The page draws
    the account three times. Refuse the file, or at least never write one Id twice."""
    rc = rootctl.Rootctl.simulated(_org())
    saved = json.loads(rc.audit().to_json())
    holder = next(a for a in saved["accounts"] if a["credentials"]["access_keys"])
    later = json.loads(json.dumps(holder))
    later["credentials"] = {
        "password": None,
        "access_keys": [],
        "signing_certificates": [],
        "mfa_devices": [],
    }
    saved["accounts"].append(later)
    saved["skipped"].append(
        {
            "account_id": holder["account_id"],
            "name": holder["name"],
            "reason": {"reason": "not_selected"},
            "ou_path": holder["ou_path"],
        }
    )
    try:
        report = rootctl.AuditReport.from_json(json.dumps(saved))
    except rootctl.InvalidInputError:
        return
    ids = [f["Id"] for f in report.to_asff()]
    assert len(ids) == len(set(ids)), "one Id twice in one batch"
