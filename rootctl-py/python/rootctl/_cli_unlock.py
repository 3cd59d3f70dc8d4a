"""``rootctl unlock find|plan|apply|restore``: bucket and queue policies that lock everyone
out, found, planned, unlocked with a backup, and restored.

With ``--simulated``, each process stages the same few buckets and queues (locked, partly
locked, open, conditional, in us-east-1 and eu-west-1) in the first two members of its
fresh organization, so a plan written by one command applies in the next.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Sequence

import rootctl
from rootctl._cli_args import check_plan_file, replay_enable, selection, write_plan
from rootctl._cli_output import confirm, exit_status, finish, progress_for

_LOCK = (
    '{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny",'
    '"Principal":"*","Action":"*","Resource":"*"}]}'
)
_TLS = (
    '{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*",'
    '"Condition":{"Bool":{"aws:SecureTransport":"false"}}}'
)
_PARTLY = (
    '{"Version":"2012-10-17","Statement":[' + _TLS + ',{"Sid":"LockOut","Effect":"Deny",'
    '"Principal":{"AWS":"*"},"Action":["s3:*","sqs:*"],"Resource":"*"}]}'
)
_OPEN = '{"Version":"2012-10-17","Statement":[' + _TLS + "]}"
_REGIONS = ["us-east-1", "eu-west-1"]


def stage_demo(org: rootctl.SimulatedOrg) -> None:
    """The simulated buckets and queues every ``unlock --simulated`` command starts from."""
    first, second = (m.account_id for m in org.members()[:2])
    org.create_bucket(first, "demo-locked", "us-east-1", _LOCK)
    org.create_bucket(first, "demo-partly", "eu-west-1", _PARTLY)
    org.create_bucket(second, "demo-open", "us-east-1", _OPEN)
    org.create_queue(second, "demo-locked-q", "eu-west-1", _LOCK)
    org.create_queue(first, "demo-open-q", "us-east-1", _OPEN)


def _csv(records: Sequence[object], keys: Sequence[str]) -> str:
    """``records`` as CSV, a column per attribute in ``keys`` (nothing for no records)."""
    return _csv_rows([{k: getattr(record, k) for k in keys} for record in records])


def _csv_rows(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


_WHERE = ["account_id", "service", "region", "name"]
"""The CSV columns that say which bucket or queue."""
_FOUND = [*_WHERE, "locked", "reason"]
_DONE = [*_WHERE, "outcome", "backup_path"]


def _start(rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None) -> None:
    """What every step does first: with ``--simulated``, the organization's centralized
    root access on and its demo buckets and queues staged (module docs)."""
    replay_enable(rc, org)
    if org is not None:
        stage_demo(org)


def _find(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> rootctl.LockedResourceReport:
    # Simulated queues are staged in two regions only: search those.
    regions = args.queue_regions or (_REGIONS if org is not None else None)
    with progress_for("find") as progress:
        # Every selection option, exclusions included: a dropped --exclude would unlock
        # the very account someone meant to keep out.
        return rc.find_locked_resources(
            **selection(args),
            services=args.services or None,
            regions=regions,
            progress=progress,
        )


def cmd_find(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    """``rootctl unlock find``."""
    _start(rc, org)
    found = _find(args, rc, org)
    return finish(found, args.output, lambda found: _csv(found.resources, _FOUND))


def cmd_plan(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    """``rootctl unlock plan``."""
    _start(rc, org)
    check_plan_file(args)
    found = _find(args, rc, org)
    plan = rc.plan_unlock(found, mode=args.mode)
    write_plan(args, plan, "rootctl unlock apply FILE")
    return exit_status(found.ok)


def cmd_apply(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    """``rootctl unlock apply``."""
    _start(rc, org)
    plan = rootctl.UnlockPlan.from_json(args.plan.read_text(encoding="utf-8"))
    if not args.dry_run:
        confirm(args, str(plan), f"Unlock {len(plan.items)} policy(ies)?")
    with progress_for("unlock") as progress:
        report = rc.apply_unlock(
            plan,
            dry_run=args.dry_run,
            backup_dir=args.backup_dir,
            journal=args.journal,
            progress=progress,
        )
    return finish(report, args.output, lambda report: _csv(report.items, _DONE))


def cmd_restore(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    """``rootctl unlock restore``."""
    _start(rc, org)
    if args.force:
        summary = (
            f"Restore the policy in {args.backup} over whatever is there now "
            "(a policy changed since the unlock is backed up first)"
        )
    else:
        summary = f"Restore the policy in {args.backup} (only over what the unlock left)"
    confirm(args, summary, "Proceed?")
    result = rc.restore_unlock(args.backup, force=args.force, backup_dir=args.backup_dir)
    return finish(result, args.output, _restored_csv)


def _restored_csv(result: rootctl.RestoreResult) -> str:
    row: dict[str, object] = {k: getattr(result, k) for k in _DONE}
    row["replaced"] = "yes" if result.replaced is not None else "no"
    row["replaced_backup"] = result.replaced_backup or ""
    return _csv_rows([row])
