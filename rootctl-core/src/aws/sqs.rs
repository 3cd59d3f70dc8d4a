//! [`AwsRootSqs`]: the [`RootSqs`] trait over `aws-sdk-sqs`, signed with root-session
//! credentials, one client per region.

use std::error::Error as StdError;

use async_trait::async_trait;
use aws_config::{Region, SdkConfig};
use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::QueueAttributeName;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::classify::{self, Endpoint};
use super::session;
use crate::boundary::RootSqs;
use crate::error::{Error, Result};
use crate::model::{QueueInfo, RootSession};

/// [`RootSqs`] over the AWS SDK. A policy is removed with `SetQueueAttributes(Policy="")`:
/// root sessions may not call `RemovePermission` (docs/aws-behaviour.md#task-policies).
#[derive(Clone, Debug)]
pub struct AwsRootSqs {
    base: SdkConfig,
}

impl AwsRootSqs {
    /// Root-session SQS clients will be built from `base` (endpoint, HTTP client, retry
    /// and timeout settings); its credentials and region are never used.
    pub fn new(base: SdkConfig) -> Self {
        Self {
            base: session::base(base),
        }
    }

    fn client(&self, session: &RootSession, region: &str) -> Client {
        let provider = session::credentials(session);
        let config = aws_sdk_sqs::config::Builder::from(&self.base)
            .credentials_provider(provider)
            .region(Region::new(region.to_owned()))
            .build();
        Client::from_conf(config)
    }

    /// A failed call of `session` in `region`, classified.
    fn failed<E>(
        &self,
        session: &RootSession,
        region: &str,
        operation: &'static str,
        err: SdkError<E, HttpResponse>,
    ) -> Error
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        let at = Endpoint::new(Some(region), self.base.endpoint_url());
        classify::sqs(&at, operation, Some(session.account_id()), err)
    }
}

#[async_trait]
impl RootSqs for AwsRootSqs {
    async fn list_queues(&self, session: &RootSession, region: &str) -> Result<Vec<QueueInfo>> {
        let mut pages = self
            .client(session, region)
            .list_queues()
            .max_results(1000)
            .into_paginator()
            .send();
        let mut queues = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.failed(session, region, "ListQueues", e))?;
            queues.extend(page.queue_urls().iter().map(|url| QueueInfo {
                url: url.clone(),
                region: region.to_owned(),
            }));
        }
        Ok(queues)
    }

    async fn get_queue_policy(
        &self,
        session: &RootSession,
        region: &str,
        queue_url: &str,
    ) -> Result<Option<String>> {
        let out = self
            .client(session, region)
            .get_queue_attributes()
            .queue_url(queue_url)
            .attribute_names(QueueAttributeName::Policy)
            .send()
            .await
            .map_err(|e| self.failed(session, region, "GetQueueAttributes", e))?;
        // No policy: SQS leaves the attribute out (or, some implementations, empty).
        Ok(out
            .attributes()
            .and_then(|a| a.get(&QueueAttributeName::Policy))
            .filter(|p| !p.is_empty())
            .cloned())
    }

    async fn set_queue_policy(
        &self,
        session: &RootSession,
        region: &str,
        queue_url: &str,
        policy: &str,
    ) -> Result<()> {
        self.client(session, region)
            .set_queue_attributes()
            .queue_url(queue_url)
            .attributes(QueueAttributeName::Policy, policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.failed(session, region, "SetQueueAttributes", e))
    }
}
