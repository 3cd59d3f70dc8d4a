//! `enforce` on the simulator: an organization with invited accounts holding root
//! credentials, created accounts without, a break-glass exception and an expired one
//! converges in one run, and the second run makes zero mutating calls.

use std::collections::BTreeSet;

use rootctl::{
    AccountId, CredentialKind, EnforcementPolicy, EnforcementReport, EnforcementStatus,
    PolicyException,
};

use super::staged::{enforce, policy, staged_client};

fn status(report: &EnforcementReport, account: AccountId) -> EnforcementStatus {
    report
        .account(&account)
        .expect("the account is in the report")
        .status
}

#[tokio::test]
async fn one_run_converges_and_the_second_makes_no_mutating_call() {
    let (s, rc) = staged_client();
    let policy = policy(&s);

    let first = enforce(&rc, &policy, false).await;
    assert_eq!(
        status(&first, s.invited),
        EnforcementStatus::Remediated,
        "{first}"
    );
    assert_eq!(status(&first, s.moved), EnforcementStatus::Remediated);
    assert_eq!(status(&first, s.created), EnforcementStatus::Compliant);
    assert_eq!(status(&first, s.break_glass), EnforcementStatus::Excepted);
    assert_eq!(status(&first, s.expired), EnforcementStatus::Remediated);
    assert!(
        first.account(&s.sandbox).is_none(),
        "the excluded OU is not targeted"
    );
    assert!(first.skipped.iter().any(|k| k.account_id == s.sandbox));
    assert!(first.compliant(), "{first}");
    // The summary counts the accounts judged and the ones skipped (the five above; the
    // sandbox and the management account at least).
    assert!(first.accounts.len() >= 5);
    assert_eq!(first.summary.accounts, first.accounts.len());
    assert!(first.skipped.len() >= 2);
    assert_eq!(first.summary.skipped, first.skipped.len());
    assert_eq!(first.exit_code(), 0);

    // Ground truth: forbidden credentials gone, the exception's kept, the sandbox untouched.
    for account in [s.invited, s.moved, s.expired, s.created] {
        assert!(
            s.org.root_credentials(&account).unwrap().is_empty(),
            "{account}"
        );
    }
    let kept = s.org.root_credentials(&s.break_glass).unwrap();
    assert!(kept.password.is_some() && kept.mfa_devices.len() == 1 && kept.access_keys.is_empty());
    assert!(s.has_password(s.sandbox));

    // What each account says.
    let glass = first.account(&s.break_glass).unwrap();
    assert_eq!(
        glass.removed.len(),
        1,
        "the key is removed even under the exception"
    );
    assert_eq!(
        glass.exception.as_ref().unwrap().reason,
        "break-glass, hardware MFA in the safe"
    );
    let old = first.account(&s.expired).unwrap();
    assert!(
        old.reasons
            .iter()
            .any(|r| r.contains("expired on 2020-01-01")),
        "{:?}",
        old.reasons
    );
    assert!(old.exception.as_ref().unwrap().expired);
    assert_eq!(
        first
            .account(&s.invited)
            .unwrap()
            .before
            .as_ref()
            .unwrap()
            .len(),
        5
    );
    assert_eq!(
        first
            .account(&s.invited)
            .unwrap()
            .after
            .as_ref()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(first.summary.removed, 5 + 1 + 1 + 2);
    assert!(first.plan_id.is_some());

    s.org.clear_calls();
    let second = enforce(&rc, &policy, false).await;
    assert_eq!(
        s.org.mutating_calls(),
        Vec::new(),
        "the second run changes nothing"
    );
    assert!(second.plan_id.is_none());
    assert_eq!(status(&second, s.invited), EnforcementStatus::Compliant);
    assert_eq!(status(&second, s.break_glass), EnforcementStatus::Excepted);
    assert_eq!(second.summary.removed, 0);
    assert!(second.compliant());
}

#[tokio::test]
async fn check_mode_says_1_before_and_0_after_and_changes_nothing() {
    let (s, rc) = staged_client();
    let policy = policy(&s);

    s.org.clear_calls();
    let before = enforce(&rc, &policy, true).await;
    assert_eq!(
        s.org.mutating_calls(),
        Vec::new(),
        "a check changes nothing"
    );
    assert_eq!(before.exit_code(), 1, "{before}");
    assert!(!before.compliant());
    let invited = before.account(&s.invited).unwrap();
    assert_eq!(invited.status, EnforcementStatus::NonCompliant);
    assert_eq!(invited.remaining.len(), 5);
    assert!(
        invited
            .reasons
            .iter()
            .all(|r| r.starts_with("dry run: would remove"))
    );
    // Under a check the break-glass account still holds its forbidden key.
    assert_eq!(
        status(&before, s.break_glass),
        EnforcementStatus::NonCompliant
    );
    assert_eq!(status(&before, s.created), EnforcementStatus::Compliant);
    assert!(s.has_password(s.invited));

    enforce(&rc, &policy, false).await;
    let after = enforce(&rc, &policy, true).await;
    assert_eq!(after.exit_code(), 0, "{after}");
    assert!(after.compliant());
}

#[tokio::test]
async fn an_account_that_cannot_be_audited_is_failed_and_the_check_says_3() {
    let (s, rc) = staged_client();
    // Only the created account: compliant, until its root sessions are denied.
    let mut policy = EnforcementPolicy {
        selection: rootctl::Selection::accounts([s.created]),
        ..EnforcementPolicy::default()
    };
    assert_eq!(enforce(&rc, &policy, true).await.exit_code(), 0);
    s.org
        .deny_root_sessions(&s.created, rootctl::sim::ScpDeny::AssumeRoot)
        .unwrap();
    let report = enforce(&rc, &policy, true).await;
    let account = report.account(&s.created).unwrap();
    assert_eq!(account.status, EnforcementStatus::Failed);
    assert!(account.error.is_some() && account.before.is_none());
    assert_eq!(report.exit_code(), 3);
    assert!(!report.compliant());
    // A non-compliant account outranks a failed one: exit 1.
    policy.selection = rootctl::Selection::accounts([s.created, s.invited]);
    assert_eq!(enforce(&rc, &policy, true).await.exit_code(), 1);
}

#[tokio::test]
async fn an_exception_cannot_keep_mfa_without_the_password_it_protects() {
    // The exception keeps only the password; MFA is forbidden, but apply keeps MFA while a
    // password stays (docs/safety.md): the account says so and is non_compliant.
    let (s, rc) = staged_client();
    let policy = EnforcementPolicy {
        selection: rootctl::Selection::accounts([s.break_glass]),
        exceptions: vec![
            PolicyException::new(s.break_glass, "password only", [CredentialKind::Password])
                .unwrap(),
        ],
        ..EnforcementPolicy::default()
    };
    let report = enforce(&rc, &policy, false).await;
    let account = report.account(&s.break_glass).unwrap();
    assert_eq!(account.status, EnforcementStatus::NonCompliant, "{report}");
    assert_eq!(account.remaining.len(), 1);
    assert_eq!(account.remaining[0].kind, CredentialKind::MfaDevice);
    assert!(
        account.reasons.iter().any(|r| r.contains("not removed")),
        "{:?}",
        account.reasons
    );
    assert_eq!(report.exit_code(), 1);
}

#[tokio::test]
async fn the_report_is_evidence_json_markdown_and_a_journal() {
    let (s, rc) = staged_client();
    let mut policy = policy(&s);
    let dir = super::fresh_temp_path("enforce");
    policy.journal = Some(dir.clone());
    let report = enforce(&rc, &policy, false).await;

    let journal = report
        .journal
        .clone()
        .expect("a run that removes writes a journal");
    assert!(journal.starts_with(&dir));
    let lines = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(
        lines.lines().count(),
        2 * report.summary.removed,
        "intent and outcome"
    );

    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["organization_id"], s.org.organization_id());
    assert_eq!(json["policy_digest"], policy.digest());
    assert!(json["caller"]["arn"].is_string());
    assert_eq!(
        json["accounts"].as_array().unwrap().len(),
        report.accounts.len()
    );
    assert_eq!(json["exceptions"].as_array().unwrap().len(), 2);
    let back = EnforcementReport::from_json(&report.to_json()).unwrap();
    assert_eq!(back.summary, report.summary);

    let md = report.to_markdown();
    assert!(md.contains("**Compliant**"), "{md}");
    assert!(md.contains(&policy.digest()));
    assert!(md.contains("break-glass, hardware MFA in the safe"));
    assert!(md.contains("expired: enforced"));
    let statuses: BTreeSet<&str> = report.accounts.iter().map(|a| a.status.as_str()).collect();
    for word in statuses {
        assert!(md.contains(&format!("| {word} |")), "{word}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
