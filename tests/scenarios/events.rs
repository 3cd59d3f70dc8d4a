//! Event-driven runs: each fixture event (CloudTrail-delivered Organizations events in
//! the shapes AWS documents, `tests/fixtures/events/`) enforces exactly its one account,
//! and the EventBridge rule of the deployment recipe (`docs/deploy/eventbridge-rule.json`)
//! matches every fixture and nothing else.

use rootctl::{EnforceOptions, EnforcementStatus, EventTrigger, Rootctl};
use serde_json::Value;

use super::staged::{policy, staged, staged_client};

const RULE: &str = include_str!("../../docs/deploy/eventbridge-rule.json");
const FIXTURES: [(&str, &str); 3] = [
    (
        "AcceptHandshake",
        include_str!("../fixtures/events/accept_handshake.json"),
    ),
    (
        "CreateAccountResult",
        include_str!("../fixtures/events/create_account_result.json"),
    ),
    (
        "MoveAccount",
        include_str!("../fixtures/events/move_account.json"),
    ),
];

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// EventBridge's matching for the pattern subset the rule uses: every key of the pattern
/// must be in the event; an array of literals matches when the event's value (or any
/// element of an array value) equals one of them; an object recurses.
fn matches(pattern: &Value, event: &Value) -> bool {
    let Some(fields) = pattern.as_object() else {
        return false;
    };
    fields.iter().all(|(key, wanted)| {
        let Some(actual) = event.get(key) else {
            return false;
        };
        match wanted {
            Value::Object(_) => matches(wanted, actual),
            Value::Array(options) => {
                let candidates: Vec<&Value> = match actual {
                    Value::Array(items) => items.iter().collect(),
                    single => vec![single],
                };
                candidates.iter().any(|c| options.contains(c))
            }
            _ => false,
        }
    })
}

#[test]
fn the_rule_pattern_matches_each_fixture_and_not_other_events() {
    let rule = parse(RULE);
    for (name, text) in FIXTURES {
        let event = parse(text);
        assert!(matches(&rule, &event), "the rule misses the {name} fixture");
        assert_eq!(event["detail"]["eventName"], name);
        assert_eq!(
            event["region"], "us-east-1",
            "Organizations events arrive in us-east-1"
        );
    }
    // Changing what the rule filters on makes it miss.
    let mut other = parse(FIXTURES[2].1);
    other["detail"]["eventName"] = "CreateOrganizationalUnit".into();
    assert!(!matches(&rule, &other));
    let mut other = parse(FIXTURES[2].1);
    other["source"] = "aws.iam".into();
    assert!(!matches(&rule, &other));
    let mut other = parse(FIXTURES[1].1);
    other["detail-type"] = "AWS Console Sign In via CloudTrail".into();
    assert!(!matches(&rule, &other));
    // The matcher itself: a missing key or a non-literal never matches.
    assert!(!matches(
        &parse(r#"{"nope": ["x"]}"#),
        &parse(FIXTURES[0].1)
    ));
}

#[test]
fn each_fixture_names_its_account() {
    let expected = ["100000000000", "100000000001", "100000000002"];
    for ((name, text), account) in FIXTURES.iter().zip(expected) {
        let trigger = EventTrigger::from_event(&parse(text))
            .unwrap()
            .expect("acted on");
        assert_eq!(trigger.event_name, *name);
        assert_eq!(trigger.account_id.as_str(), account, "{name}");
    }
    // A creation that failed and an invitation-less handshake are ignored.
    let mut failed = parse(FIXTURES[1].1);
    failed["detail"]["serviceEventDetails"]["createAccountStatus"]["state"] = "FAILED".into();
    assert_eq!(EventTrigger::from_event(&failed).unwrap(), None);
    let mut all_features = parse(FIXTURES[0].1);
    all_features["detail"]["responseElements"]["handshake"]["action"] =
        "ENABLE_ALL_FEATURES".into();
    assert_eq!(EventTrigger::from_event(&all_features).unwrap(), None);
}

#[tokio::test]
async fn each_fixture_event_enforces_exactly_its_one_account() {
    for (name, text) in FIXTURES {
        let s = staged();
        // The fixtures name the staged accounts by their fixed ids.
        let ids = [s.invited, s.created, s.moved];
        assert_eq!(
            ids.map(|id| id.to_string()),
            ["100000000000", "100000000001", "100000000002"]
        );
        let rc = Rootctl::simulated(s.org.clone());
        let before: Vec<_> = s
            .org
            .members()
            .iter()
            .map(|m| s.org.root_credentials(&m.account.id))
            .collect();
        s.org.clear_calls();
        let report = rc
            .handle_event(&parse(text), &policy(&s), EnforceOptions::default())
            .await
            .unwrap()
            .expect("the event names an account");
        let trigger = report.trigger.clone().unwrap();
        assert_eq!(trigger.event_name, name);
        assert_eq!(report.accounts.len(), 1, "{name}: {report}");
        let account = report.accounts[0].account_id;
        assert_eq!(account, trigger.account_id);
        assert!(report.skipped.is_empty());
        // Every call of the run that acted on an account acted on this one.
        for call in s.org.calls() {
            if let (Some(acted_on), Some(_)) = (call.account_id, call.task_policy) {
                assert_eq!(acted_on, account, "{name}: {call:?}");
            }
        }
        // No other account changed.
        for (member, creds) in s.org.members().iter().zip(before) {
            if member.account.id != account {
                assert_eq!(s.org.root_credentials(&member.account.id), creds, "{name}");
            }
        }
        let expected = if account == s.created {
            EnforcementStatus::Compliant
        } else {
            EnforcementStatus::Remediated
        };
        assert_eq!(report.accounts[0].status, expected, "{name}: {report}");
        assert!(s.org.root_credentials(&account).unwrap().is_empty());
    }
}

#[tokio::test]
async fn an_event_for_an_account_the_policy_does_not_select_changes_nothing() {
    let (s, rc) = staged_client();
    let mut event = parse(FIXTURES[2].1);
    event["detail"]["requestParameters"]["accountId"] = s.sandbox.to_string().into();
    s.org.clear_calls();
    let report = rc
        .handle_event(&event, &policy(&s), EnforceOptions::default())
        .await
        .unwrap()
        .unwrap();
    assert!(report.accounts.is_empty());
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].account_id, s.sandbox);
    assert_eq!(report.skipped[0].reason.code(), "excluded_ou");
    assert!(report.compliant());
    assert_eq!(s.org.mutating_calls(), Vec::new());
    assert!(s.has_password(s.sandbox));

    // An event about nothing rootctl acts on: no run at all.
    let mut other = parse(FIXTURES[2].1);
    other["detail"]["eventName"] = "TagResource".into();
    let none = rc
        .handle_event(&other, &policy(&s), EnforceOptions::default())
        .await
        .unwrap();
    assert!(none.is_none());
    // An account that is not in the organization is an error.
    let mut stranger = parse(FIXTURES[2].1);
    stranger["detail"]["requestParameters"]["accountId"] = "999999999999".into();
    let err = rc
        .handle_event(&stranger, &policy(&s), EnforceOptions::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("999999999999"), "{err}");
}

