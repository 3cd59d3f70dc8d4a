//! Engine decisions through the public operations, with mockall mocks of every boundary:
//! what is retried and what is final, and re-assuming expired sessions. The fixture here
//! (a mocked organization of two accounts, a full inventory) serves `removal` too.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use mockall::Sequence;
use mockall::predicate::eq;

use crate::error::{Error, ErrorContext, ErrorKind, Service};
use crate::model::{
    AccountId, AccountSummary, CallerIdentity, CredentialKind, Deletion, RootSession,
    SessionCredentials, TaskPolicy,
};
mod removal;

use super::fixtures::{MANAGEMENT, MEMBER, id, organization_of_two};

use crate::{
    ApplyOptions, MockOrgFeaturesApi, MockOrganizations, MockRootIam, MockStsApi, Options,
    RemovalPlan, RemovalReport, RetryPolicy, Rootctl, Selection,
};

fn aws_error(kind: ErrorKind, operation: &'static str) -> Error {
    Error::from_kind(
        kind,
        ErrorContext::new(Service::Iam, operation).account(id(MEMBER)),
        None,
    )
}

/// An organization of the management account and one member, under the root.
fn organizations() -> MockOrganizations {
    organization_of_two(Vec::new())
}

fn sessions() -> MockStsApi {
    let mut sts = MockStsApi::new();
    sts.expect_caller_identity().returning(|| {
        Ok(CallerIdentity {
            account_id: id(MANAGEMENT),
            arn: "arn:aws:iam::111111111111:role/Admin".into(),
            user_id: "AROA".into(),
        })
    });
    sts
}

fn session_for(account: &AccountId, policy: TaskPolicy, n: usize) -> RootSession {
    RootSession::new(
        *account,
        policy,
        Utc::now() + TimeDelta::seconds(900),
        SessionCredentials::new(format!("SESSION{n}"), "secret", "token"),
    )
}

fn client(orgs: MockOrganizations, sts: MockStsApi, iam: MockRootIam) -> Rootctl {
    Rootctl::new(
        Arc::new(orgs),
        Arc::new(MockOrgFeaturesApi::new()),
        Arc::new(sts),
        Arc::new(iam),
    )
    .with_options(Options {
        retry: RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
        },
        ..Options::default()
    })
    .unwrap()
}

/// An inventory with one of each: password, key K1, certificate C1, MFA device, and
/// the matching account summary and last-use answers an audit reads.
fn full_inventory(iam: &mut MockRootIam) {
    iam.expect_get_account_summary().returning(|_| {
        Ok(AccountSummary {
            password_present: true,
            access_keys_present: 1,
            signing_certificates_present: 1,
            mfa_enabled: true,
        })
    });
    iam.expect_get_access_key_last_used()
        .returning(|_, _| Ok(crate::AccessKeyLastUsed::default()));
    iam.expect_get_login_profile().returning(|_| {
        // A fixed date: it identifies the password between the audit and the apply.
        Ok(Some(crate::LoginProfile {
            created: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
            password_reset_required: false,
        }))
    });
    iam.expect_list_access_keys().returning(|_| {
        Ok(vec![crate::AccessKey {
            id: "K1".into(),
            status: crate::CredentialStatus::Active,
            created: None,
            last_used: None,
        }])
    });
    iam.expect_list_signing_certificates().returning(|_| {
        Ok(vec![crate::SigningCertificate {
            id: "C1".into(),
            status: crate::CredentialStatus::Active,
            uploaded: None,
        }])
    });
    iam.expect_list_mfa_devices()
        .returning(|_| Ok(vec![crate::MfaDevice::new("GAHT12345678", None)]));
}

/// Applies `plan` without the verifying audit.
async fn apply_unverified(rc: &Rootctl, plan: &RemovalPlan) -> RemovalReport {
    rc.apply_removal(
        plan,
        ApplyOptions {
            verify: false,
            ..ApplyOptions::default()
        },
    )
    .await
    .unwrap()
}

async fn plan_everything(rc: &Rootctl) -> RemovalPlan {
    let audit = rc.audit(&Selection::all(), None).await.unwrap();
    assert!(audit.ok(), "{audit}");
    rc.plan_removal(&audit, &CredentialKind::ALL).unwrap()
}

#[tokio::test]
async fn retryable_errors_are_retried_and_final_ones_are_not() {
    let mut sts = sessions();
    sts.expect_assume_root()
        .returning(|a, p, _| Ok(session_for(a, p, 0)));
    let mut iam = MockRootIam::new();
    let mut order = Sequence::new();
    iam.expect_get_account_summary()
        .times(2)
        .in_sequence(&mut order)
        .returning(|_| Err(aws_error(ErrorKind::Throttled, "GetAccountSummary")));
    iam.expect_get_account_summary()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(AccountSummary::default()));
    iam.expect_get_login_profile().returning(|_| Ok(None));
    // A final error is not retried: exactly one call, and the account fails with it.
    iam.expect_list_access_keys()
        .times(1)
        .returning(|_| Err(aws_error(ErrorKind::AccessDenied, "ListAccessKeys")));
    let rc = client(organizations(), sts, iam);
    let report = rc.audit(&Selection::all(), None).await.unwrap();
    let audit = report.account(&id(MEMBER)).unwrap();
    assert_eq!(
        audit.error.as_ref().unwrap().kind(),
        ErrorKind::AccessDenied
    );
    assert_eq!(report.summary.failed, 1);
}

