//! The last read before the change: a policy written after apply read it and wrote its
//! backup, but before the change, is drift and left alone (issue 22 S7). What remains is
//! the one request between that read and the change, which AWS cannot make conditional.
//! After the change, the read back decides: a change that does not read as planned is
//! `failed`, never `unlocked`.

use std::sync::atomic::{AtomicBool, Ordering};

use rootctl::{ApplyUnlockOptions, UnlockMode, UnlockOutcome};

use super::hooked_s3::{HookedS3, S3Call};
use super::unlock::{LOCK, apply_into, fixture, planned, result_of, temp_dir};

#[tokio::test]
async fn a_policy_written_after_the_backup_and_before_the_change_is_left_alone() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("reread");
    let journal = dir.join("unlock.jsonl");
    let item = plan.items.iter().find(|i| i.name == "locked-a").unwrap();
    let newer = LOCK.replace("DenyAll", "WrittenMeanwhile");
    // A colleague writes a new policy on the bucket the moment its backup is on disk:
    // after apply's first read, before its change.
    let backup = dir.join(&plan.plan_id).join(format!(
        "{}-s3-{}-locked-a.json",
        item.account_id, item.region
    ));
    let (org, account, policy) = (f.org.clone(), f.a, newer.clone());
    let done = AtomicBool::new(false);
    let rc = HookedS3::new(&f.org)
        .before(move |_| {
            if backup.exists() && !done.swap(true, Ordering::SeqCst) {
                org.put_bucket_policy(&account, "locked-a", Some(&policy))
                    .expect("the colleague's write");
            }
            None
        })
        .rootctl();
    std::fs::create_dir_all(&dir).unwrap();
    let report = rc
        .apply_unlock(
            &plan,
            ApplyUnlockOptions {
                backup_dir: Some(dir.clone()),
                journal: Some(journal.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        f.org.bucket_policy(&f.a, "locked-a").as_deref(),
        Some(newer.as_str()),
        "the policy written meanwhile is not deleted: {report}"
    );
    let result = report.items.iter().find(|i| i.name == "locked-a").unwrap();
    assert_eq!(result.outcome, UnlockOutcome::Drift, "{report}");
    let detail = result.detail.as_deref().unwrap_or_default();
    assert!(detail.contains("backup"), "says the backup stays: {detail}");
    let backup = result
        .backup_path
        .as_deref()
        .expect("the backup stays on disk");
    assert_eq!(
        rootctl::PolicyBackup::read(backup.as_ref()).unwrap().policy,
        LOCK
    );
    assert!(!report.ok());
    // Every other item went through, and the journal closes the intent with the drift.
    assert_eq!(report.count(UnlockOutcome::Unlocked), plan.items.len() - 1);
    let lines = std::fs::read_to_string(&journal).unwrap();
    assert!(
        lines
            .lines()
            .any(|l| l.contains("locked-a") && l.contains("\"drift\"")),
        "{lines}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_change_that_does_not_read_back_as_planned_is_failed_not_unlocked() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("read-back");
    // A colleague puts a policy back the moment rootctl's delete returns: the delete took,
    // but what reads back is not what the plan meant to leave.
    let back = LOCK.replace("DenyAll", "PutBack");
    let (org, account, policy) = (f.org.clone(), f.a, back.clone());
    let rc = HookedS3::new(&f.org)
        .after(move |call| {
            if call == S3Call::Delete("locked-a") {
                org.put_bucket_policy(&account, "locked-a", Some(&policy))
                    .expect("the colleague's write");
            }
            None
        })
        .rootctl();
    let report = apply_into(&rc, &plan, &dir).await;
    let result = result_of(&report, "locked-a");
    assert_eq!(result.outcome, UnlockOutcome::Failed, "{report}");
    assert!(
        result
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("the policy read back is not the planned one"),
        "{report}"
    );
    assert!(!report.ok());
    assert_eq!(report.count(UnlockOutcome::Unlocked), plan.items.len() - 1);
    let _ = std::fs::remove_dir_all(dir);
}

/// A service may hand a policy back re-formatted (docs/safety.md, "Restores"): the read
/// back of a surgical change and the restore's compare-and-swap compare parsed JSON, so a
/// policy read back re-formatted is the one written, not a failed change nor a policy
/// changed since.
#[tokio::test]
async fn a_policy_read_back_re_formatted_is_the_same_policy() {
    let f = fixture();
    let rc = HookedS3::new(&f.org).reformatting().rootctl();
    let found = rc
        .find_locked_resources(&rootctl::Selection::all(), super::unlock::both_regions())
        .await
        .unwrap();
    let plan = rc.plan_unlock(&found, UnlockMode::Surgical).unwrap();
    let dir = temp_dir("reformatted");
    let report = apply_into(&rc, &plan, &dir).await;
    let partly = result_of(&report, "partly-a");
    assert_eq!(partly.outcome, UnlockOutcome::Unlocked, "{report}");
    // What the surgical change left is stored as written, read back re-formatted.
    let stored = f.org.bucket_policy(&f.a, "partly-a").unwrap();
    assert!(!stored.contains('\n'), "stored compact: {stored}");
    let backup = partly.backup_path.clone().expect("a backup");
    let restored = rc
        .restore_unlock(backup.as_ref(), rootctl::RestoreOptions::default())
        .await
        .unwrap();
    assert_eq!(
        restored.outcome,
        rootctl::RestoreOutcome::Restored,
        "{restored}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
