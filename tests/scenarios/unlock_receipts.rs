//! Receipts: a backup restores (without `force`) only beside the receipt apply writes
//! once the change it backs up is made, so that the backup of an unlock that never
//! happened cannot put a lock back over someone else's fix.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rootctl::sim::SimulatedOrg;
use rootctl::{
    AccountId, ErrorKind, RestoreOptions, RestoreOutcome, Rootctl, UnlockMode, UnlockOutcome,
    UnlockReport,
};

use super::hooked_s3::{HookedS3, S3Call};
use super::unlock::{LOCK, apply_into, backups_in, fixture, planned, result_of, temp_dir};

/// A client whose S3 has a colleague who fixes `bucket` themselves (deletes its locking
/// policy) the moment apply's backup of it is on disk, after `after_reads` reads of its
/// policy.
fn fixing_colleague(
    org: &SimulatedOrg,
    account: AccountId,
    bucket: &'static str,
    backup: PathBuf,
    after_reads: usize,
) -> Rootctl {
    let reads = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    let colleague = org.clone();
    HookedS3::new(org)
        .before(move |call| {
            if call == S3Call::Get(bucket) {
                let read = reads.fetch_add(1, Ordering::SeqCst);
                let ready = backup.exists() && read >= after_reads;
                if ready && !done.swap(true, Ordering::SeqCst) {
                    colleague
                        .put_bucket_policy(&account, bucket, None)
                        .expect("the colleague's delete");
                }
            }
            None
        })
        .rootctl()
}

fn receipt_of(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".applied");
    PathBuf::from(name)
}

fn backup_of(report: &UnlockReport, name: &str) -> PathBuf {
    let item = report.items.iter().find(|i| i.name == name).unwrap();
    PathBuf::from(item.backup_path.as_deref().expect("a backup"))
}

