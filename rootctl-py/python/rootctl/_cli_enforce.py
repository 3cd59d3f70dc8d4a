"""``rootctl enforce`` and the check modes (``enforce --check``, ``audit
--fail-on-credentials``): the exit status says whether the organization complies.

Check-mode exit status: 0 compliant, 1 an in-scope account holds a credential the policy
forbids (for ``audit --fail-on-credentials``: any root credential), 3 could not run or
could not check an account.
"""

from __future__ import annotations

import argparse
import sys

import rootctl
from rootctl._cli_args import replay_enable
from rootctl._cli_output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    confirm,
    emit_findings,
    exit_status,
    json_text,
    printable,
)


def is_check(args: argparse.Namespace) -> bool:
    """Whether the command line is a check, whose failures to run exit 3."""
    return bool(getattr(args, "check", False) or getattr(args, "fail_on_credentials", False))


def show(report: rootctl.EnforcementReport, output: str, region: str | None = None) -> None:
    """Writes the report in the chosen format (findings: ASFF in ``region``)."""
    if emit_findings(report, output, region):
        return
    if output == "json":
        text = json_text(report.to_json())
    elif output == "markdown":
        text = printable(report.to_markdown())
    else:
        text = printable(str(report))
    sys.stdout.write(text.rstrip("\n") + "\n")


def cmd_enforce(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    """Runs ``rootctl enforce`` (the policy file is read before any AWS call)."""
    replay_enable(rc, org)
    policy = rootctl.EnforcementPolicy.from_file(args.policy)
    if args.check or args.dry_run:
        report = rc.enforce(policy, dry_run=True)
        show(report, args.output, args.region)
        if args.check:
            return report.exit_code
        return EXIT_UNAVAILABLE if report.exit_code == 3 else EXIT_OK
    # Show what would change and ask first; nothing to remove needs no question. Then
    # apply exactly the plan shown: a new run would audit and plan again, and could remove
    # what changed while the question waited (docs/enforcement.md).
    preview = rc.enforce(policy, dry_run=True)
    plan = preview.plan
    if plan is not None:
        confirm(
            args,
            str(preview),
            f"Remove {plan.item_count} root credential(s) in {len(plan.accounts)} account(s)?",
        )
        report = rc.apply_enforcement(policy, preview)
    else:
        report = preview
    show(report, args.output, args.region)
    return exit_status(report.compliant)


def audit_exit(report: rootctl.AuditReport) -> int:
    """``audit --fail-on-credentials``: 1 when an audited account holds any root
    credential, else 3 when an account could not be audited, else 0."""
    if any(a.status == "has_credentials" for a in report.accounts):
        return EXIT_FAILED
    return EXIT_OK if report.ok else EXIT_UNAVAILABLE
