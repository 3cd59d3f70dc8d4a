//! plan_removal / apply_removal / verify against the simulator.

use std::collections::HashMap;
use std::time::Duration;

use rootctl::sim::SimulatedOrg;
use rootctl::{
    ApplyOptions, CredentialKind, ErrorKind, ItemOutcome, RemovalPlan, RootCredentials, Rootctl,
    Selection,
};

fn org(seed: u64) -> SimulatedOrg {
    SimulatedOrg::builder()
        .members(24)
        .seed(seed)
        .password_share(0.7)
        .access_key_share(0.6)
        .signing_certificate_share(0.4)
        .mfa_share(0.7)
        .build()
}

async fn plan_all(rc: &Rootctl) -> RemovalPlan {
    let audit = rc.audit(&Selection::all(), None).await.unwrap();
    rc.plan_removal(&audit, &CredentialKind::ALL).unwrap()
}

#[tokio::test]
async fn plans_round_trip_through_json_and_bad_plans_are_refused() {
    let rc = Rootctl::simulated(org(1));
    let plan = plan_all(&rc).await;
    assert!(plan.item_count() > 0);
    let back = RemovalPlan::from_json(&plan.to_json()).unwrap();
    assert_eq!(back, plan);

    let mut bad = plan.clone();
    bad.accounts[0].account_id = bad.management_account_id;
    let err = RemovalPlan::from_json(&bad.to_json()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("management account"), "{err}");

    let mut bad = plan.clone();
    bad.format_version = 99;
    assert!(RemovalPlan::from_json(&bad.to_json()).is_err());
    assert!(RemovalPlan::from_json("{\"not\":\"a plan\"}").is_err());
    assert!(
        rc.plan_removal(&rc.audit(&Selection::all(), None).await.unwrap(), &[])
            .is_err()
    );
}

#[tokio::test]
async fn dry_run_makes_no_mutating_call() {
    let org = org(2);
    let rc = Rootctl::simulated(org.clone());
    let plan = plan_all(&rc).await;
    org.clear_calls();
    // A journal path that does not exist yet: a dry run reads no journal and makes none.
    let journal = super::fresh_temp_path("dry-run-journal.jsonl");
    let options = ApplyOptions {
        dry_run: true,
        journal: Some(journal.clone()),
        ..ApplyOptions::default()
    };
    let report = rc.apply_removal(&plan, options).await.unwrap();
    assert!(!journal.exists(), "a dry run made a journal");
    assert!(org.calls().iter().all(|c| !c.mutating), "dry run mutated");
    assert!(report.verification.is_none());
    assert_eq!(report.summary.planned, plan.item_count());
    assert!(report.summary.would_remove > 0);
    assert_eq!(report.summary.removed, 0);
}

#[tokio::test]
async fn apply_then_verify_leaves_no_credential_and_keeps_the_safe_order() {
    let org = org(3);
    let rc = Rootctl::simulated(org.clone());
    let plan = plan_all(&rc).await;
    org.clear_calls();
    let report = rc
        .apply_removal(&plan, ApplyOptions::default())
        .await
        .unwrap();
    assert!(report.ok(), "{report}");
    assert_eq!(report.summary.removed, plan.item_count());
    assert_eq!(report.summary.accounts, plan.accounts.len());
    assert!(report.summary.accounts >= 2);
    let verification = report.verification.as_ref().unwrap();
    assert_eq!(
        verification.summary.clean,
        plan.accounts.len(),
        "{verification}"
    );
    for account in &plan.accounts {
        assert_eq!(
            org.root_credentials(&account.account_id).unwrap(),
            RootCredentials::default()
        );
    }
    // Per account: password first, MFA last, one delete session.
    let calls = org.calls();
    for account in &plan.accounts {
        let ops: Vec<&str> = calls
            .iter()
            .filter(|c| c.account_id == Some(account.account_id) && c.mutating)
            .map(|c| c.operation)
            .collect();
        let rank = |op: &str| match op {
            "DeleteLoginProfile" => 0,
            "DeleteAccessKey" => 1,
            "DeleteSigningCertificate" => 2,
            "DeactivateMFADevice" => 3,
            other => panic!("unexpected mutation {other}"),
        };
        assert!(ops.windows(2).all(|w| rank(w[0]) <= rank(w[1])), "{ops:?}");
        let delete_sessions = calls
            .iter()
            .filter(|c| {
                c.operation == "AssumeRoot"
                    && c.account_id == Some(account.account_id)
                    && c.task_policy == Some(rootctl::TaskPolicy::IamDeleteRootUserCredentials)
            })
            .count();
        assert_eq!(delete_sessions, 1);
    }
    // A second apply of the same plan finds everything gone and mutates nothing.
    org.clear_calls();
    let again = rc
        .apply_removal(&plan, ApplyOptions::default())
        .await
        .unwrap();
    assert_eq!(again.summary.already_absent, plan.item_count());
    assert!(org.calls().iter().all(|c| !c.mutating));
}

#[tokio::test]
async fn a_plan_from_another_organization_is_refused_before_any_root_session() {
    let first = Rootctl::simulated(org(4));
    let plan = plan_all(&first).await;
    let other = org(5);
    assert_ne!(other.organization_id(), plan.organization_id);
    let err = Rootctl::simulated(other.clone())
        .apply_removal(&plan, ApplyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains(&plan.organization_id), "{err}");
    let calls = other.calls();
    assert!(
        calls.iter().all(|c| c.operation == "DescribeOrganization"),
        "{calls:?}"
    );
}

