"""``rootctl check --scps``: the SCP pre-flight from the console."""

from __future__ import annotations

import json

import pytest

import rootctl
from conftest import console_over
from rootctl import cli

DENY_ROOT = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyRootUser",
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}},
            }
        ],
    }
)


@pytest.fixture
def org(monkeypatch: pytest.MonkeyPatch) -> rootctl.SimulatedOrg:
    """An enabled organization the command runs against (instead of one from its flags)."""
    org = rootctl.SimulatedOrg(members=6, seed=3, features_enabled=True)
    console_over(monkeypatch, org)
    return org


def members(org: rootctl.SimulatedOrg) -> list[str]:
    return [m.account_id for m in org.members() if m.account_id != org.management_account_id]


def test_check_scps_passes_on_a_clean_organization(
    org: rootctl.SimulatedOrg, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", "--simulated", "--scps"]) == 0
    out = capsys.readouterr().out
    assert "PASS  scps" in out
    count = len(members(org))
    assert f"  audit      allowed {count:>5}  blocked     0  unknown     0" in out, out


def test_a_blocking_policy_exits_1_and_prints_the_policy_and_the_fix(
    org: rootctl.SimulatedOrg, capsys: pytest.CaptureFixture[str]
) -> None:
    member = members(org)[0]
    policy_id = org.attach_scp(member, DENY_ROOT)
    assert cli.main(["check", "--simulated", "--scps"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  scps" in out
    assert policy_id in out and member in out and "blocked" in out
    assert "aws:AssumedRoot" in out, "the fix is shown"


def test_task_and_selection_narrow_the_prediction_and_json_has_both_reports(
    org: rootctl.SimulatedOrg, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked, other = members(org)[:2]
    org.attach_scp(blocked, DENY_ROOT)
    argv = ["check", "--simulated", "--scps", "--task", "audit", "--account", other]
    assert cli.main([*argv, "-o", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"prerequisites", "scps"}
    report = rootctl.ScpReport.from_json(json.dumps(out["scps"]))
    assert [a.account_id for a in report.accounts] == [other]
    assert report.tasks == ["audit"]
    assert report.accounts[0].verdicts == {"audit": "allowed"}
    # The blocked account, narrowed the same way.
    argv = ["check", "--simulated", "--scps", "--task", "recover", "--account", blocked]
    assert cli.main([*argv, "-o", "json"]) == 1
    report = rootctl.ScpReport.from_json(json.dumps(json.loads(capsys.readouterr().out)["scps"]))
    assert report.blocked("recover") == [blocked]


def test_selection_or_task_without_scps_is_a_usage_error(
    org: rootctl.SimulatedOrg, capsys: pytest.CaptureFixture[str]
) -> None:
    org.clear_calls()
    assert cli.main(["check", "--simulated", "--task", "audit"]) == 2
    assert cli.main(["check", "--simulated", "--account", members(org)[0]]) == 2
    assert "add --scps" in capsys.readouterr().err
    assert org.calls() == []
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["check", "--simulated", "--scps", "--task", "nap"])
    assert exit_info.value.code == 2
