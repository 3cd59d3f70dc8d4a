//! The unlock operations end to end through a `Rootctl`, over the backend's S3 and SQS:
//! find, plan, apply and restore, and restore's compare-and-swap (docs/safety.md).

use super::unlock::{LOCK, S3, SQS, TLS_ONLY, bucket, s3, same, sqs};
use super::{enable_everything, session};
use crate::conformance::{CheckResult, Failure, Harness, Outcome};
use crate::error::Error;
use crate::ops::{
    ApplyUnlockOptions, FindOptions, LockStatus, RestoreOptions, RestoreOutcome, Selection,
    UnlockMode, UnlockOutcome,
};

/// Through a `Rootctl`: found exactly, a dry run changes nothing, surgery keeps the
/// statement that did not lock, and the backup restores the exact text.
pub async fn unlock_finds_applies_and_restores(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("sandbox-1");
    let partly = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Sid":"LockOut","Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}]}"#;
    let (locked, part, open) = (
        bucket(member, "l"),
        bucket(member, "p"),
        bucket(member, "o"),
    );
    h.create_bucket(&f, member, &locked, "us-east-1", Some(LOCK))
        .await?;
    h.create_bucket(&f, member, &part, "eu-west-1", Some(partly))
        .await?;
    h.create_bucket(&f, member, &open, "us-east-1", Some(TLS_ONLY))
        .await?;
    let queue = h
        .create_queue(&f, member, "locked-q", "eu-west-1", Some(LOCK))
        .await?;
    let rc = f.rootctl();
    let options = FindOptions {
        regions: Some(vec!["us-east-1".into(), "eu-west-1".into()]),
        ..FindOptions::default()
    };
    let found = rc
        .find_locked_resources(&Selection::accounts([member]), options)
        .await?;
    let mut statuses: Vec<(String, LockStatus)> = found
        .resources
        .iter()
        .map(|r| (r.name.clone(), r.locked))
        .collect();
    statuses.sort();
    let mut expected = vec![
        (locked.clone(), LockStatus::Locked),
        (part.clone(), LockStatus::Locked),
        (open.clone(), LockStatus::Open),
        ("locked-q".to_owned(), LockStatus::Locked),
    ];
    expected.sort();
    ensure_eq!(statuses, expected, "what find_locked_resources judged");
    let plan = rc.plan_unlock(&found, UnlockMode::Surgical)?;
    let dir = std::env::temp_dir().join(format!(
        "rootctl-conformance-{}-{}",
        std::process::id(),
        plan.plan_id
    ));
    let dry = ApplyUnlockOptions {
        dry_run: true,
        backup_dir: Some(dir.clone()),
        ..Default::default()
    };
    let report = rc.apply_unlock(&plan, dry).await?;
    ensure_eq!(
        report.count(UnlockOutcome::WouldUnlock),
        3,
        "dry run: {report}"
    );
    let s3 = s3(&f)?;
    let s = session(&f, member, S3).await?;
    let still = s3.get_bucket_policy(&s, "us-east-1", &locked).await?;
    ensure!(
        same(still.as_deref(), Some(LOCK)),
        "a dry run changed {locked}: {still:?}"
    );
    let report = rc
        .apply_unlock(
            &plan,
            ApplyUnlockOptions {
                backup_dir: Some(dir.clone()),
                ..Default::default()
            },
        )
        .await?;
    ensure!(
        report.ok() && report.count(UnlockOutcome::Unlocked) == 3,
        "apply: {report}"
    );
    ensure_eq!(
        s3.get_bucket_policy(&s, "us-east-1", &locked).await?,
        None,
        "the locked bucket's policy"
    );
    let kept = s3.get_bucket_policy(&s, "eu-west-1", &part).await?;
    ensure!(
        same(kept.as_deref(), Some(TLS_ONLY)),
        "surgery kept {kept:?}"
    );
    let q = session(&f, member, SQS).await?;
    ensure_eq!(
        sqs(&f)?.get_queue_policy(&q, "eu-west-1", &queue).await?,
        None,
        "the locked queue's policy"
    );
    for item in &report.items {
        let path = item
            .backup_path
            .clone()
            .ok_or_else(|| Failure::new(format!("no backup for {}", item.name)))?;
        let restored = rc
            .restore_unlock(std::path::Path::new(&path), RestoreOptions::default())
            .await?;
        ensure!(restored.ok(), "restore: {restored}");
    }
    let back = s3.get_bucket_policy(&s, "eu-west-1", &part).await?;
    ensure!(same(back.as_deref(), Some(partly)), "restored {back:?}");
    let _ = std::fs::remove_dir_all(dir);
    Ok(Outcome::Passed)
}