/// Every action of a policy document, and the task policies its AssumeRoot allows.
fn actions(policy: &Value) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    for statement in policy["Statement"].as_array().expect("statements") {
        let listed = match &statement["Action"] {
            Value::String(one) => vec![one.clone()],
            Value::Array(many) => many
                .iter()
                .filter_map(|a| a.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        found.extend(listed);
        let task = &statement["Condition"]["StringEquals"]["sts:TaskPolicyArn"];
        if let Some(arns) = task.as_array() {
            found.extend(
                arns.iter()
                    .filter_map(|a| a.as_str().map(|a| format!("task:{a}"))),
            );
        } else if let Some(arn) = task.as_str() {
            found.insert(format!("task:{arn}"));
        }
    }
    found
}

/// The recipe's execution role allows every call `enforce` makes as the caller (calls in
/// a root session are authorized by the task policy instead), and nothing beyond the
/// generated `remove` policy (which also covers `check_prerequisites`' reads).
#[tokio::test]
async fn the_recipes_execution_role_covers_enforce_and_no_more_than_remove() {
    let recipe = actions(&parse(include_str!(
        "../../docs/deploy/execution-role-policy.json"
    )));
    let generated =
        rootctl::least_privilege::least_privilege_policy(rootctl::least_privilege::Intent::Remove);
    let allowed = actions(&generated);
    let extra: Vec<_> = recipe.difference(&allowed).collect();
    assert!(extra.is_empty(), "beyond the remove policy: {extra:?}");

    let (s, rc) = staged_client();
    let mut policy = policy(&s);
    // An exclusion by tag, so that the run reads tags too.
    policy.selection = policy.selection.exclude_tag("team=none".parse().unwrap());
    s.org.clear_calls();
    rc.enforce(&policy, EnforceOptions::default())
        .await
        .unwrap();
    for call in s.org.calls() {
        if call.task_policy.is_some() && call.operation != "AssumeRoot" {
            continue;
        }
        let service = match call.operation {
            "AssumeRoot" | "GetCallerIdentity" => "sts",
            _ => "organizations",
        };
        let action = format!("{service}:{}", call.operation);
        assert!(recipe.contains(&action), "the recipe lacks {action}");
        if let Some(task) = call.task_policy {
            assert!(recipe.contains(&format!("task:{}", task.arn())), "{task:?}");
        }
    }
}
