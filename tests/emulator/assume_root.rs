//! `sts:AssumeRoot` refusals through the real STS adapter: a target outside the
//! organization, and the features off (directly and as an audit sees it).

use rootctl::aws::AwsClients;
use rootctl::{
    AccountId, EnableOptions, ErrorKind, RootSession, Selection, SessionDuration, StsApi,
    TaskPolicy,
};

use secrecy::ExposeSecret;

use crate::support::{Emulator, NewAccount};

/// A five-minute audit session in `account`, straight from the STS adapter.
async fn audit_session(clients: &AwsClients, account: &AccountId) -> rootctl::Result<RootSession> {
    let five_minutes = SessionDuration::from_secs(300).expect("a valid duration");
    clients
        .sts
        .assume_root(
            account,
            TaskPolicy::IamAuditRootUserCredentials,
            five_minutes,
        )
        .await
}

/// What every refusal here must look like: classified by code, not retryable, and
/// carrying the operation and the target account.
fn assert_refused(err: &rootctl::Error, target: AccountId) {
    assert_eq!(err.kind(), ErrorKind::AccessDenied, "{err}");
    assert_eq!(err.code(), Some("AccessDenied"), "{err}");
    assert!(!err.is_retryable(), "{err}");
    assert_eq!(err.account_id(), Some(target), "{err}");
    let context = err.context().expect("a context");
    assert_eq!(context.operation, "AssumeRoot");
    assert_eq!(context.http_status, Some(403));
}

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn assume_root_is_refused_while_the_features_are_off() {
    let emu = Emulator::start("assume_root_is_refused_while_the_features_are_off").await;
    let org = emu.create_organization().await;
    let members = emu
        .create_accounts(&org, &[NewAccount::new("a"), NewAccount::new("b")])
        .await;
    let clients = emu.clients().await;

    let err = audit_session(&clients, &members[0])
        .await
        .expect_err("features are off");
    assert_refused(&err, members[0]);

    // An audit meets the same refusal on every account and reports it per account.
    let report = emu
        .rootctl()
        .await
        .audit(&Selection::all(), None)
        .await
        .expect("the audit itself runs");
    assert_eq!(report.summary.targeted, 2);
    assert_eq!(report.summary.failed, 2);
    for audit in &report.accounts {
        assert_refused(audit.error.as_ref().expect("refused"), audit.account_id);
    }

    // Gap 6: RootCredentialsManagement alone is enough for an audit session on AWS; the
    // emulator still refuses until RootSessions is on too.
    let rootctl = emu.rootctl().await;
    let only_audit = EnableOptions {
        root_sessions: false,
        ..EnableOptions::default()
    };
    assert!(rootctl.enable(&only_audit).await.expect("enable").ok());
    let err = audit_session(&clients, &members[0])
        .await
        .expect_err("refused without RootSessions (gap 6)");
    assert_refused(&err, members[0]);
}

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn assume_root_is_refused_for_a_target_outside_the_organization() {
    let emu = Emulator::start("assume_root_is_refused_for_a_target_outside_the_organization").await;
    let org = emu.create_organization().await;
    let members = emu
        .create_accounts(&org, &[NewAccount::new("member")])
        .await;
    emu.enabled_rootctl().await;
    let clients = emu.clients().await;

    // The control: a member account gets a session, for the duration asked.
    let before = chrono::Utc::now();
    let session = audit_session(&clients, &members[0])
        .await
        .expect("a member account");
    assert_eq!(session.account_id(), members[0]);
    assert_eq!(
        session.task_policy(),
        TaskPolicy::IamAuditRootUserCredentials
    );
    let lifetime = session.expires_at() - before;
    assert!(
        lifetime > chrono::Duration::seconds(240) && lifetime <= chrono::Duration::seconds(301),
        "{lifetime}"
    );
    // The emulator's secrets stay out of the session's Debug output.
    let debug = format!("{session:?}");
    let credentials = session.credentials();
    assert!(!debug.contains(credentials.secret_access_key().expose_secret()));
    assert!(!debug.contains(credentials.session_token().expose_secret()));

    let stranger: AccountId = "999999999999".parse().expect("an id");
    let err = audit_session(&clients, &stranger)
        .await
        .expect_err("not a member");
    assert_refused(&err, stranger);
}
