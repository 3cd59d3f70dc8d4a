"""Remove root credentials safely: audit, plan, dry run, confirm, apply with a journal,
and verify.

    python examples/python/remove.py --yes                   # on the simulator
    python examples/python/remove.py --aws --region us-east-1
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import rootctl
from _target import client


def main() -> int:
    rc, _, args = client(__doc__ or "")
    audit = rc.audit()
    plan = rc.plan_removal(audit)
    workdir = Path(tempfile.gettempdir())
    plan_file = workdir / f"{plan.plan_id}.json"
    plan_file.write_text(plan.to_json())
    print(plan)
    print(f"(plan saved to {plan_file})\n")

    # A plan is plain JSON: it can be reviewed, stored, and loaded back later.
    plan = rootctl.RemovalPlan.from_json(plan_file.read_text())
    print(rc.apply_removal(plan, dry_run=True), "\n")

    if not args.yes:
        if not sys.stdin.isatty():
            print("stdin is not a terminal: pass --yes to remove without asking", file=sys.stderr)
            return 2
        answer = input(f"Remove these {plan.item_count} credentials? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("not confirmed; nothing removed")
            return 2

    journal = workdir / f"{plan.plan_id}.journal.jsonl"
    report = rc.apply_removal(plan, journal=journal)
    print(report)
    print(f"(journal at {journal}: run again with the same plan to resume)")
    failed = [item for item in report.items if item.outcome == "failed"]
    for item in failed:
        print(f"{item.account_id} {item.kind} {item.id}: {item.error}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
