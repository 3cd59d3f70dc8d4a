//! The evaluator's rules one at a time; `tests/scp_corpus.rs` checks whole real-world
//! policies against verdicts written by hand. This file holds the helpers every group
//! shares (a root session's context, a path of FullAWSAccess plus one policy) and the
//! rules of the evaluation itself: levels, Allow and Deny, resources and verdicts.

use serde_json::json;

use super::*;
use crate::model::Partition;

mod calls;
mod exemption;
mod keys;
mod operators;
mod parsing;
mod resources;
mod wildcards;

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
