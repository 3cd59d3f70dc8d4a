//! Adapter tests: the real SDK clients, driven through rootctl's adapters against canned
//! HTTP responses. They prove request shape (no `UserName` in root sessions, AssumeRoot
//! parameters), pagination to the end, and error classification by code.

mod account;
mod canned;
mod failures;
mod features;
mod iam;
#[cfg(feature = "mock")]
mod mocks;
mod organizations;
mod pool;
mod secrets;
mod sts;

use rootctl::aws::AwsClients;
use rootctl::{RootSession, SessionDuration, StsApi, TaskPolicy};

use canned::{Canned, Recorded, Reply};

/// Adapters whose every request is answered by `handler`.
pub fn clients(
    handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
) -> (AwsClients, Canned) {
    let canned = Canned::new(handler);
    let clients = AwsClients::from_sdk_config(&canned.sdk_config()).expect("region is set");
    (clients, canned)
}

/// [`clients`] in `region`.
pub fn clients_in(
    region: &'static str,
    handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
) -> (AwsClients, Canned) {
    let canned = Canned::new(handler);
    let clients = AwsClients::from_sdk_config(&canned.sdk_config_in(region)).expect("region");
    (clients, canned)
}

/// The member account the STS tests assume root in.
pub const MEMBER: &str = "222222222222";

/// An audit session of the default length in [`MEMBER`], through the real STS adapter.
pub async fn audit_session(clients: &AwsClients) -> rootctl::Result<RootSession> {
    clients
        .sts
        .assume_root(
            &MEMBER.parse().expect("an account id"),
            TaskPolicy::IamAuditRootUserCredentials,
            SessionDuration::default(),
        )
        .await
}
