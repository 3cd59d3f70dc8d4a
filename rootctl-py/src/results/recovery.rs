//! What `allow_password_recovery` reports.

use pyo3::prelude::*;
use rootctl::RecoveryOutcome;

use super::{SkippedAccount, error_object, result_class, wrap};
use crate::convert::{from_json, py_bool};

result_class!(
/// Per account: whether its root user can now recover a password.
RecoveryReport(rootctl::RecoveryReport) {
    get |v| {
        accounts: Vec<AccountRecovery> = wrap(&v.accounts, AccountRecovery),
        skipped: Vec<SkippedAccount> = wrap(&v.skipped, SkippedAccount),
        ok: bool = v.ok(),
    }

    repr |v| {
        ok: py_bool(v.ok()),
        accounts: v.accounts.len(),
        failed: v.accounts.iter().filter(|a| matches!(a.outcome, RecoveryOutcome::Failed { .. })).count(),
        skipped: v.skipped.len(),
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_json(text, "recovery report").map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
});

result_class!(
/// One account's password-recovery result.
AccountRecovery(rootctl::AccountRecovery) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        outcome: &'static str = v.outcome.as_str(),
        ok: bool = !matches!(v.outcome, RecoveryOutcome::Failed { .. }),
        error(py): Option<Bound<'py, PyAny>> = {
            match &v.outcome {
                RecoveryOutcome::Failed { error } => error_object(py, Some(error)),
                _ => Ok(None),
            }
        },
    }

    repr [account_id, name, outcome]
});
