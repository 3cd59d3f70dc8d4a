"""The console command, run as a subprocess (and in process where a knob is needed)."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import rootctl
from conftest import SIM, console_over, run, sim_org
from rootctl import cli


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("rootctl")
    assert script.exists(), "pip installs the rootctl console command"
    done = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"rootctl {rootctl.__version__}"


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run("audit", "--seed", "3").returncode == 2, "--seed needs --simulated"
    bad = run("audit", "--simulated", "--account", "12345")
    assert bad.returncode == 2 and "invalid account id" in bad.stderr


def test_check_exits_1_when_a_check_fails() -> None:
    done = run("check", *SIM)
    assert done.returncode == 1
    assert "FAIL  trusted_access" in done.stdout
    report = rootctl.PrerequisiteReport.from_json(run("check", *SIM, "-o", "json").stdout)
    assert not report.ok


def test_enable_needs_yes_without_a_terminal() -> None:
    refused = run("enable", *SIM)
    assert refused.returncode == 2
    assert "refusing" in refused.stderr and "--yes" in refused.stderr
    dry = run("enable", *SIM, "--dry-run", "-o", "json")
    assert dry.returncode == 0
    assert rootctl.EnablePlan.from_json(dry.stdout).steps[0].name == "enable_trusted_access"
    done = run("enable", *SIM, "--root-sessions", "--yes")
    assert done.returncode == 0
    assert "RootSessions on" in done.stdout


def test_audit_formats() -> None:
    table = run("audit", *SIM)
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith("account ")
    assert "enabled in it first" in table.stderr, "the replay is announced"
    report = rootctl.AuditReport.from_json(run("audit", *SIM, "-o", "json").stdout)
    org = sim_org()
    assert report.organization_id == org.organization_id
    assert len(report.accounts) == 10
    rows = list(csv.DictReader(io.StringIO(run("audit", *SIM, "-o", "csv").stdout)))
    assert [r["account_id"] for r in rows if r["status"] != "skipped"] == [
        m.account_id for m in org.members()
    ]
    picked = org.members()[2].account_id
    one = rootctl.AuditReport.from_json(
        run("audit", *SIM, "--account", picked, "-o", "json").stdout
    )
    assert [a.account_id for a in one.accounts] == [picked]


@pytest.mark.parametrize("output", ["asff", "ocsf"])
def test_audit_prints_findings(output: str) -> None:
    """``audit -o asff|ocsf``: one JSON array of findings, four per audited account, the
    exit status the command's (docs/findings.md)."""
    done = run("audit", *SIM, "-o", output)
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)
    report = rootctl.AuditReport.from_json(run("audit", *SIM, "-o", "json").stdout)
    assert len(findings) == 4 * len(report.accounts)
    if output == "asff":
        assert {f["SchemaVersion"] for f in findings} == {"2018-10-08"}
        ids = [f["Id"] for f in findings]
        assert ids == [f["Id"] for f in report.to_asff()]
    else:
        assert {f["class_uid"] for f in findings} == {2003}
        ids = [f["finding_info"]["uid"] for f in findings]
    assert ids[0].startswith(f"rootctl/{report.organization_id}/")
    checked = run("audit", *SIM, "-o", output, "--fail-on-credentials")
    assert checked.returncode == 1, "the check mode's exit status stays"
    assert len(json.loads(checked.stdout)) == len(findings)
    if output == "asff":
        elsewhere = json.loads(run("audit", *SIM, "-o", "asff", "--region", "eu-west-1").stdout)
        assert elsewhere[0]["ProductArn"].startswith("arn:aws:securityhub:eu-west-1:")


