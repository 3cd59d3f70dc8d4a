"""The package against fakecloud, a third-party AWS emulator, over real HTTP with SigV4.

Run through the emulator script, which installs and starts fakecloud on 127.0.0.1 and sets
``ROOTCTL_EMULATOR_ENDPOINT`` plus the emulator's static credentials (``test``/``test``,
the management account 123456789012)::

    scripts/emulator python -m pytest rootctl-py/tests/test_emulator.py

Without the variable every test here is skipped. Each test resets the emulator and builds
its organization with plain Organizations calls (signed here with the standard library),
never with rootctl. Where fakecloud differs from AWS, rootctl follows AWS; the differences
are listed, numbered, at the top of the Rust suite (``tests/emulator/main.rs``), and the
ones that show here are marked with their number.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import time
import urllib.request
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import pytest

import rootctl

ENDPOINT = os.environ.get("ROOTCTL_EMULATOR_ENDPOINT", "").rstrip("/")
REGION = "us-east-1"
MANAGEMENT = "123456789012"

pytestmark = pytest.mark.skipif(
    not ENDPOINT,
    reason="ROOTCTL_EMULATOR_ENDPOINT is not set: run through scripts/emulator",
)

ENABLE_STEPS = [
    "enable_trusted_access",
    "enable_root_credentials_management",
    "enable_root_sessions",
]


def _post(path: str, body: bytes, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(ENDPOINT + path, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        data: bytes = response.read()
        return data


def _organizations(action: str, **params: Any) -> Any:
    """One Organizations call (JSON protocol), SigV4-signed with the environment's keys."""
    body = json.dumps(params).encode()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers = {
        "content-type": "application/x-amz-json-1.1",
        "host": urlsplit(ENDPOINT).netloc,
        "x-amz-date": stamp,
        "x-amz-target": f"AWSOrganizationsV20161128.{action}",
    }
    names = sorted(headers)
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            *(f"{name}:{headers[name]}" for name in names),
            "",
            ";".join(names),
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{stamp[:8]}/{REGION}/organizations/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = ("AWS4" + os.environ["AWS_SECRET_ACCESS_KEY"]).encode()
    for part in scope.split("/"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={os.environ['AWS_ACCESS_KEY_ID']}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )
    return json.loads(_post("/", body, headers) or b"null")


@pytest.fixture(autouse=True)
def _reset() -> None:
    """A fresh emulator for every test."""
    _post("/_reset", b"", {})


def create_organization(members: list[str]) -> tuple[str, list[str]]:
    """An all-features organization with ``members`` created in it: (org id, member ids)."""
    org = _organizations("CreateOrganization", FeatureSet="ALL")["Organization"]
    requests = [
        _organizations("CreateAccount", AccountName=name, Email=f"{name}@example.com")[
            "CreateAccountStatus"
        ]["Id"]
        for name in members
    ]
    ids = []
    for request in requests:
        # fakecloud completes a CreateAccount after 1-2 seconds.
        for _ in range(120):
            status = _organizations("DescribeCreateAccountStatus", CreateAccountRequestId=request)
            state = status["CreateAccountStatus"]["State"]
            if state == "SUCCEEDED":
                ids.append(status["CreateAccountStatus"]["AccountId"])
                break
            assert state == "IN_PROGRESS", status
            time.sleep(0.25)
        else:
            pytest.fail(f"CreateAccount {request} did not finish")
    return org["Id"], ids


def client() -> rootctl.Rootctl:
    return rootctl.Rootctl.from_env(region=REGION, endpoint_url=ENDPOINT)


def test_enable_read_back_and_disable_through_from_env() -> None:
    org_id, members = create_organization(["py-security", "py-workload"])
    rc = client()
    assert rc.region == REGION

    off = rc.features()
    assert (off.trusted_access, off.root_credentials_management, off.root_sessions) == (
        False,
        False,
        False,
    )
    plan = rc.plan_enable()
    assert plan.organization_id == org_id
    assert [s.name for s in plan.steps] == ENABLE_STEPS
    assert [s.api for s in plan.steps] == [
        "EnableAWSServiceAccess",
        "EnableOrganizationsRootCredentialsManagement",
        "EnableOrganizationsRootSessions",
    ]
    assert rc.features() == off, "planning changes nothing"

    report = rc.enable()
    assert report.ok, str(report)
    assert [(s.step.name, s.status) for s in report.steps] == [
        (name, "done") for name in ENABLE_STEPS
    ]
    on = rc.features()
    assert (on.trusted_access, on.root_credentials_management, on.root_sessions) == (
        True,
        True,
        True,
    )
    assert report.features == on
    # Read back independently of rootctl, too.
    access = _organizations("ListAWSServiceAccessForOrganization")
    assert [p["ServicePrincipal"] for p in access["EnabledServicePrincipals"]] == [
        "iam.amazonaws.com"
    ]

    assert rc.plan_enable().is_noop
    again = rc.enable()
    assert again.ok
    assert {s.status for s in again.steps} == {"already"}
    assert json.loads(again.to_json())["organization_id"] == org_id

    # Gap 3: no Account.State on the wire, so no member is ACTIVE to rootctl.
    with pytest.raises(rootctl.InvalidInputError, match="ACTIVE"):
        rc.select_accounts()
    with pytest.raises(rootctl.InvalidInputError, match="ACTIVE"):
        rc.plan_enable(delegated_admin=members[0])

    disabled = rc.disable(disable_trusted_access=True)
    assert disabled.ok, str(disabled)
    assert [s.step.name for s in disabled.steps] == [
        "disable_root_sessions",
        "disable_root_credentials_management",
        "disable_trusted_access",
    ]
    assert disabled.features == off
    assert rc.features() == off
    assert rc.plan_disable(disable_trusted_access=True).is_noop


def test_prerequisites_see_the_emulators_root_identity() -> None:
    create_organization(["py-member"])
    report = client().check_prerequisites()
    assert not report.ok
    organization = report.check("organization")
    assert organization is not None
    assert organization.status == "pass"
    # Gap 1: test/test is the management account's root user, which AWS does not let
    # call AssumeRoot: rootctl says so and names the fix.
    caller = report.check("caller")
    assert caller is not None
    assert caller.status == "fail", str(report)
    assert "root user" in caller.detail
    assert caller.remediation
    assert report.caller is not None
    assert report.caller.arn == f"arn:aws:iam::{MANAGEMENT}:root"


def test_async_client_and_aws_errors_as_exceptions() -> None:
    async def enable_async() -> tuple[rootctl.EnablePlan, rootctl.EnableReport]:
        rc = await rootctl.Rootctl.from_env_async(region=REGION, endpoint_url=ENDPOINT)
        return await rc.plan_enable_async(), await rc.enable_async(root_sessions=False)

    # No organization yet: AWS's refusal arrives as a typed exception with its details.
    with pytest.raises(rootctl.OrganizationNotFoundError) as refused:
        client().features()
    error = refused.value
    assert error.code == "AWSOrganizationsNotInUseException"
    assert error.service == "organizations"
    assert error.http_status == 400
    assert error.request_id
    assert not error.retryable

    create_organization([])
    plan, report = asyncio.run(enable_async())
    assert [s.name for s in plan.steps] == ENABLE_STEPS
    assert report.ok, str(report)
    assert [s.step.name for s in report.steps] == ENABLE_STEPS[:2]
    assert report.features.root_credentials_management
    assert not report.features.root_sessions

    with pytest.raises(rootctl.InvalidInputError, match="management account"):
        client().plan_enable(delegated_admin=MANAGEMENT)
