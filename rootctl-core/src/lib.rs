//! # rootctl
//!
//! Centralized root access management for AWS Organizations, as a library: check the
//! prerequisites, turn the features on, and audit or remove the root-user credentials of
//! member accounts across a whole organization, safely.
//!
//! Everything starts from a [`Rootctl`] client. Build it for real AWS with
//! [`Rootctl::from_env`], for the embedded simulator with [`Rootctl::simulated`], or from
//! mocks with [`Rootctl::new`]. The same code runs on all three.
//!
//! ## A tour
//!
//! The whole workflow, on a simulated organization (this example runs as a test):
//!
//! ```
//! use rootctl::sim::SimulatedOrg;
//! use rootctl::{
//!     ApplyOptions, CredentialKind, EnableOptions, PrerequisiteOptions, RemovalPlan,
//!     Rootctl, Selection,
//! };
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A dozen members in a few OUs, mixed root credentials, nothing enabled yet.
//! let org = SimulatedOrg::example();
//! let rc = Rootctl::simulated(org.clone());
//!
//! // 1. Check: named checks with remediations; trusted access is still off here.
//! let check = rc.check_prerequisites(PrerequisiteOptions::default()).await?;
//! assert!(!check.ok());
//!
//! // 2. Enable: only the missing steps, in AWS order; a second run does nothing.
//! let plan = rc.plan_enable(&EnableOptions::default()).await?;
//! assert_eq!(plan.steps.len(), 3);
//! assert!(rc.enable(&EnableOptions::default()).await?.ok());
//! assert!(rc.plan_enable(&EnableOptions::default()).await?.is_noop());
//! assert!(rc.features().await?.root_credentials_management);
//!
//! // 3. Select: OUs, account ids, tags, exclusions; every other account has a reason.
//! let selected = rc.select_accounts(&Selection::all().exclude_tag("env=prod".parse()?)).await?;
//! assert!(selected.skipped.iter().any(|s| s.account_id == org.management_account_id()));
//!
//! // 4. Audit: one audit-only root session per account.
//! let audit = rc.audit(&Selection::all(), None).await?;
//! assert_eq!(audit.summary.audited, audit.summary.targeted);
//!
//! // 5. Plan: the exact items, as reviewable JSON.
//! let plan = rc.plan_removal(&audit, &CredentialKind::ALL)?;
//! let plan = RemovalPlan::from_json(&plan.to_json())?;
//!
//! // 6. Apply: a dry run changes nothing; the real run removes and re-audits.
//! let dry = ApplyOptions { dry_run: true, ..ApplyOptions::default() };
//! assert_eq!(rc.apply_removal(&plan, dry).await?.summary.removed, 0);
//! let report = rc.apply_removal(&plan, ApplyOptions::default()).await?;
//! assert!(report.ok());
//! assert_eq!(report.summary.removed, plan.item_count());
//!
//! // 7. Recovery: let one member's root user set a password again.
//! let member = selected.targets[0].account_id;
//! assert!(rc.allow_password_recovery(&[member], None).await?.ok());
//! # Ok(())
//! # }
//! ```
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
//! Against AWS, credentials come from the usual chain (environment, profiles, SSO,
//! instance metadata) and a concrete region is required, because `sts:AssumeRoot` is
//! served by regional endpoints only:
//!
//! ```no_run
//! # #[cfg(feature = "aws")]
//! # async fn run() -> rootctl::Result<()> {
//! use rootctl::{Rootctl, Selection};
//!
//! let rc = Rootctl::from_env("us-east-1").await?;
//! println!("{}", rc.audit(&Selection::all(), None).await?);
//! # Ok(())
//! # }
//! ```
//!
//! ## Layers
//!
//! Data flows top to bottom, and a module names only modules of its own layer or above
//! it in this list, never round a cycle; the operations name only operations before
//! them in one declared order. `tests/layers.rs` checks all of it on every `crate::`,
//! `super::` and `self::` path, and checks that the Python bindings name only the public
//! surface.
//!
//! 1. [`model`] (with [`error`], which is part of it), [`options`]: plain data:
//!    [`AccountId`], [`TaskPolicy`], [`SessionDuration`], [`OrgFeatures`],
//!    [`RootCredentials`], the [`Error`] type and the table of AWS error codes,
//!    [`Options`]; [`scp`], the policy language of service and resource control
//!    policies and AWS's evaluation of it.
//! 2. [`boundary`]: one small trait per AWS role ([`Organizations`], [`OrgFeaturesApi`],
//!    [`StsApi`], [`RootIam`], [`RootS3`], [`RootSqs`]), speaking model types,
//!    mockable with mockall.
//! 3. The two implementations of the boundary, which never name each other: [`aws`]
//!    (feature `aws`), the real adapters over the AWS SDK for Rust (the one place SDK
//!    errors are classified), and [`sim`], [`SimulatedOrg`], an in-process organization that
//!    behaves as AWS does, with seeded fault injection, for examples, benchmarks and
//!    your own tests.
//! 4. [`engine`]: the [`Rootctl`] type and the plumbing every operation shares:
//!    concurrency, rate limiting, retries, session renewal, progress, the journal.
//! 5. [`ops`]: the operations, each an `impl Rootctl` block in its own module, with its
//!    plans and reports.
//! 6. [`client`]: how a [`Rootctl`] is built: for AWS, for the simulator, from mocks.
//! 7. [`conformance`] (feature `conformance`): the behavioural contract of layer 2, as
//!    checks to run against layer 3 or your own implementation.
//!
//! ## Features
//! - `aws` (default): [`aws`], the adapters over the AWS SDK for Rust, with
//!   `Rootctl::from_env` and `Rootctl::from_aws`; it is the only feature that brings in
//!   the AWS SDK crates. Without it (`default-features = false`) the crate builds the
//!   model, the simulator, the engine and every operation, enough to test your code on
//!   [`Rootctl::simulated`] or on mocks.
//! - `conformance` (default): [`conformance`], the behavioural contract of the boundary
//!   traits as check functions, to run against the simulator, an emulator, or your own
//!   implementation.
//! - `mock`: mockall mocks of every boundary trait (`MockOrganizations`,
//!   `MockOrgFeaturesApi`, `MockStsApi`, `MockRootIam`, `MockRootS3`, `MockRootSqs`,
//!   `MockAccountManagement`) for your own unit tests.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "aws")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws")))]
pub mod aws;
pub mod boundary;
mod bucket;
pub mod client;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod engine;
pub mod evidence;
pub mod model;
pub mod ops;
pub mod options;
mod rng;
pub mod scp;
pub mod sim;
mod strict_json;

