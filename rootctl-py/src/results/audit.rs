//! What `audit` reports.

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::credentials::RootCredentials;
use super::{CallerIdentity, SkippedAccount, error_object, result_methods, wrap};
use crate::convert::{from_json, py_bool, quote};

/// The root-credential inventory of every targeted account.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct AuditReport(pub(crate) rootctl::AuditReport);

result_methods!(AuditReport {
    #[getter]
    fn organization_id(&self) -> &str {
        &self.0.organization_id
    }

    #[getter]
    fn management_account_id(&self) -> String {
        self.0.management_account_id.to_string()
    }

    #[getter]
    fn caller(&self) -> CallerIdentity {
        CallerIdentity(self.0.caller.clone())
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
    fn accounts(&self) -> Vec<AccountAudit> {
        wrap(&self.0.accounts, AccountAudit)
    }

    #[getter]
    fn skipped(&self) -> Vec<SkippedAccount> {
        wrap(&self.0.skipped, SkippedAccount)
    }

    #[getter]
    fn summary(&self) -> AuditSummary {
        AuditSummary(self.0.summary)
    }

    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }

    fn account(&self, account_id: &str) -> PyResult<Option<AccountAudit>> {
        let id = crate::convert::account_id(account_id)?;
        Ok(self.0.account(&id).cloned().map(AccountAudit))
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_json(text, "audit report").map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        let s = &self.0.summary;
        format!(
            "AuditReport(organization_id={}, targeted={}, audited={}, failed={}, skipped={}, clean={})",
            quote(&self.0.organization_id),
            s.targeted,
            s.audited,
            s.failed,
            s.skipped,
            s.clean
        )
    }
});

/// One account's audit: its inventory, or the error that stopped it.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct AccountAudit(pub(crate) rootctl::AccountAudit);

result_methods!(AccountAudit {
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }

    #[getter]
    fn status(&self) -> &'static str {
        self.0.status()
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn ou_path(&self) -> &str {
        &self.0.ou_path
    }

    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }

    #[getter]
    fn credentials(&self) -> Option<RootCredentials> {
        self.0.credentials.clone().map(RootCredentials)
    }

    #[getter]
    fn account_summary(&self) -> Option<AccountSummary> {
        self.0.account_summary.map(AccountSummary)
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.0.warnings.clone()
    }

    #[getter]
    fn scp(&self) -> Option<super::scps::AccountScps> {
        self.0.scp.clone().map(super::scps::AccountScps)
    }

    #[getter]
    fn error<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        error_object(py, self.0.error.as_ref())
    }

    fn __repr__(&self) -> String {
        let head = format!(
            "AccountAudit(account_id={}, name={}",
            quote(self.0.account_id.as_str()),
            quote(&self.0.name)
        );
        match (&self.0.credentials, &self.0.error) {
            (Some(c), _) => format!(
                "{head}, ok=True, password={}, access_keys={}, signing_certificates={}, mfa_devices={})",
                py_bool(c.password.is_some()),
                c.access_keys.len(),
                c.signing_certificates.len(),
                c.mfa_devices.len()
            ),
            (None, Some(e)) => format!("{head}, ok=False, error={})", quote(&e.to_string())),
            (None, None) => format!("{head}, ok=False)"),
        }
    }
});

/// Counts over an audit.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct AuditSummary(pub(crate) rootctl::AuditSummary);

result_methods!(AuditSummary {
    #[getter]
    fn targeted(&self) -> usize {
        self.0.targeted
    }

    #[getter]
    fn audited(&self) -> usize {
        self.0.audited
    }

    #[getter]
    fn failed(&self) -> usize {
        self.0.failed
    }

    #[getter]
    fn skipped(&self) -> usize {
        self.0.skipped
    }

    #[getter]
    fn clean(&self) -> usize {
        self.0.clean
    }

    #[getter]
    fn with_password(&self) -> usize {
        self.0.with_password
    }

    #[getter]
    fn with_access_keys(&self) -> usize {
        self.0.with_access_keys
    }

    #[getter]
    fn access_keys(&self) -> usize {
        self.0.access_keys
    }

    #[getter]
    fn with_signing_certificates(&self) -> usize {
        self.0.with_signing_certificates
    }

    #[getter]
    fn signing_certificates(&self) -> usize {
        self.0.signing_certificates
    }

    #[getter]
    fn with_mfa(&self) -> usize {
        self.0.with_mfa
    }

    #[getter]
    fn mfa_devices(&self) -> usize {
        self.0.mfa_devices
    }

    #[getter]
    fn with_warnings(&self) -> usize {
        self.0.with_warnings
    }

    fn __repr__(&self) -> String {
        let s = &self.0;
        format!(
            "AuditSummary(targeted={}, audited={}, failed={}, skipped={}, clean={}, with_password={}, \
             access_keys={}, signing_certificates={}, mfa_devices={})",
            s.targeted,
            s.audited,
            s.failed,
            s.skipped,
            s.clean,
            s.with_password,
            s.access_keys,
            s.signing_certificates,
            s.mfa_devices
        )
    }
});

/// `GetAccountSummary`'s root-credential counters for one account.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct AccountSummary(pub(crate) rootctl::AccountSummary);

result_methods!(AccountSummary {
    #[getter]
    fn password_present(&self) -> bool {
        self.0.password_present
    }

    #[getter]
    fn access_keys_present(&self) -> u32 {
        self.0.access_keys_present
    }

    #[getter]
    fn signing_certificates_present(&self) -> u32 {
        self.0.signing_certificates_present
    }

    #[getter]
    fn mfa_enabled(&self) -> bool {
        self.0.mfa_enabled
    }

    fn __repr__(&self) -> String {
        let s = &self.0;
        format!(
            "AccountSummary(password_present={}, access_keys_present={}, signing_certificates_present={}, mfa_enabled={})",
            py_bool(s.password_present),
            s.access_keys_present,
            s.signing_certificates_present,
            py_bool(s.mfa_enabled)
        )
    }
});
