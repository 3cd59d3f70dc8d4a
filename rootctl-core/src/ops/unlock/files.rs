//! The backups an unlock writes: one per policy, `0600`, synced before the change.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::plan::{UnlockItem, sha256_hex};
use crate::error::{Error, Result};
use crate::model::{AccountId, ResourceService, Timestamp};

/// The `kind` every backup file carries, so a restore refuses any other JSON.
pub const BACKUP_KIND: &str = "rootctl-unlock-backup";

/// A backed-up policy: what [`Rootctl::restore_unlock`](crate::Rootctl::restore_unlock)
/// puts back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyBackup {
    /// Always [`BACKUP_KIND`].
    pub kind: String,
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
    /// When the backup was written.
    pub taken_at: Timestamp,
}

impl PolicyBackup {
    /// Reads and checks a backup file.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::invalid_input(
                "backup",
                path.display().to_string(),
                format!("cannot be read: {e}"),
            )
        })?;
        let bad = |rule: String| Error::invalid_input("backup", path.display().to_string(), rule);
        let backup: PolicyBackup = serde_json::from_str(&text)
            .map_err(|e| bad(format!("is not a rootctl unlock backup: {e}")))?;
        if backup.kind != BACKUP_KIND {
            return Err(bad(format!(
                "has kind {:?}, not {BACKUP_KIND:?}",
                backup.kind
            )));
        }
        if sha256_hex(&backup.policy) != backup.policy_sha256 {
            return Err(bad(
                "holds a policy that does not match its sha256: it was edited or corrupted".into(),
            ));
        }
        if (backup.service == ResourceService::Sqs) != backup.queue_url.is_some() {
            return Err(bad("queues, and only queues, carry a queue URL".into()));
        }
        Ok(backup)
    }
}

#[cfg(unix)]
fn private(options: &mut OpenOptions) {
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
}

#[cfg(not(unix))]
fn private(_: &mut OpenOptions) {}

/// Writes the backup of `item` under `dir/<plan_id>/`, synced (file and directory)
/// before it returns. A backup of the same policy from an earlier run is reused; a
/// different file at that path is an error, never overwritten.
pub(crate) fn write_backup(dir: &Path, plan_id: &str, item: &UnlockItem) -> Result<PathBuf> {
    let folder = dir.join(plan_id);
    let io = |e: std::io::Error| Error::Journal {
        path: folder.display().to_string(),
        message: format!("backup: {e}"),
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&folder).map_err(io)?;
    let path = folder.join(format!(
        "{}-{}-{}-{}.json",
        item.account_id, item.service, item.region, item.name
    ));
    if path.exists() {
        let earlier = PolicyBackup::read(&path)?;
        if earlier.policy_sha256 == item.policy_before_sha256 {
            return Ok(path);
        }
        return Err(Error::Journal {
            path: path.display().to_string(),
            message: "a different backup exists at this path; move it away first".into(),
        });
    }
    let backup = PolicyBackup {
        kind: BACKUP_KIND.into(),
        plan_id: plan_id.into(),
        account_id: item.account_id,
        service: item.service,
        region: item.region.clone(),
        name: item.name.clone(),
        queue_url: item.queue_url.clone(),
        policy: item.policy_before.clone(),
        policy_sha256: item.policy_before_sha256.clone(),
        taken_at: Utc::now(),
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    private(&mut options);
    let mut file = options.open(&path).map_err(io)?;
    let text = serde_json::to_string_pretty(&backup).expect("backups always serialize");
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    // The new name must survive a crash too.
    File::open(&folder).and_then(|d| d.sync_all()).map_err(io)?;
    Ok(path)
}
