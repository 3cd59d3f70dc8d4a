//! [`Rootctl`], the client's state: the four AWS boundaries, the [`Options`] and the
//! AssumeRoot rate limit shared by clones, with the plumbing every operation shares
//! (retried single calls, the caller, the state of centralized root access).
//!
//! The type lives here, below the operations, so that imports point down: the ops layer
//! adds the operations in `impl Rootctl` blocks of its own modules, and the client layer
//! adds the constructors for real AWS and the simulator.

use std::future::Future;
use std::sync::Arc;

use super::progress::ProgressFn;
use super::retry::retry;
use super::{Limits, Run};
use crate::boundary::{
    AccountManagement, OrgFeaturesApi, Organizations, RootIam, RootS3, RootSqs, StsApi,
};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    CallerIdentity, DelegatedAdministrator, IAM_SERVICE_PRINCIPAL, OrgFeature, Partition,
};
use crate::options::Options;

/// The rootctl client: the four AWS boundaries plus [`Options`].
///
/// Build it for real AWS with [`Rootctl::from_env`], for the embedded simulator with
/// [`Rootctl::simulated`], or from any implementations of the boundary traits (mocks in
/// your tests) with [`Rootctl::new`]. Cloning is cheap, and clones share the concurrency
/// limit and the AssumeRoot pace (adaptive ones included, with what they learnt).
#[derive(Clone, Debug)]
pub struct Rootctl {
    pub(crate) organizations: Arc<dyn Organizations>,
    pub(crate) features: Arc<dyn OrgFeaturesApi>,
    pub(crate) sts: Arc<dyn StsApi>,
    pub(crate) iam: Arc<dyn RootIam>,
    /// S3 and SQS in root sessions, for the unlock operations; `None` until
    /// [`Rootctl::with_resource_policies`] sets them.
    pub(crate) resource_policies: Option<(Arc<dyn RootS3>, Arc<dyn RootSqs>)>,
    /// AWS Account Management, for the regions of each member the unlock search lists
    /// queues in; `None` until [`Rootctl::with_account_management`] sets it (then the
    /// search falls back to the client's region and says so).
    pub(crate) account_management: Option<Arc<dyn AccountManagement>>,
    options: Options,
    region: Option<String>,
    limits: Limits,
}

impl Rootctl {
    /// A client over the given implementations, with default [`Options`].
    pub fn new(
        organizations: Arc<dyn Organizations>,
        features: Arc<dyn OrgFeaturesApi>,
        sts: Arc<dyn StsApi>,
        iam: Arc<dyn RootIam>,
    ) -> Self {
        Self {
            organizations,
            features,
            sts,
            iam,
            limits: Limits::new(&Options::default()),
            resource_policies: None,
            account_management: None,
            options: Options::default(),
            region: None,
        }
    }

    /// Adds the S3 and SQS boundaries the unlock operations
    /// ([`find_locked_resources`](Rootctl::find_locked_resources) and the rest) need.
    /// [`Rootctl::from_env`] and [`Rootctl::simulated`] set them already.
    pub fn with_resource_policies(mut self, s3: Arc<dyn RootS3>, sqs: Arc<dyn RootSqs>) -> Self {
        self.resource_policies = Some((s3, sqs));
        self
    }

    /// Adds AWS Account Management, which lets
    /// [`find_locked_resources`](Rootctl::find_locked_resources) list queues in every
    /// region each member has enabled (`account:ListRegions`). [`Rootctl::from_env`] and
    /// [`Rootctl::simulated`] set it already.
    pub fn with_account_management(mut self, account: Arc<dyn AccountManagement>) -> Self {
        self.account_management = Some(account);
        self
    }

    /// Replaces the options, after checking them.
    pub fn with_options(mut self, options: Options) -> Result<Self> {
        options.validate()?;
        self.limits = Limits::new(&options);
        self.options = options;
        Ok(self)
    }

    /// Records the AWS region the clients use (shown by the prerequisite check).
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// How many accounts may be in flight now: the fixed number, or what the adaptive
    /// limit has learnt so far (it starts at
    /// [`INITIAL_CONCURRENCY`](crate::INITIAL_CONCURRENCY)).
    pub fn concurrency_limit(&self) -> usize {
        self.limits.concurrency.current()
    }

    /// The AssumeRoot pace in force, in calls per second: the fixed one, or what the
    /// adaptive pace has learnt (`None` until AWS first throttled AssumeRoot).
    pub fn assume_root_pace(&self) -> Option<f64> {
        self.limits.assume_root.rate()
    }

    /// The AWS region, when known.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The partition of [`Rootctl::region`] (`aws` when no region is known): the one
    /// every ARN rootctl writes for this client names.
    pub fn partition(&self) -> Partition {
        self.region().map_or(Partition::Aws, Partition::from_region)
    }

    /// The engine context for one run of `operation`.
    pub(crate) fn run(&self, operation: &'static str, progress: Option<ProgressFn>) -> Run {
        Run::new(
            operation,
            Arc::clone(&self.sts),
            Arc::clone(&self.iam),
            self.options.clone(),
            self.limits.clone(),
            progress,
        )
    }

    /// Runs one AWS call under the client's retry policy: retryable errors only
    /// (throttling, 5xx, transport), each retry logged.
    ///
    /// Enable and disable retry their changes too. That is safe because each of their
    /// calls sets a state rather than adding to one: repeating one that did take effect
    /// changes nothing, or answers "already registered" or "not registered", which count
    /// as done.
    pub(crate) async fn with_retries<T, F, Fut>(
        &self,
        operation: &'static str,
        call: F,
    ) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let on_retry = |err: &Error, retry: u32, delay| {
            tracing::debug!(operation, retry, ?delay, error = %err, "retrying");
        };
        retry(&self.options().retry, on_retry, call).await
    }

    /// Whether trusted access for `iam.amazonaws.com` is enabled.
    pub(crate) async fn trusted_access(&self) -> Result<bool> {
        let principals = self
            .with_retries("ListAWSServiceAccessForOrganization", || {
                self.organizations.list_service_access()
            })
            .await?;
        Ok(principals.iter().any(|p| p == IAM_SERVICE_PRINCIPAL))
    }

    /// The organization features enabled; none while trusted access is off.
    pub(crate) async fn enabled_features(&self) -> Result<Vec<OrgFeature>> {
        match self
            .with_retries("ListOrganizationsFeatures", || {
                self.features.list_enabled_features()
            })
            .await
        {
            Err(err) if err.kind() == ErrorKind::TrustedAccessNotEnabled => Ok(Vec::new()),
            other => other,
        }
    }

    /// The accounts registered as IAM delegated administrator.
    ///
    /// Registering one needs trusted access (docs/aws-behaviour.md#org-features), so with it off there is none
    /// and the call is not made.
    pub(crate) async fn iam_delegated_admins(
        &self,
        trusted_access: bool,
    ) -> Result<Vec<DelegatedAdministrator>> {
        if !trusted_access {
            return Ok(Vec::new());
        }
        self.with_retries("ListDelegatedAdministrators", || {
            self.organizations
                .list_delegated_administrators(IAM_SERVICE_PRINCIPAL)
        })
        .await
    }

    /// `GetCallerIdentity`, retried.
    pub(crate) async fn caller(&self) -> Result<CallerIdentity> {
        self.with_retries("GetCallerIdentity", || self.sts.caller_identity())
            .await
    }
}
