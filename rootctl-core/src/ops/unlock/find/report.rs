//! What [`Rootctl::find_locked_resources`] returns: each resource with the verdict on its
//! policy, each searched account with what failed in it, and the report as JSON and text.
//!
//! [`Rootctl::find_locked_resources`]: crate::Rootctl::find_locked_resources

use std::fmt;

use serde::{Deserialize, Serialize};

use super::super::analyze::LockStatus;
use crate::error::{Error, Result};
use crate::model::{AccountId, ResourceService, Timestamp};
use crate::ops::select::Skipped;

/// One bucket or queue and the verdict on its policy.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FoundResource {
    /// The member account.
    pub account_id: AccountId,
    /// `s3` or `sqs`.
    pub service: ResourceService,
    /// The resource's region.
    pub region: String,
    /// The bucket or queue name.
    pub name: String,
    /// The queue URL (SQS only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_url: Option<String>,
    /// `locked`, `unknown` or `open`.
    pub locked: LockStatus,
    /// Why, naming the statements by Sid or index.
    pub reason: String,
    /// The indexes of the locking statements.
    #[serde(default)]
    pub locking_statements: Vec<usize>,
    /// The policy text as read (`None`: no policy, or it could not be read).
    pub policy: Option<String>,
    /// Why the policy could not be read (then `locked` is `unknown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
}

/// One searched account: its name, the regions its queues were listed in, and what could
/// not be listed in it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountSearch {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// The regions its queues were listed in (none when SQS was not searched).
    #[serde(default)]
    pub regions: Vec<String>,
    /// Where those regions came from (`account:ListRegions`, the caller, the fallback).
    #[serde(default)]
    pub regions_source: String,
    /// Listings that failed (its regions, a service, or a region of SQS): nothing was
    /// dropped silently.
    pub errors: Vec<Error>,
}

/// The result of [`Rootctl::find_locked_resources`](crate::Rootctl::find_locked_resources).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FindReport {
    /// The organization.
    pub organization_id: String,
    /// Its management account.
    pub management_account_id: AccountId,
    /// The services searched.
    pub services: Vec<ResourceService>,
    /// Every region queues were listed in, in any account (each account's own are on
    /// its [`AccountSearch`]).
    pub regions: Vec<String>,
    /// Where those regions came from, and why no more when the search fell back.
    pub regions_source: String,
    /// When the search started.
    pub started_at: Timestamp,
    /// When it finished.
    pub finished_at: Timestamp,
    /// Every resource found, by account, service, region and name.
    pub resources: Vec<FoundResource>,
    /// Every searched account, with what failed in it.
    pub accounts: Vec<AccountSearch>,
    /// Accounts not searched, with the reason.
    pub skipped: Vec<Skipped>,
}

impl FindReport {
    /// The resources with status `status`.
    pub fn with_status(&self, status: LockStatus) -> impl Iterator<Item = &FoundResource> {
        self.resources.iter().filter(move |r| r.locked == status)
    }

    /// Whether every account and every resource could be read.
    pub fn ok(&self) -> bool {
        self.accounts.iter().all(|a| a.errors.is_empty())
            && self.resources.iter().all(|r| r.error.is_none())
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("reports always serialize")
    }

    /// Reads a report written by [`FindReport::to_json`].
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| {
            Error::invalid_input(
                "find report",
                text.chars().take(40).collect::<String>(),
                format!("is not a rootctl find report: {e}"),
            )
        })
    }
}

impl fmt::Display for FindReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.resources {
            writeln!(
                f,
                "  {}  {:<3}  {:<14}  {:<30}  {:<7}  {}",
                r.account_id,
                r.service,
                r.region,
                r.name,
                r.locked.as_str(),
                r.reason
            )?;
        }
        for a in self.accounts.iter().filter(|a| !a.errors.is_empty()) {
            for e in &a.errors {
                writeln!(f, "  {}  failed: {e}", a.account_id)?;
            }
        }
        write!(
            f,
            "  {} resource(s): {} locked, {} unknown, {} open; queues searched in {} ({})",
            self.resources.len(),
            self.with_status(LockStatus::Locked).count(),
            self.with_status(LockStatus::Unknown).count(),
            self.with_status(LockStatus::Open).count(),
            if self.regions.is_empty() {
                "no region".to_owned()
            } else {
                self.regions.join(", ")
            },
            self.regions_source
        )
    }
}
