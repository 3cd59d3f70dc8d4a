//! An unlock plan passes the checks every plan passes (docs/safety.md, "An unlock plan
//! passes the same date and organization checks as a removal plan"): its organization,
//! its management account, its date. Each refusal comes before any change.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use rootctl::{ApplyUnlockOptions, ErrorKind, UnlockMode, UnlockOutcome, UnlockPlan};

use super::unlock::{Fixture, find, fixture, temp_dir};

async fn plan(f: &Fixture) -> UnlockPlan {
    f.rc.plan_unlock(&find(f).await, UnlockMode::Delete)
        .expect("plan")
}

fn options(dir: &std::path::Path, max_plan_age: Option<Duration>) -> ApplyUnlockOptions {
    ApplyUnlockOptions {
        backup_dir: Some(dir.to_path_buf()),
        max_plan_age,
        ..Default::default()
    }
}

/// Refused as `InvalidInput` saying `why`, with no mutating call and no backup.
async fn refused(f: &Fixture, plan: &UnlockPlan, max_plan_age: Option<Duration>, why: &str) {
    f.org.clear_calls();
    let dir = temp_dir(&format!("refused-{}", plan.plan_id));
    let err =
        f.rc.apply_unlock(plan, options(&dir, max_plan_age))
            .await
            .expect_err(why);
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains(why), "{why}: {err}");
    assert!(
        err.to_string().contains(&plan.plan_id),
        "names the plan: {err}"
    );
    assert!(f.org.mutating_calls().is_empty(), "{why}: no change");
    assert!(!dir.exists(), "{why}: no backup");
}

/// Applied: every planned policy unlocked.
async fn applied(f: &Fixture, plan: &UnlockPlan, max_plan_age: Option<Duration>) {
    let dir = temp_dir(&format!("applied-{}", plan.plan_id));
    let report =
        f.rc.apply_unlock(plan, options(&dir, max_plan_age))
            .await
            .expect("applied");
    assert!(!report.items.is_empty());
    for r in &report.items {
        assert_eq!(r.outcome, UnlockOutcome::Unlocked, "{r:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_plan_older_than_max_plan_age_is_refused_and_a_younger_one_applies() {
    let f = fixture();
    let mut plan = plan(&f).await;
    plan.created_at -= TimeDelta::hours(2);
    let hour = Duration::from_secs(3600);
    refused(
        &f,
        &plan,
        Some(hour),
        "(2.0 hours ago), more than the 1.0 hours",
    )
    .await;
    // No limit by default; a limit the plan is within.
    applied(&f, &plan, Some(3 * hour)).await;
}

#[tokio::test]
async fn a_plan_with_no_max_age_applies_whatever_its_age() {
    let f = fixture();
    let mut plan = plan(&f).await;
    plan.created_at -= TimeDelta::days(400);
    applied(&f, &plan, None).await;
}

#[tokio::test]
async fn a_plan_dated_in_the_future_is_refused_whatever_max_plan_age_says() {
    let f = fixture();
    let mut plan = plan(&f).await;
    let made = plan.created_at;
    plan.created_at = made + TimeDelta::minutes(30);
    refused(
        &f,
        &plan,
        None,
        "more than the 5 minutes clocks may differ by",
    )
    .await;
    refused(&f, &plan, Some(Duration::from_secs(3600)), "after now").await;
    // Within the clock skew allowed.
    plan.created_at = made + TimeDelta::minutes(4);
    applied(&f, &plan, Some(Duration::from_secs(3600))).await;
}

#[tokio::test]
async fn a_plan_for_another_organization_or_management_account_is_refused() {
    let f = fixture();
    let plan = plan(&f).await;
    let mut other_org = plan.clone();
    other_org.organization_id = "o-someoneelse".into();
    refused(
        &f,
        &other_org,
        None,
        "was made for organization o-someoneelse",
    )
    .await;
    // Only the management account differs: still another organization's plan.
    let mut other_management = plan.clone();
    other_management.management_account_id = "999999999999".parse().unwrap();
    refused(
        &f,
        &other_management,
        None,
        "names 999999999999 as the management account",
    )
    .await;
    applied(&f, &plan, None).await;
}

#[test]
fn options_print_their_settings_and_not_the_progress_callback() {
    let options = ApplyUnlockOptions {
        dry_run: true,
        backup_dir: Some("backups".into()),
        journal: Some("unlock.jsonl".into()),
        progress: Some(Arc::new(|_| {})),
        max_plan_age: Some(Duration::from_secs(60)),
    };
    assert_eq!(
        format!("{options:?}"),
        r#"ApplyUnlockOptions { dry_run: true, backup_dir: Some("backups"), journal: Some("unlock.jsonl"), progress: true, max_plan_age: Some(60s) }"#
    );
}
