"""The README's Python example runs as written and shows the audit table."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"


def test_the_readme_example_runs_and_prints_an_audit_table() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "the README has a Python example"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, str(README), "exec"), {})
    text = out.getvalue()
    assert re.search(r"^account\s+name\s+password\s+keys\s+certs\s+mfa", text, re.M)
    assert "skipped: management account" in text
    assert "Dry run of plan" in text
