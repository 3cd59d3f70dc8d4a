"""Unlocking bucket and queue policies from Python, on the simulator: the names of the
issue's contract, sync and async, and the console command."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

import rootctl
from conftest import run

LOCK = (
    '{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny",'
    '"Principal":"*","Action":"*","Resource":"*"}]}'
)
TLS = (
    '{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*",'
    '"Condition":{"Bool":{"aws:SecureTransport":"false"}}}'
)
PARTLY = (
    '{"Version":"2012-10-17","Statement":[' + TLS + ',{"Sid":"LockOut","Effect":"Deny",'
    '"Principal":{"AWS":"*"},"Action":"*","Resource":"*"}]}'
)
ORG_ONLY = (
    '{"Statement":[{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"*",'
    '"Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-x"}}}]}'
)


@pytest.fixture
def staged(org: rootctl.SimulatedOrg) -> dict[str, str]:
    """Locked, partly locked, open and conditional buckets and queues in two regions."""
    a, b = (m.account_id for m in org.members()[:2])
    org.create_bucket(a, "locked-a", policy=LOCK)
    org.create_bucket(a, "partly-a", "eu-west-1", PARTLY)
    org.create_bucket(b, "conditional-b", "eu-west-1", ORG_ONLY)
    org.create_bucket(b, "none-b")
    queue = org.create_queue(b, "locked-q", "eu-west-1", LOCK)
    open_queue = org.create_queue(a, "open-q", policy='{"Statement":[' + TLS + "]}")
    return {"a": a, "b": b, "queue": queue, "open_queue": open_queue}


def find(rc: rootctl.Rootctl) -> rootctl.LockedResourceReport:
    return rc.find_locked_resources(regions=["us-east-1", "eu-west-1"])


def test_find_judges_every_resource(
    rc: rootctl.Rootctl, org: rootctl.SimulatedOrg, staged: dict[str, str]
) -> None:
    report = find(rc)
    got = {r.name: (r.account_id, r.service, r.region, r.locked) for r in report.resources}
    assert got == {
        "locked-a": (staged["a"], "s3", "us-east-1", "locked"),
        "partly-a": (staged["a"], "s3", "eu-west-1", "locked"),
        "conditional-b": (staged["b"], "s3", "eu-west-1", "unknown"),
        "none-b": (staged["b"], "s3", "us-east-1", "open"),
        "locked-q": (staged["b"], "sqs", "eu-west-1", "locked"),
        "open-q": (staged["a"], "sqs", "us-east-1", "open"),
    }
    partly = next(r for r in report.resources if r.name == "partly-a")
    assert '"LockOut" (#1)' in partly.reason
    assert org.calls(mutating_only=True) == []
    again = rootctl.LockedResourceReport.from_json(report.to_json())
    assert again.to_dict() == report.to_dict()


def test_plan_apply_restore_round_trip(
    rc: rootctl.Rootctl, org: rootctl.SimulatedOrg, staged: dict[str, str], tmp_path: Path
) -> None:
    plan = rc.plan_unlock(find(rc), mode="surgical")
    plan = rootctl.UnlockPlan.from_json(plan.to_json())
    assert sorted(i.name for i in plan.items) == ["locked-a", "locked-q", "partly-a"]
    partly = next(i for i in plan.items if i.name == "partly-a")
    assert partly.policy_before == PARTLY
    assert partly.policy_after is not None
    assert json.loads(partly.policy_after)["Statement"] == [json.loads(TLS)]

    dry = rc.apply_unlock(plan, dry_run=True, backup_dir=tmp_path)
    assert {i.outcome for i in dry.items} == {"would_unlock"}
    assert org.calls(mutating_only=True) == []
    assert org.bucket_policy(staged["a"], "locked-a") == LOCK

    report = rc.apply_unlock(plan, backup_dir=tmp_path, journal=tmp_path / "j.jsonl")
    assert report.ok, str(report)
    assert {i.outcome for i in report.items} == {"unlocked"}
    assert org.bucket_policy(staged["a"], "locked-a") is None
    assert org.queue_policy(staged["b"], staged["queue"]) is None
    for item in report.items:
        assert item.backup_path is not None
        assert stat.S_IMODE(os.stat(item.backup_path).st_mode) == 0o600
        restored = rc.restore_unlock(item.backup_path)
        assert restored.ok and restored.outcome == "restored"
    assert org.bucket_policy(staged["a"], "locked-a") == LOCK
    assert org.bucket_policy(staged["a"], "partly-a") == PARTLY
    assert org.queue_policy(staged["b"], staged["queue"]) == LOCK


def test_drift_is_left_alone(
    rc: rootctl.Rootctl, org: rootctl.SimulatedOrg, staged: dict[str, str], tmp_path: Path
) -> None:
    plan = rc.plan_unlock(find(rc))
    changed = LOCK.replace("DenyAll", "Other")
    org.put_bucket_policy(staged["a"], "locked-a", changed)
    org.put_queue_policy(staged["b"], staged["queue"], None)
    report = rc.apply_unlock(plan, backup_dir=tmp_path)
    outcomes = {i.name: i.outcome for i in report.items}
    assert outcomes == {"locked-a": "drift", "partly-a": "unlocked", "locked-q": "already_absent"}
    assert org.bucket_policy(staged["a"], "locked-a") == changed
    assert not report.ok


@pytest.mark.usefixtures("staged")
def test_async_forms_and_typed_errors(
    rc: rootctl.Rootctl, org: rootctl.SimulatedOrg, tmp_path: Path
) -> None:
    async def flow() -> rootctl.UnlockReport:
        found = await rc.find_locked_resources_async(services=["s3"])
        plan = await rc.plan_unlock_async(found)
        return await rc.apply_unlock_async(plan, dry_run=True, backup_dir=tmp_path)

    report = asyncio.run(flow())
    assert sorted(i.name for i in report.items) == ["locked-a", "partly-a"]
    with pytest.raises(rootctl.InvalidInputError):
        rc.find_locked_resources(services=["ec2"])
    with pytest.raises(rootctl.InvalidInputError):
        rc.find_locked_resources(regions=["not a region"])
    with pytest.raises(rootctl.InvalidInputError):
        rc.plan_unlock(find(rc), mode="gentle")
    with pytest.raises(rootctl.InvalidInputError):
        rc.restore_unlock(tmp_path / "missing.json")
    with pytest.raises(rootctl.InvalidInputError):
        org.create_bucket(org.management_account_id, "mgmt-bucket")


def test_find_leaves_out_what_the_selection_excludes(
    rc: rootctl.Rootctl, org: rootctl.SimulatedOrg, staged: dict[str, str]
) -> None:
    """Each exclusion narrows the search exactly as it narrows :meth:`select_accounts`:
    the accounts searched are the selection's targets, and an excluded account's locked
    bucket is neither reported nor planned."""
    a = next(m for m in org.members() if m.account_id == staged["a"])
    tag = next(iter(a.tags.items()))
    exclusions: list[dict[str, Any]] = [
        {"exclude": [a.account_id]},
        {"exclude_ous": [a.parent_id]},
        {"exclude_tags": [f"{tag[0]}={tag[1]}"]},
    ]
    for exclusion in exclusions:
        keyword = next(iter(exclusion))
        selection = rc.select_accounts(**exclusion)
        assert a.account_id not in selection.account_ids, keyword
        for report in (
            rc.find_locked_resources(services=["s3"], **exclusion),
            asyncio.run(rc.find_locked_resources_async(services=["s3"], **exclusion)),
        ):
            assert sorted(s.account_id for s in report.accounts) == sorted(selection.account_ids), (
                keyword
            )
            assert a.account_id not in {r.account_id for r in report.resources}, keyword
            assert rc.plan_unlock(report).items == [], keyword


def test_root_sessions_off_is_refused(example: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(example)
    with pytest.raises(rootctl.FeatureNotEnabledError):
        rc.find_locked_resources()


def test_console_unlock_find_plan_apply_restore(tmp_path: Path) -> None:
    sim = ["--simulated", "--seed", "3", "--members", "4"]
    found = run("unlock", "find", *sim, "-o", "csv", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "demo-locked,locked" in found.stdout.replace('"', "")
    planned = run("unlock", "plan", *sim, "--mode", "surgical", "-o", "plan.json", cwd=tmp_path)
    assert planned.returncode == 0, planned.stderr
    refused = run("unlock", "apply", "plan.json", *sim, cwd=tmp_path)
    assert refused.returncode == 2, "no --yes and no terminal"
    applied = run("unlock", "apply", "plan.json", *sim, "--yes", "-o", "json", cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    items = json.loads(applied.stdout)["items"]
    assert {i["outcome"] for i in items} == {"unlocked"}
    restored = run("unlock", "restore", items[0]["backup_path"], *sim, "--yes", cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout


def test_queues_are_listed_in_each_accounts_enabled_regions(org: rootctl.SimulatedOrg) -> None:
    a, b = (m.account_id for m in org.members()[:2])
    org.enable_region(a, "me-south-1")
    assert "me-south-1" in org.enabled_regions(a)
    assert "me-south-1" not in org.enabled_regions(b)
    with pytest.raises(rootctl.InvalidInputError):
        org.create_queue(b, "nope", "me-south-1", LOCK)
    org.create_queue(a, "south", "me-south-1", LOCK)
    rc = rootctl.Rootctl.simulated(org)

    # Without trusted access for AWS Account Management: the client's region, and why.
    before = rc.find_locked_resources(accounts=[a], services=["sqs"])
    assert before.regions == ["us-east-1"]
    assert "account.amazonaws.com" in before.regions_source
    assert [r.name for r in before.resources] == []
    check = rc.check_prerequisites().check("account_regions")
    assert check is not None and check.status == "warn", check

    org.enable_trusted_access("account.amazonaws.com")
    after = rc.find_locked_resources(accounts=[a], services=["sqs"])
    searched = after.accounts[0]
    assert "me-south-1" in searched.regions
    assert "ListRegions" in searched.regions_source
    assert [(r.name, r.region, r.locked) for r in after.resources] == [
        ("south", "me-south-1", "locked")
    ]
    assert json.loads(searched.to_json())["regions"] == searched.regions
    check = rc.check_prerequisites().check("account_regions")
    assert check is not None and check.status == "pass", check


NEWER = (
    '{"Version":"2012-10-17","Statement":[{"Sid":"TeamWroteThis","Effect":"Allow",'
    '"Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject",'
    '"Resource":"*"}]}'
)


def test_restore_is_a_compare_and_swap(
    rc: rootctl.Rootctl, org: rootctl.SimulatedOrg, staged: dict[str, str], tmp_path: Path
) -> None:
    report = rc.apply_unlock(rc.plan_unlock(find(rc)), backup_dir=tmp_path / "backups")
    assert report.ok, str(report)
    item = next(i for i in report.items if i.name == "locked-a")
    assert item.backup_path is not None
    # The team writes a policy after the unlock: a restore must not overwrite it.
    org.put_bucket_policy(staged["a"], "locked-a", NEWER)
    refused = rc.restore_unlock(item.backup_path)
    assert refused.outcome == "refused" and not refused.ok
    assert isinstance(refused.error, rootctl.PolicyChangedError)
    assert refused.error.kind == "policy_changed"
    assert refused.error.live_policy == NEWER
    assert refused.error.expected_policy is None
    assert refused.error.account_id == staged["a"] and refused.error.service == "s3"
    assert refused.detail is not None and "force" in refused.detail
    assert refused.replaced is None and refused.replaced_backup is None
    assert org.bucket_policy(staged["a"], "locked-a") == NEWER

    # force=True backs the team's policy up first (beside the backup, or where asked).
    forced = rc.restore_unlock(item.backup_path, force=True, backup_dir=tmp_path / "replaced")
    assert forced.ok and forced.outcome == "restored", str(forced)
    assert forced.replaced == NEWER
    assert forced.replaced_backup is not None
    saved = Path(forced.replaced_backup)
    assert saved.parent == tmp_path / "replaced"
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    assert json.loads(saved.read_text())["policy"] == NEWER
    assert org.bucket_policy(staged["a"], "locked-a") == LOCK
    assert str(saved) in str(forced)
    # That backup restores the team's policy in turn; async, with the keyword.
    back = asyncio.run(rc.restore_unlock_async(saved, force=False))
    assert back.ok, str(back)
    assert org.bucket_policy(staged["a"], "locked-a") == NEWER


def test_a_torn_journal_line_is_cut_and_noted(
    rc: rootctl.Rootctl, staged: dict[str, str], tmp_path: Path
) -> None:
    del staged
    plan = rc.plan_unlock(find(rc))
    journal = tmp_path / "unlock.jsonl"
    journal.write_text('{"plan_id":"' + plan.plan_id + '","acc')
    report = rc.apply_unlock(plan, backup_dir=tmp_path / "b", journal=journal)
    assert report.ok, str(report)
    assert any("torn last line" in note for note in report.notes), report.notes
    for line in journal.read_text().splitlines():
        assert json.loads(line)["plan_id"] == plan.plan_id
    journal.write_text("garbage\n")
    with pytest.raises(rootctl.JournalError):
        rc.apply_unlock(plan, backup_dir=tmp_path / "b", journal=journal)


def test_console_restore_needs_force_over_a_changed_policy(tmp_path: Path) -> None:
    sim = ["--simulated", "--seed", "3", "--members", "4"]
    found = run("unlock", "find", *sim, "-o", "json", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    bucket = next(r for r in json.loads(found.stdout)["resources"] if r["name"] == "demo-open")
    # A backup as an older rootctl wrote it: the policy and its hash, no record of what
    # the unlock left. The bucket has another policy now.
    old = {
        "kind": "rootctl-unlock-backup",
        "plan_id": "unlock-old",
        "account_id": bucket["account_id"],
        "service": "s3",
        "region": bucket["region"],
        "name": "demo-open",
        "policy": LOCK,
        "policy_sha256": hashlib.sha256(LOCK.encode()).hexdigest(),
        "taken_at": "2026-01-01T00:00:00Z",
    }
    backup = tmp_path / "old.json"
    backup.write_text(json.dumps(old))
    refused = run("unlock", "restore", str(backup), *sim, "--yes", cwd=tmp_path)
    assert refused.returncode == 2, refused.stdout
    assert "older rootctl" in refused.stderr and "force" in refused.stderr
    forced = run(
        "unlock", "restore", str(backup), *sim, "--force", "--yes", "-o", "csv", cwd=tmp_path
    )
    assert forced.returncode == 0, forced.stderr
    rows = list(csv.DictReader(io.StringIO(forced.stdout)))
    assert len(rows) == 1
    row = rows[0]
    assert row["outcome"] == "restored"
    assert row["replaced"] == "yes"
    assert Path(row["replaced_backup"]).parent == tmp_path
    assert json.loads(Path(row["replaced_backup"]).read_text())["policy"] == bucket["policy"]
    table = run("unlock", "restore", str(backup), *sim, "--force", "--yes", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "backed up in" in table.stdout
