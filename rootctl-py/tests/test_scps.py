"""The SCP pre-flight from Python: attach guardrails to the simulated organization,
predict which accounts they block, and check the simulator is consistent with the prediction
(it enforces policies with the same evaluator, so this is consistency, not proof: the
hand-verdict corpus and tests/test_reference.py hold the evaluator to AWS)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping

import pytest

import rootctl

DENY_ROOT: dict[str, object] = {
    "Sid": "DenyRootUser",
    "Effect": "Deny",
    "Action": "*",
    "Resource": "*",
    "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}},
}
TASKS = {"audit", "delete", "recover", "unlock_s3", "unlock_sqs"}


def policy(*statements: Mapping[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def active(org: rootctl.SimulatedOrg) -> list[rootctl.Member]:
    return [
        m
        for m in org.members()
        if m.state == "ACTIVE" and m.account_id != org.management_account_id
    ]


def test_a_fresh_organization_allows_every_task(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    org.clear_calls()
    report = rc.check_scps()
    assert report.ok
    assert report.organization_id == org.organization_id
    assert set(report.tasks) == TASKS
    assert report.accounts, report
    for account in report.accounts:
        assert account.verdicts == dict.fromkeys(TASKS, "allowed")
        assert account.findings == []
        assert account.path[0] == org.root_id
        assert account.path[-1] == account.account_id
    # Read only: nothing assumed, nothing changed.
    assert not org.calls(mutating_only=True)
    assert all(c.operation != "AssumeRoot" for c in org.calls())


def test_a_deny_root_guardrail_is_predicted_and_its_fix_lifts_it(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    member = active(org)[0]
    policy_id = org.attach_scp(member.account_id, policy(DENY_ROOT))
    assert policy_id.startswith("p-")

    report = rc.check_scps(accounts=member.account_id, tasks=["audit"])
    account = report.account(member.account_id)
    assert account is not None
    assert account.verdicts == {"audit": "blocked"}
    assert report.blocked("audit") == [member.account_id]
    [finding] = account.findings
    assert finding.policy_id == policy_id
    assert finding.target_id == member.account_id
    assert finding.verdict == "blocked"
    assert finding.statement is not None and json.loads(finding.statement) == DENY_ROOT
    assert "explicitly denies" in finding.reason
    assert finding.fix is not None
    fixed = json.loads(finding.fix)
    assert fixed["Condition"]["Null"] == {"aws:AssumedRoot": "true"}
    assert fixed["Condition"]["ArnLike"] == {"aws:PrincipalArn": "arn:aws:iam::*:root"}

    # The simulator is consistent with the prediction: the audit of that account is denied.
    audit = rc.audit(accounts=member.account_id)
    [audited] = audit.accounts
    assert isinstance(audited.error, rootctl.AccessDeniedError), audited

    # The fix lifts both.
    org.update_policy(policy_id, policy(fixed))
    assert rc.check_scps(accounts=member.account_id, tasks="audit").ok
    assert rc.audit(accounts=member.account_id).accounts[0].error is None


def test_an_allow_list_without_iam_blocks_by_omission(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    member = active(org)[1]
    org.attach_scp(
        member.account_id, policy({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
    )
    org.detach_policy(member.account_id, "p-FullAWSAccess")
    account = rc.check_scps(accounts=member.account_id).accounts[0]
    assert account.verdicts["audit"] == "blocked"
    assert account.verdicts["unlock_s3"] == "allowed"
    nothing_allows = [f for f in account.findings if f.policy_id is None]
    assert nothing_allows and nothing_allows[0].target_id == member.account_id
    assert nothing_allows[0].statement is None
    fix = json.loads(nothing_allows[0].fix or "null")
    assert fix["Effect"] == "Allow" and "iam:GetAccountSummary" in fix["Action"]


def test_a_condition_on_an_unknown_key_is_unknown_never_a_guess(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    member = active(org)[2]
    org.attach_scp(
        member.account_id,
        policy(
            {
                "Effect": "Deny",
                "Action": "iam:*",
                "Resource": "*",
                "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}},
            }
        ),
    )
    account = rc.check_scps(accounts=member.account_id, tasks=["audit", "unlock_sqs"]).accounts[0]
    assert account.verdicts == {"audit": "unknown", "unlock_sqs": "allowed"}
    [finding] = account.findings
    assert finding.verdict == "unknown"
    assert "aws:SourceIp" in finding.reason


def test_async_ous_json_and_the_prerequisite_summary(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    org.attach_scp(org.root_id, policy(DENY_ROOT))
    report = asyncio.run(rc.check_scps_async(tasks=["recover"]))
    assert report.summary["recover"]["blocked"] == len(report.accounts)
    assert not report.ok
    # Policies shared by every account are read once.
    assert report.policies_read == 2
    again = rootctl.ScpReport.from_json(report.to_json())
    assert again.to_dict() == report.to_dict()
    assert "blocked" in str(report)

    ou = active(org)[0].parent_id
    if ou.startswith("ou-"):
        by_ou = rc.check_scps(ous=ou, tasks=["audit"])
        assert by_ou.accounts and all(a.verdicts["audit"] == "blocked" for a in by_ou.accounts)

    prerequisites = rc.check_prerequisites(scps=True)
    check = prerequisites.check("scps")
    assert check is not None and check.status == "fail", prerequisites
    assert prerequisites.scps is not None
    assert prerequisites.scps.blocked("audit")
    assert rc.check_prerequisites().scps is None


def test_bad_input_is_refused_before_any_call(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    org.clear_calls()
    with pytest.raises(rootctl.InvalidInputError):
        rc.check_scps(tasks=[])
    with pytest.raises(rootctl.InvalidInputError, match="nap"):
        rc.check_scps(tasks=["nap"])
    with pytest.raises(rootctl.InvalidInputError):
        rc.check_scps(accounts="12345")
    with pytest.raises(rootctl.InvalidInputError):
        rc.check_scps_async(tasks=["nap"])  # type: ignore[unused-coroutine]
    assert org.calls() == []
    with pytest.raises(rootctl.InvalidInputError):
        org.attach_scp("ou-nope-00000000", policy(DENY_ROOT))
    with pytest.raises(rootctl.InvalidInputError):
        org.attach_scp(org.root_id, "not json")
    with pytest.raises(rootctl.InvalidInputError):
        org.detach_policy(org.root_id, "p-FullAWSAccess")


def test_the_audit_preflight_flags_accounts_and_the_plan_leaves_them_out(
    org: rootctl.SimulatedOrg,
) -> None:
    member, other = active(org)[0], active(org)[1]
    org.attach_scp(member.account_id, policy(DENY_ROOT))
    rc = rootctl.Rootctl.simulated(org, scp_preflight=True)
    assert rc.scp_preflight
    audit = rc.audit(accounts=[member.account_id, other.account_id])
    flagged = audit.account(member.account_id)
    assert flagged is not None and flagged.scp is not None
    assert flagged.scp.verdicts == {"audit": "blocked", "delete": "blocked"}
    assert isinstance(flagged.error, rootctl.AccessDeniedError)
    assert "SCP pre-flight" in str(audit)
    fine = audit.account(other.account_id)
    assert fine is not None and fine.scp is not None
    assert fine.scp.verdicts == {"audit": "allowed", "delete": "allowed"}
    # Off by default.
    plain = rootctl.Rootctl.simulated(org).audit(accounts=other.account_id)
    assert not rootctl.Rootctl.simulated(org).scp_preflight
    assert plain.accounts[0].scp is None


def test_a_delegated_admin_is_judged_by_the_scps_on_its_own_path() -> None:
    org = rootctl.SimulatedOrg(
        members=8, seed=11, features_enabled=True, caller="delegated_admin", delegated_admin=True
    )
    admin = org.delegated_admin_account_id
    admin_ou = next(m.parent_id for m in org.members() if m.account_id == admin)
    deny = {"Sid": "NoRootSessions", "Effect": "Deny", "Action": "sts:AssumeRoot", "Resource": "*"}
    policy_id = org.attach_scp(admin_ou, policy(deny))
    rc = rootctl.Rootctl.simulated(org)

    report = rc.check_scps(tasks=["audit"])
    caller = report.caller
    assert caller is not None
    assert caller.account_id == admin and not caller.management_account
    assert caller.path[0] == org.root_id and caller.path[-1] == admin and admin_ou in caller.path
    assert report.accounts
    for account in report.accounts:
        assert account.verdicts == {"audit": "blocked"}
        [finding] = [f for f in account.findings if f.side == "caller"]
        assert finding.policy_id == policy_id and finding.target_id == admin_ou
        assert finding.actions == ["sts:AssumeRoot"]
        assert finding.fix is not None
        assert "aws:userid" in json.loads(finding.fix)["Condition"]["StringNotLike"]
    # Nothing on the members' side stops them: every finding is the caller's.
    assert {f.side for a in report.accounts for f in a.findings} == {"caller"}
    # The simulator refuses every AssumeRoot, as AWS would.
    audit = rc.audit()
    assert all(isinstance(a.error, rootctl.AccessDeniedError) for a in audit.accounts)
    # The management account is exempt from SCPs.
    org.set_caller("management")
    exempt = rc.check_scps(tasks=["audit"])
    assert exempt.ok and exempt.caller is not None and exempt.caller.management_account


def test_rcps_only_deny_and_rcp_full_aws_access_stays(org: rootctl.SimulatedOrg) -> None:
    member = active(org)[0]
    allow = {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}
    with pytest.raises(rootctl.InvalidInputError, match="MalformedPolicyDocumentException"):
        org.attach_rcp(member.account_id, policy(allow))
    deny = {"Effect": "Deny", "Principal": "*", "Action": "s3:PutBucketPolicy", "Resource": "*"}
    policy_id = org.attach_rcp(member.account_id, policy(deny))
    with pytest.raises(rootctl.InvalidInputError, match="RCPFullAWSAccess"):
        org.detach_policy(member.account_id, "p-RCPFullAWSAccess")
    with pytest.raises(rootctl.InvalidInputError):
        org.update_policy(policy_id, policy(deny, allow))
