//! What `audit` reports.

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::credentials::RootCredentials;
use super::{CallerIdentity, SkippedAccount, error_object, result_class, wrap};
use crate::convert::{from_json, py_bool, quote};

result_class!(
/// The root-credential inventory of every targeted account.
AuditReport(rootctl::AuditReport) {
    get |v| {
        organization_id: &str = &v.organization_id,
        management_account_id: String = v.management_account_id.to_string(),
        caller: CallerIdentity = CallerIdentity(v.caller.clone()),
        started_at: Timestamp,
        finished_at: Timestamp,
        accounts: Vec<AccountAudit> = wrap(&v.accounts, AccountAudit),
        skipped: Vec<SkippedAccount> = wrap(&v.skipped, SkippedAccount),
        summary: AuditSummary = AuditSummary(v.summary),
        ok: bool = v.ok(),
        region: Option<&str> = v.region.as_deref(),
    }

    repr |v| {
        organization_id: quote(&v.organization_id),
        targeted: v.summary.targeted,
        audited: v.summary.audited,
        failed: v.summary.failed,
        skipped: v.summary.skipped,
        clean: v.summary.clean,
    }

    fn account(&self, account_id: &str) -> PyResult<Option<AccountAudit>> {
        let id = crate::convert::account_id(account_id)?;
        Ok(self.0.account(&id).cloned().map(AccountAudit))
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let report: rootctl::AuditReport = from_json(text, "audit report")?;
        crate::errors::core(report.check())?;
        Ok(Self(report))
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
/// One account's audit: its inventory, or the error that stopped it.
AccountAudit(rootctl::AccountAudit) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        status: &'static str = v.status(),
        name: &str = &v.name,
        ou_path: &str = &v.ou_path,
        ok: bool = v.ok(),
        credentials: Option<RootCredentials> = v.credentials.clone().map(RootCredentials),
        account_summary: Option<AccountSummary> = v.account_summary.map(AccountSummary),
        warnings: Vec<String> = v.warnings.clone(),
        scp: Option<super::scps::AccountScps> = v.scp.clone().map(super::scps::AccountScps),
        error(py): Option<Bound<'py, PyAny>> = error_object(py, v.error.as_ref()),
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

result_class!(
/// Counts over an audit.
AuditSummary(rootctl::AuditSummary), eq {
    get |v| {
        targeted: usize,
        audited: usize,
        failed: usize,
        skipped: usize,
        clean: usize,
        with_password: usize,
        with_access_keys: usize,
        access_keys: usize,
        with_signing_certificates: usize,
        signing_certificates: usize,
        with_mfa: usize,
        mfa_devices: usize,
        with_warnings: usize,
    }

    repr [targeted, audited, failed, skipped, clean, with_password, access_keys, signing_certificates, mfa_devices]
});

result_class!(
/// `GetAccountSummary`'s root-credential counters for one account.
AccountSummary(rootctl::AccountSummary), eq {
    get |v| {
        password_present: bool,
        access_keys_present: u32,
        signing_certificates_present: u32,
        mfa_enabled: bool,
    }

    repr [password_present, access_keys_present, signing_certificates_present, mfa_enabled]
});
