//! One account's part of `apply_removal`: read what is there now, remove the planned
//! items in order (journaled), and say what became of each.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use super::plan::{AccountRemovalPlan, RemovalItem, RemovalPlan};
use super::report::{AccountRemoval, ItemOutcome, ItemResult};
use crate::boundary::RootIam;
use crate::engine::Run;
use crate::engine::journal::{Journal, JournalEvent};
use crate::engine::progress::ProgressKind;
use crate::engine::session::AccountSession;
use crate::error::{Error, Result};
use crate::model::{AccountId, CredentialKind, Deletion, TaskPolicy};

/// The outcomes recorded so far for one account. It outlives the account's task, so a
/// timeout or cancellation keeps the outcomes of the items already handled.
pub(super) type ItemLog = Arc<Mutex<Vec<ItemResult>>>;

/// Works through one account's items; returns the drift.
pub(super) async fn apply_account(
    run: &Run,
    plan: &RemovalPlan,
    planned: &AccountRemovalPlan,
    journal: Option<&Journal>,
    dry_run: bool,
    log: &ItemLog,
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

    // Read what is there now, so absent items cost no call and unplanned ones are seen.
    let kinds: BTreeSet<CredentialKind> = plan.kinds.iter().copied().collect();
    let mut current = BTreeSet::new();
    // The password is read for MFA plans too: MFA must not go while a password stays.
    let password_present = (kinds.contains(&CredentialKind::Password)
        || kinds.contains(&CredentialKind::MfaDevice))
        && session
            .call("GetLoginProfile", |s| async move {
                iam.get_login_profile(&s).await
            })
            .await?
            .is_some();
    if password_present && kinds.contains(&CredentialKind::Password) {
        current.insert(RemovalItem {
            kind: CredentialKind::Password,
            id: None,
        });
    }
    if kinds.contains(&CredentialKind::AccessKey) {
        let keys = session
            .call("ListAccessKeys", |s| async move {
                iam.list_access_keys(&s).await
            })
            .await?;
        current.extend(keys.into_iter().map(|k| RemovalItem {
            kind: CredentialKind::AccessKey,
            id: Some(k.id),
        }));
    }
    if kinds.contains(&CredentialKind::SigningCertificate) {
        let certs = session
            .call("ListSigningCertificates", |s| async move {
                iam.list_signing_certificates(&s).await
            })
            .await?;
        current.extend(certs.into_iter().map(|c| RemovalItem {
            kind: CredentialKind::SigningCertificate,
            id: Some(c.id),
        }));
    }
    if kinds.contains(&CredentialKind::MfaDevice) {
        let devices = session
            .call("ListMFADevices", |s| async move {
                iam.list_mfa_devices(&s).await
            })
            .await?;
        current.extend(devices.into_iter().map(|d| RemovalItem {
            kind: CredentialKind::MfaDevice,
            id: Some(d.serial),
        }));
    }
    let planned_items: BTreeSet<&RemovalItem> = planned.items.iter().collect();
    let drift: Vec<RemovalItem> = current
        .iter()
        .filter(|item| !planned_items.contains(item))
        .cloned()
        .collect();

    // A password that stays (not planned, or its removal failed) keeps its MFA.
    let mut password_stays = password_present
        && !planned_items
            .iter()
            .any(|i| i.kind == CredentialKind::Password);
    for item in &planned.items {
        let id = item.id.as_deref();
        let outcome = if journal.is_some_and(|j| j.is_done(account, item.kind, id)) {
            ItemOutcome::Skipped {
                reason: "done by an earlier run of this plan (journal)".into(),
            }
        } else if !current.contains(item) {
            ItemOutcome::AlreadyAbsent
        } else if item.kind == CredentialKind::MfaDevice && password_stays {
            ItemOutcome::Skipped {
                reason: "the root password remains, so its MFA is kept".into(),
            }
        } else if dry_run {
            ItemOutcome::WouldRemove
        } else {
            remove(&mut session, iam, journal, account, item).await?
        };
        if item.kind == CredentialKind::Password {
            password_stays =
                !(outcome.leaves_it_gone() || matches!(outcome, ItemOutcome::Skipped { .. }));
        }
        match &outcome {
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
        log.lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(ItemResult {
                item: item.clone(),
                outcome,
            });
    }
    Ok(drift)
}

/// Removes one item, journaling intent and outcome. Only a journal failure is an `Err`:
/// AWS errors become the item's `Failed` outcome.
async fn remove(
    session: &mut AccountSession,
    iam: &Arc<dyn RootIam>,
    journal: Option<&Journal>,
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
    let result = match item.kind {
        CredentialKind::Password => {
            session
                .call("DeleteLoginProfile", |s| async move {
                    iam.delete_login_profile(&s).await
                })
                .await
        }
        CredentialKind::AccessKey => {
            session
                .call("DeleteAccessKey", |s| async move {
                    iam.delete_access_key(&s, id).await
                })
                .await
        }
        CredentialKind::SigningCertificate => {
            session
                .call("DeleteSigningCertificate", |s| async move {
                    iam.delete_signing_certificate(&s, id).await
                })
                .await
        }
        CredentialKind::MfaDevice => {
            session
                .call("DeactivateMFADevice", |s| async move {
                    iam.deactivate_mfa_device(&s, id).await
                })
                .await
        }
    };
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

/// Joins what the account's task logged with how it ended: items it never reached get
/// the error that stopped it.
pub(super) fn account_removal(
    planned: &AccountRemovalPlan,
    result: Result<Vec<RemovalItem>>,
    log: &ItemLog,
) -> AccountRemoval {
    let mut items =
        std::mem::take(&mut *log.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
    let (drift, error) = match result {
        Ok(drift) => (drift, None),
        Err(error) => (Vec::new(), Some(error.with_account(planned.account_id))),
    };
    for item in planned.items.iter().skip(items.len()) {
        items.push(ItemResult {
            item: item.clone(),
            outcome: ItemOutcome::Failed {
                error: error.clone().unwrap_or_else(|| {
                    Error::config("the account's work ended before reaching this item")
                }),
            },
        });
    }
    AccountRemoval {
        account_id: planned.account_id,
        name: planned.name.clone(),
        items,
        drift,
        error,
    }
}
