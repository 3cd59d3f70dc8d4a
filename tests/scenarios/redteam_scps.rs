//! Red-team findings on the SCP/RCP pre-flight (rootctl::scp, check_scps, the audit's
//! pre-flight and plan_removal), written by an outside reviewer from the code and docs
//! alone. Each test states what AWS's documented evaluation does; each failed on the
//! code as it was, and guards the fix (docs/scps.md).
//!
//! AWS pages relied on:
//! - "IAM policy elements: Variables and tags"
//!   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
//!   variables can be used in identity-based policies, resource policies and **service
//!   control policies**; "You can use policy variables in the `Resource` element and in
//!   string comparisons in the `Condition` element"; the special variables `${*}`,
//!   `${?}`, `${$}` stand for a *literal* `*`, `?`, `$` ("inserting an * asterisk in
//!   the string would be interpreted as a wildcard ... In these cases, you can use the
//!   following predefined policy variables: ${*} - use where you need an * (asterisk)
//!   character").
//! - "IAM JSON policy elements: Condition" / "Creating a condition with multiple keys or
//!   values": several values for one key under one operator are evaluated with a
//!   logical OR; "Null" checks whether the key is absent (`true`) or present (`false`).
//! - docs/scps.md: "It never answers `allowed` where it cannot show that AWS allows:
//!   what it cannot decide is `unknown`."

use rootctl::scp::{
    Attached, Level, PolicyDocument, RequestContext, RootSessionCall, Verdict, evaluate,
    root_task_request,
};
use rootctl::sim::{FULL_AWS_ACCESS, SimulatedOrg};
use rootctl::{AccountId, CredentialKind, Options, Partition, RootTask, Rootctl, Selection};
use serde_json::{Value, json};

