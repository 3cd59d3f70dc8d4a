//! Removal plans: what `plan_removal` makes and `apply_removal` takes.

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::{CallerIdentity, result_methods, wrap};
use crate::convert::{quote, quote_opt};
use crate::errors::core;

/// A reviewable, serializable list of the root credentials to remove.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct RemovalPlan(pub(crate) rootctl::RemovalPlan);

result_methods!(RemovalPlan {
    #[getter]
    fn format_version(&self) -> u32 {
        self.0.format_version
    }

    #[getter]
    fn plan_id(&self) -> &str {
        &self.0.plan_id
    }

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
    fn created_at(&self) -> Timestamp {
        self.0.created_at
    }

    #[getter]
    fn audited_at(&self) -> Timestamp {
        self.0.audited_at
    }

    #[getter]
    fn kinds(&self) -> Vec<&'static str> {
        self.0.kinds.iter().map(|k| k.plural()).collect()
    }

    #[getter]
    fn accounts(&self) -> Vec<AccountRemovalPlan> {
        wrap(&self.0.accounts, AccountRemovalPlan)
    }

    #[getter]
    fn not_planned(&self) -> Vec<NotPlanned> {
        wrap(&self.0.not_planned, NotPlanned)
    }

    #[getter]
    fn item_count(&self) -> usize {
        self.0.item_count()
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = crate::convert::text(text)?;
        core(rootctl::RemovalPlan::from_json(&text)).map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "RemovalPlan(plan_id={}, organization_id={}, accounts={}, items={}, kinds=[{}])",
            quote(&self.0.plan_id),
            quote(&self.0.organization_id),
            self.0.accounts.len(),
            self.0.item_count(),
            self.0.kinds.iter().map(|k| quote(k.plural())).collect::<Vec<_>>().join(", ")
        )
    }
});

/// What a plan removes in one account, in removal order.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct AccountRemovalPlan(pub(crate) rootctl::AccountRemovalPlan);

result_methods!(AccountRemovalPlan {
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
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
    fn items(&self) -> Vec<RemovalItem> {
        wrap(&self.0.items, RemovalItem)
    }

    fn __repr__(&self) -> String {
        format!(
            "AccountRemovalPlan(account_id={}, name={}, items={})",
            quote(self.0.account_id.as_str()),
            quote(&self.0.name),
            self.0.items.len()
        )
    }
});

/// One credential to remove: its kind and id (None for the password).
#[pyclass(frozen, module = "rootctl", eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct RemovalItem(pub(crate) rootctl::RemovalItem);

result_methods!(RemovalItem {
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }

    #[getter]
    fn id(&self) -> Option<&str> {
        self.0.id.as_deref()
    }

    #[getter]
    fn created(&self) -> Option<Timestamp> {
        self.0.created
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "RemovalItem(kind={}, id={})",
            quote(self.0.kind.as_str()),
            quote_opt(self.0.id.as_deref())
        )
    }
});

/// An account a plan leaves alone, and why.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct NotPlanned(pub(crate) rootctl::NotPlanned);

result_methods!(NotPlanned {
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    fn __repr__(&self) -> String {
        format!(
            "NotPlanned(account_id={}, name={}, reason={})",
            quote(self.0.account_id.as_str()),
            quote(&self.0.name),
            quote(&self.0.reason)
        )
    }
});
