//! `restore_unlock`: put a backed-up policy back, exactly as it was.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::backup::PolicyBackup;
use super::calls::{ResourceCalls, same_policy};
use crate::engine::Rootctl;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{AccountId, ResourceService};

/// The result of [`Rootctl::restore_unlock`].
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
    /// `restored` or `failed`.
    pub outcome: String,
    /// The policy the restore replaced (`None`: there was none).
    pub replaced: Option<String>,
    /// What to know: where the task policy does not allow the restore, and why.
    pub detail: Option<String>,
    /// The error, when it failed.
    pub error: Option<Error>,
}

impl RestoreResult {
    /// Whether the policy is back.
    pub fn ok(&self) -> bool {
        self.outcome == "restored"
    }
}

impl fmt::Display for RestoreResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}: {}",
            self.account_id, self.service, self.region, self.name, self.outcome
        )?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(error) = &self.error {
            write!(f, ": {error}")?;
        }
        Ok(())
    }
}

impl Rootctl {
    /// Restores the policy in the backup file at `backup`: in an unlock root session
    /// (`S3UnlockBucketPolicy`: PutBucketPolicy; `SQSUnlockQueuePolicy`:
    /// SetQueueAttributes), then reads it back. Both task policies allow writing a
    /// policy; what can stop a restore is an SCP in the member account, a resource that
    /// no longer exists, or RootSessions being off. Each failure says which.
    ///
    /// Restoring a locking policy locks the resource again: only another root session
    /// can then change it.
    pub async fn restore_unlock(&self, backup: &Path) -> Result<RestoreResult> {
        let saved = PolicyBackup::read(backup)?;
        let (s3, sqs) = self.resource_boundaries()?;
        self.require_root_sessions().await?;
        let run = self.run("restore_unlock", None);
        let mut calls = ResourceCalls::new(&run, saved.account_id, &s3, &sqs);
        let (service, region, name, url) = (
            saved.service,
            saved.region.as_str(),
            saved.name.as_str(),
            saved.queue_url.as_deref(),
        );
        let mut outcome = RestoreResult {
            account_id: saved.account_id,
            service,
            region: saved.region.clone(),
            name: saved.name.clone(),
            backup_path: backup.display().to_string(),
            outcome: "failed".into(),
            replaced: None,
            detail: None,
            error: None,
        };
        let done = async {
            outcome.replaced = calls.read(service, region, name, url).await?;
            calls
                .write(service, region, name, url, Some(&saved.policy))
                .await?;
            calls.read(service, region, name, url).await
        }
        .await;
        match done {
            Ok(read) if same_policy(read.as_deref(), Some(&saved.policy)) => {
                outcome.outcome = "restored".into();
                if read.as_deref() != Some(saved.policy.as_str()) {
                    outcome.detail = Some(format!(
                        "{service} stores the policy re-formatted; it says the same"
                    ));
                }
            }
            Ok(_) => outcome.detail = Some("the policy read back is not the backup".into()),
            Err(e) => {
                outcome.detail = Some(match e.kind() {
                    ErrorKind::AccessDenied => format!(
                        "the {} root session was denied: the task policy allows this call, so an SCP \
                         in account {} (or a missing exemption for aws:AssumedRoot) blocks it",
                        service.task_policy(),
                        saved.account_id
                    ),
                    ErrorKind::NotFound => format!(
                        "the {} no longer exists; nothing to restore into",
                        if service == ResourceService::S3 {
                            "bucket"
                        } else {
                            "queue"
                        }
                    ),
                    _ => "the restore failed; the backup file is unchanged".into(),
                });
                outcome.error = Some(e.with_account(saved.account_id));
            }
        }
        Ok(outcome)
    }
}
