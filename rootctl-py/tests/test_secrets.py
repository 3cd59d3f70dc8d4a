"""Session credentials never reach Python: no result object shows, serializes or holds one."""

from __future__ import annotations

import re
from typing import Any

import rootctl

# What the simulator's session credentials look like (rootctl-core src/sim/sessions.rs):
# access key ids "SIMS" + 16 hex digits, tokens "sim-token-" + 16 hex digits, secrets 32
# lowercase hex digits.
SESSION_KEY = re.compile(r"SIMS[0-9A-F]{16}")
SESSION_TOKEN = re.compile(r"sim-token-")
SESSION_SECRET = re.compile(r"\b[0-9a-f]{32}\b")
WORDS = re.compile(r"secret_?access_?key|session_?token|SecretAccessKey|SessionToken", re.I)


def _objects(root: object, seen: set[int] | None = None) -> list[object]:
    """Every rootctl object reachable from ``root`` through its public attributes."""
    seen = set() if seen is None else seen
    if id(root) in seen:
        return []
    seen.add(id(root))
    found: list[object] = [root]
    values: list[Any] = []
    if isinstance(root, (list, tuple)):
        values = list(root)
    elif isinstance(root, dict):
        values = list(root.values())
    elif type(root).__module__ == "rootctl" and not isinstance(root, BaseException):
        values = [
            getattr(root, name)
            for name in dir(root)
            if not name.startswith("_") and not callable(getattr(root, name))
        ]
    for value in values:
        if isinstance(value, (list, tuple, dict)) or type(value).__module__ == "rootctl":
            found.extend(_objects(value, seen))
    return found


def _texts(obj: object) -> list[str]:
    texts = [repr(obj), str(obj)]
    for method in ("to_json", "to_dict"):
        if hasattr(obj, method):
            texts.append(str(getattr(obj, method)()))
    return texts


def test_no_result_holds_a_session_credential() -> None:
    org = rootctl.SimulatedOrg(members=8, seed=4, denied_members=1)
    rc = rootctl.Rootctl.simulated(org)
    events: list[rootctl.ProgressEvent] = []
    results: list[object] = [rc.check_prerequisites(), rc.plan_enable(), rc.enable()]
    results.append(rc.check_prerequisites(probe=True))
    audit = rc.audit(progress=events.append)
    plan = rc.plan_removal(audit)
    results += [audit, plan, rc.apply_removal(plan, dry_run=True)]
    results.append(rc.apply_removal(plan, progress=events.append))
    bare = next(
        a.account_id for a in audit.accounts if a.credentials and not a.credentials.password
    )
    results.append(rc.allow_password_recovery(bare))
    results += [rc.select_accounts(), rc.features(), org.calls(), org.members(), events]
    results += [rc.plan_disable(), rc.disable()]

    assert any(c.operation == "AssumeRoot" and c.ok for c in org.calls()), "sessions were issued"
    objects = [o for r in results for o in _objects(r)]
    assert len(objects) > 200
    for obj in objects:
        for text in _texts(obj):
            assert not SESSION_KEY.search(text), (type(obj), text[:200])
            assert not SESSION_TOKEN.search(text), (type(obj), text[:200])
            assert not SESSION_SECRET.search(text), (type(obj), text[:200])
            assert not WORDS.search(text), (type(obj), text[:200])
