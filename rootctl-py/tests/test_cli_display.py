"""What the console shows a person: text in plans and reports that others chose (account
names, OU paths, an unlock reason quoting a policy's ``Sid``, ids) reaches the terminal
with its control characters escaped, so it cannot erase or rewrite the lines of a
confirmation, a table or an error around it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import SIM
from rootctl import cli
from rootctl._cli_output import json_text, printable

# Cursor up one line and erase it, three times, then back to the start of the line: on a
# terminal, the lines printed before it vanish.
HIDE = "\x1b[1A\x1b[2K" * 3 + "\r"
RAW = ("\x1b", "\r", "\x9b")


@pytest.fixture
def answer_no(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal on stdin, where the person answers "n"."""
    answers = iter(["n\n"])
    monkeypatch.setattr(
        sys, "stdin", SimpleNamespace(isatty=lambda: True, readline=lambda: next(answers))
    )


def test_exactly_the_terminal_controls_are_escaped() -> None:
    for code in range(0x180):
        char = chr(code)
        control = (code < 0x20 and char not in "\n\t") or 0x7F <= code <= 0x9F
        expected = f"a\\x{code:02x}b" if control else f"a{char}b"
        assert printable(f"a{char}b") == expected, hex(code)
    # In JSON the escape is the same value, and nothing raw is left.
    value = {"name": "x\x7f\x85\x9by"}
    text = json_text(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(text) == value
    assert not any(c in text for c in "\x7f\x85\x9b")


@pytest.mark.usefixtures("answer_no")
def test_a_removal_plan_cannot_hide_lines_of_its_confirmation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    assert cli.main(["plan-removal", *SIM, "-o", str(plan_file)]) == 0
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    assert len(data["accounts"]) > 2
    data["accounts"][2]["name"] = "innocent" + HIDE
    plan_file.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["apply", str(plan_file), *SIM]) == 2
    shown = capsys.readouterr().err
    assert not any(c in shown for c in RAW), repr(shown)
    assert "innocent\\x1b[1A\\x1b[2K" in shown
    for account in data["accounts"]:
        assert account["account_id"] in shown


@pytest.mark.usefixtures("answer_no")
def test_an_unlock_reason_cannot_hide_lines_of_its_confirmation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "unlock.json"
    assert cli.main(["unlock", "plan", *SIM, "-o", str(plan_file)]) == 0
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    data["items"][-1]["reason"] = "denies everyone" + HIDE + "\x9b2K"
    plan_file.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["unlock", "apply", str(plan_file), *SIM]) == 2
    shown = capsys.readouterr().err
    assert not any(c in shown for c in RAW), repr(shown)
    assert "denies everyone\\x1b[1A" in shown and "\\x9b2K" in shown
    for item in data["items"]:
        assert item["name"] in shown


def test_tables_and_errors_show_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    assert cli.main(["plan-removal", *SIM, "--kinds", "access_keys", "-o", str(plan_file)]) == 0
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    data["accounts"][0]["items"][0]["id"] = "AKIAHIDDEN" + HIDE
    plan_file.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    # The dry run's table lists the (edited) item; its JSON holds it escaped as JSON.
    cli.main(["apply", str(plan_file), *SIM, "--dry-run"])
    table = capsys.readouterr().out
    assert "AKIAHIDDEN\\x1b[1A" in table
    assert not any(c in table for c in RAW), repr(table)
    cli.main(["apply", str(plan_file), *SIM, "--dry-run", "-o", "json"])
    assert not any(c in capsys.readouterr().out for c in RAW)
    # An error quoting what it refuses (here the console's own check of a simulated
    # plan, which names the plan's organization as the file says it).
    data["organization_id"] = "o-elsewhere" + HIDE
    plan_file.write_text(json.dumps(data), encoding="utf-8")
    assert cli.main(["apply", str(plan_file), *SIM, "--dry-run"]) == 2
    error = capsys.readouterr().err
    assert "o-elsewhere\\x1b[1A" in error
    assert not any(c in error for c in RAW), repr(error)