/// The error the audit reports for the member when AssumeRoot always fails with `kind`,
/// after exactly `attempts` attempts, under `options` (the client's own when `None`).
async fn audit_error_after(
    kind: ErrorKind,
    attempts: usize,
    options: Option<Options>,
) -> ErrorKind {
    let mut sts = sessions();
    sts.expect_assume_root()
        .times(attempts)
        .returning(move |_, _, _| Err(aws_error(kind, "AssumeRoot")));
    let mut rc = client(organizations(), sts, MockRootIam::new());
    if let Some(options) = options {
        rc = rc.with_options(options).unwrap();
    }
    let report = rc.audit(&Selection::all(), None).await.unwrap();
    report.accounts[0].error.as_ref().unwrap().kind()
}

#[tokio::test]
async fn retries_stop_at_max_attempts() {
    // Under a fixed pace, a throttled AssumeRoot gets the policy's 4 attempts.
    let options = Options {
        assume_root_rate: Some(1_000.0),
        ..client(organizations(), MockStsApi::new(), MockRootIam::new())
            .options()
            .clone()
    };
    assert_eq!(
        audit_error_after(ErrorKind::Throttled, 4, Some(options)).await,
        ErrorKind::Throttled
    );
}

#[tokio::test]
async fn under_the_adaptive_pace_throttling_gets_four_times_the_attempts() {
    // The pace learns from throttling, so a throttled AssumeRoot is tried 16 times; a
    // different retryable error still stops at 4.
    assert_eq!(
        audit_error_after(ErrorKind::Throttled, 16, None).await,
        ErrorKind::Throttled
    );
    assert_eq!(
        audit_error_after(ErrorKind::ServiceFailure, 4, None).await,
        ErrorKind::ServiceFailure
    );
}

#[tokio::test]
async fn an_expired_session_is_assumed_again_and_the_call_repeated() {
    let mut sts = sessions();
    let mut assumed = 0;
    sts.expect_assume_root()
        .with(
            eq(id(MEMBER)),
            mockall::predicate::always(),
            mockall::predicate::always(),
        )
        .times(3) // audit, delete, delete again after expiry
        .returning(move |a, p, _| {
            assumed += 1;
            Ok(session_for(a, p, assumed))
        });
    let mut iam = MockRootIam::new();
    iam.expect_get_account_summary().returning(|_| {
        Ok(AccountSummary {
            password_present: false,
            access_keys_present: 1,
            signing_certificates_present: 0,
            mfa_enabled: false,
        })
    });
    iam.expect_get_login_profile().returning(|_| Ok(None));
    iam.expect_list_access_keys().returning(|_| {
        Ok(vec![crate::AccessKey {
            id: "K1".into(),
            status: crate::CredentialStatus::Active,
            created: None,
            last_used: None,
        }])
    });
    iam.expect_get_access_key_last_used()
        .returning(|_, _| Ok(crate::AccessKeyLastUsed::default()));
    iam.expect_list_signing_certificates()
        .returning(|_| Ok(vec![]));
    iam.expect_list_mfa_devices().returning(|_| Ok(vec![]));
    let mut order = Sequence::new();
    iam.expect_delete_access_key()
        .times(1)
        .in_sequence(&mut order)
        .withf(|s, key| s.credentials().access_key_id() == "SESSION2" && key == "K1")
        .returning(|_, _| Err(aws_error(ErrorKind::SessionExpired, "DeleteAccessKey")));
    iam.expect_delete_access_key()
        .times(1)
        .in_sequence(&mut order)
        .withf(|s, key| s.credentials().access_key_id() == "SESSION3" && key == "K1")
        .returning(|_, _| Ok(Deletion::Deleted));
    let rc = client(organizations(), sts, iam);
    let plan = plan_everything(&rc).await;
    let report = apply_unverified(&rc, &plan).await;
    assert_eq!(report.summary.removed, 1, "{report}");
}

#[tokio::test]
async fn one_accounts_audit_keeps_the_cross_checks_warning() {
    let mut sts = sessions();
    sts.expect_assume_root()
        .returning(|a, p, _| Ok(session_for(a, p, 0)));
    let mut iam = MockRootIam::new();
    // The summary counts a password the lists do not find.
    iam.expect_get_account_summary().returning(|_| {
        Ok(AccountSummary {
            password_present: true,
            ..AccountSummary::default()
        })
    });
    iam.expect_get_login_profile().returning(|_| Ok(None));
    iam.expect_list_access_keys().returning(|_| Ok(vec![]));
    iam.expect_list_signing_certificates()
        .returning(|_| Ok(vec![]));
    iam.expect_list_mfa_devices().returning(|_| Ok(vec![]));
    let rc = client(organizations(), sts, iam);
    let audit = rc.account_credentials(id(MEMBER)).await.unwrap();
    assert_eq!(audit.account_id, id(MEMBER));
    assert!(audit.credentials.unwrap().is_empty());
    assert_eq!(audit.warnings.len(), 1, "{:?}", audit.warnings);
    assert!(audit.warnings[0].contains("AccountPasswordPresent"));
}
