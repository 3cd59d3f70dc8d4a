//! One account's part of `apply_removal`: read what is there now, remove the planned
//! items in the safe order (journaled), and say what became of each.
//!
//! The rules, in the order they are applied to each planned item (`docs/safety.md`):
//! 1. Items are taken in the safe order (password, access keys, signing certificates,
//!    MFA last), whatever order the plan file lists them in.
//! 2. The live read decides, not the journal or the plan: an item not there now is
//!    already absent; an item there now is acted on, even if a journal says an earlier
//!    run removed it (it came back). A password is identified by its creation date, so
//!    one set after the audit is drift and is left alone.
//! 3. An MFA device is never deactivated while the account has a password that this run
//!    does not remove (not planned, drifted, or its removal failed).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use super::calls;
use super::plan::{AccountRemovalPlan, RemovalItem};
use super::report::{AccountRemoval, ItemOutcome, ItemResult};
use crate::boundary::RootIam;
use crate::engine::Run;
use crate::engine::journal::{Journal, JournalEvent};
use crate::engine::progress::ProgressKind;
use crate::engine::session::AccountSession;
use crate::error::{Error, Result};
use crate::model::{AccountId, CredentialKind, Deletion, TaskPolicy};

/// What one account's task has done so far. It outlives the task, so a timeout or a
/// cancellation keeps the outcomes of the items already handled, and knows the item
/// whose removal was in flight.
#[derive(Debug, Default)]
pub(super) struct ItemLog {
    done: Vec<ItemResult>,
    in_flight: Option<RemovalItem>,
}

/// The log shared between an account's task and the code that reports on it.
pub(super) type SharedLog = Arc<Mutex<ItemLog>>;

fn lock(log: &SharedLog) -> std::sync::MutexGuard<'_, ItemLog> {
    log.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `planned`'s items in the safe removal order (stable within a kind):
/// [`CredentialKind`]'s order is the removal order.
pub(super) fn in_safe_order(planned: &AccountRemovalPlan) -> Vec<RemovalItem> {
    let mut items = planned.items.clone();
    items.sort_by_key(|item| item.kind);
    items
}

/// The root user's credentials of `kinds` as they are now, read kind by kind in removal
/// order. The password is read for MFA plans too: MFA must not go while a password stays.
async fn read_live(
    session: &mut AccountSession,
    iam: &Arc<dyn RootIam>,
    kinds: &BTreeSet<CredentialKind>,
) -> Result<Vec<RemovalItem>> {
    let mut live = Vec::new();
    for kind in CredentialKind::ALL {
        let needed = kinds.contains(&kind)
            || (kind == CredentialKind::Password && kinds.contains(&CredentialKind::MfaDevice));
        if needed {
            live.extend(calls::list(session, iam, kind).await?);
        }
    }
    Ok(live)
}

/// Works through one account's items; returns the drift (credentials there now, of the
/// plan's kinds, that the plan does not list).
pub(super) async fn apply_account(
    run: &Run,
    kinds: &BTreeSet<CredentialKind>,
    planned: &AccountRemovalPlan,
    journal: Option<&Journal>,
    dry_run: bool,
    log: &SharedLog,
) -> Result<Vec<RemovalItem>> {
    let account = planned.account_id;
    let iam: Arc<dyn RootIam> = Arc::clone(run.iam());
    let iam = &iam;
    // A dry run reads with an audit session: it must not even hold delete rights.
    let task_policy = if dry_run {
        TaskPolicy::IamAuditRootUserCredentials
    } else {
        TaskPolicy::IamDeleteRootUserCredentials
    };
    let mut session = AccountSession::new(run.clone(), account, task_policy);
    let live = read_live(&mut session, iam, kinds).await?;
    // Items are equal when they are the same credential: same kind and id, and for the
    // password the same creation date.
    let present = |item: &RemovalItem| live.contains(item);
    let items = in_safe_order(planned);
    let drift: Vec<RemovalItem> = live
        .iter()
        .filter(|l| !items.contains(l))
        .cloned()
        .collect();

    // A password there now that this run will not remove keeps the MFA devices.
    let mut password_stays = live
        .iter()
        .any(|l| l.kind == CredentialKind::Password && !items.contains(l));
    for item in &items {
        let outcome = if !present(item) {
            ItemOutcome::AlreadyAbsent
        } else if item.kind == CredentialKind::MfaDevice && password_stays {
            ItemOutcome::Skipped {
                reason: "the root password remains, so its MFA is kept".into(),
            }
        } else if dry_run {
            ItemOutcome::WouldRemove
        } else {
            remove(&mut session, iam, journal, log, account, item).await?
        };
        if item.kind == CredentialKind::Password && present(item) {
            password_stays = !outcome.leaves_it_gone();
        }
        report_progress(run, account, item, &outcome);
        let mut log = lock(log);
        log.in_flight = None;
        log.done.push(ItemResult {
            item: item.clone(),
            outcome,
        });
    }
    Ok(drift)
}

