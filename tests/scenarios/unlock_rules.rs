//! The rules around unlocking on the simulator: each root session may call only its own
//! task policy's S3 or SQS actions, a bucket call goes to the bucket's region, and
//! RootSessions off is refused before any AssumeRoot.

use rootctl::sim::SimulatedOrg;
use rootctl::{
    ErrorKind, FindOptions, LockStatus, OrgFeatures, RootS3, RootSqs, Rootctl, Selection,
    SessionDuration, StsApi, TaskPolicy,
};

use super::unlock::{LOCK, find_buckets, fixture};

#[tokio::test]
async fn sessions_may_call_only_their_own_task_policys_actions() {
    let f = fixture();
    let d = SessionDuration::default();
    for policy in [
        TaskPolicy::IamAuditRootUserCredentials,
        TaskPolicy::IamDeleteRootUserCredentials,
        TaskPolicy::SqsUnlockQueuePolicy,
    ] {
        let session = f.org.assume_root(&f.a, policy, d).await.unwrap();
        let err = f.org.list_buckets(&session).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AccessDenied, "{policy}");
        let err = f
            .org
            .delete_bucket_policy(&session, "us-east-1", "locked-a")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AccessDenied, "{policy}");
    }
    for policy in [
        TaskPolicy::IamAuditRootUserCredentials,
        TaskPolicy::S3UnlockBucketPolicy,
    ] {
        let session = f.org.assume_root(&f.a, policy, d).await.unwrap();
        let err = f.org.list_queues(&session, "us-east-1").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AccessDenied, "{policy}");
    }
    // A bucket call sent to another region than the bucket's is refused.
    let s3 = f
        .org
        .assume_root(&f.a, TaskPolicy::S3UnlockBucketPolicy, d)
        .await
        .unwrap();
    let err = f
        .org
        .get_bucket_policy(&s3, "eu-west-1", "locked-a")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("PermanentRedirect"));
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a").as_deref(), Some(LOCK));
}

#[tokio::test]
async fn root_sessions_off_is_refused_before_any_assume_root() {
    let org = SimulatedOrg::builder()
        .members(2)
        .features(OrgFeatures {
            trusted_access: true,
            root_credentials_management: true,
            root_sessions: false,
        })
        .build();
    let rc = Rootctl::simulated(org.clone());
    let err = rc
        .find_locked_resources(&Selection::all(), FindOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::FeatureNotEnabled, "{err}");
    assert!(err.to_string().contains("RootSessions"), "{err}");
    assert!(org.calls().iter().all(|c| c.operation != "AssumeRoot"));
}

/// Red-team finding: a `Deny` to the owning account's principal (`"<owner>"`, or its
/// `:root` ARN) stands for every identity of the account (IAM User Guide, "AWS JSON policy
/// elements: Principal"), so it locks every IAM user and role out of the policy; it was
/// judged open.
#[tokio::test]
async fn a_deny_to_the_owning_account_is_a_lock() {
    let org = SimulatedOrg::builder().members(2).seed(9).build();
    let member = org.members()[0].account.id;
    let by_arn = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"DenyAccount","Effect":"Deny","Principal":{{"AWS":"arn:aws:iam::{member}:root"}},"Action":"s3:*","Resource":["arn:aws:s3:::owner-locked","arn:aws:s3:::owner-locked/*"]}}]}}"#
    );
    let by_id = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Principal":{{"AWS":"{member}"}},"Action":"*","Resource":"*"}}]}}"#
    );
    org.create_bucket(&member, "owner-locked", "us-east-1", Some(&by_arn))
        .unwrap();
    org.create_bucket(&member, "owner-locked-2", "eu-west-1", Some(&by_id))
        .unwrap();
    let rc = Rootctl::simulated(org.clone());
    let found = find_buckets(&rc, member).await;
    assert_eq!(found.resources.len(), 2);
    for r in &found.resources {
        assert_eq!(r.locked, LockStatus::Locked, "{}: {}", r.name, r.reason);
        assert!(r.reason.contains("owning account"), "{}", r.reason);
    }
    // A deny to another account's principals, or to one role of the owner, locks out no
    // one who could change the policy: open.
    let other = r#"{"Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"*","Resource":"*"}]}"#;
    let one_role = format!(
        r#"{{"Statement":[{{"Effect":"Deny","Principal":{{"AWS":"arn:aws:iam::{member}:role/x"}},"Action":"*","Resource":"*"}}]}}"#
    );
    org.put_bucket_policy(&member, "owner-locked", Some(other))
        .unwrap();
    org.put_bucket_policy(&member, "owner-locked-2", Some(&one_role))
        .unwrap();
    let found = find_buckets(&rc, member).await;
    assert!(
        found.resources.iter().all(|r| r.locked == LockStatus::Open),
        "{found}"
    );
}
