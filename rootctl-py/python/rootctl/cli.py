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
from typing import Callable

import rootctl
from rootctl import _cli_unlock
from rootctl._cli_enforce import add_enforce_parser, audit_exit, cmd_enforce, is_check
from rootctl._cli_output import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    UsageError,
    audit_csv,
    check_output_file,
    confirm,
    emit,
    json_text,
    printable,
    progress_for,
    write_private,
)

SCP_TASKS = ("audit", "delete", "recover", "unlock_s3", "unlock_sqs")
"""The tasks ``check --scps --task`` judges (``Rootctl.check_scps``'s ``tasks``)."""

Command = Callable[[argparse.Namespace, rootctl.Rootctl, "rootctl.SimulatedOrg | None"], int]


def _positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (a usage error otherwise)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def _positive_float(text: str) -> float:
    """An argparse type: a number above zero (a usage error otherwise)."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {text!r}")
    return value


def _target_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("target (AWS by default)")
    group.add_argument("--simulated", action="store_true", help="use an in-process SimulatedOrg")
    group.add_argument("--seed", type=int, help="simulated organization seed (with --simulated)")
    group.add_argument("--members", type=int, help="simulated member accounts (with --simulated)")
    group.add_argument("--region", help="AWS region (default: from the environment)")
    group.add_argument("--profile", help="AWS shared-config profile")
    group.add_argument("--endpoint-url", help="send every AWS call here (an emulator)")
    group.add_argument(
        "--concurrency",
        type=_positive_int,
        help="accounts at once, fixed (default: adaptive, found by rootctl)",
    )
    group.add_argument(
        "--max-concurrency",
        type=_positive_int,
        default=128,
        help="cap of the adaptive concurrency (128)",
    )
    group.add_argument(
        "--assume-root-rate",
        type=_positive_float,
        help="fixed sts:AssumeRoot pace, calls/s (default: adaptive to AWS's throttling)",
    )
    return parent


def _selection_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("selection (default: every ACTIVE member account)")
    for flag, dest, what in [
        ("--account", "accounts", "account id to include"),
        ("--ou", "ous", "OU or root id whose accounts to include"),
        ("--tag", "tags", "KEY=VALUE or KEY every target must have"),
        ("--exclude", "exclude", "account id to leave out"),
        ("--exclude-ou", "exclude_ous", "OU id whose accounts to leave out"),
        ("--exclude-tag", "exclude_tags", "KEY=VALUE or KEY that leaves an account out"),
    ]:
        group.add_argument(flag, dest=dest, action="append", default=[], help=f"{what}; repeatable")
    return parent


def _yes_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``rootctl`` command."""
    parser = argparse.ArgumentParser(
        prog="rootctl",
        description="Centralized root access management for AWS Organizations.",
        epilog="Exit status: 0 ok, 1 something failed, 2 usage or refused, 3 could not run.",
    )
    parser.add_argument("--version", action="version", version=f"rootctl {rootctl.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    target, selection = _target_options(), _selection_options()

    check = commands.add_parser(
        "check",
        parents=[target, selection],
        help="check the prerequisites (and, with --scps, the SCPs of member accounts)",
        description="Check the prerequisites. With --scps, also predict which member "
        "accounts' service (and resource) control policies block root sessions, per task, "
        "and print each finding's fix; the selection options and --task narrow that "
        "prediction (default: every ACTIVE member, all five tasks). Exit 1 when a check "
        "fails or a task is blocked.",
    )
    check.add_argument("--probe", action="store_true", help="try one audit-only AssumeRoot")
    check.add_argument("--probe-account", help="the account to probe")
    check.add_argument(
        "--scps",
        action="store_true",
        help="predict which accounts' SCPs/RCPs block root sessions, with fixes",
    )
    check.add_argument(
        "--task",
        dest="tasks",
        action="append",
        default=[],
        choices=list(SCP_TASKS),
        help="a task to judge with --scps; repeatable (default: all five)",
    )
    check.add_argument("-o", "--output", choices=["table", "json"], default="table")

    enable = commands.add_parser("enable", parents=[target], help="turn root access management on")
    enable.add_argument("--root-sessions", action="store_true", help="also enable RootSessions")
    enable.add_argument("--delegated-admin", metavar="ID", help="register a delegated admin")
    enable.add_argument(
        "--no-manage-trusted-access",
        dest="manage_trusted_access",
        action="store_false",
        help="never enable trusted access (another tool owns it)",
    )
    enable.add_argument("--dry-run", action="store_true", help="only show the plan")
    enable.add_argument("-o", "--output", choices=["table", "json"], default="table")
    _yes_option(enable)

    disable = commands.add_parser("disable", parents=[target], help="turn it off")
    disable.add_argument("--root-sessions-only", action="store_true")
    disable.add_argument("--deregister-delegated-admin", action="store_true")
    disable.add_argument("--disable-trusted-access", action="store_true")
    disable.add_argument("--dry-run", action="store_true", help="only show the plan")
    disable.add_argument("-o", "--output", choices=["table", "json"], default="table")
    _yes_option(disable)

    audit = commands.add_parser(
        "audit", parents=[target, selection], help="audit member root credentials"
    )
    audit.add_argument("-o", "--output", choices=["table", "json", "csv"], default="table")
    audit.add_argument(
        "--fail-on-credentials",
        action="store_true",
        help="exit 1 when an account holds a root credential, 3 when one could not be audited",
    )

    plan = commands.add_parser(
        "plan-removal", parents=[target, selection], help="audit, then plan removals"
    )
    plan.add_argument(
        "--kinds",
        default="password,access_keys,signing_certificates,mfa_devices",
        help="comma-separated kinds to remove (default: all four)",
    )
    plan.add_argument("-o", "--output", default="-", metavar="FILE", help="plan file (- stdout)")
    plan.add_argument("--force", action="store_true", help="replace FILE if it exists")

    apply = commands.add_parser("apply", parents=[target], help="apply a removal plan")
    apply.add_argument("plan", type=Path, help="the plan file from plan-removal")
    apply.add_argument("--journal", type=Path, help="journal file (resumable)")
    apply.add_argument("--dry-run", action="store_true", help="change nothing")
    apply.add_argument("--no-verify", dest="verify", action="store_false")
    apply.add_argument("-o", "--output", choices=["table", "json"], default="table")
    _yes_option(apply)

    recover = commands.add_parser("recover", parents=[target], help="allow password recovery")
    recover.add_argument("accounts", nargs="+", metavar="ACCOUNT")
    recover.add_argument("-o", "--output", choices=["table", "json"], default="table")
    _yes_option(recover)
    add_enforce_parser(commands, target)
    _cli_unlock.add_parser(commands, target, selection)
    return parser


def _client(args: argparse.Namespace) -> tuple[rootctl.Rootctl, rootctl.SimulatedOrg | None]:
    options = {
        "concurrency": args.concurrency,
        "max_concurrency": args.max_concurrency,
        "assume_root_rate": args.assume_root_rate,
    }
    if not args.simulated:
        if args.seed is not None or args.members is not None:
            raise UsageError("--seed and --members need --simulated")
        rc = rootctl.Rootctl.from_env(
            args.region, profile=args.profile, endpoint_url=args.endpoint_url, **options
        )
        return rc, None
    if args.seed is None and args.members is None:
        org = rootctl.SimulatedOrg.example()
    else:
        org = rootctl.SimulatedOrg(
            seed=args.seed if args.seed is not None else 0,
            members=args.members if args.members is not None else 12,
        )
    return rootctl.Rootctl.simulated(org, **options), org


def _replay_enable(rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None) -> None:
    """Enables centralized root access in a fresh simulated organization (module docs)."""
    if org is None:
        return
    features = org.features()
    if features.root_credentials_management and features.root_sessions:
        return
    report = rc.enable(root_sessions=True)
    if not report.ok:
        raise UsageError(f"could not enable centralized root access in the simulation:\n{report}")
    print(
        f"rootctl: simulated organization {org.organization_id} is rebuilt from its seed in "
        "every run; centralized root access was enabled in it first",
        file=sys.stderr,
    )


def _selection(args: argparse.Namespace) -> dict[str, list[str]]:
    def split(values: list[str]) -> list[str]:
        return [part for value in values for part in value.split(",") if part]

    names = ["accounts", "ous", "tags", "exclude", "exclude_ous", "exclude_tags"]
    return {name: split(getattr(args, name)) for name in names}


def cmd_check(args: argparse.Namespace, rc: rootctl.Rootctl, _: rootctl.SimulatedOrg | None) -> int:
    selection = _selection(args)
    narrowed = any(selection.values()) or bool(args.tasks)
    if not args.scps:
        if narrowed:
            raise UsageError("the selection options and --task narrow --scps: add --scps")
        report = rc.check_prerequisites(probe=args.probe, probe_account=args.probe_account)
        emit(report, args.output)
        return EXIT_OK if report.ok else EXIT_FAILED
    # Org-wide, the prerequisite check's own `scps` check runs the prediction; narrowed,
    # that check is skipped and the prediction runs on the selection and tasks asked for.
    report = rc.check_prerequisites(
        probe=args.probe, probe_account=args.probe_account, scps=not narrowed
    )
    scps = rc.check_scps(**selection, tasks=args.tasks or None) if narrowed else report.scps
    if args.output == "json":
        both = {"prerequisites": report.to_dict(), "scps": scps.to_dict() if scps else None}
        sys.stdout.write(json.dumps(both, indent=2) + "\n")
    else:
        emit(report, args.output)
        if scps is not None:
            sys.stdout.write("\n")
            emit(scps, args.output)
    return EXIT_OK if report.ok and (scps is None or scps.ok) else EXIT_FAILED


def cmd_enable(
    args: argparse.Namespace, rc: rootctl.Rootctl, _: rootctl.SimulatedOrg | None
) -> int:
    options = {
        "root_sessions": args.root_sessions,
        "delegated_admin": args.delegated_admin,
        "manage_trusted_access": args.manage_trusted_access,
    }
    plan = rc.plan_enable(**options)
    if args.dry_run or plan.is_noop:
        emit(plan, args.output)
        return EXIT_OK
    confirm(args, str(plan), f"Make these {len(plan.steps)} change(s)?")
    report = rc.enable(**options)
    emit(report, args.output)
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_disable(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    _replay_enable(rc, org)
    options = {
        "root_sessions_only": args.root_sessions_only,
        "deregister_delegated_admin": args.deregister_delegated_admin,
        "disable_trusted_access": args.disable_trusted_access,
    }
    plan = rc.plan_disable(**options)
    if args.dry_run or plan.is_noop:
        emit(plan, args.output)
        return EXIT_OK
    confirm(args, str(plan), f"Make these {len(plan.steps)} change(s)?")
    report = rc.disable(**options)
    emit(report, args.output)
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_audit(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    _replay_enable(rc, org)
    with progress_for("audit") as progress:
        report = rc.audit(**_selection(args), progress=progress)
    if args.output == "csv":
        sys.stdout.write(audit_csv(report))
    else:
        emit(report, args.output)
    if args.fail_on_credentials:
        return audit_exit(report)
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_enforce_command(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    _replay_enable(rc, org)
    return cmd_enforce(args, rc)


def cmd_plan_removal(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    # Checked before the audit: a typo must not cost an organization-wide audit first.
    kinds = rootctl.credential_kinds([k.strip() for k in args.kinds.split(",") if k.strip()])
    if args.output != "-":
        check_output_file(args.output, force=args.force)
    _replay_enable(rc, org)
    with progress_for("audit") as progress:
        audit = rc.audit(**_selection(args), progress=progress)
    plan = rc.plan_removal(audit, kinds=kinds)
    if args.output == "-":
        sys.stdout.write(json_text(plan.to_json()) + "\n")
        print(printable(str(plan)), file=sys.stderr)
    else:
        write_private(args.output, plan.to_json() + "\n", force=args.force)
        print(printable(str(plan)))
        print(f"Plan written to {args.output}; review it, then: rootctl apply {args.output}")
    return EXIT_OK if audit.ok else EXIT_FAILED


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
    _replay_enable(rc, org)
    with progress_for("apply", total=len(plan.accounts)) as progress:
        report = rc.apply_removal(
            plan, dry_run=args.dry_run, journal=args.journal, progress=progress, verify=args.verify
        )
    emit(report, args.output)
    return EXIT_OK if report.ok else EXIT_FAILED


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
    _replay_enable(rc, org)
    with progress_for("recover", total=len(args.accounts)) as progress:
        report = rc.allow_password_recovery(args.accounts, progress=progress)
    emit(report, args.output)
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_unlock(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    _replay_enable(rc, org)
    return _cli_unlock.run(args, rc, org, _selection)


COMMANDS: dict[str, Command] = {
    "check": cmd_check,
    "enable": cmd_enable,
    "disable": cmd_disable,
    "audit": cmd_audit,
    "plan-removal": cmd_plan_removal,
    "apply": cmd_apply,
    "recover": cmd_recover,
    "enforce": cmd_enforce_command,
    "unlock": cmd_unlock,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        rc, org = _client(args)
        return COMMANDS[args.command](args, rc, org)
    # Messages quote what they refuse (a plan id, a name from a file): escaped.
    except UsageError as refused:
        print(printable(f"rootctl: {refused}"), file=sys.stderr)
        return EXIT_UNAVAILABLE if is_check(args) else EXIT_USAGE
    except (rootctl.InvalidInputError, OSError) as err:
        print(printable(f"rootctl: error: {err}"), file=sys.stderr)
        return EXIT_UNAVAILABLE if is_check(args) else EXIT_USAGE
    except rootctl.RootctlError as err:
        print(printable(f"rootctl: error: {err}"), file=sys.stderr)
        return EXIT_UNAVAILABLE
    except KeyboardInterrupt:
        print("rootctl: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