fn report_progress(run: &Run, account: AccountId, item: &RemovalItem, outcome: &ItemOutcome) {
    match outcome {
        ItemOutcome::Removed => {
            run.progress()
                .emit(ProgressKind::ItemRemoved, Some(account), || {
                    item.to_string()
                })
        }
        ItemOutcome::Failed { error } => {
            run.progress()
                .emit(ProgressKind::ItemFailed, Some(account), || {
                    format!("{item}: {error}")
                })
        }
        _ => {}
    }
}

/// Removes one item, journaling intent and outcome. Only a journal failure is an `Err`:
/// AWS errors become the item's `Failed` outcome.
async fn remove(
    session: &mut AccountSession,
    iam: &Arc<dyn RootIam>,
    journal: Option<&Journal>,
    log: &SharedLog,
    account: AccountId,
    item: &RemovalItem,
) -> Result<ItemOutcome> {
    let id = item.id.as_deref().unwrap_or_default();
    if let Some(journal) = journal {
        journal.record(
            account,
            item.kind,
            item.id.as_deref(),
            JournalEvent::Intent,
            None,
        )?;
    }
    // From here on the removal may reach AWS: if the work stops now, the item's fate is
    // unknown (`interrupted`), not "never attempted".
    lock(log).in_flight = Some(item.clone());
    let result = calls::remove(session, iam, item.kind, id).await;
    let (outcome, event) = match result {
        Ok(Deletion::Deleted) => (ItemOutcome::Removed, JournalEvent::Removed),
        Ok(Deletion::AlreadyAbsent) => (ItemOutcome::AlreadyAbsent, JournalEvent::AlreadyAbsent),
        Err(error) => (
            ItemOutcome::Failed {
                error: error.with_account(account),
            },
            JournalEvent::Failed,
        ),
    };
    if let Some(journal) = journal {
        let error = match &outcome {
            ItemOutcome::Failed { error } => Some(error),
            _ => None,
        };
        journal.record(account, item.kind, item.id.as_deref(), event, error)?;
    }
    Ok(outcome)
}

/// Joins what the account's task logged with how it ended. Every planned item gets
/// exactly one outcome: the item whose removal was in flight when the work stopped is
/// `interrupted` (it may be gone: the verifying audit says), the ones never reached are
/// `skipped` with the error that stopped the work.
pub(super) fn account_removal(
    planned: &AccountRemovalPlan,
    result: Result<Vec<RemovalItem>>,
    log: &SharedLog,
) -> AccountRemoval {
    let ItemLog {
        done: mut items,
        in_flight,
    } = std::mem::take(&mut *lock(log));
    let (drift, error) = match result {
        Ok(drift) => (drift, None),
        Err(error) => (Vec::new(), Some(error.with_account(planned.account_id))),
    };
    let stopped = error
        .clone()
        .unwrap_or_else(|| Error::config("the account's work ended before reaching this item"));
    for item in in_safe_order(planned).into_iter().skip(items.len()) {
        let outcome = if in_flight.as_ref() == Some(&item) {
            ItemOutcome::Interrupted {
                error: stopped.clone(),
            }
        } else {
            ItemOutcome::Skipped {
                reason: format!("not reached: {stopped}"),
            }
        };
        items.push(ItemResult { item, outcome });
    }
    AccountRemoval {
        account_id: planned.account_id,
        name: planned.name.clone(),
        items,
        drift,
        error,
    }
}

/// The removal of an account the live organization no longer lets rootctl touch (not a
/// member, or not ACTIVE): nothing attempted, every item skipped with `error`.
pub(super) fn refused(planned: &AccountRemovalPlan, error: Error) -> AccountRemoval {
    let items = in_safe_order(planned)
        .into_iter()
        .map(|item| ItemResult {
            item,
            outcome: ItemOutcome::Skipped {
                reason: format!("not attempted: {error}"),
            },
        })
        .collect();
    AccountRemoval {
        account_id: planned.account_id,
        name: planned.name.clone(),
        items,
        drift: Vec::new(),
        error: Some(error),
    }
}
