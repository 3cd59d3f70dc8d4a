//! The unlock results of `find_locked_resources`: every resource and its verdict. The
//! plan and apply results are in `unlock_plan`.

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::{SkippedAccount, error_object, result_class, wrap};
use crate::convert::quote;
use crate::errors::core;

result_class!(
/// Every bucket and queue policy of the searched accounts, judged.
LockedResourceReport(rootctl::FindReport) {
    get |v| {
        organization_id: &str = &v.organization_id,
        services: Vec<&'static str> = v.services.iter().map(|s| s.as_str()).collect(),
        regions: Vec<String> = v.regions.clone(),
        regions_source: &str = &v.regions_source,
        started_at: Timestamp,
        finished_at: Timestamp,
        resources: Vec<LockedResource> = wrap(&v.resources, LockedResource),
        accounts: Vec<AccountSearch> = wrap(&v.accounts, AccountSearch),
        skipped: Vec<SkippedAccount> = wrap(&v.skipped, SkippedAccount),
        ok: bool = v.ok(),
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

result_class!(
/// One bucket or queue and the verdict on its policy.
LockedResource(rootctl::FoundResource) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        service: &'static str = v.service.as_str(),
        region: &str = &v.region,
        name: &str = &v.name,
        queue_url: Option<&str> = v.queue_url.as_deref(),
        locked: &'static str = v.locked.as_str(),
        reason: &str = &v.reason,
        policy: Option<&str> = v.policy.as_deref(),
        error(py): Option<Bound<'py, PyAny>> = error_object(py, v.error.as_ref()),
    }

    repr [account_id, service, region, name, locked]
});

result_class!(
/// One searched account: the regions its queues were listed in, and what could not be
/// listed in it.
AccountSearch(rootctl::AccountSearch) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        regions: Vec<String> = v.regions.clone(),
        regions_source: &str = &v.regions_source,
        errors(py): Vec<Bound<'py, PyAny>> = v.errors.iter().map(|e| crate::errors::exception(py, e)).collect(),
    }

    repr |v| {
        account_id: quote(v.account_id.as_str()),
        errors: v.errors.len(),
    }
});
