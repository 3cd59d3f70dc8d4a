//! The mockall mocks (`mock` feature) stand in for the adapters behind the same
//! `Arc<dyn Trait>` seam, so users can unit-test their own code without AWS.

use std::sync::Arc;

use chrono::Utc;
use mockall::predicate::eq;
use rootctl::{
    AccountId, Deletion, Error, ErrorContext, ErrorKind, MockRootIam, MockStsApi, RootIam,
    RootSession, Service, SessionCredentials, SessionDuration, StsApi, TaskPolicy,
};

#[tokio::test]
async fn mocks_serve_as_trait_objects() {
    let member: AccountId = "222222222222".parse().unwrap();
    let mut sts = MockStsApi::new();
    sts.expect_assume_root()
        .with(
            eq(member),
            eq(TaskPolicy::IamDeleteRootUserCredentials),
            eq(SessionDuration::default()),
        )
        .times(1)
        .returning(|account, policy, _| {
            Ok(RootSession::new(
                *account,
                policy,
                Utc::now(),
                SessionCredentials::new("id", "s", "t"),
            ))
        });
    let mut iam = MockRootIam::new();
    iam.expect_delete_access_key()
        .withf(|_, key| key == "KEYONE")
        .returning(|_, _| Ok(Deletion::AlreadyAbsent));
    iam.expect_delete_login_profile().returning(|session| {
        Err(Error::from_kind(
            ErrorKind::AccessDenied,
            ErrorContext::new(Service::Iam, "DeleteLoginProfile")
                .account(session.account_id())
                .code("AccessDenied"),
            None,
        ))
    });

    let sts: Arc<dyn StsApi> = Arc::new(sts);
    let iam: Arc<dyn RootIam> = Arc::new(iam);
    let session = sts
        .assume_root(
            &member,
            TaskPolicy::IamDeleteRootUserCredentials,
            SessionDuration::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        iam.delete_access_key(&session, "KEYONE").await.unwrap(),
        Deletion::AlreadyAbsent
    );
    let err = iam.delete_login_profile(&session).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AccessDenied);
    assert_eq!(err.account_id(), Some(member));
}
