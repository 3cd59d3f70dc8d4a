//! The unlock results of `find_locked_resources`: every resource and its verdict. The
//! plan and apply results are in `unlock_plan`.

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::{SkippedAccount, error_object, result_methods, wrap};
use crate::convert::quote;
use crate::errors::core;

/// Every bucket and queue policy of the searched accounts, judged.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct LockedResourceReport(pub(crate) rootctl::FindReport);

result_methods!(LockedResourceReport {
    #[getter]
    fn organization_id(&self) -> &str {
        &self.0.organization_id
    }

    #[getter]
    fn services(&self) -> Vec<&'static str> {
        self.0.services.iter().map(|s| s.as_str()).collect()
    }

    #[getter]
    fn regions(&self) -> Vec<String> {
        self.0.regions.clone()
    }

    #[getter]
    fn regions_source(&self) -> &str {
        &self.0.regions_source
    }

    #[getter]
    fn started_at(&self) -> Timestamp {
        self.0.started_at
    }

    #[getter]
    fn finished_at(&self) -> Timestamp {
        self.0.finished_at
    }

    #[getter]
    fn resources(&self) -> Vec<LockedResource> {
        wrap(&self.0.resources, LockedResource)
    }

    #[getter]
    fn accounts(&self) -> Vec<AccountSearch> {
        wrap(&self.0.accounts, AccountSearch)
    }

    #[getter]
    fn skipped(&self) -> Vec<SkippedAccount> {
        wrap(&self.0.skipped, SkippedAccount)
    }

    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = crate::convert::text(text)?;
        core(rootctl::FindReport::from_json(&text)).map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        let count = |s| self.0.with_status(s).count();
        format!(
            "LockedResourceReport(resources={}, locked={}, unknown={}, open={})",
            self.0.resources.len(),
            count(rootctl::LockStatus::Locked),
            count(rootctl::LockStatus::Unknown),
            count(rootctl::LockStatus::Open)
        )
    }
});

/// One bucket or queue and the verdict on its policy.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct LockedResource(pub(crate) rootctl::FoundResource);

result_methods!(LockedResource {
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
    fn locked(&self) -> &'static str {
        self.0.locked.as_str()
    }

    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    #[getter]
    fn policy(&self) -> Option<&str> {
        self.0.policy.as_deref()
    }

    #[getter]
    fn error<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        error_object(py, self.0.error.as_ref())
    }

    fn __repr__(&self) -> String {
        format!(
            "LockedResource(account_id={}, service={}, region={}, name={}, locked={})",
            quote(self.0.account_id.as_str()),
            quote(self.0.service.as_str()),
            quote(&self.0.region),
            quote(&self.0.name),
            quote(self.0.locked.as_str())
        )
    }
});

/// One searched account: the regions its queues were listed in, and what could not be
/// listed in it.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct AccountSearch(pub(crate) rootctl::AccountSearch);

result_methods!(AccountSearch {
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn regions(&self) -> Vec<String> {
        self.0.regions.clone()
    }

    #[getter]
    fn regions_source(&self) -> &str {
        &self.0.regions_source
    }

    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.0.errors.iter().map(|e| crate::errors::exception(py, e)).collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "AccountSearch(account_id={}, errors={})",
            quote(self.0.account_id.as_str()),
            self.0.errors.len()
        )
    }
});
