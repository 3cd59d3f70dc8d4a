//! `apply_removal`: remove exactly what a plan lists, safely, then verify.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use super::account::{SharedLog, account_removal, apply_account, refused};
use super::plan::{RemovalItem, RemovalPlan};
use super::report::{AccountRemoval, RemovalReport, summarize};
use crate::engine::Rootctl;
use crate::engine::fanout::for_each_account;
use crate::engine::journal::Journal;
use crate::engine::progress::ProgressFn;
use crate::error::{Error, Result};
use crate::model::{AccountId, AccountState, CredentialKind, Organization};
use crate::ops::audit::{AuditReport, audit_targets};
use crate::ops::plan_checks::PlanStamp;
use crate::ops::select::Target;

/// How to apply a plan. Named as in Python (`apply_removal(plan, dry_run=False,
/// journal=None, progress=None, verify=True)`).
#[derive(Clone)]
pub struct ApplyOptions {
    /// Report what would happen without a single mutating call. Default false.
    pub dry_run: bool,
    /// Write (and resume from) an append-only JSON-lines journal at this path.
    pub journal: Option<PathBuf>,
    /// Receives progress events.
    pub progress: Option<ProgressFn>,
    /// Audit the planned accounts again after applying and report it beside the
    /// outcomes. Default true (a dry run never verifies: nothing changed).
    pub verify: bool,
    /// Refuse plans made longer ago than this: an old plan describes credentials that
    /// may have changed since. Default [`DEFAULT_MAX_PLAN_AGE`] (24 hours); `None`
    /// accepts any age. A plan dated more than
    /// [`CLOCK_SKEW_ALLOWANCE`](crate::CLOCK_SKEW_ALLOWANCE) in the future is refused
    /// either way.
    pub max_plan_age: Option<Duration>,
}

/// How old a plan [`ApplyOptions::default`] accepts: 24 hours.
pub const DEFAULT_MAX_PLAN_AGE: Duration = Duration::from_secs(24 * 60 * 60);

impl Default for ApplyOptions {
    fn default() -> Self {
        Self {
            dry_run: false,
            journal: None,
            progress: None,
            verify: true,
            max_plan_age: Some(DEFAULT_MAX_PLAN_AGE),
        }
    }
}

impl fmt::Debug for ApplyOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplyOptions")
            .field("dry_run", &self.dry_run)
            .field("journal", &self.journal)
            .field("progress", &self.progress.is_some())
            .field("verify", &self.verify)
            .field("max_plan_age", &self.max_plan_age)
            .finish()
    }
}

