//! Layer 7, the client: [`Rootctl`], the one entry point to every operation.

use std::sync::Arc;

use crate::aws::{AwsClients, AwsOptions};
use crate::boundary::{OrgFeaturesApi, Organizations, RootIam, RootSessions};
use crate::engine::progress::ProgressFn;
use crate::engine::rate::RateLimiter;
use crate::engine::{Progress, Run};
use crate::error::Result;
use crate::model::Partition;
use crate::options::Options;
use crate::sim::SimulatedOrg;

/// The region a simulated client reports.
const SIMULATED_REGION: &str = "us-east-1";

/// The rootctl client: the four AWS boundaries plus [`Options`].
///
/// Build it for real AWS with [`Rootctl::from_env`], for the embedded simulator with
/// [`Rootctl::simulated`], or from any implementations of the boundary traits (mocks in
/// your tests) with [`Rootctl::new`]. Cloning is cheap and clones share the AssumeRoot
/// rate limit.
#[derive(Clone, Debug)]
pub struct Rootctl {
    pub(crate) organizations: Arc<dyn Organizations>,
    pub(crate) features: Arc<dyn OrgFeaturesApi>,
    pub(crate) sts: Arc<dyn RootSessions>,
    pub(crate) iam: Arc<dyn RootIam>,
    options: Options,
    region: Option<String>,
    assume_root_limiter: Option<Arc<RateLimiter>>,
}

impl Rootctl {
    /// A client over the given implementations, with default [`Options`].
    pub fn new(
        organizations: Arc<dyn Organizations>,
        features: Arc<dyn OrgFeaturesApi>,
        sts: Arc<dyn RootSessions>,
        iam: Arc<dyn RootIam>,
    ) -> Self {
        Self {
            organizations,
            features,
            sts,
            iam,
            options: Options::default(),
            region: None,
            assume_root_limiter: None,
        }
    }

    /// A client for real AWS in `region`, with credentials from the environment.
    pub async fn from_env(region: impl Into<String>) -> Result<Self> {
        Self::from_aws(AwsOptions::new(region)).await
    }

    /// A client for real AWS (or an emulator) configured by `options`.
    pub async fn from_aws(options: AwsOptions) -> Result<Self> {
        let clients = AwsClients::load(options).await?;
        let region = clients.region().to_owned();
        let (organizations, features, sts, iam) = clients.into_dyn();
        Ok(Self::new(organizations, features, sts, iam).with_region(region))
    }

    /// A client for the embedded [`SimulatedOrg`]: no AWS account, no network. The
    /// simulator plays regional STS in `us-east-1`.
    pub fn simulated(org: SimulatedOrg) -> Self {
        let shared = Arc::new(org);
        Self::new(
            Arc::clone(&shared) as Arc<dyn Organizations>,
            Arc::clone(&shared) as Arc<dyn OrgFeaturesApi>,
            Arc::clone(&shared) as Arc<dyn RootSessions>,
            shared,
        )
        .with_region(SIMULATED_REGION)
    }

    /// Replaces the options, after checking them.
    pub fn with_options(mut self, options: Options) -> Result<Self> {
        options.validate()?;
        self.assume_root_limiter = options
            .assume_root_rate
            .map(|rate| Arc::new(RateLimiter::new(rate)));
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
            self.assume_root_limiter.clone(),
            Progress::new(progress),
        )
    }
}
