//! One planned policy of `apply_unlock`: read it again, back it up, journal the intent,
//! change it, read it back (see docs/safety.md, "Unlocking bucket and queue policies").

use std::path::Path;
use std::sync::Mutex;

use super::backup::PolicyBackup;
use super::calls::{ResourceCalls, same_policy};
use super::durable::write_backup;
use super::item_log::ItemProgress;
use super::journal::UnlockJournal;
use super::plan::{UnlockItem, sha256_hex};
use super::receipt::{discard_receipt, write_receipt};
use super::report::{UnlockOutcome, UnlockResult};
use crate::error::Error;

pub(crate) struct ItemContext<'a> {
    pub(crate) plan_id: &'a str,
    pub(crate) backup_dir: &'a Path,
    pub(crate) journal: Option<&'a UnlockJournal>,
    pub(crate) dry_run: bool,
    /// What the run repaired on its way (a partial backup moved aside), for the report.
    pub(crate) repairs: &'a Mutex<Vec<String>>,
    /// Where this item's progress is recorded, so that a stop midway reports it.
    pub(crate) progress: ItemProgress<'a>,
}

pub(crate) fn result(
    item: &UnlockItem,
    outcome: UnlockOutcome,
    backup: Option<&Path>,
    detail: Option<String>,
    error: Option<Error>,
) -> UnlockResult {
    UnlockResult {
        account_id: item.account_id,
        service: item.service,
        region: item.region.clone(),
        name: item.name.clone(),
        outcome,
        backup_path: backup.map(|p| p.display().to_string()),
        detail,
        error: error.map(|e| e.with_account(item.account_id)),
    }
}

pub(crate) async fn unlock_item(
    calls: &mut ResourceCalls<'_>,
    item: &UnlockItem,
    ctx: &ItemContext<'_>,
) -> UnlockResult {
    let (service, region, name, url) = (
        item.service,
        item.region.as_str(),
        item.name.as_str(),
        item.queue_url.as_deref(),
    );
    let now = match calls.read(service, region, name, url).await {
        Ok(now) => now,
        Err(e) => {
            return result(
                item,
                UnlockOutcome::Failed,
                None,
                Some("the policy could not be read; nothing was changed".into()),
                Some(e),
            );
        }
    };
    let Some(now) = now else {
        return result(item, UnlockOutcome::AlreadyAbsent, None, None, None);
    };
    let hash = sha256_hex(&now);
    if hash != item.policy_before_sha256 {
        let detail = format!(
            "the policy changed since the plan (sha256 {} now, {} planned); left alone",
            &hash[..12],
            &item.policy_before_sha256[..12]
        );
        return result(item, UnlockOutcome::Drift, None, Some(detail), None);
    }
    if ctx.dry_run {
        return result(item, UnlockOutcome::WouldUnlock, None, None, None);
    }
    let saved = PolicyBackup::of_item(ctx.plan_id, item);
    let backup = match write_backup(ctx.backup_dir, &saved) {
        Ok(written) => {
            if let Some(aside) = &written.moved_aside {
                ctx.repairs
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push(format!(
                        "{item}: a backup file that could not be read (left by an \
                         interrupted run) was moved aside to {}",
                        aside.display()
                    ));
            }
            ctx.progress.backed_up(&written.path);
            written.path
        }
        Err(e) => {
            return result(
                item,
                UnlockOutcome::Failed,
                None,
                Some("the backup could not be written; nothing was changed".into()),
                Some(e),
            );
        }
    };
    // A receipt an earlier run of this plan left beside the same backup vouches for that
    // run's change, not for this attempt (see docs/safety.md, "Restores").
    if let Err(e) = discard_receipt(&backup) {
        return result(
            item,
            UnlockOutcome::Failed,
            Some(&backup),
            Some(
                "an earlier receipt of this backup could not be removed; nothing was changed"
                    .into(),
            ),
            Some(e),
        );
    }
    if let Some(journal) = ctx.journal
        && let Err(e) = journal.record(item, "intent", Some(&backup), None)
    {
        return result(
            item,
            UnlockOutcome::Failed,
            Some(&backup),
            Some("the journal could not be written; nothing was changed".into()),
            Some(e),
        );
    }
    // The backup and the intent took time (each synced to disk): read once more right
    // before the change, so that a policy written meanwhile is drift, never deleted. One
    // request remains between this read and the change: AWS offers no conditional write
    // for these policies (see docs/safety.md, "Drift is left alone").
    let stop = match calls.read(service, region, name, url).await {
        Ok(Some(text)) if sha256_hex(&text) == item.policy_before_sha256 => None,
        Ok(Some(text)) => Some((
            UnlockOutcome::Drift,
            format!(
                "the policy changed after its backup was written (sha256 {} now, {} \
                 planned); left alone; the backup stays on disk",
                &sha256_hex(&text)[..12],
                &item.policy_before_sha256[..12]
            ),
            None,
        )),
        Ok(None) => Some((
            UnlockOutcome::AlreadyAbsent,
            "the policy was removed after its backup was written; nothing to do; the backup \
             stays on disk"
                .to_owned(),
            None,
        )),
        Err(e) => Some((
            UnlockOutcome::Failed,
            "the policy could not be read again right before the change; nothing was \
             changed; the backup stays on disk"
                .to_owned(),
            Some(e),
        )),
    };
    if let Some((outcome, detail, error)) = stop {
        return finish(ctx, item, outcome, &backup, Some(detail), error);
    }
    let after = item.policy_after.as_deref();
    let written = calls.write(service, region, name, url, after).await;
    // The change is made: record it beside its backup, so that the backup restores
    // without force. A backup without a receipt is of a change that may never have been
    // made (drift, already absent, a run that stopped).
    let unrecorded = match &written {
        Ok(()) => {
            let unrecorded = write_receipt(&backup, &saved).err();
            ctx.progress.changed(&backup, unrecorded.is_none());
            unrecorded
        }
        Err(_) => None,
    };
    let verified = match written {
        Ok(()) => calls.read(service, region, name, url).await,
        Err(e) => Err(e),
    };
    let (outcome, mut detail, error) = match verified {
        Ok(read) if same_policy(read.as_deref(), after) => (UnlockOutcome::Unlocked, None, None),
        Ok(_) => (
            UnlockOutcome::Failed,
            Some("verification: the policy read back is not the planned one".into()),
            None,
        ),
        Err(e) => (
            UnlockOutcome::Failed,
            Some("the change or its verification failed; read the policy and the backup".into()),
            Some(e),
        ),
    };
    if let Some(e) = unrecorded {
        tracing::warn!(error = %e, "unlock: the receipt of a change was not written");
        let note = format!(
            "the change was made, but its receipt could not be written ({e}): restoring \
             this backup needs force"
        );
        detail = Some(match detail {
            Some(d) => format!("{d}; {note}"),
            None => note,
        });
    }
    finish(ctx, item, outcome, &backup, detail, error)
}

/// Journals the outcome of an item whose intent is journaled, and reports it.
fn finish(
    ctx: &ItemContext<'_>,
    item: &UnlockItem,
    outcome: UnlockOutcome,
    backup: &Path,
    detail: Option<String>,
    error: Option<Error>,
) -> UnlockResult {
    if let Some(journal) = ctx.journal {
        // The change is made (or not) whatever the journal says; a journal failure here
        // is logged, not allowed to hide the outcome.
        if let Err(e) = journal.record(item, outcome.as_str(), Some(backup), error.as_ref()) {
            tracing::warn!(error = %e, "unlock journal: outcome not recorded");
        }
    }
    result(item, outcome, Some(backup), detail, error)
}
