//! Layer 6, the client: how a [`Rootctl`] is built, for real AWS ([`Rootctl::from_env`],
//! [`Rootctl::from_aws`]), for the embedded simulator ([`Rootctl::simulated`]), or from
//! any implementations of the boundary traits ([`Rootctl::new`]).
//!
//! The type itself and its shared plumbing are in the engine, and the operations in the
//! ops layer, so every import points down.

use std::sync::Arc;

#[cfg(feature = "aws")]
use crate::aws::{AwsClients, AwsOptions};
use crate::boundary::{
    AccountManagement, OrgFeaturesApi, Organizations, RootIam, RootS3, RootSqs, StsApi,
};
pub use crate::engine::Rootctl;
#[cfg(feature = "aws")]
use crate::error::Result;
use crate::sim::SimulatedOrg;

/// The region a simulated client reports.
const SIMULATED_REGION: &str = "us-east-1";

impl Rootctl {
    /// A client for real AWS in `region`, with credentials from the environment.
    ///
    /// Needs the `aws` feature (on by default).
    #[cfg(feature = "aws")]
    #[cfg_attr(docsrs, doc(cfg(feature = "aws")))]
    pub async fn from_env(region: impl Into<String>) -> Result<Self> {
        Self::from_aws(AwsOptions::new(region)).await
    }

    /// A client for real AWS (or an emulator) configured by `options`.
    ///
    /// Needs the `aws` feature (on by default).
    #[cfg(feature = "aws")]
    #[cfg_attr(docsrs, doc(cfg(feature = "aws")))]
    pub async fn from_aws(options: AwsOptions) -> Result<Self> {
        let clients = AwsClients::load(options).await?;
        let region = clients.region().to_owned();
        let (s3, sqs) = clients.resource_policies_dyn();
        let account = clients.account_management_dyn();
        let (organizations, features, sts, iam) = clients.into_dyn();
        Ok(Self::new(organizations, features, sts, iam)
            .with_resource_policies(s3, sqs)
            .with_account_management(account)
            .with_region(region))
    }

    /// A client for the embedded [`SimulatedOrg`]: no AWS account, no network. The
    /// simulator plays regional STS in `us-east-1`.
    pub fn simulated(org: SimulatedOrg) -> Self {
        let shared = Arc::new(org);
        Self::new(
            Arc::clone(&shared) as Arc<dyn Organizations>,
            Arc::clone(&shared) as Arc<dyn OrgFeaturesApi>,
            Arc::clone(&shared) as Arc<dyn StsApi>,
            Arc::clone(&shared) as Arc<dyn RootIam>,
        )
        .with_resource_policies(
            Arc::clone(&shared) as Arc<dyn RootS3>,
            Arc::clone(&shared) as Arc<dyn RootSqs>,
        )
        .with_account_management(shared as Arc<dyn AccountManagement>)
        .with_region(SIMULATED_REGION)
    }
}
