//! `restore_unlock`: put a backed-up policy back, exactly as it was, but only over what
//! the unlock left: a compare-and-swap (see docs/safety.md, "Restores").

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::backup::PolicyBackup;
use super::calls::{ResourceCalls, same_policy};
use super::durable::write_new;
use super::receipt::{check_receipt, write_receipt};
use super::restore_result::{RestoreOptions, RestoreOutcome, RestoreResult};
use crate::engine::Rootctl;
use crate::error::{Error, ErrorKind, PolicyChange, Result};
use crate::model::{Partition, ResourceService};

impl Rootctl {
    /// Restores the policy in the backup file at `backup`, in an unlock root session
    /// (`S3UnlockBucketPolicy`: PutBucketPolicy; `SQSUnlockQueuePolicy`:
    /// SetQueueAttributes), then reads it back.
    ///
    /// A restore is a compare-and-swap: it reads the live policy first and writes only if
    /// it is still what the unlock left (no policy, or the surgical policy; compared as
    /// JSON, since the service may re-format it). A policy changed since is not
    /// overwritten: the result is [`RestoreOutcome::Refused`] with an
    /// [`Error::PolicyChanged`] carrying both texts, and nothing is written. With
    /// [`RestoreOptions::force`] the live policy is backed up to a file of its own first
    /// ([`RestoreResult::replaced_backup`]), then replaced. A live policy that already is
    /// the backup's is left as it is (`restored`, nothing written).
    ///
    /// Refused before any AWS call ([`Error::InvalidInput`]): a file that is not a backup
    /// or was edited (its integrity hash), a backup from an older rootctl (it does not
    /// record what the unlock left) without `force`, a backup without the receipt of its
    /// change (`<backup>.applied`, which apply writes once the change is made: without
    /// it the unlock may never have changed the policy) without `force`, a backup of
    /// another partition than the client's. RootSessions off is [`Error::FeatureNotEnabled`]. What stops a
    /// restore later (an SCP, a resource that is gone) is in the result.
    ///
    /// Restoring a locking policy locks the resource again: only another root session
    /// can then change it.
    pub async fn restore_unlock(
        &self,
        backup: &Path,
        options: RestoreOptions,
    ) -> Result<RestoreResult> {
        let saved = PolicyBackup::read(backup)?;
        let shown = backup.display().to_string();
        if !saved.records_what_the_change_left() && !options.force {
            return Err(Error::invalid_input(
                "backup",
                shown,
                "was written by an older rootctl: it does not record what the unlock left, \
                 so rootctl cannot tell whether the policy was changed since; restore it \
                 with force to back up the live policy and replace it",
            ));
        }
        // The backup is written before the change; when apply then found the policy gone
        // or changed it made no change, and "no policy now" passes the compare-and-swap
        // below as well as an unlock would. Only a receipt says the change was made.
        if !options.force
            && let Err(why) = check_receipt(backup, &saved)
        {
            return Err(Error::invalid_input(
                "backup",
                shown,
                format!(
                    "{why}: the unlock may never have changed this policy (apply found it \
                     already changed or gone and left it alone), or the run stopped before \
                     recording the change, so restoring it could overwrite someone else's \
                     fix; restore it with force to back up the live policy and replace it"
                ),
            ));
        }
        let partition = Partition::from_region(&saved.region);
        if self.region().is_some() && partition != self.partition() {
            return Err(Error::invalid_input(
                "backup",
                shown,
                format!(
                    "is of a resource in partition {partition}, but this client works in {}",
                    self.partition()
                ),
            ));
        }
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
        let mut result = RestoreResult {
            account_id: saved.account_id,
            service,
            region: saved.region.clone(),
            name: saved.name.clone(),
            backup_path: shown,
            outcome: RestoreOutcome::WriteFailed,
            replaced: None,
            replaced_backup: None,
            detail: None,
            error: None,
        };
        let live = match calls.read(service, region, name, url).await {
            Ok(live) => live,
            Err(e) => {
                result.detail = Some(denied_or(
                    &e,
                    &saved,
                    "the live policy could not be read; nothing was written",
                ));
                result.error = Some(e.with_account(saved.account_id));
                return Ok(result);
            }
        };
        if same_policy(live.as_deref(), Some(&saved.policy)) {
            result.outcome = RestoreOutcome::Restored;
            result.detail =
                Some("the policy already is the backed-up one; nothing was written".into());
            return Ok(result);
        }
        let mut replaced_backup = None;
        let unchanged = saved.records_what_the_change_left()
            && same_policy(live.as_deref(), saved.policy_after.as_deref());
        if !unchanged {
            if !options.force {
                result.outcome = RestoreOutcome::Refused;
                result.detail = Some(
                    "the policy was changed since the unlock (it is not what the unlock \
                     left), so the restore would overwrite it; nothing was written. Restore \
                     with force to back it up and replace it"
                        .into(),
                );
                result.error = Some(Error::PolicyChanged {
                    change: Box::new(PolicyChange {
                        account_id: saved.account_id,
                        service,
                        region: saved.region.clone(),
                        name: saved.name.clone(),
                        expected: saved.policy_after.clone(),
                        live,
                    }),
                });
                return Ok(result);
            }
            if let Some(text) = &live {
                match back_up_live(backup, &options, &saved, text) {
                    Ok(replaced) => replaced_backup = Some(replaced),
                    Err(e) => {
                        result.detail = Some(
                            "the live policy could not be backed up; nothing was written".into(),
                        );
                        result.error = Some(e);
                        return Ok(result);
                    }
                }
            }
        }
        if let Err(e) = calls
            .write(service, region, name, url, Some(&saved.policy))
            .await
        {
            result.detail = Some(denied_or(
                &e,
                &saved,
                "the write failed; the policy was not restored",
            ));
            result.error = Some(e.with_account(saved.account_id));
            result.replaced_backup = replaced_backup.map(|(path, _)| path.display().to_string());
            return Ok(result);
        }
        result.replaced = live;
        // The replaced policy's backup is a backup like any other: its change (this write)
        // is made, so it gets its receipt and restores in turn without force.
        let mut unrecorded = None;
        if let Some((path, replaced)) = replaced_backup {
            if let Err(e) = write_receipt(&path, &replaced) {
                tracing::warn!(error = %e, "restore: the receipt of a change was not written");
                unrecorded = Some(format!(
                    "the receipt of the replaced policy's backup could not be written ({e}): \
                     restoring it needs force"
                ));
            }
            result.replaced_backup = Some(path.display().to_string());
        }
        match calls.read(service, region, name, url).await {
            Ok(read) if same_policy(read.as_deref(), Some(&saved.policy)) => {
                result.outcome = RestoreOutcome::Restored;
                if read.as_deref() != Some(saved.policy.as_str()) {
                    result.detail = Some(format!(
                        "{service} stores the policy re-formatted; it says the same"
                    ));
                }
            }
            Ok(_) => {
                result.outcome = RestoreOutcome::WrittenUnverified;
                result.detail = Some(
                    "written, but the policy read back is not the backup's: someone may have \
                     changed it right after; read it"
                        .into(),
                );
            }
            Err(e) => {
                result.outcome = RestoreOutcome::WrittenUnverified;
                result.detail = Some("written, but it could not be read back".into());
                result.error = Some(e.with_account(saved.account_id));
            }
        }
        if let Some(note) = unrecorded {
            result.detail = Some(match result.detail.take() {
                Some(detail) => format!("{detail}; {note}"),
                None => note,
            });
        }
        Ok(result)
    }
}