pub use boundary::{
    AccountManagement, OrgFeaturesApi, Organizations, RootIam, RootS3, RootSqs, StsApi,
};
#[cfg(any(test, feature = "mock"))]
pub use boundary::{
    MockAccountManagement, MockOrgFeaturesApi, MockOrganizations, MockRootIam, MockRootS3,
    MockRootSqs, MockStsApi,
};
// The STS boundary was called `RootSessions`, the name of an organization feature as well
// (`OrgFeature::RootSessions`); the old names stay so code written against them builds.
#[doc(hidden)]
pub use boundary::StsApi as RootSessions;
/// The old name of [`MockStsApi`].
#[cfg(any(test, feature = "mock"))]
#[deprecated(note = "renamed MockStsApi: RootSessions is also the name of a feature")]
pub type MockRootSessions = MockStsApi;
pub use client::Rootctl;
pub use engine::progress::{ProgressEvent, ProgressFn, ProgressKind};
pub use error::{Error, ErrorContext, ErrorKind, PolicyChange, Result, Service};
// The error type is part of the model (an error carries account ids, and parsing an
// account id fails with an error); its module is `rootctl::error` as well.
#[doc(inline)]
pub use model::error;
// The model (layer 1), name by name.

// Accounts, the organization and its features.
pub use model::{
    ACCOUNT_SERVICE_PRINCIPAL, Account, AccountId, AccountRegion, AccountState, CallerIdentity,
    DelegatedAdministrator, FeatureSet, IAM_SERVICE_PRINCIPAL, OrgFeature, OrgFeatures,
    Organization, OrganizationalUnit, ParentId, Partition, RegionOptStatus, Root, Tags,
    check_region_name,
};

