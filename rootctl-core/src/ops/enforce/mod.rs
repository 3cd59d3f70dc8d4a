//! `enforce`: keep a declared [`EnforcementPolicy`] true, in one idempotent call.
//!
//! It is the existing operations in sequence, nothing new: [`audit`](crate::Rootctl::audit)
//! the policy's selection, [`plan_removal`](crate::Rootctl::plan_removal) of the
//! forbidden kinds (minus what an exception in force keeps),
//! [`apply_removal`](crate::Rootctl::apply_removal) with its verifying audit, then one
//! status per account. When nothing is forbidden nothing is applied, so a second run
//! right after the first makes no mutating call. [`Rootctl::handle_event`] does the same
//! for the one account an EventBridge event names.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use chrono::{NaiveDate, Utc};
use serde_json::Value;

mod event;
mod lock;
mod parse;
mod policy;
mod report;
mod scope;
#[cfg(test)]
mod tests;

pub use event::{EVENT_NAMES, EventTrigger};
pub use policy::{EXCEPTION_KEYS, EnforcementPolicy, POLICY_KEYS, PolicyException};
pub use report::{
    AccountEnforcement, EnforcementReport, EnforcementStatus, EnforcementSummary, ExceptionState,
};

use crate::engine::Rootctl;
use crate::engine::progress::ProgressFn;
use crate::error::{Error, Result};
use crate::model::{AccountId, CredentialKind};
use crate::ops::audit::{AccountAudit, AuditReport};
use crate::ops::removal::{AccountRemoval, ApplyOptions, ItemOutcome, RemovalItem, RemovalReport};
use crate::ops::select::SelectedAccounts;
use lock::RunLock;
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
    /// Errors before any change are the audit's and the removal's (a selection that
    /// names an unknown OU, a journal another run holds, ...).
    pub async fn enforce(
        &self,
        policy: &EnforcementPolicy,
        options: EnforceOptions,
    ) -> Result<EnforcementReport> {
        policy.validate()?;
        let selected = self.select_accounts(&policy.selection).await?;
        check_exceptions(policy, &selected)?;
        // Held until the report is made, after the verifying audit.
        let _lock = RunLock::acquire(policy.journal.as_deref(), options.dry_run)?;
        let audit = self
            .audit_selected(selected, options.progress.clone())
            .await?;
        self.enforce_audited(policy, audit, None, options).await
    }

    /// Enforces `policy` on the one account an EventBridge event names (an account
    /// created in, invited into or moved within the organization; see [`EventTrigger`]),
    /// if the policy selects it. Returns `None` for an event that names no such account
    /// (another event, a failed call); a report with no account, and the account under
    /// `skipped` with the reason, when the policy does not select it.
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
                selected.organization_id,
                selected.management_account_id,
                self.caller().await?,
                now,
                Vec::new(),
                vec![skipped],
            );
            return self
                .enforce_audited(policy, audit, Some(trigger), options)
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
        self.enforce_audited(policy, audit, Some(trigger), options)
            .await
            .map(Some)
    }

    async fn enforce_audited(
        &self,
        policy: &EnforcementPolicy,
        audit: AuditReport,
        trigger: Option<EventTrigger>,
        options: EnforceOptions,
    ) -> Result<EnforcementReport> {
        let today = Utc::now().date_naive();
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

        let mut journal = None;
        let removal = if plan.item_count() == 0 {
            None
        } else {
            // The run lock created the directory.
            if let (Some(dir), false) = (&policy.journal, options.dry_run) {
                journal = Some(dir.join(format!("enforce-{}.jsonl", plan.plan_id)));
            }
            let apply = ApplyOptions {
                dry_run: options.dry_run,
                journal: journal.clone(),
                progress: options.progress.clone(),
                verify: true,
                max_plan_age: policy.max_plan_age,
            };
            Some(self.apply_removal(&plan, apply).await?)
        };

        let accounts: Vec<AccountEnforcement> = audit
            .accounts
            .iter()
            .map(|audited| {
                let exception = policy.exception(&audited.account_id);
                judge(policy, audited, exception, today, removal.as_ref())
            })
            .collect();
        let targeted: BTreeSet<AccountId> = accounts.iter().map(|a| a.account_id).collect();
        let exceptions = policy
            .exceptions
            .iter()
            .map(|e| exception_state(e, today, targeted.contains(&e.account)))
            .collect();
        let summary = EnforcementReport::summarize(&accounts, audit.skipped.len());
        Ok(EnforcementReport {
            organization_id: audit.organization_id,
            management_account_id: audit.management_account_id,
            caller: audit.caller,
            policy_digest: policy.digest(),
            policy: policy.to_value(),
            dry_run: options.dry_run,
            started_at: audit.started_at,
            finished_at: Utc::now(),
            trigger,
            plan_id: removal.as_ref().map(|r| r.plan_id.clone()),
            journal,
            accounts,
            skipped: audit.skipped,
            exceptions,
            summary,
        })
    }
}

fn exception_state(e: &PolicyException, today: NaiveDate, in_scope: bool) -> ExceptionState {
    ExceptionState {
        account_id: e.account,
        reason: e.reason.clone(),
        keep: e.keep.clone(),
        expires: e.expires,
        expired: e.is_expired(today),
        in_scope,
    }
}

