//! `apply_unlock`: unlock exactly the policies a plan lists, each only if it is still the
//! text the plan was made from, after a synced backup; then verify by reading again.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;

use super::apply_item::{ItemContext, result, unlock_item};
use super::calls::ResourceCalls;
use super::item_log::AccountLog;
use super::journal::UnlockJournal;
use super::plan::{UnlockItem, UnlockPlan};
use super::report::{UnlockOutcome, UnlockReport, UnlockResult};
use crate::engine::Rootctl;
use crate::engine::fanout::for_each_account;
use crate::engine::progress::ProgressFn;
use crate::error::{Error, Result};
use crate::model::{AccountId, AccountState, Partition, ResourceService};
use crate::ops::plan_checks::PlanStamp;

/// Where backups go when [`ApplyUnlockOptions::backup_dir`] is not set.
pub const DEFAULT_BACKUP_DIR: &str = "rootctl-backups";

/// How to apply an unlock plan. Named as in Python
/// (`apply_unlock(plan, dry_run=False, backup_dir=None, journal=None)`).
#[derive(Clone, Default)]
pub struct ApplyUnlockOptions {
    /// Report what would happen without a single mutating call or file. Default false.
    pub dry_run: bool,
    /// Where the backups go, under a folder named after the plan. Default
    /// [`DEFAULT_BACKUP_DIR`] in the current directory.
    pub backup_dir: Option<PathBuf>,
    /// Append a JSON-lines journal of every change (intent, outcome) at this path.
    pub journal: Option<PathBuf>,
    /// Receives progress events.
    pub progress: Option<ProgressFn>,
    /// Refuse plans older than this (`None`: any age). Default none: each policy is
    /// compared with the plan's copy before it is changed anyway. A plan dated more than
    /// [`CLOCK_SKEW_ALLOWANCE`](crate::CLOCK_SKEW_ALLOWANCE) in the future is refused
    /// whatever this says.
    pub max_plan_age: Option<Duration>,
}

impl fmt::Debug for ApplyUnlockOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplyUnlockOptions")
            .field("dry_run", &self.dry_run)
            .field("backup_dir", &self.backup_dir)
            .field("journal", &self.journal)
            .field("progress", &self.progress.is_some())
            .field("max_plan_age", &self.max_plan_age)
            .finish()
    }
}

