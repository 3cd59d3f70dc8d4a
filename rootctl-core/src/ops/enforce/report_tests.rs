//! The enforcement report as an auditor and a terminal read it: the counts, the verdict,
//! the exit code, and the exact Markdown and text, written out by hand from the report
//! below (not produced by the code and pasted back).

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::model::{AccountId, CallerIdentity, CredentialKind};
use crate::ops::removal::RemovalItem;

fn id(text: &str) -> AccountId {
    text.parse().unwrap()
}

fn key(id: &str) -> RemovalItem {
    RemovalItem::with_id(CredentialKind::AccessKey, id)
}

fn account(n: &str, name: &str, status: EnforcementStatus) -> AccountEnforcement {
    AccountEnforcement {
        account_id: id(n),
        name: name.to_owned(),
        ou_path: "Root/Workloads".to_owned(),
        status,
        before: Some(vec![]),
        after: Some(vec![]),
        removed: vec![],
        remaining: vec![],
        reasons: vec![],
        exception: None,
        error: None,
    }
}

fn exception(n: &str, reason: &str, expired: bool, in_scope: bool) -> ExceptionState {
    ExceptionState {
        account_id: id(n),
        reason: reason.to_owned(),
        keep: vec![CredentialKind::Password, CredentialKind::MfaDevice],
        expires: in_scope.then(|| NaiveDate::from_ymd_opt(2030, 1, 31).unwrap()),
        expired,
        in_scope,
    }
}

/// One account of each status, an exception in force, an expired one and one for an
/// account outside the run; a cell with a pipe and a line break in it.
fn report() -> EnforcementReport {
    let compliant = account("111111111111", "logs", EnforcementStatus::Compliant);
    let mut remediated = account("222222222222", "payments", EnforcementStatus::Remediated);
    remediated.before = Some(vec![key("AKIDEXAMPLEONE"), key("AKIDEXAMPLETWO")]);
    remediated.removed = vec![key("AKIDEXAMPLEONE"), key("AKIDEXAMPLETWO")];
    let mut non_compliant = account("333333333333", "build", EnforcementStatus::NonCompliant);
    non_compliant.before = Some(vec![key("AKIDEXAMPLETHREE")]);
    non_compliant.after = Some(vec![key("AKIDEXAMPLETHREE")]);
    non_compliant.remaining = vec![key("AKIDEXAMPLETHREE")];
    non_compliant.reasons = vec!["AccessDenied | by an SCP\non DeleteAccessKey".to_owned()];
    // An expired exception is not shown as in force (a run notes the expiry in reasons).
    non_compliant.exception = Some(exception("333333333333", "old waiver", true, true));
    let mut excepted = account("444444444444", "break-glass", EnforcementStatus::Excepted);
    excepted.exception = Some(exception("444444444444", "safe MFA", false, true));
    let mut failed = account("555555555555", "legacy", EnforcementStatus::Failed);
    failed.before = None;
    failed.after = None;
    failed.reasons = vec!["throttled".to_owned()];
    let accounts = vec![compliant, remediated, non_compliant, excepted, failed];
    let summary = EnforcementReport::summarize(&accounts, 2);
    EnforcementReport {
        organization_id: "o-example1234".to_owned(),
        management_account_id: id("999999999999"),
        caller: CallerIdentity {
            account_id: id("999999999999"),
            arn: "arn:aws:iam::999999999999:role/Security".to_owned(),
            user_id: "AROAEXAMPLE".to_owned(),
        },
        policy_digest: "sha256:abc".to_owned(),
        policy: serde_json::json!({}),
        dry_run: false,
        started_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap(),
        finished_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 1, 0).unwrap(),
        trigger: Some(EventTrigger {
            event_name: "MoveAccount".to_owned(),
            account_id: id("333333333333"),
            event_id: Some("ev-1".to_owned()),
            event_time: None,
        }),
        plan_id: None,
        plan: None,
        journal: None,
        accounts,
        skipped: vec![],
        exceptions: vec![
            exception("333333333333", "old waiver", true, true),
            exception("444444444444", "safe MFA", false, true),
            exception("666666666666", "lab | kept", false, false),
        ],
        summary,
        region: None,
    }
}

#[test]
fn the_counts_are_one_per_account_by_status_and_one_per_removed_credential() {
    let report = report();
    assert_eq!(
        report.summary,
        EnforcementSummary {
            accounts: 5,
            compliant: 1,
            remediated: 1,
            non_compliant: 1,
            excepted: 1,
            failed: 1,
            skipped: 2,
            removed: 2,
        }
    );
    // Two of a status count two.
    let twice = [
        account("111111111111", "a", EnforcementStatus::Failed),
        account("222222222222", "b", EnforcementStatus::Failed),
    ];
    let summary = EnforcementReport::summarize(&twice, 0);
    assert_eq!(
        (summary.failed, summary.compliant, summary.removed),
        (2, 0, 0)
    );
}

