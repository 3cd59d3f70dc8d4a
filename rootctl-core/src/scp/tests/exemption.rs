//! The fix that exempts root sessions from a Deny: what it keeps, what it replaces, and
//! when it removes the statement instead.

use serde_json::json;

use super::*;

#[test]
fn the_fix_keeps_the_guardrail_and_replaces_an_assumed_root_condition() {
    // The condition on aws:AssumedRoot holds outside root sessions too (the key absent):
    // the Null exemption implies it, so it goes.
    let deny = json!({"Sid": "DenyRoot", "Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"},
                      "StringNotEqualsIfExists": {"aws:AssumedRoot": "true"}}});
    let fixed = exempt_root_sessions(&deny).expect("the deny applies to others too");
    assert_eq!(fixed["Sid"], "DenyRoot");
    assert!(
        fixed["Condition"].get("StringNotEqualsIfExists").is_none(),
        "{fixed}"
    );
    assert_eq!(fixed["Condition"]["ArnLike"], deny["Condition"]["ArnLike"]);
    assert_eq!(fixed["Condition"]["Null"]["aws:AssumedRoot"], "true");
    assert_eq!(
        verdict(json!([fixed.clone()]), &iam("GetUser")),
        Verdict::Allowed
    );
    // A root user signing in with a password (no aws:AssumedRoot) is still denied.
    let mut password_root = context(Some("us-east-1"));
    password_root.set("aws:AssumedRoot", KeyValue::Absent);
    let document = doc(json!([
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        fixed,
    ]));
    let path = [Level {
        target: ACCOUNT,
        policies: vec![Attached {
            policy_id: "p-x",
            policy_name: "x",
            document: &document,
        }],
    }];
    assert_eq!(
        evaluate(&path, &iam("GetUser"), &password_root).verdict,
        Verdict::Blocked
    );
    assert_eq!(
        evaluate(&path, &iam("GetUser"), &context(Some("us-east-1"))).verdict,
        Verdict::Allowed
    );
}

/// A deny aimed at root sessions only (its condition on aws:AssumedRoot never holds
/// outside them) has no exemption that keeps its meaning: adding one would aim it at
/// every other principal. The fix is `None` (remove the statement), and a condition that
/// cannot be judged is kept as it is, so the fix never widens the statement.
#[test]
fn a_deny_aimed_at_root_sessions_only_is_not_turned_against_everyone_else() {
    for condition in [
        json!({"Bool": {"aws:AssumedRoot": "true"}}),
        json!({"StringEquals": {"AWS:AssumedRoot": ["true"]}}),
        json!({"Null": {"aws:AssumedRoot": "false"}}),
        json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"},
               "StringLike": {"aws:AssumedRoot": "t*"}}),
    ] {
        let deny = json!({"Effect": "Deny", "Action": "iam:Delete*", "Resource": "*",
            "Condition": condition});
        assert_eq!(exempt_root_sessions(&deny), None, "{deny}");
    }
    let odd = json!({"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"SomeFutureOperator": {"aws:AssumedRoot": "1"}}});
    let fixed = exempt_root_sessions(&odd).expect("undecided: kept");
    assert_eq!(
        fixed["Condition"]["SomeFutureOperator"],
        odd["Condition"]["SomeFutureOperator"]
    );
    assert_eq!(fixed["Condition"]["Null"]["aws:AssumedRoot"], "true");
    // A statement that already spares root sessions keeps meaning it, whatever the
    // spelling of its values.
    for values in [json!("true"), json!(["true"]), json!(true)] {
        let spared = json!({"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"},
                          "Null": {"aws:AssumedRoot": values}}});
        let fixed = exempt_root_sessions(&spared).expect("it denies others");
        assert_eq!(
            fixed["Condition"]["Null"]["aws:AssumedRoot"], "true",
            "{fixed}"
        );
    }
}