impl Rootctl {
    /// Applies `plan`. For each policy: read it again; no policy now is
    /// `already_absent`; a text other than the plan's (by SHA-256) is `drift` and left
    /// alone; in a dry run, `would_unlock`. Otherwise the backup is written (`0600`,
    /// synced, bound to its resource), the intent journaled, the policy read once more
    /// (changed meanwhile: `drift`, the backup kept), then changed (delete, or the
    /// surgical policy) and read back: `unlocked` when it reads as planned, else
    /// `failed`. What the run repaired on its way (a torn journal line, a partial backup
    /// moved aside) is in [`UnlockReport::notes`].
    ///
    /// Refused before any change: an invalid plan (see [`UnlockPlan::validate`]: every
    /// item is derived again from its policy), one of another partition than the
    /// client's, one made for another organization (or naming another management
    /// account), one too old for [`ApplyUnlockOptions::max_plan_age`] or dated in the
    /// future, RootSessions off, a journal that cannot be
    /// read. Accounts not ACTIVE now are `failed` with the reason, untouched.
    pub async fn apply_unlock(
        &self,
        plan: &UnlockPlan,
        options: ApplyUnlockOptions,
    ) -> Result<UnlockReport> {
        plan.validate()?;
        stamp(plan).check_dates(options.max_plan_age, Utc::now())?;
        // A plan's resources are in the client's partition, or this client cannot reach them
        // (and their ARNs would be judged in the wrong one).
        if self.region().is_some()
            && let Some(item) = plan
                .items
                .iter()
                .find(|i| Partition::from_region(&i.region) != self.partition())
        {
            return Err(Error::invalid_input(
                "unlock plan",
                plan.plan_id.clone(),
                format!(
                    "has {item} in partition {}, but this client works in {}",
                    Partition::from_region(&item.region),
                    self.partition()
                ),
            ));
        }
        let (s3, sqs) = self.resource_boundaries()?;
        let org = self
            .with_retries("DescribeOrganization", || {
                self.organizations.describe_organization()
            })
            .await?;
        stamp(plan).check_organization(&org)?;
        self.require_root_sessions().await?;
        let states: HashMap<AccountId, AccountState> = self
            .with_retries("ListAccounts", || self.organizations.list_accounts())
            .await?
            .into_iter()
            .map(|a| (a.id, a.state))
            .collect();
        // A dry run reads the journal (refusing one of another plan) but writes nothing.
        let journal = match &options.journal {
            Some(path) => Some(Arc::new(UnlockJournal::open(
                path,
                &plan.plan_id,
                !options.dry_run,
            )?)),
            None => None,
        };
        let mut notes: Vec<String> = journal
            .as_ref()
            .and_then(|j| j.repaired())
            .map(str::to_owned)
            .into_iter()
            .collect();
        let backup_dir = options
            .backup_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_BACKUP_DIR));
        let run = self.run("apply_unlock", options.progress.clone());
        let started_at = Utc::now();
        let mut accounts: Vec<AccountId> = plan.items.iter().map(|i| i.account_id).collect();
        accounts.sort();
        accounts.dedup();
        let targetable: Vec<AccountId> = accounts
            .iter()
            .copied()
            .filter(|a| states.get(a) == Some(&AccountState::Active))
            .collect();
        let shared = Arc::new(plan.clone());
        let repairs = Arc::new(Mutex::new(Vec::new()));
        // Each account's log outlives its task: a task stopped midway (its timeout) still
        // reports each item as far as it got.
        let logs: Arc<HashMap<AccountId, Arc<AccountLog>>> = Arc::new(
            targetable
                .iter()
                .map(|a| {
                    let planned = plan.items.iter().filter(|i| i.account_id == *a).count();
                    (*a, Arc::new(AccountLog::new(planned)))
                })
                .collect(),
        );
        let work = {
            let (run, plan, backup_dir, dry_run, repairs, logs) = (
                run.clone(),
                Arc::clone(&shared),
                backup_dir.clone(),
                options.dry_run,
                Arc::clone(&repairs),
                Arc::clone(&logs),
            );
            move |account: AccountId| {
                let (run, plan, backup_dir, journal, repairs) = (
                    run.clone(),
                    Arc::clone(&plan),
                    backup_dir.clone(),
                    journal.clone(),
                    Arc::clone(&repairs),
                );
                let log = logs.get(&account).cloned();
                let (s3, sqs) = (Arc::clone(&s3), Arc::clone(&sqs));
                async move {
                    let log = log.ok_or_else(|| {
                        Error::config("apply_unlock: an account without a log was started")
                    })?;
                    let mut calls = ResourceCalls::new(&run, account, &s3, &sqs);
                    let mut results = Vec::new();
                    let planned = plan.items.iter().filter(|i| i.account_id == account);
                    for (index, item) in planned.enumerate() {
                        let ctx = ItemContext {
                            plan_id: &plan.plan_id,
                            backup_dir: &backup_dir,
                            journal: journal.as_deref(),
                            dry_run,
                            repairs: &repairs,
                            progress: log.item(index),
                        };
                        let done = unlock_item(&mut calls, item, &ctx).await;
                        ctx.progress.done(&done);
                        results.push(done);
                    }
                    Ok(results)
                }
            }
        };
        let done = for_each_account(&run, &targetable, work).await;
        let mut by_account: HashMap<AccountId, Result<Vec<UnlockResult>>> =
            targetable.into_iter().zip(done).collect();
        let mut items = Vec::new();
        for account in &accounts {
            let planned: Vec<&UnlockItem> = plan
                .items
                .iter()
                .filter(|i| i.account_id == *account)
                .collect();
            match by_account.remove(account) {
                Some(Ok(results)) => items.extend(results),
                // The work stopped midway: each item as far as it got (an account with no
                // log, which cannot happen, reads as nothing attempted).
                Some(Err(error)) => {
                    let none = AccountLog::new(0);
                    let log = logs.get(account).map_or(&none, |log| log.as_ref());
                    items.extend(log.results(&planned, &error.with_account(*account)));
                }
                None => {
                    let why = match states.get(account) {
                        Some(state) => {
                            format!("the account is {state} now, not ACTIVE; nothing was attempted")
                        }
                        None => {
                            "the account is no longer in the organization; nothing was attempted"
                                .into()
                        }
                    };
                    items.extend(
                        planned.iter().map(|i| {
                            result(i, UnlockOutcome::Failed, None, Some(why.clone()), None)
                        }),
                    );
                }
            }
        }
        // Plan order, whatever order the accounts finished in.
        let order: HashMap<(AccountId, ResourceService, &str, &str), usize> = plan
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| {
                (
                    (i.account_id, i.service, i.region.as_str(), i.name.as_str()),
                    n,
                )
            })
            .collect();
        items.sort_by_key(|r| {
            order
                .get(&(r.account_id, r.service, r.region.as_str(), r.name.as_str()))
                .copied()
        });
        notes.extend(
            repairs
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .drain(..),
        );
        Ok(UnlockReport {
            plan_id: plan.plan_id.clone(),
            organization_id: org.id,
            dry_run: options.dry_run,
            started_at,
            finished_at: Utc::now(),
            items,
            notes,
        })
    }
}

/// The checks every plan passes (`ops::plan_checks`), as they read an unlock plan.
fn stamp(plan: &UnlockPlan) -> PlanStamp<'_> {
    PlanStamp {
        kind: "unlock plan",
        plan_id: &plan.plan_id,
        organization_id: &plan.organization_id,
        management_account_id: plan.management_account_id,
        created_at: plan.created_at,
    }
}
