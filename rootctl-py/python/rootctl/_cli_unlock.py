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
import sys
from pathlib import Path
from typing import Callable

import rootctl
from rootctl import _cli_output as files
from rootctl._cli_output import (
    EXIT_FAILED,
    EXIT_OK,
    confirm,
    emit,
    json_text,
    printable,
    progress_for,
)

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


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    target: argparse.ArgumentParser,
    selection: argparse.ArgumentParser,
) -> None:
    """Adds ``unlock`` and its four subcommands."""
    unlock = commands.add_parser("unlock", help="find and unlock bucket and queue policies")
    steps = unlock.add_subparsers(dest="unlock_command", required=True, metavar="STEP")

    def where(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--service", dest="services", action="append", choices=["s3", "sqs"], default=[]
        )
        parser.add_argument(
            "--queue-region",
            dest="queue_regions",
            action="append",
            default=[],
            help="region to list queues in; repeatable (default: each account's enabled "
            "regions from account:ListRegions, or the client's region when they cannot be "
            "listed: the report says which)",
        )

    find = steps.add_parser("find", parents=[target, selection], help="find locked policies")
    where(find)
    find.add_argument("-o", "--output", choices=["table", "json", "csv"], default="table")

    plan = steps.add_parser("plan", parents=[target, selection], help="find, then plan")
    where(plan)
    plan.add_argument("--mode", choices=["delete", "surgical"], default="delete")
    plan.add_argument("-o", "--output", default="-", metavar="FILE", help="plan file (- stdout)")
    plan.add_argument("--force", action="store_true", help="replace FILE if it exists")

    apply = steps.add_parser("apply", parents=[target], help="apply an unlock plan")
    apply.add_argument("plan", type=Path)
    apply.add_argument("--backup-dir", type=Path, help="default ./rootctl-backups")
    apply.add_argument("--journal", type=Path)
    apply.add_argument("--dry-run", action="store_true")
    apply.add_argument("-o", "--output", choices=["table", "json", "csv"], default="table")
    apply.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    restore = steps.add_parser("restore", parents=[target], help="put a backed-up policy back")
    restore.add_argument("backup", type=Path)
    restore.add_argument(
        "--force",
        action="store_true",
        help="restore even over a policy changed since the unlock, or from a backup of an "
        "older rootctl; the live policy is backed up first",
    )
    restore.add_argument(
        "--backup-dir",
        type=Path,
        help="where --force backs up the policy it replaces (default: the backup's folder)",
    )
    restore.add_argument("-o", "--output", choices=["table", "json", "csv"], default="table")
    restore.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def _csv(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


def _find(
    args: argparse.Namespace, rc: rootctl.Rootctl, selection: dict[str, list[str]]
) -> rootctl.LockedResourceReport:
    with progress_for("find") as progress:
        # Every selection option, exclusions included: a dropped --exclude would unlock
        # the very account someone meant to keep out.
        return rc.find_locked_resources(
            **selection,
            services=args.services or None,
            regions=args.queue_regions or None,
            progress=progress,
        )


def run(
    args: argparse.Namespace,
    rc: rootctl.Rootctl,
    org: rootctl.SimulatedOrg | None,
    selection: Callable[[argparse.Namespace], dict[str, list[str]]],
) -> int:
    """Runs ``rootctl unlock STEP``."""
    if org is not None:
        stage_demo(org)
        if not args.__dict__.get("queue_regions") and args.unlock_command in ("find", "plan"):
            args.queue_regions = _REGIONS
    step = args.unlock_command
    if step == "plan" and args.output != "-":
        files.check_output_file(args.output, force=args.force)
    if step in ("find", "plan"):
        found = _find(args, rc, selection(args) if hasattr(args, "accounts") else {})
        if step == "find":
            if args.output == "csv":
                keys = ["account_id", "service", "region", "name", "locked", "reason"]
                rows = [{k: getattr(r, k) for k in keys} for r in found.resources]
                sys.stdout.write(_csv(rows))
            else:
                emit(found, args.output)
            return EXIT_OK if found.ok else EXIT_FAILED
        plan = rc.plan_unlock(found, mode=args.mode)
        if args.output == "-":
            sys.stdout.write(json_text(plan.to_json()) + "\n")
            print(printable(str(plan)), file=sys.stderr)
        else:
            files.write_private(args.output, plan.to_json() + "\n", force=args.force)
            print(printable(str(plan)))
            print(f"Plan written to {args.output}; review it, then: rootctl unlock apply FILE")
        return EXIT_OK if found.ok else EXIT_FAILED
    if step == "apply":
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
        if args.output == "csv":
            keys = ["account_id", "service", "region", "name", "outcome", "backup_path"]
            sys.stdout.write(_csv([{k: getattr(i, k) for k in keys} for i in report.items]))
        else:
            emit(report, args.output)
        return EXIT_OK if report.ok else EXIT_FAILED
    if args.force:
        summary = (
            f"Restore the policy in {args.backup} over whatever is there now "
            "(a policy changed since the unlock is backed up first)"
        )
    else:
        summary = f"Restore the policy in {args.backup} (only over what the unlock left)"
    confirm(args, summary, "Proceed?")
    result = rc.restore_unlock(args.backup, force=args.force, backup_dir=args.backup_dir)
    if args.output == "csv":
        keys = ["account_id", "service", "region", "name", "outcome", "backup_path"]
        row: dict[str, object] = {k: getattr(result, k) for k in keys}
        row["replaced"] = "yes" if result.replaced is not None else "no"
        row["replaced_backup"] = result.replaced_backup or ""
        sys.stdout.write(_csv([row]))
    else:
        emit(result, args.output)
    return EXIT_OK if result.ok else EXIT_FAILED