fn policy(statements: Value) -> String {
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

const MEMBER: &str = "111111111111";

/// The verdict AWS's evaluation would have to meet for `action` of a root session in
/// MEMBER (partition aws), with FullAWSAccess at the root and `statements` plus
/// FullAWSAccess attached to the account.
fn member_verdict(statements: Value, action: &str) -> Verdict {
    let full = PolicyDocument::parse(
        r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#,
    )
    .unwrap();
    let guard = PolicyDocument::parse(&policy(statements)).unwrap();
    let full_access = Attached {
        policy_id: FULL_AWS_ACCESS,
        policy_name: "FullAWSAccess",
        document: &full,
    };
    let path = [
        Level {
            target: "r-ab12",
            policies: vec![full_access],
        },
        Level {
            target: MEMBER,
            policies: vec![
                full_access,
                Attached {
                    policy_id: "p-guard",
                    policy_name: "Guard",
                    document: &guard,
                },
            ],
        },
    ];
    let account: AccountId = MEMBER.parse().unwrap();
    let iam = action.starts_with("iam:");
    let context = RequestContext::root_session(&RootSessionCall {
        account_id: account,
        partition: Partition::Aws,
        organization_id: "o-abcdefghij".into(),
        organization_path: "o-abcdefghij/r-ab12/".into(),
        region: iam.then(|| "us-east-1".to_owned()),
        resource_untagged: iam,
    });
    let request = root_task_request(action, &account, Partition::Aws);
    evaluate(&path, &request, &context).verdict
}

// ---------------------------------------------------------------------------------
// Finding 1 (false "allowed"): policy variables in Resource / NotResource are matched
// literally. AWS substitutes `${aws:PrincipalAccount}` in the Resource element of an
// SCP, so these Deny statements name exactly the member's own root user / queues.
// ---------------------------------------------------------------------------------

/// "Nobody may remove this account's own root credentials", written with the
/// account-agnostic variable so one SCP serves every account.
fn deny_own_root_credential_changes() -> Value {
    json!([{
        "Sid": "ProtectOwnRootUser",
        "Effect": "Deny",
        "Action": ["iam:DeleteLoginProfile", "iam:DeleteAccessKey",
                   "iam:DeleteSigningCertificate", "iam:DeactivateMFADevice",
                   "iam:CreateLoginProfile"],
        "Resource": "arn:aws:iam::${aws:PrincipalAccount}:root"
    }])
}

#[test]
fn redteam_policy_variable_in_resource_evaluator() {
    // With the variable resolved the statement is exactly fixture 38
    // (Resource arn:aws:iam::<account>:root), which rootctl itself judges blocked.
    let resolved = json!([{
        "Effect": "Deny", "Action": "iam:DeleteLoginProfile",
        "Resource": format!("arn:aws:iam::{MEMBER}:root")
    }]);
    assert_eq!(
        member_verdict(resolved, "iam:DeleteLoginProfile"),
        Verdict::Blocked,
        "sanity: the resolved ARN is judged blocked"
    );
    let verdict = member_verdict(deny_own_root_credential_changes(), "iam:DeleteLoginProfile");
    assert_ne!(
        verdict,
        Verdict::Allowed,
        "Resource arn:aws:iam::${{aws:PrincipalAccount}}:root is the member's own root user \
         once AWS substitutes the variable: the Deny applies (blocked), or at worst rootctl \
         cannot tell (unknown); rootctl says allowed"
    );
}

#[test]
fn redteam_policy_variable_in_queue_resource_evaluator() {
    // Every queue of the member: arn:aws:sqs:<region>:<member>:<name>.
    let deny = json!([{
        "Effect": "Deny", "Action": "sqs:SetQueueAttributes",
        "Resource": "arn:aws:sqs:*:${aws:PrincipalAccount}:*"
    }]);
    assert_ne!(
        member_verdict(deny, "sqs:SetQueueAttributes"),
        Verdict::Allowed,
        "arn:aws:sqs:*:${{aws:PrincipalAccount}}:* names every queue of the member: \
         blocked (or unknown), not allowed"
    );
}

#[test]
fn redteam_policy_variable_in_bucket_resource_evaluator() {
    // Buckets named after their account (`<account>-logs`, a common convention): once
    // AWS substitutes the variable the pattern names the member's `<member>-...`
    // buckets, so whether the unlocked bucket is one of them is not known before the
    // call (unknown), the same answer rootctl gives for arn:aws:s3:::<member>-*
    // written out. rootctl reads `${`, `:` and `}` as characters no bucket name holds,
    // so "no bucket can match" and the Deny is dropped.
    let written_out = json!([{
        "Effect": "Deny", "Action": "s3:PutBucketPolicy",
        "Resource": format!("arn:aws:s3:::{MEMBER}-*")
    }]);
    assert_eq!(
        member_verdict(written_out, "s3:PutBucketPolicy"),
        Verdict::Unknown,
        "sanity: the written-out pattern may name the bucket"
    );
    let with_variable = json!([{
        "Effect": "Deny", "Action": "s3:PutBucketPolicy",
        "Resource": "arn:aws:s3:::${aws:PrincipalAccount}-*"
    }]);
    assert_ne!(
        member_verdict(with_variable, "s3:PutBucketPolicy"),
        Verdict::Allowed,
        "arn:aws:s3:::${{aws:PrincipalAccount}}-* names the member's <account>-* buckets: \
         unknown, not allowed"
    );
}

#[tokio::test]
async fn redteam_policy_variable_in_resource_check_scps_and_plan() {
    let org = SimulatedOrg::builder()
        .members(4)
        .seed(21)
        .password_share(1.0)
        .build();
    let member = org.members()[0].account.id;
    org.attach_scp(&member.into(), &policy(deny_own_root_credential_changes()))
        .unwrap();
    org.attach_scp(
        &org.members()[1].account.id.into(),
        &policy(json!([{
            "Effect": "Deny", "Action": "sqs:SetQueueAttributes",
            "Resource": "arn:aws:sqs:*:${aws:PrincipalAccount}:*"
        }])),
    )
    .unwrap();
    let queue_member = org.members()[1].account.id;

    let rc = Rootctl::simulated(org.clone());
    let report = rc
        .check_scps(&Selection::all(), &RootTask::ALL)
        .await
        .unwrap();
    let mut wrong = Vec::new();
    let delete = report.account(&member).unwrap().verdicts[&RootTask::Delete];
    if delete == Verdict::Allowed {
        wrong.push(format!(
            "{member}: delete predicted allowed although the SCP denies \
             iam:DeleteLoginProfile on arn:aws:iam::${{aws:PrincipalAccount}}:root"
        ));
    }
    let recover = report.account(&member).unwrap().verdicts[&RootTask::Recover];
    if recover == Verdict::Allowed {
        wrong.push(format!(
            "{member}: recover predicted allowed (CreateLoginProfile denied)"
        ));
    }
    let unlock = report.account(&queue_member).unwrap().verdicts[&RootTask::UnlockSqs];
    if unlock == Verdict::Allowed {
        wrong.push(format!(
            "{queue_member}: unlock_sqs predicted allowed although SetQueueAttributes is \
             denied on every queue of the account"
        ));
    }

    // The audit pre-flight feeds plan_removal: a removal AWS will deny is planned.
    let rc = Rootctl::simulated(org.clone())
        .with_options(Options {
            scp_preflight: true,
            ..Options::default()
        })
        .unwrap();
    let audit = rc
        .audit(&Selection::accounts([member]), None)
        .await
        .unwrap();
    let plan = rc
        .plan_removal(&audit, &[CredentialKind::Password])
        .unwrap();
    if plan.accounts.iter().any(|a| a.account_id == member) {
        wrong.push(format!(
            "{member}: plan_removal plans the password removal although an SCP denies \
             iam:DeleteLoginProfile on the account's own root user"
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------------
// Finding 2 (false "allowed"): `${*}` is substituted by a bare `*`, which StringLike /
// StringNotLike then treat as a wildcard. AWS documents `${*}` as a *literal* asterisk.
// ---------------------------------------------------------------------------------

#[test]
fn redteam_literal_asterisk_variable_is_not_a_wildcard() {
    // "Deny everything unless the principal ARN is literally arn:aws:iam::*:root" (a
    // value that no real principal has): it denies the root session.
    let deny = json!([{
        "Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::${*}:root"}}
    }]);
    assert_ne!(
        member_verdict(deny, "iam:GetLoginProfile"),
        Verdict::Allowed,
        "${{*}} is a literal '*': arn:aws:iam::{MEMBER}:root does not match \
         'arn:aws:iam::*:root' literally, StringNotLike holds and the Deny applies; \
         rootctl turns ${{*}} into a wildcard and says allowed"
    );
}

// ---------------------------------------------------------------------------------
// Finding 3 (false "allowed"): the Null operator reads only the first of several values.
// Several values for one key are ORed, so ["false", "true"] holds whether or not the
// key is present.
// ---------------------------------------------------------------------------------

#[test]
fn redteam_null_condition_values_are_ored() {
    let deny = json!([{
        "Effect": "Deny", "Action": "iam:*", "Resource": "*",
        "Condition": {"Null": {"aws:PrincipalTag/team": ["false", "true"]}}
    }]);
    assert_ne!(
        member_verdict(deny, "iam:GetLoginProfile"),
        Verdict::Allowed,
        "Null with [\"false\", \"true\"] is (present) OR (absent): always true, so the Deny \
         applies to IAM; rootctl reads only \"false\", finds the tag absent and says allowed"
    );
}

// ---------------------------------------------------------------------------------
// Finding 4 (harmful fix): a Deny that applies ONLY to root sessions (its condition
// requires aws:AssumedRoot to be present/true) is "fixed" by replacing that condition
// with "Null": {"aws:AssumedRoot": "true"}, which inverts it: the proposed statement
// now denies the same actions to every principal that is NOT a root session, i.e. every
// IAM user and role of every account under the target. docs/scps.md promises the rest
// is kept "so the guardrail still applies to every other principal"; here the original
// applied to no other principal at all.
// ---------------------------------------------------------------------------------

#[test]
fn redteam_fix_inverts_a_root_session_only_deny() {
    use rootctl::scp::{Request, Resource, exempt_root_sessions};

    // Fixture 47 (deny deletes in root sessions), the form AWS's "aws:AssumedRoot" page
    // suggests for limiting root sessions.
    let original = json!({
        "Effect": "Deny", "Action": "iam:Delete*", "Resource": "*",
        "Condition": {"Bool": {"aws:AssumedRoot": "true"}}
    });
    // Exempting root sessions from a statement that applies only to them leaves nothing
    // to keep: no fix statement (None), never one aimed at everyone else.
    let Some(fixed) = exempt_root_sessions(&original) else {
        return;
    };

    // An IAM administrator role in the same account deleting a user.
    let mut role = RequestContext::new();
    role.known(
        "aws:PrincipalArn",
        format!("arn:aws:iam::{MEMBER}:role/Admin"),
    )
    .known("aws:PrincipalAccount", MEMBER)
    .set("aws:AssumedRoot", rootctl::scp::KeyValue::Absent);
    let delete_user = Request {
        action: "iam:DeleteUser".into(),
        resource: Resource::Arn(format!("arn:aws:iam::{MEMBER}:user/alice")),
    };
    let judge = |statement: &Value| {
        let full = PolicyDocument::parse(
            r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#,
        )
        .unwrap();
        let guard = PolicyDocument::parse(&policy(json!([statement]))).unwrap();
        let level = Level {
            target: MEMBER,
            policies: vec![
                Attached {
                    policy_id: FULL_AWS_ACCESS,
                    policy_name: "FullAWSAccess",
                    document: &full,
                },
                Attached {
                    policy_id: "p-guard",
                    policy_name: "Guard",
                    document: &guard,
                },
            ],
        };
        evaluate(&[level], &delete_user, &role).verdict
    };
    assert_eq!(
        judge(&original),
        Verdict::Allowed,
        "sanity: the original statement never applies to an IAM role"
    );
    assert_eq!(
        judge(&fixed),
        Verdict::Allowed,
        "the proposed fix {fixed} denies iam:Delete* to every IAM user and role (anything \
         without aws:AssumedRoot): applying it would lock administrators out of deleting \
         users, roles and policies across the target"
    );
}

#[tokio::test]
async fn redteam_fix_inverts_a_root_session_only_deny_in_the_report() {
    let org = SimulatedOrg::builder().members(2).seed(3).build();
    let member = org.members()[0].account.id;
    let original = json!({
        "Sid": "NoDeletesInRootSessions",
        "Effect": "Deny", "Action": "iam:Delete*", "Resource": "*",
        "Condition": {"Bool": {"aws:AssumedRoot": "true"}}
    });
    org.attach_scp(&member.into(), &policy(json!([original])))
        .unwrap();
    let report = Rootctl::simulated(org)
        .check_scps(&Selection::accounts([member]), &[RootTask::Delete])
        .await
        .unwrap();
    let finding = &report.account(&member).unwrap().findings[0];
    assert_eq!(finding.verdict, rootctl::scp::Verdict::Blocked);
    // No rewritten statement can keep a deny aimed at root sessions only: the finding
    // says to remove it instead.
    let Some(fix) = finding.fix.as_ref() else {
        assert!(
            finding.reason.contains("applies only to root sessions")
                && finding.reason.contains("remove it"),
            "{}",
            finding.reason
        );
        return;
    };
    // The fix keeps Effect Deny and iam:Delete* and holds exactly when aws:AssumedRoot
    // is absent: every principal but a root session.
    let applies_to_others = fix["Effect"] == "Deny"
        && fix["Condition"]["Null"]["aws:AssumedRoot"] == "true"
        && fix["Condition"].as_object().unwrap().len() == 1;
    assert!(
        !applies_to_others,
        "check_scps proposes {fix} as the fix for {}: it denies iam:Delete* to every IAM \
         user and role under the target, which the original statement never did",
        finding.statement.as_ref().unwrap()
    );
}
