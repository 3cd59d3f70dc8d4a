//! `apply_enforcement`: apply exactly the plan a dry run showed
//! (docs/enforcement.md, "Preview, then apply what was shown").
//!
//! Someone reads a preview and confirms it; a fresh `enforce` after that would audit and
//! plan again, and remove what was never shown: an account that came into scope while
//! they read, a password an exception kept until it expired meanwhile. So the preview
//! carries its plan, and this applies that plan and nothing else. The removal path
//! already reads each account's live state first and leaves anything not planned
//! (drift) alone.

use std::fmt;

use chrono::Utc;

use super::enforcement_policy::EnforcementPolicy;
use super::judge::Basis;
use super::lock::RunLock;
use super::report::EnforcementReport;
use super::run::RunFacts;
use super::scope::{check_exceptions, plan_overreach};
use crate::engine::Rootctl;
use crate::engine::progress::ProgressFn;
use crate::error::{Error, Result};
use crate::model::Timestamp;
use crate::ops::plan_checks::dated_in_the_future;

/// How to run [`Rootctl::apply_enforcement`]. Named as in Python
/// (`apply_enforcement(policy, preview, progress=None)`).
#[derive(Clone, Default)]
pub struct ApplyEnforcementOptions {
    /// Receives the progress events of the removal and its verifying audit.
    pub progress: Option<ProgressFn>,
}

impl fmt::Debug for ApplyEnforcementOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplyEnforcementOptions")
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Rootctl {
    /// Applies the removal plan that `preview`, a dry run of [`Rootctl::enforce`] under
    /// `policy`, showed ([`EnforcementReport::plan`]), and nothing else; then reports
    /// every account of the preview, as `enforce` does.
    ///
    /// What changed since the preview is left for the next run: an account that came
    /// into scope is not touched, a credential added since is reported as drift, an
    /// exception that expired since removes nothing the preview did not show (the
    /// account is `non_compliant`, and says so). The removal follows every rule of
    /// [`Rootctl::apply_removal`]; the run journals and locks like `enforce`.
    ///
    /// Refused with [`Error::InvalidInput`] before any change: a preview that is not a
    /// dry run, was made under another policy (its digest differs), for another
    /// organization, longer ago than the policy's `max_plan_age` (or dated more than
    /// [`CLOCK_SKEW_ALLOWANCE`](crate::CLOCK_SKEW_ALLOWANCE) in the future), or whose plan lists
    /// something the preview does not show as to be removed. And, derived again from the
    /// policy and the organization now (a preview is JSON a person may edit): an
    /// exception `enforce` would refuse, or a plan that removes anything in an account
    /// the policy's selection does not target now, of a kind the policy does not forbid,
    /// or of a kind an exception in force keeps (the refusal names the account and item).
    pub async fn apply_enforcement(
        &self,
        policy: &EnforcementPolicy,
        preview: &EnforcementReport,
        options: ApplyEnforcementOptions,
    ) -> Result<EnforcementReport> {
        self.apply_enforcement_at(policy, preview, options, Utc::now())
            .await
    }

    /// [`Rootctl::apply_enforcement`] as on `now` (its age check and the exceptions'
    /// expiry; tests set the day).
    pub(crate) async fn apply_enforcement_at(
        &self,
        policy: &EnforcementPolicy,
        preview: &EnforcementReport,
        options: ApplyEnforcementOptions,
        now: Timestamp,
    ) -> Result<EnforcementReport> {
        policy.validate()?;
        check_preview(policy, preview, now)?;
        let org = self
            .with_retries("DescribeOrganization", || {
                self.organizations.describe_organization()
            })
            .await?;
        if org.id != preview.organization_id
            || org.management_account_id != preview.management_account_id
        {
            return Err(refusal(
                preview,
                format!(
                    "was made for organization {} (management account {}), but these \
                     credentials are for organization {} (management account {})",
                    preview.organization_id,
                    preview.management_account_id,
                    org.id,
                    org.management_account_id
                ),
            ));
        }
        // What the policy allows now, derived again as `enforce` does: the preview is JSON
        // a person may have edited, its plan and its account entries together.
        let selected = self.select_accounts(&policy.selection).await?;
        check_exceptions(policy, &selected)?;
        if let Some(plan) = &preview.plan
            && let Some(rule) = plan_overreach(policy, &selected, plan, now.date_naive())
        {
            return Err(refusal(preview, rule));
        }
        // Held until the report is made, after the verifying audit.
        let _lock = RunLock::acquire(policy.journal.as_deref(), false)?;
        let caller = self.caller().await?;
        let started_at = Utc::now();
        let (removal, journal) = match &preview.plan {
            None => (None, None),
            Some(plan) => {
                let (removal, journal) = self
                    .apply_plan(policy, plan, false, options.progress)
                    .await?;
                (Some(removal), journal)
            }
        };
        let facts = RunFacts {
            organization_id: org.id,
            management_account_id: org.management_account_id,
            caller,
            dry_run: false,
            started_at,
            trigger: preview.trigger.clone(),
            plan: preview.plan.clone(),
            journal,
            skipped: preview.skipped.clone(),
            region: self.region().map(str::to_owned),
        };
        let bases = preview.accounts.iter().map(Basis::previewed).collect();
        Ok(facts.report(policy, bases, now.date_naive(), removal.as_ref()))
    }
}

