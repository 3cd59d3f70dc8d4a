"""``rootctl report``: the evidence page, one self-contained HTML file."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import TypeVar

import rootctl
from rootctl._cli_args import replay_enable, selection
from rootctl._cli_output import (
    UsageError,
    check_output_file,
    exit_status,
    progress_for,
    write_private,
)
from rootctl._cli_table import Arg, arg

_Report = TypeVar(
    "_Report",
    rootctl.AuditReport,
    rootctl.ScpReport,
    rootctl.EnforcementReport,
    rootctl.UnlockReport,
)

ARGS: tuple[Arg, ...] = (
    arg("-o", "--output", required=True, metavar="FILE.html", help="the page (- for stdout)"),
    arg("--force", action="store_true", help="replace FILE.html if it exists"),
    arg("--scps", action="store_true", help="run the SCP pre-flight (audit and delete tasks)"),
    arg("--audit-json", type=Path, metavar="FILE", help="a saved audit (audit -o json)"),
    arg("--scps-json", type=Path, metavar="FILE", help="a saved SCP pre-flight (scps -o json)"),
    arg(
        "--policy",
        type=Path,
        metavar="FILE",
        help="an enforcement policy (TOML or JSON) to check as a dry run: changes nothing",
    ),
    arg(
        "--enforcement-json",
        type=Path,
        metavar="FILE",
        help="a saved enforcement run (enforce -o json)",
    ),
    arg("--unlock-json", type=Path, metavar="FILE", help="a saved unlock run (-o json)"),
)
"""The command's own arguments, after the target and selection options."""


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise UsageError(f"cannot read the {what} {path}: {err.strerror or err}") from None


def _load(path: Path | None, kind: type[_Report], what: str) -> _Report | None:
    return None if path is None else kind.from_json(_read(path, what))


def _check_organization(saved: list[str], organization: str) -> None:
    for other in saved:
        if other != organization:
            raise UsageError(
                f"a saved report is of organization {other}, not {organization}: "
                "a page never mixes two organizations"
            )


def cmd_report(
    args: argparse.Namespace, rc: rootctl.Rootctl, org: rootctl.SimulatedOrg | None
) -> int:
    if args.scps and args.scps_json is not None:
        raise UsageError("give --scps or --scps-json, not both")
    if args.policy is not None and args.enforcement_json is not None:
        raise UsageError("give --policy or --enforcement-json, not both")
    chosen = selection(args)
    if args.audit_json is not None and any(chosen.values()):
        raise UsageError("--audit-json already chose its accounts: drop the selection options")
    if args.output != "-":
        check_output_file(args.output, force=args.force)
    # Every saved report is read before the audit: a typo must not cost an audit first.
    # The page names the saved audit's file by the digest `sha256sum` gives of it: of the
    # very bytes the audit is read from.
    audit_file = None if args.audit_json is None else _read(args.audit_json, "audit")
    audit = None if audit_file is None else rootctl.AuditReport.from_json(audit_file)
    audit_sha256 = None if audit_file is None else hashlib.sha256(audit_file).hexdigest()
    saved_scps = _load(args.scps_json, rootctl.ScpReport, "SCP pre-flight")
    enforcement = _load(args.enforcement_json, rootctl.EnforcementReport, "enforcement run")
    policy = None if args.policy is None else rootctl.EnforcementPolicy.from_file(args.policy)
    unlock = _load(args.unlock_json, rootctl.UnlockReport, "unlock run")
    scps: bool | rootctl.ScpReport = saved_scps if saved_scps is not None else args.scps
    features = None
    saved = [r.organization_id for r in (saved_scps, enforcement, unlock) if r is not None]
    if audit is None:
        replay_enable(rc, org)
        if saved:
            # Reports of another organization are refused before the audit starts.
            organization = rc.select_accounts(**chosen).organization_id
            _check_organization(saved, organization)
        with progress_for("audit") as progress:
            audit = rc.audit(**chosen, progress=progress)
        features = rc.features()
    if policy is not None:
        # A dry run: which accounts the policy's exceptions cover, and its digest.
        replay_enable(rc, org)
        enforcement = rc.enforce(policy, dry_run=True)
    page = rc.report(
        audit=audit,
        audit_sha256=audit_sha256,
        features=features,
        scps=scps,
        enforcement=enforcement,
        unlock=unlock,
    )
    if args.output == "-":
        sys.stdout.write(page)
    else:
        write_private(args.output, page, force=args.force)
        summary = audit.summary
        print(
            f"wrote {args.output} ({len(page.encode('utf-8'))} bytes): "
            f"{summary.targeted} accounts audited, {summary.clean} clean, "
            f"{summary.audited - summary.clean} holding credentials, {summary.failed} failed, "
            f"{summary.skipped} skipped"
        )
    return exit_status(audit.ok)
