//! What `apply_unlock` reports: one [`UnlockResult`] per planned policy.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::{AccountId, ResourceService, Timestamp};

/// What happened to one planned policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnlockOutcome {
    /// Backed up, changed, and read back as planned.
    Unlocked,
    /// The resource has no policy now: nothing to do.
    AlreadyAbsent,
    /// The policy is not the text the plan was made from: left alone.
    Drift,
    /// It failed (see the error); the policy may or may not have changed (see the detail).
    Failed,
    /// Dry run: it would be unlocked.
    WouldUnlock,
}

impl UnlockOutcome {
    /// The snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            UnlockOutcome::Unlocked => "unlocked",
            UnlockOutcome::AlreadyAbsent => "already_absent",
            UnlockOutcome::Drift => "drift",
            UnlockOutcome::Failed => "failed",
            UnlockOutcome::WouldUnlock => "would_unlock",
        }
    }
}

/// One planned policy's result.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UnlockResult {
    /// The member account.
    pub account_id: AccountId,
    /// `s3` or `sqs`.
    pub service: ResourceService,
    /// The region.
    pub region: String,
    /// The bucket or queue name.
    pub name: String,
    /// What happened.
    pub outcome: UnlockOutcome,
    /// The backup written before the change.
    pub backup_path: Option<String>,
    /// More about the outcome (drift: what changed).
    pub detail: Option<String>,
    /// The error, when it failed.
    pub error: Option<Error>,
}

/// The result of [`Rootctl::apply_unlock`](crate::Rootctl::apply_unlock).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UnlockReport {
    /// The plan applied.
    pub plan_id: String,
    /// The organization.
    pub organization_id: String,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// When it started.
    pub started_at: Timestamp,
    /// When it finished.
    pub finished_at: Timestamp,
    /// One result per planned policy, in plan order.
    pub items: Vec<UnlockResult>,
    /// What the run noticed and repaired on its way: a torn journal line cut off, a
    /// partial backup file moved aside.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl UnlockReport {
    /// Whether nothing failed or drifted.
    pub fn ok(&self) -> bool {
        self.items
            .iter()
            .all(|i| !matches!(i.outcome, UnlockOutcome::Failed | UnlockOutcome::Drift))
    }

    /// How many items ended with `outcome`.
    pub fn count(&self, outcome: UnlockOutcome) -> usize {
        self.items.iter().filter(|i| i.outcome == outcome).count()
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("reports always serialize")
    }
}

impl fmt::Display for UnlockReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in &self.items {
            write!(
                f,
                "  {}  {:<3}  {:<14}  {:<30}  {}",
                i.account_id,
                i.service,
                i.region,
                i.name,
                i.outcome.as_str()
            )?;
            if let Some(detail) = &i.detail {
                write!(f, ": {detail}")?;
            }
            if let Some(error) = &i.error {
                // A detail that names the error already (the work stopped) says it once.
                let error = error.to_string();
                if !i.detail.as_deref().is_some_and(|d| d.contains(&error)) {
                    write!(f, ": {error}")?;
                }
            }
            writeln!(f)?;
        }
        for note in &self.notes {
            writeln!(f, "  note: {note}")?;
        }
        write!(
            f,
            "  {} unlocked, {} drift, {} failed",
            self.count(UnlockOutcome::Unlocked),
            self.count(UnlockOutcome::Drift),
            self.count(UnlockOutcome::Failed)
        )
    }
}
