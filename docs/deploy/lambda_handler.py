"""AWS Lambda handler: keep the organization's root-credential policy true.

Deployed by the CloudFormation stack ``cloudformation/management.json`` in the management
account (or the IAM delegated administrator) in us-east-1, with the ``rootctl`` package and
``policy.toml`` in the deployment package that ``scripts/package-lambda`` builds. Three rules
invoke it (``docs/enforcement.md``):

- membership events (an account created in, invited into or moved within the organization)
  and the root-credential events member accounts forward (a root user creating a password,
  access key, signing certificate or MFA device, or signing in): the one account the event
  names is enforced alone, seconds after the event;
- the daily schedule: the whole organization, as a safety net for what no event reports (an
  event lost, an account whose forwarding is not deployed yet).

Each run logs its report as one JSON line (the evidence, in CloudWatch Logs) and raises
when an account is left non-compliant or could not be checked, so the function's
``Errors`` metric can page someone. An event rootctl does not act on raises too
(``InvalidInputError``, naming the event): a rule that sends too much is noticed. A known
event that calls for no run (a failed call, a root session's call) is logged and ignored.

Give the function a reserved concurrency of 1: two invocations (the daily run and an
event) would otherwise run side by side in separate execution environments, whose
``/tmp`` directories are not shared, so the run lock of a policy ``journal`` directory
cannot keep them apart there. A throttled asynchronous invocation is queued and retried
by Lambda, so nothing is lost (``docs/enforcement.md``, "One run at a time").
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import rootctl

LOG = logging.getLogger("rootctl")
LOG.setLevel(logging.INFO)

POLICY_FILE = Path(os.environ.get("ROOTCTL_POLICY", Path(__file__).with_name("policy.toml")))


def client() -> rootctl.Rootctl:
    """The rootctl client: the function's role, in the function's region."""
    return rootctl.Rootctl.from_env()


def handler(event: dict[str, Any], _context: object = None) -> dict[str, Any]:
    """The Lambda entry point."""
    policy = rootctl.EnforcementPolicy.from_file(POLICY_FILE)
    if event.get("source") == "aws.events" and event.get("detail-type") == "Scheduled Event":
        report: rootctl.EnforcementReport | None = client().enforce(policy)
    else:
        report = rootctl.handle_event(event, policy, client=client())
    if report is None:
        detail = event.get("detail") or {}
        LOG.info(
            "ignored event %s: %s by a %s (%s)",
            event.get("id"),
            detail.get("eventName"),
            (detail.get("userIdentity") or {}).get("type"),
            detail.get("errorCode") or "no change to act on",
        )
        return {"status": "ignored"}
    LOG.info("%s", report.to_json(indent=None))
    result = {
        "compliant": report.compliant,
        "accounts": {account.account_id: account.status for account in report.accounts},
    }
    if report.exit_code != 0:
        raise RuntimeError(f"root credential policy not met: {result}")
    return result
