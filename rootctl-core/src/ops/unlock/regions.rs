//! Where the unlock search lists queues. A root session cannot list regions, so the
//! caller asks AWS Account Management (`account:ListRegions` with the member's
//! `AccountId`) for each member's enabled regions. That needs trusted access for
//! `account.amazonaws.com` and a caller in the management account or registered as
//! delegated administrator for that service; without them the search falls back to the
//! client's region, and the report says why (docs/unlock-regions.md).

use std::sync::Arc;

use crate::boundary::AccountManagement;
use crate::engine::Rootctl;
use crate::engine::Run;
use crate::engine::retry::retry;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{ACCOUNT_SERVICE_PRINCIPAL, AccountId, check_region_name};

/// The region the client reports when it names none.
const FALLBACK_REGION: &str = "us-east-1";

/// How the regions of each account's queue search are chosen.
#[derive(Clone, Debug)]
pub(crate) enum RegionSource {
    /// The caller's list, for every account.
    Given(Vec<String>),
    /// Each account's enabled regions, from `account:ListRegions` (the client's region
    /// for an account whose regions cannot be listed).
    PerAccount {
        api: Arc<dyn AccountManagement>,
        fallback: String,
    },
    /// One region for every account, and why no more. With `error`, the reason is a
    /// failed read, not a configuration: every account's search is incomplete and says so.
    Fallback {
        region: String,
        why: String,
        error: Option<Error>,
    },
}

/// The regions one account's queues were listed in, and where they came from.
#[derive(Clone, Debug)]
pub(crate) struct AccountRegions {
    pub(crate) regions: Vec<String>,
    pub(crate) source: String,
    /// Why the account's own regions could not be listed (the search fell back).
    pub(crate) error: Option<Error>,
}

impl AccountRegions {
    /// No regions: SQS not searched, or the account's work failed before its search.
    pub(crate) fn none() -> Self {
        Self {
            regions: Vec::new(),
            source: String::new(),
            error: None,
        }
    }
}

impl RegionSource {
    /// The report's sentence for where the regions came from.
    pub(crate) fn describe(&self) -> String {
        match self {
            RegionSource::Given(_) => "given by the caller".to_owned(),
            RegionSource::PerAccount { .. } => {
                "each account's enabled regions, from account:ListRegions".to_owned()
            }
            RegionSource::Fallback { region, why, .. } => {
                format!("the client's region {region} only: {why} (pass regions to search others)")
            }
        }
    }

    /// The regions to list `account`'s queues in.
    pub(crate) async fn for_account(&self, run: &Run, account: AccountId) -> AccountRegions {
        match self {
            RegionSource::Given(regions) => AccountRegions {
                regions: regions.clone(),
                source: self.describe(),
                error: None,
            },
            RegionSource::Fallback { region, error, .. } => AccountRegions {
                regions: vec![region.clone()],
                source: self.describe(),
                error: error.clone().map(|e| e.with_account(account)),
            },
            RegionSource::PerAccount { api, fallback } => {
                let listed = retry(
                    &run.options().retry,
                    |err, retry, delay| {
                        tracing::debug!(%account, retry, ?delay, error = %err, "ListRegions: retrying");
                    },
                    || api.list_regions(&account),
                )
                .await;
                match listed {
                    Ok(listed) => {
                        let answered = listed.len();
                        let mut regions: Vec<String> = listed
                            .into_iter()
                            .filter(|r| r.status.in_use() && check_region_name(&r.name).is_ok())
                            .map(|r| r.name)
                            .collect();
                        regions.sort();
                        regions.dedup();
                        if regions.is_empty() {
                            // Every account has the default regions: an answer without a
                            // usable one is one rootctl could not read. Never search
                            // nowhere and call it done.
                            return AccountRegions {
                                source: format!(
                                    "account:ListRegions named no usable region: the client's \
                                     region {fallback} only"
                                ),
                                regions: vec![fallback.clone()],
                                error: Some(unreadable_regions(account, answered)),
                            };
                        }
                        AccountRegions {
                            source: format!(
                                "account:ListRegions ({} enabled region(s))",
                                regions.len()
                            ),
                            regions,
                            error: None,
                        }
                    }
                    Err(error) => AccountRegions {
                        source: format!(
                            "account:ListRegions failed: the client's region {fallback} only"
                        ),
                        regions: vec![fallback.clone()],
                        error: Some(error.with_account(account)),
                    },
                }
            }
        }
    }
}

