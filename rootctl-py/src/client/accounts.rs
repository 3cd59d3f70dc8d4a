//! The account-wide operations: `select_accounts`, `audit`, `plan_removal`,
//! `apply_removal` and `allow_password_recovery`.

use std::path::PathBuf;

use pyo3::prelude::*;
use rootctl::{AccountId, ApplyOptions, CredentialKind, Selection as CoreSelection};

use super::{Op, Rootctl};
use crate::convert::{SelectionArgs, account_ids, strings};
use crate::errors::core;
use crate::progress::Callback;
use crate::results::audit::AuditReport;
use crate::results::recovery::RecoveryReport;
use crate::results::removal::RemovalPlan;
use crate::results::report::RemovalReport;
use crate::results::selection::Selection;
use crate::runtime::{awaitable, block_on};

/// Credential kinds from their names (singular or plural); `None` is all four.
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

fn credential_kinds(kinds: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<CredentialKind>> {
    match kinds.filter(|k| !k.is_none()) {
        None => Ok(CredentialKind::ALL.to_vec()),
        Some(kinds) => strings(Some(kinds), "kinds")?
            .iter()
            .map(|k| core(k.parse::<CredentialKind>()))
            .collect(),
    }
}

impl Rootctl {
    fn select_accounts_op(&self, selection: CoreSelection) -> impl Op<Selection> {
        let rc = self.inner.clone();
        async move { core(rc.select_accounts(&selection).await).map(Selection) }
    }

    fn audit_op(
        &self,
        selection: CoreSelection,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<impl Op<AuditReport>> {
        let rc = self.inner.clone();
        let callback = Callback::new(progress, "audit")?;
        Ok(async move {
            let progress = callback.as_ref().map(Callback::progress_fn);
            let result = core(rc.audit(&selection, progress).await).map(AuditReport);
            Callback::finish(callback.as_ref(), result)
        })
    }

    fn plan_removal_op(
        &self,
        audit: &AuditReport,
        kinds: Vec<CredentialKind>,
    ) -> impl Op<RemovalPlan> {
        let rc = self.inner.clone();
        let audit = audit.0.clone();
        // Planning makes no AWS call, but runs like every other operation.
        async move { core(rc.plan_removal(&audit, &kinds)).map(RemovalPlan) }
    }

    fn apply_removal_op(
        &self,
        plan: &RemovalPlan,
        dry_run: bool,
        journal: Option<PathBuf>,
        progress: Option<Bound<'_, PyAny>>,
        verify: bool,
        max_plan_age: Option<std::time::Duration>,
    ) -> PyResult<impl Op<RemovalReport>> {
        let rc = self.inner.clone();
        let plan = plan.0.clone();
        let callback = Callback::new(progress, "apply_removal")?;
        Ok(async move {
            let options = ApplyOptions {
                dry_run,
                journal,
                progress: callback.as_ref().map(Callback::progress_fn),
                verify,
                max_plan_age,
            };
            let result = core(rc.apply_removal(&plan, options).await).map(RemovalReport);
            Callback::finish(callback.as_ref(), result)
        })
    }

    fn recovery_op(
        &self,
        accounts: Vec<AccountId>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<impl Op<RecoveryReport>> {
        let rc = self.inner.clone();
        let callback = Callback::new(progress, "allow_password_recovery")?;
        Ok(async move {
            let progress = callback.as_ref().map(Callback::progress_fn);
            let result =
                core(rc.allow_password_recovery(&accounts, progress).await).map(RecoveryReport);
            Callback::finish(callback.as_ref(), result)
        })
    }
}

#[pymethods]
impl Rootctl {
    #[pyo3(signature = (*, accounts = None, ous = None, tags = None, exclude = None, exclude_ous = None, exclude_tags = None))]
    #[allow(clippy::too_many_arguments)]
    fn select_accounts(
        &self,
        py: Python<'_>,
        accounts: Option<&Bound<'_, PyAny>>,
        ous: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
        exclude: Option<&Bound<'_, PyAny>>,
        exclude_ous: Option<&Bound<'_, PyAny>>,
        exclude_tags: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Selection> {
        let selection = SelectionArgs {
            accounts,
            ous,
            tags,
            exclude,
            exclude_ous,
            exclude_tags,
        }
        .parse()?;
        block_on(py, self.select_accounts_op(selection))
    }

    #[pyo3(signature = (*, accounts = None, ous = None, tags = None, exclude = None, exclude_ous = None, exclude_tags = None))]
    #[allow(clippy::too_many_arguments)]
    fn select_accounts_async<'py>(
        &self,
        py: Python<'py>,
        accounts: Option<&Bound<'_, PyAny>>,
        ous: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
        exclude: Option<&Bound<'_, PyAny>>,
        exclude_ous: Option<&Bound<'_, PyAny>>,
        exclude_tags: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let selection = SelectionArgs {
            accounts,
            ous,
            tags,
            exclude,
            exclude_ous,
            exclude_tags,
        }
        .parse()?;
        awaitable(py, self.select_accounts_op(selection))
    }

    #[pyo3(signature = (*, accounts = None, ous = None, tags = None, exclude = None, exclude_ous = None, exclude_tags = None, progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn audit(
        &self,
        py: Python<'_>,
        accounts: Option<&Bound<'_, PyAny>>,
        ous: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
        exclude: Option<&Bound<'_, PyAny>>,
        exclude_ous: Option<&Bound<'_, PyAny>>,
        exclude_tags: Option<&Bound<'_, PyAny>>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<AuditReport> {
        let selection = SelectionArgs {
            accounts,
            ous,
            tags,
            exclude,
            exclude_ous,
            exclude_tags,
        }
        .parse()?;
        block_on(py, self.audit_op(selection, progress)?)
    }

    #[pyo3(signature = (*, accounts = None, ous = None, tags = None, exclude = None, exclude_ous = None, exclude_tags = None, progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn audit_async<'py>(
        &self,
        py: Python<'py>,
        accounts: Option<&Bound<'_, PyAny>>,
        ous: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
        exclude: Option<&Bound<'_, PyAny>>,
        exclude_ous: Option<&Bound<'_, PyAny>>,
        exclude_tags: Option<&Bound<'_, PyAny>>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let selection = SelectionArgs {
            accounts,
            ous,
            tags,
            exclude,
            exclude_ous,
            exclude_tags,
        }
        .parse()?;
        awaitable(py, self.audit_op(selection, progress)?)
    }

    #[pyo3(signature = (audit, *, kinds = None))]
    fn plan_removal(
        &self,
        py: Python<'_>,
        audit: &AuditReport,
        kinds: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<RemovalPlan> {
        let kinds = credential_kinds(kinds)?;
        block_on(py, self.plan_removal_op(audit, kinds))
    }

    #[pyo3(signature = (audit, *, kinds = None))]
    fn plan_removal_async<'py>(
        &self,
        py: Python<'py>,
        audit: &AuditReport,
        kinds: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kinds = credential_kinds(kinds)?;
        awaitable(py, self.plan_removal_op(audit, kinds))
    }

    #[pyo3(signature = (plan, *, dry_run = false, journal = None, progress = None, verify = true, max_plan_age_hours = Some(24.0)))]
    #[allow(clippy::too_many_arguments)]
    fn apply_removal(
        &self,
        py: Python<'_>,
        plan: &RemovalPlan,
        dry_run: bool,
        journal: Option<PathBuf>,
        progress: Option<Bound<'_, PyAny>>,
        verify: bool,
        max_plan_age_hours: Option<f64>,
    ) -> PyResult<RemovalReport> {
        let max_age = plan_age(max_plan_age_hours)?;
        block_on(
            py,
            self.apply_removal_op(plan, dry_run, journal, progress, verify, max_age)?,
        )
    }

    #[pyo3(signature = (plan, *, dry_run = false, journal = None, progress = None, verify = true, max_plan_age_hours = Some(24.0)))]
    #[allow(clippy::too_many_arguments)]
    fn apply_removal_async<'py>(
        &self,
        py: Python<'py>,
        plan: &RemovalPlan,
        dry_run: bool,
        journal: Option<PathBuf>,
        progress: Option<Bound<'_, PyAny>>,
        verify: bool,
        max_plan_age_hours: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let max_age = plan_age(max_plan_age_hours)?;
        awaitable(
            py,
            self.apply_removal_op(plan, dry_run, journal, progress, verify, max_age)?,
        )
    }

    #[pyo3(signature = (accounts, *, progress = None))]
    fn allow_password_recovery(
        &self,
        py: Python<'_>,
        accounts: &Bound<'_, PyAny>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<RecoveryReport> {
        let accounts = account_ids(Some(accounts), "accounts")?;
        block_on(py, self.recovery_op(accounts, progress)?)
    }

    #[pyo3(signature = (accounts, *, progress = None))]
    fn allow_password_recovery_async<'py>(
        &self,
        py: Python<'py>,
        accounts: &Bound<'_, PyAny>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let accounts = account_ids(Some(accounts), "accounts")?;
        awaitable(py, self.recovery_op(accounts, progress)?)
    }
}

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
