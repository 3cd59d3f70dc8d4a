//! [`RootS3`](crate::RootS3) and [`RootSqs`](crate::RootSqs) in unlock root sessions,
//! each call as the unlock task policies allow it (docs/safety.md); the operations end to
//! end through a `Rootctl` are in `unlock_flow`.

use std::sync::Arc;

use super::{enable_everything, expect_error, session};
use crate::boundary::{RootS3, RootSqs};
use crate::conformance::harness::Fixture;
use crate::conformance::{CheckResult, Failure, Gap, Harness, Outcome};
use crate::error::ErrorKind;
use crate::model::{AccountId, BucketInfo, TaskPolicy};

pub(super) const S3: TaskPolicy = TaskPolicy::S3UnlockBucketPolicy;
pub(super) const SQS: TaskPolicy = TaskPolicy::SqsUnlockQueuePolicy;

/// A policy that denies everyone everything: the lock the task policies exist for.
pub(super) const LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;

/// A policy that locks nothing: TLS only.
pub(super) const TLS_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;

pub(super) fn s3(f: &Fixture) -> Result<Arc<dyn RootS3>, Failure> {
    f.s3.clone()
        .ok_or_else(|| Failure::new("the fixture has no RootS3"))
}

pub(super) fn sqs(f: &Fixture) -> Result<Arc<dyn RootSqs>, Failure> {
    f.sqs
        .clone()
        .ok_or_else(|| Failure::new("the fixture has no RootSqs"))
}

/// Whether two policy texts say the same (a service may store them re-formatted).
pub(super) fn same(a: Option<&str>, b: Option<&str>) -> bool {
    let parse = |t: &str| serde_json::from_str::<serde_json::Value>(t).ok();
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || (parse(a).is_some() && parse(a) == parse(b)),
        _ => false,
    }
}

/// A bucket name unique to the fixture's account.
pub(super) fn bucket(account: AccountId, what: &str) -> String {
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
