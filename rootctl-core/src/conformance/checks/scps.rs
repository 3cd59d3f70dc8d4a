//! Service control policies: the reads the SCP pre-flight makes
//! ([`Organizations::list_policies_for_target`](crate::Organizations::list_policies_for_target),
//! [`Organizations::describe_policy`](crate::Organizations::describe_policy)), the
//! pre-flight itself, and root sessions denied by a policy.

use serde_json::Value;

use super::{enable_everything, expect_error};
use crate::conformance::{CheckResult, Failure, Fixture, Gap, Harness, Outcome};
use crate::error::ErrorKind;
use crate::model::{AccountId, ParentId, PolicySummary, PolicyTarget, PolicyType, RootTask};
use crate::ops::Selection;
use crate::scp::Verdict;

/// AWS's managed policy, attached to every root, OU and account.
const FULL_AWS_ACCESS: &str = "p-FullAWSAccess";

/// The "deny the root user" guardrail without the root-session exemption.
const DENY_ROOT: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "DenyRootUser",
    "Effect": "Deny", "Action": "*", "Resource": "*",
    "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]}"#;

/// A guardrail that denies nothing a root session does.
const DENY_LEAVING: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
    "Action": "organizations:LeaveOrganization", "Resource": "*"}]}"#;

async fn scps_at(f: &Fixture, target: &PolicyTarget) -> Result<Vec<PolicySummary>, Failure> {
    f.organizations
        .list_policies_for_target(target, PolicyType::ServiceControlPolicy)
        .await
        .map_err(|e| Failure::new(format!("ListPoliciesForTarget {target}: {e}")))
}

fn json(text: &str, what: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|e| Failure::new(format!("{what} is not JSON: {e}")))
}