/// Backs up the live policy a forced restore replaces: a backup of its own (same
/// format), whose "what the change left" is the restored policy, so that it can be
/// restored in turn.
fn back_up_live(
    backup: &Path,
    options: &RestoreOptions,
    saved: &PolicyBackup,
    live: &str,
) -> Result<(PathBuf, PolicyBackup)> {
    let folder = match &options.backup_dir {
        Some(dir) => dir.clone(),
        None => backup
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned(),
    };
    let replaced = PolicyBackup::new(
        &saved.plan_id,
        saved.account_id,
        saved.service,
        &saved.region,
        &saved.name,
        saved.queue_url.as_deref(),
        live,
        Some(&saved.policy),
    );
    let file_name = format!(
        "{}-{}-{}-{}.replaced-{}.json",
        saved.account_id,
        saved.service,
        saved.region,
        saved.name,
        Utc::now().format("%Y%m%dT%H%M%S%.6fZ")
    );
    write_new(&folder, &file_name, &replaced).map(|path| (path, replaced))
}

/// What an AWS refusal of a restore's call means, or `otherwise`.
fn denied_or(error: &Error, saved: &PolicyBackup, otherwise: &str) -> String {
    match error.kind() {
        ErrorKind::AccessDenied => format!(
            "the {} root session was denied: the task policy allows this call, so an SCP \
             in account {} (or a missing exemption for aws:AssumedRoot) blocks it; nothing \
             was written",
            saved.service.task_policy(),
            saved.account_id
        ),
        ErrorKind::NotFound => format!(
            "the {} no longer exists; nothing to restore into",
            if saved.service == ResourceService::S3 {
                "bucket"
            } else {
                "queue"
            }
        ),
        _ => otherwise.to_owned(),
    }
}
