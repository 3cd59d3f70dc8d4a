//! What `check_prerequisites` reports.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::scps::ScpReport;
use super::{CallerIdentity, OrgFeatures, result_class, wrap};
use crate::convert::{from_json, py_bool, quote, quote_opt, to_dict};

result_class!(
/// Every prerequisite of centralized root access, checked one by one.
PrerequisiteReport(rootctl::PrerequisiteReport) {
    get |v| {
        ok: bool = v.ok(),
        checks: Vec<Check> = wrap(&v.checks, Check),
        caller: Option<CallerIdentity> = v.caller.clone().map(CallerIdentity),
        organization_id: Option<&str> = v.organization_id.as_deref(),
        scps: Option<ScpReport> = v.scps.clone().map(ScpReport),
        features: Option<OrgFeatures> = v.features.map(OrgFeatures),
        caller_role: Option<String> = {
            v.caller_role
                .and_then(|role| serde_json::to_value(role).ok())
                .and_then(|v| v.as_str().map(str::to_owned))
        },
        policies(py): Bound<'py, PyDict> = {
            let policies = PyDict::new(py);
            for (intent, document) in &v.policies {
                let name = serde_json::to_value(intent)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                policies.set_item(name, to_dict(py, document)?)?;
            }
            Ok(policies)
        },
    }

    repr |v| {
        ok: py_bool(v.ok()),
        organization_id: quote_opt(v.organization_id.as_deref()),
        failed: format!("[{}]", v.checks.iter().filter(|c| c.status == rootctl::CheckStatus::Fail).map(|c| quote(&c.name)).collect::<Vec<_>>().join(", ")),
    }

    fn check(&self, name: &str) -> Option<Check> {
        self.0.check(name).cloned().map(Check)
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_json(text, "prerequisite report").map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
});

result_class!(
/// One named check and its verdict.
Check(rootctl::Check), eq {
    get |v| {
        name: &str = &v.name,
        status: &'static str = v.status.as_str(),
        detail: &str = &v.detail,
        remediation: Option<&str> = v.remediation.as_deref(),
    }

    repr [name, status, detail]
});
