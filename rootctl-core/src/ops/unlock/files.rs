//! The files an unlock writes: backups (one per policy, `0600`, synced before the
//! change) and the journal (append-only JSON lines, `0600`, locked while a run writes,
//! each outcome synced), as the removal journal does for credentials.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// One journal line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockJournalEntry {
    /// The plan being applied.
    pub plan_id: String,
    /// The account.
    pub account_id: AccountId,
    /// `s3` or `sqs`.
    pub service: ResourceService,
    /// The region.
    pub region: String,
    /// The bucket or queue name.
    pub name: String,
    /// `intent`, `unlocked` or `failed`.
    pub event: String,
    /// When.
    pub at: Timestamp,
    /// The backup written before the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_path: Option<String>,
    /// For failures, the error's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// An unlock journal opened for writing (dry runs open none).
#[derive(Debug)]
pub(crate) struct UnlockJournal {
    path: PathBuf,
    plan_id: String,
    file: Mutex<File>,
}

impl UnlockJournal {
    pub(crate) fn open(path: &Path, plan_id: &str) -> Result<Self> {
        let io = |e: std::io::Error| Error::Journal {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut options = OpenOptions::new();
        options.create(true).read(true).append(true);
        private(&mut options);
        let mut file = options.open(path).map_err(io)?;
        file.try_lock().map_err(|_| Error::Journal {
            path: path.display().to_string(),
            message: "is in use by another rootctl run (locked); wait for it to finish".into(),
        })?;
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(io)?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            // A torn last line (a kill mid-write) is tolerated; another plan's is not.
            if let Ok(entry) = serde_json::from_str::<UnlockJournalEntry>(line)
                && entry.plan_id != plan_id
            {
                return Err(Error::invalid_input(
                    "journal",
                    path.display().to_string(),
                    format!(
                        "records plan {}, not plan {plan_id}; use a new journal file",
                        entry.plan_id
                    ),
                ));
            }
        }
        if !text.is_empty() && !text.ends_with('\n') {
            file.write_all(b"\n").map_err(io)?;
        }
        Ok(Self {
            path: path.to_owned(),
            plan_id: plan_id.to_owned(),
            file: Mutex::new(file),
        })
    }

    pub(crate) fn record(
        &self,
        item: &UnlockItem,
        event: &str,
        backup_path: Option<&Path>,
        error: Option<&Error>,
    ) -> Result<()> {
        let entry = UnlockJournalEntry {
            plan_id: self.plan_id.clone(),
            account_id: item.account_id,
            service: item.service,
            region: item.region.clone(),
            name: item.name.clone(),
            event: event.to_owned(),
            at: Utc::now(),
            backup_path: backup_path.map(|p| p.display().to_string()),
            error: error.map(ToString::to_string),
        };
        let mut line = serde_json::to_string(&entry).expect("journal entries always serialize");
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let io = |e: std::io::Error| Error::Journal {
            path: self.path.display().to_string(),
            message: e.to_string(),
        };
        file.write_all(line.as_bytes()).map_err(io)?;
        file.sync_data().map_err(io)
    }
}