// Root credentials, their kinds, and what removing one did.
pub use model::{
    AccessKey, AccessKeyLastUsed, AccountSummary, Creation, CredentialKind, CredentialKindSpec,
    CredentialStatus, Deletion, LoginProfile, MfaDevice, MfaKind, RootCredentials, RootUser,
    SigningCertificate,
};

// Root sessions and the task policies that scope them.
pub use model::{
    RootSession, SessionCredentials, SessionDuration, TASK_POLICY_ARN_PREFIX, TaskPolicy,
};

// Policies: organization policies, resource policies and their resources.
pub use model::{
    BucketInfo, Policy, PolicySummary, PolicyTarget, PolicyType, QueueInfo, ResourceService,
    RootTask,
};

// A point in time, always UTC.
pub use model::Timestamp;

// The operations (layer 5), grouped by operation, with their options, plans and reports.

// The operations' public modules (the least-privilege IAM policy generator; unlocking's
// parts).
pub use ops::{least_privilege, unlock};
// The generator's module was `policy`, a name four modules shared; the old path stays.
#[doc(hidden)]
pub use ops::least_privilege as policy;

// Prerequisites.
pub use ops::{CallerRole, Check, CheckStatus, PrerequisiteOptions, PrerequisiteReport};

// Enabling and disabling the organization features.
pub use ops::{
    ChangePlan, ChangeReport, DisableOptions, DisablePlan, DisableReport, DisableStep,
    EnableOptions, EnablePlan, EnableReport, EnableStep, StepOutcome, StepResult,
};

// Selecting accounts.
pub use ops::{SelectedAccounts, Selection, SkipReason, Skipped, TagFilter, Target};

// Auditing.
pub use ops::{AccountAudit, AuditReport, AuditSummary};

// Removing root credentials: the plan, its checks, and the report.
pub use ops::{
    AccountRemoval, AccountRemovalPlan, ApplyOptions, CLOCK_SKEW_ALLOWANCE, DEFAULT_MAX_PLAN_AGE,
    ItemOutcome, ItemResult, NotPlanned, PLAN_FORMAT_VERSION, RemovalItem, RemovalPlan,
    RemovalReport, RemovalSummary,
};

// Letting a root user recover its password.
pub use ops::{AccountRecovery, RecoveryOutcome, RecoveryReport};

// What the service control policies let the caller and each member do.
pub use ops::{AccountScps, CallerScps, ScpFinding, ScpReport, ScpSide, ScpSummary};

// Unlocking the resource policies that lock everyone out.
pub use ops::{
    AccountSearch, ApplyUnlockOptions, FindOptions, FindReport, FoundResource, LockStatus,
    NotUnlocked, PolicyBackup, RestoreOptions, RestoreOutcome, RestoreResult, UnlockItem,
    UnlockMode, UnlockOutcome, UnlockPlan, UnlockReport, UnlockResult,
};

// Enforcement: keeping every member's root credentials removed.
pub use ops::{
    AccountEnforcement, ApplyEnforcementOptions, EVENT_NAMES, EXCEPTION_KEYS, EnforceOptions,
    EnforcementPolicy, EnforcementReport, EnforcementStatus, EnforcementSummary, EventTrigger,
    ExceptionState, POLICY_KEYS, PolicyException,
};

// Evidence (layer 6): findings for Security Hub (ASFF) and SIEMs (OCSF).
pub use evidence::findings::{
    ASFF_SCHEMA_VERSION, AsffLimits, Finding, FindingSource, FindingStatus, FindingSubject,
    OCSF_VERSION, Severity,
};

pub use options::{
    Concurrency, DEFAULT_MAX_CONCURRENCY, INITIAL_CONCURRENCY, MIN_ASSUME_ROOT_RATE, Options,
    RetryPolicy,
};
pub use sim::SimulatedOrg;

/// The README's code blocks, compiled as doctests so they cannot rot (with the default
/// features, which the README's readers have). Only in the repository: `build.rs` sets
/// `readme_doctests` where the README is.
#[cfg(all(doctest, feature = "aws", readme_doctests))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
