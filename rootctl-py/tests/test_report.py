"""``Rootctl.report`` and ``rootctl report``: the evidence page, from a live or a saved
audit, with the other reports; its inputs checked before any work. (The page as a
browser shows it is tested in test_report_page.py.)"""

from __future__ import annotations

import asyncio
import os
import re
import stat
from pathlib import Path

import pytest

import rootctl
from conftest import SIM, run


def count(page: str, name: str) -> int:
    """The number the page's ``count-NAME`` card carries."""
    found = re.search(rf'id="count-{name}" data-count="(\d+)"', page)
    assert found, f"no count-{name} in the page"
    return int(found.group(1))


def test_the_page_counts_what_the_audit_found(rc: rootctl.Rootctl) -> None:
    audit = rc.audit()
    page = rc.report()
    summary = audit.summary
    assert page.startswith("<!DOCTYPE html>")
    assert count(page, "clean") == summary.clean
    assert count(page, "holding") == summary.audited - summary.clean
    assert count(page, "skipped") == summary.skipped
    assert count(page, "total") == summary.targeted + summary.skipped
    # Read live, the features decide CIS 2.1.1 along with the credentials.
    assert "The organization's features were not read" not in page


def test_a_saved_audit_draws_the_same_accounts(rc: rootctl.Rootctl) -> None:
    audit = rootctl.AuditReport.from_json(rc.audit().to_json())
    page = rc.report(audit=audit)
    assert count(page, "holding") == audit.summary.audited - audit.summary.clean
    assert "The organization's features were not read" in page
    with_features = rc.report(audit=audit, features=rc.features())
    assert "The organization's features were not read" not in with_features


def test_a_saved_audit_with_selection_keywords_is_refused(rc: rootctl.Rootctl) -> None:
    audit = rc.audit()
    with pytest.raises(rootctl.InvalidInputError, match="selection"):
        rc.report(audit=audit, exclude=audit.accounts[0].account_id)


def test_a_report_of_another_organization_is_refused(rc: rootctl.Rootctl) -> None:
    other = rootctl.Rootctl.simulated(
        rootctl.SimulatedOrg(members=4, seed=99, features_enabled=True)
    )
    scps = other.check_scps(tasks=["audit"])
    with pytest.raises(rootctl.InvalidInputError, match="another organization"):
        rc.report(scps=scps)


def test_scps_must_be_a_flag_or_a_report(rc: rootctl.Rootctl) -> None:
    with pytest.raises(TypeError, match="scps must be"):
        rc.report(scps="yes")  # type: ignore[arg-type]


def test_a_live_pre_flight_judges_the_audited_accounts_only(rc: rootctl.Rootctl) -> None:
    audit = rc.audit()
    kept = audit.accounts[0].account_id
    page = rc.report(accounts=[kept], scps=True)
    assert count(page, "total") == 1 + len(rc.select_accounts(accounts=[kept]).skipped)
    assert "SCP pre-flight" in page


def test_the_coroutine_draws_the_same_page(rc: rootctl.Rootctl) -> None:
    audit = rc.audit()
    page = asyncio.run(rc.report_async(audit=audit))
    assert page == rc.report(audit=audit)


