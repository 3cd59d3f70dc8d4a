//! The account-wide operations: `select_accounts`, `audit`, `account_credentials`,
//! `plan_removal`, `apply_removal` and `allow_password_recovery`.

use std::path::PathBuf;

use pyo3::prelude::*;
use rootctl::{ApplyOptions, CredentialKind};

use super::operation;
use crate::convert::{account_id, account_ids, strings};
use crate::errors::core;
use crate::progress::{Callback, Progress};
use crate::results::audit::{AccountAudit, AuditReport};
use crate::results::recovery::RecoveryReport;
use crate::results::removal::RemovalPlan;
use crate::results::report::RemovalReport;
use crate::results::selection::SelectedAccounts;

/// The credential kinds named by `kinds`, checked and in removal order, by their plural
/// names: what `plan_removal` accepts. For checking a command line before an audit.
#[pyfunction]
#[pyo3(name = "credential_kinds")]
pub(crate) fn credential_kinds_py(kinds: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
    let mut kinds = credential_kinds(Some(kinds))?;
    // CredentialKind's order is the removal order.
    kinds.sort();
    kinds.dedup();
    Ok(kinds.into_iter().map(CredentialKind::plural).collect())
}

/// Credential kinds from their names (singular or plural); `None` is all four.
fn credential_kinds(kinds: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<CredentialKind>> {
    match kinds.filter(|k| !k.is_none()) {
        None => Ok(CredentialKind::ALL.to_vec()),
        Some(kinds) => strings(Some(kinds), "kinds")?
            .iter()
            .map(|k| core(k.parse::<CredentialKind>()))
            .collect(),
    }
}

operation!(
    select_accounts, select_accounts_async (select(selection)) () -> SelectedAccounts = |this| {
        let rc = this.inner.clone();
        PyResult::Ok(async move { core(rc.select_accounts(&selection).await).map(SelectedAccounts) })
    }
);

operation!(
    audit, audit_async (select(selection, progress = None))
    (progress: Progress<'_>) -> AuditReport = |this| {
        let rc = this.inner.clone();
        Callback::around(progress, "audit", |progress| async move {
            core(rc.audit(&selection, progress).await).map(AuditReport)
        })
    }
);

operation!(
    account_credentials, account_credentials_async (account_id)
    (account_id: &str) -> AccountAudit = |this| {
        let (rc, id) = (this.inner.clone(), self::account_id(account_id)?);
        PyResult::Ok(async move { core(rc.account_credentials(id).await).map(AccountAudit) })
    }
);

operation!(
    plan_removal, plan_removal_async (audit, *, kinds = None)
    (audit: &AuditReport, kinds: Option<&Bound<'_, PyAny>>) -> RemovalPlan = |this| {
        let kinds = credential_kinds(kinds)?;
        let (rc, audit) = (this.inner.clone(), audit.0.clone());
        // Planning makes no AWS call, but runs like every other operation.
        PyResult::Ok(async move { core(rc.plan_removal(&audit, &kinds)).map(RemovalPlan) })
    }
);

operation!(
    apply_removal, apply_removal_async
    (plan, *, dry_run = false, journal = None, progress = None, verify = true, max_plan_age_hours = Some(24.0))
    (
        plan: &RemovalPlan,
        dry_run: bool,
        journal: Option<PathBuf>,
        progress: Progress<'_>,
        verify: bool,
        max_plan_age_hours: Option<f64>,
    ) -> RemovalReport = |this| {
        let max_plan_age = plan_age(max_plan_age_hours)?;
        let (rc, plan) = (this.inner.clone(), plan.0.clone());
        Callback::around(progress, "apply_removal", move |progress| async move {
            let options = ApplyOptions { dry_run, journal, progress, verify, max_plan_age };
            core(rc.apply_removal(&plan, options).await).map(RemovalReport)
        })
    }
);

operation!(
    allow_password_recovery, allow_password_recovery_async (accounts, *, progress = None)
    (accounts: &Bound<'_, PyAny>, progress: Progress<'_>) -> RecoveryReport = |this| {
        let accounts = account_ids(Some(accounts), "accounts")?;
        let rc = this.inner.clone();
        Callback::around(progress, "allow_password_recovery", |progress| async move {
            core(rc.allow_password_recovery(&accounts, progress).await).map(RecoveryReport)
        })
    }
);

/// `max_plan_age_hours` as a duration: `None` accepts a plan of any age.
fn plan_age(hours: Option<f64>) -> PyResult<Option<std::time::Duration>> {
    match hours {
        None => Ok(None),
        Some(h) if h.is_finite() && h >= 0.0 => {
            Ok(std::time::Duration::try_from_secs_f64(h * 3600.0).ok())
        }
        Some(h) => Err(crate::errors::raise(rootctl::Error::invalid_input(
            "max_plan_age_hours",
            h.to_string(),
            "must be a non-negative number of hours, or None for any age",
        ))),
    }
}
