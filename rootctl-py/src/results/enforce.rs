//! `EnforcementPolicy` and what `enforce` / `handle_event` report.

use std::path::PathBuf;

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::removal::{RemovalItem, RemovalPlan};
use super::{SkippedAccount, error_object, result_class, wrap};
use crate::convert::{abbreviated_repr, from_json, py_bool, quote};
use crate::errors::{core, raise};

/// What `enforce` keeps true, from a TOML or JSON file or a dict with the same keys.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct EnforcementPolicy(pub(crate) rootctl::EnforcementPolicy);

#[pymethods]
impl EnforcementPolicy {
    #[new]
    #[pyo3(signature = (**keys))]
    fn new(keys: Option<&Bound<'_, pyo3::types::PyDict>>) -> PyResult<Self> {
        match keys {
            None => Ok(Self(rootctl::EnforcementPolicy::default())),
            Some(keys) => Self::from_dict(keys.as_any()),
        }
    }

    #[staticmethod]
    fn from_file(path: PathBuf) -> PyResult<Self> {
        core(rootctl::EnforcementPolicy::from_file(path)).map(Self)
    }

    #[staticmethod]
    fn from_dict(keys: &Bound<'_, PyAny>) -> PyResult<Self> {
        let value = crate::convert::plain_json(keys).map_err(|e| {
            raise(rootctl::Error::invalid_input(
                "policy",
                abbreviated_repr(keys),
                format!("must be a dict of plain values: {e}"),
            ))
        })?;
        core(rootctl::EnforcementPolicy::from_value(&value)).map(Self)
    }

    /// Every key of the policy, defaults filled in (what `from_dict` reads back).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::to_dict(py, &self.0.to_value())
    }

    #[pyo3(signature = (indent = 2))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        crate::convert::to_json(&self.0.to_value(), indent)
    }

    fn __repr__(&self) -> String {
        format!(
            "EnforcementPolicy(kinds={:?}, exceptions={}, digest={})",
            self.0.kinds.iter().map(|k| k.plural()).collect::<Vec<_>>(),
            self.0.exceptions.len(),
            quote(&self.0.digest())
        )
    }
}

super::getters!(EnforcementPolicy |v| {
    kinds: Vec<&'static str> = v.kinds.iter().map(|k| k.plural()).collect(),
    digest: String = v.digest(),
    journal: Option<PathBuf>,
    max_plan_age_hours: Option<f64> = v.max_plan_age.map(|d| d.as_secs_f64() / 3600.0),
});

result_class!(
/// The evidence of one `enforce` run: the policy, who ran it, and every account's
/// status with its credentials before and after.
EnforcementReport(rootctl::EnforcementReport) {
    get |v| {
        compliant: bool = v.compliant(),
        exit_code: i32 = v.exit_code(),
        organization_id: &str = &v.organization_id,
        policy_digest: &str = &v.policy_digest,
        dry_run: bool,
        started_at: Timestamp,
        finished_at: Timestamp,
        plan_id: Option<&str> = v.plan_id.as_deref(),
        plan: Option<RemovalPlan> = v.plan.clone().map(RemovalPlan),
        journal: Option<PathBuf> = v.journal.clone(),
        region: Option<&str> = v.region.as_deref(),
        accounts: Vec<AccountEnforcement> = wrap(&v.accounts, AccountEnforcement),
        skipped: Vec<SkippedAccount> = wrap(&v.skipped, SkippedAccount),
        exceptions(py): Bound<'py, PyAny> = crate::convert::to_dict(py, &v.exceptions),
        summary(py): Bound<'py, PyAny> = crate::convert::to_dict(py, &v.summary),
        trigger(py): Option<Bound<'py, PyAny>> = {
            v.trigger
                .as_ref()
                .map(|t| crate::convert::to_dict(py, t))
                .transpose()
        },
    }

    repr |v| {
        compliant: py_bool(v.compliant()),
        dry_run: py_bool(v.dry_run),
        accounts: v.summary.accounts,
        compliant_accounts: v.summary.compliant,
        remediated: v.summary.remediated,
        excepted: v.summary.excepted,
        non_compliant: v.summary.non_compliant,
        failed: v.summary.failed,
    }

    fn to_markdown(&self) -> String {
        self.0.to_markdown()
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_json(text, "enforcement report").map(Self)
    }

    /// The findings in ASFF, for Security Hub's `BatchImportFindings`.
    #[pyo3(signature = (region = None))]
    fn to_asff<'py>(&self, py: Python<'py>, region: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let findings = crate::errors::core(self.0.to_asff(region))?;
        crate::convert::to_dict(py, &findings)
    }

    /// The findings as OCSF 1.5.0 Compliance Findings.
    fn to_ocsf<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::to_dict(py, &self.0.to_ocsf())
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
});

result_class!(
/// One account's part of an enforcement.
AccountEnforcement(rootctl::AccountEnforcement) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        status: &'static str = v.status.as_str(),
        before: Option<Vec<RemovalItem>> = v.before.as_deref().map(|items| wrap(items, RemovalItem)),
        after: Option<Vec<RemovalItem>> = v.after.as_deref().map(|items| wrap(items, RemovalItem)),
        removed: Vec<RemovalItem> = wrap(&v.removed, RemovalItem),
        remaining: Vec<RemovalItem> = wrap(&v.remaining, RemovalItem),
        reasons: Vec<String> = v.reasons.clone(),
        error(py): Option<Bound<'py, PyAny>> = error_object(py, v.error.as_ref()),
        exception(py): Option<Bound<'py, PyAny>> = {
            v.exception
                .as_ref()
                .map(|e| crate::convert::to_dict(py, e))
                .transpose()
        },
    }

    repr |v| {
        account_id: quote(v.account_id.as_str()),
        name: quote(&v.name),
        status: quote(v.status.as_str()),
        removed: v.removed.len(),
        remaining: v.remaining.len(),
    }
});
