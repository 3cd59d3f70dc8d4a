//! [`AccountManagement`] for [`SimulatedOrg`]: `ListRegions` with a member's `AccountId`,
//! and the regions each member has enabled.
//!
//! AWS's rules for the call (docs/unlock-regions.md): the caller is in the management
//! account or is the delegated administrator for `account.amazonaws.com`; trusted access
//! for AWS Account Management is on; the target is a member of the same organization; the
//! management account may not name itself. AWS documents the rules but not the exact
//! code of each refusal: the simulator answers `AccessDeniedException` for the
//! permission ones and `ValidationException` for the management account naming itself
//! (unverified codes, chosen as the closest documented ones).

use async_trait::async_trait;

use super::SimulatedOrg;
use super::dispatch::{CallSpec, Rejection, Reply};
use super::resources::AccountResources;
use crate::boundary::AccountManagement;
use crate::error::{Result, Service};
use crate::model::{
    ACCOUNT_SERVICE_PRINCIPAL, AccountId, AccountRegion, RegionOptStatus, check_region_name,
};

/// The regions every commercial account has and cannot disable (`ENABLED_BY_DEFAULT`).
pub(crate) const DEFAULT_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// The opt-in regions the simulator knows (`DISABLED` until enabled).
pub(crate) const OPT_IN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
];

/// Whether `region` is usable in the account that holds `resources`.
pub(crate) fn region_enabled(resources: &AccountResources, region: &str) -> bool {
    !OPT_IN_REGIONS.contains(&region) || resources.opt_in_regions.contains(region)
}

impl SimulatedOrg {
    /// Enables the opt-in `region` in a member account (as `account:EnableRegion` does,
    /// without the wait); a default region is enabled already. Setup, not an AWS call.
    pub fn enable_region(&self, account_id: &AccountId, region: &str) -> Result<()> {
        check_region_name(region)?;
        self.member_resources(account_id, |resources, _| {
            if OPT_IN_REGIONS.contains(&region) {
                resources.opt_in_regions.insert(region.to_owned());
                Ok(())
            } else if DEFAULT_REGIONS.contains(&region) {
                Ok(())
            } else {
                Err(crate::Error::invalid_input(
                    "region",
                    region,
                    "is not a region the simulator knows",
                ))
            }
        })
    }

    /// Turns on trusted access for `service_principal` (`account.amazonaws.com`, ...) as the
    /// management account would. Setup, not an AWS call: nothing is logged, no fault is
    /// rolled.
    pub fn enable_trusted_access(&self, service_principal: &str) {
        self.write(|w| {
            w.org.trusted_access.insert(service_principal.to_owned());
        });
    }

    /// The regions a member account can use now, sorted: the default ones and the opt-in
    /// ones it enabled. Ground truth, not an AWS call.
    pub fn enabled_regions(&self, account_id: &AccountId) -> Result<Vec<String>> {
        self.member_resources(account_id, |resources, _| {
            let mut regions: Vec<String> = DEFAULT_REGIONS
                .iter()
                .map(|r| (*r).to_owned())
                .chain(resources.opt_in_regions.iter().cloned())
                .collect();
            regions.sort();
            Ok(regions)
        })
    }
}

#[async_trait]
impl AccountManagement for SimulatedOrg {
    async fn list_regions(&self, account_id: &AccountId) -> Result<Vec<AccountRegion>> {
        let spec = CallSpec::new(Service::Account, "ListRegions").account(*account_id);
        self.dispatch(spec, |world, _| {
            let org = &world.org;
            let denied = |why: &str| {
                Rejection::new(
                    "AccessDeniedException",
                    format!(
                        "User is not authorized to list the regions of account {account_id}: {why}"
                    ),
                )
            };
            if !org.caller_in_organization() {
                return Err(denied("the caller is not in an organization"));
            }
            if !org.trusted_access.contains(ACCOUNT_SERVICE_PRINCIPAL) {
                return Err(denied(
                    "trusted access for AWS Account Management is not enabled",
                ));
            }
            if !(org.caller_is_management()
                || org.caller_is_delegated_admin_for(ACCOUNT_SERVICE_PRINCIPAL))
            {
                return Err(denied(
                    "the caller is neither the management account nor the delegated \
                     administrator for account.amazonaws.com",
                ));
            }
            if *account_id == org.management {
                return Err(Rejection::new(
                    "ValidationException",
                    "The management account can't specify its own AccountId.",
                ));
            }
            if !org.accounts.contains_key(account_id) {
                return Err(denied("the account is not a member of the organization"));
            }
            let opted_in = world
                .resources
                .accounts
                .get(account_id)
                .map(|r| r.opt_in_regions.clone())
                .unwrap_or_default();
            let mut regions: Vec<AccountRegion> = DEFAULT_REGIONS
                .iter()
                .map(|name| AccountRegion {
                    name: (*name).to_owned(),
                    status: RegionOptStatus::EnabledByDefault,
                })
                .chain(opted_in.into_iter().map(|name| AccountRegion {
                    name,
                    status: RegionOptStatus::Enabled,
                }))
                .collect();
            regions.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(Reply::ok(regions))
        })
        .await
    }
}
