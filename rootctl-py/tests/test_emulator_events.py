"""The Lambda handler (``docs/deploy/lambda_handler.py``), called in-process with every
fixture event against fakecloud over HTTP: each enforces exactly the account it names,
and a second delivery changes nothing. Run through ``scripts/emulator`` like
``test_emulator.py``, whose helpers it uses; skipped without the emulator.

fakecloud does not model the root user's credentials: its stand-in IAM user holds them
(gap 2 in ``tests/emulator/main.rs``), so every fixture is answered by removing the
stand-in's access key, whatever credential the event says was gained.
"""

from __future__ import annotations

import importlib.util
import json
import urllib.error
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import rootctl
from test_emulator import (
    ENDPOINT,
    _find,
    _query,
    client,
    create_organization,
    root_session,
    run_cli,
)
from test_emulator import _reset as _reset  # the autouse fixture: a fresh emulator per test

pytestmark = pytest.mark.skipif(
    not ENDPOINT,
    reason="ROOTCTL_EMULATOR_ENDPOINT is not set: run through scripts/emulator",
)

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "events"
# The staged member ids the fixtures name (tests/scenarios/staged.rs).
FIXTURE_ACCOUNTS = ("100000000000", "100000000001", "100000000002")


def retarget(path: Path, account: str) -> dict[str, Any]:
    """The fixture at ``path``, naming ``account`` wherever it named a staged member."""
    text = path.read_text(encoding="utf-8")
    for staged in FIXTURE_ACCOUNTS:
        text = text.replace(f'"{staged}"', f'"{account}"').replace(f":{staged}:", f":{account}:")
    event: dict[str, Any] = json.loads(text)
    return event


def give_key(account: str) -> str:
    """Gap 2: one more access key for ``account``'s stand-in root user, made through a raw
    AssumeRoot session (the user is created on first use). The key id."""
    creds = root_session(account)
    try:
        _query("iam", "CreateUser", creds, UserName="root-stand-in")
    except urllib.error.HTTPError as exists:
        if exists.code != 409:  # EntityAlreadyExists: made by an earlier call
            raise
    created = _query("iam", "CreateAccessKey", creds, UserName="root-stand-in")
    return _find(created, "AccessKeyId")


def keys_of(rc: rootctl.Rootctl, account: str) -> list[str]:
    """The access key ids an audit finds on ``account``'s root user."""
    audit = rc.audit(accounts=[account])
    (found,) = audit.accounts
    assert found.credentials is not None, found
    return sorted(key.id for key in found.credentials.access_keys)


def load_handler(policy: Path) -> ModuleType:
    """``docs/deploy/lambda_handler.py``, reading ``policy`` and calling fakecloud."""
    spec = importlib.util.spec_from_file_location(
        "lambda_handler_over_the_wire", REPO / "docs" / "deploy" / "lambda_handler.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    setattr(module, "POLICY_FILE", policy)  # noqa: B010 (a module attribute mypy cannot see)
    setattr(module, "client", client)  # noqa: B010
    return module


def test_the_handler_enforces_each_fixture_event_on_exactly_its_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, (target, bystander) = create_organization(["event-target", "event-bystander"])
    code, out = run_cli(capsys, "enable", "--root-sessions", "--yes")
    assert code == 0, out
    policy = tmp_path / "policy.toml"
    policy.write_text("# the default: all four kinds, every member account\n", encoding="utf-8")
    handler = load_handler(policy)
    rc = client()
    kept = [give_key(bystander)]
    fixtures = sorted(FIXTURES.glob("*.json"))
    assert {json.loads(p.read_text())["detail"]["eventName"] for p in fixtures} == set(
        rootctl.EVENT_NAMES
    )
    for path in fixtures:
        key = give_key(target)
        assert keys_of(rc, target) == [key], path.name
        event = retarget(path, target)
        result = handler.handler(event)
        assert result == {"compliant": True, "accounts": {target: "remediated"}}, path.name
        assert keys_of(rc, target) == [], path.name
        assert keys_of(rc, bystander) == kept, f"{path.name} touched another account"
        # EventBridge delivers at least once: the same event again changes nothing.
        again = handler.handler(event)
        assert again == {"compliant": True, "accounts": {target: "compliant"}}, path.name
        assert keys_of(rc, bystander) == kept
    # A near miss never runs; an unknown event is refused by name, changing nothing.
    for path in sorted((FIXTURES / "near-miss").glob("*.json")):
        event = retarget(path, bystander)
        if event["source"] in ("aws.iam", "aws.signin"):
            assert handler.handler(event) == {"status": "ignored"}, path.name
        else:
            with pytest.raises(rootctl.InvalidInputError, match=event["detail"]["eventName"]):
                handler.handler(event)
    assert keys_of(rc, bystander) == kept
