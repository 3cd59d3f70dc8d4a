//! The unlock plan `plan_unlock` makes, and what `apply_unlock` and `restore_unlock` did.

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::{error_object, result_methods, wrap};
use crate::convert::quote;
use crate::errors::core;

/// The policies to unlock, each with its text when found (the backup).
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct UnlockPlan(pub(crate) rootctl::UnlockPlan);

result_methods!(UnlockPlan {
    #[getter]
    fn format_version(&self) -> u32 {
        self.0.format_version
    }

    #[getter]
    fn plan_id(&self) -> &str {
        &self.0.plan_id
    }

    #[getter]
    fn organization_id(&self) -> &str {
        &self.0.organization_id
    }

    #[getter]
    fn created_at(&self) -> Timestamp {
        self.0.created_at
    }

    #[getter]
    fn mode(&self) -> &'static str {
        self.0.mode.as_str()
    }

    #[getter]
    fn items(&self) -> Vec<UnlockItem> {
        wrap(&self.0.items, UnlockItem)
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = crate::convert::text(text)?;
        core(rootctl::UnlockPlan::from_json(&text)).map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "UnlockPlan(plan_id={}, mode={}, items={})",
            quote(&self.0.plan_id),
            quote(self.0.mode.as_str()),
            self.0.items.len()
        )
    }
});

/// One policy a plan unlocks.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct UnlockItem(pub(crate) rootctl::UnlockItem);

result_methods!(UnlockItem {
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }

    #[getter]
    fn service(&self) -> &'static str {
        self.0.service.as_str()
    }

    #[getter]
    fn region(&self) -> &str {
        &self.0.region
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn queue_url(&self) -> Option<&str> {
        self.0.queue_url.as_deref()
    }

    #[getter]
    fn policy_before(&self) -> &str {
        &self.0.policy_before
    }

    #[getter]
    fn policy_before_sha256(&self) -> &str {
        &self.0.policy_before_sha256
    }

    #[getter]
    fn policy_after(&self) -> Option<&str> {
        self.0.policy_after.as_deref()
    }

    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    fn __repr__(&self) -> String {
        format!(
            "UnlockItem(account_id={}, service={}, name={}, deletes={})",
            quote(self.0.account_id.as_str()),
            quote(self.0.service.as_str()),
            quote(&self.0.name),
            crate::convert::py_bool(self.0.policy_after.is_none())
        )
    }
});

/// What `apply_unlock` did to every planned policy.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct UnlockReport(pub(crate) rootctl::UnlockReport);

result_methods!(UnlockReport {
    #[getter]
    fn plan_id(&self) -> &str {
        &self.0.plan_id
    }

    #[getter]
    fn dry_run(&self) -> bool {
        self.0.dry_run
    }

    #[getter]
    fn items(&self) -> Vec<UnlockResult> {
        wrap(&self.0.items, UnlockResult)
    }

    #[getter]
    fn notes(&self) -> Vec<String> {
        self.0.notes.clone()
    }

    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "UnlockReport(plan_id={}, dry_run={}, items={})",
            quote(&self.0.plan_id),
            crate::convert::py_bool(self.0.dry_run),
            self.0.items.len()
        )
    }
});

/// One planned policy's outcome.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct UnlockResult(pub(crate) rootctl::UnlockResult);

result_methods!(UnlockResult {
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }

    #[getter]
    fn service(&self) -> &'static str {
        self.0.service.as_str()
    }

    #[getter]
    fn region(&self) -> &str {
        &self.0.region
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// `unlocked`, `already_absent`, `drift`, `failed` or `would_unlock`.
    #[getter]
    fn outcome(&self) -> &'static str {
        self.0.outcome.as_str()
    }

    #[getter]
    fn backup_path(&self) -> Option<&str> {
        self.0.backup_path.as_deref()
    }

    #[getter]
    fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }

    #[getter]
    fn error<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        error_object(py, self.0.error.as_ref())
    }

    fn __repr__(&self) -> String {
        format!(
            "UnlockResult(account_id={}, service={}, name={}, outcome={})",
            quote(self.0.account_id.as_str()),
            quote(self.0.service.as_str()),
            quote(&self.0.name),
            quote(self.0.outcome.as_str())
        )
    }
});

/// What `restore_unlock` did with one backup.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct RestoreResult(pub(crate) rootctl::RestoreResult);

result_methods!(RestoreResult {
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }

    #[getter]
    fn service(&self) -> &'static str {
        self.0.service.as_str()
    }

    #[getter]
    fn region(&self) -> &str {
        &self.0.region
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// `restored`, `refused`, `write_failed` or `written_unverified`.
    #[getter]
    fn outcome(&self) -> &'static str {
        self.0.outcome.as_str()
    }

    #[getter]
    fn backup_path(&self) -> &str {
        &self.0.backup_path
    }

    #[getter]
    fn replaced(&self) -> Option<&str> {
        self.0.replaced.as_deref()
    }

    #[getter]
    fn replaced_backup(&self) -> Option<&str> {
        self.0.replaced_backup.as_deref()
    }

    #[getter]
    fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }

    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }

    #[getter]
    fn error<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        error_object(py, self.0.error.as_ref())
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "RestoreResult(account_id={}, service={}, name={}, outcome={})",
            quote(self.0.account_id.as_str()),
            quote(self.0.service.as_str()),
            quote(&self.0.name),
            quote(self.0.outcome.as_str())
        )
    }
});
