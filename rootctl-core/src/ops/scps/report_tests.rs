//! The pre-flight report as an operator reads it: the counts per task, which accounts a
//! task is blocked in, and the exact table, written out by hand for the report below.

use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::model::{AccountId, PolicyType, RootTask};
use crate::scp::Verdict;

fn id(text: &str) -> AccountId {
    text.parse().unwrap()
}

fn account(n: &str, name: &str, verdicts: &[(RootTask, Verdict)]) -> AccountScps {
    AccountScps {
        account_id: id(n),
        name: name.to_owned(),
        ou_path: "Root".to_owned(),
        path: vec!["r-ab12".to_owned()],
        verdicts: verdicts.iter().copied().collect::<BTreeMap<_, _>>(),
        findings: vec![],
    }
}

fn finding(side: ScpSide, tasks: &[RootTask], verdict: Verdict) -> ScpFinding {
    ScpFinding {
        side,
        tasks: tasks.to_vec(),
        actions: vec!["iam:DeleteAccessKey".to_owned()],
        verdict,
        policy_type: PolicyType::ServiceControlPolicy,
        policy_id: Some("p-deny".to_owned()),
        policy_name: Some("deny".to_owned()),
        target_id: "ou-ab12-cd34ef56".to_owned(),
        sid: None,
        statement: None,
        reason: "denies IAM writes".to_owned(),
        fix: None,
    }
}

fn report() -> ScpReport {
    use RootTask::{Audit, Delete};
    use Verdict::{Allowed, Blocked, Unknown};
    let clean = account(
        "111111111111",
        "logs",
        &[(Audit, Allowed), (Delete, Allowed)],
    );
    let mut blocked = account(
        "222222222222",
        "build",
        &[(Audit, Allowed), (Delete, Blocked)],
    );
    let mut fixable = finding(ScpSide::Member, &[Delete], Blocked);
    fixable.fix = Some(json!({"Effect": "Deny"}));
    blocked.findings = vec![fixable];
    let mut unknown = account(
        "333333333333",
        "web",
        &[(Audit, Unknown), (Delete, Blocked)],
    );
    let mut caller = finding(ScpSide::Caller, &[Audit, Delete], Unknown);
    caller.policy_id = None;
    unknown.findings = vec![caller, finding(ScpSide::Member, &[Delete], Blocked)];
    ScpReport::new(
        "o-example1234".to_owned(),
        vec![Audit, Delete],
        vec![
            PolicyType::ServiceControlPolicy,
            PolicyType::ResourceControlPolicy,
        ],
        Some(CallerScps {
            account_id: id("999999999999"),
            arn: "arn:aws:iam::999999999999:role/Security".to_owned(),
            management_account: true,
            path: vec![],
            note: "the management account: no SCP applies".to_owned(),
        }),
        vec![clean, blocked, unknown],
        vec![],
        3,
    )
}

#[test]
fn the_counts_and_the_lists_are_per_task_verdict() {
    let report = report();
    assert_eq!(
        report.summary[&RootTask::Audit],
        ScpSummary {
            allowed: 2,
            blocked: 0,
            unknown: 1
        }
    );
    assert_eq!(
        report.summary[&RootTask::Delete],
        ScpSummary {
            allowed: 1,
            blocked: 2,
            unknown: 0
        }
    );
    assert_eq!(
        report.blocked(RootTask::Delete),
        [id("222222222222"), id("333333333333")]
    );
    assert!(report.blocked(RootTask::Audit).is_empty());
    assert_eq!(
        report.with_verdict(RootTask::Audit, Verdict::Unknown),
        [id("333333333333")]
    );
    assert_eq!(
        report.with_verdict(RootTask::Audit, Verdict::Allowed),
        [id("111111111111"), id("222222222222")]
    );
    let web = report.account(&id("333333333333")).unwrap();
    assert_eq!(web.name, "web");
    assert_eq!(web.verdict(RootTask::Audit), Some(Verdict::Unknown));
    assert_eq!(web.verdict(RootTask::Recover), None);
    assert_eq!(web.findings_for(RootTask::Delete).count(), 2);
    assert_eq!(web.findings_for(RootTask::Audit).count(), 1);
    assert_eq!(web.findings_for(RootTask::Recover).count(), 0);
    assert!(report.account(&id("444444444444")).is_none());
}

#[test]
fn the_report_is_ok_only_when_every_task_is_allowed_everywhere() {
    let mut report = report();
    assert!(!report.ok());
    report.accounts.truncate(1);
    assert!(report.ok());
    report.accounts[0]
        .verdicts
        .insert(RootTask::Recover, Verdict::Unknown);
    assert!(!report.ok(), "unknown is not ok");
}

#[test]
fn the_table_shows_the_accounts_not_allowed_everything_with_their_findings() {
    let expected = "\
3 accounts checked for audit, delete (3 policy document(s) read; in force: SCP, RCP)
caller 999999999999 (arn:aws:iam::999999999999:role/Security): the management account: no SCP applies
  audit      allowed     2  blocked     0  unknown     1
  delete     allowed     1  blocked     2  unknown     0
222222222222 (build): delete blocked
  - [blocked] p-deny at ou-ab12-cd34ef56: denies IAM writes
    fix: {\"Effect\":\"Deny\"}
333333333333 (web): audit unknown, delete blocked
  - [unknown] caller's sts:AssumeRoot: (no policy) at ou-ab12-cd34ef56: denies IAM writes
  - [blocked] p-deny at ou-ab12-cd34ef56: denies IAM writes
";
    assert_eq!(report().to_string(), expected);
}

#[test]
fn without_policies_or_a_caller_the_table_says_none() {
    let mut report = report();
    report.policy_types.clear();
    report.caller = None;
    report.accounts.truncate(1);
    let text = report.to_string();
    assert!(
        text.starts_with("1 accounts checked for audit, delete (3 policy document(s) read; in force: none)\n  audit "),
        "{text}"
    );
}

#[test]
fn each_side_has_its_name() {
    assert_eq!(ScpSide::Member.as_str(), "member");
    assert_eq!(ScpSide::Caller.as_str(), "caller");
}
