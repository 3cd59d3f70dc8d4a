//! What the pre-flight judges each call on: the resource of each task action, the
//! catalog of judged calls (checked against AWS's reference outside rootctl), the
//! caller's principal ARN, and how findings name statements.

use serde_json::json;

use super::super::*;
use super::{ACCOUNT, verdict, verdict_with};
use crate::model::{CallerIdentity, Partition, RootTask};

fn request(action: &str) -> Request {
    root_task_request(action, &ACCOUNT.parse().unwrap(), Partition::Aws)
}

/// `iam:GetAccountSummary`, `s3:ListAllMyBuckets` and `sqs:ListQueues` have no
/// resource-level permissions: a Deny naming one resource (the root user, one bucket,
/// one queue) does not cover them, where it would cover a call on that resource.
#[test]
fn actions_without_resource_permissions_are_not_judged_on_a_resource() {
    let deny = |action: &str, resource: &str| json!([{"Effect": "Deny", "Action": action, "Resource": resource}]);
    for (action, resource) in [
        ("iam:GetAccountSummary", "arn:aws:iam::*:root"),
        ("s3:ListAllMyBuckets", "arn:aws:s3:::one-bucket"),
        ("sqs:ListQueues", "arn:aws:sqs:*:*:one-queue"),
    ] {
        assert_eq!(
            verdict(deny(action, resource), &request(action)),
            Verdict::Allowed,
            "{action} on {resource}"
        );
    }
    // The same Deny on a call that acts on the root user does cover it.
    assert_eq!(
        verdict(
            deny("iam:GetLoginProfile", "arn:aws:iam::*:root"),
            &request("iam:GetLoginProfile")
        ),
        Verdict::Blocked
    );
}

/// The catalog `rootctl-py/tests/test_reference.py` checks against AWS's Service
/// Authorization Reference: every task's actions on the member's side in the reference's
/// resource forms, then the caller's `sts:AssumeRoot` with `sts:TaskPolicyArn`.
#[test]
fn the_judged_calls_are_every_task_action_in_the_references_forms() {
    for partition in [Partition::Aws, Partition::AwsCn] {
        let calls = judged_calls(partition);
        let expected: usize = RootTask::ALL.iter().map(|t| t.actions().len() + 1).sum();
        assert_eq!(calls.len(), expected);
        let find = |task: RootTask, action: &str| {
            calls
                .iter()
                .find(|c| c.task == task && c.action == action)
                .unwrap_or_else(|| panic!("{task:?} {action}"))
        };
        let p = partition.as_str();
        for (task, action, side, resource) in [
            (
                RootTask::Audit,
                "iam:GetAccountSummary",
                "member",
                "*".to_owned(),
            ),
            (
                RootTask::Audit,
                "iam:GetLoginProfile",
                "member",
                format!("arn:{p}:iam::${{Account}}:root"),
            ),
            (
                RootTask::UnlockS3,
                "s3:ListAllMyBuckets",
                "member",
                "*".to_owned(),
            ),
            (
                RootTask::UnlockS3,
                "s3:PutBucketPolicy",
                "member",
                format!("arn:{p}:s3:::${{BucketName}}"),
            ),
            (
                RootTask::UnlockSqs,
                "sqs:SetQueueAttributes",
                "member",
                format!("arn:{p}:sqs:${{Region}}:${{Account}}:${{QueueName}}"),
            ),
            (
                RootTask::Delete,
                "sts:AssumeRoot",
                "caller",
                format!("arn:{p}:iam::${{Account}}:root"),
            ),
        ] {
            let call = find(task, action);
            assert_eq!(
                (call.side, call.resource.as_str()),
                (side, resource.as_str())
            );
        }
        for call in &calls {
            let keys: Vec<&str> = call.condition_keys.iter().map(String::as_str).collect();
            match call.side {
                "caller" => assert_eq!(keys, ["sts:TaskPolicyArn"], "{call:?}"),
                _ => assert!(keys.is_empty(), "{call:?}"),
            }
        }
    }
}

