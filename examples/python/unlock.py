"""Unlock bucket and queue policies that deny everyone: find, plan (keeping each policy's
text), dry run, confirm, apply with backups, and restore one backup to show the way back.

    python examples/python/unlock.py --yes                   # on the simulator
    python examples/python/unlock.py --aws --region us-east-1
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _target import client

LOCK = (
    '{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny",'
    '"Principal":"*","Action":"*","Resource":"*"}]}'
)
REGIONS = ["us-east-1", "eu-west-1"]  # a root session cannot list regions: name them


def main() -> int:
    rc, org, args = client(__doc__ or "")
    if org is not None:
        rc.enable(root_sessions=True)  # the unlock task policies need RootSessions
        first, second = (m.account_id for m in org.members()[:2])
        org.create_bucket(first, "py-example-locked", "eu-west-1", LOCK)
        org.create_queue(second, "py-example-jobs", "us-east-1", LOCK)

    found = rc.find_locked_resources(regions=REGIONS)
    print(found, "\n")
    plan = rc.plan_unlock(found, mode="surgical")
    workdir = Path(tempfile.mkdtemp(prefix="rootctl-unlock-"))
    (workdir / f"{plan.plan_id}.json").write_text(plan.to_json())
    print(plan, "\n")
    if not plan.items:
        return 0
    print(rc.apply_unlock(plan, dry_run=True), "\n")

    if not args.yes:
        if not sys.stdin.isatty():
            print("stdin is not a terminal: pass --yes to unlock without asking", file=sys.stderr)
            return 2
        if input(f"Unlock {len(plan.items)} policies? [y/N] ").strip().lower() not in ("y", "yes"):
            print("not confirmed; nothing changed")
            return 2

    report = rc.apply_unlock(plan, backup_dir=workdir / "backups", journal=workdir / "j.jsonl")
    print(report)
    for item in report.items:
        print(f"  {item.service} {item.name}: {item.outcome}, backup {item.backup_path}")
    if org is not None and report.items and report.items[0].backup_path:
        print(rc.restore_unlock(report.items[0].backup_path))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
