//! [`RootS3`](crate::RootS3) and [`RootSqs`](crate::RootSqs) in unlock root sessions
//! (AWS-NOTES §3), and the unlock operations end to end through a `Rootctl`.

use std::sync::Arc;

use super::{enable_everything, expect_error, session};
use crate::boundary::{RootS3, RootSqs};
use crate::conformance::harness::Fixture;
use crate::conformance::{CheckResult, Failure, Gap, Harness, Outcome};
use crate::error::{Error, ErrorKind};
use crate::model::{AccountId, BucketInfo, TaskPolicy};
use crate::ops::{
    ApplyUnlockOptions, FindOptions, LockStatus, RestoreOptions, RestoreOutcome, Selection,
    UnlockMode, UnlockOutcome,
};

const S3: TaskPolicy = TaskPolicy::S3UnlockBucketPolicy;
const SQS: TaskPolicy = TaskPolicy::SqsUnlockQueuePolicy;

/// A policy that denies everyone everything: the lock the task policies exist for.
const LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;

/// A policy that locks nothing: TLS only.
const TLS_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;

fn s3(f: &Fixture) -> Result<Arc<dyn RootS3>, Failure> {
    f.s3.clone()
        .ok_or_else(|| Failure::new("the fixture has no RootS3"))
}

fn sqs(f: &Fixture) -> Result<Arc<dyn RootSqs>, Failure> {
    f.sqs
        .clone()
        .ok_or_else(|| Failure::new("the fixture has no RootSqs"))
}

/// Whether two policy texts say the same (a service may store them re-formatted).
fn same(a: Option<&str>, b: Option<&str>) -> bool {
    let parse = |t: &str| serde_json::from_str::<serde_json::Value>(t).ok();
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || (parse(a).is_some() && parse(a) == parse(b)),
        _ => false,
    }
}

/// A bucket name unique to the fixture's account.
fn bucket(account: AccountId, what: &str) -> String {
    format!("rootctl-{account}-{what}")
}

/// `ListBuckets` in an unlock session answers every bucket of the account with its own
/// region, and `GetBucketPolicy` (sent to that region) the policy, or none.
pub async fn buckets_are_listed_with_their_regions(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("dev-1");
    let (east, west) = (bucket(member, "east"), bucket(member, "west"));
    h.create_bucket(&f, member, &east, "us-east-1", Some(TLS_ONLY))
        .await?;
    h.create_bucket(&f, member, &west, "eu-west-1", None)
        .await?;
    let s3 = s3(&f)?;
    let s = session(&f, member, S3).await?;
    let mut listed = s3.list_buckets(&s).await?;
    listed.sort();
    let expected = vec![
        BucketInfo {
            name: east.clone(),
            region: "us-east-1".into(),
        },
        BucketInfo {
            name: west.clone(),
            region: "eu-west-1".into(),
        },
    ];
    ensure_eq!(listed, expected, "ListBuckets with BucketRegion");
    let policy = s3.get_bucket_policy(&s, "us-east-1", &east).await?;
    ensure!(
        same(policy.as_deref(), Some(TLS_ONLY)),
        "GetBucketPolicy answered {policy:?}"
    );
    let none = s3.get_bucket_policy(&s, "eu-west-1", &west).await?;
    ensure_eq!(none, None, "GetBucketPolicy of a bucket without a policy");
    Ok(Outcome::Passed)
}

/// Put, read back, delete (twice: S3 answers success when there is none).
pub async fn bucket_policies_are_put_and_deleted(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("dev-2");
    let name = bucket(member, "locked");
    h.create_bucket(&f, member, &name, "eu-west-1", Some(LOCK))
        .await?;
    let s3 = s3(&f)?;
    let s = session(&f, member, S3).await?;
    let read = s3.get_bucket_policy(&s, "eu-west-1", &name).await?;
    ensure!(
        same(read.as_deref(), Some(LOCK)),
        "a locking policy is still readable by root: {read:?}"
    );
    s3.put_bucket_policy(&s, "eu-west-1", &name, TLS_ONLY)
        .await?;
    let read = s3.get_bucket_policy(&s, "eu-west-1", &name).await?;
    ensure!(
        same(read.as_deref(), Some(TLS_ONLY)),
        "after PutBucketPolicy: {read:?}"
    );
    s3.delete_bucket_policy(&s, "eu-west-1", &name).await?;
    ensure_eq!(
        s3.get_bucket_policy(&s, "eu-west-1", &name).await?,
        None,
        "after DeleteBucketPolicy"
    );
    s3.delete_bucket_policy(&s, "eu-west-1", &name).await?;
    Ok(Outcome::Passed)
}

