//! [`AwsRootS3`]: the [`RootS3`] trait over `aws-sdk-s3`, signed with root-session
//! credentials and sent to each bucket's own region.

use std::error::Error as StdError;

use async_trait::async_trait;
use aws_config::{Region, SdkConfig};
use aws_sdk_s3::Client;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::classify::{self, Endpoint, is_code};
use super::session;
use crate::boundary::RootS3;
use crate::error::{Error, Result};
use crate::model::{BucketInfo, RootSession};

/// [`RootS3`] over the AWS SDK.
///
/// A root session may not call `GetBucketLocation` (docs/aws-behaviour.md#task-policies), so `ListBuckets` asks
/// for `BucketRegion` (S3 returns it when the request sets `MaxBuckets`) and each bucket
/// call is sent to that region. With an endpoint override (an emulator), requests use
/// path-style addressing: virtual-hosted bucket names cannot resolve to a local address.
#[derive(Clone, Debug)]
pub struct AwsRootS3 {
    endpoint: Endpoint,
    base: SdkConfig,
}

/// `MaxBuckets` per page: the most S3 allows.
const MAX_BUCKETS: i32 = 10_000;

impl AwsRootS3 {
    /// Root-session S3 clients will be built from `base` (endpoint, HTTP client, retry and
    /// timeout settings); its credentials are never used, and its region only for
    /// `ListBuckets`.
    pub fn new(base: SdkConfig) -> Self {
        Self {
            endpoint: Endpoint::of(&base),
            base: session::base(base),
        }
    }

    fn client(&self, session: &RootSession, region: Option<&str>) -> Client {
        let provider = session::credentials(session);
        let mut config =
            aws_sdk_s3::config::Builder::from(&self.base).credentials_provider(provider);
        if let Some(region) = region {
            config = config.region(Region::new(region.to_owned()));
        }
        if self.base.endpoint_url().is_some() {
            config = config.force_path_style(true);
        }
        Client::from_conf(config.build())
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
        classify::s3(&at, operation, Some(session.account_id()), err)
    }
}

#[async_trait]
impl RootS3 for AwsRootS3 {
    async fn list_buckets(&self, session: &RootSession) -> Result<Vec<BucketInfo>> {
        let account = Some(session.account_id());
        let mut pages = self
            .client(session, None)
            .list_buckets()
            .max_buckets(MAX_BUCKETS)
            .into_paginator()
            .send();
        let mut buckets = Vec::new();
        let default_region = self.endpoint.region().unwrap_or("us-east-1");
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify::s3(&self.endpoint, "ListBuckets", account, e))?;
            buckets.extend(page.buckets().iter().filter_map(|b| {
                Some(BucketInfo {
                    name: b.name()?.to_owned(),
                    // Unverified whether S3 ever leaves BucketRegion out when MaxBuckets is
                    // set; if it does, the client's region is the best guess, and a wrong
                    // one answers a redirect that names the condition.
                    region: b.bucket_region().unwrap_or(default_region).to_owned(),
                })
            }));
        }
        Ok(buckets)
    }

    async fn get_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
    ) -> Result<Option<String>> {
        let result = self
            .client(session, Some(region))
            .get_bucket_policy()
            .bucket(bucket)
            .send()
            .await;
        match result {
            Ok(out) => Ok(out.policy().map(str::to_owned)),
            Err(e) if is_code(&e, "NoSuchBucketPolicy") => Ok(None),
            Err(e) => Err(self.failed(session, region, "GetBucketPolicy", e)),
        }
    }

    async fn put_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
        policy: &str,
    ) -> Result<()> {
        self.client(session, Some(region))
            .put_bucket_policy()
            .bucket(bucket)
            .policy(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.failed(session, region, "PutBucketPolicy", e))
    }

    async fn delete_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
    ) -> Result<()> {
        self.client(session, Some(region))
            .delete_bucket_policy()
            .bucket(bucket)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.failed(session, region, "DeleteBucketPolicy", e))
    }
}
