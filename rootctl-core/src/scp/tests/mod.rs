//! The evaluator's rules one at a time; `tests/scp_corpus.rs` checks whole real-world
//! policies against verdicts written by hand.

use serde_json::json;

use super::*;
use crate::model::Partition;

mod calls;
mod resources;

const ACCOUNT: &str = "111111111111";

fn context(region: Option<&str>) -> RequestContext {
    RequestContext::root_session(&RootSessionCall {
        account_id: ACCOUNT.parse().unwrap(),
        partition: Partition::Aws,
        organization_id: "o-abcdefghij".into(),
        organization_path: "o-abcdefghij/r-ab12/ou-ab12-cd34ef56/".into(),
        region: region.map(str::to_owned),
        resource_untagged: true,
    })
}

fn iam(action: &str) -> Request {
    Request {
        action: format!("iam:{action}"),
        resource: Resource::Arn(format!("arn:aws:iam::{ACCOUNT}:root")),
    }
}

fn doc(statements: serde_json::Value) -> PolicyDocument {
    PolicyDocument::from_value(&json!({"Version": "2012-10-17", "Statement": statements})).unwrap()
}

/// The verdict with FullAWSAccess at the root and the account, plus `extra` at the account.
fn verdict_with(extra: &PolicyDocument, request: &Request, region: Option<&str>) -> Evaluation {
    let full = doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]));
    let full = Attached {
        policy_id: "p-FullAWSAccess",
        policy_name: "FullAWSAccess",
        document: &full,
    };
    let extra = Attached {
        policy_id: "p-extra",
        policy_name: "Extra",
        document: extra,
    };
    let path = [
        Level {
            target: "r-ab12",
            policies: vec![full],
        },
        Level {
            target: ACCOUNT,
            policies: vec![full, extra],
        },
    ];
    evaluate(&path, request, &context(region))
}

fn verdict(extra: serde_json::Value, request: &Request) -> Verdict {
    verdict_with(&doc(extra), request, Some("us-east-1")).verdict
}

#[test]
fn wildcards_match_as_iam_does() {
    use matching::wildcard;
    assert!(wildcard("iam:*", "iam:GetUser", true));
    assert!(wildcard("IAM:get*", "iam:GetUser", true));
    assert!(wildcard("iam:Get?ser", "iam:GetUser", true));
    assert!(!wildcard("iam:Get?ser", "iam:GetUsers", true));
    assert!(wildcard("*", "", false));
    assert!(wildcard("a*b*c", "aXXbYYc", false));
    assert!(!wildcard("a*b*c", "aXXbYY", false));
    assert!(!wildcard("Arn", "arn", false));
}

/// The matcher against the definition itself, on every pattern of up to five tokens over
/// `a`, `b`, `*`, `?` and every text of up to five characters over `a`, `b`: `*` matches
/// any run of characters (the empty one too), `?` exactly one, anything else itself.
#[test]
fn wildcards_agree_with_their_definition_on_every_small_case() {
    fn by_definition(pattern: &[char], text: &[char]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some(('*', rest)) => (0..=text.len()).any(|skip| by_definition(rest, &text[skip..])),
            Some(('?', rest)) => !text.is_empty() && by_definition(rest, &text[1..]),
            Some((c, rest)) => text.first() == Some(c) && by_definition(rest, &text[1..]),
        }
    }
    fn all_strings(alphabet: &[char], max: usize) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            out.extend(last.iter().cloned());
        }
        out
    }
    let texts = all_strings(&['a', 'b'], 5);
    let mut matched = 0;
    for pattern in all_strings(&['a', 'b', '*', '?'], 5) {
        let p: Vec<char> = pattern.chars().collect();
        for text in &texts {
            let t: Vec<char> = text.chars().collect();
            let expected = by_definition(&p, &t);
            assert_eq!(
                matching::wildcard(&pattern, text, false),
                expected,
                "{pattern:?} against {text:?}"
            );
            matched += usize::from(expected);
        }
    }
    assert!(matched > 10_000, "the cases exercise matches: {matched}");
}