#[tokio::test]
async fn drift_is_reported_never_removed() {
    let org = org(6);
    let rc = Rootctl::simulated(org.clone());
    let plan = plan_all(&rc).await;
    let account = plan.accounts[0].account_id;
    // A key appears after the audit.
    let mut creds = org.root_credentials(&account).unwrap();
    let mut extra = creds
        .access_keys
        .first()
        .cloned()
        .unwrap_or_else(|| rootctl::AccessKey {
            id: String::new(),
            status: rootctl::CredentialStatus::Active,
            created: None,
            last_used: None,
        });
    extra.id = "NEWKEYAFTERAUDIT".into();
    creds.access_keys.push(extra);
    org.set_credentials(&account, creds).unwrap();

    let report = rc
        .apply_removal(&plan, ApplyOptions::default())
        .await
        .unwrap();
    let drifted = &report
        .accounts
        .iter()
        .find(|a| a.account_id == account)
        .unwrap()
        .drift;
    assert_eq!(drifted.len(), 1);
    assert_eq!(drifted[0].id.as_deref(), Some("NEWKEYAFTERAUDIT"));
    let left = org.root_credentials(&account).unwrap();
    assert_eq!(left.access_keys.len(), 1, "the unplanned key stays");
    assert_eq!(report.summary.drift, 1);
    assert!(
        report.ok(),
        "drift is reported, not a failure of the plan: {report}"
    );
}

#[tokio::test]
async fn mfa_stays_while_a_password_remains() {
    let org = SimulatedOrg::builder()
        .members(6)
        .seed(8)
        .password_share(1.0)
        .mfa_share(1.0)
        .build();
    let rc = Rootctl::simulated(org.clone());
    let audit = rc.audit(&Selection::all(), None).await.unwrap();
    let plan = rc
        .plan_removal(&audit, &[CredentialKind::MfaDevice])
        .unwrap();
    org.clear_calls();
    let report = rc
        .apply_removal(&plan, ApplyOptions::default())
        .await
        .unwrap();
    assert!(
        report
            .items()
            .all(|(_, r)| matches!(r.outcome, ItemOutcome::Skipped { .. }))
    );
    assert!(org.calls().iter().all(|c| !c.mutating));
}

#[tokio::test]
async fn a_killed_apply_resumes_from_its_journal_without_removing_anything_twice() {
    let org = SimulatedOrg::builder()
        .members(30)
        .seed(9)
        .password_share(0.8)
        .access_key_share(0.8)
        .mfa_share(0.8)
        .latency(Duration::from_millis(2), Duration::from_millis(2))
        .build();
    let rc = Rootctl::simulated(org.clone());
    let plan = plan_all(&rc).await;
    let journal = super::fresh_temp_path("resume.jsonl");
    let options = || ApplyOptions {
        journal: Some(journal.clone()),
        ..ApplyOptions::default()
    };

    // Kill the run part-way: drop its future once some removals have happened.
    org.clear_calls();
    let first = rc.apply_removal(&plan, options());
    tokio::select! {
        _ = first => panic!("the run should have been cut short"),
        _ = async {
            while org.mutating_calls().iter().filter(|c| c.is_ok()).count() < plan.item_count() / 3 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        } => {}
    }
    let removed_first: usize = org.mutating_calls().iter().filter(|c| c.is_ok()).count();
    assert!(removed_first > 0 && removed_first < plan.item_count());

    let report = rc.apply_removal(&plan, options()).await.unwrap();
    assert!(report.ok(), "{report}");
    // Every attempt counts, whatever AWS answered: a second delete of a removed item
    // answers NoSuchEntity, and would be an attempt too many.
    let mut attempts: HashMap<(Option<rootctl::AccountId>, &'static str, Option<String>), usize> =
        HashMap::new();
    for call in org.mutating_calls() {
        *attempts
            .entry((call.account_id, call.operation, call.target.clone()))
            .or_default() += 1;
    }
    assert!(
        attempts.values().all(|n| *n == 1),
        "something was attempted twice: {attempts:?}"
    );
    assert_eq!(attempts.len(), plan.item_count(), "nothing was missed");
    assert!(
        org.mutating_calls().iter().all(|c| c.is_ok()),
        "every removal succeeded the one time it was made"
    );
    assert!(
        report.summary.already_absent > 0,
        "the resumed run read what the first run removed as already absent"
    );
    assert_eq!(
        report.summary.removed + report.summary.already_absent,
        plan.item_count()
    );
    std::fs::remove_file(&journal).unwrap();
}

#[test]
fn apply_options_print_their_settings_and_not_the_progress_callback() {
    let options = ApplyOptions {
        dry_run: true,
        journal: Some("removal.jsonl".into()),
        progress: Some(std::sync::Arc::new(|_| {})),
        verify: false,
        max_plan_age: Some(Duration::from_secs(3600)),
    };
    assert_eq!(
        format!("{options:?}"),
        r#"ApplyOptions { dry_run: true, journal: Some("removal.jsonl"), progress: true, verify: false, max_plan_age: Some(3600s) }"#
    );
    assert_eq!(
        ApplyOptions::default().max_plan_age,
        Some(Duration::from_secs(24 * 3600))
    );
}

#[tokio::test]
async fn a_plan_reads_as_its_counts_then_one_line_per_account() {
    let org = org(3);
    let rc = Rootctl::simulated(org.clone());
    let plan = plan_all(&rc).await;
    let shown = plan.to_string();
    let first = shown.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "Plan {} for {}: {} item(s) in {} account(s); kinds: password, access_keys, \
             signing_certificates, mfa_devices",
            plan.plan_id,
            plan.organization_id,
            plan.item_count(),
            plan.accounts.len()
        )
    );
    for account in &plan.accounts {
        assert!(
            shown
                .lines()
                .any(|l| l.trim_start().starts_with(&account.account_id.to_string())),
            "{shown}"
        );
    }
}
