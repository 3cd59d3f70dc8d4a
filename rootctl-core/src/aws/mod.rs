//! Layer 3, the adapters: the boundary traits over the AWS SDK for Rust.
//!
//! [`AwsClients::load`] resolves credentials exactly as the AWS CLI and SDKs do
//! (environment, shared profiles, SSO, container and instance metadata), checks the
//! region, and returns one adapter per boundary trait. Pagination, root-session client
//! building and SDK error classification ([`classify`]) live here and nowhere else.

mod account;
pub mod classify;
mod convert;
mod features;
mod iam;
mod organizations;
mod s3;
mod session;
mod sqs;
mod sts;

use std::sync::Arc;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

pub use account::AwsAccountManagement;
pub use features::AwsOrgFeatures;
pub use iam::AwsRootIam;
pub use organizations::AwsOrganizations;
pub use s3::AwsRootS3;
pub use sqs::AwsRootSqs;
pub use sts::AwsSts;

use crate::boundary::{
    AccountManagement, OrgFeaturesApi, Organizations, RootIam, RootS3, RootSqs, StsApi,
};
use crate::error::{Error, Result};

/// The SDK's default HTTPS client (hyper 1, rustls with aws-lc, proxy settings from the
/// environment), as one shareable value.
fn default_https_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::proxy::ProxyConfig;
    use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
    use aws_smithy_http_client::{Builder, ConnectorBuilder};
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector = ConnectorBuilder::default()
            .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
            .proxy_config(ProxyConfig::from_env());
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.build()
    })
}

/// How to reach AWS. Defaults follow the SDK, except for retries (see
/// [`AwsOptions::sdk_max_attempts`]).
#[derive(Clone, Debug, Default)]
pub struct AwsOptions {
    region: Option<String>,
    profile: Option<String>,
    endpoint_url: Option<String>,
    sdk_max_attempts: Option<u32>,
}

impl AwsOptions {
    /// Options for `region` (required: AssumeRoot is served by regional STS endpoints only).
    pub fn new(region: impl Into<String>) -> Self {
        Self {
            region: Some(region.into()),
            ..Self::default()
        }
    }

    /// Options that take the region from the environment (`AWS_REGION`, the profile's
    /// `region`, ...). Loading fails if none is configured.
    pub fn from_environment() -> Self {
        Self::default()
    }

    /// Use the named shared-config profile instead of the default chain's choice.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// Send every call to `url` (an emulator such as one on `http://127.0.0.1:4566`).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// How many attempts the SDK itself makes per call. Default 1: rootctl's engine
    /// retries with its own jittered backoff and token bucket, and two retry layers would
    /// multiply attempts. Raise it if you use the adapters without the engine.
    pub fn sdk_max_attempts(mut self, attempts: u32) -> Self {
        self.sdk_max_attempts = Some(attempts.max(1));
        self
    }
}

/// Checks that `region` can serve AssumeRoot.
pub fn check_region(region: Option<&str>) -> Result<&str> {
    match region {
        None | Some("") => Err(Error::config(
            "no AWS region configured: set one (e.g. AwsOptions::new(\"us-east-1\"), AWS_REGION, \
             or a profile's region); sts:AssumeRoot is served by regional endpoints only",
        )),
        Some("aws-global") => Err(Error::config(
            "region \"aws-global\" selects the global STS endpoint, which does not serve \
             sts:AssumeRoot; choose a concrete region such as \"us-east-1\"",
        )),
        Some(region) => Ok(region),
    }
}

/// One adapter per boundary trait, all built from one SDK configuration.
#[derive(Clone, Debug)]
pub struct AwsClients {
    /// AWS Organizations.
    pub organizations: AwsOrganizations,
    /// The IAM organization-feature APIs.
    pub features: AwsOrgFeatures,
    /// STS: caller identity and AssumeRoot.
    pub sts: AwsSts,
    /// IAM inside root sessions.
    pub iam: AwsRootIam,
    /// S3 inside root sessions (bucket policies).
    pub s3: AwsRootS3,
    /// SQS inside root sessions (queue policies).
    pub sqs: AwsRootSqs,
    /// AWS Account Management: members' enabled regions.
    pub account: AwsAccountManagement,
    region: String,
}

