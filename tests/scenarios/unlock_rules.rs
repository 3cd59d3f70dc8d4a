//! The rules around unlocking on the simulator: each root session may call only its own
//! task policy's S3 or SQS actions, a bucket call goes to the bucket's region, and
//! RootSessions off is refused before any AssumeRoot.

use rootctl::sim::SimulatedOrg;
use rootctl::{
    ErrorKind, FindOptions, OrgFeatures, RootS3, RootSessions, RootSqs, Rootctl, Selection,
    SessionDuration, TaskPolicy,
};

use super::unlock::{LOCK, fixture};

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