@pytest.mark.parametrize("output", ["asff", "ocsf"])
def test_enforce_prints_findings(output: str, tmp_path: Path) -> None:
    """``enforce --check -o asff|ocsf``: the findings, and exit 1 while an account holds a
    forbidden credential; after the run, every access-key finding passes and the exit is
    0 (the kinds the policy allows are still held, so theirs still fail)."""
    policy = tmp_path / "policy.toml"
    policy.write_text('kinds = ["access_keys"]\n', encoding="utf-8")
    check = run("enforce", *SIM, "--policy", str(policy), "--check", "-o", output)
    assert check.returncode == 1, check.stderr
    findings = json.loads(check.stdout)

    def status(f: dict[str, Any]) -> str:
        if output == "asff":
            return str(f["Compliance"]["Status"])
        return str(f["unmapped"]["rootctl"]["compliance_status"])

    def keys(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        uid = "Id" if output == "asff" else None
        return [
            f
            for f in findings
            if (f[uid] if uid else f["finding_info"]["uid"]).endswith("/access_key")
        ]

    assert "FAILED" in {status(f) for f in findings}
    done = run("enforce", *SIM, "--policy", str(policy), "--yes", "-o", output)
    assert done.returncode == 0, done.stderr
    after = json.loads(done.stdout)
    assert len(after) == len(findings)
    assert keys(after) and {status(f) for f in keys(after)} == {"PASSED"}
    assert "FAILED" in {status(f) for f in keys(findings)}


def test_plan_then_apply(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    planned = run("plan-removal", *SIM, "--kinds", "access_keys,password", "-o", str(plan_file))
    assert planned.returncode == 0, planned.stderr
    plan = rootctl.RemovalPlan.from_json(plan_file.read_text())
    assert plan.kinds == ["password", "access_keys"] and plan.item_count > 0

    refused = run("apply", str(plan_file), *SIM)
    assert refused.returncode == 2
    assert "refusing" in refused.stderr
    assert "removed" not in refused.stdout

    dry = run("apply", str(plan_file), *SIM, "--dry-run", "-o", "json")
    assert dry.returncode == 0, dry.stderr
    assert rootctl.RemovalReport.from_json(dry.stdout).summary.would_remove == plan.item_count

    journal = tmp_path / "journal.jsonl"
    applied = run("apply", str(plan_file), *SIM, "--yes", "--journal", str(journal), "-o", "json")
    assert applied.returncode == 0, applied.stderr
    report = rootctl.RemovalReport.from_json(applied.stdout)
    assert report.ok and report.summary.removed == plan.item_count
    assert journal.exists()

    elsewhere = run("apply", str(plan_file), "--simulated", "--seed", "8", "--yes")
    assert elsewhere.returncode == 2
    assert "--seed" in elsewhere.stderr


def test_plan_to_stdout_and_recover() -> None:
    planned = run("plan-removal", *SIM)
    assert planned.returncode == 0
    plan = rootctl.RemovalPlan.from_json(planned.stdout)
    assert plan.item_count > 0 and "Plan plan-" in planned.stderr
    org = sim_org()
    account = org.members()[1].account_id
    assert run("recover", account, *SIM).returncode == 2
    recovered = run("recover", account, *SIM, "--yes", "-o", "json")
    assert recovered.returncode == 0, recovered.stderr
    assert rootctl.RecoveryReport.from_json(recovered.stdout).ok


def test_exit_status_is_1_when_an_account_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    org = rootctl.SimulatedOrg(members=6, seed=1, features_enabled=True, denied_members=1)
    console_over(monkeypatch, org)
    assert cli.main(["audit", "--simulated", "-o", "json"]) == 1
    report = rootctl.AuditReport.from_json(capsys.readouterr().out)
    assert report.summary.failed == 1
    org.allow_root_sessions(next(a.account_id for a in report.accounts if not a.ok))
    assert cli.main(["audit", "--simulated"]) == 0


def _with_terminal(
    args: list[str], answer: bytes, terminal_stderr: bool = False
) -> tuple[int, str]:
    """Runs the command with a pseudo-terminal as stdin (and stderr), typing ``answer``."""
    controller, terminal = pty.openpty()
    os.write(controller, answer)
    process = subprocess.Popen(
        [sys.executable, "-m", "rootctl", *args],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=terminal if terminal_stderr else subprocess.DEVNULL,
    )
    os.close(terminal)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    code = process.wait(timeout=120)
    assert process.stdout is not None
    process.stdout.close()
    os.close(controller)
    return code, b"".join(chunks).decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_at_a_terminal_destructive_commands_ask() -> None:
    code, _ = _with_terminal(["enable", *SIM], b"n\n")
    assert code == 2
    code, _ = _with_terminal(["enable", *SIM], b"yes\n")
    assert code == 0


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_progress_bar_only_on_a_terminal() -> None:
    piped = run("audit", *SIM)
    assert "\r" not in piped.stderr and "audit:" not in piped.stderr
    code, terminal = _with_terminal(["audit", *SIM], b"", terminal_stderr=True)
    assert code == 0
    assert "audit: 10 account(s)" in terminal


def test_csv_cells_cannot_start_a_spreadsheet_formula() -> None:
    # An account name or OU path is chosen by whoever controls the account: in a
    # spreadsheet, "=HYPERLINK(...)" in a cell would run as a formula.
    from types import SimpleNamespace
    from typing import cast

    from rootctl._cli_output import audit_csv

    creds = SimpleNamespace(
        password=None, access_keys=[], signing_certificates=[], mfa_devices=[], is_empty=True
    )
    audited = SimpleNamespace(
        account_id="111122223333",
        name='=HYPERLINK("http://x","y")',
        ou_path="+Prod",
        status="clean",
        credentials=creds,
        warnings=["-1 mismatch"],
        error=None,
    )
    skipped = SimpleNamespace(account_id="444455556666", name="@sum", detail="\tnot ACTIVE")
    report = SimpleNamespace(accounts=[audited], skipped=[skipped])
    rows = list(csv.reader(io.StringIO(audit_csv(cast(rootctl.AuditReport, report)))))
    assert rows[1][1] == '\'=HYPERLINK("http://x","y")'
    assert rows[1][2] == "'+Prod"
    assert rows[1][8] == "'-1 mismatch"
    assert rows[1][5:8] == ["0", "0", "0"]
    assert rows[2][1] == "'@sum"
    assert rows[2][8] == "'\tnot ACTIVE"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_confirmation_question_goes_to_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # stdout may be a redirected report (-o json > file): the question must not vanish
    # into it, nor corrupt it.
    from argparse import Namespace
    from types import SimpleNamespace

    from rootctl._cli_output import confirm

    answers = iter(["y\n"])
    monkeypatch.setattr(
        sys, "stdin", SimpleNamespace(isatty=lambda: True, readline=lambda: next(answers))
    )
    confirm(Namespace(yes=False), "Plan: remove 3 items", "Proceed?")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Plan: remove 3 items" in captured.err
    assert "Proceed? [y/N]" in captured.err


def test_a_broken_terminal_does_not_stop_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # The progress bar draws on stderr from rootctl's worker threads; if the terminal goes
    # away (OSError) mid-apply, the bar stops drawing and the removal goes on.
    from types import SimpleNamespace
    from typing import cast

    from rootctl._cli_output import ProgressBar

    class GoneTerminal:
        def write(self, _: str) -> int:
            raise OSError("the terminal went away")

        def flush(self) -> None:
            raise OSError("the terminal went away")

    monkeypatch.setattr(sys, "stderr", GoneTerminal())
    bar = ProgressBar("apply", 2)
    event = SimpleNamespace(
        kind="item_removed", account_id="111122223333", detail="key", concurrency=16
    )
    bar(cast(rootctl.ProgressEvent, event))
    bar(cast(rootctl.ProgressEvent, event))
    bar.close()


@pytest.mark.parametrize("value", ["-3", "0", "many"])
def test_a_bad_concurrency_is_a_usage_error_not_a_traceback(value: str) -> None:
    done = run("audit", *SIM, "--concurrency", value)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--concurrency" in done.stderr and "at least 1" in done.stderr


def test_a_mistyped_kind_is_refused_before_the_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    org = sim_org()
    console_over(monkeypatch, org)
    assert cli.main(["plan-removal", "--simulated", "--kinds", "access_key,pasword"]) == 2
    assert org.calls() == [], "no audit was started for a plan that cannot be made"


def test_credential_kinds_are_normalized() -> None:
    assert rootctl.credential_kinds(["mfa_device", "password", "passwords"[:-1]]) == [
        "password",
        "mfa_devices",
    ]
    assert rootctl.credential_kinds("access_keys") == ["access_keys"]
    with pytest.raises(rootctl.InvalidInputError, match="pasword"):
        rootctl.credential_kinds(["pasword"])


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_at_a_terminal_apply_asks_and_no_means_nothing_removed(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    assert run("plan-removal", *SIM, "--kinds", "access_keys", "-o", str(plan_file)).returncode == 0
    plan = rootctl.RemovalPlan.from_json(plan_file.read_text())
    code, screen = _with_terminal(["apply", str(plan_file), *SIM], b"n\n", terminal_stderr=True)
    assert code == 2
    assert "[y/N]" in screen, "the question is on the terminal"
    assert "nothing was changed" in screen
    dry = run("apply", str(plan_file), *SIM, "--dry-run", "-o", "json")
    assert rootctl.RemovalReport.from_json(dry.stdout).summary.would_remove == plan.item_count
    code, _ = _with_terminal(["apply", str(plan_file), *SIM], b"y\n")
    assert code == 0