def test_the_console_writes_the_page_for_the_owner_alone(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    done = run("report", *SIM, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert f"wrote {target}" in done.stdout
    again = run("report", *SIM, "-o", str(target))
    assert again.returncode == 2 and "refusing to overwrite" in again.stderr


def test_the_console_draws_saved_reports(tmp_path: Path) -> None:
    audit_file = tmp_path / "audit.json"
    done = run("audit", *SIM, "-o", "json")
    assert done.returncode == 0, done.stderr
    audit_file.write_text(done.stdout, encoding="utf-8")
    page = run("report", *SIM, "--audit-json", str(audit_file), "-o", "-")
    assert page.returncode == 0, page.stderr
    audit = rootctl.AuditReport.from_json(done.stdout)
    assert count(page.stdout, "clean") == audit.summary.clean
    refused = run(
        "report", *SIM, "--audit-json", str(audit_file), "--exclude", "111122223333", "-o", "-"
    )
    assert refused.returncode == 2 and "drop the selection options" in refused.stderr
    missing = run("report", *SIM, "--enforcement-json", str(tmp_path / "nope.json"), "-o", "-")
    assert missing.returncode == 2 and "cannot read the enforcement run" in missing.stderr


def test_the_console_checks_a_policy_as_a_dry_run(tmp_path: Path) -> None:
    """``--policy`` draws a dry run of the policy: its exception's account is
    ``excepted``, and nothing in the audit changes."""
    audited = run("audit", *SIM, "-o", "json")
    audit = rootctl.AuditReport.from_json(audited.stdout)
    holder = next(a for a in audit.accounts if a.credentials and a.status == "has_credentials")
    policy = tmp_path / "policy.toml"
    policy.write_text(
        "[[exceptions]]\n"
        f'account = "{holder.account_id}"\n'
        'reason = "break-glass, owned by the security team"\n'
        'keep = ["password", "access_keys", "signing_certificates", "mfa_devices"]\n',
        encoding="utf-8",
    )
    page = run("report", *SIM, "--policy", str(policy), "-o", "-")
    assert page.returncode == 0, page.stderr
    assert f'data-id="{holder.account_id}" data-status="excepted"' in page.stdout
    assert "break-glass, owned by the security team" in page.stdout
    assert count(page.stdout, "holding") == audit.summary.audited - audit.summary.clean - 1
    both = run(
        "report", *SIM, "--policy", str(policy), "--enforcement-json", str(policy), "-o", "-"
    )
    assert both.returncode == 2 and "not both" in both.stderr


def test_redteam_a_report_of_another_organization_is_refused_before_any_session() -> None:
    """Every saved report given to ``Rootctl.report`` names its organization, and the
    client knows its own before it audits anything (one DescribeOrganization call): an
    enforcement of another organization must be refused before a single root session,
    not after the whole organization was audited (10,000 accounts: an hour of work)."""
    org = rootctl.SimulatedOrg(members=6, seed=3, features_enabled=True)
    rc = rootctl.Rootctl.simulated(org)
    other = rootctl.Rootctl.simulated(
        rootctl.SimulatedOrg(members=4, seed=99, features_enabled=True)
    )
    foreign = other.enforce(rootctl.EnforcementPolicy(), dry_run=True)
    org.clear_calls()
    with pytest.raises(rootctl.InvalidInputError, match="another organization"):
        rc.report(enforcement=foreign)
    sessions = [c for c in org.calls() if c.operation == "AssumeRoot"]
    assert not sessions, f"{len(sessions)} root sessions before the refusal"


def test_redteam_the_pages_audit_digest_is_the_saved_files(tmp_path: Path) -> None:
    """The page calls itself evidence on its own through the "Audit JSON SHA-256" it
    shows (README, "The evidence page"). An auditor checks it with ``sha256sum
    audit.json`` against the file ``rootctl audit -o json > audit.json`` wrote, and the
    page drawn from that file; the page hashes rootctl's compact re-serialisation
    instead, so the digests never match and the evidence looks tampered with."""
    import hashlib

    audit_file = tmp_path / "audit.json"
    done = run("audit", *SIM, "-o", "json")
    assert done.returncode == 0, done.stderr
    audit_file.write_text(done.stdout, encoding="utf-8")
    page = run("report", *SIM, "--audit-json", str(audit_file), "-o", "-")
    assert page.returncode == 0, page.stderr
    shown = re.search(r'id="meta-audit-sha256">([0-9a-f]{64})<', page.stdout)
    assert shown, "the page shows a digest"
    assert shown.group(1) == hashlib.sha256(audit_file.read_bytes()).hexdigest()


def test_redteam_an_unwritable_output_is_refused_before_the_audit(tmp_path: Path) -> None:
    """``rootctl report -o DIR/report.html`` checks the output before the audit (a
    symlink, an existing file) but not that DIR exists: the whole audit runs, then the
    page cannot be written and is lost (exit 2)."""
    from rootctl._cli_output import UsageError, check_output_file

    with pytest.raises(UsageError):
        check_output_file(tmp_path / "no-such-dir" / "report.html")


def test_the_console_refuses_a_saved_report_of_another_organization_first(
    tmp_path: Path,
) -> None:
    """``--enforcement-json`` of another organization stops ``rootctl report`` after the
    organization is read and before its audit (no page, exit 2)."""
    policy = tmp_path / "policy.toml"
    policy.write_text("# every kind, every member\n", encoding="utf-8")
    other = run(
        "enforce",
        "--simulated",
        "--seed",
        "99",
        "--members",
        "4",
        "--policy",
        str(policy),
        "--check",
        "-o",
        "json",
    )
    assert other.returncode in (0, 1), other.stderr
    saved = tmp_path / "enforce.json"
    saved.write_text(other.stdout, encoding="utf-8")
    page = tmp_path / "report.html"
    done = run("report", *SIM, "--enforcement-json", str(saved), "-o", str(page))
    assert done.returncode == 2, done.stderr
    assert "never mixes two organizations" in done.stderr
    assert not page.exists()


def test_the_page_holds_no_session_secret() -> None:
    """The page draws every account's audit, a pre-flight and an enforcement run, all
    made with root sessions; none of their credentials is on it (test_secrets.py's
    patterns)."""
    from test_secrets import SESSION_KEY, SESSION_SECRET, SESSION_TOKEN, WORDS

    org = rootctl.SimulatedOrg(members=12, seed=5, features_enabled=True)
    rc = rootctl.Rootctl.simulated(org)
    enforcement = rc.enforce(rootctl.EnforcementPolicy(), dry_run=True)
    page = rc.report(scps=True, enforcement=enforcement)
    assert any(c.operation == "AssumeRoot" and c.ok for c in org.calls()), "sessions issued"
    assert count(page, "total") == 13
    for pattern in (SESSION_KEY, SESSION_TOKEN, SESSION_SECRET, WORDS):
        assert not pattern.search(page), pattern
