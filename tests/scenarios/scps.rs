//! check_scps against the simulator. The simulator enforces policies with rootctl's own
//! evaluator, so "predicted blocked" matching "denied there" is consistency (the
//! pre-flight and the enforcement read the same policies, build the same context, and
//! agree), not evidence that either is right: what holds the evaluator to AWS is the
//! hand-verdict corpus (`tests/scp_corpus.rs`) and the check against AWS's Service
//! Authorization Reference (`rootctl-py/tests/test_reference.py`). Also here: the reads
//! (once per target and policy), the report's findings and fixes, the simulator's rules
//! for attachments, and the caller's side (a delegated administrator's own SCPs).

use std::collections::BTreeSet;

use rootctl::scp::Verdict;
use rootctl::sim::{FULL_AWS_ACCESS, SimulatedOrg};
use rootctl::{
    AccountId, CredentialKind, ErrorKind, Options, PolicyTarget, PolicyType, RootTask, Rootctl,
    ScpReport, ScpSide, Selection,
};
use serde_json::{Value, json};

fn policy(statements: Value) -> String {
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

/// The pre-flight of `tasks` on `selection`, with a client of `org`.
async fn check(org: &SimulatedOrg, selection: &Selection, tasks: &[RootTask]) -> ScpReport {
    Rootctl::simulated(org.clone())
        .check_scps(selection, tasks)
        .await
        .unwrap()
}

/// Eight members, one of them the IAM delegated administrator, which is the caller.
fn delegated_admin_org() -> SimulatedOrg {
    SimulatedOrg::builder()
        .members(8)
        .seed(11)
        .delegated_admin(true)
        .caller(rootctl::sim::Caller::DelegatedAdmin)
        .build()
}

/// Four members; the second has an RCP of one `statement`.
fn member_with_rcp(seed: u64, statement: Value) -> (SimulatedOrg, AccountId) {
    let org = SimulatedOrg::builder().members(4).seed(seed).build();
    let member = org.members()[1].account.id;
    org.attach_policy(
        &member.into(),
        PolicyType::ResourceControlPolicy,
        &policy(json!([statement])),
    )
    .unwrap();
    (org, member)
}

/// AWS's "deny the root user" guardrail, without the exemption for root sessions.
fn deny_root() -> Value {
    json!({"Sid": "DenyRootUser", "Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}})
}

/// The organization of these tests and what is attached where.
struct Setup {
    org: SimulatedOrg,
    /// (policy id, document) of every policy the test attached.
    attached: Vec<(String, Value)>,
    /// Accounts a policy surely blocks the audit of.
    expected_blocked: BTreeSet<AccountId>,
    /// Accounts whose audit verdict depends on an unknown key.
    expected_unknown: BTreeSet<AccountId>,
}

async fn setup() -> Setup {
    let org = SimulatedOrg::builder().members(40).seed(16).build();
    let members = org.members();
    // Deny root, no exemption, on the OU of member 3: every account under it (nested
    // OUs included).
    let ou = members[3].parent.clone();
    assert!(!ou.is_root(), "the layout puts member 3 under an OU");
    let under_ou: BTreeSet<AccountId> = Rootctl::simulated(org.clone())
        .select_accounts(&Selection::all().ou(ou.clone()))
        .await
        .unwrap()
        .targets
        .iter()
        .map(|t| t.account_id)
        .collect();
    let members: Vec<_> = members
        .into_iter()
        .filter(|m| m.parent == ou || !under_ou.contains(&m.account.id))
        .collect();
    let mut attached = Vec::new();
    let mut expected_blocked = BTreeSet::new();
    let mut expected_unknown = BTreeSet::new();
    let mut attach = |target: PolicyTarget, statements: Value| {
        let id = org
            .attach_scp(&target, &policy(statements.clone()))
            .unwrap();
        attached.push((
            id.clone(),
            json!({"Version": "2012-10-17", "Statement": statements}),
        ));
        id
    };
    // A region guardrail at the root that exempts IAM: it blocks nothing here.
    attach(
        org.root_id().into(),
        json!([{"Effect": "Deny", "NotAction": ["iam:*", "organizations:*", "sts:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}}]),
    );
    attach(ou.clone().into(), json!([deny_root()]));
    expected_blocked.extend(under_ou.iter().copied());
    // The NotAction form on one account: it exempts the MFA reads, not GetAccountSummary.
    let not_action = members
        .iter()
        .find(|m| m.parent != ou)
        .map(|m| m.account.id)
        .unwrap();
    attach(
        not_action.into(),
        json!([{"Effect": "Deny", "Resource": "*",
            "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice",
                          "iam:ListMFADevices", "iam:GetUser", "sts:GetSessionToken"],
            "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]),
    );
    expected_blocked.insert(not_action);
    // An allow-list without IAM on another account: FullAWSAccess detached there.
    let allow_list = members
        .iter()
        .rev()
        .find(|m| m.parent != ou)
        .map(|m| m.account.id)
        .unwrap();
    attach(
        allow_list.into(),
        json!([{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]),
    );
    org.detach_policy(&allow_list.into(), FULL_AWS_ACCESS)
        .unwrap();
    expected_blocked.insert(allow_list);
    // The guardrail written right, with the exemption: blocks nothing.
    let exempted = members
        .iter()
        .filter(|m| m.parent != ou && m.account.id != not_action && m.account.id != allow_list)
        .map(|m| m.account.id)
        .collect::<Vec<_>>();
    attach(
        exempted[0].into(),
        json!([rootctl::scp::exempt_root_sessions(&deny_root()).expect("a fix")]),
    );
    // A deny that depends on the caller's IP address: unknown before the call.
    attach(
        exempted[1].into(),
        json!([{"Effect": "Deny", "Action": "iam:*", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}}]),
    );
    expected_unknown.insert(exempted[1]);
    Setup {
        org,
        attached,
        expected_blocked,
        expected_unknown,
    }
}

/// The accounts whose audit failed with AccessDenied.
async fn audit_denied(rc: &Rootctl) -> BTreeSet<AccountId> {
    let report = rc.audit(&Selection::all(), None).await.unwrap();
    let mut denied = BTreeSet::new();
    for audit in &report.accounts {
        match &audit.error {
            Some(err) if err.kind() == ErrorKind::AccessDenied => {
                denied.insert(audit.account_id);
            }
            Some(err) => panic!("{}: {err}", audit.account_id),
            None => {}
        }
    }
    denied
}

#[tokio::test]
async fn predicted_audit_blocks_are_consistent_with_the_simulator_and_the_fixes_lift_them() {
    let Setup {
        org,
        attached,
        expected_blocked,
        expected_unknown,
    } = setup().await;
    let rc = Rootctl::simulated(org.clone());
    let report = rc
        .check_scps(&Selection::all(), &RootTask::ALL)
        .await
        .unwrap();
    let blocked: BTreeSet<AccountId> = report.blocked(RootTask::Audit).into_iter().collect();
    assert_eq!(blocked, expected_blocked, "{report}");
    let unknown: BTreeSet<AccountId> = report
        .with_verdict(RootTask::Audit, Verdict::Unknown)
        .into_iter()
        .collect();
    assert_eq!(unknown, expected_unknown, "{report}");
    // An undecided account's findings say unknown, never blocked.
    for account in report
        .accounts
        .iter()
        .filter(|a| unknown.contains(&a.account_id))
    {
        let verdicts: BTreeSet<Verdict> = account
            .findings_for(RootTask::Audit)
            .map(|f| f.verdict)
            .collect();
        assert_eq!(verdicts, BTreeSet::from([Verdict::Unknown]), "{account:?}");
    }
    assert_eq!(audit_denied(&rc).await, expected_blocked);

    // Every blocked account has a finding with a fix: apply them all.
    for account in report
        .accounts
        .iter()
        .filter(|a| blocked.contains(&a.account_id))
    {
        let findings: Vec<_> = account
            .findings_for(RootTask::Audit)
            .filter(|f| f.verdict == Verdict::Blocked)
            .collect();
        assert!(!findings.is_empty(), "{account:?}");
        for finding in findings {
            let fix = finding
                .fix
                .clone()
                .expect("a fix for every blocked verdict");
            let target: PolicyTarget = finding.target_id.parse().unwrap();
            match (&finding.policy_id, &finding.statement) {
                (Some(id), Some(statement)) => {
                    let (_, document) = attached.iter().find(|(p, _)| p == id).unwrap();
                    let mut document = document.clone();
                    for s in document["Statement"].as_array_mut().unwrap() {
                        if s == statement {
                            *s = fix.clone();
                        }
                    }
                    // A policy shared by many accounts is fixed once; again is harmless.
                    org.update_policy(id, &document.to_string()).unwrap();
                }
                (None, None) => {
                    org.attach_scp(&target, &policy(json!([fix]))).unwrap();
                }
                other => panic!("a finding with half a cause: {other:?}"),
            }
        }
    }
    let fixed = rc
        .check_scps(&Selection::all(), &RootTask::ALL)
        .await
        .unwrap();
    assert!(fixed.blocked(RootTask::Audit).is_empty(), "{fixed}");
    assert!(audit_denied(&rc).await.is_empty());
}

#[tokio::test]
async fn findings_name_the_policy_the_target_the_statement_and_the_fix() {
    let org = SimulatedOrg::builder().members(6).seed(3).build();
    let member = org.members()[2].account.id;
    let id = org
        .attach_scp(&org.root_id().into(), &policy(json!([deny_root()])))
        .unwrap();
    let rc = Rootctl::simulated(org.clone());
    let report = rc
        .check_scps(
            &Selection::accounts([member]),
            &[RootTask::Audit, RootTask::UnlockS3],
        )
        .await
        .unwrap();
    let account = report.account(&member).unwrap();
    assert_eq!(account.verdicts.len(), 2);
    assert_eq!(account.verdict(RootTask::Audit), Some(Verdict::Blocked));
    assert_eq!(account.verdict(RootTask::UnlockS3), Some(Verdict::Blocked));
    // One finding for the statement, naming both tasks and every action it blocks.
    assert_eq!(account.findings.len(), 1, "{:?}", account.findings);
    let finding = &account.findings[0];
    assert_eq!(finding.policy_id.as_deref(), Some(id.as_str()));
    assert_eq!(finding.target_id, org.root_id().to_string());
    assert_eq!(finding.sid.as_deref(), Some("DenyRootUser"));
    assert_eq!(finding.statement.as_ref(), Some(&deny_root()));
    assert_eq!(finding.tasks, vec![RootTask::Audit, RootTask::UnlockS3]);
    assert!(
        finding
            .actions
            .contains(&"iam:GetAccountSummary".to_owned())
    );
    assert!(finding.actions.contains(&"s3:PutBucketPolicy".to_owned()));
    assert!(
        finding.reason.contains("explicitly denies"),
        "{}",
        finding.reason
    );
    assert_eq!(
        finding.fix.as_ref().unwrap()["Condition"]["Null"]["aws:AssumedRoot"],
        "true"
    );
    assert_eq!(account.path.first(), Some(&org.root_id().to_string()));
    assert_eq!(account.path.last(), Some(&member.to_string()));
}

#[tokio::test]
async fn each_policy_is_read_once_per_run() {
    let org = SimulatedOrg::builder().members(30).seed(4).build();
    org.attach_scp(&org.root_id().into(), &policy(json!([deny_root()])))
        .unwrap();
    let rc = Rootctl::simulated(org.clone());
    org.clear_calls();
    let report = rc
        .check_scps(&Selection::all(), &[RootTask::Audit])
        .await
        .unwrap();
    assert_eq!(report.blocked(RootTask::Audit).len(), report.accounts.len());
    let calls = org.calls();
    let describes = calls
        .iter()
        .filter(|c| c.operation == "DescribePolicy")
        .count();
    // FullAWSAccess and the guardrail, each read once for 29 accounts.
    assert_eq!(describes, 2);
    assert_eq!(report.policies_read, 2);
    let listed: BTreeSet<_> = calls
        .iter()
        .filter(|c| c.operation == "ListPoliciesForTarget")
        .map(|c| c.target.clone())
        .collect();
    // One listing per target: count the last page of each (the simulator may insert an
    // empty page, which the client must follow).
    let listings = calls
        .iter()
        .filter(|c| c.operation == "ListPoliciesForTarget")
        .filter(|c| c.page.as_ref().is_none_or(|p| !p.next_token))
        .count();
    assert_eq!(listed.len(), listings, "a target listed twice");
    // Nothing was assumed and nothing changed.
    assert!(
        calls
            .iter()
            .all(|c| c.operation != "AssumeRoot" && !c.mutating)
    );
}

#[tokio::test]
async fn bad_input_is_refused_before_any_call() {
    let org = SimulatedOrg::builder().members(4).seed(2).build();
    let rc = Rootctl::simulated(org.clone());
    org.clear_calls();
    let err = rc.check_scps(&Selection::all(), &[]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(org.calls().is_empty());
    let err = rc
        .check_scps(
            &Selection::all().ou("ou-zz99-zz99zz99".parse().unwrap()),
            &RootTask::ALL,
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        org.calls()
            .iter()
            .all(|c| c.operation != "ListPoliciesForTarget")
    );
}

#[tokio::test]
async fn resource_control_policies_govern_bucket_and_queue_calls_only() {
    let org = SimulatedOrg::builder().members(4).seed(9).build();
    let member = org.members()[1].account.id;
    org.attach_policy(
        &org.root_id().into(),
        PolicyType::ResourceControlPolicy,
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",
            "Action": ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"], "Resource": "*"}]})
        .to_string(),
    )
    .unwrap();
    let rc = Rootctl::simulated(org.clone());
    let report = rc
        .check_scps(&Selection::accounts([member]), &RootTask::ALL)
        .await
        .unwrap();
    assert_eq!(
        report.policy_types,
        vec![
            PolicyType::ServiceControlPolicy,
            PolicyType::ResourceControlPolicy
        ]
    );
    let account = report.account(&member).unwrap();
    assert_eq!(account.verdict(RootTask::UnlockS3), Some(Verdict::Blocked));
    for task in [
        RootTask::Audit,
        RootTask::Delete,
        RootTask::Recover,
        RootTask::UnlockSqs,
    ] {
        assert_eq!(account.verdict(task), Some(Verdict::Allowed), "{task}");
    }
    assert_eq!(
        account.findings[0].policy_type,
        PolicyType::ResourceControlPolicy
    );
}

#[tokio::test]
async fn the_simulator_keeps_aws_rules_for_attachments() {
    let org = SimulatedOrg::builder().members(3).seed(1).build();
    let member: PolicyTarget = org.members()[0].account.id.into();
    // The last SCP of a target cannot be detached.
    let err = org.detach_policy(&member, FULL_AWS_ACCESS).unwrap_err();
    assert!(
        err.to_string()
            .contains("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"),
        "{err}"
    );
    let unknown: PolicyTarget = "ou-zz99-zz99zz99".parse().unwrap();
    assert!(
        org.attach_scp(&unknown, &policy(json!([deny_root()])))
            .is_err()
    );
    assert!(org.attach_scp(&member, "{\"Statement\": 3}").is_err());
    let id = org
        .attach_scp(&member, &policy(json!([deny_root()])))
        .unwrap();
    org.detach_policy(&member, FULL_AWS_ACCESS).unwrap();
    // Now the guardrail is the last SCP there: refused too.
    assert!(org.detach_policy(&member, &id).is_err());
    assert!(
        org.update_policy(FULL_AWS_ACCESS, &policy(json!([])))
            .is_err()
    );
}

#[tokio::test]
async fn the_prerequisite_check_carries_a_per_account_summary_when_asked() {
    use rootctl::{CheckStatus, PrerequisiteOptions};
    let org = SimulatedOrg::builder().members(5).seed(8).build();
    let rc = Rootctl::simulated(org.clone());
    let plain = rc
        .check_prerequisites(PrerequisiteOptions::default())
        .await
        .unwrap();
    assert_eq!(plain.check("scps").unwrap().status, CheckStatus::Skip);
    assert!(plain.scps.is_none());
    let asked = PrerequisiteOptions {
        scps: true,
        ..PrerequisiteOptions::default()
    };
    let clean = rc.check_prerequisites(asked.clone()).await.unwrap();
    assert_eq!(
        clean.check("scps").unwrap().status,
        CheckStatus::Pass,
        "{clean}"
    );
    let member = org.members()[0].account.id;
    org.attach_scp(&member.into(), &policy(json!([deny_root()])))
        .unwrap();
    let report = rc.check_prerequisites(asked).await.unwrap();
    let check = report.check("scps").unwrap();
    assert_eq!(check.status, CheckStatus::Fail, "{report}");
    assert!(
        check
            .remediation
            .as_deref()
            .unwrap()
            .contains("aws:AssumedRoot")
    );
    let scps = report.scps.as_ref().unwrap();
    assert_eq!(scps.blocked(RootTask::Audit), vec![member]);
    assert!(!report.ok());
}

#[tokio::test]
async fn the_audit_preflight_explains_denials_and_the_plan_leaves_out_blocked_removals() {
    let org = SimulatedOrg::builder()
        .members(8)
        .seed(21)
        .password_share(1.0)
        .mfa_share(1.0)
        .build();
    let ids: Vec<AccountId> = org.members().iter().map(|m| m.account.id).collect();
    let (read_only, denied, mfa_guard) = (ids[0], ids[1], ids[2]);
    // Root may read but not change: the audit works, the removal would not.
    org.attach_scp(
        &read_only.into(),
        &policy(
            json!([{"Effect": "Deny", "NotAction": ["iam:Get*", "iam:List*"],
            "Resource": "*",
            "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]),
        ),
    )
    .unwrap();
    org.attach_scp(&denied.into(), &policy(json!([deny_root()])))
        .unwrap();
    // Only MFA deactivation is denied: a password-only plan is not affected.
    org.attach_scp(
        &mfa_guard.into(),
        &policy(
            json!([{"Effect": "Deny", "Action": "iam:DeactivateMFADevice",
            "Resource": "*"}]),
        ),
    )
    .unwrap();
    let selection = Selection::accounts([read_only, denied, mfa_guard]);

    let options = Options {
        scp_preflight: true,
        ..Options::default()
    };
    let rc = Rootctl::simulated(org.clone())
        .with_options(options)
        .unwrap();
    let audit = rc.audit(&selection, None).await.unwrap();
    let of = |id: AccountId| audit.accounts.iter().find(|a| a.account_id == id).unwrap();
    let scp = |id: AccountId| of(id).scp.clone().expect("the pre-flight ran");
    assert!(of(read_only).ok());
    assert_eq!(
        scp(read_only).verdict(RootTask::Audit),
        Some(Verdict::Allowed)
    );
    assert_eq!(
        scp(read_only).verdict(RootTask::Delete),
        Some(Verdict::Blocked)
    );
    assert_eq!(
        of(denied).error.as_ref().map(rootctl::Error::kind),
        Some(ErrorKind::AccessDenied)
    );
    assert_eq!(scp(denied).verdict(RootTask::Audit), Some(Verdict::Blocked));
    assert_eq!(
        scp(mfa_guard).verdict(RootTask::Delete),
        Some(Verdict::Blocked)
    );
    let table = audit.to_string();
    assert!(
        table.contains(&format!("{denied}  SCP pre-flight: audit, delete blocked")),
        "{table}"
    );

    let plan = rc
        .plan_removal(&audit, &[CredentialKind::Password])
        .unwrap();
    let left_out = |id: AccountId| plan.not_planned.iter().find(|n| n.account_id == id);
    let reason = &left_out(read_only)
        .expect("a blocked removal is not planned")
        .reason;
    assert!(reason.starts_with("SCP pre-flight"), "{reason}");
    assert!(reason.contains("iam:DeleteLoginProfile"), "{reason}");
    assert!(reason.contains("aws:AssumedRoot"), "the fix: {reason}");
    assert!(left_out(denied).unwrap().reason.starts_with("audit failed"));
    assert!(
        plan.accounts.iter().any(|a| a.account_id == mfa_guard),
        "a denial of MFA deactivation does not stop a password removal: {plan}"
    );
    // Removing MFA devices too would meet that denial.
    let with_mfa = rc
        .plan_removal(
            &audit,
            &[CredentialKind::Password, CredentialKind::MfaDevice],
        )
        .unwrap();
    let reason = &with_mfa
        .not_planned
        .iter()
        .find(|n| n.account_id == mfa_guard)
        .expect("an MFA removal the policy blocks is not planned")
        .reason;
    assert!(reason.contains("iam:DeactivateMFADevice"), "{reason}");

    // Off by default: no reads of policies, no verdicts, the plan as before.
    org.clear_calls();
    let plain = Rootctl::simulated(org.clone());
    let audit = plain.audit(&selection, None).await.unwrap();
    assert!(audit.accounts.iter().all(|a| a.scp.is_none()));
    assert!(org.calls().iter().all(|c| c.operation != "DescribePolicy"));
    let plan = plain
        .plan_removal(&audit, &[CredentialKind::Password])
        .unwrap();
    assert!(plan.accounts.iter().any(|a| a.account_id == read_only));
}

/// The simulator's fault knob for SCP-denied members is a real policy: the pre-flight
/// sees it, and its prediction is consistent with the members whose audit is then denied.
#[tokio::test]
async fn members_denied_by_the_simulators_fault_knob_are_predicted_too() {
    let org = SimulatedOrg::builder()
        .members(12)
        .seed(5)
        .denied_members(3)
        .scp_deny(rootctl::sim::ScpDeny::EveryCall)
        .build();
    let rc = Rootctl::simulated(org.clone());
    let report = rc
        .check_scps(&Selection::all(), &[RootTask::Audit])
        .await
        .unwrap();
    let predicted: BTreeSet<AccountId> = report.blocked(RootTask::Audit).into_iter().collect();
    assert_eq!(predicted.len(), 3, "{report}");
    assert_eq!(audit_denied(&rc).await, predicted);

    let lifted = *predicted.first().unwrap();
    org.allow_root_sessions(&lifted).unwrap();
    let report = rc
        .check_scps(&Selection::all(), &[RootTask::Audit])
        .await
        .unwrap();
    assert!(
        !report.blocked(RootTask::Audit).contains(&lifted),
        "{report}"
    );
    assert_eq!(audit_denied(&rc).await.len(), 2);
}

/// F7: as on AWS, `RCPFullAWSAccess` cannot be detached, and a customer resource control
/// policy may only deny (`Allow` exists only in `RCPFullAWSAccess`): the simulator refuses
/// both, on attach and on update.
#[tokio::test]
async fn the_simulator_keeps_aws_rules_for_resource_control_policies() {
    use rootctl::sim::RCP_FULL_AWS_ACCESS;
    let org = SimulatedOrg::builder().members(3).seed(1).build();
    let member: PolicyTarget = org.members()[0].account.id.into();
    let rcp = |statements: Value| policy(statements);
    let deny = json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:PutBucketPolicy",
        "Resource": "*", "Condition": {"StringNotEqualsIfExists":
            {"aws:PrincipalOrgID": org.organization_id()}}}]);
    let id = org
        .attach_policy(
            &member,
            PolicyType::ResourceControlPolicy,
            &rcp(deny.clone()),
        )
        .unwrap();
    // Two RCPs at the member now, and still RCPFullAWSAccess may not go.
    for target in [member.clone(), org.root_id().into()] {
        let err = org.detach_policy(&target, RCP_FULL_AWS_ACCESS).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
        assert!(err.to_string().contains("RCPFullAWSAccess"), "{err}");
    }
    let allow = json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]);
    let mixed = json!([deny[0].clone(), allow[0].clone()]);
    for document in [allow, mixed] {
        let err = org
            .attach_policy(
                &member,
                PolicyType::ResourceControlPolicy,
                &rcp(document.clone()),
            )
            .unwrap_err();
        assert!(
            err.to_string().contains("MalformedPolicyDocumentException"),
            "{err}"
        );
        assert!(org.update_policy(&id, &rcp(document)).is_err());
    }
    // A customer RCP that only denies can be detached; an SCP may still allow.
    org.detach_policy(&member, &id).unwrap();
    org.attach_scp(
        &member,
        &policy(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}])),
    )
    .unwrap();
}

/// F5: a delegated administrator is a member account, subject to the SCPs on its own
/// path: a Deny on `sts:AssumeRoot` there blocks every root session it starts, in every
/// account. The pre-flight predicts it from the caller's side, and the simulator refuses
/// the AssumeRoot calls.
#[tokio::test]
async fn a_deny_on_assume_root_above_the_delegated_admin_blocks_every_account() {
    let org = delegated_admin_org();
    let admin = org.delegated_admin_account_id();
    let admin_ou = org
        .members()
        .into_iter()
        .find(|m| m.account.id == admin)
        .unwrap()
        .parent;
    let deny = json!({"Sid": "NoRootSessions", "Effect": "Deny", "Action": "sts:AssumeRoot",
        "Resource": "*"});
    let id = org
        .attach_scp(&admin_ou.clone().into(), &policy(json!([deny.clone()])))
        .unwrap();
    let rc = Rootctl::simulated(org.clone());
    let report = rc
        .check_scps(&Selection::all(), &[RootTask::Audit, RootTask::Recover])
        .await
        .unwrap();
    assert!(!report.accounts.is_empty());
    for account in &report.accounts {
        for task in [RootTask::Audit, RootTask::Recover] {
            assert_eq!(
                account.verdict(task),
                Some(Verdict::Blocked),
                "{} {task}: {report}",
                account.account_id
            );
        }
    }
    // The simulator agrees: every audit is refused at AssumeRoot.
    let all: BTreeSet<AccountId> = report.accounts.iter().map(|a| a.account_id).collect();
    assert_eq!(audit_denied(&rc).await, all);

    // The report names the caller and, in every account, the caller-side finding: the
    // policy, where it is attached on the caller's path, the statement and its fix.
    let caller = report.caller.as_ref().expect("the caller's side");
    assert_eq!(caller.account_id, admin);
    assert!(!caller.management_account);
    assert_eq!(caller.path.first(), Some(&org.root_id().to_string()));
    assert!(caller.path.contains(&admin_ou.to_string()), "{caller:?}");
    assert_eq!(caller.path.last(), Some(&admin.to_string()));
    let mut fix = None;
    for account in &report.accounts {
        let finding = account
            .findings
            .iter()
            .find(|f| f.side == ScpSide::Caller)
            .unwrap_or_else(|| panic!("{}: no caller finding: {report}", account.account_id));
        assert_eq!(finding.verdict, Verdict::Blocked);
        assert_eq!(finding.policy_id.as_deref(), Some(id.as_str()));
        assert_eq!(finding.target_id, admin_ou.to_string());
        assert_eq!(finding.statement.as_ref(), Some(&deny));
        assert_eq!(finding.actions, vec!["sts:AssumeRoot".to_owned()]);
        assert_eq!(finding.tasks, vec![RootTask::Audit, RootTask::Recover]);
        fix = finding.fix.clone();
    }
    assert!(
        report.to_string().contains("caller's sts:AssumeRoot"),
        "{report}"
    );
    // The fix exempts the caller's role (any session), and the guardrail stays for others.
    let fix = fix.expect("a fix");
    assert_eq!(
        fix["Condition"]["StringNotLike"]["aws:userid"],
        json!([format!("AROASIMULATED{admin}:*")])
    );
    org.update_policy(&id, &policy(json!([fix]))).unwrap();
    let fixed = rc
        .check_scps(&Selection::all(), &[RootTask::Audit])
        .await
        .unwrap();
    assert!(fixed.ok(), "{fixed}");
    assert!(audit_denied(&rc).await.is_empty());

    // The management account is exempt from SCPs: the same guardrail on its path
    // (the root) changes nothing for its root sessions.
    org.update_policy(&id, &policy(json!([deny]))).unwrap();
    org.attach_scp(&org.root_id().into(), &policy(json!([deny])))
        .unwrap();
    org.set_caller(rootctl::sim::Caller::ManagementAccount);
    let exempt = rc
        .check_scps(&Selection::all(), &[RootTask::Audit])
        .await
        .unwrap();
    assert!(exempt.ok(), "{exempt}");
    let caller = exempt.caller.as_ref().unwrap();
    assert!(caller.management_account && caller.path.is_empty());
    assert!(
        caller.note.contains("management account"),
        "{}",
        caller.note
    );
    assert!(audit_denied(&rc).await.is_empty());
}

/// F5: whether resource control policies govern `sts:AssumeRoot` (its resource is the
/// member's root user) AWS does not document: an RCP on the member's path that would
/// deny it makes the verdict unknown, never allowed nor blocked.
#[tokio::test]
async fn an_rcp_that_may_deny_assume_root_makes_the_verdict_unknown() {
    let (org, member) = member_with_rcp(
        12,
        json!({"Sid": "NoRootSessionsHere", "Effect": "Deny", "Principal": "*",
            "Action": "sts:*", "Resource": "*"}),
    );
    let report = check(&org, &Selection::all(), &[RootTask::Audit]).await;
    let account = report.account(&member).unwrap();
    assert_eq!(
        account.verdict(RootTask::Audit),
        Some(Verdict::Unknown),
        "{report}"
    );
    let finding = &account.findings[0];
    assert_eq!(finding.side, ScpSide::Caller);
    assert_eq!(finding.policy_type, PolicyType::ResourceControlPolicy);
    // A Deny that would apply, reported as one that may: the finding is no block.
    assert_eq!(finding.verdict, Verdict::Unknown, "{report}");
    assert!(
        finding.reason.contains("does not document"),
        "{}",
        finding.reason
    );
    let others = report.with_verdict(RootTask::Audit, Verdict::Allowed);
    assert_eq!(others.len(), report.accounts.len() - 1, "{report}");
}

/// F5: the SCPs on the caller's own path are read even where no selected account shares
/// them (a Deny on the delegated administrator's account itself), and the caller's
/// findings are listed from the root down its own path.
#[tokio::test]
async fn the_callers_own_path_is_read_and_its_findings_run_from_the_root_down() {
    let org = delegated_admin_org();
    let admin = org.delegated_admin_account_id();
    let members = org.members();
    let admin_ou = members
        .iter()
        .find(|m| m.account.id == admin)
        .unwrap()
        .parent
        .clone();
    let elsewhere = members
        .iter()
        .find(|m| m.parent != admin_ou && m.account.id != org.management_account_id())
        .expect("a member under another OU")
        .account
        .id;
    let deny = |sid: &str| {
        policy(json!([{"Sid": sid, "Effect": "Deny", "Action": "sts:AssumeRoot", "Resource": "*"}]))
    };
    // Attached to the account first, so that its policy id sorts first.
    let on_account = org
        .attach_scp(&admin.into(), &deny("AtTheAccount"))
        .unwrap();
    let on_ou = org
        .attach_scp(&admin_ou.clone().into(), &deny("AtTheOu"))
        .unwrap();
    assert!(on_account < on_ou);
    let report = check(&org, &Selection::accounts([elsewhere]), &[RootTask::Audit]).await;
    let account = report.account(&elsewhere).unwrap();
    assert_eq!(
        account.verdict(RootTask::Audit),
        Some(Verdict::Blocked),
        "{report}"
    );
    let caller: Vec<(&str, &str)> = account
        .findings
        .iter()
        .filter(|f| f.side == ScpSide::Caller)
        .map(|f| (f.policy_id.as_deref().unwrap_or(""), f.target_id.as_str()))
        .collect();
    assert_eq!(
        caller,
        [
            (on_ou.as_str(), admin_ou.to_string().as_str()),
            (on_account.as_str(), admin.as_str())
        ],
        "{report}"
    );
}

/// RCPs govern the calls on S3 and SQS resources, not IAM's (docs/scps.md, "Evaluation"):
/// an RCP that denies everything but STS leaves the audit and the deletion allowed and
/// blocks the unlocks.
#[tokio::test]
async fn an_rcp_does_not_govern_the_iam_calls_of_a_root_session() {
    let (org, member) = member_with_rcp(
        13,
        json!({"Sid": "NothingButSts", "Effect": "Deny", "Principal": "*",
            "NotAction": "sts:*", "Resource": "*"}),
    );
    let report = check(&org, &Selection::accounts([member]), &RootTask::ALL).await;
    let account = report.account(&member).unwrap();
    for (task, expected) in [
        (RootTask::Audit, Verdict::Allowed),
        (RootTask::Delete, Verdict::Allowed),
        (RootTask::Recover, Verdict::Allowed),
        (RootTask::UnlockS3, Verdict::Blocked),
        (RootTask::UnlockSqs, Verdict::Blocked),
    ] {
        assert_eq!(account.verdict(task), Some(expected), "{task}: {report}");
    }
}

/// The member's findings run from the root down its path, whatever the order the
/// policies were made in; so do the caller's findings about RCPs on the member's path.
#[tokio::test]
async fn findings_run_from_the_root_down_the_path_they_are_about() {
    let org = delegated_admin_org();
    let admin = org.delegated_admin_account_id();
    let target = org
        .members()
        .into_iter()
        .find(|m| {
            m.account.id != admin
                && m.account.id != org.management_account_id()
                && m.parent.to_string().starts_with("ou-")
        })
        .expect("a member under an OU");
    let (member, ou) = (target.account.id, target.parent.clone());
    let scp = |sid: &str| {
        policy(
            json!([{"Sid": sid, "Effect": "Deny", "Action": "iam:GetAccountSummary",
            "Resource": "*"}]),
        )
    };
    let rcp = |sid: &str| {
        policy(json!([{"Sid": sid, "Effect": "Deny", "Principal": "*",
            "Action": "sts:AssumeRoot", "Resource": "*"}]))
    };
    // Made account first, so that each account-level policy's id sorts first.
    let scp_account = org
        .attach_scp(&member.into(), &scp("AtTheAccount"))
        .unwrap();
    let scp_ou = org.attach_scp(&ou.clone().into(), &scp("AtTheOu")).unwrap();
    let rcp_account = org
        .attach_policy(
            &member.into(),
            PolicyType::ResourceControlPolicy,
            &rcp("RcpAccount"),
        )
        .unwrap();
    let rcp_ou = org
        .attach_policy(
            &ou.clone().into(),
            PolicyType::ResourceControlPolicy,
            &rcp("RcpOu"),
        )
        .unwrap();
    let report = check(&org, &Selection::accounts([member]), &[RootTask::Audit]).await;
    let account = report.account(&member).unwrap();
    let order = |side: ScpSide| -> Vec<String> {
        account
            .findings
            .iter()
            .filter(|f| f.side == side)
            .map(|f| f.policy_id.clone().unwrap_or_default())
            .collect()
    };
    assert_eq!(order(ScpSide::Member), [scp_ou, scp_account], "{report}");
    assert_eq!(order(ScpSide::Caller), [rcp_ou, rcp_account], "{report}");
}

/// Blocking findings come before undecided ones, and among them the caller's before the
/// member's: what stops the work is read first.
#[tokio::test]
async fn blocking_findings_come_first_and_the_callers_before_the_members() {
    let org = delegated_admin_org();
    let admin = org.delegated_admin_account_id();
    let member = org
        .members()
        .into_iter()
        .find(|m| m.account.id != admin && m.account.id != org.management_account_id())
        .unwrap()
        .account
        .id;
    // Made in the opposite order to the one expected; the undecided Deny is on another
    // call of the task (a call surely blocked reports only what blocks it).
    let undecided = org
        .attach_scp(
            &org.root_id().into(),
            &policy(json!([{"Sid": "FromTheOffice", "Effect": "Deny",
                "Action": "iam:ListMFADevices", "Resource": "*",
                "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}])),
        )
        .unwrap();
    let on_member = org
        .attach_scp(
            &member.into(),
            &policy(json!([{"Sid": "NoSummary", "Effect": "Deny",
                "Action": "iam:GetAccountSummary", "Resource": "*"}])),
        )
        .unwrap();
    let on_caller = org
        .attach_scp(
            &admin.into(),
            &policy(json!([{"Sid": "NoRootSessions", "Effect": "Deny",
                "Action": "sts:AssumeRoot", "Resource": "*"}])),
        )
        .unwrap();
    let report = check(&org, &Selection::accounts([member]), &[RootTask::Audit]).await;
    let findings: Vec<(ScpSide, Verdict, String)> = report
        .account(&member)
        .unwrap()
        .findings
        .iter()
        .map(|f| (f.side, f.verdict, f.policy_id.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        findings,
        [
            (ScpSide::Caller, Verdict::Blocked, on_caller),
            (ScpSide::Member, Verdict::Blocked, on_member),
            (ScpSide::Member, Verdict::Unknown, undecided),
        ],
        "{report}"
    );
}
