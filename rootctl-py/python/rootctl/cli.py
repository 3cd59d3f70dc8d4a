"""The ``rootctl`` console command, built on the Python API.

Exit status: 0 when everything succeeded; 1 when the operation ran but an account, a
step or a check failed; 2 for usage errors, invalid input and refusals (a destructive
command without ``--yes`` and no terminal to ask on); 3 when rootctl could not run the
operation at all (access denied, no organization, ...); 130 when interrupted. The check
modes, ``enforce --check`` and ``audit --fail-on-credentials``, exit 0 compliant, 1 when
an account holds a credential that is not allowed, 3 when they could not run (a bad
policy file included).

``--simulated`` runs against an in-process :class:`rootctl.SimulatedOrg` instead of AWS.
Each process builds its organization afresh from ``--seed`` and ``--members`` (the same
flags always build the same organization, ids and credentials included; without them,
``SimulatedOrg.example()``), so state does not carry over between commands. Commands
that need centralized root access enabled (audit, plan-removal, apply, recover, disable,
unlock)
therefore replay ``enable`` in the fresh organization first, and say so on stderr. A plan
written by ``plan-removal --simulated`` applies with ``apply --simulated`` given the same
``--seed``/``--members``; the removal then happens in that process's organization.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable, Union

import rootctl
from rootctl import CREDENTIAL_KINDS, ROOT_TASKS, _cli_enforce, _cli_report, _cli_unlock
from rootctl._cli_args import (
    DRY_RUN,
    PLAN_FILE,
    SELECTION,
    TARGET,
    YES,
    check_plan_file,
    client,
    formats,
    replay_enable,
    selection,
    write_plan,
)
from rootctl._cli_output import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    FINDING_FORMATS,
    UsageError,
    audit_csv,
    confirm,
    emit,
    emit_findings,
    exit_status,
    finish,
    printable,
    progress_for,
)
from rootctl._cli_table import Command, arg, handler
from rootctl._cli_table import build_parser as _build_parser

_client = client
"""Builds the client ``main`` runs a command with (tests put a prepared one in its place)."""


def cmd_check(args: argparse.Namespace, rc: rootctl.Rootctl, _: rootctl.SimulatedOrg | None) -> int:
    chosen = selection(args)
    narrowed = any(chosen.values()) or bool(args.tasks)
    if not args.scps:
        if narrowed:
            raise UsageError("the selection options and --task narrow --scps: add --scps")
        report = rc.check_prerequisites(probe=args.probe, probe_account=args.probe_account)
        return finish(report, args.output)
    # Org-wide, the prerequisite check's own `scps` check runs the prediction; narrowed,
    # that check is skipped and the prediction runs on the selection and tasks asked for.
    report = rc.check_prerequisites(
        probe=args.probe, probe_account=args.probe_account, scps=not narrowed
    )
    scps = rc.check_scps(**chosen, tasks=args.tasks or None) if narrowed else report.scps
    if args.output == "json":
        both = {"prerequisites": report.to_dict(), "scps": scps.to_dict() if scps else None}
        sys.stdout.write(json.dumps(both, indent=2) + "\n")
    else:
        emit(report, args.output)
        if scps is not None:
            sys.stdout.write("\n")
            emit(scps, args.output)
    return exit_status(report.ok and (scps is None or scps.ok))


_Change = Union[rootctl.EnablePlan, rootctl.DisablePlan]
_Done = Union[rootctl.EnableReport, rootctl.DisableReport]


def _change(args: argparse.Namespace, plan: _Change, make: Callable[[], _Done]) -> int:
    """``enable``/``disable``: show the plan (all with ``--dry-run`` or nothing to do),
    or confirm it and ``make`` the change."""
    if args.dry_run or plan.is_noop:
        emit(plan, args.output)
        return EXIT_OK
    confirm(args, str(plan), f"Make these {len(plan.steps)} change(s)?")
    report = make()
    return finish(report, args.output)


def _keywords(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The options ``names`` as the keywords of the call they are named after."""
    return {name: getattr(args, name) for name in names}


