"""Progress callbacks: events arrive from the worker threads; exceptions are raised."""

from __future__ import annotations

import asyncio
import threading

import pytest

import rootctl


class BoomError(Exception):
    """What a broken progress callback raises."""


def test_events_arrive_for_every_account(rc: rootctl.Rootctl) -> None:
    events: list[rootctl.ProgressEvent] = []
    threads: set[int] = set()

    def record(event: rootctl.ProgressEvent) -> None:
        threads.add(threading.get_ident())
        events.append(event)

    report = rc.audit(progress=record)
    ids = {a.account_id for a in report.accounts}
    started = {e.account_id for e in events if e.kind == "account_started"}
    finished = {e.account_id for e in events if e.kind == "account_finished"}
    assert started == finished == ids
    assert threading.get_ident() not in threads, "callbacks run on rootctl's worker threads"
    event = events[0]
    assert event.detail == ""
    assert event.to_dict() == {
        "kind": "account_started",
        "account_id": event.account_id,
        "detail": "",
        "concurrency": event.concurrency,
    }
    assert event.concurrency == 16, "where the adaptive limit starts"
    assert repr(event).startswith("ProgressEvent(kind='account_started'")


def test_apply_reports_removed_items(rc: rootctl.Rootctl) -> None:
    plan = rc.plan_removal(rc.audit())
    events: list[rootctl.ProgressEvent] = []
    rc.apply_removal(plan, progress=events.append)
    removed = [e for e in events if e.kind == "item_removed"]
    assert len(removed) == plan.item_count
    assert all(e.account_id and e.detail for e in removed)


def test_failures_are_reported_as_events(org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    victim = org.members()[0].account_id
    org.deny_root_sessions(victim)
    events: list[rootctl.ProgressEvent] = []
    rc.audit(progress=events.append)
    [failed] = [e for e in events if e.kind == "account_failed"]
    assert failed.account_id == victim and "access denied" in failed.detail


def test_an_exception_in_the_callback_is_raised_after_the_operation(
    org: rootctl.SimulatedOrg,
) -> None:
    # One account at a time, so no other call of the callback is under way when it raises.
    rc = rootctl.Rootctl.simulated(org, concurrency=1)
    calls: list[rootctl.ProgressEvent] = []

    def broken(event: rootctl.ProgressEvent) -> None:
        calls.append(event)
        raise BoomError(f"cannot handle {event.kind}")

    with pytest.raises(BoomError, match="cannot handle account_started") as raised:
        rc.audit(progress=broken)
    assert len(calls) == 1, "a callback that raised is not called again"
    notes = getattr(raised.value, "__notes__", [])
    assert any("progress callback" in note and "audit" in note for note in notes)
    # The operation ran to its end regardless: every account was read.
    summaries = [c.account_id for c in org.calls() if c.operation == "GetAccountSummary"]
    assert len(set(summaries)) == len(org.members())


def test_an_exception_in_the_callback_is_raised_by_the_coroutine(rc: rootctl.Rootctl) -> None:
    def broken(event: rootctl.ProgressEvent) -> None:
        raise BoomError(event.kind)

    with pytest.raises(BoomError):
        asyncio.run(rc.audit_async(progress=broken))
    plan = rc.plan_removal(rc.audit())
    with pytest.raises(BoomError):
        rc.apply_removal(plan, dry_run=True, progress=broken)


def test_a_callback_that_is_not_callable_is_refused_at_once(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    with pytest.raises(TypeError, match="callable"):
        rc.audit(progress=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="callable"):
        rc.audit_async(progress="print").close()  # type: ignore[arg-type]
    assert org.calls() == [], "refused before any call"


def test_a_real_apply_keeps_its_report_when_the_callback_raises(rc: rootctl.Rootctl) -> None:
    # Credentials are gone by the time the exception is raised: what was removed must
    # still be told, so the report rides on the exception.
    plan = rc.plan_removal(rc.audit())

    def broken(event: rootctl.ProgressEvent) -> None:
        raise BoomError(event.kind)

    with pytest.raises(BoomError) as raised:
        rc.apply_removal(plan, progress=broken)
    report = getattr(raised.value, "result", None)
    assert isinstance(report, rootctl.RemovalReport)
    assert report.summary.removed == plan.item_count
    assert report.ok, str(report)
