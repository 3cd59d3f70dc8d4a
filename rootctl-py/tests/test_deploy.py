"""The deployment stack (``docs/deploy/cloudformation/``) on fakecloud, over real HTTP.

Run through the emulator script like ``test_emulator.py`` (whose request signing this
file reuses); without ``ROOTCTL_EMULATOR_ENDPOINT`` every test here is skipped::

    scripts/emulator python -m pytest rootctl-py/tests/test_deploy.py

Once per module: a fresh emulator, an organization, the function's code in S3, then
``CreateStack`` of ``management.json`` and of ``member-forwarder.json`` twice (as a member
account's StackSet instance, and as the management account's stack of the
delegated-administrator variant). The tests read every declared resource back from its
own service, not from CloudFormation's word, and ask EventBridge's ``TestEventPattern``
which deployed rule matches each fixture event of ``tests/fixtures/events/``.

Where fakecloud cannot show something (see :data:`GAPS`), the test names it; the list is
also in ``docs/testing.md#emulator-gaps`` and ``docs/enforcement.md#the-stack-verified``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from test_emulator import ENDPOINT, _find, _organizations, _post, _sign

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "docs" / "deploy" / "cloudformation"
FIXTURES = REPO / "tests" / "fixtures" / "events"
HANDLER = REPO / "docs" / "deploy" / "lambda_handler.py"

pytestmark = pytest.mark.skipif(
    not ENDPOINT,
    reason="ROOTCTL_EMULATOR_ENDPOINT is not set: run through scripts/emulator",
)

GAPS = {
    "lambda-runtime": "fakecloud stores the function but this test never invokes it: a real "
    "python3.12 runtime with the packaged wheel is unverified here",
    "cross-account": "fakecloud runs every stack in one account: delivery from a member's bus "
    "to the management account's bus (the bus policy, the forwarder's role) is unverified",
    "physical-id-arn": "the PhysicalResourceId of an AWS::IAM::Role and of an "
    "AWS::Logs::LogGroup, and so their Ref, is the ARN (AWS: the name); the tests take the "
    "name from the ARN",
    "alarm-state": "the alarms exist with their metrics, but fakecloud emits no Lambda, SQS or "
    "EventBridge metrics for them to go into ALARM on",
}
"""What fakecloud cannot show about the stack, named where a test stops short of it."""

BUCKET = "rootctl-deploy-code"
KEY = "rootctl-enforce.zip"


# --- signed calls, through test_emulator's signing --------------------------------------


def _call(
    service: str, body: bytes, headers: dict[str, str], method: str = "POST", path: str = "/"
) -> bytes:
    signed = _sign(
        service,
        body,
        headers,
        os.environ["AWS_ACCESS_KEY_ID"],
        os.environ["AWS_SECRET_ACCESS_KEY"],
        method=method,
        path=path,
    )
    return _post(path, body, signed, method=method)


QUERY_VERSIONS = {
    "cloudformation": "2010-05-15",
    "iam": "2010-05-08",
    "monitoring": "2010-08-01",
    "sns": "2010-03-31",
}


def _query(service: str, action: str, **params: str) -> ET.Element:
    """A Query-protocol call; parameter names use ``__`` for ``.``."""
    fields = {name.replace("__", "."): value for name, value in params.items()}
    body = urllib.parse.urlencode(
        {"Action": action, "Version": QUERY_VERSIONS[service], **fields}
    ).encode()
    headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8"}
    return ET.fromstring(_call(service, body, headers))


def _json(service: str, target: str, version: str, **params: Any) -> Any:
    """A JSON-protocol call (``x-amz-json-<version>``)."""
    headers = {"content-type": f"application/x-amz-json-{version}", "x-amz-target": target}
    return json.loads(_call(service, json.dumps(params).encode(), headers) or b"null")


def _rest(service: str, method: str, path: str, body: bytes = b"") -> bytes:
    """A REST call (S3, Lambda); S3 wants the payload's hash as a header."""
    headers = {"x-amz-content-sha256": hashlib.sha256(body).hexdigest()}
    return _call(service, body, headers, method=method, path=path)