impl AwsClients {
    /// Loads the SDK configuration for `options` and builds the adapters.
    pub async fn load(options: AwsOptions) -> Result<Self> {
        if let Some(region) = options.region.as_deref() {
            check_region(Some(region))?;
        }
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).retry_config(
            RetryConfig::standard().with_max_attempts(options.sdk_max_attempts.unwrap_or(1)),
        );
        if let Some(region) = options.region {
            loader = loader.region(Region::new(region));
        }
        if let Some(profile) = options.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = options.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        Self::from_sdk_config(&loader.load().await)
    }

    /// [`AwsClients::load`] for `region` with everything else from the environment.
    pub async fn from_env(region: impl Into<String>) -> Result<Self> {
        Self::load(AwsOptions::new(region)).await
    }

    /// Builds the adapters from an SDK configuration you loaded yourself (custom HTTP
    /// client, credentials provider, ...). Its region must be concrete.
    ///
    /// All adapters, and every root session's IAM client, share one HTTP client and
    /// connection pool: the configuration's own, or, when it has none, the SDK's default
    /// HTTPS client built once here (without this, the SDK would build a new one, with a
    /// new pool and TLS set-up, for every client).
    pub fn from_sdk_config(config: &SdkConfig) -> Result<Self> {
        let region = check_region(config.region().map(Region::as_ref))?.to_owned();
        let shared;
        let config = if config.http_client().is_some() {
            config
        } else {
            shared = config
                .to_builder()
                .http_client(default_https_client())
                .build();
            &shared
        };
        let endpoint = classify::Endpoint::of(config);
        Ok(Self {
            organizations: AwsOrganizations::new(aws_sdk_organizations::Client::new(config))
                .at(endpoint.clone()),
            features: AwsOrgFeatures::new(aws_sdk_iam::Client::new(config)).at(endpoint.clone()),
            sts: AwsSts::new(aws_sdk_sts::Client::new(config)).at(endpoint.clone()),
            account: AwsAccountManagement::new(aws_sdk_account::Client::new(config)).at(endpoint),
            iam: AwsRootIam::new(config.clone()),
            s3: AwsRootS3::new(config.clone()),
            sqs: AwsRootSqs::new(config.clone()),
            region,
        })
    }

    /// The region in use.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The S3 and SQS adapters as trait objects (see [`AwsClients::into_dyn`] for the rest).
    pub fn resource_policies_dyn(&self) -> (Arc<dyn RootS3>, Arc<dyn RootSqs>) {
        (Arc::new(self.s3.clone()), Arc::new(self.sqs.clone()))
    }

    /// The Account Management adapter as a trait object.
    pub fn account_management_dyn(&self) -> Arc<dyn AccountManagement> {
        Arc::new(self.account.clone())
    }

    /// The adapters as trait objects, the form the rest of rootctl takes them in.
    #[allow(clippy::type_complexity)]
    pub fn into_dyn(
        self,
    ) -> (
        Arc<dyn Organizations>,
        Arc<dyn OrgFeaturesApi>,
        Arc<dyn StsApi>,
        Arc<dyn RootIam>,
    ) {
        (
            Arc::new(self.organizations),
            Arc::new(self.features),
            Arc::new(self.sts),
            Arc::new(self.iam),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_global_regions_are_refused() {
        for region in [None, Some(""), Some("aws-global")] {
            let err = check_region(region).unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{err:?}");
            assert!(err.to_string().contains("AssumeRoot"), "{err}");
        }
        assert_eq!(check_region(Some("eu-west-1")).unwrap(), "eu-west-1");
    }

    #[tokio::test]
    async fn load_refuses_aws_global_before_any_call() {
        let err = AwsClients::load(AwsOptions::new("aws-global"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("aws-global"), "{err}");
    }
}
