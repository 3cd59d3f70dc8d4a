//! Condition operators: each family read as AWS documents it, the negated and
//! ignore-case ones, and how a reason quotes the values it compared.

use serde_json::json;

use super::*;

#[test]
fn negated_operators_hold_only_when_no_value_matches() {
    let outside = |orgs: serde_json::Value| {
        json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": orgs}}}])
    };
    assert_eq!(
        verdict(outside(json!("o-abcdefghij")), &iam("GetUser")),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(outside(json!(["o-other", "o-abcdefghij"])), &iam("GetUser")),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(outside(json!(["o-other"])), &iam("GetUser")),
        Verdict::Blocked
    );
}

/// ArnLike with a pattern of fewer than six parts is not an ARN pattern AWS documents an
/// answer for: unknown, never "does not match" (which made a deny-root guardrail written
/// `arn:aws:iam::*` read as not applying).
#[test]
fn a_short_arn_pattern_is_undecided() {
    let deny = json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*"}}}]);
    assert_eq!(verdict(deny, &iam("GetUser")), Verdict::Unknown);
}

#[test]
fn the_ignore_case_operators_compare_without_case_and_the_others_with_it() {
    let upper = format!("ARN:AWS:IAM::{ACCOUNT}:ROOT");
    let deny = |operator: &str| {
        json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {operator: {"aws:PrincipalArn": upper}}}])
    };
    for (operator, expected) in [
        ("StringEqualsIgnoreCase", Verdict::Blocked),
        ("StringNotEqualsIgnoreCase", Verdict::Allowed),
        ("StringEquals", Verdict::Allowed),
        ("StringNotEquals", Verdict::Blocked),
    ] {
        assert_eq!(
            verdict(deny(operator), &iam("GetUser")),
            expected,
            "{operator}"
        );
    }
}

/// The first cause's reason for a Deny of `iam:GetUser` under `condition`, in the root
/// session's context, with the verdict.
fn deny_reason(condition: serde_json::Value) -> (Verdict, String) {
    let deny = json!([{"Effect": "Deny", "Action": "iam:GetUser", "Resource": "*",
        "Condition": condition}]);
    let evaluation = verdict_with(&doc(deny), &iam("GetUser"), Some("us-east-1"));
    let reason = evaluation
        .causes
        .first()
        .map(|c| c.reason.clone())
        .unwrap_or_default();
    (evaluation.verdict, reason)
}

#[test]
fn each_operator_family_is_read_as_aws_documents_it() {
    let root = format!("arn:aws:iam::{ACCOUNT}:root");
    let cases = [
        // The negated ARN operators: the root's ARN is not an admin role's.
        (
            json!({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}),
            Verdict::Blocked,
        ),
        (
            json!({"ArnNotEquals": {"aws:PrincipalArn": root}}),
            Verdict::Allowed,
        ),
        (
            json!({"ArnEquals": {"aws:PrincipalArn": root}}),
            Verdict::Blocked,
        ),
        // `*` is a wildcard for the Like and ARN operators only.
        (
            json!({"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}),
            Verdict::Allowed,
        ),
        (
            json!({"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}),
            Verdict::Blocked,
        ),
        (
            json!({"StringEquals": {"aws:PrincipalAccount": "11111111111?"}}),
            Verdict::Allowed,
        ),
        (
            json!({"StringLike": {"aws:PrincipalAccount": "11111111111?"}}),
            Verdict::Blocked,
        ),
        // Operators rootctl does not evaluate: on an absent key, a negated one holds and
        // the others do not (the absent-key rule); on a present key, undecided.
        (
            json!({"NumericNotEquals": {"aws:PrincipalTag/level": "3"}}),
            Verdict::Blocked,
        ),
        (
            json!({"DateNotEquals": {"aws:PrincipalTag/level": "2030-01-01"}}),
            Verdict::Blocked,
        ),
        (
            json!({"NotIpAddress": {"aws:PrincipalTag/level": "10.0.0.0/8"}}),
            Verdict::Blocked,
        ),
        (
            json!({"NumericLessThan": {"aws:PrincipalTag/level": "3"}}),
            Verdict::Allowed,
        ),
        (
            json!({"DateGreaterThan": {"aws:PrincipalTag/level": "2030-01-01"}}),
            Verdict::Allowed,
        ),
        (
            json!({"IpAddress": {"aws:PrincipalTag/level": "10.0.0.0/8"}}),
            Verdict::Allowed,
        ),
        (
            json!({"BinaryEquals": {"aws:PrincipalTag/level": "AA=="}}),
            Verdict::Allowed,
        ),
        (
            json!({"NumericLessThan": {"aws:PrincipalAccount": "3"}}),
            Verdict::Unknown,
        ),
        (
            json!({"NumericNotEquals": {"aws:PrincipalAccount": "3"}}),
            Verdict::Unknown,
        ),
        // An operator AWS does not have: undecided, never a guess.
        (
            json!({"StringSortOf": {"aws:PrincipalAccount": ACCOUNT}}),
            Verdict::Unknown,
        ),
    ];
    let mut wrong = Vec::new();
    for (condition, expected) in cases {
        let (got, reason) = deny_reason(condition.clone());
        if got != expected {
            wrong.push(format!(
                "{condition}: expected {expected}, got {got} ({reason})"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_reason_quotes_one_value_as_text_and_several_as_a_list() {
    let (verdict, reason) = deny_reason(json!({"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}));
    assert_eq!(verdict, Verdict::Blocked);
    assert_eq!(
        reason,
        format!(
            "statement 1 of p-extra explicitly denies iam:GetUser to the root session: its \
             Action covers iam:GetUser; StringEquals aws:PrincipalAccount \"{ACCOUNT}\": \
             aws:PrincipalAccount is \"{ACCOUNT}\" for a root session"
        )
    );
    let (_, reason) =
        deny_reason(json!({"StringEquals": {"aws:PrincipalAccount": [ACCOUNT, "222222222222"]}}));
    assert!(
        reason.ends_with(&format!(
            "StringEquals aws:PrincipalAccount [\"{ACCOUNT}\", \"222222222222\"]: \
             aws:PrincipalAccount is \"{ACCOUNT}\" for a root session"
        )),
        "{reason}"
    );
    let (verdict, reason) = deny_reason(json!({"NumericLessThan": {"aws:PrincipalAccount": "3"}}));
    assert_eq!(verdict, Verdict::Unknown);
    assert!(
        reason.ends_with("rootctl does not evaluate NumericLessThan on this key"),
        "{reason}"
    );
}
