//! [`AwsOrgFeatures`]: the [`OrgFeaturesApi`] trait over the IAM feature APIs.

use async_trait::async_trait;
use aws_sdk_iam::Client;
use aws_sdk_iam::types::FeatureType;

use super::classify;
use crate::boundary::OrgFeaturesApi;
use crate::error::Result;
use crate::model::OrgFeature;

/// [`OrgFeaturesApi`] over `aws-sdk-iam`, called with the caller's own credentials.
#[derive(Clone, Debug)]
pub struct AwsOrgFeatures {
    client: Client,
}

impl AwsOrgFeatures {
    /// Wraps an SDK client.
    pub fn new(client: Client) -> Self {
        Self { client }
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
            .map_err(|e| classify::iam("ListOrganizationsFeatures", None, e))?;
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
                    classify::iam("EnableOrganizationsRootCredentialsManagement", None, e)
                }),
            OrgFeature::RootSessions => self
                .client
                .enable_organizations_root_sessions()
                .send()
                .await
                .map(drop)
                .map_err(|e| classify::iam("EnableOrganizationsRootSessions", None, e)),
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
                    classify::iam("DisableOrganizationsRootCredentialsManagement", None, e)
                }),
            OrgFeature::RootSessions => self
                .client
                .disable_organizations_root_sessions()
                .send()
                .await
                .map(drop)
                .map_err(|e| classify::iam("DisableOrganizationsRootSessions", None, e)),
        }
    }
}
