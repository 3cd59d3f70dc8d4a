//! One account's status after a run: what it held before, its part of the removal, what
//! the verifying audit found, and its exception.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::enforcement_policy::{EnforcementPolicy, PolicyException};
use super::report::{AccountEnforcement, EnforcementStatus, ExceptionState};
use crate::error::Error;
use crate::model::{AccountId, CredentialKind};
use crate::ops::audit::AccountAudit;
use crate::ops::removal::{AccountRemoval, ItemOutcome, RemovalItem, RemovalReport};

/// What a run knew of an account before it changed anything: from the run's own audit
/// (`enforce`), or from the preview being applied (`apply_enforcement`).
pub(super) struct Basis {
    pub(super) account_id: AccountId,
    pub(super) name: String,
    pub(super) ou_path: String,
    /// Every root credential it held; `None` when it could not be audited.
    pub(super) before: Option<Vec<RemovalItem>>,
    /// Why it could not be audited.
    pub(super) error: Option<Error>,
    /// The plan applied was made while the account's exception was in force (a preview):
    /// if the exception has expired since, this run did not enforce it.
    pub(super) planned_under_exception: bool,
}

impl Basis {
    /// From the run's own audit.
    pub(super) fn audited(audit: &AccountAudit) -> Self {
        let all: BTreeSet<CredentialKind> = CredentialKind::ALL.into_iter().collect();
        Self {
            account_id: audit.account_id,
            name: audit.name.clone(),
            ou_path: audit.ou_path.clone(),
            before: audit
                .credentials
                .as_ref()
                .map(|creds| RemovalItem::of(creds, &all)),
            error: audit.error.clone(),
            planned_under_exception: false,
        }
    }

    /// From a preview's entry for the account.
    pub(super) fn previewed(entry: &AccountEnforcement) -> Self {
        Self {
            account_id: entry.account_id,
            name: entry.name.clone(),
            ou_path: entry.ou_path.clone(),
            before: entry.before.clone(),
            error: entry.error.clone(),
            planned_under_exception: entry.exception.as_ref().is_some_and(|e| !e.expired),
        }
    }
}

pub(super) fn exception_state(
    e: &PolicyException,
    today: NaiveDate,
    in_scope: bool,
) -> ExceptionState {
    ExceptionState {
        account_id: e.account,
        reason: e.reason.clone(),
        keep: e.keep.clone(),
        expires: e.expires,
        expired: e.is_expired(today),
        in_scope,
    }
}

/// One account's status, from what it held before and its part of the removal.
pub(super) fn judge(
    policy: &EnforcementPolicy,
    basis: Basis,
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
        if basis.planned_under_exception {
            reasons.push(format!(
                "exception expired on {date}, after the preview was made: this run applied \
                 only the plan shown, so what the exception kept is still there; the next run \
                 enforces it"
            ));
        } else {
            reasons.push(format!("exception expired on {date}: enforced"));
        }
    }
    let mut entry = AccountEnforcement {
        account_id: basis.account_id,
        name: basis.name,
        ou_path: basis.ou_path,
        status: EnforcementStatus::Failed,
        before: None,
        after: None,
        removed: Vec::new(),
        remaining: Vec::new(),
        reasons: Vec::new(),
        exception,
        error: None,
    };
    let Some(before) = basis.before else {
        let error = basis.error;
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
    let worked: Option<(&RemovalReport, &AccountRemoval)> = removal.and_then(|report| {
        report
            .accounts
            .iter()
            .find(|a| a.account_id == basis.account_id)
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
                verified(report, basis.account_id, &mut reasons, &all)
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
