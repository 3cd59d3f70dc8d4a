"""The exception tree: one subclass per condition, attributes, and the mapping."""

from __future__ import annotations

import asyncio
import pickle

import pytest

import rootctl

CLASSES: dict[str, type[rootctl.RootctlError]] = {
    "invalid_input": rootctl.InvalidInputError,
    "config": rootctl.ConfigError,
    "not_management_account": rootctl.NotManagementAccountError,
    "organization_not_found": rootctl.OrganizationNotFoundError,
    "not_all_features": rootctl.NotAllFeaturesError,
    "trusted_access_not_enabled": rootctl.TrustedAccessNotEnabledError,
    "feature_not_enabled": rootctl.FeatureNotEnabledError,
    "access_denied": rootctl.AccessDeniedError,
    "throttled": rootctl.ThrottledError,
    "session_expired": rootctl.SessionExpiredError,
    "not_found": rootctl.NotFoundError,
    "already_exists": rootctl.AlreadyExistsError,
    "conflict": rootctl.ConflictError,
    "service_failure": rootctl.ServiceFailureError,
    "transport": rootctl.TransportError,
    "region_disabled": rootctl.RegionDisabledError,
    "aws": rootctl.AwsError,
    "timeout": rootctl.AccountTimeoutError,
    "journal": rootctl.JournalError,
    "policy_changed": rootctl.PolicyChangedError,
}

RETRYABLE = {"throttled", "service_failure", "conflict", "transport"}


@pytest.mark.parametrize(("kind", "cls"), CLASSES.items())
def test_one_subclass_per_kind(kind: str, cls: type[rootctl.RootctlError]) -> None:
    assert issubclass(cls, rootctl.RootctlError)
    assert issubclass(cls, Exception)
    assert cls.kind == kind
    assert cls.retryable == (kind in RETRYABLE)
    assert cls.__module__ == "rootctl"
    assert cls.__doc__
    assert not issubclass(cls, TimeoutError), "no builtin is shadowed or borrowed wrongly"


def test_invalid_input_is_a_value_error() -> None:
    assert issubclass(rootctl.InvalidInputError, ValueError)
    assert not issubclass(rootctl.AccessDeniedError, ValueError)
    assert len(set(CLASSES.values())) == len(CLASSES)


def test_base_class_attributes_default_to_none() -> None:
    err = rootctl.RootctlError("plain")
    assert (err.kind, err.code, err.account_id, err.request_id) == (None, None, None, None)
    assert (err.message, err.operation, err.service, err.http_status) == (None, None, None, None)
    assert err.retryable is False


def test_raised_errors_carry_their_context(org: rootctl.SimulatedOrg, rc: rootctl.Rootctl) -> None:
    org.set_caller("member")
    with pytest.raises(rootctl.NotManagementAccountError) as raised:
        rc.enable()
    err = raised.value
    assert err.kind == "not_management_account"
    assert err.account_id is not None and len(err.account_id) == 12
    assert err.retryable is False
    assert "management account" in str(err)

    with pytest.raises(rootctl.InvalidInputError) as invalid:
        rc.select_accounts(accounts="x")
    assert invalid.value.kind == "invalid_input"
    assert invalid.value.code is None and invalid.value.request_id is None
    assert str(invalid.value).startswith('invalid account id "x"')


def test_aws_answers_keep_code_message_and_request_id(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    victim = org.members()[0].account_id
    org.deny_root_sessions(victim)
    err = rc.audit(accounts=victim).accounts[0].error
    assert isinstance(err, rootctl.AccessDeniedError)
    assert err.code == "AccessDenied"
    assert err.message and "AssumeRoot" in err.message
    assert err.request_id and err.request_id.startswith("sim-")
    assert err.service == "sts" and err.operation == "AssumeRoot"
    assert err.account_id == victim


def test_config_errors_come_from_the_environment() -> None:
    with pytest.raises(rootctl.ConfigError, match="aws-global"):
        rootctl.Rootctl.from_env("aws-global")
    with pytest.raises(rootctl.ConfigError, match="aws-global"):
        asyncio.run(rootctl.Rootctl.from_env_async("aws-global"))
    with pytest.raises(rootctl.InvalidInputError):
        rootctl.Rootctl.from_env("us-east-1", concurrency=0)
    with pytest.raises(rootctl.InvalidInputError, match="session duration"):
        rootctl.Rootctl.simulated(rootctl.SimulatedOrg(), session_duration_s=3600)


def test_transport_failures_against_a_dead_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    }.items():
        monkeypatch.setenv(name, value)
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    rc = asyncio.run(
        rootctl.Rootctl.from_env_async(
            "us-east-1", endpoint_url="http://127.0.0.1:9", max_attempts=1, concurrency=4
        )
    )
    assert (rc.region, rc.concurrency, rc.max_attempts) == ("us-east-1", 4, 1)
    assert repr(rc) == "Rootctl(region='us-east-1', concurrency=4)"
    with pytest.raises(rootctl.TransportError) as raised:
        rc.features()
    assert raised.value.retryable
    assert raised.value.service == "organizations"


def test_exceptions_pickle_with_their_attributes(
    org: rootctl.SimulatedOrg, rc: rootctl.Rootctl
) -> None:
    org.deny_root_sessions(org.members()[0].account_id)
    err = rc.audit(accounts=org.members()[0].account_id).accounts[0].error
    assert err is not None
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert (back.code, back.account_id, str(back)) == (err.code, err.account_id, str(err))
