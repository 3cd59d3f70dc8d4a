//! The receipt: `<backup>.applied`, written by `apply_unlock` once the change a backup
//! was taken for is made (the write call returned OK), and required by a restore without
//! `force` (see docs/safety.md, "Restores").
//!
//! A backup is written before the change, and stays on disk when apply then finds the
//! policy gone or changed and makes no change. Its compare-and-swap alone cannot tell
//! that apart from an unlock: "no policy now" is also what a colleague's own fix leaves,
//! and restoring over it would lock the resource again. The receipt says the change was
//! made; it names the backup by its integrity hash, so a receipt of another backup does
//! not vouch for this one. Like the backup's hash it detects mistakes, not forgeries.

use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::backup::PolicyBackup;
use super::durable::{sync_dir, write_new_bytes};
use crate::engine::files;
use crate::error::{Error, Result};
use crate::model::Timestamp;

/// The `kind` every receipt carries.
pub(crate) const RECEIPT_KIND: &str = "rootctl-unlock-receipt";

/// What a receipt file holds.
#[derive(Debug, Serialize, Deserialize)]
struct Receipt {
    /// Always [`RECEIPT_KIND`].
    kind: String,
    /// The integrity hash (`sha256`) of the backup whose change was made.
    backup_sha256: String,
    /// What the change did: `policy_deleted` or `policy_written`.
    outcome: String,
    /// When the change call returned.
    at: Timestamp,
}

/// Where the receipt of the backup at `backup` goes: beside it, `.applied` appended.
pub(crate) fn receipt_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".applied");
    PathBuf::from(name)
}

fn receipt_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Journal {
        path: path.display().to_string(),
        message: format!("receipt: {e}"),
    }
}

/// Removes any receipt at the path of the backup at `backup`, before a new attempt at
/// its change: a receipt vouches for the latest attempt only (an earlier run's receipt
/// of the same backup must not vouch for a run that then finds the policy gone). A link
/// there is removed, never followed.
pub(crate) fn discard_receipt(backup: &Path) -> Result<()> {
    let path = receipt_path(backup);
    match std::fs::remove_file(&path) {
        Ok(()) => {
            let folder = path.parent().unwrap_or(Path::new("."));
            sync_dir(folder).map_err(|e| receipt_error(&path, e))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(receipt_error(&path, e)),
    }
}

/// Writes the receipt of `saved` (the backup at `backup`) once its change is made:
/// `0600`, synced, never over an existing file.
pub(crate) fn write_receipt(backup: &Path, saved: &PolicyBackup) -> Result<PathBuf> {
    let path = receipt_path(backup);
    let receipt = Receipt {
        kind: RECEIPT_KIND.into(),
        backup_sha256: saved.sha256.clone().unwrap_or_default(),
        outcome: match saved.policy_after {
            None => "policy_deleted".into(),
            Some(_) => "policy_written".into(),
        },
        at: Utc::now(),
    };
    let text = serde_json::to_string_pretty(&receipt).expect("receipts always serialize");
    let folder = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    write_new_bytes(folder, &name, text.as_bytes())
}

/// Whether a receipt beside `backup` records that `saved`'s change was made; otherwise
/// why not, as a sentence about the receipt.
pub(crate) fn check_receipt(
    backup: &Path,
    saved: &PolicyBackup,
) -> std::result::Result<(), String> {
    let path = receipt_path(backup);
    let shown = path.display();
    files::refuse_link(&path).map_err(|e| format!("its receipt {shown} {e}"))?;
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("has no receipt ({shown} is missing)"));
        }
        Err(e) => return Err(format!("has a receipt {shown} that cannot be read: {e}")),
    };
    let receipt: Receipt = serde_json::from_str(&text)
        .map_err(|e| format!("has a receipt {shown} that is not a rootctl receipt: {e}"))?;
    if receipt.kind != RECEIPT_KIND {
        return Err(format!(
            "has a receipt {shown} of kind {:?}, not {RECEIPT_KIND:?}",
            receipt.kind
        ));
    }
    match &saved.sha256 {
        Some(hash) if *hash == receipt.backup_sha256 => Ok(()),
        _ => Err(format!(
            "has a receipt {shown} that does not match it (it records another backup)"
        )),
    }
}
