//! # rootctl
//!
//! Centralized root access management for AWS Organizations, as a library: check the
//! prerequisites, turn the features on, and audit or remove the root-user credentials of
//! member accounts across a whole organization, safely.
//!
//! The crate is layered (see `DESIGN.md`); data flows top to bottom:
//!
//! 1. [`model`]: plain data: [`AccountId`], [`TaskPolicy`], [`SessionDuration`],
//!    [`OrgFeatures`], [`RootCredentials`], ...
//! 2. [`boundary`]: one small trait per AWS role ([`Organizations`], [`OrgFeaturesApi`],
//!    [`RootSessions`], [`RootIam`]), speaking model types, mockable with mockall.
//! 3. [`aws`]: the real implementations over the AWS SDK for Rust.
//! 4. [`sim`]: [`SimulatedOrg`], an in-process organization that implements every
//!    boundary trait as AWS behaves, with seeded fault injection: for examples,
//!    benchmarks and your own tests, no AWS account needed.
//!
//! Every bad input is a typed [`Error`] before anything reaches AWS:
//!
//! ```
//! use rootctl::{AccountId, Error, SessionDuration, TaskPolicy};
//!
//! let member: AccountId = "111122223333".parse()?;
//! let policy: TaskPolicy = "IAMDeleteRootUserCredentials".parse()?;
//! let duration = SessionDuration::from_secs(300)?;
//! assert_eq!(policy.arn(), "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials");
//! # let _ = (member, duration);
//!
//! let err = "11112222333".parse::<AccountId>().unwrap_err();
//! assert!(matches!(err, Error::InvalidInput { .. }));
//! assert_eq!(
//!     err.to_string(),
//!     r#"invalid account id "11112222333": must be exactly 12 ASCII digits (e.g. "123456789012")"#
//! );
//! # Ok::<(), rootctl::Error>(())
//! ```
//!
//! Talking to AWS goes through the adapters, configured like any AWS SDK program
//! (environment, profiles, SSO, instance metadata); a concrete region is required because
//! `sts:AssumeRoot` is served by regional endpoints only:
//!
//! ```no_run
//! # async fn run() -> rootctl::Result<()> {
//! use rootctl::aws::{AwsClients, AwsOptions};
//! use rootctl::{OrgFeaturesApi, RootSessions};
//!
//! let clients = AwsClients::load(AwsOptions::new("us-east-1")).await?;
//! println!("caller: {}", clients.sts.caller_identity().await?.arn);
//! println!("features: {:?}", clients.features.list_enabled_features().await?);
//! # Ok(())
//! # }
//! ```
//!
//! ## Features
//! - `mock`: mockall mocks of every boundary trait (`MockOrganizations`,
//!   `MockOrgFeaturesApi`, `MockRootSessions`, `MockRootIam`) for your own unit tests.

#![deny(missing_docs)]

pub mod aws;
pub mod boundary;
pub mod client;
pub mod engine;
pub mod error;
pub mod model;
pub mod ops;
pub mod options;
mod rng;
pub mod sim;

#[cfg(any(test, feature = "mock"))]
pub use boundary::{MockOrgFeaturesApi, MockOrganizations, MockRootIam, MockRootSessions};
pub use boundary::{OrgFeaturesApi, Organizations, RootIam, RootSessions};
pub use client::Rootctl;
pub use engine::progress::{ProgressEvent, ProgressFn, ProgressKind};
pub use error::{Error, ErrorContext, ErrorKind, Result, Service};
pub use model::*;
pub use ops::*;
pub use options::{Options, RetryPolicy};
pub use sim::SimulatedOrg;

/// The README's code blocks, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
