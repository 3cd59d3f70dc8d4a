//! Enforcement reports built by hand, one account of each outcome: their findings, and
//! the same findings as ASFF and OCSF.

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::json;

use super::super::*;
use crate::error::Error;
use crate::model::{AccountId, CallerIdentity};
use crate::ops::{
    AccountEnforcement, EnforcementReport, EnforcementStatus, ExceptionState, RemovalItem,
};

fn key(id: &str) -> RemovalItem {
    RemovalItem::with_id(CredentialKind::AccessKey, id)
}

fn mfa(serial: &str) -> RemovalItem {
    RemovalItem::with_id(CredentialKind::MfaDevice, serial)
}

fn account(id: &str, status: EnforcementStatus) -> AccountEnforcement {
    AccountEnforcement {
        account_id: id.parse().unwrap(),
        name: format!("acct-{id}"),
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

/// One account of each status; the excepted one keeps an MFA device until 2030.
fn enforcement() -> EnforcementReport {
    let compliant = account("111111111111", EnforcementStatus::Compliant);
    let mut remediated = account("222222222222", EnforcementStatus::Remediated);
    remediated.before = Some(vec![key("AKIAREMOVED")]);
    remediated.removed = vec![key("AKIAREMOVED")];
    let mut non_compliant = account("333333333333", EnforcementStatus::NonCompliant);
    non_compliant.before = Some(vec![key("AKIALEFT")]);
    non_compliant.after = non_compliant.before.clone();
    non_compliant.remaining = vec![key("AKIALEFT")];
    non_compliant.reasons = vec!["AccessDenied on DeleteAccessKey".to_owned()];
    let mut excepted = account("444444444444", EnforcementStatus::Excepted);
    excepted.before = Some(vec![mfa("GAHT1"), key("AKIAGONE")]);
    excepted.after = Some(vec![mfa("GAHT1")]);
    excepted.removed = vec![key("AKIAGONE")];
    excepted.exception = Some(ExceptionState {
        account_id: "444444444444".parse().unwrap(),
        reason: "break-glass token in the safe".to_owned(),
        keep: vec![CredentialKind::MfaDevice],
        expires: NaiveDate::from_ymd_opt(2030, 1, 31),
        expired: false,
        in_scope: true,
    });
    let mut failed = account("555555555555", EnforcementStatus::Failed);
    (failed.before, failed.after) = (None, None);
    failed.error = Some(Error::invalid_input("account", "555555555555", "throttled"));
    let accounts = vec![compliant, remediated, non_compliant, excepted, failed];
    let caller: AccountId = "999999999999".parse().unwrap();
    EnforcementReport {
        organization_id: "o-example1234".to_owned(),
        management_account_id: caller,
        caller: CallerIdentity {
            account_id: caller,
            arn: "arn:aws:iam::999999999999:role/Security".to_owned(),
            user_id: "AROAEXAMPLE".to_owned(),
        },
        policy_digest: "sha256:abc".to_owned(),
        policy: json!({"kinds": ["password", "access_keys", "signing_certificates", "mfa_devices"]}),
        dry_run: false,
        started_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap(),
        finished_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 1, 0).unwrap(),
        trigger: None,
        plan_id: None,
        plan: None,
        journal: None,
        summary: EnforcementReport::summarize(&accounts, 1),
        accounts,
        skipped: vec![],
        exceptions: vec![],
        region: Some("eu-west-1".to_owned()),
    }
}

#[test]
fn enforcement_findings_follow_each_accounts_outcome() {
    let findings = enforcement().findings();
    assert_eq!(findings.len(), 5 * 4);
    let of = |account: &str, kind: CredentialKind| {
        findings
            .iter()
            .find(|f| {
                f.account_id.as_str() == account && f.subject == FindingSubject::Credentials(kind)
            })
            .unwrap()
    };
    let clean = of("111111111111", CredentialKind::AccessKey);
    assert_eq!(
        (clean.status, clean.severity),
        (FindingStatus::Passed, Severity::Informational)
    );
    let removed = of("222222222222", CredentialKind::AccessKey);
    assert_eq!(removed.status, FindingStatus::Passed);
    assert_eq!(removed.details["Removed"], "AKIAREMOVED");
    assert!(
        removed.title.contains("removed 1 access key"),
        "{}",
        removed.title
    );
    let left = of("333333333333", CredentialKind::AccessKey);
    assert_eq!(
        (left.status, left.severity),
        (FindingStatus::Failed, Severity::Critical)
    );
    assert_eq!(left.credential_ids, ["AKIALEFT"]);
    assert!(
        left.description.contains("AccessDenied"),
        "{}",
        left.description
    );
    // Kept under an exception is still held: it fails at its kind's severity, as the
    // audit's finding of the same id does, with the exception as its context.
    let kept = of("444444444444", CredentialKind::MfaDevice);
    assert_eq!(
        (kept.status, kept.severity),
        (FindingStatus::Failed, Severity::Low)
    );
    assert!(kept.title.contains("under an exception"), "{}", kept.title);
    assert_eq!(
        kept.details["ExceptionReason"],
        "break-glass token in the safe"
    );
    assert_eq!(kept.details["ExceptionExpires"], "2030-01-31");
    assert_eq!(kept.credential_ids, ["GAHT1"]);
    assert_eq!(
        of("444444444444", CredentialKind::AccessKey).details["Removed"],
        "AKIAGONE"
    );
    for kind in CredentialKind::ALL {
        let unknown = of("555555555555", kind);
        assert_eq!(unknown.status, FindingStatus::NotAvailable);
        assert!(unknown.details["Error"].contains("throttled"));
    }
    // Audit and enforcement observe the same thing under the same ids.
    assert_eq!(
        left.id,
        "rootctl/o-example1234/333333333333/root-credentials/access_key"
    );
    let asff = enforcement().to_asff(None).unwrap();
    assert_eq!(asff[0]["Resources"][0]["Region"], "eu-west-1");
    let statuses: Vec<&str> = asff
        .iter()
        .map(|f| f["Compliance"]["Status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == "FAILED").count(), 2);
    assert_eq!(
        statuses.iter().filter(|s| **s == "NOT_AVAILABLE").count(),
        4
    );
}

#[test]
fn a_forbidden_kind_still_held_fails_even_if_not_listed_as_remaining() {
    let mut report = enforcement();
    // The exception expired: the token it kept is forbidden again.
    report.accounts[3].exception.as_mut().unwrap().expired = true;
    let kept = report
        .findings()
        .into_iter()
        .find(|f| f.id.ends_with("444444444444/root-credentials/mfa_device"))
        .unwrap();
    assert_eq!(
        (kept.status, kept.severity),
        (FindingStatus::Failed, Severity::Low)
    );
    assert!(kept.title.contains("still holds"), "{}", kept.title);
    // A policy that does not forbid MFA devices lets the account keep it: still held, so
    // still failed, and the finding says the policy allows it.
    report.policy = json!({"kinds": ["access_keys"]});
    let allowed = report
        .findings()
        .into_iter()
        .find(|f| f.id == kept.id)
        .unwrap();
    assert_eq!(allowed.status, FindingStatus::Failed);
    assert_eq!(allowed.details["PolicyAllows"], "mfa_devices");
}

#[test]
fn ocsf_findings_are_compliance_findings_with_the_same_ids() {
    let report = enforcement();
    let ocsf = report.to_ocsf();
    for (f, o) in report.findings().iter().zip(&ocsf) {
        assert_eq!(
            (o["class_uid"].as_u64(), o["type_uid"].as_u64()),
            (Some(2003), Some(200301))
        );
        assert_eq!(o["category_uid"], 2);
        assert_eq!(o["activity_id"], 1);
        assert_eq!(o["metadata"]["version"], "1.5.0");
        assert_eq!(
            o["metadata"]["product"]["version"],
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(o["finding_info"]["uid"], f.id.as_str());
        assert_eq!(o["time"], 1_796_637_660_000_i64);
        assert_eq!(o["severity_id"], f.severity.ocsf_id());
        assert_eq!(o["compliance"]["status_id"], f.status.ocsf_id());
        assert_eq!(o["resources"][0]["uid"], f.account_id.as_str());
        assert_eq!(o["resources"][0]["region"], "eu-west-1");
        assert_eq!(
            o["resources"][0]["data"]["organization_id"],
            "o-example1234"
        );
    }
    let failed = ocsf.iter().find(|o| o["status_code"] == "FAILED").unwrap();
    assert_eq!(failed["compliance"]["status_id"], 3);
    assert!(
        failed["compliance"]["requirements"]
            .as_array()
            .unwrap()
            .contains(&json!("AWS Security Hub CSPM/IAM.4"))
    );
}

/// Without a verifying audit (`after` missing), what an account holds is what it held
/// before less what the run removed: a removed key passes, the one left fails.
#[test]
fn without_a_verifying_audit_what_was_removed_is_no_longer_held() {
    let mut report = enforcement();
    let account = &mut report.accounts[1];
    account.before = Some(vec![key("AKIAREMOVED"), key("AKIASTAYED")]);
    account.after = None;
    let keys = report
        .findings()
        .into_iter()
        .find(|f| f.id.ends_with("222222222222/root-credentials/access_key"))
        .unwrap();
    assert_eq!(keys.status, FindingStatus::Failed);
    assert_eq!(keys.credential_ids, ["AKIASTAYED"]);
    report.accounts[1].before = Some(vec![key("AKIAREMOVED")]);
    let gone = report
        .findings()
        .into_iter()
        .find(|f| f.id == keys.id)
        .unwrap();
    assert_eq!(gone.status, FindingStatus::Passed);
}
