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
import subprocess
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import rootctl
from rootctl import cli

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


def _post(path: str, body: bytes, headers: dict[str, str], method: str = "POST") -> bytes:
    request = urllib.request.Request(ENDPOINT + path, data=body, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        data: bytes = response.read()
        return data


def _organizations(action: str, **params: Any) -> Any:
    """One Organizations call (JSON protocol), SigV4-signed with the environment's keys."""
    body = json.dumps(params).encode()
    headers = _sign(
        "organizations",
        body,
        {
            "content-type": "application/x-amz-json-1.1",
            "x-amz-target": f"AWSOrganizationsV20161128.{action}",
        },
        os.environ["AWS_ACCESS_KEY_ID"],
        os.environ["AWS_SECRET_ACCESS_KEY"],
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

    # Gap 3: only the retired Status is on the wire; rootctl reads it where State is
    # absent, so both members are targets and a valid delegated-admin candidate.
    assert sorted(t.account_id for t in rc.select_accounts().targets) == sorted(members)
    assert rc.plan_enable(delegated_admin=members[0]).steps[-1].name == (
        "register_delegated_administrator"
    )

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


def _sign(
    service: str,
    body: bytes,
    headers: dict[str, str],
    key_id: str,
    secret: str,
    method: str = "POST",
    path: str = "/",
) -> dict[str, str]:
    """SigV4 headers for a request without a query string, by default a POST to ``/``
    (the standard library only, as above); ``path`` is already URI-encoded."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers = {**headers, "host": urlsplit(ENDPOINT).netloc, "x-amz-date": stamp}
    names = sorted(headers)
    canonical = "\n".join(
        [
            method,
            path,
            "",
            *(f"{name}:{headers[name]}" for name in names),
            "",
            ";".join(names),
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{stamp[:8]}/{REGION}/{service}/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = ("AWS4" + secret).encode()
    for part in scope.split("/"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={key_id}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )
    return headers


def _query(service: str, action: str, creds: dict[str, str] | None = None, **params: str) -> Any:
    """One Query-protocol call (STS, IAM); the response as an XML element. Parameter
    names use ``__`` for ``.`` (``TaskPolicyArn__arn`` is ``TaskPolicyArn.arn``)."""
    version = "2011-06-15" if service == "sts" else "2010-05-08"
    fields = {name.replace("__", "."): value for name, value in params.items()}
    body = urllib.parse.urlencode({"Action": action, "Version": version, **fields}).encode()
    headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8"}
    if creds is None:
        creds = {
            "key": os.environ["AWS_ACCESS_KEY_ID"],
            "secret": os.environ["AWS_SECRET_ACCESS_KEY"],
        }
    if "token" in creds:
        headers["x-amz-security-token"] = creds["token"]
    signed = _sign(service, body, headers, creds["key"], creds["secret"])
    return ET.fromstring(_post("/", body, signed))


def _find(element: Any, name: str) -> str:
    found = next((e.text for e in element.iter() if e.tag.endswith("}" + name)), None)
    assert found, f"no {name} in {ET.tostring(element)!r}"
    return str(found)


def root_session(account: str) -> dict[str, str]:
    """A raw AssumeRoot session on ``account`` (the delete task), signed here."""
    assumed = _query(
        "sts",
        "AssumeRoot",
        TargetPrincipal=account,
        TaskPolicyArn__arn="arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials",
    )
    return {
        "key": _find(assumed, "AccessKeyId"),
        "secret": _find(assumed, "SecretAccessKey"),
        "token": _find(assumed, "SessionToken"),
    }


def seed_stand_in(account: str, keys: int, certificates: int) -> list[str]:
    """Gap 2: gives ``account`` the stand-in IAM user that fakecloud reports as its root
    user, with keys and certificates, through a raw AssumeRoot session. The key ids."""
    creds = root_session(account)
    _query("iam", "CreateUser", creds, UserName="root-stand-in")
    ids = [
        _find(_query("iam", "CreateAccessKey", creds, UserName="root-stand-in"), "AccessKeyId")
        for _ in range(keys)
    ]
    body = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUcHl0ZXN0\n-----END CERTIFICATE-----\n"
    for _ in range(certificates):
        _query(
            "iam", "UploadSigningCertificate", creds, UserName="root-stand-in", CertificateBody=body
        )
    return ids


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main([*args, "--region", REGION, "--endpoint-url", ENDPOINT])
    return code, capsys.readouterr().out


def test_console_command_audits_plans_and_applies_over_the_wire(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The public console command end to end against the emulator: enable, audit -o json,
    plan-removal of keys and certificates, a dry run, apply --yes, and a clean re-audit."""
    _, members = create_organization(["cli-keys", "cli-clean"])
    code, out = run_cli(capsys, "enable", "--root-sessions", "--yes")
    assert code == 0, out
    keys = seed_stand_in(members[0], keys=2, certificates=1)
    seed_stand_in(members[1], keys=0, certificates=0)

    code, out = run_cli(capsys, "audit", "-o", "json")
    assert code == 0, out
    audit = json.loads(out)
    by_id = {a["account_id"]: a for a in audit["accounts"]}
    assert sorted(by_id) == sorted(members)
    assert sorted(k["id"] for k in by_id[members[0]]["credentials"]["access_keys"]) == sorted(keys)
    assert len(by_id[members[0]]["credentials"]["signing_certificates"]) == 1

    plan_file = tmp_path / "plan.json"
    code, out = run_cli(
        capsys, "plan-removal", "--kinds", "access_keys,signing_certificates", "-o", str(plan_file)
    )
    assert code == 0, out
    plan = json.loads(plan_file.read_text())
    assert [a["account_id"] for a in plan["accounts"]] == [members[0]]

    code, out = run_cli(capsys, "apply", str(plan_file), "--dry-run", "-o", "json")
    assert code == 0, out
    assert json.loads(out)["summary"]["removed"] == 0

    code, out = run_cli(capsys, "apply", str(plan_file), "--yes", "-o", "json")
    assert code == 0, out
    applied = json.loads(out)
    assert applied["summary"]["removed"] == 3, out

    code, out = run_cli(capsys, "audit", "-o", "json")
    assert code == 0, out
    after = {a["account_id"]: a for a in json.loads(out)["accounts"]}
    assert after[members[0]]["credentials"]["access_keys"] == []
    assert after[members[0]]["credentials"]["signing_certificates"] == []


def test_console_enforce_check_and_enforce_over_the_wire(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``rootctl enforce --check`` exits 1 while the stand-in user holds keys and a
    certificate, ``rootctl enforce --yes`` removes them, and the next check exits 0."""
    _, members = create_organization(["enforce-keys", "enforce-clean"])
    code, out = run_cli(capsys, "enable", "--root-sessions", "--yes")
    assert code == 0, out
    keys = seed_stand_in(members[0], keys=2, certificates=1)
    seed_stand_in(members[1], keys=0, certificates=0)
    policy = tmp_path / "policy.toml"
    policy.write_text("# the default: all four kinds, every member account\n", encoding="utf-8")

    code, out = run_cli(capsys, "enforce", "--policy", str(policy), "--check", "-o", "json")
    assert code == 1, out
    check = rootctl.EnforcementReport.from_json(out)
    by_id = {a.account_id: a for a in check.accounts}
    assert by_id[members[0]].status == "non_compliant"
    assert sorted(i.id or "" for i in by_id[members[0]].remaining if i.kind == "access_key") == (
        sorted(keys)
    )
    assert by_id[members[1]].status == "compliant"

    code, out = run_cli(capsys, "enforce", "--policy", str(policy), "--yes", "-o", "json")
    assert code == 0, out
    done = rootctl.EnforcementReport.from_json(out)
    assert {a.account_id: a.status for a in done.accounts} == {
        members[0]: "remediated",
        members[1]: "compliant",
    }
    assert done.summary["removed"] == 3

    code, out = run_cli(capsys, "enforce", "--policy", str(policy), "--check")
    assert code == 0, out
    code, _ = run_cli(capsys, "audit", "--fail-on-credentials")
    assert code == 0


def test_console_findings_and_evidence_page_over_the_wire(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``audit -o asff|ocsf`` and ``report`` on the real adapters: the holder's key is a
    FAILED finding named by its id, the clean member's kinds pass, the ASFF findings name
    the region and the calling account, the OCSF ones validate, and the page counts the
    same accounts."""
    from test_findings import REQUIRED, _validate

    _, members = create_organization(["evidence-keys", "evidence-clean"])
    code, out = run_cli(capsys, "enable", "--root-sessions", "--yes")
    assert code == 0, out
    keys = seed_stand_in(members[0], keys=1, certificates=0)
    seed_stand_in(members[1], keys=0, certificates=0)

    code, out = run_cli(capsys, "audit", "-o", "asff")
    assert code == 0, out
    findings = json.loads(out)
    assert len(findings) == 2 * 4
    caller = findings[0]["AwsAccountId"]
    for f in findings:
        assert all(f.get(key) for key in REQUIRED), f
        assert f["ProductArn"] == f"arn:aws:securityhub:{REGION}:{caller}:product/{caller}/default"
    status = {
        (f["Resources"][0]["Id"].rsplit(":", 1)[1], f["ProductFields"]["rootctl/Kind"]): f
        for f in findings
    }
    held = status[(members[0], "access_key")]
    assert held["Compliance"]["Status"] == "FAILED"
    assert held["Severity"]["Label"] == "CRITICAL"
    assert held["ProductFields"]["rootctl/CredentialIds"] == keys[0]
    clean = [f for (account, _), f in status.items() if account == members[1]]
    assert {f["Compliance"]["Status"] for f in clean} == {"PASSED"}

    code, out = run_cli(capsys, "audit", "-o", "ocsf")
    assert code == 0, out
    _validate(json.loads(out))

    page = tmp_path / "report.html"
    code, out = run_cli(capsys, "report", "-o", str(page))
    assert code == 0, out
    html = page.read_text(encoding="utf-8")
    assert f'data-id="{members[0]}" data-status="holding"' in html
    assert f'data-id="{members[1]}" data-status="clean"' in html


EXAMPLES = os.environ.get("ROOTCTL_EXAMPLES_DIR", "")


def run_example(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    binary = Path(EXAMPLES) / name
    return subprocess.run(
        [str(binary), "--endpoint-url", ENDPOINT, "--region", REGION, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(
    not EXAMPLES,
    reason="ROOTCTL_EXAMPLES_DIR is not set: scripts/test builds the Rust examples and sets it",
)
def test_rust_examples_over_the_wire() -> None:
    """The Rust examples, built as users build them, against the emulator with
    --endpoint-url: check and enable, an org-wide audit, and removal with --yes."""
    _, members = create_organization(["ex-keys", "ex-clean"])

    enabled = run_example("check_and_enable", "--yes")
    # Gap 1: the emulator's caller is the management account's root user, so the final
    # check fails the caller (as AWS would) after enabling what was missing.
    assert "root user" in enabled.stdout, enabled.stdout + enabled.stderr
    assert "EnableOrganizationsRootSessions" in enabled.stdout, enabled.stdout
    rc = client()
    assert rc.features().root_sessions

    keys = seed_stand_in(members[0], keys=2, certificates=1)
    seed_stand_in(members[1], keys=0, certificates=0)
    audited = run_example("org_audit", "--json")
    assert audited.returncode == 0, audited.stderr
    report = json.loads(audited.stdout)
    by_id = {a["account_id"]: a for a in report["accounts"]}
    assert sorted(k["id"] for k in by_id[members[0]]["credentials"]["access_keys"]) == sorted(keys)

    removed = run_example(
        "remove_root_credentials", "--kinds", "access_keys,signing_certificates", "--yes"
    )
    assert removed.returncode == 0, removed.stdout + removed.stderr
    after = client().audit()
    inventory = {a.account_id: a.credentials for a in after.accounts}
    creds = inventory[members[0]]
    assert creds is not None
    assert list(creds.access_keys) == []
    assert list(creds.signing_certificates) == []
