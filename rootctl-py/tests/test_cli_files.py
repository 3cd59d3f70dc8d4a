"""Files the console writes (plans hold every account's credential ids, and unlock plans
every policy text): owner-only, never through a symbolic link, never over an existing
file without ``--force``. And ``rootctl enforce`` applies exactly the plan it showed."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import rootctl
from conftest import SIM, console_over
from rootctl import _cli_enforce, cli

PLAN_COMMANDS = {
    "plan-removal": ["plan-removal", *SIM],
    "unlock plan": ["unlock", "plan", *SIM],
}


@pytest.fixture(autouse=True)
def ordinary_umask() -> Iterator[None]:
    """The common umask, which leaves new files readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("command", PLAN_COMMANDS)
def test_a_plan_file_is_the_owners_alone(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.json"
    assert cli.main([*PLAN_COMMANDS[command], "-o", str(out)]) == 0, capsys.readouterr().err
    assert mode(out) == 0o600
    assert out.read_text(encoding="utf-8").startswith("{")


@pytest.mark.parametrize("command", PLAN_COMMANDS)
def test_an_existing_file_is_kept_unless_forced(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.json"
    out.write_text("keep me\n", encoding="utf-8")
    out.chmod(0o644)
    assert cli.main([*PLAN_COMMANDS[command], "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "refusing to overwrite" in err and "--force" in err, err
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "keep me\n"

    assert cli.main([*PLAN_COMMANDS[command], "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("{")
    assert mode(out) == 0o600, "replaced by a private file"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"], "no temporary file left"


@pytest.mark.parametrize("command", PLAN_COMMANDS)
@pytest.mark.parametrize("force", [False, True])
def test_a_symbolic_link_is_never_followed(
    command: str, force: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("not yours\n", encoding="utf-8")
    link = tmp_path / "plan.json"
    link.symlink_to(target)
    extra = ["--force"] if force else []
    assert cli.main([*PLAN_COMMANDS[command], "-o", str(link), *extra]) == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err, err
    assert target.read_text(encoding="utf-8") == "not yours\n"
    assert link.is_symlink()
    # A dangling link, to a file that does not exist yet, is refused too.
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "created-through-the-link.json")
    assert cli.main([*PLAN_COMMANDS[command], "-o", str(dangling), *extra]) == 2
    assert not (tmp_path / "created-through-the-link.json").exists()


def test_a_missing_directory_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no-such-dir" / "plan.json"
    assert cli.main([*PLAN_COMMANDS["plan-removal"], "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err, err


def test_enforce_applies_the_plan_it_showed_not_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """While the question waits, a suspended member holding a password becomes ACTIVE:
    it was not in the preview, so it is not touched."""
    org = rootctl.SimulatedOrg(
        members=10, seed=4, features_enabled=True, suspended=2, password_share=1.0
    )
    rc = rootctl.Rootctl.simulated(org)
    console_over(monkeypatch, org, rc)
    woken = next(m.account_id for m in org.members() if m.state == "SUSPENDED")
    asked: list[str] = []

    def confirm(_args: object, summary: str, question: str) -> None:
        assert summary.startswith("Enforcement dry run"), "the preview is shown"
        asked.append(question)
        org.set_account_state(woken, "ACTIVE")

    monkeypatch.setattr(_cli_enforce, "confirm", confirm)
    policy = tmp_path / "policy.toml"
    policy.write_text('kinds = ["password"]\n', encoding="utf-8")
    code = cli.main(["enforce", "--simulated", "--policy", str(policy), "-o", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert len(asked) == 1 and "Remove" in asked[0]
    report = rootctl.EnforcementReport.from_json(out.out)
    assert not report.dry_run and report.compliant
    assert woken not in {a.account_id for a in report.accounts}
    creds = org.root_credentials(woken)
    assert creds is not None and creds.password is not None, "never shown, never removed"
