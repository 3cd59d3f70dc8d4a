//! [`AwsOrgFeatures`]: the [`OrgFeaturesApi`] trait over the IAM feature APIs.

use async_trait::async_trait;
use aws_sdk_iam::Client;
use aws_sdk_iam::types::FeatureType;

use super::classify::{self, Endpoint};
use crate::boundary::OrgFeaturesApi;
use crate::error::Result;
use crate::model::OrgFeature;

/// [`OrgFeaturesApi`] over `aws-sdk-iam`, called with the caller's own credentials.
#[derive(Clone, Debug)]
pub struct AwsOrgFeatures {
    client: Client,
    endpoint: Endpoint,
}

impl AwsOrgFeatures {
    /// Wraps an SDK client.
    pub fn new(client: Client) -> Self {
        // The service configuration does not expose an endpoint URL override; clients
        // built by `AwsClients` name it (`at`), others are described by their region.
        let region = client.config().region().map(|r| r.as_ref().to_owned());
        Self {
            client,
            endpoint: Endpoint::new(region.as_deref(), None),
        }
    }

    /// Names `endpoint` (with its URL, when it overrides the default) in errors.
    pub(crate) fn at(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = endpoint;
        self
    }
}

#[async_trait]
impl OrgFeaturesApi for AwsOrgFeatures {
    async fn list_enabled_features(&self) -> Result<Vec<OrgFeature>> {
        let out = self
            .client
            .list_organizations_features()
            .send()
            .await
            .map_err(|e| classify::iam(&self.endpoint, "ListOrganizationsFeatures", None, e))?;
        // Features this version does not know are ignored: rootctl cannot act on them.
        Ok(out
            .enabled_features()
            .iter()
            .filter_map(|f| match f {
                FeatureType::RootCredentialsManagement => {
                    Some(OrgFeature::RootCredentialsManagement)
                }
                FeatureType::RootSessions => Some(OrgFeature::RootSessions),
                _ => None,
            })
            .collect())
    }

    async fn enable_feature(&self, feature: OrgFeature) -> Result<()> {
        match feature {
            OrgFeature::RootCredentialsManagement => self
                .client
                .enable_organizations_root_credentials_management()
                .send()
                .await
                .map(drop)
                .map_err(|e| {
                    classify::iam(
                        &self.endpoint,
                        "EnableOrganizationsRootCredentialsManagement",
                        None,
                        e,
                    )
                }),
            OrgFeature::RootSessions => self
                .client
                .enable_organizations_root_sessions()
                .send()
                .await
                .map(drop)
                .map_err(|e| {
                    classify::iam(&self.endpoint, "EnableOrganizationsRootSessions", None, e)
                }),
        }
    }

    async fn disable_feature(&self, feature: OrgFeature) -> Result<()> {
        match feature {
            OrgFeature::RootCredentialsManagement => self
                .client
                .disable_organizations_root_credentials_management()
                .send()
                .await
                .map(drop)
                .map_err(|e| {
                    classify::iam(
                        &self.endpoint,
                        "DisableOrganizationsRootCredentialsManagement",
                        None,
                        e,
                    )
                }),
            OrgFeature::RootSessions => self
                .client
                .disable_organizations_root_sessions()
                .send()
                .await
                .map(drop)
                .map_err(|e| {
                    classify::iam(&self.endpoint, "DisableOrganizationsRootSessions", None, e)
                }),
        }
    }
}