def cmd_enable(
    args: argparse.Namespace, rc: rootctl.Rootctl, _: rootctl.SimulatedOrg | None
) -> int:
    options = _keywords(args, "root_sessions", "delegated_admin", "manage_trusted_access")
    return _change(args, rc.plan_enable(**options), lambda: rc.enable(**options))


def cmd_disable(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    replay_enable(rc, org)
    options = _keywords(
        args, "root_sessions_only", "deregister_delegated_admin", "disable_trusted_access"
    )
    return _change(args, rc.plan_disable(**options), lambda: rc.disable(**options))


def cmd_audit(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    replay_enable(rc, org)
    with progress_for("audit") as progress:
        report = rc.audit(**selection(args), progress=progress)
    if not emit_findings(report, args.output, args.region):
        emit(report, args.output, audit_csv)
    if args.fail_on_credentials:
        return _cli_enforce.audit_exit(report)
    return exit_status(report.ok)


def cmd_plan_removal(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    # Checked before the audit: a typo must not cost an organization-wide audit first.
    kinds = rootctl.credential_kinds([k.strip() for k in args.kinds.split(",") if k.strip()])
    check_plan_file(args)
    replay_enable(rc, org)
    with progress_for("audit") as progress:
        audit = rc.audit(**selection(args), progress=progress)
    plan = rc.plan_removal(audit, kinds=kinds)
    write_plan(args, plan, f"rootctl apply {args.output}")
    return exit_status(audit.ok)


def cmd_apply(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    plan = rootctl.RemovalPlan.from_json(args.plan.read_text(encoding="utf-8"))
    if org is not None:
        _check_simulated_plan(plan, org)
    if not args.dry_run:
        question = (
            f"Remove {plan.item_count} root credential(s) in {len(plan.accounts)} account(s)?"
        )
        confirm(args, str(plan), question)
    replay_enable(rc, org)
    with progress_for("apply", total=len(plan.accounts)) as progress:
        report = rc.apply_removal(
            plan, dry_run=args.dry_run, journal=args.journal, progress=progress, verify=args.verify
        )
    return finish(report, args.output)


def _check_simulated_plan(plan: rootctl.RemovalPlan, org: rootctl.SimulatedOrg) -> None:
    members = {member.account_id for member in org.members()}
    missing = [a.account_id for a in plan.accounts if a.account_id not in members]
    if plan.organization_id != org.organization_id or missing:
        raise UsageError(
            f"the plan is for organization {plan.organization_id}, but these --simulated flags "
            f"build {org.organization_id} with {len(members)} members: pass the --seed and "
            "--members that plan-removal was given"
        )


def cmd_recover(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    accounts = ", ".join(args.accounts)
    confirm(args, f"Allow password recovery for: {accounts}", "Proceed?")
    replay_enable(rc, org)
    with progress_for("recover", total=len(args.accounts)) as progress:
        report = rc.allow_password_recovery(args.accounts, progress=progress)
    return finish(report, args.output)


_WHERE = (
    arg("--service", dest="services", action="append", choices=["s3", "sqs"], default=[]),
    arg(
        "--queue-region",
        dest="queue_regions",
        action="append",
        default=[],
        help="region to list queues in; repeatable (default: each account's enabled "
        "regions from account:ListRegions, or the client's region when they cannot be "
        "listed: the report says which)",
    ),
)
"""Which services and queue regions ``unlock find`` and ``unlock plan`` search."""

COMMANDS = (
    Command(
        "check",
        "check the prerequisites (and, with --scps, the SCPs of member accounts)",
        cmd_check,
        description="Check the prerequisites. With --scps, also predict which member "
        "accounts' service (and resource) control policies block root sessions, per task, "
        "and print each finding's fix; the selection options and --task narrow that "
        "prediction (default: every ACTIVE member, all five tasks). Exit 1 when a check "
        "fails or a task is blocked.",
        groups=(TARGET, SELECTION),
        args=(
            arg("--probe", action="store_true", help="try one audit-only AssumeRoot"),
            arg("--probe-account", help="the account to probe"),
            arg(
                "--scps",
                action="store_true",
                help="predict which accounts' SCPs/RCPs block root sessions, with fixes",
            ),
            arg(
                "--task",
                dest="tasks",
                action="append",
                default=[],
                choices=list(ROOT_TASKS),
                help="a task to judge with --scps; repeatable (default: all five)",
            ),
            formats("table", "json"),
        ),
        example=("--simulated", "--scps", "--task", "audit"),
    ),
    Command(
        "enable",
        "turn root access management on",
        cmd_enable,
        groups=(TARGET,),
        args=(
            arg("--root-sessions", action="store_true", help="also enable RootSessions"),
            arg("--delegated-admin", metavar="ID", help="register a delegated admin"),
            arg(
                "--no-manage-trusted-access",
                dest="manage_trusted_access",
                action="store_false",
                help="never enable trusted access (another tool owns it)",
            ),
            DRY_RUN,
            formats("table", "json"),
            YES,
        ),
        example=("--simulated", "--root-sessions", "--dry-run"),
    ),
    Command(
        "disable",
        "turn it off",
        cmd_disable,
        groups=(TARGET,),
        args=(
            arg("--root-sessions-only", action="store_true"),
            arg("--deregister-delegated-admin", action="store_true"),
            arg("--disable-trusted-access", action="store_true"),
            DRY_RUN,
            formats("table", "json"),
            YES,
        ),
        example=("--simulated", "--dry-run"),
    ),
    Command(
        "audit",
        "audit member root credentials",
        cmd_audit,
        groups=(TARGET, SELECTION),
        args=(
            formats("table", "json", "csv", *FINDING_FORMATS),
            arg(
                "--fail-on-credentials",
                action="store_true",
                help="exit 1 when an account holds a root credential, 3 when one could not "
                "be audited",
            ),
        ),
        example=("--simulated", "-o", "csv"),
    ),
    Command(
        "report",
        "write the evidence page: one self-contained HTML file",
        _cli_report.cmd_report,
        groups=(TARGET, SELECTION),
        args=_cli_report.ARGS,
        description="Audits the selected accounts (or reads a saved audit) and writes one "
        "HTML page: the organization as a tree of OUs and accounts coloured by status, "
        "totals by credential kind and OU, the control mapping, exceptions, SCP blocks "
        "with their fix, unlocked policies and the run's metadata. Nothing is fetched when "
        "the page is viewed.",
        example=("--simulated", "-o", "-"),
    ),
    Command(
        "plan-removal",
        "audit, then plan removals",
        cmd_plan_removal,
        groups=(TARGET, SELECTION),
        args=(
            arg(
                "--kinds",
                default=",".join(CREDENTIAL_KINDS),
                help="comma-separated kinds to remove (default: all four)",
            ),
            *PLAN_FILE,
        ),
        example=("--simulated", "--kinds", "access_keys", "-o", "plan.json"),
    ),
    Command(
        "apply",
        "apply a removal plan",
        cmd_apply,
        groups=(TARGET,),
        args=(
            arg("plan", type=Path, help="the plan file from plan-removal"),
            arg("--journal", type=Path, help="journal file (resumable)"),
            arg("--dry-run", action="store_true", help="change nothing"),
            arg("--no-verify", dest="verify", action="store_false"),
            formats("table", "json"),
            YES,
        ),
        example=("plan.json", "--simulated", "--dry-run"),
    ),
    Command(
        "recover",
        "allow password recovery",
        cmd_recover,
        groups=(TARGET,),
        args=(arg("accounts", nargs="+", metavar="ACCOUNT"), formats("table", "json"), YES),
        example=("111122223333", "--simulated", "--yes"),
    ),
    Command(
        "enforce",
        "enforce a root-credential policy (audit, remove, verify)",
        _cli_enforce.cmd_enforce,
        description="Audit, remove what the policy forbids, verify: one idempotent run. "
        "Exit status with --check: 0 compliant, 1 non-compliant, 3 could not run.",
        groups=(TARGET,),
        args=(
            arg("--policy", required=True, metavar="FILE", help="policy (TOML or JSON)"),
            arg("--check", action="store_true", help="change nothing; exit 1 when non-compliant"),
            arg("--dry-run", action="store_true", help="show what would change"),
            formats("table", "json", "markdown", *FINDING_FORMATS),
            YES,
        ),
        example=("--simulated", "--policy", "policy.toml", "--check"),
    ),
    Command(
        "unlock",
        "find and unlock bucket and queue policies",
        steps_dest="unlock_command",
        steps=(
            Command(
                "find",
                "find locked policies",
                _cli_unlock.cmd_find,
                groups=(TARGET, SELECTION),
                args=(*_WHERE, formats("table", "json", "csv")),
                example=("--simulated", "--service", "s3"),
            ),
            Command(
                "plan",
                "find, then plan",
                _cli_unlock.cmd_plan,
                groups=(TARGET, SELECTION),
                args=(
                    *_WHERE,
                    arg("--mode", choices=["delete", "surgical"], default="delete"),
                    *PLAN_FILE,
                ),
                example=("--simulated", "--mode", "surgical", "-o", "unlock.json"),
            ),
            Command(
                "apply",
                "apply an unlock plan",
                _cli_unlock.cmd_apply,
                groups=(TARGET,),
                args=(
                    arg("plan", type=Path),
                    arg("--backup-dir", type=Path, help="default ./rootctl-backups"),
                    arg("--journal", type=Path),
                    arg("--dry-run", action="store_true"),
                    formats("table", "json", "csv"),
                    YES,
                ),
                example=("unlock.json", "--simulated", "--dry-run"),
            ),
            Command(
                "restore",
                "put a backed-up policy back",
                _cli_unlock.cmd_restore,
                groups=(TARGET,),
                args=(
                    arg("backup", type=Path),
                    arg(
                        "--force",
                        action="store_true",
                        help="restore even over a policy changed since the unlock, or from a "
                        "backup of an older rootctl; the live policy is backed up first",
                    ),
                    arg(
                        "--backup-dir",
                        type=Path,
                        help="where --force backs up the policy it replaces (default: the "
                        "backup's folder)",
                    ),
                    formats("table", "json", "csv"),
                    YES,
                ),
                example=("backup.json", "--simulated", "--yes"),
            ),
        ),
    ),
)
"""Every subcommand of ``rootctl``, once: the parser, the dispatch and the help are
built from this table."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``rootctl`` command."""
    return _build_parser(
        COMMANDS,
        [arg("--version", action="version", version=f"rootctl {rootctl.__version__}")],
        prog="rootctl",
        description="Centralized root access management for AWS Organizations.",
        epilog="Exit status: 0 ok, 1 something failed, 2 usage or refused, 3 could not run.",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        rc, org = _client(args)
        return handler(args)(args, rc, org)
    # Messages quote what they refuse (a plan id, a name from a file): escaped.
    except UsageError as refused:
        print(printable(f"rootctl: {refused}"), file=sys.stderr)
        return EXIT_UNAVAILABLE if _cli_enforce.is_check(args) else EXIT_USAGE
    except (rootctl.InvalidInputError, OSError) as err:
        print(printable(f"rootctl: error: {err}"), file=sys.stderr)
        return EXIT_UNAVAILABLE if _cli_enforce.is_check(args) else EXIT_USAGE
    except rootctl.RootctlError as err:
        print(printable(f"rootctl: error: {err}"), file=sys.stderr)
        return EXIT_UNAVAILABLE
    except KeyboardInterrupt:
        print("rootctl: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
