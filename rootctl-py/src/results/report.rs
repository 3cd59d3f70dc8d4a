//! What `apply_removal` reports.

use pyo3::prelude::*;
use rootctl::{AccountId, ItemOutcome, Timestamp};
use serde::Serialize;

use super::audit::AuditReport;
use super::removal::RemovalItem;
use super::{error_object, result_class, wrap};
use crate::convert::{from_json, py_bool, quote, quote_opt};

result_class!(
/// The outcome of applying a removal plan, item by item, and its verification.
RemovalReport(rootctl::RemovalReport) {
    get |v| {
        plan_id: &str = &v.plan_id,
        organization_id: &str = &v.organization_id,
        dry_run: bool,
        started_at: Timestamp,
        finished_at: Timestamp,
        accounts: Vec<AccountRemoval> = wrap(&v.accounts, AccountRemoval),
        verification: Option<AuditReport> = v.verification.clone().map(AuditReport),
        notes: Vec<String> = v.notes.clone(),
        summary: RemovalSummary = RemovalSummary(v.summary),
        ok: bool = v.ok(),
        items: Vec<ItemResult> = {
            v.items()
                .map(|(account, result)| ItemResult(ItemRow::new(account.account_id, result)))
                .collect()
        },
        unverified: Vec<String> = v.unverified().iter().map(ToString::to_string).collect(),
        remaining: Vec<(String, RemovalItem)> = {
            v.remaining()
                .into_iter()
                .map(|(account, item)| (account.to_string(), RemovalItem(item)))
                .collect()
        },
    }

    repr |v| {
        plan_id: quote(&v.plan_id),
        dry_run: py_bool(v.dry_run),
        ok: py_bool(v.ok()),
        planned: v.summary.planned,
        removed: v.summary.removed,
        already_absent: v.summary.already_absent,
        failed: v.summary.failed,
        skipped: v.summary.skipped,
        would_remove: v.summary.would_remove,
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_json(text, "removal report").map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
});

result_class!(
/// One account's part of a removal.
AccountRemoval(rootctl::AccountRemoval) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        drift: Vec<RemovalItem> = wrap(&v.drift, RemovalItem),
        error(py): Option<Bound<'py, PyAny>> = error_object(py, v.error.as_ref()),
        items: Vec<ItemResult> = {
            let account = v.account_id;
            v.items
                .iter()
                .map(|result| ItemResult(ItemRow::new(account, result)))
                .collect()
        },
    }

    repr |v| {
        account_id: quote(v.account_id.as_str()),
        name: quote(&v.name),
        items: v.items.len(),
        drift: v.drift.len(),
        error: quote_opt(v.error.as_ref().map(|e| e.to_string()).as_deref()),
    }
});

/// A planned item with its account, flattened as in `RemovalReport.items`.
#[derive(Clone, Serialize)]
pub(crate) struct ItemRow {
    account_id: AccountId,
    #[serde(flatten)]
    result: rootctl::ItemResult,
}

impl ItemRow {
    fn new(account_id: AccountId, result: &rootctl::ItemResult) -> Self {
        Self {
            account_id,
            result: result.clone(),
        }
    }
}

result_class!(
/// One planned credential and what happened to it.
ItemResult(ItemRow) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        kind: &'static str = v.result.item.kind.as_str(),
        id: Option<&str> = v.result.item.id.as_deref(),
        item: RemovalItem = RemovalItem(v.result.item.clone()),
        outcome: &'static str = v.result.outcome.as_str(),
        error(py): Option<Bound<'py, PyAny>> = {
            match &v.result.outcome {
                ItemOutcome::Failed { error } | ItemOutcome::Interrupted { error } => {
                    error_object(py, Some(error))
                }
                _ => Ok(None),
            }
        },
        reason: Option<&str> = {
            match &v.result.outcome {
                ItemOutcome::Skipped { reason } => Some(reason),
                _ => None,
            }
        },
    }

    repr |v| {
        account_id: quote(v.account_id.as_str()),
        kind: quote(v.result.item.kind.as_str()),
        id: quote_opt(v.result.item.id.as_deref()),
        outcome: quote(v.result.outcome.as_str()),
    }
});

result_class!(
/// Counts over a removal.
RemovalSummary(rootctl::RemovalSummary), eq {
    get |v| {
        accounts: usize,
        accounts_failed: usize,
        planned: usize,
        removed: usize,
        already_absent: usize,
        failed: usize,
        skipped: usize,
        would_remove: usize,
        interrupted: usize,
        drift: usize,
    }

    fn __repr__(&self) -> String {
        let s = &self.0;
        format!(
            "RemovalSummary(accounts={}, accounts_failed={}, planned={}, removed={}, already_absent={}, \
             failed={}, skipped={}, would_remove={}, drift={})",
            s.accounts, s.accounts_failed, s.planned, s.removed, s.already_absent, s.failed, s.skipped,
            s.would_remove, s.drift
        )
    }
});