#[test]
fn the_verdict_and_exit_code_put_a_forbidden_credential_before_a_failure() {
    let mut report = report();
    assert!(!report.compliant());
    assert_eq!(report.exit_code(), 1, "non-compliant and failed: 1");
    report.summary.failed = 0;
    assert!(!report.compliant());
    assert_eq!(report.exit_code(), 1, "non-compliant only");
    report.summary.non_compliant = 0;
    report.summary.failed = 1;
    assert!(!report.compliant());
    assert_eq!(report.exit_code(), 3, "failed only");
    report.summary.failed = 0;
    assert!(report.compliant());
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn an_account_is_found_by_its_id_and_only_by_it() {
    let report = report();
    assert_eq!(
        report.account(&id("444444444444")).unwrap().name,
        "break-glass"
    );
    assert_eq!(report.account(&id("111111111111")).unwrap().name, "logs");
    assert!(report.account(&id("999999999999")).is_none());
}

#[test]
fn json_round_trips_and_a_foreign_document_is_a_typed_error() {
    let report = report();
    let back = EnforcementReport::from_json(&report.to_json()).unwrap();
    assert_eq!(back.to_json(), report.to_json());
    assert_eq!(back.accounts[2].reasons, report.accounts[2].reasons);
    let err = EnforcementReport::from_json("{\"accounts\": 3}").unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("is not a rootctl enforcement report"),
        "{err}"
    );
}

#[test]
fn the_markdown_is_the_evidence_an_auditor_reads() {
    let expected = "\
# Root credential enforcement report

- Verdict: **Not compliant**
- Organization: `o-example1234` (management account `999999999999`)
- Run by: `arn:aws:iam::999999999999:role/Security`
- Policy digest: `sha256:abc`
- Started: 2026-12-07T10:00:00+00:00, finished: 2026-12-07T10:01:00+00:00
- Triggered by: MoveAccount for account 333333333333 (event ev-1)
- Accounts: 5 targeted: 1 compliant, 1 remediated, 1 excepted, 1 non-compliant, 1 failed; 2 not targeted; 2 credential(s) removed

| Account | Name | Status | Before | After | Notes |
|---|---|---|---|---|---|
| `111111111111` | logs | compliant | none | none |  |
| `222222222222` | payments | remediated | access_key AKIDEXAMPLEONE, access_key AKIDEXAMPLETWO | none |  |
| `333333333333` | build | non_compliant | access_key AKIDEXAMPLETHREE | access_key AKIDEXAMPLETHREE | AccessDenied \\| by an SCP on DeleteAccessKey |
| `444444444444` | break-glass | excepted | none | none | exception: safe MFA |
| `555555555555` | legacy | failed | unknown | unknown | throttled |

## Exceptions

| Account | Keeps | Reason | Expires | State |
|---|---|---|---|---|
| `333333333333` | password, mfa_devices | old waiver | 2030-01-31 | expired: enforced |
| `444444444444` | password, mfa_devices | safe MFA | 2030-01-31 | in force |
| `666666666666` | password, mfa_devices | lab \\| kept | never | in force (account not targeted) |
";
    assert_eq!(report().to_markdown(), expected);
}

#[test]
fn a_compliant_dry_run_says_so_and_a_report_without_exceptions_has_no_exception_table() {
    let mut report = report();
    report.dry_run = true;
    report.trigger = None;
    report.accounts.truncate(1);
    // A report built by hand or read from JSON: an expired exception and no reasons.
    report.accounts[0].exception = Some(exception("111111111111", "gone", true, true));
    report.exceptions.clear();
    report.summary = EnforcementReport::summarize(&report.accounts, 0);
    let md = report.to_markdown();
    assert!(
        md.contains("- Verdict: **Compliant** (dry run: nothing was changed)\n"),
        "{md}"
    );
    assert!(!md.contains("Triggered by"), "{md}");
    assert!(!md.contains("## Exceptions"), "{md}");
    assert!(
        md.ends_with("| `111111111111` | logs | compliant | none | none |  |\n"),
        "{md}"
    );
    assert_eq!(
        report.to_string(),
        "Enforcement dry run in o-example1234 (policy sha256:abc)\n\
         \x20 111111111111  logs                      compliant      \n\
         1 account(s): 1 compliant, 0 remediated, 0 excepted, 0 non-compliant, 0 failed; 0 removed; COMPLIANT"
    );
}

#[test]
fn the_terminal_table_names_each_status_and_why() {
    let expected = "\
Enforcement in o-example1234 (policy sha256:abc)
  111111111111  logs                      compliant      
  222222222222  payments                  remediated     
  333333333333  build                     non_compliant  AccessDenied | by an SCP\non DeleteAccessKey
  444444444444  break-glass               excepted       exception: safe MFA
  555555555555  legacy                    failed         throttled
5 account(s): 1 compliant, 1 remediated, 1 excepted, 1 non-compliant, 1 failed; 2 removed; NOT COMPLIANT";
    assert_eq!(report().to_string(), expected);
}

#[test]
fn each_status_has_its_name() {
    let names: Vec<String> = [
        EnforcementStatus::Compliant,
        EnforcementStatus::Remediated,
        EnforcementStatus::NonCompliant,
        EnforcementStatus::Excepted,
        EnforcementStatus::Failed,
    ]
    .iter()
    .map(|s| format!("{s}/{}", s.as_str()))
    .collect();
    assert_eq!(
        names,
        [
            "compliant/compliant",
            "remediated/remediated",
            "non_compliant/non_compliant",
            "excepted/excepted",
            "failed/failed"
        ]
    );
}
