//! What every enforcement run shares, whether it planned from its own audit (`enforce`,
//! `handle_event`) or applies a preview's plan (`apply_enforcement`): applying the plan
//! with its journal and verifying audit, and writing the report.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};

use super::enforcement_policy::EnforcementPolicy;
use super::event::EventTrigger;
use super::judge::{Basis, exception_state, judge};
use super::report::{AccountEnforcement, EnforcementReport};
use crate::engine::Rootctl;
use crate::engine::progress::ProgressFn;
use crate::error::Result;
use crate::model::{AccountId, CallerIdentity, Timestamp};
use crate::ops::removal::{ApplyOptions, RemovalPlan, RemovalReport};
use crate::ops::select::Skipped;

impl Rootctl {
    /// Applies (or dry-runs) `plan` with the policy's plan age and, outside dry runs, a
    /// journal of its own in the policy's journal directory (which the run lock made).
    pub(super) async fn apply_plan(
        &self,
        policy: &EnforcementPolicy,
        plan: &RemovalPlan,
        dry_run: bool,
        progress: Option<ProgressFn>,
    ) -> Result<(RemovalReport, Option<PathBuf>)> {
        let journal = match (&policy.journal, dry_run) {
            (Some(dir), false) => Some(dir.join(format!("enforce-{}.jsonl", plan.plan_id))),
            _ => None,
        };
        let apply = ApplyOptions {
            dry_run,
            journal: journal.clone(),
            progress,
            verify: true,
            max_plan_age: policy.max_plan_age,
        };
        Ok((self.apply_removal(plan, apply).await?, journal))
    }
}

/// What a report says besides its accounts.
pub(super) struct RunFacts {
    pub(super) organization_id: String,
    pub(super) management_account_id: AccountId,
    pub(super) caller: CallerIdentity,
    pub(super) dry_run: bool,
    pub(super) started_at: Timestamp,
    pub(super) trigger: Option<EventTrigger>,
    pub(super) plan: Option<RemovalPlan>,
    pub(super) journal: Option<PathBuf>,
    pub(super) skipped: Vec<Skipped>,
    pub(super) region: Option<String>,
}

impl RunFacts {
    /// The report: one status per account of `bases`, the exceptions as on `today`.
    pub(super) fn report(
        self,
        policy: &EnforcementPolicy,
        bases: Vec<Basis>,
        today: NaiveDate,
        removal: Option<&RemovalReport>,
    ) -> EnforcementReport {
        let accounts: Vec<AccountEnforcement> = bases
            .into_iter()
            .map(|basis| {
                let exception = policy.exception(&basis.account_id);
                judge(policy, basis, exception, today, removal)
            })
            .collect();
        let targeted: BTreeSet<AccountId> = accounts.iter().map(|a| a.account_id).collect();
        let exceptions = policy
            .exceptions
            .iter()
            .map(|e| exception_state(e, today, targeted.contains(&e.account)))
            .collect();
        let summary = EnforcementReport::summarize(&accounts, self.skipped.len());
        EnforcementReport {
            organization_id: self.organization_id,
            management_account_id: self.management_account_id,
            caller: self.caller,
            policy_digest: policy.digest(),
            policy: policy.to_value(),
            dry_run: self.dry_run,
            started_at: self.started_at,
            finished_at: Utc::now(),
            trigger: self.trigger,
            plan_id: self.plan.as_ref().map(|p| p.plan_id.clone()),
            plan: self.plan,
            journal: self.journal,
            accounts,
            skipped: self.skipped,
            exceptions,
            summary,
            region: self.region,
        }
    }
}
