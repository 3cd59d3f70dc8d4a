//! Condition keys: known, unknown and absent values in a root session's context, policy
//! variables, and keys with several values.

use serde_json::json;

use super::*;

#[test]
fn unknown_keys_give_unknown_never_a_guess() {
    let by_ip = json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}}]);
    let evaluation = verdict_with(&doc(by_ip), &iam("GetAccountSummary"), Some("us-east-1"));
    assert_eq!(evaluation.verdict, Verdict::Unknown);
    assert!(
        evaluation.causes[0].reason.contains("aws:SourceIp"),
        "{:?}",
        evaluation.causes
    );
    // But a surely false condition in the same statement decides it.
    let by_ip_for_roles = json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24"]},
                      "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}}]);
    assert_eq!(
        verdict(by_ip_for_roles, &iam("GetAccountSummary")),
        Verdict::Allowed
    );
}

#[test]
fn absent_keys_follow_the_negated_and_if_exists_rules() {
    // No principal tag on the root user: StringNotEquals is true, so the deny applies.
    let tag_guard = json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "platform"}}}]);
    assert_eq!(verdict(tag_guard, &iam("ListAccessKeys")), Verdict::Blocked);
    // StringEquals on an absent key is false.
    let tag_match = json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}}]);
    assert_eq!(verdict(tag_match, &iam("ListAccessKeys")), Verdict::Allowed);
    // ...IfExists on an absent key is true.
    let if_exists = json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*",
        "Condition": {"StringEqualsIfExists": {"aws:PrincipalTag/team": "platform"}}}]);
    assert_eq!(verdict(if_exists, &iam("ListAccessKeys")), Verdict::Blocked);
    // Null.
    let null = json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*",
        "Condition": {"Null": {"aws:PrincipalTag/team": "true"}}}]);
    assert_eq!(verdict(null, &iam("ListAccessKeys")), Verdict::Blocked);
    // ForAllValues on an absent key is true; ForAnyValue false.
    let all = json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*",
        "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}}]);
    assert_eq!(verdict(all, &iam("ListAccessKeys")), Verdict::Blocked);
    let any = json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*",
        "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}}]);
    assert_eq!(verdict(any, &iam("ListAccessKeys")), Verdict::Allowed);
}

#[test]
fn policy_variables_are_substituted_from_the_context() {
    let own_account = json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}}]);
    assert_eq!(verdict(own_account, &iam("GetUser")), Verdict::Allowed);
    let by_ip = json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalArn": "${aws:SourceIp}"}}}]);
    assert_eq!(verdict(by_ip, &iam("GetUser")), Verdict::Unknown);
}

/// F3, F4: keys a root session may carry (the caller's source identity, the VPC keys
/// behind VPC endpoints) or whose value for a root session AWS does not document
/// (`aws:PrincipalType`, `aws:userid`) are unknown before the call: a Deny conditioned
/// on them is `unknown`, naming the key, never `allowed`.
#[test]
fn keys_a_root_session_may_carry_or_undocumented_ones_are_unknown() {
    let cases = [
        ("StringLike", "aws:SourceIdentity", "*"),
        ("Null", "aws:SourceIdentity", "false"),
        ("StringEquals", "aws:SourceVpc", "vpc-0123456789abcdef0"),
        ("Null", "aws:SourceVpce", "false"),
        ("StringLike", "aws:VpcSourceIp", "10.*"),
        ("StringNotEquals", "aws:PrincipalType", "Account"),
        ("StringNotLike", "aws:userid", "1*"),
    ];
    for (operator, key, value) in cases {
        let deny = json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*",
            "Condition": {operator: {key: value}}}]);
        let evaluation = verdict_with(&doc(deny), &iam("GetLoginProfile"), Some("us-east-1"));
        assert_eq!(
            evaluation.verdict,
            Verdict::Unknown,
            "{operator} {key}: {:?}",
            evaluation.causes
        );
        assert!(
            evaluation.causes[0].reason.contains(key),
            "{key}: {}",
            evaluation.causes[0].reason
        );
    }
    let context = context(Some("us-east-1"));
    for key in [
        "aws:SourceIdentity",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:VpcSourceIp",
        "aws:PrincipalType",
        "aws:userid",
    ] {
        assert_eq!(context.get(key), KeyValue::Unknown, "{key}");
    }
}

#[test]
fn escaped_wildcards_are_literal_and_a_list_is_never_substituted() {
    // `${*}`, `${?}` and `${$}` stand for the characters themselves (docs/scps.md,
    // "Matching"): `a${?}b` matches `a?b` only, where `a?b` would match `axb` too.
    let deny = json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/a${?}b${$}c${*}"}}}]);
    let caller = |name: &str| {
        let mut context = RequestContext::new();
        context.known(
            "aws:PrincipalArn",
            format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
        );
        context
    };
    assert_eq!(
        verdict_in(deny.clone(), &caller("a?b$c*")),
        Verdict::Blocked
    );
    for other in ["axb$c*", "a?b$cd", "a?bxc*", "a?b$c"] {
        assert_eq!(
            verdict_in(deny.clone(), &caller(other)),
            Verdict::Allowed,
            "{other}"
        );
    }
    // A key with several values is not substituted (AWS substitutes single values
    // only): the match cannot be decided before the call.
    let by_tag = json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalArn": "${aws:PrincipalTag/team}"}}}]);
    let mut listed = caller("platform");
    listed.set(
        "aws:PrincipalTag/team",
        KeyValue::Known(vec![
            format!("arn:aws:iam::{ACCOUNT}:role/platform"),
            "other".to_owned(),
        ]),
    );
    assert_eq!(verdict_in(by_tag.clone(), &listed), Verdict::Unknown);
    let mut single = caller("platform");
    single.known(
        "aws:PrincipalTag/team",
        format!("arn:aws:iam::{ACCOUNT}:role/platform"),
    );
    assert_eq!(verdict_in(by_tag, &single), Verdict::Blocked);
}

/// `ForAllValues` holds when every value of a multi-valued key matches; `ForAnyValue`
/// when one does. The reason lists the values.
#[test]
fn set_operators_read_every_value_of_a_multi_valued_key() {
    let mut context = RequestContext::new();
    context.set(
        "aws:TagKeys",
        KeyValue::Known(vec!["team".to_owned(), "cost".to_owned()]),
    );
    let deny = |operator: &str, values: serde_json::Value| {
        json!([{"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {operator: {"aws:TagKeys": values}}}])
    };
    let cases = [
        (
            "ForAllValues:StringEquals",
            json!(["team"]),
            Verdict::Allowed,
        ),
        (
            "ForAllValues:StringEquals",
            json!(["team", "cost"]),
            Verdict::Blocked,
        ),
        (
            "ForAnyValue:StringEquals",
            json!(["team"]),
            Verdict::Blocked,
        ),
        (
            "ForAnyValue:StringEquals",
            json!(["owner"]),
            Verdict::Allowed,
        ),
    ];
    for (operator, values, expected) in cases {
        assert_eq!(
            verdict_in(deny(operator, values.clone()), &context),
            expected,
            "{operator} {values}"
        );
    }
    let evaluation = evaluation_in(deny("ForAnyValue:StringEquals", json!(["team"])), &context);
    assert!(
        evaluation.causes[0]
            .reason
            .ends_with("aws:TagKeys is [\"team\", \"cost\"] for a root session"),
        "{}",
        evaluation.causes[0].reason
    );
}
