//! `enforce`: keep a declared [`EnforcementPolicy`] true, in one idempotent call.
//!
//! It is the existing operations in sequence, nothing new: [`audit`](crate::Rootctl::audit)
//! the policy's selection, [`plan_removal`](crate::Rootctl::plan_removal) of the
//! forbidden kinds (minus what an exception in force keeps),
//! [`apply_removal`](crate::Rootctl::apply_removal) with its verifying audit, then one
//! status per account. When nothing is forbidden nothing is applied, so a second run
//! right after the first makes no mutating call. [`Rootctl::handle_event`] does the same
//! for the one account an EventBridge event names, and
//! [`Rootctl::apply_enforcement`] applies exactly the plan a dry run showed.
//!
//! Before any root session, each exception is checked against the organization and
//! the selection (`scope`), and a run that may change something takes the journal
//! directory's run lock (`lock`); see docs/enforcement.md.

use std::collections::HashMap;
use std::fmt;

use chrono::Utc;
use serde_json::Value;

mod apply;
#[cfg(test)]
mod apply_tests;
mod enforcement_policy;
mod event;
mod judge;
mod lock;
mod parse;
mod report;
#[cfg(test)]
mod report_tests;
mod run;
mod scope;
#[cfg(test)]
mod tests;

pub use apply::ApplyEnforcementOptions;
pub use enforcement_policy::{EXCEPTION_KEYS, EnforcementPolicy, POLICY_KEYS, PolicyException};
pub use event::{EVENT_NAMES, EventTrigger};
pub use report::{
    AccountEnforcement, EnforcementReport, EnforcementStatus, EnforcementSummary, ExceptionState,
};

use crate::engine::Rootctl;
use crate::engine::progress::ProgressFn;
use crate::error::{Error, Result};
use crate::model::{AccountId, Timestamp};
use crate::ops::audit::AuditReport;
use crate::ops::select::SelectedAccounts;
use judge::Basis;
use lock::RunLock;
use run::RunFacts;
use scope::check_exceptions;

/// How to run [`Rootctl::enforce`]. Named as in Python (`enforce(policy, dry_run=False)`).
#[derive(Clone, Default)]
pub struct EnforceOptions {
    /// Audit and plan, and dry-run the removal: report what would change, with zero
    /// mutating calls. Every account holding a forbidden credential is `non_compliant`.
    /// This is the check mode. Default false.
    pub dry_run: bool,
    /// Receives the progress events of the audit and the removal.
    pub progress: Option<ProgressFn>,
}

