//! `plan_unlock`: the exact policies to unlock, each with its current text (the backup)
//! and that text's SHA-256, as a reviewable, serializable plan.

use std::fmt;
use std::str::FromStr;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::analyze::{LockStatus, resource_arn, without_statements};
use super::find::FindReport;
use super::validate::surgical_keeps_a_lock;
use crate::engine::Rootctl;
use crate::error::{Error, Result};
use crate::model::{AccountId, ResourceService, Timestamp};

/// The unlock-plan format this version writes and reads.
pub const UNLOCK_PLAN_FORMAT_VERSION: u32 = 1;

/// How to unlock a policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnlockMode {
    /// Delete the whole policy, as the AWS console does. The default.
    #[default]
    Delete,
    /// Remove only the locking statements and write the rest back; delete when nothing
    /// would remain.
    Surgical,
}

impl UnlockMode {
    /// `delete` or `surgical`.
    pub const fn as_str(self) -> &'static str {
        match self {
            UnlockMode::Delete => "delete",
            UnlockMode::Surgical => "surgical",
        }
    }
}

impl FromStr for UnlockMode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "delete" => Ok(UnlockMode::Delete),
            "surgical" => Ok(UnlockMode::Surgical),
            _ => Err(Error::invalid_input(
                "unlock mode",
                s,
                "must be \"delete\" or \"surgical\"",
            )),
        }
    }
}

/// The lowercase hex SHA-256 of `text`: how a plan names the policy it was made from.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One policy to unlock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockItem {
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
    /// The policy text when found: the backup, and what apply expects to find.
    pub policy_before: String,
    /// SHA-256 of `policy_before`; a live policy with another hash is drift.
    pub policy_before_sha256: String,
    /// The policy to write instead; `None` deletes it.
    pub policy_after: Option<String>,
    /// Why it is locked.
    pub reason: String,
}

impl fmt::Display for UnlockItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}",
            self.account_id, self.service, self.region, self.name
        )
    }
}

/// A resource the plan leaves alone, and why (open, unknown, or unreadable).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotUnlocked {
    /// The member account.
    pub account_id: AccountId,
    /// `s3` or `sqs`.
    pub service: ResourceService,
    /// The region.
    pub region: String,
    /// The bucket or queue name.
    pub name: String,
    /// Its status when found.
    pub locked: LockStatus,
    /// Why it is not planned.
    pub reason: String,
}

/// An unlock plan, made by [`Rootctl::plan_unlock`] from a [`FindReport`], reviewed (it
/// is plain JSON), then applied by [`Rootctl::apply_unlock`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockPlan {
    /// [`UNLOCK_PLAN_FORMAT_VERSION`] when written.
    pub format_version: u32,
    /// A unique id: backups and the journal are filed under it.
    pub plan_id: String,
    /// The organization the plan was made for; applying it elsewhere is refused.
    pub organization_id: String,
    /// That organization's management account.
    pub management_account_id: AccountId,
    /// When the plan was made.
    pub created_at: Timestamp,
    /// Delete whole policies, or only the locking statements.
    pub mode: UnlockMode,
    /// The policies to unlock.
    pub items: Vec<UnlockItem>,
    /// The resources found but left alone.
    pub not_planned: Vec<NotUnlocked>,
}

fn abbreviate(text: &str) -> String {
    text.chars().take(40).collect()
}

impl UnlockPlan {
    /// The plan as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plans always serialize")
    }

    /// Reads a plan written by [`UnlockPlan::to_json`] and checks it.
    pub fn from_json(text: &str) -> Result<Self> {
        let plan: UnlockPlan = serde_json::from_str(text).map_err(|e| {
            Error::invalid_input(
                "unlock plan",
                abbreviate(text),
                format!("is not a rootctl unlock plan: {e}"),
            )
        })?;
        plan.validate()?;
        Ok(plan)
    }
}

impl Rootctl {
    /// Makes an unlock plan from `found`: every `locked` resource, with its current policy
    /// text and hash, and in [`UnlockMode::Surgical`] the policy without its locking
    /// statements. Resources `unknown` or `open` are listed in `not_planned`, and so, in
    /// surgical mode, is a locked one whose remaining statements may still lock (what
    /// would remain is not judged open: use delete mode or edit the policy). Makes no
    /// AWS call.
    pub fn plan_unlock(&self, found: &FindReport, mode: UnlockMode) -> Result<UnlockPlan> {
        let mut items = Vec::new();
        let mut not_planned = Vec::new();
        for r in &found.resources {
            let left_alone = |reason: String| NotUnlocked {
                account_id: r.account_id,
                service: r.service,
                region: r.region.clone(),
                name: r.name.clone(),
                locked: r.locked,
                reason,
            };
            let (Some(policy), LockStatus::Locked) = (&r.policy, r.locked) else {
                not_planned.push(left_alone(r.reason.clone()));
                continue;
            };
            let policy_after = match mode {
                UnlockMode::Delete => None,
                UnlockMode::Surgical => without_statements(policy, &r.locking_statements),
            };
            // Surgery keeps every other statement as it is: if what it keeps may still
            // lock, reporting `unlocked` would be a false all-clear. A human decides.
            if mode == UnlockMode::Surgical {
                let arn = resource_arn(r.service, &r.region, r.account_id.as_str(), &r.name);
                if let Some(why) = surgical_keeps_a_lock(
                    r.service,
                    &arn,
                    r.account_id.as_str(),
                    policy,
                    &r.locking_statements,
                    policy_after.as_deref(),
                ) {
                    not_planned.push(left_alone(why));
                    continue;
                }
            }
            items.push(UnlockItem {
                account_id: r.account_id,
                service: r.service,
                region: r.region.clone(),
                name: r.name.clone(),
                queue_url: r.queue_url.clone(),
                policy_before: policy.clone(),
                policy_before_sha256: sha256_hex(policy),
                policy_after,
                reason: r.reason.clone(),
            });
        }
        let plan = UnlockPlan {
            format_version: UNLOCK_PLAN_FORMAT_VERSION,
            plan_id: format!("unlock-{}", uuid::Uuid::new_v4()),
            organization_id: found.organization_id.clone(),
            management_account_id: found.management_account_id,
            created_at: Utc::now(),
            mode,
            items,
            not_planned,
        };
        plan.validate()?;
        Ok(plan)
    }
}

impl fmt::Display for UnlockPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Unlock plan {} for {} ({}): {} policy(ies) to unlock",
            self.plan_id,
            self.organization_id,
            self.mode.as_str(),
            self.items.len()
        )?;
        for item in &self.items {
            let action = if item.policy_after.is_some() {
                "remove locking statements"
            } else {
                "delete policy"
            };
            writeln!(f, "  {item}: {action}: {}", item.reason)?;
        }
        write!(f, "  {} resource(s) not planned", self.not_planned.len())
    }
}
