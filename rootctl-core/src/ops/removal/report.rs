//! The report of [`Rootctl::apply_removal`](crate::Rootctl::apply_removal): per item
//! outcomes, drift, the verifying audit, and counts.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::plan::RemovalItem;
use crate::error::Error;
use crate::model::{AccountId, CredentialKind, Timestamp};
use crate::ops::audit::AuditReport;

/// What happened to one planned item.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ItemOutcome {
    /// Removed by this run.
    Removed,
    /// Not there (any more) when this run looked, or AWS answered `NoSuchEntity`.
    AlreadyAbsent,
    /// The removal failed.
    Failed {
        /// Why.
        error: Error,
    },
    /// Deliberately not attempted (an MFA device kept while a password stays, an item
    /// never reached because the account's work stopped).
    Skipped {
        /// Why.
        reason: String,
    },
    /// Dry run: this run would remove it.
    WouldRemove,
    /// The removal was sent, but its answer never came: the account's work timed out or
    /// was cancelled during the call. The item may be gone; the verifying audit (or a
    /// re-run, which reads the live state first) says.
    Interrupted {
        /// What stopped the work.
        error: Error,
    },
}

impl ItemOutcome {
    /// `removed`, `already_absent`, `failed`, `skipped` or `would_remove`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ItemOutcome::Removed => "removed",
            ItemOutcome::AlreadyAbsent => "already_absent",
            ItemOutcome::Failed { .. } => "failed",
            ItemOutcome::Skipped { .. } => "skipped",
            ItemOutcome::WouldRemove => "would_remove",
            ItemOutcome::Interrupted { .. } => "interrupted",
        }
    }

    /// Whether the credential is (or, in a dry run, would be) gone afterwards.
    pub(crate) fn leaves_it_gone(&self) -> bool {
        matches!(
            self,
            ItemOutcome::Removed | ItemOutcome::AlreadyAbsent | ItemOutcome::WouldRemove
        )
    }
}

/// One planned item and its outcome.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemResult {
    /// The item.
    #[serde(flatten)]
    pub item: RemovalItem,
    /// What happened.
    #[serde(flatten)]
    pub outcome: ItemOutcome,
}

/// One account's part of a removal.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountRemoval {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// Every planned item with its outcome, in removal order.
    pub items: Vec<ItemResult>,
    /// Credentials present now that the plan does not list (of the plan's kinds): created
    /// after the audit. Reported, never removed: make a new plan to remove them.
    pub drift: Vec<RemovalItem>,
    /// What stopped work on the account (session, read or timeout), if anything did.
    pub error: Option<Error>,
}

/// Counts over a removal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovalSummary {
    /// Accounts in the plan.
    pub accounts: usize,
    /// Accounts where work stopped on an error.
    pub accounts_failed: usize,
    /// Items in the plan.
    pub planned: usize,
    /// Items removed by this run.
    pub removed: usize,
    /// Items already gone.
    pub already_absent: usize,
    /// Items whose removal failed.
    pub failed: usize,
    /// Items deliberately not attempted.
    pub skipped: usize,
    /// Items a dry run would remove.
    pub would_remove: usize,
    /// Items whose removal was in flight when the account's work stopped.
    #[serde(default)]
    pub interrupted: usize,
    /// Unplanned credentials found.
    pub drift: usize,
}

/// The result of [`Rootctl::apply_removal`](crate::Rootctl::apply_removal).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RemovalReport {
    /// The plan applied.
    pub plan_id: String,
    /// The organization.
    pub organization_id: String,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// When the run started.
    pub started_at: Timestamp,
    /// When it finished (before verification).
    pub finished_at: Timestamp,
    /// One entry per planned account, in plan order.
    pub accounts: Vec<AccountRemoval>,
    /// The audit of the planned accounts made after applying (not in dry runs).
    pub verification: Option<AuditReport>,
    /// What the run noticed and repaired on its way (a torn journal line cut off).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Counts.
    pub summary: RemovalSummary,
}

impl RemovalReport {
    /// Every item with its account, in plan order.
    pub fn items(&self) -> impl Iterator<Item = (&AccountRemoval, &ItemResult)> {
        self.accounts
            .iter()
            .flat_map(|account| account.items.iter().map(move |item| (account, item)))
    }

    /// True only when the plan was carried out in full: nothing failed, was skipped (an
    /// MFA kept because a password stays counts) or interrupted, no account stopped on an
    /// error, and the verification (when made) read every account with planned items and
    /// found no planned credential still present. An account the verifying audit could
    /// not read ([`RemovalReport::unverified`]) makes it false: that its planned items
    /// are gone is then unconfirmed, not true.
    pub fn ok(&self) -> bool {
        let s = &self.summary;
        s.failed == 0
            && s.skipped == 0
            && s.interrupted == 0
            && s.accounts_failed == 0
            && self.remaining().is_empty()
            && self.unverified().is_empty()
    }

