//! An account whose work stops midway (its timeout, a cancelled run) keeps what it did:
//! each policy reports what became of it, as far as the run got, and names its backup.

use std::time::Duration;

use rootctl::sim::SimulatedOrg;
use rootctl::{Options, Rootctl, UnlockMode, UnlockOutcome};

use super::unlock::{LOCK, apply_into, find_buckets, temp_dir};

/// Red-team finding: when an account's work outlived `Options::account_timeout`,
/// `apply_unlock` reported *every* item of that account `failed`, with no `backup_path`
/// and no detail, including the policies it had already deleted after writing their
/// backups. The report (and the console's table and CSV, which list `backup_path`) is
/// what a user restores from.
#[tokio::test(start_paused = true)]
async fn account_timeout_reports_unlocked_policies_as_failed_without_backups() {
    let org = SimulatedOrg::builder()
        .members(2)
        .seed(31)
        .latency(Duration::from_millis(20), Duration::ZERO)
        .build();
    let member = org.members()[0].account.id;
    let names: Vec<String> = (0..8).map(|n| format!("locked-{n}")).collect();
    for name in &names {
        org.create_bucket(&member, name, "us-east-1", Some(LOCK))
            .unwrap();
    }
    let rc = Rootctl::simulated(org.clone());
    let found = find_buckets(&rc, member).await;
    let plan = rc.plan_unlock(&found, UnlockMode::Delete).unwrap();
    assert_eq!(plan.items.len(), names.len());
    let rc = rc
        .with_options(Options {
            account_timeout: Duration::from_millis(400),
            ..Options::default()
        })
        .unwrap();
    let dir = temp_dir("timeout");
    let report = apply_into(&rc, &plan, &dir).await;
    let on_disk = std::fs::read_dir(dir.join(&plan.plan_id))
        .map(|d| d.count())
        .unwrap_or(0);
    let _ = std::fs::remove_dir_all(&dir);
    let gone: Vec<&String> = names
        .iter()
        .filter(|n| org.bucket_policy(&member, n).is_none())
        .collect();
    assert!(!gone.is_empty(), "the timeout came after some deletes");
    assert!(gone.len() < names.len(), "and before the last one");
    for result in &report.items {
        if gone.contains(&&result.name) {
            assert!(
                result.outcome == UnlockOutcome::Unlocked || result.backup_path.is_some(),
                "{}: its policy was deleted (backed up: {on_disk} backup file(s) on disk), \
                 but the report says {} with backup_path {:?} and detail {:?}",
                result.name,
                result.outcome.as_str(),
                result.backup_path,
                result.detail
            );
        }
    }
    // Each item says truthfully how far it got: done (with its result), backed up but
    // not finished (its backup named, the change maybe made), or not attempted.
    assert!(report.count(UnlockOutcome::Unlocked) >= 1, "{report}");
    let stopped: Vec<_> = report
        .items
        .iter()
        .filter(|r| r.outcome != UnlockOutcome::Unlocked)
        .collect();
    assert!(!stopped.is_empty(), "{report}");
    for result in stopped {
        assert_eq!(result.outcome, UnlockOutcome::Failed, "{report}");
        let detail = result.detail.as_deref().unwrap_or_default();
        let error = result
            .error
            .as_ref()
            .expect("the error that stopped the work");
        assert_eq!(error.kind(), rootctl::ErrorKind::Timeout, "{report}");
        match &result.backup_path {
            Some(_) => assert!(
                detail.contains("may or may not") || detail.contains("was made"),
                "{}: {detail}",
                result.name
            ),
            None => {
                assert!(
                    detail.starts_with("not attempted: the account's work stopped ("),
                    "{}: {detail}",
                    result.name
                );
                assert_eq!(
                    org.bucket_policy(&member, &result.name).as_deref(),
                    Some(LOCK),
                    "{} was not attempted",
                    result.name
                );
            }
        }
    }
    assert!(!report.ok());
}