/// `restore_unlock` is a compare-and-swap: a backup goes back over what the unlock left
/// (the queue here), but a policy written since (the bucket's) is refused with both texts
/// and left in place; with `force` the live policy is first backed up to a file of its
/// own (which restores it in turn), then replaced.
pub async fn restore_is_a_compare_and_swap(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("sandbox-2");
    let locked = bucket(member, "cas");
    h.create_bucket(&f, member, &locked, "us-east-1", Some(LOCK))
        .await?;
    let queue = h
        .create_queue(&f, member, "cas-q", "us-east-1", Some(LOCK))
        .await?;
    let rc = f.rootctl();
    let options = FindOptions {
        regions: Some(vec!["us-east-1".into()]),
        ..FindOptions::default()
    };
    let found = rc
        .find_locked_resources(&Selection::accounts([member]), options)
        .await?;
    let plan = rc.plan_unlock(&found, UnlockMode::Delete)?;
    let dir = std::env::temp_dir().join(format!(
        "rootctl-conformance-{}-{}",
        std::process::id(),
        plan.plan_id
    ));
    let apply = ApplyUnlockOptions {
        backup_dir: Some(dir.clone()),
        ..Default::default()
    };
    let report = rc.apply_unlock(&plan, apply).await?;
    ensure!(
        report.ok() && report.count(UnlockOutcome::Unlocked) == 2,
        "apply: {report}"
    );
    let backup = |name: &str| -> Result<std::path::PathBuf, Failure> {
        report
            .items
            .iter()
            .find(|i| i.name == name)
            .and_then(|i| i.backup_path.clone())
            .map(std::path::PathBuf::from)
            .ok_or_else(|| Failure::new(format!("no backup for {name}")))
    };
    // The team writes a new policy on the bucket after the unlock.
    let s3 = s3(&f)?;
    let s = session(&f, member, S3).await?;
    s3.put_bucket_policy(&s, "us-east-1", &locked, TLS_ONLY)
        .await?;
    let refused = rc
        .restore_unlock(&backup(&locked)?, RestoreOptions::default())
        .await?;
    ensure_eq!(
        refused.outcome,
        RestoreOutcome::Refused,
        "restore over a changed policy: {refused}"
    );
    match &refused.error {
        Some(Error::PolicyChanged { change }) => ensure!(
            same(change.live.as_deref(), Some(TLS_ONLY)) && change.expected.is_none(),
            "the refusal's texts: {change:?}"
        ),
        other => {
            return Err(Failure::new(format!(
                "expected PolicyChanged, got {other:?}"
            )));
        }
    }
    let kept = s3.get_bucket_policy(&s, "us-east-1", &locked).await?;
    ensure!(
        same(kept.as_deref(), Some(TLS_ONLY)),
        "a refused restore wrote {kept:?}"
    );
    // The queue is as the unlock left it: restored.
    let restored = rc
        .restore_unlock(&backup("cas-q")?, RestoreOptions::default())
        .await?;
    ensure!(restored.ok(), "restore of an unchanged queue: {restored}");
    let q = session(&f, member, SQS).await?;
    let back = sqs(&f)?.get_queue_policy(&q, "us-east-1", &queue).await?;
    ensure!(
        same(back.as_deref(), Some(LOCK)),
        "the queue's policy: {back:?}"
    );
    // Forced: the team's policy is backed up first, then replaced.
    let force = RestoreOptions {
        force: true,
        ..Default::default()
    };
    let forced = rc.restore_unlock(&backup(&locked)?, force).await?;
    ensure!(forced.ok(), "forced restore: {forced}");
    let saved = forced
        .replaced_backup
        .clone()
        .ok_or_else(|| Failure::new(format!("no backup of the replaced policy: {forced}")))?;
    let saved = crate::ops::PolicyBackup::read(std::path::Path::new(&saved))?;
    ensure!(
        same(Some(&saved.policy), Some(TLS_ONLY)),
        "the replaced policy's backup holds {:?}",
        saved.policy
    );
    let now = s3.get_bucket_policy(&s, "us-east-1", &locked).await?;
    ensure!(same(now.as_deref(), Some(LOCK)), "after force: {now:?}");
    let undo = rc
        .restore_unlock(
            std::path::Path::new(forced.replaced_backup.as_deref().unwrap_or_default()),
            RestoreOptions::default(),
        )
        .await?;
    ensure!(undo.ok(), "restoring the replaced policy: {undo}");
    let _ = std::fs::remove_dir_all(dir);
    Ok(Outcome::Passed)
}
