"""The wire benchmark: rootctl (Rust, and Python through the bindings) against a plain
boto3 script, auditing the same organization over real HTTP, in one run.

    (cd rootctl-py && maturin develop -r)      # a release build of the bindings
    pip install boto3                          # in the same virtualenv
    scripts/emulator python benches/wire.py [--members 20] [--rounds 5]

``scripts/emulator`` starts the fakecloud emulator on 127.0.0.1 and sets
``ROOTCTL_EMULATOR_ENDPOINT`` and its static credentials. This script resets it, builds
an organization of ``--members`` accounts with the root features on, and gives each
member the stand-in user fakecloud reports as its root user (one access key), all with
boto3. Then, for each client:

1. One audit through a counting proxy, untimed: how many AWS calls it makes per account.
2. A warm-up audit, then ``--rounds`` timed audits straight to the emulator: wall time
   and client CPU time (every thread of the client's process, to the nanosecond).

The boto3 script does what the common public scripts do: list the accounts, then one
account at a time, AssumeRoot and five IAM reads with a new IAM client per account.
The Rust client is the ``wire_audit`` bench binary (built in release by ``cargo bench``).
Figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import boto3
except ImportError:  # pragma: no cover - a set-up problem, said plainly
    sys.exit("benches/wire.py needs boto3: pip install boto3 (in the rootctl virtualenv)")

import rootctl

REGION = "us-east-1"
AUDIT = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"
DELETE = "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"
REPO = Path(__file__).resolve().parent.parent


# --- the organization -------------------------------------------------------------


def reset(endpoint: str) -> None:
    urllib.request.urlopen(urllib.request.Request(endpoint + "/_reset", b"", method="POST"))


def build_organization(endpoint: str, members: int) -> list[str]:
    """An all-features organization of ``members`` accounts, each with a stand-in user."""
    orgs = boto3.client("organizations", endpoint_url=endpoint, region_name=REGION)
    orgs.create_organization(FeatureSet="ALL")
    requests = [
        orgs.create_account(AccountName=f"bench-{n}", Email=f"bench-{n}@example.com")[
            "CreateAccountStatus"
        ]["Id"]
        for n in range(members)
    ]
    accounts = []
    for request in requests:
        while True:
            status = orgs.describe_create_account_status(CreateAccountRequestId=request)
            state = status["CreateAccountStatus"]["State"]
            if state == "SUCCEEDED":
                accounts.append(status["CreateAccountStatus"]["AccountId"])
                break
            if state != "IN_PROGRESS":
                sys.exit(f"CreateAccount failed: {status}")
            time.sleep(0.25)
    orgs.enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    iam = boto3.client("iam", endpoint_url=endpoint, region_name=REGION)
    iam.enable_organizations_root_credentials_management()
    iam.enable_organizations_root_sessions()
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION)
    for account in accounts:
        creds = sts.assume_root(TargetPrincipal=account, TaskPolicyArn={"arn": DELETE})[
            "Credentials"
        ]
        member_iam = iam_client(endpoint, creds)
        member_iam.create_user(UserName="root-stand-in")
        member_iam.create_access_key(UserName="root-stand-in")
    return accounts


def iam_client(endpoint: str, creds: dict[str, Any]) -> Any:
    return boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


# --- the clients --------------------------------------------------------------------


def boto3_audit(endpoint: str) -> int:
    """The common script: every account, one at a time, AssumeRoot and five IAM reads."""
    orgs = boto3.client("organizations", endpoint_url=endpoint, region_name=REGION)
    management = orgs.describe_organization()["Organization"]["MasterAccountId"]
    accounts = [
        account["Id"]
        for page in orgs.get_paginator("list_accounts").paginate()
        for account in page["Accounts"]
        if account["Status"] == "ACTIVE" and account["Id"] != management
    ]
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION)
    for account in accounts:
        creds = sts.assume_root(TargetPrincipal=account, TaskPolicyArn={"arn": AUDIT})[
            "Credentials"
        ]
        iam = iam_client(endpoint, creds)
        iam.get_account_summary()
        with contextlib.suppress(iam.exceptions.NoSuchEntityException):
            iam.get_login_profile()
        iam.list_access_keys()
        iam.list_signing_certificates()
        iam.list_mfa_devices()
    return len(accounts)


def python_audit(endpoint: str, concurrency: int | None) -> Callable[[], int]:
    rc = rootctl.Rootctl.from_env(region=REGION, endpoint_url=endpoint, concurrency=concurrency)

    def audit() -> int:
        report = rc.audit()
        if report.summary.failed:
            sys.exit(f"rootctl (Python): {report.summary.failed} account(s) failed")
        return int(report.summary.targeted)

    return audit


def rust_audit(endpoint: str, concurrency: int | None, rounds: int) -> dict[str, Any]:
    """Runs the Rust client; its own measurements, as JSON."""
    command = [
        "cargo",
        "bench",
        "-q",
        "-p",
        "rootctl-workspace",
        "--bench",
        "wire_audit",
        "--",
        "--endpoint-url",
        endpoint,
        "--rounds",
        str(rounds),
        "--concurrency",
        "adaptive" if concurrency is None else str(concurrency),
    ]
    out = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --- measuring ----------------------------------------------------------------------


class CountingProxy:
    """Forwards every request to the emulator and counts them."""

    def __init__(self, endpoint: str) -> None:
        self.calls = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                proxy.calls += 1
                request = urllib.request.Request(
                    endpoint + self.path, data=body, method="POST", headers=dict(self.headers)
                )
                try:
                    with urllib.request.urlopen(request) as response:
                        status, headers, data = response.status, response.headers, response.read()
                except urllib.error.HTTPError as error:
                    status, headers, data = error.code, error.headers, error.read()
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(name, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def calls_per_account(run: Callable[[str], int], endpoint: str) -> float:
    proxy = CountingProxy(endpoint)
    try:
        accounts = run(proxy.url)
    finally:
        proxy.close()
    return proxy.calls / accounts


def in_process(audit: Callable[[], int], rounds: int) -> dict[str, Any]:
    audit()  # warm-up
    results = []
    for _ in range(rounds):
        cpu, wall = time.process_time(), time.perf_counter()
        accounts = audit()
        results.append(
            {
                "accounts": accounts,
                "wall_s": time.perf_counter() - wall,
                "cpu_s": time.process_time() - cpu,
            }
        )
    return {"rounds": results}


def idle_cpu_per_second() -> float:
    cpu = time.process_time()
    time.sleep(1.0)
    return time.process_time() - cpu


# --- the run ------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    endpoint = os.environ.get("ROOTCTL_EMULATOR_ENDPOINT", "").rstrip("/")
    if not endpoint:
        sys.exit("ROOTCTL_EMULATOR_ENDPOINT is not set: run through scripts/emulator")

    reset(endpoint)
    started = time.perf_counter()
    build_organization(endpoint, args.members)
    print(
        f"Organization of {args.members} members with a stand-in root user each, built in "
        f"{time.perf_counter() - started:.1f} s. {args.rounds} timed rounds per client "
        "after a warm-up; CPU is the client process's, all threads.\n"
    )

    rows: list[tuple[str, str, float, dict[str, Any]]] = []
    boto3_calls = calls_per_account(boto3_audit, endpoint)
    rows.append(
        ("boto3 script", "1", boto3_calls, in_process(lambda: boto3_audit(endpoint), args.rounds))
    )
    for concurrency in (1, None):
        label = "adaptive" if concurrency is None else str(concurrency)
        calls = calls_per_account(lambda url, c=concurrency: python_audit(url, c)(), endpoint)
        rows.append(
            (
                "rootctl (Python)",
                label,
                calls,
                in_process(python_audit(endpoint, concurrency), args.rounds),
            )
        )
    python_idle = idle_cpu_per_second()
    rust_idle = 0.0
    for concurrency in (1, None):
        label = "adaptive" if concurrency is None else str(concurrency)
        calls = calls_per_account(
            lambda url, c=concurrency: int(rust_audit(url, c, 0)["warmup_accounts"]), endpoint
        )
        result = rust_audit(endpoint, concurrency, args.rounds)
        rust_idle = float(result.get("idle_cpu_s_per_s") or 0.0)
        rows.append(("rootctl (Rust)", label, calls, result))

    print(
        "| client           | concurrency | accounts | calls/account | CPU/account (ms) "
        "| CPU/call (ms) | wall/account (ms) | CPU/call vs boto3 | wall vs boto3 |"
    )
    print(
        "|------------------|------------:|---------:|--------------:|-----------------:"
        "|--------------:|------------------:|------------------:|--------------:|"
    )
    base_cpu_call = base_wall = 0.0
    for client, label, calls, result in rows:
        rounds = result["rounds"]
        accounts = sum(r["accounts"] for r in rounds)
        cpu_account = sum(r["cpu_s"] for r in rounds) / accounts * 1e3
        wall_account = sum(r["wall_s"] for r in rounds) / accounts * 1e3
        cpu_call = cpu_account / calls
        if client == "boto3 script":
            base_cpu_call, base_wall = cpu_call, wall_account
        print(
            f"| {client:<16} | {label:>11} | {accounts // len(rounds):>8} | {calls:>13.1f} "
            f"| {cpu_account:>16.2f} | {cpu_call:>13.3f} | {wall_account:>17.2f} "
            f"| {base_cpu_call / cpu_call:>16.1f}x | {base_wall / wall_account:>12.1f}x |"
        )
    print(
        f"\nIdle CPU per second of wall time: Python process after rootctl ran "
        f"{python_idle * 1e3:.2f} ms, Rust process {rust_idle * 1e3:.2f} ms."
    )


if __name__ == "__main__":
    main()