impl Rootctl {
    /// Chooses where queues are listed: the caller's regions when given; otherwise each
    /// account's enabled regions when Account Management can be asked, else the client's
    /// region with the reason. Errors only for a bad region name or an empty list.
    pub(crate) async fn region_source(&self, given: Option<&[String]>) -> Result<RegionSource> {
        let region = self.region().unwrap_or(FALLBACK_REGION).to_owned();
        let fallback = |why: String| RegionSource::Fallback {
            region: region.clone(),
            why,
            error: None,
        };
        if let Some(regions) = given {
            if regions.is_empty() {
                return Err(Error::invalid_input(
                    "regions",
                    "[]",
                    "name at least one region, or pass none to search each account's \
                     enabled regions",
                ));
            }
            for region in regions {
                check_region_name(region)?;
            }
            let mut regions = regions.to_vec();
            regions.sort();
            regions.dedup();
            return Ok(RegionSource::Given(regions));
        }
        let Some(api) = self.account_management.clone() else {
            return Ok(fallback(
                "this client has no AWS Account Management boundary \
                 (Rootctl::with_account_management)"
                    .to_owned(),
            ));
        };
        match self.account_regions_access().await {
            Ok(None) => Ok(RegionSource::PerAccount {
                api,
                fallback: region.clone(),
            }),
            Ok(Some(why)) => Ok(fallback(why)),
            // A failed read is not a configuration: the search falls back, and every
            // account's search reports the error (incomplete, never silently narrower).
            Err(e) => Ok(RegionSource::Fallback {
                region: region.clone(),
                why: format!("whether account:ListRegions is allowed could not be read: {e}"),
                error: Some(e),
            }),
        }
    }

    /// Why the caller cannot list members' regions (`None`: it can): trusted access for
    /// AWS Account Management off, or a caller that is neither the management account
    /// nor that service's delegated administrator. Read-only Organizations calls.
    pub(crate) async fn account_regions_access(&self) -> Result<Option<String>> {
        let principals = self
            .with_retries("ListAWSServiceAccessForOrganization", || {
                self.organizations.list_service_access()
            })
            .await?;
        if !principals.iter().any(|p| p == ACCOUNT_SERVICE_PRINCIPAL) {
            return Ok(Some(format!(
                "trusted access for AWS Account Management ({ACCOUNT_SERVICE_PRINCIPAL}) is off"
            )));
        }
        let org = self
            .with_retries("DescribeOrganization", || {
                self.organizations.describe_organization()
            })
            .await?;
        let caller = self.caller().await?;
        if caller.account_id == org.management_account_id {
            return Ok(None);
        }
        let admins = self
            .with_retries("ListDelegatedAdministrators", || {
                self.organizations
                    .list_delegated_administrators(ACCOUNT_SERVICE_PRINCIPAL)
            })
            .await?;
        if admins.iter().any(|a| a.account_id == caller.account_id) {
            return Ok(None);
        }
        Ok(Some(format!(
            "the caller's account {} is neither the management account nor the delegated \
             administrator for {ACCOUNT_SERVICE_PRINCIPAL}",
            caller.account_id
        )))
    }
}

/// The error of an account whose `ListRegions` answer named no region it can use.
fn unreadable_regions(account: AccountId, answered: usize) -> Error {
    Error::from_kind(
        ErrorKind::Aws,
        ErrorContext::new(Service::Account, "ListRegions")
            .account(account)
            .message(format!(
                "answered {answered} region(s), none of them with a status this version \
                 reads as enabled (ENABLED, ENABLED_BY_DEFAULT)"
            )),
        None,
    )
}