impl Rootctl {
    /// Applies `plan`: in each account, one delete session reads what is there now and
    /// removes the listed items in the safe order (password, access keys, signing
    /// certificates, MFA last, whatever order the plan file lists), each item reported
    /// removed / already absent / failed / skipped / interrupted; then the planned
    /// accounts are audited again and the audit is reported beside the outcomes.
    ///
    /// Refused before any change: an invalid plan, a plan older than
    /// [`ApplyOptions::max_plan_age`] or dated more than
    /// [`CLOCK_SKEW_ALLOWANCE`](crate::CLOCK_SKEW_ALLOWANCE) in the future, a plan made
    /// for another organization or naming another management account, a plan that
    /// targets the management account. Accounts that left the organization or are not
    /// ACTIVE now are not touched (their items are skipped with the reason). Credentials
    /// present now but not in the plan, including a password set after the audit, are
    /// reported as drift, never removed. MFA devices are kept while the account still has
    /// a password. The live state decides what is removed; the journal records every
    /// intent and outcome (`docs/safety.md`).
    pub async fn apply_removal(
        &self,
        plan: &RemovalPlan,
        options: ApplyOptions,
    ) -> Result<RemovalReport> {
        plan.validate()?;
        stamp(plan).check_dates(options.max_plan_age, Utc::now())?;
        let org = self
            .with_retries("DescribeOrganization", || {
                self.organizations.describe_organization()
            })
            .await?;
        check_organization(plan, &org)?;
        // Membership and state now, not at audit time: an account that left the
        // organization or was suspended since is not touched.
        let accounts = self
            .with_retries("ListAccounts", || self.organizations.list_accounts())
            .await?;
        let states: HashMap<AccountId, AccountState> =
            accounts.into_iter().map(|a| (a.id, a.state)).collect();
        let journal = match &options.journal {
            Some(path) => Some(Arc::new(Journal::open(
                path,
                &plan.plan_id,
                !options.dry_run,
            )?)),
            None => None,
        };
        let notes: Vec<String> = journal
            .as_ref()
            .and_then(|j| j.repaired())
            .map(str::to_owned)
            .into_iter()
            .collect();
        let verify = options.verify && !options.dry_run;
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
        let refusals: HashMap<AccountId, Error> = ids
            .iter()
            .filter_map(|id| not_targetable(*id, states.get(id)).map(|e| (*id, e)))
            .collect();
        let targetable: Vec<AccountId> = ids
            .iter()
            .copied()
            .filter(|id| !refusals.contains_key(id))
            .collect();
        let logs: Vec<SharedLog> = ids.iter().map(|_| SharedLog::default()).collect();
        let results = {
            let (worker, plan, logs) = (run.clone(), Arc::clone(&plan), logs.clone());
            let dry_run = options.dry_run;
            let kinds: Arc<BTreeSet<CredentialKind>> =
                Arc::new(plan.kinds.iter().copied().collect());
            for_each_account(&run, &targetable, move |account| {
                let index = index_of[&account];
                let (run, plan, kinds) = (worker.clone(), Arc::clone(&plan), Arc::clone(&kinds));
                let (journal, log) = (journal.clone(), Arc::clone(&logs[index]));
                async move {
                    let planned = &plan.accounts[index];
                    apply_account(&run, &kinds, planned, journal.as_deref(), dry_run, &log).await
                }
            })
            .await
        };
        let mut results: HashMap<AccountId, Result<Vec<RemovalItem>>> =
            targetable.into_iter().zip(results).collect();
        let finished_at = Utc::now();
        let accounts: Vec<AccountRemoval> = plan
            .accounts
            .iter()
            .zip(logs)
            .map(|(planned, log)| match refusals.get(&planned.account_id) {
                Some(error) => refused(planned, error.clone()),
                None => {
                    let result = results.remove(&planned.account_id).unwrap_or_else(|| {
                        Err(Error::config("the account's work did not report back"))
                    });
                    account_removal(planned, result, &log)
                }
            })
            .collect();
        let verification = if let Some(caller) = caller {
            // Only the accounts this run worked in: the others were not touched.
            let targets: Vec<Target> = plan
                .accounts
                .iter()
                .filter(|a| !refusals.contains_key(&a.account_id))
                .map(|a| Target {
                    account_id: a.account_id,
                    name: a.name.clone(),
                    email: String::new(),
                    state: AccountState::Active,
                    ou_path: a.ou_path.clone(),
                    parents: Vec::new(),
                    tags: None,
                })
                .collect();
            let verify_run = self.run("verify", options.progress.clone());
            let verify_started = Utc::now();
            let audits = audit_targets(&verify_run, &targets).await;
            Some(AuditReport::new(
                self.region().map(str::to_owned),
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
            notes,
        })
    }
}

/// The checks every plan passes (`ops::plan_checks`), as they read a removal plan.
fn stamp(plan: &RemovalPlan) -> PlanStamp<'_> {
    PlanStamp {
        kind: "removal plan",
        plan_id: &plan.plan_id,
        organization_id: &plan.organization_id,
        management_account_id: plan.management_account_id,
        created_at: plan.created_at,
    }
}

/// The plan must be for this organization, name its management account as it is now,
/// and not target it.
fn check_organization(plan: &RemovalPlan, org: &Organization) -> Result<()> {
    stamp(plan).check_organization(org)?;
    if plan
        .accounts
        .iter()
        .any(|a| a.account_id == org.management_account_id)
    {
        return Err(Error::invalid_input(
            "removal plan",
            plan.plan_id.clone(),
            format!(
                "targets the management account {}, which centralized root access cannot \
                 touch",
                org.management_account_id
            ),
        ));
    }
    Ok(())
}

/// Why `account`, in the state the organization reports now, may not be touched.
fn not_targetable(account: AccountId, state: Option<&AccountState>) -> Option<Error> {
    match state {
        Some(AccountState::Active) => None,
        Some(state) => Some(Error::invalid_input(
            "account",
            account.to_string(),
            format!("is {state} now, not ACTIVE; nothing was attempted in it"),
        )),
        None => Some(Error::invalid_input(
            "account",
            account.to_string(),
            "is no longer a member of the organization; nothing was attempted in it",
        )),
    }
}
