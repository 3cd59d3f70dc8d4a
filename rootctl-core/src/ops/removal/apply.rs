//! `apply_removal`: remove exactly what a plan lists, safely, then verify.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::Utc;

use super::account::{ItemLog, account_removal, apply_account};
use super::plan::RemovalPlan;
use super::report::{AccountRemoval, RemovalReport, summarize};
use crate::engine::Rootctl;
use crate::engine::fanout::for_each_account;
use crate::engine::journal::Journal;
use crate::engine::progress::ProgressFn;
use crate::error::{Error, Result};
use crate::model::{AccountId, AccountState};
use crate::ops::audit::{AuditReport, audit_targets};
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
}

impl Default for ApplyOptions {
    fn default() -> Self {
        Self {
            dry_run: false,
            journal: None,
            progress: None,
            verify: true,
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
