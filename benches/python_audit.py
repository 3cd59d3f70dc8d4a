"""The audit benchmark again, from Python through the bindings: how much the binding
costs next to the Rust figures of ``cargo bench --bench audit``.

    scripts/test-python   # once, to build the package into the virtualenv
    ~/.cache/rootctl/venv/bin/python benches/python_audit.py

The native module is a debug build after ``maturin develop``; for figures comparable
with the Rust benchmark build it in release: ``(cd rootctl-py && maturin develop -r)``.
"""

from __future__ import annotations

import resource
import time

import rootctl

LATENCY_MS = 20.0
SERVICE_RATE = 200.0


def latency_run(accounts: int) -> None:
    org = rootctl.SimulatedOrg(
        members=accounts,
        seed=42,
        features_enabled=True,
        latency_ms=LATENCY_MS,
        assume_root_rate=SERVICE_RATE,
        assume_root_burst=int(SERVICE_RATE / 10),
    )
    rc = rootctl.Rootctl.simulated(org)  # the defaults: adaptive, no tuning
    started = time.perf_counter()
    report = rc.audit()
    wall = time.perf_counter() - started
    calls = [c for c in org.calls() if c.operation == "AssumeRoot" or c.account_id]
    print(
        f"| python, defaults       | {report.summary.targeted:>8} | {wall:>8.2f} "
        f"| {report.summary.failed:>6} | {len(calls):>6} |"
    )


def cpu_run(accounts: int) -> None:
    org = rootctl.SimulatedOrg(members=accounts, seed=42, features_enabled=True)
    rc = rootctl.Rootctl.simulated(org)
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    report = rc.audit()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    per_account_us = cpu / report.summary.targeted * 1e6
    # Converting the whole report into Python objects is part of what a user pays.
    started = time.perf_counter()
    rows = [(a.account_id, a.credentials) for a in report.accounts]
    convert = time.perf_counter() - started
    print(
        f"| {report.summary.targeted:>8} | {wall:>8.3f} | {cpu:>12.2f} | {per_account_us:>16.1f} "
        f"| {convert * 1e3:>18.1f} | {len(rows) - report.summary.audited:>6} |"
    )


def main() -> None:
    print(
        f"Audit through the Python bindings, {LATENCY_MS:.0f} ms per call, "
        f"AssumeRoot {SERVICE_RATE:.0f}/s\n"
    )
    print("| strategy               | accounts | wall (s) | failed | calls  |")
    print("|------------------------|---------:|---------:|-------:|-------:|")
    latency_run(1000)
    print("\nCPU with zero latency (process user+system time):\n")
    print("| accounts | wall (s) | CPU time (s) | CPU/account (us) | read results (ms) | failed |")
    print("|---------:|---------:|-------------:|-----------------:|------------------:|-------:|")
    for accounts in (1000, 5000, 10000):
        cpu_run(accounts)


if __name__ == "__main__":
    main()