    /// Accounts with planned items whose credentials the verifying audit could not read
    /// (its audit of the account failed, or it has none): what [`RemovalReport::remaining`]
    /// cannot speak for. Empty when no verification was made (a dry run, `verify` off).
    pub fn unverified(&self) -> Vec<AccountId> {
        let Some(verification) = &self.verification else {
            return Vec::new();
        };
        self.accounts
            .iter()
            .filter(|account| !account.items.is_empty())
            .filter(|account| {
                verification
                    .account(&account.account_id)
                    .is_none_or(|audit| audit.credentials.is_none())
            })
            .map(|account| account.account_id)
            .collect()
    }

    /// Planned items the verifying audit still found, by account, whatever their
    /// outcome (a skipped or failed item that is still there counts).
    pub fn remaining(&self) -> Vec<(AccountId, RemovalItem)> {
        let Some(verification) = &self.verification else {
            return Vec::new();
        };
        let all_kinds = CredentialKind::ALL.into_iter().collect();
        let present: HashMap<AccountId, Vec<RemovalItem>> = verification
            .accounts
            .iter()
            .filter_map(|a| {
                Some((
                    a.account_id,
                    RemovalItem::of(a.credentials.as_ref()?, &all_kinds),
                ))
            })
            .collect();
        let mut remaining = Vec::new();
        for account in &self.accounts {
            let now = present
                .get(&account.account_id)
                .map_or(&[][..], Vec::as_slice);
            for result in &account.items {
                if now.contains(&result.item) {
                    remaining.push((account.account_id, result.item.clone()));
                }
            }
        }
        remaining
    }
}

pub(crate) fn summarize(accounts: &[AccountRemoval]) -> RemovalSummary {
    let mut summary = RemovalSummary {
        accounts: accounts.len(),
        ..RemovalSummary::default()
    };
    for account in accounts {
        summary.accounts_failed += usize::from(account.error.is_some());
        summary.drift += account.drift.len();
        for result in &account.items {
            summary.planned += 1;
            match result.outcome {
                ItemOutcome::Removed => summary.removed += 1,
                ItemOutcome::AlreadyAbsent => summary.already_absent += 1,
                ItemOutcome::Failed { .. } => summary.failed += 1,
                ItemOutcome::Skipped { .. } => summary.skipped += 1,
                ItemOutcome::WouldRemove => summary.would_remove += 1,
                ItemOutcome::Interrupted { .. } => summary.interrupted += 1,
            }
        }
    }
    summary
}

impl fmt::Display for RemovalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = if self.dry_run {
            "Dry run of plan"
        } else {
            "Applied plan"
        };
        writeln!(f, "{title} {} in {}", self.plan_id, self.organization_id)?;
        for (account, result) in self.items() {
            let detail = match &result.outcome {
                ItemOutcome::Failed { error } => format!(": {error}"),
                ItemOutcome::Skipped { reason } => format!(": {reason}"),
                _ => String::new(),
            };
            writeln!(
                f,
                "  {}  {:<40}  {}{detail}",
                account.account_id,
                result.item.to_string(),
                result.outcome.as_str()
            )?;
        }
        for account in &self.accounts {
            for item in &account.drift {
                writeln!(
                    f,
                    "  {}  {:<40}  drift: not in the plan, left in place",
                    account.account_id,
                    item.to_string()
                )?;
            }
            if let Some(error) = &account.error {
                writeln!(f, "  {}  account stopped: {error}", account.account_id)?;
            }
        }
        let s = &self.summary;
        write!(
            f,
            "{} planned: {} removed, {} already absent, {} failed, {} skipped, {} would remove; {} drift",
            s.planned, s.removed, s.already_absent, s.failed, s.skipped, s.would_remove, s.drift
        )?;
        if let Some(verification) = &self.verification {
            let remaining = self.remaining();
            write!(
                f,
                "\nVerification: {} account(s) re-audited, {} failed, {} planned credential(s) still present",
                verification.summary.targeted,
                verification.summary.failed,
                remaining.len()
            )?;
            let unverified = self.unverified();
            if !unverified.is_empty() {
                let ids: Vec<String> = unverified.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "\nNot verified: the audit after the removal could not read {} \
                     account(s) with planned items ({}); whether those items are gone is \
                     unknown, so the report is not ok",
                    ids.len(),
                    ids.join(", ")
                )?;
            }
        }
        Ok(())
    }
}
