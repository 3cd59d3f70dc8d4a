"""The runtime: sync calls release the GIL and honour Ctrl-C; async calls run concurrently
and cancel cleanly. No assertion here depends on how fast the machine is: each waits for
a condition with a generous deadline, or compares against a run many times longer."""

from __future__ import annotations

import _thread
import asyncio
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import rootctl


def slow_org(latency_ms: float = 20, members: int = 12) -> rootctl.SimulatedOrg:
    """An organization whose every call takes ``latency_ms``."""
    return rootctl.SimulatedOrg(
        members=members, seed=3, features_enabled=True, latency_ms=latency_ms
    )


def wait_until_stable(org: rootctl.SimulatedOrg, quiet: float = 0.5, deadline: float = 10) -> int:
    """Waits until the call log stops growing for ``quiet`` seconds; returns its length."""
    end = time.monotonic() + deadline
    count = len(org.calls())
    stable_since = time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.05)
        now = len(org.calls())
        if now != count:
            count, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= quiet:
            return count
    raise AssertionError(f"the call log kept growing for {deadline} s: not cancelled")


def full_run_calls() -> int:
    """How many calls a whole audit of ``slow_org()`` makes (the same org, no latency)."""
    org = rootctl.SimulatedOrg(members=12, seed=3, features_enabled=True)
    rootctl.Rootctl.simulated(org, concurrency=1).audit()
    return len(org.calls())


def test_sync_calls_release_the_gil() -> None:
    org = slow_org(latency_ms=25)
    rc = rootctl.Rootctl.simulated(org, concurrency=2)
    stop = threading.Event()
    ticks: list[float] = []

    def tick() -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.001)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        started = time.monotonic()
        report = rc.audit()
        finished = time.monotonic()
    finally:
        stop.set()
        ticker.join(timeout=10)
    assert report.ok
    # The audit makes dozens of calls of 25 ms, two at a time: it lasts well over 0.2 s.
    assert finished - started > 0.2
    during = [t for t in ticks if started + 0.05 < t < finished - 0.05]
    assert during, "the other thread never ran while the audit held the interpreter"


@pytest.fixture
def sigint_raises() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt, even where the test runner was started with SIGINT
    ignored (as a shell's background job is), in which case Python installs no handler."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("sigint_raises")
def test_ctrl_c_interrupts_a_sync_call_and_cancels_it() -> None:
    org = slow_org(latency_ms=100)
    rc = rootctl.Rootctl.simulated(org, concurrency=1)
    # A whole audit at this latency takes over 10 s; interrupt it after 0.3 s.
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            rc.audit()
    finally:
        timer.cancel()
    assert time.monotonic() - started < 5, "KeyboardInterrupt came promptly"
    settled = wait_until_stable(org)
    assert settled < full_run_calls(), "the audit stopped when interrupted"


def test_sync_calls_work_from_other_threads_and_inside_a_loop(rc: rootctl.Rootctl) -> None:
    results: list[rootctl.OrgFeatures] = []
    workers = [threading.Thread(target=lambda: results.append(rc.features())) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert len(results) == 4 and all(r.root_sessions for r in results)

    async def blocking_inside_a_loop() -> bool:
        return rc.features().trusted_access

    assert asyncio.run(blocking_inside_a_loop())


def test_async_calls_run_concurrently() -> None:
    orgs = [slow_org(latency_ms=10, members=6) for _ in range(4)]
    clients = [rootctl.Rootctl.simulated(org) for org in orgs]

    async def main() -> list[rootctl.AuditReport]:
        return await asyncio.gather(*(rc.audit_async() for rc in clients))

    reports = asyncio.run(main())
    assert [r.ok for r in reports] == [True] * 4
    assert [len(r.accounts) for r in reports] == [6] * 4


def test_coroutines_behave_like_async_def(rc: rootctl.Rootctl) -> None:
    coroutine = rc.features_async()
    assert asyncio.iscoroutine(coroutine)
    assert asyncio.run(coroutine).trusted_access

    async def in_a_task() -> rootctl.SelectedAccounts:
        task = asyncio.create_task(rc.select_accounts_async())
        return await task

    assert len(asyncio.run(in_a_task())) > 0
    # Never awaited: nothing runs, and closing it is clean.
    rc.enable_async().close()


def test_bad_arguments_raise_when_the_async_method_is_called(rc: rootctl.Rootctl) -> None:
    with pytest.raises(rootctl.InvalidInputError):
        rc.audit_async(accounts="nope").close()


def test_cancelling_a_task_cancels_the_operation() -> None:
    org = slow_org(latency_ms=100)
    rc = rootctl.Rootctl.simulated(org, concurrency=1)

    async def main() -> None:
        task = asyncio.create_task(rc.audit_async())
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    settled = wait_until_stable(org)
    assert settled < full_run_calls(), "the audit stopped when its task was cancelled"


def test_the_interpreter_can_exit_right_after_async_operations() -> None:
    # An async operation's task set its result from a worker thread and then let go of
    # its Python objects; an interpreter finalizing meanwhile crashed (SIGSEGV, about one
    # exit in twenty of the async example, which gathers audits and exits at once). The
    # module now waits for those tasks at exit. Sixty exits (ten seconds) caught the old
    # crash 19 times in 20; a crash is never a flake to retry.
    example = Path(__file__).resolve().parents[2] / "examples" / "python" / "async_audit.py"
    for _ in range(60):
        done = subprocess.run(
            [sys.executable, str(example)], capture_output=True, text=True, cwd=example.parent
        )
        assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
