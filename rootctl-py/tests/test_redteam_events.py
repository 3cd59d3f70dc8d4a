"""Red-team findings on ``rootctl.handle_event`` from Python, written by an outside
reviewer from the code and docs alone; each failed before its fix.

A hostile event must be refused with a typed error, never take the process down
(docs/enforcement.md#events: "Anything else is an InvalidInputError ... before any AWS
call"). A JSON text event is parsed by serde_json, whose recursion limit (128) refuses
deep nesting cleanly; a dict event was converted by ``pythonize::depythonize``, which has
no depth limit and no cycle check, so a deeply nested or self-referencing dict overflowed
the native stack and the interpreter died with SIGSEGV/SIGABRT instead of raising. Dicts
now go through Python's JSON encoder first (``convert::plain_json``), as do policy dicts.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent(
    """
    import rootctl

    org = rootctl.SimulatedOrg(members=4, seed=11, features_enabled=True)
    rc = rootctl.Rootctl.simulated(org)
    event = {{"version": "0", "source": "aws.iam", "detail": {{}}}}
    {build}
    try:
        rc.handle_event(event, rootctl.EnforcementPolicy())
    except rootctl.InvalidInputError as e:
        print("refused:", str(e)[:80])
    except RecursionError as e:
        print("refused:", e)
    else:
        print("accepted")
    """
)


def run_probe(build: str) -> subprocess.CompletedProcess[str]:
    script = PROBE.format(build=textwrap.dedent(build).strip())
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


HOSTILE_EVENTS = {
    # 200 000 levels under an otherwise ordinary field: a dict any caller (or a Lambda
    # runtime that decodes JSON without Python's recursion limit) can hand over.
    "deeply_nested": """
        deep = {}
        for _ in range(200_000):
            deep = {"a": deep}
        event["detail"]["requestParameters"] = deep
        """,
    "self_referencing": """
        loop = {}
        loop["a"] = loop
        event["detail"]["requestParameters"] = loop
        """,
}


@pytest.mark.parametrize("build", HOSTILE_EVENTS.values(), ids=HOSTILE_EVENTS.keys())
def test_redteam_hostile_dict_event_is_refused_not_a_crash(build: str) -> None:
    done = run_probe(build)
    assert done.returncode == 0, (
        f"the interpreter died (exit {done.returncode}) on the event dict; "
        f"stderr: {done.stderr[-400:]!r}"
    )
    assert done.stdout.startswith("refused:"), done.stdout


def test_redteam_self_referencing_policy_dict_is_refused_not_a_crash() -> None:
    done = run_probe(
        """
        loop = {}
        loop["a"] = loop
        try:
            rootctl.EnforcementPolicy.from_dict({"kinds": ["password"], "x": loop})
        except rootctl.InvalidInputError as e:
            print("refused:", str(e)[:80])
            raise SystemExit(0)
        """
    )
    assert done.returncode == 0, (
        f"the interpreter died (exit {done.returncode}) on a self-referencing policy dict; "
        f"stderr: {done.stderr[-400:]!r}"
    )
    assert done.stdout.startswith("refused:"), done.stdout
