//! `apply_removal`: remove exactly what a plan lists, safely, then verify.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::Utc;

use super::plan::{AccountRemovalPlan, RemovalItem, RemovalPlan};
use super::report::{AccountRemoval, ItemOutcome, ItemResult, RemovalReport, summarize};
use crate::boundary::RootIam;
use crate::engine::Rootctl;
use crate::engine::Run;
use crate::engine::fanout::for_each_account;
use crate::engine::journal::{Journal, JournalEvent};
use crate::engine::progress::{ProgressFn, ProgressKind};
use crate::engine::session::AccountSession;
use crate::error::{Error, Result};
use crate::model::{AccountId, AccountState, CredentialKind, Deletion, TaskPolicy};
use crate::ops::audit::{AuditReport, audit_targets};
use crate::ops::select::Target;

/// How to apply a plan.
#[derive(Clone, Default)]
pub struct ApplyOptions {
    /// Report what would happen without a single mutating call. Default false.
    pub dry_run: bool,
    /// Write (and resume from) an append-only JSON-lines journal at this path.
    pub journal: Option<PathBuf>,
    /// Receives progress events.
    pub progress: Option<ProgressFn>,
    /// Skip the verifying audit after applying. Default false: verify.
    pub skip_verification: bool,
}

impl fmt::Debug for ApplyOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplyOptions")
            .field("dry_run", &self.dry_run)
            .field("journal", &self.journal)
            .field("progress", &self.progress.is_some())
            .field("skip_verification", &self.skip_verification)
            .finish()
    }
}

impl Rootctl {
    /// Applies `plan`: in each account, one delete session removes the listed items in
    /// the safe order (password, access keys, signing certificates, MFA last), each item
    /// reported removed / already absent / failed / skipped; then the planned accounts are
    /// audited again and the audit is reported beside the outcomes.
    ///
    /// Refused before any call: an invalid plan, or a plan made for another organization.
    /// Credentials present now but not in the plan are reported as drift, never removed.
    /// MFA devices are kept while the account still has a password. With a journal, a
    /// re-run of the same plan skips what an earlier run already did.
    pub async fn apply_removal(
        &self,
        plan: &RemovalPlan,
        options: ApplyOptions,
    ) -> Result<RemovalReport> {
        plan.validate()?;
        let org = self
            .with_retries("DescribeOrganization", || {
                self.organizations.describe_organization()
            })
            .await?;
        if org.id != plan.organization_id {
            return Err(Error::invalid_input(
                "removal plan",
                plan.plan_id.clone(),
                format!(
                    "was made for organization {}, but these credentials are for organization {}",
                    plan.organization_id, org.id
                ),
            ));
        }
        let journal = match &options.journal {
            Some(path) => Some(Arc::new(Journal::open(
                path,
                &plan.plan_id,
                !options.dry_run,
            )?)),
            None => None,
        };
        let verify = !(options.dry_run || options.skip_verification);
        // Read before any change, so that nothing after the removals can fail the call and
        // lose their report.
        let caller = if verify {
            Some(self.caller().await?)
        } else {
            None
        };

        let run = self.run("apply_removal", options.progress.clone());
        let started_at = Utc::now();
        let plan = Arc::new(plan.clone());
        let ids: Vec<AccountId> = plan.accounts.iter().map(|a| a.account_id).collect();
        // Plans list each account once (validated), so ids index the plan and the logs.
        let index_of: HashMap<AccountId, usize> = ids
            .iter()
            .enumerate()
            .map(|(index, id)| (*id, index))
            .collect();
        let logs: Vec<ItemLog> = ids.iter().map(|_| ItemLog::default()).collect();
        let results = {
            let (worker, plan, logs) = (run.clone(), Arc::clone(&plan), logs.clone());
            let dry_run = options.dry_run;
            for_each_account(&run, &ids, move |account| {
                let index = index_of[&account];
                let (run, plan) = (worker.clone(), Arc::clone(&plan));
                let (journal, log) = (journal.clone(), Arc::clone(&logs[index]));
                async move {
                    let planned = &plan.accounts[index];
                    apply_account(&run, &plan, planned, journal.as_deref(), dry_run, &log).await
                }
            })
            .await
        };
        let finished_at = Utc::now();
        let accounts: Vec<AccountRemoval> = plan
            .accounts
            .iter()
            .zip(results)
            .zip(logs)
            .map(|((planned, result), log)| account_removal(planned, result, &log))
            .collect();
        let verification = if let Some(caller) = caller {
            let targets: Vec<Target> = plan
                .accounts
                .iter()
                .map(|a| Target {
                    account_id: a.account_id,
                    name: a.name.clone(),
                    email: String::new(),
                    state: AccountState::Active,
                    ou_path: a.ou_path.clone(),
                    tags: None,
                })
                .collect();
            let verify_run = self.run("verify", options.progress.clone());
            let verify_started = Utc::now();
            let audits = audit_targets(&verify_run, &targets).await;
            Some(AuditReport::new(
                org.id.clone(),
                org.management_account_id,
                caller,
                verify_started,
                audits,
                Vec::new(),
            ))
        } else {
            None
        };
        Ok(RemovalReport {
            plan_id: plan.plan_id.clone(),
            organization_id: org.id,
            dry_run: options.dry_run,
            started_at,
            finished_at,
            summary: summarize(&accounts),
            accounts,
            verification,
        })
    }
}

/// The outcomes recorded so far for one account. It outlives the account's task, so a
/// timeout or cancellation keeps the outcomes of the items already handled.
type ItemLog = Arc<Mutex<Vec<ItemResult>>>;

/// Works through one account's items; returns the drift.
async fn apply_account(
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
fn account_removal(
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