/// A bucket call sent to another region than the bucket's is refused (S3 answers a
/// redirect), so the adapters must send each call to the bucket's own region.
pub async fn bucket_calls_need_the_buckets_region(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("dev-6");
    let name = bucket(member, "west");
    h.create_bucket(&f, member, &name, "eu-west-1", Some(LOCK))
        .await?;
    let s3 = s3(&f)?;
    let s = session(&f, member, S3).await?;
    let wrong = s3.get_bucket_policy(&s, "us-east-1", &name).await;
    if h.backend().has(Gap::BucketRegionNotEnforced) {
        ensure!(
            wrong.is_ok(),
            "the gap says any region serves the bucket, got {wrong:?}"
        );
        return Ok(Outcome::skipped(
            Gap::BucketRegionNotEnforced,
            "any region serves every bucket",
        ));
    }
    ensure!(
        wrong.is_err(),
        "GetBucketPolicy in the wrong region answered {wrong:?}"
    );
    let right = s3.get_bucket_policy(&s, "eu-west-1", &name).await?;
    ensure!(
        same(right.as_deref(), Some(LOCK)),
        "GetBucketPolicy in the bucket's region: {right:?}"
    );
    Ok(Outcome::Passed)
}

/// `ListQueues` answers the queues of the region asked, and only those.
pub async fn queues_are_listed_per_region(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("dev-3");
    let east = h
        .create_queue(&f, member, "jobs-east", "us-east-1", Some(LOCK))
        .await?;
    let west = h
        .create_queue(&f, member, "jobs-west", "eu-west-1", None)
        .await?;
    let sqs = sqs(&f)?;
    let s = session(&f, member, SQS).await?;
    let urls = |q: Vec<crate::model::QueueInfo>| q.into_iter().map(|q| q.url).collect::<Vec<_>>();
    ensure_eq!(
        urls(sqs.list_queues(&s, "us-east-1").await?),
        vec![east.clone()],
        "us-east-1 queues"
    );
    ensure_eq!(
        urls(sqs.list_queues(&s, "eu-west-1").await?),
        vec![west.clone()],
        "eu-west-1 queues"
    );
    let policy = sqs.get_queue_policy(&s, "us-east-1", &east).await?;
    ensure!(
        same(policy.as_deref(), Some(LOCK)),
        "GetQueueAttributes(Policy) answered {policy:?}"
    );
    ensure_eq!(
        sqs.get_queue_policy(&s, "eu-west-1", &west).await?,
        None,
        "a queue without a policy"
    );
    Ok(Outcome::Passed)
}

/// `SetQueueAttributes(Policy)` replaces the policy, and the empty string removes it.
pub async fn queue_policies_are_set_and_emptied(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("dev-4");
    let url = h
        .create_queue(&f, member, "locked", "eu-west-1", Some(LOCK))
        .await?;
    let sqs = sqs(&f)?;
    let s = session(&f, member, SQS).await?;
    sqs.set_queue_policy(&s, "eu-west-1", &url, TLS_ONLY)
        .await?;
    let read = sqs.get_queue_policy(&s, "eu-west-1", &url).await?;
    ensure!(
        same(read.as_deref(), Some(TLS_ONLY)),
        "after SetQueueAttributes: {read:?}"
    );
    sqs.set_queue_policy(&s, "eu-west-1", &url, "").await?;
    ensure_eq!(
        sqs.get_queue_policy(&s, "eu-west-1", &url).await?,
        None,
        "after Policy=\"\""
    );
    Ok(Outcome::Passed)
}

/// An audit or delete session may call no S3 or SQS action; each unlock session only
/// its own service's.
pub async fn unlock_sessions_are_scoped(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("dev-5");
    let name = bucket(member, "scoped");
    h.create_bucket(&f, member, &name, "us-east-1", Some(LOCK))
        .await?;
    let (s3, sqs) = (s3(&f)?, sqs(&f)?);
    if h.backend().has(Gap::TaskPoliciesNotEnforced) {
        // The gap's side, as the backend shows it: an audit session lists buckets.
        let audit = session(&f, member, TaskPolicy::IamAuditRootUserCredentials).await?;
        ensure!(
            s3.list_buckets(&audit).await.is_ok(),
            "the gap says any session may list buckets"
        );
        return Ok(Outcome::skipped(
            Gap::TaskPoliciesNotEnforced,
            "any root session may call S3 and SQS",
        ));
    }
    for policy in [
        TaskPolicy::IamAuditRootUserCredentials,
        TaskPolicy::IamDeleteRootUserCredentials,
        SQS,
    ] {
        let s = session(&f, member, policy).await?;
        expect_error(
            s3.list_buckets(&s).await,
            ErrorKind::AccessDenied,
            &format!("ListBuckets in a {policy} session"),
        )?;
        expect_error(
            s3.delete_bucket_policy(&s, "us-east-1", &name).await,
            ErrorKind::AccessDenied,
            &format!("DeleteBucketPolicy in a {policy} session"),
        )?;
    }
    for policy in [TaskPolicy::IamAuditRootUserCredentials, S3] {
        let s = session(&f, member, policy).await?;
        expect_error(
            sqs.list_queues(&s, "us-east-1").await,
            ErrorKind::AccessDenied,
            &format!("ListQueues in a {policy} session"),
        )?;
    }
    Ok(Outcome::Passed)
}

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
