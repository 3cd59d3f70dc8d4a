"""Continuous enforcement from Python: the policy, ``enforce``, events, the Lambda
handler of the deployment recipe, and the console command's check modes."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import io
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import rootctl
from conftest import SIM, holders, mutations, run, sim_org

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "events"
ENFORCEMENT_DOC = REPO / "docs" / "enforcement.md"
STATUSES = {"compliant", "remediated", "non_compliant", "excepted", "failed"}


def test_policies_read_from_files_and_dicts_alike(tmp_path: Path) -> None:
    keys = {
        "kinds": ["password", "access_keys"],
        "exclude_tags": ["env=sandbox"],
        "exceptions": [
            {"account": "111122223333", "reason": "break-glass", "keep": ["password"]},
        ],
        "max_plan_age_hours": 2,
    }
    toml = tmp_path / "policy.toml"
    toml.write_text(
        'kinds = ["password", "access_keys"]\nexclude_tags = ["env=sandbox"]\n'
        "max_plan_age_hours = 2\n[[exceptions]]\n"
        'account = "111122223333"\nreason = "break-glass"\nkeep = ["password"]\n',
        encoding="utf-8",
    )
    as_json = tmp_path / "policy.json"
    as_json.write_text(json.dumps(keys), encoding="utf-8")
    policies = [
        rootctl.EnforcementPolicy.from_dict(keys),
        rootctl.EnforcementPolicy.from_file(toml),
        rootctl.EnforcementPolicy.from_file(str(as_json)),
        rootctl.EnforcementPolicy(**keys),
    ]
    assert len({p.digest for p in policies}) == 1
    assert policies[0].kinds == ["password", "access_keys"]
    assert policies[0].max_plan_age_hours == 2.0
    assert rootctl.EnforcementPolicy.from_dict(policies[0].to_dict()).digest == policies[0].digest
    assert rootctl.EnforcementPolicy().kinds == rootctl.credential_kinds(
        ["password", "access_keys", "signing_certificates", "mfa_devices"]
    )


@pytest.mark.parametrize(
    ("keys", "named"),
    [
        ({"kind": ["password"]}, '"kind"'),
        ({"kinds": ["keys"]}, "policy key kinds"),
        (
            {"exceptions": [{"account": "111122223333", "keep": ["password"]}]},
            "exceptions[0].reason",
        ),
        (
            {"exceptions": [{"account": "1", "reason": "x", "keep": ["password"]}]},
            "exceptions[0].account",
        ),
        (
            {
                "exceptions": [
                    {
                        "account": "111122223333",
                        "reason": "x",
                        "keep": ["password"],
                        "expires": "soon",
                    }
                ]
            },
            "exceptions[0].expires",
        ),
        ({"max_plan_age_hours": -1}, "max_plan_age_hours"),
    ],
)
def test_bad_policies_name_the_key(keys: dict[str, Any], named: str) -> None:
    with pytest.raises(rootctl.InvalidInputError, match=named.replace("[", r"\[")) as caught:
        rootctl.EnforcementPolicy.from_dict(keys)
    assert isinstance(caught.value, ValueError)


def test_enforce_converges_and_the_second_run_changes_nothing(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    glass, old = holders(org)[:2]
    policy = rootctl.EnforcementPolicy.from_dict(
        {
            "exceptions": [
                {"account": glass, "reason": "break-glass", "keep": ["password", "mfa_devices"]},
                {"account": old, "reason": "gone", "keep": ["password"], "expires": "2020-01-01"},
            ]
        }
    )
    check = rc.enforce(policy, dry_run=True)
    assert not check.compliant and check.exit_code == 1
    assert mutations(org) == []

    first = rc.enforce(policy)
    assert first.compliant, str(first)
    statuses = {a.account_id: a.status for a in first.accounts}
    assert set(statuses.values()) <= STATUSES
    assert statuses[glass] == "excepted"
    assert statuses[old] == "remediated"
    old_entry = next(a for a in first.accounts if a.account_id == old)
    assert any("expired on 2020-01-01" in r for r in old_entry.reasons), old_entry.reasons
    assert old_entry.exception is not None and old_entry.exception["expired"]
    assert "remediated" in statuses.values()
    kept = org.root_credentials(glass)
    assert kept is not None and kept.password is not None
    for account, status in statuses.items():
        creds = org.root_credentials(account)
        assert creds is not None
        assert creds.is_empty or (account == glass), (account, status)

    org.clear_calls()
    second = rc.enforce(policy)
    assert mutations(org) == [], "the second run makes no mutating call"
    assert second.compliant and second.exit_code == 0
    assert {a.status for a in second.accounts} <= {"compliant", "excepted"}
    assert second.plan_id is None


def test_the_report_is_evidence(rc: rootctl.Rootctl) -> None:
    report = rc.enforce(rootctl.EnforcementPolicy())
    data = json.loads(report.to_json())
    assert data == report.to_dict()
    assert data["policy_digest"] == rootctl.EnforcementPolicy().digest == report.policy_digest
    assert {"organization_id", "caller", "started_at", "finished_at", "accounts"} <= set(data)
    account = report.accounts[0]
    assert account.before is not None and account.after is not None
    assert rootctl.EnforcementReport.from_json(report.to_json()).summary == report.summary
    markdown = report.to_markdown()
    assert markdown.startswith("# Root credential enforcement report")
    assert report.organization_id in markdown
    assert "EnforcementReport(compliant=True" in repr(report)


def test_enforce_async(rc: rootctl.Rootctl) -> None:
    report = asyncio.run(rc.enforce_async(rootctl.EnforcementPolicy(), dry_run=True))
    assert report.dry_run and report.exit_code in (0, 1)


def fixture_for(account: str) -> dict[str, Any]:
    """The MoveAccount fixture, naming ``account``."""
    event: dict[str, Any] = json.loads((FIXTURES / "move_account.json").read_text())
    event["detail"]["requestParameters"]["accountId"] = account
    return event


def test_handle_event_enforces_the_one_account(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    target, other = holders(org)[:2]
    report = rootctl.handle_event(fixture_for(target), rootctl.EnforcementPolicy(), client=rc)
    assert report is not None
    assert [a.account_id for a in report.accounts] == [target]
    assert report.accounts[0].status == "remediated"
    assert report.trigger is not None and report.trigger["event_name"] == "MoveAccount"
    touched = {c.account_id for c in org.calls(mutating_only=True)}
    assert touched == {target}
    assert org.root_credentials(other) is not None
    other_creds = org.root_credentials(other)
    assert other_creds is not None and other_creds.password is not None
    ignored = fixture_for(target)
    ignored["detail"]["errorCode"] = "AccessDeniedException"
    assert rc.handle_event(json.dumps(ignored), rootctl.EnforcementPolicy()) is None
    with pytest.raises(rootctl.InvalidInputError):
        rc.handle_event({"not": "an event"}, rootctl.EnforcementPolicy())
    again = asyncio.run(rc.handle_event_async(fixture_for(target), rootctl.EnforcementPolicy()))
    assert again is not None and again.accounts[0].status == "compliant"


def load_handler() -> ModuleType:
    """``docs/deploy/lambda_handler.py``, imported from its file."""
    spec = importlib.util.spec_from_file_location(
        "lambda_handler", REPO / "docs" / "deploy" / "lambda_handler.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_recipes_lambda_handler(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    handler = load_handler()
    policy = tmp_path / "policy.toml"
    policy.write_text('kinds = ["password", "access_keys"]\n', encoding="utf-8")
    monkeypatch.setattr(handler, "POLICY_FILE", policy)
    monkeypatch.setattr(handler, "client", lambda: rc)
    target = holders(org)[0]
    result = handler.handler(fixture_for(target))
    assert result == {"compliant": True, "accounts": {target: "remediated"}}
    near_miss = json.loads((FIXTURES / "near-miss" / "iam_user_create_access_key.json").read_text())
    assert handler.handler(near_miss) == {"status": "ignored"}
    # An event rootctl does not act on is an error the function's alarm sees.
    with pytest.raises(rootctl.InvalidInputError, match=r"x from aws\.iam"):
        handler.handler({"source": "aws.iam", "detail-type": "x", "detail": {}})
    scheduled = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}
    result = handler.handler(scheduled)
    assert result["compliant"] and len(result["accounts"]) > 1
    # A check that cannot succeed raises, so the function's Errors metric pages someone.
    org.deny_root_sessions(target)
    with pytest.raises(RuntimeError, match="policy not met"):
        handler.handler(fixture_for(target))


def clean_accounts() -> list[str]:
    """Members of the ``SIM`` organization without any root credential."""
    org = sim_org()
    return [
        m.account_id
        for m in org.members()
        if m.state == "ACTIVE"
        and (creds := org.root_credentials(m.account_id)) is not None
        and creds.is_empty
    ]


def test_console_check_modes_exit_1_0_and_3(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("", encoding="utf-8")
    before = run("enforce", *SIM, "--policy", str(policy), "--check", "-o", "json")
    assert before.returncode == 1, before.stderr
    report = rootctl.EnforcementReport.from_json(before.stdout)
    assert report.dry_run and not report.compliant

    clean = clean_accounts()
    assert clean, "the seed has clean members"
    only_clean = tmp_path / "clean.json"
    only_clean.write_text(json.dumps({"accounts": clean}), encoding="utf-8")
    assert run("enforce", *SIM, "--policy", str(only_clean), "--check").returncode == 0

    broken = tmp_path / "broken.toml"
    broken.write_text("kinds = ['password']\nkind = 1\n", encoding="utf-8")
    failed = run("enforce", *SIM, "--policy", str(broken), "--check")
    assert failed.returncode == 3 and '"kind"' in failed.stderr
    assert run("enforce", *SIM, "--policy", str(broken)).returncode == 2

    assert run("audit", *SIM, "--fail-on-credentials").returncode == 1
    clean_args = [f"--account={a}" for a in clean]
    assert run("audit", *SIM, "--fail-on-credentials", *clean_args).returncode == 0
    assert run("audit", *SIM, "--fail-on-credentials", "--account", "12345").returncode == 3
    assert run("audit", *SIM, "--account", "12345").returncode == 2


def test_console_enforce_asks_then_converges(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('kinds = ["access_keys"]\n', encoding="utf-8")
    refused = run("enforce", *SIM, "--policy", str(policy))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = run("enforce", *SIM, "--policy", str(policy), "--yes", "-o", "markdown")
    assert done.returncode == 0, done.stderr
    assert "**Compliant**" in done.stdout and "| remediated |" in done.stdout
    dry = run("enforce", *SIM, "--policy", str(policy), "--dry-run")
    assert dry.returncode == 0 and "Enforcement dry run" in dry.stdout


def test_documented_check_mode_snippet_removes_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/enforcement.md's Python example calls itself the check mode (a report and
    evidence, nothing changed). Run as written, on a simulated organization
    (``from_env`` and ``from_file`` swapped for it), it makes no mutating call: with
    ``enforce``'s default, ``dry_run=False``, it would remove every forbidden root
    credential of the organization instead."""
    text = ENFORCEMENT_DOC.read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "check mode" in b)
    from_env = 'rootctl.Rootctl.from_env(region="us-east-1")'
    from_file = 'rootctl.EnforcementPolicy.from_file("policy.toml")'
    assert from_env in block and from_file in block, block
    code = block.replace(from_env, "rootctl.Rootctl.simulated(_org)")
    code = code.replace(from_file, "_policy")
    org = rootctl.SimulatedOrg(members=6, seed=3, features_enabled=True)
    policy = rootctl.EnforcementPolicy(kinds=["password", "access_keys"])
    assert holders(org), "the simulated organization holds root credentials"
    org.clear_calls()
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, str(ENFORCEMENT_DOC), "exec"), {"_org": org, "_policy": policy})
    assert mutations(org) == [], f"the documented check mode changed things:\n{block}"
    assert holders(org), "credentials were removed"
    assert (tmp_path / "evidence.md").read_text(encoding="utf-8").strip()
