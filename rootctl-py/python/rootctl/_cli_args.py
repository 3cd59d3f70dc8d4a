"""The arguments several commands share, declared once: the target options (and the
client they build), the selection options (and the keywords they become), the output
format, the plan file (and how a plan is written), ``--yes``."""

from __future__ import annotations

import argparse
import sys
from typing import Union

import rootctl
from rootctl._cli_output import (
    UsageError,
    check_output_file,
    json_text,
    printable,
    write_private,
)
from rootctl._cli_table import Arg, Group, arg

_Plan = Union[rootctl.RemovalPlan, rootctl.UnlockPlan]


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (a usage error otherwise)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def positive_float(text: str) -> float:
    """An argparse type: a number above zero (a usage error otherwise)."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {text!r}")
    return value


TARGET = Group(
    "target (AWS by default)",
    (
        arg("--simulated", action="store_true", help="use an in-process SimulatedOrg"),
        arg("--seed", type=int, help="simulated organization seed (with --simulated)"),
        arg("--members", type=int, help="simulated member accounts (with --simulated)"),
        arg("--region", help="AWS region (default: from the environment)"),
        arg("--profile", help="AWS shared-config profile"),
        arg("--endpoint-url", help="send every AWS call here (an emulator)"),
        arg(
            "--concurrency",
            type=positive_int,
            help="accounts at once, fixed (default: adaptive, found by rootctl)",
        ),
        arg(
            "--max-concurrency",
            type=positive_int,
            default=128,
            help="cap of the adaptive concurrency (128)",
        ),
        arg(
            "--assume-root-rate",
            type=positive_float,
            help="fixed sts:AssumeRoot pace, calls/s (default: adaptive to AWS's throttling)",
        ),
    ),
)
"""Where the command runs: AWS (region, profile, endpoint) or ``--simulated``, and how
fast."""

_SELECTING = (
    ("--account", "accounts", "account id to include"),
    ("--ou", "ous", "OU or root id whose accounts to include"),
    ("--tag", "tags", "KEY=VALUE or KEY every target must have"),
    ("--exclude", "exclude", "account id to leave out"),
    ("--exclude-ou", "exclude_ous", "OU id whose accounts to leave out"),
    ("--exclude-tag", "exclude_tags", "KEY=VALUE or KEY that leaves an account out"),
)

SELECTION = Group(
    "selection (default: every ACTIVE member account)",
    tuple(
        arg(flag, dest=dest, action="append", default=[], help=f"{what}; repeatable")
        for flag, dest, what in _SELECTING
    ),
)
"""Which member accounts: the selection keywords of the Python API, one flag each."""


def selection(args: argparse.Namespace) -> dict[str, list[str]]:
    """The :data:`SELECTION` options as the Python API's keywords (comma lists split)."""

    def split(values: list[str]) -> list[str]:
        return [part for value in values for part in value.split(",") if part]

    return {dest: split(getattr(args, dest)) for _, dest, _ in _SELECTING}


def formats(*choices: str) -> Arg:
    """``-o/--output`` with these formats, the first the default."""
    return arg("-o", "--output", choices=list(choices), default=choices[0])


PLAN_FILE = (
    arg("-o", "--output", default="-", metavar="FILE", help="plan file (- stdout)"),
    arg("--force", action="store_true", help="replace FILE if it exists"),
)
"""Where a plan command writes its plan: a file, or stdout."""


def check_plan_file(args: argparse.Namespace) -> None:
    """Refuses, before any work, a :data:`PLAN_FILE` the plan could not be written to."""
    if args.output != "-":
        check_output_file(args.output, force=args.force)


def write_plan(args: argparse.Namespace, plan: _Plan, then: str) -> None:
    """Writes ``plan`` where :data:`PLAN_FILE` says: its JSON on stdout and its table on
    stderr, or the JSON to the file (owner-only) and the table and what to run ``then``
    on stdout."""
    if args.output == "-":
        sys.stdout.write(json_text(plan.to_json()) + "\n")
        print(printable(str(plan)), file=sys.stderr)
    else:
        write_private(args.output, plan.to_json() + "\n", force=args.force)
        print(printable(str(plan)))
        print(f"Plan written to {args.output}; review it, then: {then}")


YES = arg("--yes", "-y", action="store_true", help="do not ask for confirmation")
"""A destructive command's confirmation, given in advance."""

DRY_RUN = arg("--dry-run", action="store_true", help="only show the plan")


def client(args: argparse.Namespace) -> tuple[rootctl.Rootctl, rootctl.SimulatedOrg | None]:
    """The client the :data:`TARGET` options ask for, and its simulated organization."""
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


def replay_enable(rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None) -> None:
    """Enables centralized root access in a fresh simulated organization (``rootctl.cli``'s
    module docs)."""
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