fn refusal(preview: &EnforcementReport, rule: String) -> Error {
    let shown = preview
        .plan_id
        .clone()
        .unwrap_or_else(|| format!("dry run of {}", preview.started_at.to_rfc3339()));
    Error::invalid_input("enforcement preview", shown, rule)
}

/// Everything about the preview that can be checked without AWS.
fn check_preview(
    policy: &EnforcementPolicy,
    preview: &EnforcementReport,
    now: Timestamp,
) -> Result<()> {
    let bad = |rule: String| Err(refusal(preview, rule));
    if !preview.dry_run {
        return bad(
            "is the report of a run that could change things, not a dry run: apply a \
             preview made by enforce with dry_run"
                .to_owned(),
        );
    }
    // A date after now (beyond the clock skew allowed) is an edit or a wrong clock, and
    // makes the age check below meaningless.
    let dates = [
        ("was made", Some(preview.started_at)),
        (
            "carries a plan made",
            preview.plan.as_ref().map(|p| p.created_at),
        ),
    ];
    for (did, at) in dates {
        if let Some(rule) = at.and_then(|at| dated_in_the_future(did, at, now)) {
            return bad(format!(
                "{rule}: make a new dry run, or set the clock right"
            ));
        }
    }
    let digest = policy.digest();
    if preview.policy_digest != digest {
        return bad(format!(
            "was made under another policy ({}), not this one ({digest}): make a new dry \
             run under this policy",
            preview.policy_digest
        ));
    }
    if let Some(max_age) = policy.max_plan_age {
        let age = now.signed_duration_since(preview.started_at);
        if age > chrono::TimeDelta::from_std(max_age).unwrap_or(chrono::TimeDelta::MAX) {
            return bad(format!(
                "was made at {} ({} hours ago), more than the {} hours the policy's \
                 max_plan_age_hours allows: make a new dry run",
                preview.started_at.format("%Y-%m-%d %H:%M UTC"),
                age.num_hours(),
                max_age.as_secs_f64() / 3600.0
            ));
        }
    }
    let Some(plan) = &preview.plan else {
        if preview.plan_id.is_some() {
            return bad(
                "names a plan but does not carry it (a report of an older rootctl?): \
                 make a new dry run"
                    .to_owned(),
            );
        }
        return Ok(());
    };
    plan.validate()?;
    if preview.plan_id.as_deref() != Some(plan.plan_id.as_str())
        || plan.organization_id != preview.organization_id
        || plan.management_account_id != preview.management_account_id
        || plan.kinds != policy.kinds
    {
        return bad(format!(
            "carries plan {} for organization {} and kinds {:?}, which is not the plan of this \
             preview and policy",
            plan.plan_id, plan.organization_id, policy.kinds
        ));
    }
    for planned in &plan.accounts {
        let shown = preview.account(&planned.account_id);
        for item in &planned.items {
            if !shown.is_some_and(|entry| entry.remaining.contains(item)) {
                return bad(format!(
                    "has a plan that removes {item} in account {}, which the preview does not \
                     show as to be removed",
                    planned.account_id
                ));
            }
        }
    }
    Ok(())
}
