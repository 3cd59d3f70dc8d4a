//! What `check_prerequisites` reports.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::scps::ScpReport;
use super::{CallerIdentity, OrgFeatures, result_methods, wrap};
use crate::convert::{from_json, py_bool, quote, quote_opt, to_dict};

/// Every prerequisite of centralized root access, checked one by one.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct PrerequisiteReport(pub(crate) rootctl::PrerequisiteReport);

result_methods!(PrerequisiteReport {
    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }

    #[getter]
    fn checks(&self) -> Vec<Check> {
        wrap(&self.0.checks, Check)
    }

    fn check(&self, name: &str) -> Option<Check> {
        self.0.check(name).cloned().map(Check)
    }

    #[getter]
    fn caller(&self) -> Option<CallerIdentity> {
        self.0.caller.clone().map(CallerIdentity)
    }

    #[getter]
    fn caller_role(&self) -> Option<String> {
        self.0
            .caller_role
            .and_then(|role| serde_json::to_value(role).ok())
            .and_then(|v| v.as_str().map(str::to_owned))
    }

    #[getter]
    fn organization_id(&self) -> Option<&str> {
        self.0.organization_id.as_deref()
    }

    #[getter]
    fn scps(&self) -> Option<ScpReport> {
        self.0.scps.clone().map(ScpReport)
    }

    #[getter]
    fn features(&self) -> Option<OrgFeatures> {
        self.0.features.map(OrgFeatures)
    }

    #[getter]
    fn policies<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let policies = PyDict::new(py);
        for (intent, document) in &self.0.policies {
            let name = serde_json::to_value(intent)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            policies.set_item(name, to_dict(py, document)?)?;
        }
        Ok(policies)
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_json(text, "prerequisite report").map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        let failed: Vec<String> = self
            .0
            .checks
            .iter()
            .filter(|c| c.status == rootctl::CheckStatus::Fail)
            .map(|c| quote(&c.name))
            .collect();
        format!(
            "PrerequisiteReport(ok={}, organization_id={}, failed=[{}])",
            py_bool(self.0.ok()),
            quote_opt(self.0.organization_id.as_deref()),
            failed.join(", ")
        )
    }
});

/// One named check and its verdict.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct Check(pub(crate) rootctl::Check);

result_methods!(Check {
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn status(&self) -> &'static str {
        self.0.status.as_str()
    }

    #[getter]
    fn detail(&self) -> &str {
        &self.0.detail
    }

    #[getter]
    fn remediation(&self) -> Option<&str> {
        self.0.remediation.as_deref()
    }

    fn __repr__(&self) -> String {
        format!(
            "Check(name={}, status={}, detail={})",
            quote(&self.0.name),
            quote(self.0.status.as_str()),
            quote(&self.0.detail)
        )
    }
});