/// `ListPoliciesForTarget` lists the SCPs attached directly to a root, an OU or an
/// account (FullAWSAccess everywhere, a new policy where it was attached and nowhere
/// else), and `DescribePolicy` answers a policy's summary and exact document.
pub async fn scps_are_listed_and_described(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let prod: PolicyTarget = f.unit("Prod").into();
    let member: PolicyTarget = f.member("prod-1").into();
    let targets: [PolicyTarget; 4] = [
        f.root.clone().into(),
        f.unit("Payments").into(),
        prod.clone(),
        member.clone(),
    ];
    for target in &targets {
        let listed = scps_at(&f, target).await?;
        let Some(full) = listed.iter().find(|p| p.id == FULL_AWS_ACCESS) else {
            return Err(Failure::new(format!(
                "FullAWSAccess is not listed at {target}: {listed:?}"
            )));
        };
        ensure_eq!(full.name.as_str(), "FullAWSAccess", "its name at {target}");
        ensure!(full.aws_managed, "FullAWSAccess is AWS managed");
        ensure_eq!(
            full.policy_type,
            PolicyType::ServiceControlPolicy,
            "its type at {target}"
        );
    }

    let id = h.attach_scp(&f, &prod, DENY_LEAVING).await?;
    let at = |listed: &[PolicySummary]| listed.iter().any(|p| p.id == id);
    ensure!(
        at(&scps_at(&f, &prod).await?),
        "{id} is not listed at the OU it was attached to"
    );
    for target in [&targets[0], &member] {
        ensure!(
            !at(&scps_at(&f, target).await?),
            "{id} is listed at {target}, where it is not attached directly"
        );
    }
    let policy = f.organizations.describe_policy(&id).await?;
    ensure_eq!(policy.summary.id.as_str(), id.as_str(), "described id");
    ensure!(!policy.summary.aws_managed, "{id} is customer managed");
    ensure_eq!(
        policy.summary.policy_type,
        PolicyType::ServiceControlPolicy,
        "described type"
    );
    ensure_eq!(
        json(&policy.content, "the described content")?,
        json(DENY_LEAVING, "the attached document")?,
        "the described document"
    );
    let full = f.organizations.describe_policy(FULL_AWS_ACCESS).await?;
    let content = json(&full.content, "FullAWSAccess's content")?;
    ensure!(
        content["Statement"].to_string().contains(r#""Action":"*""#),
        "FullAWSAccess does not allow every action: {content}"
    );
    Ok(Outcome::Passed)
}

/// An unknown policy, OU or account is NotFound.
pub async fn unknown_policies_and_targets_are_not_found(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    expect_error(
        f.organizations.describe_policy("p-0000000000").await,
        ErrorKind::NotFound,
        "DescribePolicy p-0000000000",
    )?;
    let unit: ParentId = "ou-zzzz-zzzzzzzz"
        .parse()
        .map_err(|e| Failure::new(format!("an OU id: {e}")))?;
    let account: AccountId = "999999999999"
        .parse()
        .map_err(|e| Failure::new(format!("an account id: {e}")))?;
    for target in [PolicyTarget::from(unit), account.into()] {
        expect_error(
            f.organizations
                .list_policies_for_target(&target, PolicyType::ServiceControlPolicy)
                .await,
            ErrorKind::NotFound,
            &format!("ListPoliciesForTarget {target}"),
        )?;
    }
    Ok(Outcome::Passed)
}

/// `check_scps` reads the policies through the backend and predicts a deny-root
/// guardrail on one member: that member's audit is blocked (the finding names the
/// policy and where it is attached), every other member's allowed.
pub async fn check_scps_predicts_a_deny_root_guardrail(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let guarded = f.member("prod-2");
    let id = h.attach_scp(&f, &guarded.into(), DENY_ROOT).await?;
    h.attach_scp(&f, &f.root.clone().into(), DENY_LEAVING)
        .await?;
    let report = f
        .rootctl()
        .check_scps(&Selection::all(), &[RootTask::Audit])
        .await?;
    let mut blocked = report.blocked(RootTask::Audit);
    blocked.sort();
    ensure_eq!(blocked, vec![guarded], "the accounts predicted blocked");
    let account = report
        .account(&guarded)
        .ok_or_else(|| Failure::new("the guarded member is not in the report"))?;
    let finding = account
        .findings
        .first()
        .ok_or_else(|| Failure::new("a blocked account without a finding"))?;
    ensure_eq!(
        finding.policy_id.as_deref(),
        Some(id.as_str()),
        "the finding's policy"
    );
    ensure_eq!(
        finding.target_id.as_str(),
        guarded.as_str(),
        "where it is attached"
    );
    let undecided: Vec<_> = report
        .accounts
        .iter()
        .filter(|a| a.account_id != guarded && a.verdict(RootTask::Audit) != Some(Verdict::Allowed))
        .map(|a| a.account_id)
        .collect();
    ensure!(
        undecided.is_empty(),
        "not allowed, with only a harmless guardrail: {undecided:?}"
    );
    Ok(Outcome::Passed)
}

/// A root session in an account whose SCP denies the root user is refused with
/// AccessDenied (what AWS documents for a Deny on the account's path); other members are
/// audited.
pub async fn scps_deny_root_sessions(h: &dyn Harness) -> CheckResult {
    if h.backend().has(Gap::ControlPoliciesNotEnforced) {
        return Ok(Outcome::skipped(
            Gap::ControlPoliciesNotEnforced,
            "the backend does not enforce SCPs on root sessions",
        ));
    }
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let (guarded, free) = (f.member("prod-3"), f.member("prod-4"));
    h.attach_scp(&f, &guarded.into(), DENY_ROOT).await?;
    let audit = f
        .rootctl()
        .audit(&Selection::accounts([guarded, free]), None)
        .await?;
    let error = |id: AccountId| {
        audit
            .accounts
            .iter()
            .find(|a| a.account_id == id)
            .map(|a| a.error.as_ref().map(crate::Error::kind))
    };
    ensure_eq!(
        error(guarded),
        Some(Some(ErrorKind::AccessDenied)),
        "the audit of the member whose SCP denies the root user"
    );
    ensure_eq!(error(free), Some(None), "the audit of another member");
    Ok(Outcome::Passed)
}