/// An IAM user's `aws:PrincipalArn` is its ARN; a role session's is the role's ARN with
/// its path, which `GetCallerIdentity` does not give: unknown.
#[test]
fn the_callers_principal_arn_is_known_for_an_iam_user_only() {
    let caller = |arn: &str| CallerIdentity {
        account_id: "222222222222".parse().unwrap(),
        arn: arn.into(),
        user_id: "AIDAEXAMPLE".into(),
    };
    let user = "arn:aws:iam::222222222222:user/ops/alice";
    assert_eq!(caller_principal_arn(&caller(user)).as_deref(), Some(user));
    for other in [
        "arn:aws:sts::222222222222:assumed-role/Operator/rootctl",
        "arn:aws:iam::222222222222:root",
        "arn:aws:iam::222222222222:role/Operator",
        "not an arn",
    ] {
        assert_eq!(caller_principal_arn(&caller(other)), None, "{other}");
    }
}

/// A finding names the statement by its `Sid`, or by its place (from 1) without one.
#[test]
fn causes_name_the_statement_by_sid_or_place() {
    let get_user = Request {
        action: "iam:GetUser".into(),
        resource: Resource::Arn(format!("arn:aws:iam::{ACCOUNT}:root")),
    };
    let named = PolicyDocument::from_value(&json!({"Statement": [
        {"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}]}))
    .unwrap();
    let cause = &verdict_with(&named, &get_user, None).causes[0];
    assert!(
        cause.reason.contains("statement \"DenyAll\""),
        "{}",
        cause.reason
    );
    let unnamed = PolicyDocument::from_value(&json!({"Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "*", "Resource": "*"}]}))
    .unwrap();
    let cause = &verdict_with(&unnamed, &get_user, None).causes[0];
    assert!(cause.reason.contains("statement 2"), "{}", cause.reason);
}

/// `"Principal": "*"` (the string) applies to everyone; any other principal makes an
/// RCP statement undecided.
#[test]
fn a_principal_of_star_applies_and_another_is_undecided() {
    let deny = |principal: serde_json::Value| json!([{"Effect": "Deny", "Principal": principal, "Action": "*", "Resource": "*"}]);
    let get_user = Request {
        action: "iam:GetUser".into(),
        resource: Resource::Arn(format!("arn:aws:iam::{ACCOUNT}:root")),
    };
    assert_eq!(verdict(deny(json!("*")), &get_user), Verdict::Blocked);
    assert_eq!(
        verdict(deny(json!({"AWS": "*"})), &get_user),
        Verdict::Blocked
    );
    assert_eq!(
        verdict(deny(json!("arn:aws:iam::999999999999:root")), &get_user),
        Verdict::Unknown
    );
    assert_eq!(
        verdict(
            deny(json!({"AWS": "arn:aws:iam::999999999999:root"})),
            &get_user
        ),
        Verdict::Unknown
    );
}

/// The caller's exemption joins what the statement already says: its other conditions
/// stay, other exempted ids stay, and an exemption already there is not repeated.
#[test]
fn the_callers_exemption_keeps_the_statements_own_conditions() {
    use serde_json::json;
    let deny = json!({
        "Effect": "Deny",
        "Action": "sts:AssumeRoot",
        "Resource": "*",
        "Condition": {
            "StringEquals": {"aws:RequestedRegion": "eu-west-1"},
            "StringNotLike": {"aws:userid": "AROAOTHER:*"}
        }
    });
    let fixed = crate::scp::exempt_caller(&deny, "AROAEXAMPLE:rootctl");
    assert_eq!(
        fixed["Condition"]["StringEquals"],
        json!({"aws:RequestedRegion": "eu-west-1"})
    );
    assert_eq!(
        fixed["Condition"]["StringNotLike"]["aws:userid"],
        json!(["AROAOTHER:*", "AROAEXAMPLE:*"])
    );
    // Exempting the same caller again changes nothing.
    assert_eq!(
        crate::scp::exempt_caller(&fixed, "AROAEXAMPLE:other"),
        fixed
    );
    // A `Condition` that is not an object is replaced by the exemption alone.
    let odd = json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": "x"});
    let fixed = crate::scp::exempt_caller(&odd, "AIDAUSER");
    assert_eq!(
        fixed["Condition"],
        json!({"StringNotLike": {"aws:userid": ["AIDAUSER"]}})
    );
}
