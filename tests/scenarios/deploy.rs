//! The deployment stack's templates (`docs/deploy/cloudformation/`, see
//! `docs/enforcement.md#the-stack`), read as data: the function's role allows what
//! `enforce` calls and no more than the generated `remove` policy beyond its own log group
//! and dead-letter queue; the member forwarder's rules carry the management template's
//! patterns unchanged; each rule names exactly the events of its fixtures. That the
//! stacks deploy and that EventBridge matches the fixtures with these patterns is shown on
//! fakecloud by `rootctl-py/tests/test_deploy.py`.

use std::collections::BTreeSet;

use rootctl::EnforceOptions;
use serde_json::Value;

use super::staged::{policy, staged_client};

const MANAGEMENT: &str = include_str!("../../docs/deploy/cloudformation/management.json");
const MEMBER: &str = include_str!("../../docs/deploy/cloudformation/member-forwarder.json");

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// CloudFormation's intrinsics, resolved as far as these tests need: `Fn::Sub` over the
/// pseudo parameters in the `aws` partition, `Ref` and `Fn::GetAtt` as `Ref:X` and
/// `GetAtt:X.Y` markers.
fn resolve(value: &Value) -> Value {
    match value {
        Value::Object(fields) => {
            if let Some(Value::String(text)) = fields.get("Fn::Sub") {
                return Value::String(
                    text.replace("${AWS::Partition}", "aws")
                        .replace("${AWS::Region}", "us-east-1")
                        .replace("${AWS::AccountId}", "111111111111"),
                );
            }
            if let Some(Value::String(name)) = fields.get("Ref") {
                return Value::String(format!("Ref:{name}"));
            }
            if let Some(Value::Array(path)) = fields.get("Fn::GetAtt") {
                let path: Vec<&str> = path.iter().filter_map(Value::as_str).collect();
                return Value::String(format!("GetAtt:{}", path.join(".")));
            }
            Value::Object(
                fields
                    .iter()
                    .map(|(key, inner)| (key.clone(), resolve(inner)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(resolve).collect()),
        other => other.clone(),
    }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(one) => vec![one.clone()],
        Value::Array(many) => many
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// The execution role's inline policy statements, resolved.
fn role_statements() -> Vec<Value> {
    let template = parse(MANAGEMENT);
    let policies = &template["Resources"]["ExecutionRole"]["Properties"]["Policies"];
    let [policy] = policies.as_array().expect("Policies").as_slice() else {
        panic!("one inline policy: {policies}");
    };
    resolve(&policy["PolicyDocument"]["Statement"])
        .as_array()
        .expect("statements")
        .clone()
}

/// The actions of the statements, with each `sts:TaskPolicyArn` as `task:<arn>`.
fn actions<'a>(statements: impl IntoIterator<Item = &'a Value>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for statement in statements {
        found.extend(strings(&statement["Action"]));
        let task = &statement["Condition"]["StringEquals"]["sts:TaskPolicyArn"];
        found.extend(strings(task).into_iter().map(|arn| format!("task:{arn}")));
    }
    found
}

/// The role allows every call `enforce` makes as the caller (calls in a root session are
/// authorized by the task policy instead), and nothing beyond the generated `remove`
/// policy, except writing the function's own log group and sending to its own
/// dead-letter queue; only the reads the old recipe had take `Resource: "*"`.
#[tokio::test]
async fn the_stacks_execution_role_covers_enforce_and_no_more_than_remove() {
    let statements = role_statements();
    let (own, enforcement): (Vec<&Value>, Vec<&Value>) = statements.iter().partition(|s| {
        strings(&s["Resource"])
            .iter()
            .all(|r| r.starts_with("GetAtt:"))
    });
    let own: BTreeSet<(String, String)> = own
        .iter()
        .flat_map(|s| {
            let resources = strings(&s["Resource"]);
            strings(&s["Action"])
                .into_iter()
                .flat_map(move |a| resources.clone().into_iter().map(move |r| (a.clone(), r)))
        })
        .collect();
    let expected_own: BTreeSet<(String, String)> = [
        ("logs:CreateLogStream", "GetAtt:LogGroup.Arn"),
        ("logs:PutLogEvents", "GetAtt:LogGroup.Arn"),
        ("sqs:SendMessage", "GetAtt:DeadLetterQueue.Arn"),
    ]
    .iter()
    .map(|(a, r)| ((*a).to_owned(), (*r).to_owned()))
    .collect();
    assert_eq!(own, expected_own, "the function's own resources");

    let role = actions(enforcement.iter().copied());
    let generated =
        rootctl::least_privilege::least_privilege_policy(rootctl::least_privilege::Intent::Remove);
    let allowed = actions(generated["Statement"].as_array().expect("statements"));
    let extra: Vec<_> = role.difference(&allowed).collect();
    assert!(extra.is_empty(), "beyond the remove policy: {extra:?}");

    let everywhere: BTreeSet<String> = enforcement
        .iter()
        .filter(|s| strings(&s["Resource"]).contains(&"*".to_owned()))
        .flat_map(|s| strings(&s["Action"]))
        .collect();
    let reads: BTreeSet<String> = [
        "organizations:DescribeOrganization",
        "organizations:ListRoots",
        "organizations:ListOrganizationalUnitsForParent",
        "organizations:ListAccountsForParent",
        "organizations:ListAccounts",
        "organizations:ListTagsForResource",
        "sts:GetCallerIdentity",
    ]
    .iter()
    .map(|a| (*a).to_owned())
    .collect();
    assert_eq!(everywhere, reads, "Resource \"*\" only for the reads");

    let (s, rc) = staged_client();
    let mut policy = policy(&s);
    // An exclusion by tag, so that the run reads tags too.
    policy.selection = policy.selection.exclude_tag("team=none".parse().unwrap());
    s.org.clear_calls();
    rc.enforce(&policy, EnforceOptions::default())
        .await
        .unwrap();
    let mut seen = 0;
    for call in s.org.calls() {
        if call.task_policy.is_some() && call.operation != "AssumeRoot" {
            continue;
        }
        let service = match call.operation {
            "AssumeRoot" | "GetCallerIdentity" => "sts",
            _ => "organizations",
        };
        let action = format!("{service}:{}", call.operation);
        assert!(role.contains(&action), "the role lacks {action}");
        if let Some(task) = call.task_policy {
            assert!(role.contains(&format!("task:{}", task.arn())), "{task:?}");
        }
        seen += 1;
    }
    assert!(seen > 0, "enforce made no calls as the caller");
}

/// Every ARN either template writes is built with `${AWS::Partition}`, so the stack
/// deploys in any partition.
#[test]
fn the_templates_write_no_aws_partition_arn() {
    fn walk(value: &Value, path: &str, found: &mut Vec<String>) {
        match value {
            Value::String(text) if text.contains("arn:aws:") => found.push(path.to_owned()),
            Value::Object(fields) => {
                for (key, inner) in fields {
                    walk(inner, &format!("{path}/{key}"), found);
                }
            }
            Value::Array(items) => {
                for (index, inner) in items.iter().enumerate() {
                    walk(inner, &format!("{path}/{index}"), found);
                }
            }
            _ => {}
        }
    }
    for (name, text) in [("management", MANAGEMENT), ("member", MEMBER)] {
        let mut found = Vec::new();
        walk(&parse(text), name, &mut found);
        assert!(found.is_empty(), "fixed partition at {found:?}");
    }
}

fn pattern(template: &str, rule: &str) -> Value {
    let pattern = parse(template)["Resources"][rule]["Properties"]["EventPattern"].clone();
    assert!(pattern.is_object(), "{rule} has no EventPattern");
    pattern
}

/// One source of truth: the member forwarder sends exactly what the management
/// account's rules would catch there.
#[test]
fn the_forwarders_patterns_are_the_management_templates() {
    assert_eq!(
        pattern(MEMBER, "RootCredentialForwardRule"),
        pattern(MANAGEMENT, "RootCredentialRule")
    );
    assert_eq!(
        pattern(MEMBER, "MembershipForwardRule"),
        pattern(MANAGEMENT, "MembershipRule")
    );
}

/// A root session (`sessionContext.assumedRoot: "true"`, as rootctl's own deletions are
/// logged) is no root user gaining a credential; the pattern says so with content
/// filtering.
#[test]
fn the_root_credential_pattern_requires_the_root_user_and_no_root_session() {
    let identity = &pattern(MANAGEMENT, "RootCredentialRule")["detail"]["userIdentity"];
    assert_eq!(identity["type"], serde_json::json!(["Root"]));
    assert_eq!(
        identity["sessionContext"]["assumedRoot"],
        serde_json::json!([{"exists": false}, {"anything-but": "true"}])
    );
}

/// Each rule names exactly the events of its fixtures (`tests/fixtures/events/`, read as
/// a directory): an event without a fixture, or a fixture no rule names, fails here.
#[test]
fn each_rule_names_exactly_the_events_of_its_fixtures() {
    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    let mut membership = BTreeSet::new();
    let mut root = BTreeSet::new();
    for entry in std::fs::read_dir(&directory).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let event = parse(&std::fs::read_to_string(&path).expect("fixture"));
        let name = event["detail"]["eventName"]
            .as_str()
            .expect("eventName")
            .to_owned();
        if event["source"] == "aws.organizations" {
            membership.insert(name);
        } else {
            root.insert(name);
        }
    }
    let named = |rule: &str| -> BTreeSet<String> {
        let names = strings(&pattern(MANAGEMENT, rule)["detail"]["eventName"]);
        let set: BTreeSet<String> = names.iter().cloned().collect();
        assert_eq!(set.len(), names.len(), "{rule} names an event twice");
        set
    };
    assert_eq!(named("MembershipRule"), membership);
    assert_eq!(named("RootCredentialRule"), root);
}

/// EventBridge's pattern grammar for what the rules use (Amazon EventBridge User Guide,
/// "Creating event patterns" and "Content filtering"): every field maps to an object or
/// to a non-empty array, whose entries are strings or one matcher each, `exists` with a
/// boolean or `anything-but` with a string. fakecloud's `TestEventPattern` checks less
/// (a scalar leaf only), and cfn-lint not at all.
#[test]
fn the_patterns_are_in_eventbridges_grammar() {
    fn check(pattern: &Value, path: &str, faults: &mut Vec<String>) {
        let Some(fields) = pattern.as_object() else {
            faults.push(format!("{path}: not an object"));
            return;
        };
        for (key, value) in fields {
            let here = format!("{path}.{key}");
            match value {
                Value::Object(_) => check(value, &here, faults),
                Value::Array(entries) if !entries.is_empty() => {
                    for entry in entries {
                        let ok = match entry {
                            Value::String(_) => true,
                            Value::Object(matcher) if matcher.len() == 1 => {
                                match matcher.iter().next() {
                                    Some((name, Value::Bool(_))) => name == "exists",
                                    Some((name, Value::String(_))) => name == "anything-but",
                                    _ => false,
                                }
                            }
                            _ => false,
                        };
                        if !ok {
                            faults.push(format!("{here}: {entry}"));
                        }
                    }
                }
                other => faults.push(format!("{here}: {other}")),
            }
        }
    }
    for (template, rule) in [
        (MANAGEMENT, "MembershipRule"),
        (MANAGEMENT, "RootCredentialRule"),
        (MEMBER, "MembershipForwardRule"),
        (MEMBER, "RootCredentialForwardRule"),
    ] {
        let mut faults = Vec::new();
        check(&pattern(template, rule), rule, &mut faults);
        assert!(faults.is_empty(), "{faults:?}");
    }
}
