//! What [`Rootctl::restore_unlock`](crate::Rootctl::restore_unlock) takes and reports.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::{AccountId, ResourceService};

/// How to restore a backup. Named as in Python
/// (`restore_unlock(backup, force=False, backup_dir=None)`).
#[derive(Clone, Debug, Default)]
pub struct RestoreOptions {
    /// Restore even when the live policy is not what the unlock left (someone changed it
    /// since), or when the backup is from an older rootctl that did not record it. The
    /// live policy is first backed up to a file of its own, named in the result. Default
    /// false: such a restore is refused and nothing is written.
    pub force: bool,
    /// Where the backup of a replaced policy goes (with `force`). Default: the folder of
    /// the backup being restored.
    pub backup_dir: Option<PathBuf>,
}

/// What became of a restore.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestoreOutcome {
    /// The backup's policy is in place and reads back as the backup.
    Restored,
    /// The live policy is not what the unlock left (it was changed since): nothing was
    /// written. The error carries both texts.
    Refused,
    /// Nothing was written: the live policy could not be read, the replaced policy could
    /// not be backed up, or the write failed (see the detail and error).
    WriteFailed,
    /// The write succeeded, but the policy read back is not the backup's, or could not
    /// be read back.
    WrittenUnverified,
}

impl RestoreOutcome {
    /// The snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            RestoreOutcome::Restored => "restored",
            RestoreOutcome::Refused => "refused",
            RestoreOutcome::WriteFailed => "write_failed",
            RestoreOutcome::WrittenUnverified => "written_unverified",
        }
    }
}

/// The result of [`Rootctl::restore_unlock`](crate::Rootctl::restore_unlock).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RestoreResult {
    /// The member account.
    pub account_id: AccountId,
    /// `s3` or `sqs`.
    pub service: ResourceService,
    /// The region.
    pub region: String,
    /// The bucket or queue name.
    pub name: String,
    /// The backup restored.
    pub backup_path: String,
    /// What happened.
    pub outcome: RestoreOutcome,
    /// The policy the restore wrote over (`None`: there was none, or nothing was
    /// written).
    pub replaced: Option<String>,
    /// Where the policy the restore wrote over was backed up first (with `force`, when
    /// there was one that was not what the unlock left).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_backup: Option<String>,
    /// What to know: why it was refused or failed, and what to do.
    pub detail: Option<String>,
    /// The error, when it was refused or failed.
    pub error: Option<Error>,
}

impl RestoreResult {
    /// Whether the policy is back.
    pub fn ok(&self) -> bool {
        self.outcome == RestoreOutcome::Restored
    }
}

impl fmt::Display for RestoreResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}: {}",
            self.account_id,
            self.service,
            self.region,
            self.name,
            self.outcome.as_str()
        )?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(error) = &self.error {
            write!(f, ": {error}")?;
        }
        let written = matches!(
            self.outcome,
            RestoreOutcome::Restored | RestoreOutcome::WrittenUnverified
        );
        match (&self.replaced, &self.replaced_backup) {
            (_, Some(path)) => write!(f, "; replaced a policy changed since, backed up in {path}"),
            (Some(_), None) => write!(f, "; replaced the policy the unlock left"),
            (None, None) if written => write!(f, "; replaced no policy"),
            (None, None) => Ok(()),
        }
    }
}