def _events(action: str, **params: Any) -> Any:
    return _json("events", f"AWSEvents.{action}", "1.1", **params)


def _texts(element: ET.Element, name: str) -> list[str]:
    return [e.text or "" for e in element.iter() if e.tag.endswith("}" + name)]


# --- the deployment ----------------------------------------------------------------------


@dataclass
class Stack:
    """One deployed stack: its template, and logical id -> (type, physical id)."""

    name: str
    template: dict[str, Any]
    resources: dict[str, tuple[str, str]] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    def physical(self, logical: str) -> str:
        return self.resources[logical][1]


@dataclass
class Deployment:
    organization_id: str
    management: Stack
    forwarder: Stack
    delegated: Stack

    def stacks(self) -> list[Stack]:
        return [self.management, self.forwarder, self.delegated]


def _template(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((TEMPLATES / name).read_text())
    return loaded


def _function_zip() -> bytes:
    """A stand-in for scripts/package-lambda's artifact: the handler alone (fakecloud stores
    the code, never runs it here)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(HANDLER, "lambda_handler.py")
    return buffer.getvalue()


def _create_stack(name: str, template: str, **parameters: str) -> Stack:
    params: dict[str, str] = {"StackName": name, "TemplateBody": (TEMPLATES / template).read_text()}
    params["Capabilities__member__1"] = "CAPABILITY_IAM"
    for index, (key, value) in enumerate(parameters.items(), start=1):
        params[f"Parameters__member__{index}__ParameterKey"] = key
        params[f"Parameters__member__{index}__ParameterValue"] = value
    _query("cloudformation", "CreateStack", **params)
    status = ""
    for _ in range(240):
        described = _query("cloudformation", "DescribeStacks", StackName=name)
        status = _find(described, "StackStatus")
        if not status.endswith("IN_PROGRESS"):
            break
        time.sleep(0.25)
    assert status == "CREATE_COMPLETE", f"{name}: {status} {ET.tostring(described)!r}"
    stack = Stack(name, _template(template))
    for output in (e for e in described.iter() if e.tag.endswith("}Outputs")):
        for member in output:
            stack.outputs[_find(member, "OutputKey")] = _find(member, "OutputValue")
    listed = _query("cloudformation", "DescribeStackResources", StackName=name)
    for member in (e for e in listed.iter() if e.tag.endswith("}member")):
        assert _find(member, "ResourceStatus") == "CREATE_COMPLETE", ET.tostring(member)
        stack.resources[_find(member, "LogicalResourceId")] = (
            _find(member, "ResourceType"),
            _find(member, "PhysicalResourceId"),
        )
    return stack


@pytest.fixture(scope="module")
def deployed() -> Iterator[Deployment]:
    """The three stacks on a fresh emulator, once for the module."""
    _post("/_reset", b"", {})
    organization = _organizations("CreateOrganization", FeatureSet="ALL")["Organization"]["Id"]
    _rest("s3", "PUT", f"/{BUCKET}")
    _rest("s3", "PUT", f"/{BUCKET}/{KEY}", _function_zip())
    management = _create_stack(
        "rootctl-enforcement",
        "management.json",
        CodeS3Bucket=BUCKET,
        CodeS3Key=KEY,
        OrganizationId=organization,
    )
    bus = management.outputs["EventBusArn"]
    forwarder = _create_stack("rootctl-forwarder", "member-forwarder.json", TargetEventBusArn=bus)
    delegated = _create_stack(
        "rootctl-forwarder-delegated",
        "member-forwarder.json",
        TargetEventBusArn=bus,
        ForwardMembershipEvents="true",
    )
    yield Deployment(organization, management, forwarder, delegated)
    _post("/_reset", b"", {})


# --- every declared resource, read back from its service ---------------------------------


def _declared(stack: Stack, parameters: dict[str, str]) -> set[str]:
    """The template's resources whose Condition holds for these parameter values."""
    conditions = {
        "ForwardMembership": parameters.get("ForwardMembershipEvents", "false") == "true",
    }
    return {
        logical
        for logical, resource in stack.template["Resources"].items()
        if conditions.get(resource.get("Condition", ""), True)
    }


def test_every_declared_resource_is_created_and_nothing_else(deployed: Deployment) -> None:
    assert set(deployed.management.resources) == set(deployed.management.template["Resources"])
    assert set(deployed.forwarder.resources) == _declared(deployed.forwarder, {})
    assert "MembershipForwardRule" not in deployed.forwarder.resources
    assert set(deployed.delegated.resources) == _declared(
        deployed.delegated, {"ForwardMembershipEvents": "true"}
    )
    for stack in deployed.stacks():
        for logical, (kind, _) in stack.resources.items():
            assert stack.template["Resources"][logical]["Type"] == kind


@dataclass
class Declared:
    """One resource a deployed stack declares."""

    deployed: Deployment
    stack: Stack
    logical: str


def _check_queue(r: Declared) -> None:
    stack, logical = r.stack, r.logical
    url = stack.physical(logical)
    attributes = _json(
        "sqs", "AmazonSQS.GetQueueAttributes", "1.0", QueueUrl=url, AttributeNames=["All"]
    )["Attributes"]
    assert attributes["MessageRetentionPeriod"] == "1209600"
    assert attributes["SqsManagedSseEnabled"] == "true"
    assert url == stack.outputs["DeadLetterQueueUrl"]


def _check_queue_policy(r: Declared) -> None:
    stack = r.stack
    url = stack.physical("DeadLetterQueue")
    attributes = _json(
        "sqs", "AmazonSQS.GetQueueAttributes", "1.0", QueueUrl=url, AttributeNames=["Policy"]
    )["Attributes"]
    (statement,) = json.loads(attributes["Policy"])["Statement"]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Action"] == "sqs:SendMessage"
    rules = {
        _rule(stack, name)["Arn"] for name in ("MembershipRule", "RootCredentialRule", "DailyRule")
    }
    assert set(statement["Condition"]["ArnEquals"]["aws:SourceArn"]) == rules


def _log_group_name(physical: str) -> str:
    """A log group's name from its physical id (and ``Ref``): the name on AWS, the ARN
    ``arn:...:log-group:<name>:*`` on fakecloud (``GAPS["physical-id-arn"]``)."""
    return physical.split(":log-group:", 1)[-1].removesuffix(":*")


def _check_log_group(r: Declared) -> None:
    stack, logical = r.stack, r.logical
    name = _log_group_name(stack.physical(logical))
    groups = _json("logs", "Logs_20140328.DescribeLogGroups", "1.1", logGroupNamePrefix=name)[
        "logGroups"
    ]
    (group,) = [g for g in groups if g["logGroupName"] == name]
    assert name == "/aws/lambda/rootctl-enforce"
    assert group["retentionInDays"] == 400


def _role_name(stack: Stack, logical: str) -> str:
    """The role's name from its physical id, the name on AWS and the ARN on fakecloud
    (``GAPS["physical-id-arn"]``)."""
    return stack.physical(logical).rsplit("/", 1)[-1]


def _check_role(r: Declared) -> None:
    deployed, stack, logical = r.deployed, r.stack, r.logical
    name = _role_name(stack, logical)
    role = _query("iam", "GetRole", RoleName=name)
    trust = json.loads(urllib.parse.unquote(_find(role, "AssumeRolePolicyDocument")))
    principal = stack.template["Resources"][logical]["Properties"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == principal["Statement"][0]["Principal"]
    (declared,) = stack.template["Resources"][logical]["Properties"]["Policies"]
    assert _texts(_query("iam", "ListRolePolicies", RoleName=name), "member") == [
        declared["PolicyName"]
    ]
    inline = _query("iam", "GetRolePolicy", RoleName=name, PolicyName=declared["PolicyName"])
    document = json.loads(urllib.parse.unquote(_find(inline, "PolicyDocument")))
    assert [s["Sid"] for s in document["Statement"]] == [
        s["Sid"] for s in declared["PolicyDocument"]["Statement"]
    ]
    assert [s["Action"] for s in document["Statement"]] == [
        s["Action"] for s in declared["PolicyDocument"]["Statement"]
    ]
    if stack is not deployed.management:
        (put,) = document["Statement"]
        assert put["Resource"] == deployed.management.outputs["EventBusArn"]


def _function(name: str) -> Any:
    return json.loads(_rest("lambda", "GET", f"/2015-03-31/functions/{name}"))


def _check_function(r: Declared) -> None:
    stack, logical = r.stack, r.logical
    name = stack.physical(logical)
    got = _function(name)
    config = got["Configuration"]
    assert (config["Runtime"], config["Handler"], config["Architectures"]) == (
        "python3.12",
        "lambda_handler.handler",
        ["x86_64"],
    )
    assert (config["Timeout"], config["MemorySize"]) == (900, 512)
    assert config["Role"].endswith("/" + _role_name(stack, "ExecutionRole"))
    assert config["DeadLetterConfig"]["TargetArn"].endswith(":" + _queue_name(stack))
    assert config["CodeSize"] == len(_function_zip())
    # ``Ref: LogGroup``, the name on AWS (``GAPS["physical-id-arn"]``).
    assert _log_group_name(config["LoggingConfig"]["LogGroup"]) == "/aws/lambda/rootctl-enforce"
    concurrency = json.loads(_rest("lambda", "GET", f"/2019-09-30/functions/{name}/concurrency"))
    assert concurrency["ReservedConcurrentExecutions"] == 1
    assert config["FunctionArn"] == stack.outputs["FunctionArn"]


def _queue_name(stack: Stack) -> str:
    return stack.physical("DeadLetterQueue").rsplit("/", 1)[1]


def _check_permission(r: Declared) -> None:
    stack, logical = r.stack, r.logical
    function, sid = stack.physical(logical).split("|", 1)
    policy = json.loads(
        json.loads(_rest("lambda", "GET", f"/2015-03-31/functions/{function}/policy"))["Policy"]
    )
    (statement,) = [s for s in policy["Statement"] if s["Sid"] == sid]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Action"] == "lambda:InvokeFunction"
    rule = logical.removesuffix("Permission")
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == _rule(stack, rule)["Arn"]


def _rule(stack: Stack, logical: str) -> Any:
    return _events("DescribeRule", Name=stack.physical(logical))


def _check_rule(r: Declared) -> None:
    deployed, stack, logical = r.deployed, r.stack, r.logical
    rule = _rule(stack, logical)
    assert rule["State"] == "ENABLED"
    declared = stack.template["Resources"][logical]["Properties"]
    if "EventPattern" in declared:
        assert json.loads(rule["EventPattern"]) == declared["EventPattern"]
    else:
        assert rule["ScheduleExpression"] == "cron(17 6 * * ? *)"
    (target,) = _events("ListTargetsByRule", Rule=rule["Name"])["Targets"]
    if stack is deployed.management:
        assert target["Arn"] == stack.outputs["FunctionArn"]
        assert target["DeadLetterConfig"]["Arn"].endswith(":" + _queue_name(stack))
        assert target["RetryPolicy"] == declared["Targets"][0]["RetryPolicy"]
    else:
        assert target["Arn"] == deployed.management.outputs["EventBusArn"]
        assert target["RoleArn"].endswith("/" + _role_name(stack, "ForwarderRole"))


def _check_bus_policy(r: Declared) -> None:
    deployed, stack = r.deployed, r.stack
    bus = _events("DescribeEventBus", Name="default")
    assert bus["Arn"] == stack.outputs["EventBusArn"]
    statements = json.loads(bus["Policy"])["Statement"]
    (statement,) = [s for s in statements if s["Sid"] == "RootctlOrganizationPutEvents"]
    assert statement["Action"] == "events:PutEvents"
    assert statement["Resource"] == bus["Arn"]
    assert statement["Condition"] == {
        "StringEquals": {"aws:PrincipalOrgID": deployed.organization_id}
    }


def _check_alarm(r: Declared) -> None:
    stack, logical = r.stack, r.logical
    described = _query(
        "monitoring", "DescribeAlarms", AlarmNames__member__1=stack.physical(logical)
    )
    declared = stack.template["Resources"][logical]["Properties"]
    assert _find(described, "MetricName") == declared["MetricName"]
    assert _find(described, "Namespace") == declared["Namespace"]
    assert _find(described, "ComparisonOperator") == "GreaterThanThreshold"
    assert float(_find(described, "Threshold")) == 0
    assert _find(described, "EvaluationPeriods") == str(declared["EvaluationPeriods"])
    dimension = declared["Dimensions"][0]["Name"]
    value = _texts(described, "Value")
    expected = {
        "FunctionName": stack.physical("EnforceFunction"),
        "QueueName": _queue_name(stack),
        "RuleName": stack.physical(logical.removesuffix("FailedAlarm")),
    }
    assert expected[dimension] in value, (logical, value)
    # No SNS topic given: the alarms notify nobody (the HasAlarmTopic condition).
    for actions in ("AlarmActions", "OKActions"):
        for listed in (e for e in described.iter() if e.tag.endswith("}" + actions)):
            assert _texts(listed, "member") == [], (logical, actions)


CHECKS: dict[str, Callable[[Declared], None]] = {
    "AWS::SQS::Queue": _check_queue,
    "AWS::SQS::QueuePolicy": _check_queue_policy,
    "AWS::Logs::LogGroup": _check_log_group,
    "AWS::IAM::Role": _check_role,
    "AWS::Lambda::Function": _check_function,
    "AWS::Lambda::Permission": _check_permission,
    "AWS::Events::Rule": _check_rule,
    "AWS::Events::EventBusPolicy": _check_bus_policy,
    "AWS::CloudWatch::Alarm": _check_alarm,
}
"""A direct read per resource type: a type the templates gain needs one here."""


def test_each_resource_reads_back_from_its_own_service(deployed: Deployment) -> None:
    checked = []
    for stack in deployed.stacks():
        for logical, (kind, _) in sorted(stack.resources.items()):
            assert kind in CHECKS, f"{stack.name}/{logical}: no direct read for {kind}"
            CHECKS[kind](Declared(deployed, stack, logical))
            checked.append(f"{stack.name}/{logical}")
    assert len(checked) == sum(len(s.resources) for s in deployed.stacks())


# --- the rules against the fixture events, by EventBridge's TestEventPattern -------------


def _fixtures(directory: Path) -> dict[str, dict[str, Any]]:
    found = {p.name: json.loads(p.read_text()) for p in sorted(directory.glob("*.json"))}
    assert found, f"no fixtures in {directory}"
    return found


def _intended(event: dict[str, Any]) -> str:
    """Which pattern an event is meant for: Organizations' events are membership events;
    every other fixture is a root user gaining a credential."""
    return "membership" if event["source"] == "aws.organizations" else "root-credential"


def _deployed_rules(deployed: Deployment) -> dict[str, tuple[str, str]]:
    """Every pattern rule deployed: "stack/logical id" -> (pattern kind, deployed pattern)."""
    kinds = {
        "MembershipRule": "membership",
        "MembershipForwardRule": "membership",
        "RootCredentialRule": "root-credential",
        "RootCredentialForwardRule": "root-credential",
    }
    rules = {}
    for stack in deployed.stacks():
        for logical, (kind, _) in stack.resources.items():
            pattern = (
                _rule(stack, logical).get("EventPattern") if kind == "AWS::Events::Rule" else None
            )
            if pattern is not None:
                rules[f"{stack.name}/{logical}"] = (kinds[logical], pattern)
    return rules


def _matches(pattern: str, event: dict[str, Any]) -> bool:
    result: bool = _events("TestEventPattern", EventPattern=pattern, Event=json.dumps(event))[
        "Result"
    ]
    return result


def test_each_fixture_is_matched_by_exactly_the_rules_meant_for_it(
    deployed: Deployment,
) -> None:
    rules = _deployed_rules(deployed)
    assert sorted(rules) == [
        "rootctl-enforcement/MembershipRule",
        "rootctl-enforcement/RootCredentialRule",
        "rootctl-forwarder-delegated/MembershipForwardRule",
        "rootctl-forwarder-delegated/RootCredentialForwardRule",
        "rootctl-forwarder/RootCredentialForwardRule",
    ]
    for name, event in _fixtures(FIXTURES).items():
        matched = {rule for rule, (_, pattern) in rules.items() if _matches(pattern, event)}
        meant = {rule for rule, (kind, _) in rules.items() if kind == _intended(event)}
        assert matched == meant, name


def test_no_rule_matches_a_near_miss(deployed: Deployment) -> None:
    rules = _deployed_rules(deployed)
    for name, event in _fixtures(FIXTURES / "near-miss").items():
        matched = [rule for rule, (_, pattern) in rules.items() if _matches(pattern, event)]
        assert matched == [], name


def test_each_rules_event_names_are_its_fixtures_event_names(deployed: Deployment) -> None:
    """An event name without a fixture, or a fixture no rule names, fails here."""
    fixtures = _fixtures(FIXTURES).values()
    for rule, (kind, pattern) in _deployed_rules(deployed).items():
        names = json.loads(pattern)["detail"]["eventName"]
        assert len(names) == len(set(names)), rule
        assert set(names) == {e["detail"]["eventName"] for e in fixtures if _intended(e) == kind}, (
            rule
        )


def test_one_pattern_per_kind_across_the_stacks(deployed: Deployment) -> None:
    """The forwarders deliver exactly what the management account's rules would catch."""
    by_kind: dict[str, set[str]] = {}
    for kind, pattern in _deployed_rules(deployed).values():
        by_kind.setdefault(kind, set()).add(json.dumps(json.loads(pattern), sort_keys=True))
    assert {kind: len(patterns) for kind, patterns in by_kind.items()} == {
        "membership": 1,
        "root-credential": 1,
    }


def test_each_gap_is_listed_in_the_testing_doc() -> None:
    section = (REPO / "docs" / "testing.md").read_text().split('<a id="emulator-gaps"></a>', 1)
    assert len(section) == 2, "docs/testing.md#emulator-gaps is missing"
    for gap in GAPS:
        assert f"`{gap}`" in section[1], gap


def test_the_alarms_notify_the_topic_when_one_is_given(deployed: Deployment) -> None:
    """The other side of ``HasAlarmTopic`` (the module's stack gives no topic): a second
    enforcement stack, under another function name, with ``AlarmTopicArn``."""
    topic = _find(_query("sns", "CreateTopic", Name="security-alerts"), "TopicArn")
    alerting = _create_stack(
        "rootctl-enforcement-alerting",
        "management.json",
        CodeS3Bucket=BUCKET,
        CodeS3Key=KEY,
        OrganizationId=deployed.organization_id,
        FunctionName="rootctl-enforce-alerting",
        AlarmTopicArn=topic,
    )
    alarms = [
        logical
        for logical, (kind, _) in alerting.resources.items()
        if kind == "AWS::CloudWatch::Alarm"
    ]
    assert len(alarms) == 6
    for logical in alarms:
        described = _query(
            "monitoring", "DescribeAlarms", AlarmNames__member__1=alerting.physical(logical)
        )
        for actions in ("AlarmActions", "OKActions"):
            (listed,) = [e for e in described.iter() if e.tag.endswith("}" + actions)]
            assert _texts(listed, "member") == [topic], (logical, actions)
