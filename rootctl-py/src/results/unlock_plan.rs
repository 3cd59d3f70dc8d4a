//! The unlock plan `plan_unlock` makes, and what `apply_unlock` and `restore_unlock` did.

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::{error_object, result_class, wrap};
use crate::convert::quote;
use crate::errors::core;

result_class!(
/// The policies to unlock, each with its text when found (the backup).
UnlockPlan(rootctl::UnlockPlan), eq {
    get |v| {
        format_version: u32,
        plan_id: &str = &v.plan_id,
        organization_id: &str = &v.organization_id,
        created_at: Timestamp,
        mode: &'static str = v.mode.as_str(),
        items: Vec<UnlockItem> = wrap(&v.items, UnlockItem),
    }

    repr |v| {
        plan_id: quote(&v.plan_id),
        mode: quote(v.mode.as_str()),
        items: v.items.len(),
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = crate::convert::text(text)?;
        core(rootctl::UnlockPlan::from_json(&text)).map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
});

result_class!(
/// One policy a plan unlocks.
UnlockItem(rootctl::UnlockItem), eq {
    get |v| {
        account_id: String = v.account_id.to_string(),
        service: &'static str = v.service.as_str(),
        region: &str = &v.region,
        name: &str = &v.name,
        queue_url: Option<&str> = v.queue_url.as_deref(),
        policy_before: &str = &v.policy_before,
        policy_before_sha256: &str = &v.policy_before_sha256,
        policy_after: Option<&str> = v.policy_after.as_deref(),
        reason: &str = &v.reason,
    }

    repr |v| {
        account_id: quote(v.account_id.as_str()),
        service: quote(v.service.as_str()),
        name: quote(&v.name),
        deletes: crate::convert::py_bool(v.policy_after.is_none()),
    }
});

result_class!(
/// What `apply_unlock` did to every planned policy.
UnlockReport(rootctl::UnlockReport) {
    get |v| {
        plan_id: &str = &v.plan_id,
        organization_id: &str = &v.organization_id,
        dry_run: bool,
        items: Vec<UnlockResult> = wrap(&v.items, UnlockResult),
        notes: Vec<String> = v.notes.clone(),
        ok: bool = v.ok(),
    }

    repr |v| {
        plan_id: quote(&v.plan_id),
        dry_run: crate::convert::py_bool(v.dry_run),
        items: v.items.len(),
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        crate::convert::from_json(text, "unlock report").map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
});

result_class!(
/// One planned policy's outcome.
UnlockResult(rootctl::UnlockResult) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        service: &'static str = v.service.as_str(),
        region: &str = &v.region,
        name: &str = &v.name,
        /// `unlocked`, `already_absent`, `drift`, `failed` or `would_unlock`.
        outcome: &'static str = v.outcome.as_str(),
        backup_path: Option<&str> = v.backup_path.as_deref(),
        detail: Option<&str> = v.detail.as_deref(),
        error(py): Option<Bound<'py, PyAny>> = error_object(py, v.error.as_ref()),
    }

    repr [account_id, service, name, outcome]
});

result_class!(
/// What `restore_unlock` did with one backup.
RestoreResult(rootctl::RestoreResult) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        service: &'static str = v.service.as_str(),
        region: &str = &v.region,
        name: &str = &v.name,
        /// `restored`, `refused`, `write_failed` or `written_unverified`.
        outcome: &'static str = v.outcome.as_str(),
        backup_path: &str = &v.backup_path,
        replaced: Option<&str> = v.replaced.as_deref(),
        replaced_backup: Option<&str> = v.replaced_backup.as_deref(),
        detail: Option<&str> = v.detail.as_deref(),
        ok: bool = v.ok(),
        error(py): Option<Bound<'py, PyAny>> = error_object(py, v.error.as_ref()),
    }

    repr [account_id, service, name, outcome]

    fn __str__(&self) -> String {
        self.0.to_string()
    }
});
