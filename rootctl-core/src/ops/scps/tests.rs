//! `check_scps` against mocked Organizations: what the report proposes and how it reads
//! what a backend lists.

use std::sync::Arc;

use crate::model::{CallerIdentity, Policy, PolicySummary, PolicyTarget, PolicyType, RootTask};
use crate::ops::fixtures::{MANAGEMENT, MEMBER, id, organization_of_two};
use crate::scp::Verdict;
use crate::{MockOrgFeaturesApi, MockOrganizations, MockRootIam, MockStsApi, Rootctl, Selection};

fn summary(id: &str, policy_type: PolicyType) -> PolicySummary {
    PolicySummary {
        id: id.into(),
        arn: String::new(),
        name: id.trim_start_matches("p-").into(),
        policy_type,
        aws_managed: id.contains("FullAWSAccess"),
    }
}

/// The management account and one member under the root; `listed` answers
/// ListPoliciesForTarget, `content` DescribePolicy.
fn organizations(
    listed: impl Fn(&PolicyTarget, PolicyType) -> Vec<PolicySummary> + Send + Sync + 'static,
    content: impl Fn(&str) -> String + Send + Sync + 'static,
) -> MockOrganizations {
    organizations_with(PolicyType::ALL.to_vec(), listed, content)
}

/// [`organizations`] with the root's enabled policy types.
fn organizations_with(
    enabled: Vec<PolicyType>,
    listed: impl Fn(&PolicyTarget, PolicyType) -> Vec<PolicySummary> + Send + Sync + 'static,
    content: impl Fn(&str) -> String + Send + Sync + 'static,
) -> MockOrganizations {
    let mut orgs = organization_of_two(enabled);
    orgs.expect_list_policies_for_target()
        .returning(move |target, policy_type| Ok(listed(target, policy_type)));
    orgs.expect_describe_policy().returning(move |policy_id| {
        Ok(Policy {
            summary: summary(policy_id, PolicyType::ServiceControlPolicy),
            content: content(policy_id),
        })
    });
    orgs
}

fn client(orgs: MockOrganizations, caller: &str, arn: &str) -> Rootctl {
    let mut sts = MockStsApi::new();
    let (account, arn) = (id(caller), arn.to_owned());
    sts.expect_caller_identity().returning(move || {
        Ok(CallerIdentity {
            account_id: account,
            arn: arn.clone(),
            user_id: "AIDA".into(),
        })
    });
    Rootctl::new(
        Arc::new(orgs),
        Arc::new(MockOrgFeaturesApi::new()),
        Arc::new(sts),
        Arc::new(MockRootIam::new()),
    )
    .with_region("us-east-1")
}

const ALLOW_ALL: &str = r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

/// F7: an RCP can only block by a Deny (AWS keeps RCPFullAWSAccess attached everywhere;
/// Allow statements exist only there), so the report never proposes an Allow RCP
/// statement, and a listing without RCPFullAWSAccess at a level (a backend that does not
/// attach it) is no "nothing allows it" block.
#[tokio::test]
async fn an_rcp_blocks_only_by_deny_and_no_allow_rcp_is_proposed() {
    let orgs = organizations(
        |target, policy_type| match (policy_type, target) {
            (PolicyType::ServiceControlPolicy, _) => {
                vec![summary("p-FullAWSAccess", PolicyType::ServiceControlPolicy)]
            }
            (PolicyType::ResourceControlPolicy, PolicyTarget::Parent(_)) => vec![summary(
                "p-RCPFullAWSAccess",
                PolicyType::ResourceControlPolicy,
            )],
            // No RCPFullAWSAccess listed at the account, only a Deny of others' access.
            (PolicyType::ResourceControlPolicy, PolicyTarget::Account(_)) => {
                vec![summary("p-perimeter", PolicyType::ResourceControlPolicy)]
            }
        },
        |policy_id| match policy_id {
            "p-perimeter" => r#"{"Statement": [{"Effect": "Deny", "Principal": "*",
                "Action": ["s3:*", "sqs:*"], "Resource": "*", "Condition":
                {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abcdefghij"}}}]}"#
                .into(),
            "p-RCPFullAWSAccess" => r#"{"Statement": [{"Effect": "Allow", "Principal": "*",
                "Action": "*", "Resource": "*"}]}"#
                .into(),
            _ => ALLOW_ALL.into(),
        },
    );
    let rc = client(orgs, MANAGEMENT, "arn:aws:iam::111111111111:role/Admin");
    let report = rc
        .check_scps(&Selection::all(), &RootTask::ALL)
        .await
        .unwrap();
    let account = report.account(&id(MEMBER)).unwrap();
    for task in RootTask::ALL {
        assert_eq!(
            account.verdict(task),
            Some(Verdict::Allowed),
            "{task}: {report}"
        );
    }
    let allows: Vec<_> = account
        .findings
        .iter()
        .filter(|f| f.policy_type == PolicyType::ResourceControlPolicy)
        .filter(|f| f.fix.as_ref().is_some_and(|fix| fix["Effect"] == "Allow"))
        .collect();
    assert!(allows.is_empty(), "{allows:?}");
}

