//! [`AwsOrgFeatures`]: the [`OrgFeaturesApi`] trait over the IAM feature APIs.

use std::error::Error as StdError;

use async_trait::async_trait;
use aws_sdk_iam::Client;
use aws_sdk_iam::types::FeatureType;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::classify::{self, Endpoint};
use super::convert::wraps_client;
use crate::boundary::OrgFeaturesApi;
use crate::error::Result;
use crate::model::OrgFeature;

/// [`OrgFeaturesApi`] over `aws-sdk-iam`, called with the caller's own credentials.
#[derive(Clone, Debug)]
pub struct AwsOrgFeatures {
    client: Client,
    endpoint: Endpoint,
}

wraps_client!(AwsOrgFeatures);

impl AwsOrgFeatures {
    /// The outcome of a call that changes a feature: nothing, or its classified error.
    fn outcome<T, E>(
        &self,
        operation: &'static str,
        result: std::result::Result<T, SdkError<E, HttpResponse>>,
    ) -> Result<()>
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        result
            .map(drop)
            .map_err(|e| classify::iam(&self.endpoint, operation, None, e))
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
            OrgFeature::RootCredentialsManagement => self.outcome(
                "EnableOrganizationsRootCredentialsManagement",
                self.client
                    .enable_organizations_root_credentials_management()
                    .send()
                    .await,
            ),
            OrgFeature::RootSessions => self.outcome(
                "EnableOrganizationsRootSessions",
                self.client
                    .enable_organizations_root_sessions()
                    .send()
                    .await,
            ),
        }
    }

    async fn disable_feature(&self, feature: OrgFeature) -> Result<()> {
        match feature {
            OrgFeature::RootCredentialsManagement => self.outcome(
                "DisableOrganizationsRootCredentialsManagement",
                self.client
                    .disable_organizations_root_credentials_management()
                    .send()
                    .await,
            ),
            OrgFeature::RootSessions => self.outcome(
                "DisableOrganizationsRootSessions",
                self.client
                    .disable_organizations_root_sessions()
                    .send()
                    .await,
            ),
        }
    }
}
