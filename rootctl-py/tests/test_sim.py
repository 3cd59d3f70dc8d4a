"""SimulatedOrg: its knobs and its ground truth."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import rootctl


def test_python_defaults_leave_centralized_root_access_off() -> None:
    org = rootctl.SimulatedOrg()
    assert org.features() == rootctl.SimulatedOrg(members=3).features()
    features = org.features()
    assert not features.trusted_access
    assert not features.root_credentials_management
    assert not features.root_sessions
    assert len(org.members()) == 12
    assert org.seed == 0
    assert org.caller == "management"


def test_features_enabled_turns_everything_on() -> None:
    features = rootctl.SimulatedOrg(features_enabled=True).features()
    assert (features.trusted_access, features.root_credentials_management) == (True, True)
    assert features.root_sessions
    only_rcm = rootctl.SimulatedOrg(features_enabled=True, root_sessions=False).features()
    assert only_rcm.root_credentials_management and not only_rcm.root_sessions
    only_ta = rootctl.SimulatedOrg(trusted_access=True).features()
    assert only_ta.trusted_access and not only_ta.root_credentials_management


def test_a_feature_without_trusted_access_is_refused() -> None:
    with pytest.raises(rootctl.InvalidInputError, match="trusted_access"):
        rootctl.SimulatedOrg(features_enabled=True, trusted_access=False)


@pytest.mark.parametrize(
    "knobs",
    [
        {"caller": "root"},
        {"scp_deny": "everything"},
        {"assume_root_rate": 0.0},
        {"session_lifetime_s": -1.0},
        {"latency_ms": float("nan")},
    ],
)
def test_bad_knobs_raise_invalid_input(knobs: dict[str, object]) -> None:
    with pytest.raises(rootctl.InvalidInputError):
        rootctl.SimulatedOrg(**knobs)  # type: ignore[arg-type]


def test_the_same_seed_builds_the_same_organization() -> None:
    a, b = rootctl.SimulatedOrg(seed=42, members=20), rootctl.SimulatedOrg(seed=42, members=20)
    assert a.organization_id == b.organization_id
    assert a.members() == b.members()
    for member in a.members():
        assert a.root_credentials(member.account_id) == b.root_credentials(member.account_id)
    assert rootctl.SimulatedOrg(seed=43, members=20).organization_id != a.organization_id


def test_members_are_the_ground_truth(example: rootctl.SimulatedOrg) -> None:
    members = example.members()
    assert len(members) == 12
    ids = [m.account_id for m in members]
    assert ids == sorted(ids)
    assert all(len(i) == 12 and i.isdigit() for i in ids)
    assert example.management_account_id not in ids
    assert example.delegated_admin_account_id in ids
    states = sorted(m.state for m in members)
    assert states.count("SUSPENDED") == 1 and states.count("CLOSED") == 1
    member = members[0]
    assert member.parent_id.startswith(("r-", "ou-"))
    assert member.joined is None or member.joined.tzinfo is not None
    assert isinstance(member.tags, dict)
    assert member.to_dict()["account"]["id"] == member.account_id
    assert repr(member).startswith("Member(account_id=")


def test_root_credentials_match_the_shape_of_an_audit(org: rootctl.SimulatedOrg) -> None:
    assert org.root_credentials(org.management_account_id) is None
    assert org.root_credentials("000000000000") is None
    with pytest.raises(rootctl.InvalidInputError):
        org.root_credentials("not-an-id")
    creds = [org.root_credentials(m.account_id) for m in org.members()]
    with_password = [c for c in creds if c is not None and c.password is not None]
    assert with_password, "the default mix gives some accounts a password"
    profile = with_password[0].password
    assert profile is not None
    assert profile.created.tzinfo == timezone.utc
    for c in creds:
        assert c is not None
        assert isinstance(c.access_keys, list)
        assert isinstance(c.signing_certificates, list)
        assert isinstance(c.mfa_devices, list)


def test_the_call_log_is_in_order_and_filters_mutations(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    rc.disable(root_sessions_only=True)
    calls = org.calls()
    assert [c.seq for c in calls] == sorted(c.seq for c in calls)
    mutating = org.calls(mutating_only=True)
    assert [c.operation for c in mutating] == ["DisableOrganizationsRootSessions"]
    assert mutating[0].outcome == "ok" and mutating[0].ok and mutating[0].mutating
    assert all(not c.mutating for c in calls if c not in mutating)
    assert org.stats().calls == len(calls)
    org.clear_calls()
    assert org.calls() == []


def test_scp_denies_can_be_attached_and_removed(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    victim = org.members()[3].account_id
    org.deny_root_sessions(victim)
    failed = rc.audit(accounts=victim).accounts[0]
    assert isinstance(failed.error, rootctl.AccessDeniedError)
    org.deny_root_sessions(victim, "every_call")
    failed = rc.audit(accounts=victim).accounts[0]
    assert isinstance(failed.error, rootctl.AccessDeniedError)
    assert failed.error.operation != "AssumeRoot"
    org.allow_root_sessions(victim)
    assert rc.audit(accounts=victim).ok


def test_denied_members_fail_their_audit() -> None:
    org = rootctl.SimulatedOrg(members=10, seed=5, features_enabled=True, denied_members=2)
    report = rootctl.Rootctl.simulated(org).audit()
    failed = [a for a in report.accounts if not a.ok]
    assert len(failed) == 2
    assert all(isinstance(a.error, rootctl.AccessDeniedError) for a in failed)
    assert report.summary.failed == 2 and not report.ok


def test_account_states_and_callers_can_change(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    victim = org.members()[2].account_id
    org.set_account_state(victim, "SUSPENDED")
    skipped = {s.account_id: s for s in rc.select_accounts().skipped}
    assert skipped[victim].reason == "not_active"
    org.set_caller("member")
    assert org.caller == "member"
    with pytest.raises(rootctl.NotManagementAccountError):
        rc.plan_enable()
    with pytest.raises(rootctl.InvalidInputError):
        org.set_caller("nobody")


def test_advance_clock_moves_simulated_time(org: rootctl.SimulatedOrg) -> None:
    before = datetime.now(timezone.utc)
    org.advance_clock(3600)
    assert (org.now() - before).total_seconds() >= 3600
    with pytest.raises(rootctl.InvalidInputError):
        org.advance_clock(0)


def test_sessions_that_stop_working_are_renewed_then_reported() -> None:
    # Every session dies 1 ms after AssumeRoot and every call takes 2 ms: each call sees
    # ExpiredToken, rootctl assumes again (and says so), and after its renewals the account
    # fails with SessionExpiredError.
    org = rootctl.SimulatedOrg(
        members=4, seed=2, features_enabled=True, session_lifetime_s=0.001, latency_ms=2
    )
    events: list[rootctl.ProgressEvent] = []
    report = rootctl.Rootctl.simulated(org).audit(progress=events.append)
    assert any(e.kind == "session_renewed" for e in events)
    assert any(c.outcome == "ExpiredToken" for c in org.calls())
    assert report.accounts
    assert all(isinstance(a.error, rootctl.SessionExpiredError) for a in report.accounts)


def test_transient_failures_are_retried() -> None:
    org = rootctl.SimulatedOrg(members=8, seed=9, features_enabled=True, transient_failure_rate=0.2)
    report = rootctl.Rootctl.simulated(org).audit()
    assert org.stats().failed > 0
    assert report.ok


def test_tags_knob_shapes_the_tags() -> None:
    org = rootctl.SimulatedOrg(seed=1, features_enabled=True, tags={"env": ["prod"]})
    assert all(m.tags == {"env": "prod"} for m in org.members())
    untagged = rootctl.SimulatedOrg(seed=1, tags={})
    assert all(m.tags == {} for m in untagged.members())


def test_repr_names_the_organization(example: rootctl.SimulatedOrg) -> None:
    assert example.organization_id in repr(example)
    assert repr(example).startswith("SimulatedOrg(")


def test_client_options_are_kept_and_checked(org: rootctl.SimulatedOrg) -> None:
    rc = rootctl.Rootctl.simulated(
        org,
        concurrency=3,
        assume_root_rate=50.0,
        account_timeout_s=60,
        max_attempts=2,
        session_duration_s=300,
    )
    assert (rc.concurrency, rc.assume_root_rate, rc.max_attempts) == (3, 50.0, 2)
    assert (rc.account_timeout_s, rc.session_duration_s, rc.region) == (60.0, 300, "us-east-1")
    assert repr(rc) == f"Rootctl(simulated='{org.organization_id}', concurrency=3)"
    for bad in (
        {"concurrency": 0},
        {"max_concurrency": 0},
        {"assume_root_rate": -1.0},
        {"max_attempts": 0},
    ):
        with pytest.raises(rootctl.InvalidInputError):
            rootctl.Rootctl.simulated(org, **bad)


def test_adaptive_concurrency_is_the_default_and_its_limit_is_reported() -> None:
    org = rootctl.SimulatedOrg(members=120, seed=3, features_enabled=True, latency_ms=2.0)
    rc = rootctl.Rootctl.simulated(org, max_concurrency=40)
    assert (rc.concurrency, rc.max_concurrency, rc.assume_root_rate) == (None, 40, None)
    assert rc.concurrency_limit == 16 and rc.assume_root_pace is None
    assert repr(rc) == f"Rootctl(simulated='{org.organization_id}', concurrency='adaptive(max=40)')"
    events: list[rootctl.ProgressEvent] = []
    report = rc.audit(progress=events.append)
    assert report.summary.failed == 0
    # Every slot stayed busy and nothing was throttled: the limit grew, to the cap.
    assert rc.concurrency_limit == 40
    changes = [e.detail for e in events if e.kind == "limit_changed"]
    assert changes[0] == "concurrency 16 -> 17" and changes[-1] == "concurrency 39 -> 40"
    started = [e.concurrency for e in events if e.kind == "account_started"]
    assert started[0] == 16 and max(c for c in started if c is not None) == 40


def test_throttling_is_reported_and_avoided_by_the_client_limit() -> None:
    # 16 AssumeRoots at once against a bucket of 2: some are throttled, and with retries
    # off they stay failed, as ThrottledError.
    org = rootctl.SimulatedOrg(members=16, seed=6, features_enabled=True, assume_root_rate=2.0)
    report = rootctl.Rootctl.simulated(org, max_attempts=1).audit()
    throttled = [a.error for a in report.accounts if a.error is not None]
    assert throttled and org.stats().throttled == len(throttled)
    assert all(isinstance(e, rootctl.ThrottledError) and e.retryable for e in throttled)
    # A client-side limit below the organization's never meets its throttle.
    polite = rootctl.SimulatedOrg(members=8, seed=6, features_enabled=True, assume_root_rate=40.0)
    assert rootctl.Rootctl.simulated(polite, assume_root_rate=20.0, max_attempts=1).audit().ok
    assert polite.stats().throttled == 0