/// One account's status, from its audit and its part of the removal.
fn judge(
    policy: &EnforcementPolicy,
    audited: &AccountAudit,
    exception: Option<&PolicyException>,
    today: NaiveDate,
    removal: Option<&RemovalReport>,
) -> AccountEnforcement {
    let all: BTreeSet<CredentialKind> = CredentialKind::ALL.into_iter().collect();
    let exception = exception.map(|e| exception_state(e, today, true));
    let kept: Vec<CredentialKind> = match &exception {
        Some(e) if !e.expired => e.keep.clone(),
        _ => Vec::new(),
    };
    let forbidden =
        |item: &RemovalItem| policy.kinds.contains(&item.kind) && !kept.contains(&item.kind);
    let mut reasons = Vec::new();
    if let Some(ExceptionState {
        expired: true,
        expires: Some(date),
        ..
    }) = &exception
    {
        reasons.push(format!("exception expired on {date}: enforced"));
    }
    let mut entry = AccountEnforcement {
        account_id: audited.account_id,
        name: audited.name.clone(),
        ou_path: audited.ou_path.clone(),
        status: EnforcementStatus::Failed,
        before: None,
        after: None,
        removed: Vec::new(),
        remaining: Vec::new(),
        reasons: Vec::new(),
        exception,
        error: None,
    };
    let Some(credentials) = &audited.credentials else {
        let error = audited.error.clone();
        reasons.push(format!(
            "audit failed: {}",
            error
                .as_ref()
                .map_or_else(|| "no inventory".to_owned(), ToString::to_string)
        ));
        entry.reasons = reasons;
        entry.error = error;
        return entry;
    };
    let before = RemovalItem::of(credentials, &all);
    let worked: Option<(&RemovalReport, &AccountRemoval)> = removal.and_then(|report| {
        report
            .accounts
            .iter()
            .find(|a| a.account_id == audited.account_id)
            .map(|a| (report, a))
    });
    let after = match worked {
        None => Some(before.clone()),
        Some((report, account)) => {
            entry.removed = account
                .items
                .iter()
                .filter(|r| matches!(r.outcome, ItemOutcome::Removed))
                .map(|r| r.item.clone())
                .collect();
            reasons.extend(item_reasons(account, &forbidden));
            entry.error = account.error.clone();
            if report.dry_run {
                Some(before.clone())
            } else {
                verified(report, audited.account_id, &mut reasons, &all)
            }
        }
    };
    entry.before = Some(before);
    entry.status = match &after {
        None => EnforcementStatus::Failed,
        Some(after) => {
            entry.remaining = after.iter().filter(|i| forbidden(i)).cloned().collect();
            if !entry.remaining.is_empty() {
                if reasons.is_empty() {
                    reasons.push("still present after the removal".to_owned());
                }
                EnforcementStatus::NonCompliant
            } else if !kept.is_empty() {
                EnforcementStatus::Excepted
            } else if !entry.removed.is_empty() {
                EnforcementStatus::Remediated
            } else {
                EnforcementStatus::Compliant
            }
        }
    };
    entry.after = after;
    entry.reasons = reasons;
    entry
}

/// Why planned items are still there (or would be removed, in a dry run), and drift.
fn item_reasons(account: &AccountRemoval, forbidden: &dyn Fn(&RemovalItem) -> bool) -> Vec<String> {
    // A dry run's items make one reason, so a check's table stays one line per account.
    let would_remove: Vec<String> = account
        .items
        .iter()
        .filter(|r| matches!(r.outcome, ItemOutcome::WouldRemove))
        .map(|r| r.item.to_string())
        .collect();
    let mut reasons: Vec<String> = Vec::new();
    if !would_remove.is_empty() {
        reasons.push(format!("dry run: would remove {}", would_remove.join(", ")));
    }
    reasons.extend(account.items.iter().filter_map(|r| match &r.outcome {
        ItemOutcome::Failed { error } => Some(format!("removing {} failed: {error}", r.item)),
        ItemOutcome::Skipped { reason } => Some(format!("{} not removed: {reason}", r.item)),
        ItemOutcome::Interrupted { error } => {
            Some(format!("removing {} was interrupted: {error}", r.item))
        }
        ItemOutcome::WouldRemove | ItemOutcome::Removed | ItemOutcome::AlreadyAbsent => None,
    }));
    reasons.extend(account.drift.iter().filter(|d| forbidden(d)).map(|d| {
        format!("{d} appeared after the audit (drift): left in place until the next run")
    }));
    if let Some(error) = &account.error {
        reasons.push(format!("work stopped: {error}"));
    }
    reasons
}

/// The account's credentials as the verifying audit found them; `None` (with the reason)
/// when it could not say.
fn verified(
    report: &RemovalReport,
    account: AccountId,
    reasons: &mut Vec<String>,
    all: &BTreeSet<CredentialKind>,
) -> Option<Vec<RemovalItem>> {
    let audit = report
        .verification
        .as_ref()
        .and_then(|v| v.account(&account));
    match audit {
        Some(AccountAudit {
            credentials: Some(creds),
            ..
        }) => Some(RemovalItem::of(creds, all)),
        Some(AccountAudit { error, .. }) => {
            reasons.push(format!(
                "verifying audit failed: {}",
                error
                    .as_ref()
                    .map_or_else(|| "no inventory".to_owned(), ToString::to_string)
            ));
            None
        }
        None => {
            reasons.push("not verified: the account was not worked on".to_owned());
            None
        }
    }
}