#[test]
fn deny_root_without_exemption_blocks_and_with_it_allows() {
    let deny = json!({"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}});
    assert_eq!(
        verdict(json!([deny.clone()]), &iam("GetAccountSummary")),
        Verdict::Blocked
    );
    let fixed = exempt_root_sessions(&deny).expect("the deny applies to others too");
    assert_eq!(
        verdict(json!([fixed]), &iam("GetAccountSummary")),
        Verdict::Allowed
    );
    // The other spelling of the exemption.
    let mut bool_form = deny.clone();
    bool_form["Condition"]["BoolIfExists"] = json!({"aws:AssumedRoot": "false"});
    assert_eq!(
        verdict(json!([bool_form]), &iam("GetAccountSummary")),
        Verdict::Allowed
    );
}

#[test]
fn not_action_blocks_what_it_does_not_exempt() {
    let deny = json!([{"Effect": "Deny", "NotAction": ["iam:ListMFADevices", "iam:Get*"],
        "Resource": "*",
        "Condition": {"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}}]);
    assert_eq!(
        verdict(deny.clone(), &iam("ListMFADevices")),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(deny.clone(), &iam("GetAccountSummary")),
        Verdict::Allowed
    );
    assert_eq!(verdict(deny, &iam("DeleteAccessKey")), Verdict::Blocked);
}

#[test]
fn every_level_must_allow() {
    // The account's own policies allow only S3: IAM is implicitly denied there.
    let allow_s3 = doc(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]));
    let full = doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]));
    let path = [
        Level {
            target: "r-ab12",
            policies: vec![Attached {
                policy_id: "p-FullAWSAccess",
                policy_name: "FullAWSAccess",
                document: &full,
            }],
        },
        Level {
            target: ACCOUNT,
            policies: vec![Attached {
                policy_id: "p-s3only",
                policy_name: "S3Only",
                document: &allow_s3,
            }],
        },
    ];
    let ctx = context(Some("us-east-1"));
    let blocked = evaluate(&path, &iam("GetAccountSummary"), &ctx);
    assert_eq!(blocked.verdict, Verdict::Blocked);
    assert_eq!(blocked.causes[0].kind, CauseKind::NotAllowed);
    assert_eq!(blocked.causes[0].target, ACCOUNT);
    assert!(blocked.causes[0].policy_id.is_none());
    // No policy at all at a level is the same: nothing there allows it.
    let bare = [Level {
        target: "r-ab12",
        policies: vec![],
    }];
    assert_eq!(
        evaluate(&bare, &iam("GetUser"), &ctx).verdict,
        Verdict::Blocked
    );
}

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

#[test]
fn regions_are_known_for_iam_and_unknown_for_buckets() {
    let region_deny = json!([{"Effect": "Deny", "NotAction": ["cloudfront:*"], "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}}]);
    assert_eq!(
        verdict(region_deny.clone(), &iam("GetUser")),
        Verdict::Blocked
    );
    let bucket = Request {
        action: "s3:GetBucketPolicy".into(),
        resource: Resource::Unnamed(UnnamedResource::bucket(Partition::Aws)),
    };
    let evaluation = verdict_with(&doc(region_deny), &bucket, None);
    assert_eq!(evaluation.verdict, Verdict::Unknown);
}

#[test]
fn resources_of_another_service_or_role_do_not_match_the_root_user() {
    let protect_roles = json!([{"Effect": "Deny", "Action": ["iam:*"],
        "Resource": ["arn:aws:iam::*:role/OrganizationAccountAccessRole"]}]);
    assert_eq!(
        verdict(protect_roles.clone(), &iam("DeleteAccessKey")),
        Verdict::Allowed
    );
    let summary = Request {
        action: "iam:GetAccountSummary".into(),
        resource: Resource::Unscoped("arn:aws:iam::".into()),
    };
    assert_eq!(verdict(protect_roles, &summary), Verdict::Allowed);
    let buckets = json!([{"Effect": "Deny", "Action": "s3:PutBucketPolicy",
        "Resource": "arn:aws:s3:::audit-logs-*"}]);
    let put = Request {
        action: "s3:PutBucketPolicy".into(),
        resource: Resource::Unnamed(UnnamedResource::bucket(Partition::Aws)),
    };
    assert_eq!(verdict(buckets, &put), Verdict::Unknown);
    let every_bucket = json!([{"Effect": "Deny", "Action": "s3:PutBucketPolicy",
        "Resource": "arn:aws:s3:::*"}]);
    assert_eq!(verdict(every_bucket, &put), Verdict::Blocked);
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

#[test]
fn documents_parse_liberally_and_refuse_what_is_not_a_policy() {
    let single = PolicyDocument::parse(
        r#"{"Statement": {"Effect": "Deny", "Action": "iam:*",
            "Condition": {"Bool": {"aws:SecureTransport": false}}}}"#,
    )
    .unwrap();
    assert_eq!(single.statements.len(), 1);
    assert_eq!(single.statements[0].resources, Resources::Any);
    assert_eq!(single.statements[0].conditions[0].values, vec!["false"]);
    for bad in [
        "not json",
        r#"{"Version": "2012-10-17"}"#,
        r#"{"Statement": [{"Effect": "Maybe", "Action": "*"}]}"#,
        r#"{"Statement": [{"Effect": "Deny"}]}"#,
        r#"{"Statement": [{"Effect": "Deny", "Action": "*", "NotAction": "s3:*"}]}"#,
    ] {
        let err = PolicyDocument::parse(bad).unwrap_err();
        assert!(
            matches!(err, crate::Error::InvalidInput { .. }),
            "{bad}: {err}"
        );
    }
}

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

/// Verdicts read as their names; only a sure cause blocks.
#[test]
fn verdicts_and_causes_say_what_they_are() {
    let names: Vec<String> = [Verdict::Allowed, Verdict::Blocked, Verdict::Unknown]
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(names, ["allowed", "blocked", "unknown"]);
    assert!(CauseKind::Denied.blocks() && CauseKind::NotAllowed.blocks());
    assert!(!CauseKind::MaybeDenied.blocks() && !CauseKind::MaybeNotAllowed.blocks());
}

/// At one level, an Allow that surely applies is enough, whatever statements that may
/// not apply come after it.
#[test]
fn a_sure_allow_is_not_weakened_by_a_later_conditional_one() {
    let request = iam("GetUser");
    let allows = doc(json!([
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "iam:*", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
    ]));
    let path = [Level {
        target: ACCOUNT,
        policies: vec![Attached {
            policy_id: "p-allows",
            policy_name: "Allows",
            document: &allows,
        }],
    }];
    let evaluation = evaluate(&path, &request, &context(Some("us-east-1")));
    assert_eq!(
        evaluation.verdict,
        Verdict::Allowed,
        "{:?}",
        evaluation.causes
    );
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

/// An action without resource-level permissions (`iam:GetAccountSummary`,
/// `s3:ListAllMyBuckets`, `sqs:ListQueues`) is requested on `*`. A Deny naming every
/// resource of its service (`arn:aws:iam::*:*`) may cover it: AWS documents `*` for such
/// actions, not how it reads a service-wide ARN, so that is unknown, never allowed. A Deny
/// naming specific resources (one role) does not cover it.
#[test]
fn a_service_wide_resource_may_cover_an_action_without_resource_permissions() {
    let summary = Request {
        action: "iam:GetAccountSummary".into(),
        resource: Resource::Unscoped("arn:aws:iam::".into()),
    };
    let deny =
        |resource: &str| json!([{"Effect": "Deny", "Action": "iam:*", "Resource": resource}]);
    assert_eq!(
        verdict(deny("arn:aws:iam::*:*"), &summary),
        Verdict::Unknown
    );
    assert_eq!(verdict(deny("arn:*:iam::*:*"), &summary), Verdict::Unknown);
    assert_eq!(verdict(deny("*"), &summary), Verdict::Blocked);
    assert_eq!(
        verdict(deny("arn:aws:iam::*:role/OrgAdmin"), &summary),
        Verdict::Allowed
    );
    assert_eq!(verdict(deny("arn:aws:s3:::*"), &summary), Verdict::Allowed);
}

/// A policy with a key twice (two `Condition` blocks of one operator) has no documented
/// reading: it is not parsed, so `check_scps` reports it unreadable (unknown), never
/// judged by the reading `serde_json` happens to keep.
#[test]
fn a_policy_with_a_key_twice_is_unreadable() {
    let text = r#"{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"},
                      "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/nobody"}}}]}"#;
    let err = PolicyDocument::parse(text).unwrap_err();
    assert!(err.to_string().contains("twice"), "{err}");
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

/// The evaluation of `iam:GetUser` with FullAWSAccess and `extra` at the account, in
/// `context`.
fn evaluation_in(extra: serde_json::Value, context: &RequestContext) -> Evaluation {
    let full = doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]));
    let extra = doc(extra);
    let attached = |policy_id, document| Attached {
        policy_id,
        policy_name: policy_id,
        document,
    };
    let path = [Level {
        target: ACCOUNT,
        policies: vec![attached("p-full", &full), attached("p-extra", &extra)],
    }];
    evaluate(&path, &iam("GetUser"), context)
}

fn verdict_in(extra: serde_json::Value, context: &RequestContext) -> Verdict {
    evaluation_in(extra, context).verdict
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
