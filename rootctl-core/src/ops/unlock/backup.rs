//! The backup file: one per changed policy, what
//! [`Rootctl::restore_unlock`](crate::Rootctl::restore_unlock) puts back.
//!
//! A backup records the resource (account, service, region, name, queue URL), the policy
//! as it was, and what the change left in its place (no policy, or the surgical policy),
//! under an integrity hash over all of them, so that an edited or corrupted backup, or
//! one edited to name another resource, is refused when read. The hash detects edits
//! and corruption; it is not a signature: whoever can write the file can write a new
//! hash too (see docs/safety.md, "Backups").

use std::path::Path;

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::plan::{UnlockItem, sha256_hex};
use super::validate::{check_queue_url, plain_name};
use crate::error::{Error, Result};
use crate::model::{AccountId, ResourceService, Timestamp, check_region_name};

/// The `kind` every backup file carries, so a restore refuses any other JSON.
pub const BACKUP_KIND: &str = "rootctl-unlock-backup";

/// The backup format this version writes: 2 records what the change left and binds the
/// resource. Backups without a `format_version` are format 1 (only the policy and its
/// hash); they are still read, and restored only with `force`.
pub const BACKUP_FORMAT_VERSION: u32 = 2;

fn format_one() -> u32 {
    1
}

/// A backed-up policy: what [`Rootctl::restore_unlock`](crate::Rootctl::restore_unlock)
/// puts back, and what it expects to find there first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyBackup {
    /// Always [`BACKUP_KIND`].
    pub kind: String,
    /// [`BACKUP_FORMAT_VERSION`] when written by this version; 1 for older backups.
    #[serde(default = "format_one")]
    pub format_version: u32,
    /// The plan whose apply took it.
    pub plan_id: String,
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
    /// The policy text exactly as read before the change.
    pub policy: String,
    /// Its SHA-256.
    pub policy_sha256: String,
    /// What the change left in its place: `None`, no policy (format 2); the surgical
    /// policy otherwise. A restore proceeds only if the live policy is still this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_after: Option<String>,
    /// Format 2: the SHA-256 of every field above in a canonical serialization, which
    /// binds the policy to its resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// When the backup was written.
    pub taken_at: Timestamp,
}

/// What the integrity hash covers, in a fixed order (`serde_json` writes a struct's
/// fields in declaration order, every string escaped one way).
#[derive(Serialize)]
struct Binding<'a> {
    kind: &'a str,
    format_version: u32,
    plan_id: &'a str,
    account_id: AccountId,
    service: ResourceService,
    region: &'a str,
    name: &'a str,
    queue_url: Option<&'a str>,
    policy: &'a str,
    policy_sha256: &'a str,
    policy_after: Option<&'a str>,
}

impl PolicyBackup {
    /// A format-2 backup of `policy` on a resource, with what the change leaves in its
    /// place, sealed with its integrity hash.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        plan_id: &str,
        account_id: AccountId,
        service: ResourceService,
        region: &str,
        name: &str,
        queue_url: Option<&str>,
        policy: &str,
        policy_after: Option<&str>,
    ) -> Self {
        let mut backup = PolicyBackup {
            kind: BACKUP_KIND.into(),
            format_version: BACKUP_FORMAT_VERSION,
            plan_id: plan_id.into(),
            account_id,
            service,
            region: region.into(),
            name: name.into(),
            queue_url: queue_url.map(str::to_owned),
            policy: policy.into(),
            policy_sha256: sha256_hex(policy),
            policy_after: policy_after.map(str::to_owned),
            sha256: None,
            taken_at: Utc::now(),
        };
        backup.sha256 = Some(backup.binding_sha256());
        backup
    }

    /// The backup `apply_unlock` writes before changing `item`'s policy.
    pub(crate) fn of_item(plan_id: &str, item: &UnlockItem) -> Self {
        Self::new(
            plan_id,
            item.account_id,
            item.service,
            &item.region,
            &item.name,
            item.queue_url.as_deref(),
            &item.policy_before,
            item.policy_after.as_deref(),
        )
    }

    /// The integrity hash of the backup as it is now.
    fn binding_sha256(&self) -> String {
        let binding = Binding {
            kind: &self.kind,
            format_version: self.format_version,
            plan_id: &self.plan_id,
            account_id: self.account_id,
            service: self.service,
            region: &self.region,
            name: &self.name,
            queue_url: self.queue_url.as_deref(),
            policy: &self.policy,
            policy_sha256: &self.policy_sha256,
            policy_after: self.policy_after.as_deref(),
        };
        sha256_hex(&serde_json::to_string(&binding).expect("bindings always serialize"))
    }

    /// Whether the backup records what the change left (format 2), so that a restore can
    /// tell whether the policy was changed since. Older backups do not.
    pub fn records_what_the_change_left(&self) -> bool {
        self.format_version >= 2
    }

    /// The backup as pretty-printed JSON, the file's content.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("backups always serialize")
    }

    /// Reads a backup written by this or an older version, and checks it.
    pub fn from_json(text: &str) -> std::result::Result<Self, String> {
        let backup: PolicyBackup = serde_json::from_str(text)
            .map_err(|e| format!("is not a rootctl unlock backup: {e}"))?;
        backup.check()?;
        Ok(backup)
    }

    /// Reads and checks a backup file.
    pub fn read(path: &Path) -> Result<Self> {
        let bad = |rule: String| Error::invalid_input("backup", path.display().to_string(), rule);
        let text =
            std::fs::read_to_string(path).map_err(|e| bad(format!("cannot be read: {e}")))?;
        Self::from_json(&text).map_err(bad)
    }

    /// What a hand-edited or corrupted backup could get wrong.
    fn check(&self) -> std::result::Result<(), String> {
        if self.kind != BACKUP_KIND {
            return Err(format!("has kind {:?}, not {BACKUP_KIND:?}", self.kind));
        }
        if sha256_hex(&self.policy) != self.policy_sha256 {
            return Err(
                "holds a policy that does not match its sha256: it was edited or corrupted".into(),
            );
        }
        match self.format_version {
            1 if self.sha256.is_some() || self.policy_after.is_some() => {
                return Err("claims format 1 but carries format 2 fields: it was edited".into());
            }
            1 => {}
            2 if self.sha256.as_deref() != Some(self.binding_sha256().as_str()) => {
                return Err(
                    "does not match its integrity hash (sha256): it was edited or \
                            corrupted, or copied onto another resource"
                        .into(),
                );
            }
            2 => {}
            other => {
                return Err(format!(
                    "has format version {other}; this rootctl reads 1 and \
                     {BACKUP_FORMAT_VERSION}"
                ));
            }
        }
        if !plain_name(&self.plan_id) || !plain_name(&self.name) {
            return Err("names a plan or resource that is not a plain name".into());
        }
        check_region_name(&self.region).map_err(|e| e.to_string())?;
        match (self.service, &self.queue_url) {
            (ResourceService::Sqs, Some(url)) => {
                check_queue_url(self.account_id, &self.region, &self.name, url)
                    .map_err(|why| format!("has a queue_url that {why}"))
            }
            (ResourceService::S3, None) => Ok(()),
            _ => Err("queues, and only queues, carry a queue URL".into()),
        }
    }
}