/// Red-team finding: a colleague deleted the locking policy themselves after apply wrote
/// its backup: apply reports `already_absent` (rootctl changed nothing) but keeps a
/// backup whose `policy_after` (none) matches the colleague's result. Rolling the run
/// back by restoring its backups (no `force`) passed the compare-and-swap and wrote the
/// lock back over the colleague's fix. The unlock left nothing; the colleague did.
#[tokio::test]
async fn backup_of_an_unlock_that_never_happened_restores_over_a_colleagues_fix() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("colleague-fix");
    let item = plan.items.iter().find(|i| i.name == "locked-a").unwrap();
    let backup = dir.join(&plan.plan_id).join(format!(
        "{}-s3-{}-locked-a.json",
        item.account_id, item.region
    ));
    let rc = fixing_colleague(&f.org, f.a, "locked-a", backup, 0);
    std::fs::create_dir_all(&dir).unwrap();
    let report = apply_into(&rc, &plan, &dir).await;
    let result = report.items.iter().find(|i| i.name == "locked-a").unwrap();
    assert_eq!(result.outcome, UnlockOutcome::AlreadyAbsent, "{report}");
    assert_eq!(
        f.org.bucket_policy(&f.a, "locked-a"),
        None,
        "the colleague's fix"
    );

    // Roll the run back: restore every backup it reports.
    let backup = result
        .backup_path
        .clone()
        .expect("the backup stays on disk");
    assert!(!receipt_of(Path::new(&backup)).exists(), "no receipt");
    f.org.clear_calls();
    let restored = rc
        .restore_unlock(Path::new(&backup), RestoreOptions::default())
        .await;
    let now = f.org.bucket_policy(&f.a, "locked-a");
    assert_eq!(
        now,
        None,
        "restoring the backup of an unlock that never happened (outcome already_absent) \
         re-locked the bucket the team had fixed; restore {:?}",
        restored.as_ref().map(|r| r.outcome)
    );
    assert!(!matches!(&restored, Ok(r) if r.outcome == RestoreOutcome::Restored));
    let err = restored.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let message = err.to_string();
    assert!(message.contains("may never have changed"), "{message}");
    assert!(message.contains("force"), "{message}");
    assert!(f.org.calls().is_empty(), "refused before any call");

    // `force` is the human's decision: it restores without a receipt.
    let forced = rc
        .restore_unlock(
            Path::new(&backup),
            RestoreOptions {
                force: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(forced.ok(), "{forced}");
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a").as_deref(), Some(LOCK));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn each_change_leaves_a_private_receipt_that_only_its_backup_accepts() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("receipts");
    let report = apply_into(&f.rc, &plan, &dir).await;
    assert!(report.ok(), "{report}");
    for item in &report.items {
        let receipt = receipt_of(&backup_of(&report, &item.name));
        let text = std::fs::read_to_string(&receipt).expect("a receipt per change");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["kind"], "rootctl-unlock-receipt", "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&receipt).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", receipt.display());
        }
    }
    // The receipt of another backup does not vouch for this one; nor does a missing one.
    let (a, b) = (
        backup_of(&report, "locked-a"),
        backup_of(&report, "locked-b"),
    );
    std::fs::copy(receipt_of(&b), receipt_of(&a)).unwrap();
    f.org.clear_calls();
    let err =
        f.rc.restore_unlock(&a, RestoreOptions::default())
            .await
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(
        err.to_string()
            .contains("does not match it (it records another backup)"),
        "{err}"
    );
    std::fs::remove_file(receipt_of(&b)).unwrap();
    let err =
        f.rc.restore_unlock(&b, RestoreOptions::default())
            .await
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("has no receipt"), "{err}");
    // A receipt that cannot be read is said so, not called missing.
    std::fs::create_dir(receipt_of(&b)).unwrap();
    let err =
        f.rc.restore_unlock(&b, RestoreOptions::default())
            .await
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("cannot be read"), "{err}");
    assert!(f.org.calls().is_empty(), "refused before any call");
    // The queue's own receipt still restores it.
    let q = backup_of(&report, "locked-q");
    let restored =
        f.rc.restore_unlock(&q, RestoreOptions::default())
            .await
            .unwrap();
    assert!(restored.ok(), "{restored}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A re-run of a plan reuses a backup of the same policy (the lock came back, the same
/// text): the receipt the first run left vouches for that run's change, not for this
/// one, so it is removed before the new attempt. When this attempt then finds the policy
/// gone (a colleague's fix), the backup has no receipt and does not restore over it. The
/// reused backup is made private too.
#[tokio::test]
async fn a_rerun_does_not_inherit_an_earlier_runs_receipt() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("rerun-receipt");
    let options = || backups_in(&dir);
    let first = f.rc.apply_unlock(&plan, options()).await.unwrap();
    assert!(first.ok(), "{first}");
    let backup = backup_of(&first, "locked-a");
    assert!(receipt_of(&backup).exists());
    // The same lock comes back; the backup's mode was widened meanwhile.
    f.org
        .put_bucket_policy(&f.a, "locked-a", Some(LOCK))
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // Run 2 reads the policy (the lock, as planned), reuses the backup, and reads
    // once more right before the change: the colleague's fix lands in between.
    let rc = fixing_colleague(&f.org, f.a, "locked-a", backup.clone(), 1);
    let second = rc.apply_unlock(&plan, options()).await.unwrap();
    let result = second.items.iter().find(|i| i.name == "locked-a").unwrap();
    assert_eq!(result.outcome, UnlockOutcome::AlreadyAbsent, "{second}");
    assert_eq!(result.backup_path.as_deref(), backup.to_str(), "reused");
    assert!(
        !receipt_of(&backup).exists(),
        "the first run's receipt is gone"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "made private");
    }
    let err = rc
        .restore_unlock(&backup, RestoreOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a"), None, "the fix stays");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Before a change, apply removes the receipt an earlier run left beside its backup. When
/// that cannot be done (here a directory stands there), the item fails before any change:
/// a change whose receipt could not be trusted is not made.
#[tokio::test]
async fn a_receipt_that_cannot_be_removed_stops_the_item_before_its_change() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("receipt-in-the-way");
    let item = plan.items.iter().find(|i| i.name == "locked-a").unwrap();
    let backup = dir.join(&plan.plan_id).join(format!(
        "{}-s3-{}-locked-a.json",
        item.account_id, item.region
    ));
    let in_the_way = receipt_of(&backup);
    std::fs::create_dir_all(in_the_way.join("something")).unwrap();
    let report = apply_into(&f.rc, &plan, &dir).await;
    assert_eq!(
        result_of(&report, "locked-a").outcome,
        UnlockOutcome::Failed,
        "{report}"
    );
    assert_eq!(
        f.org.bucket_policy(&f.a, "locked-a").as_deref(),
        Some(LOCK),
        "nothing changed"
    );
    assert_eq!(report.count(UnlockOutcome::Unlocked), plan.items.len() - 1);
    let _ = std::fs::remove_dir_all(&dir);
}