/// A caller whose account is not in the organization's tree (its SCPs cannot be read):
/// one caller-side finding per account, naming every task it leaves undecided.
#[tokio::test]
async fn a_caller_outside_the_tree_gets_one_finding_for_all_its_tasks() {
    let orgs = organizations(
        |_, policy_type| match policy_type {
            PolicyType::ServiceControlPolicy => {
                vec![summary("p-FullAWSAccess", PolicyType::ServiceControlPolicy)]
            }
            PolicyType::ResourceControlPolicy => Vec::new(),
        },
        |_| ALLOW_ALL.into(),
    );
    let rc = client(orgs, "333333333333", "arn:aws:iam::333333333333:role/Admin");
    let tasks = [RootTask::Audit, RootTask::Delete];
    let report = rc.check_scps(&Selection::all(), &tasks).await.unwrap();
    let account = report.account(&id(MEMBER)).unwrap();
    for task in tasks {
        assert_eq!(account.verdict(task), Some(Verdict::Unknown), "{report}");
    }
    let caller: Vec<_> = account
        .findings
        .iter()
        .filter(|f| f.side == crate::ops::scps::ScpSide::Caller)
        .collect();
    assert_eq!(caller.len(), 1, "{report}");
    assert_eq!(caller[0].tasks, tasks, "{report}");
    assert_eq!(caller[0].verdict, Verdict::Unknown);
    assert_eq!(caller[0].target_id, "333333333333");
    assert!(
        caller[0]
            .reason
            .contains("is not in the organization's tree"),
        "{}",
        caller[0].reason
    );
}

/// With no policy type enabled nothing is judged, on either side: a delegated
/// administrator's `sts:AssumeRoot` is not "allowed by nothing".
#[tokio::test]
async fn with_no_policy_type_in_force_every_task_is_allowed_for_a_member_caller() {
    let orgs = organizations_with(Vec::new(), |_, _| Vec::new(), |_| ALLOW_ALL.into());
    let rc = client(orgs, MEMBER, "arn:aws:iam::222222222222:role/Admin");
    let report = rc
        .check_scps(&Selection::all(), &RootTask::ALL)
        .await
        .unwrap();
    assert!(report.policy_types.is_empty(), "{report}");
    assert!(!report.accounts.is_empty());
    assert!(report.ok(), "{report}");
}

/// A policy rootctl cannot parse may deny anything: the SCP pre-flight says `unknown`,
/// naming the policy and where it is attached, never `allowed`. `ListRoots` here sends
/// no `PolicyTypes`, so the attached policies show that SCPs are in force.
#[tokio::test]
async fn an_unreadable_scp_makes_the_verdict_unknown_not_allowed() {
    let summary = |id: &str, name: &str| PolicySummary {
        id: id.into(),
        arn: String::new(),
        name: name.into(),
        policy_type: PolicyType::ServiceControlPolicy,
        aws_managed: id == "p-FullAWSAccess",
    };
    let orgs = organizations_with(
        Vec::new(),
        move |target, _| {
            let mut listed = vec![summary("p-FullAWSAccess", "FullAWSAccess")];
            if matches!(target, PolicyTarget::Account(_)) {
                listed.push(summary("p-broken", "Broken"));
            }
            listed
        },
        |policy_id| {
            if policy_id == "p-broken" {
                "{\"Statement\": [{\"Effect\": \"Deny\"".into()
            } else {
                ALLOW_ALL.into()
            }
        },
    );
    let rc = client(orgs, MANAGEMENT, "arn:aws:iam::111111111111:role/Admin");
    let report = rc
        .check_scps(&Selection::all(), &[RootTask::Audit])
        .await
        .unwrap();
    let account = report.account(&id(MEMBER)).unwrap();
    assert_eq!(account.verdict(RootTask::Audit), Some(Verdict::Unknown));
    let finding = &account.findings[0];
    assert_eq!(finding.policy_id.as_deref(), Some("p-broken"));
    assert_eq!(finding.policy_name.as_deref(), Some("Broken"));
    assert_eq!(finding.target_id, MEMBER);
    assert!(
        finding.reason.contains("could not be read"),
        "{}",
        finding.reason
    );
    assert_eq!(report.policy_types, vec![PolicyType::ServiceControlPolicy]);
}
