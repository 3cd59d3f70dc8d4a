//! The conformance suite: one behavioural contract for every implementation of the
//! boundary traits (feature `conformance`).
//!
//! rootctl's operations are written once against [`Organizations`](crate::Organizations),
//! [`OrgFeaturesApi`](crate::OrgFeaturesApi), [`StsApi`](crate::StsApi) and
//! [`RootIam`](crate::RootIam), [`RootS3`](crate::RootS3) and [`RootSqs`](crate::RootSqs).
//! Each check here states one rule of that contract, as AWS
//! behaves (docs/aws-behaviour.md): paging to the end, each error kind a method can return, deletes
//! that are idempotent as [`Deletion::AlreadyAbsent`](crate::Deletion), account lifecycle
//! states, session expiry, the management account refused as an AssumeRoot target,
//! task-policy scoping, and a few end-to-end rules through a [`Rootctl`](crate::Rootctl).
//! The same functions run against the simulator in `cargo test` and against the real
//! SDK adapters over HTTP on an emulator in CI, so a behaviour the simulator shows is
//! one the adapters show too.
//!
//! A backend is described by a [`Harness`]: it builds the conformance organization
//! ([`LAYOUT`]) and arranges what the traits cannot (root credentials, account states,
//! time). Its [`Backend`] declares, by name, the [`Gap`]s where it is known to differ
//! from AWS; a check affected by a declared gap asserts the backend's documented
//! behaviour instead, or skips naming the gap. [`run`] runs every check and returns a
//! [`Summary`] (passed, skipped by gap, failed) that prints itself.
//!
//! ## Running it against the simulator
//!
//! ```
//! use rootctl::conformance::{self, SimHarness};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let summary = conformance::run(&SimHarness::new()).await;
//! println!("{summary}");
//! summary.assert_conforms();
//! # }
//! ```
//!
//! ## Running it against your own implementation
//!
//! Implement [`Harness`] for your backend: an adapter for another emulator, or a
//! decorator such as a recording client that must not change behaviour. Here, a
//! recording `RootIam` wrapped around the simulator's, checked by the whole suite:
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use std::time::Duration;
//!
//! use async_trait::async_trait;
//! use rootctl::conformance::{self, Backend, Fixture, Harness, HarnessError, Seed, Seeded, SimHarness};
//! use rootctl::{AccountId, AccountState, RootIam, RootSession};
//!
//! /// Counts root-session calls, passing everything through.
//! #[derive(Debug)]
//! struct Recording {
//!     inner: Arc<dyn RootIam>,
//!     calls: Arc<Mutex<u64>>,
//! }
//!
//! impl Recording {
//!     fn count(&self) {
//!         *self.calls.lock().unwrap() += 1;
//!     }
//! }
//!
//! // Every method counts and forwards; only the first is shown.
//! #[async_trait]
//! impl RootIam for Recording {
//!     async fn get_account_summary(&self, s: &RootSession) -> rootctl::Result<rootctl::AccountSummary> {
//!         self.count();
//!         self.inner.get_account_summary(s).await
//!     }
//! #   async fn get_user(&self, s: &RootSession) -> rootctl::Result<rootctl::RootUser> {
//! #       self.count();
//! #       self.inner.get_user(s).await
//! #   }
//! #   async fn get_login_profile(&self, s: &RootSession) -> rootctl::Result<Option<rootctl::LoginProfile>> {
//! #       self.count();
//! #       self.inner.get_login_profile(s).await
//! #   }
//! #   async fn delete_login_profile(&self, s: &RootSession) -> rootctl::Result<rootctl::Deletion> {
//! #       self.count();
//! #       self.inner.delete_login_profile(s).await
//! #   }
//! #   async fn create_login_profile(&self, s: &RootSession) -> rootctl::Result<rootctl::Creation> {
//! #       self.count();
//! #       self.inner.create_login_profile(s).await
//! #   }
//! #   async fn list_access_keys(&self, s: &RootSession) -> rootctl::Result<Vec<rootctl::AccessKey>> {
//! #       self.count();
//! #       self.inner.list_access_keys(s).await
//! #   }
//! #   async fn get_access_key_last_used(&self, s: &RootSession, id: &str) -> rootctl::Result<rootctl::AccessKeyLastUsed> {
//! #       self.count();
//! #       self.inner.get_access_key_last_used(s, id).await
//! #   }
//! #   async fn delete_access_key(&self, s: &RootSession, id: &str) -> rootctl::Result<rootctl::Deletion> {
//! #       self.count();
//! #       self.inner.delete_access_key(s, id).await
//! #   }
//! #   async fn list_signing_certificates(&self, s: &RootSession) -> rootctl::Result<Vec<rootctl::SigningCertificate>> {
//! #       self.count();
//! #       self.inner.list_signing_certificates(s).await
//! #   }
//! #   async fn delete_signing_certificate(&self, s: &RootSession, id: &str) -> rootctl::Result<rootctl::Deletion> {
//! #       self.count();
//! #       self.inner.delete_signing_certificate(s, id).await
//! #   }
//! #   async fn list_mfa_devices(&self, s: &RootSession) -> rootctl::Result<Vec<rootctl::MfaDevice>> {
//! #       self.count();
//! #       self.inner.list_mfa_devices(s).await
//! #   }
//! #   async fn deactivate_mfa_device(&self, s: &RootSession, serial: &str) -> rootctl::Result<rootctl::Deletion> {
//! #       self.count();
//! #       self.inner.deactivate_mfa_device(s, serial).await
//! #   }
//! }
//!
//! /// The simulator's harness, with the recording client in place of its `RootIam`.
//! struct RecordingHarness {
//!     sim: SimHarness,
//!     calls: Arc<Mutex<u64>>,
//! }
//!
//! #[async_trait]
//! impl Harness for RecordingHarness {
//!     fn backend(&self) -> &Backend {
//!         self.sim.backend()
//!     }
//!     async fn fixture(&self) -> Result<Fixture, HarnessError> {
//!         let mut fixture = self.sim.fixture().await?;
//!         fixture.iam = Arc::new(Recording { inner: fixture.iam, calls: self.calls.clone() });
//!         Ok(fixture)
//!     }
//!     async fn seed_credentials(&self, f: &Fixture, a: AccountId, s: Seed) -> Result<Seeded, HarnessError> {
//!         self.sim.seed_credentials(f, a, s).await
//!     }
//!     async fn set_account_state(&self, f: &Fixture, a: AccountId, s: AccountState) -> Result<(), HarnessError> {
//!         self.sim.set_account_state(f, a, s).await
//!     }
//!     async fn create_bucket(&self, f: &Fixture, a: AccountId, n: &str, r: &str, p: Option<&str>) -> Result<(), HarnessError> {
//!         self.sim.create_bucket(f, a, n, r, p).await
//!     }
//!     async fn create_queue(&self, f: &Fixture, a: AccountId, n: &str, r: &str, p: Option<&str>) -> Result<String, HarnessError> {
//!         self.sim.create_queue(f, a, n, r, p).await
//!     }
//!     async fn elapse(&self, by: Duration) {
//!         self.sim.elapse(by).await
//!     }
//!     async fn attach_scp(&self, f: &Fixture, t: &rootctl::PolicyTarget, d: &str) -> Result<String, HarnessError> {
//!         self.sim.attach_scp(f, t, d).await
//!     }
//!     fn served_pages(&self, operation: &'static str) -> Option<Vec<(u32, bool)>> {
//!         self.sim.served_pages(operation)
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let harness = RecordingHarness { sim: SimHarness::new(), calls: Arc::default() };
//! let summary = conformance::run(&harness).await;
//! summary.assert_conforms();
//! assert!(*harness.calls.lock().unwrap() > 0);
//! # }
//! ```
//!
//! Against a server, build the fixture with plain SDK calls (never with the code under
//! test) and declare the server's gaps; rootctl's own CI does this for the fakecloud
//! emulator in `tests/emulator/conformance.rs`, with [`Backend::fakecloud`].

mod backend;
mod checks;
mod harness;
mod report;
mod sim;

pub use backend::{Backend, Gap};
pub use checks::{Check, checks};
pub use harness::{
    Fixture, FixtureAccount, FixtureUnit, Harness, HarnessError, LAYOUT, Layout, Seed, Seeded,
};
pub use report::{Failure, Outcome, Summary, run, run_matching};
pub use sim::SimHarness;

/// The result of one check.
pub type CheckResult = Result<Outcome, Failure>;
