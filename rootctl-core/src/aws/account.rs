//! [`AwsAccountManagement`]: the [`AccountManagement`] trait over `aws-sdk-account`.

use async_trait::async_trait;
use aws_sdk_account::Client;
use aws_sdk_account::types::RegionOptStatus as SdkStatus;

use super::classify::{self, Endpoint};
use super::convert::wraps_client;
use crate::boundary::AccountManagement;
use crate::error::Result;
use crate::model::{AccountId, AccountRegion, RegionOptStatus};

/// The largest page `ListRegions` serves.
const MAX_RESULTS: i32 = 50;

/// [`AccountManagement`] over the AWS SDK, signed with the caller's own credentials.
#[derive(Clone, Debug)]
pub struct AwsAccountManagement {
    client: Client,
    endpoint: Endpoint,
}

wraps_client!(AwsAccountManagement);

#[async_trait]
impl AccountManagement for AwsAccountManagement {
    async fn list_regions(&self, account_id: &AccountId) -> Result<Vec<AccountRegion>> {
        let mut pages = self
            .client
            .list_regions()
            .account_id(account_id.as_str())
            .region_opt_status_contains(SdkStatus::Enabled)
            .region_opt_status_contains(SdkStatus::EnabledByDefault)
            .max_results(MAX_RESULTS)
            .into_paginator()
            .send();
        let mut regions = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                classify::account(&self.endpoint, "ListRegions", Some(*account_id), e)
            })?;
            regions.extend(page.regions().iter().filter_map(|r| {
                // A region without a name says nothing; its status is read as sent.
                let name = r.region_name()?.to_owned();
                let status = r
                    .region_opt_status()
                    .map_or(RegionOptStatus::Other(String::new()), |s| {
                        RegionOptStatus::parse(s.as_str())
                    });
                Some(AccountRegion { name, status })
            }));
        }
        Ok(regions)
    }
}