impl fmt::Debug for EnforceOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnforceOptions")
            .field("dry_run", &self.dry_run)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Rootctl {
    /// Enforces `policy` on every account it selects: audit, plan, apply, verify (the
    /// existing operations, with their safety rules), then one status per account:
    /// compliant, remediated, non_compliant (with what remains and why), excepted (with
    /// the reason and expiry) or failed. Expired exceptions are enforced, and say so.
    ///
    /// Idempotent: when no account holds a forbidden credential, nothing is applied.
    /// A dry run's report carries the plan it would apply ([`EnforcementReport::plan`]),
    /// for [`Rootctl::apply_enforcement`].
    ///
    /// Errors before any change: the audit's and the removal's (a selection that names
    /// an unknown OU, ...); an exception for an account that is not in the organization,
    /// is the management account, or is left out by the selection
    /// ([`Error::InvalidInput`] naming `exceptions[i].account`); with a journal
    /// directory, a run lock another run holds ([`Error::Journal`]; dry runs take no
    /// lock).
    pub async fn enforce(
        &self,
        policy: &EnforcementPolicy,
        options: EnforceOptions,
    ) -> Result<EnforcementReport> {
        self.enforce_at(policy, options, Utc::now()).await
    }

    /// [`Rootctl::enforce`] with the exceptions judged as on `now` (tests set the day).
    pub(crate) async fn enforce_at(
        &self,
        policy: &EnforcementPolicy,
        options: EnforceOptions,
        now: Timestamp,
    ) -> Result<EnforcementReport> {
        policy.validate()?;
        let selected = self.select_accounts(&policy.selection).await?;
        check_exceptions(policy, &selected)?;
        // Held until the report is made, after the verifying audit.
        let _lock = RunLock::acquire(policy.journal.as_deref(), options.dry_run)?;
        let audit = self
            .audit_selected(selected, options.progress.clone())
            .await?;
        self.enforce_audited(policy, audit, None, options, now)
            .await
    }

    /// Enforces `policy` on the one account an EventBridge event names (an account
    /// created in, invited into or moved within the organization, or whose root user
    /// gained a credential; see [`EventTrigger`]), if the policy selects it. Returns
    /// `None`, with no AWS call, for a known event that calls for no run (a failed call,
    /// a root session's call, an IAM user's); a report with no account, and the account
    /// under `skipped` with the reason, when the policy does not select it (the
    /// management account is never selected).
    ///
    /// Idempotent: the same event delivered again finds the account compliant and
    /// changes nothing. The whole policy's exceptions are checked as in
    /// [`Rootctl::enforce`], whichever account the event names; a run that may change
    /// something holds the run lock.
    ///
    /// Errors before any AWS call: an event rootctl does not act on, or a known event
    /// that names no account, a malformed one or two ([`Error::InvalidInput`] naming the
    /// event); after the organization is read, an account that is not in it.
    pub async fn handle_event(
        &self,
        event: &Value,
        policy: &EnforcementPolicy,
        options: EnforceOptions,
    ) -> Result<Option<EnforcementReport>> {
        policy.validate()?;
        let Some(trigger) = EventTrigger::from_event(event)? else {
            return Ok(None);
        };
        let account = trigger.account_id;
        let selected = self.select_accounts(&policy.selection).await?;
        // The whole policy is checked, whichever account the event names: an exception
        // naming a stranger means the policy is wrong.
        check_exceptions(policy, &selected)?;
        let Some(target) = selected
            .targets
            .iter()
            .find(|t| t.account_id == account)
            .cloned()
        else {
            let Some(skipped) = selected
                .skipped
                .into_iter()
                .find(|s| s.account_id == account)
            else {
                return Err(Error::invalid_input(
                    "account id",
                    account.as_str(),
                    format!(
                        "named by the {} event is not an account of organization {}",
                        trigger.event_name, selected.organization_id
                    ),
                ));
            };
            let now = Utc::now();
            let audit = AuditReport::new(
                self.region().map(str::to_owned),
                selected.organization_id,
                selected.management_account_id,
                self.caller().await?,
                now,
                Vec::new(),
                vec![skipped],
            );
            return self
                .enforce_audited(policy, audit, Some(trigger), options, now)
                .await
                .map(Some);
        };
        let _lock = RunLock::acquire(policy.journal.as_deref(), options.dry_run)?;
        // The others are not looked at: the report is about this account alone.
        let one = SelectedAccounts {
            targets: vec![target],
            skipped: Vec::new(),
            ..selected
        };
        let audit = self.audit_selected(one, options.progress.clone()).await?;
        self.enforce_audited(policy, audit, Some(trigger), options, Utc::now())
            .await
            .map(Some)
    }

    /// Plans what `audit` found (minus what an exception in force on `now`'s date keeps),
    /// applies or dry-runs it, and reports.
    async fn enforce_audited(
        &self,
        policy: &EnforcementPolicy,
        audit: AuditReport,
        trigger: Option<EventTrigger>,
        options: EnforceOptions,
        now: Timestamp,
    ) -> Result<EnforcementReport> {
        let today = now.date_naive();
        let in_force: HashMap<AccountId, &PolicyException> = policy
            .exceptions
            .iter()
            .filter(|e| !e.is_expired(today))
            .map(|e| (e.account, e))
            .collect();
        let mut plan = self.plan_removal(&audit, &policy.kinds)?;
        for account in &mut plan.accounts {
            if let Some(exception) = in_force.get(&account.account_id) {
                account
                    .items
                    .retain(|item| !exception.keep.contains(&item.kind));
            }
        }
        plan.accounts.retain(|a| !a.items.is_empty());
        let plan = (plan.item_count() > 0).then_some(plan);
        let (removal, journal) = match &plan {
            None => (None, None),
            Some(plan) => {
                let (removal, journal) = self
                    .apply_plan(policy, plan, options.dry_run, options.progress.clone())
                    .await?;
                (Some(removal), journal)
            }
        };
        let facts = RunFacts {
            organization_id: audit.organization_id,
            management_account_id: audit.management_account_id,
            caller: audit.caller,
            dry_run: options.dry_run,
            started_at: audit.started_at,
            trigger,
            plan,
            journal,
            skipped: audit.skipped,
            region: self.region().map(str::to_owned),
        };
        let bases = audit.accounts.iter().map(Basis::audited).collect();
        Ok(facts.report(policy, bases, today, removal.as_ref()))
    }
}
