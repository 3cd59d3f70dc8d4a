//! Removal plans: what `plan_removal` makes and `apply_removal` takes.

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::{CallerIdentity, result_class, wrap};
use crate::convert::quote;
use crate::errors::core;

result_class!(
/// A reviewable, serializable list of the root credentials to remove.
RemovalPlan(rootctl::RemovalPlan), eq {
    get |v| {
        format_version: u32,
        plan_id: &str = &v.plan_id,
        organization_id: &str = &v.organization_id,
        management_account_id: String = v.management_account_id.to_string(),
        caller: CallerIdentity = CallerIdentity(v.caller.clone()),
        created_at: Timestamp,
        audited_at: Timestamp,
        kinds: Vec<&'static str> = v.kinds.iter().map(|k| k.plural()).collect(),
        accounts: Vec<AccountRemovalPlan> = wrap(&v.accounts, AccountRemovalPlan),
        not_planned: Vec<NotPlanned> = wrap(&v.not_planned, NotPlanned),
        item_count: usize = v.item_count(),
    }

    repr |v| {
        plan_id: quote(&v.plan_id),
        organization_id: quote(&v.organization_id),
        accounts: v.accounts.len(),
        items: v.item_count(),
        kinds: format!("[{}]", v.kinds.iter().map(|k| quote(k.plural())).collect::<Vec<_>>().join(", ")),
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = crate::convert::text(text)?;
        core(rootctl::RemovalPlan::from_json(&text)).map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
});

result_class!(
/// What a plan removes in one account, in removal order.
AccountRemovalPlan(rootctl::AccountRemovalPlan), eq {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        ou_path: &str = &v.ou_path,
        items: Vec<RemovalItem> = wrap(&v.items, RemovalItem),
    }

    repr |v| {
        account_id: quote(v.account_id.as_str()),
        name: quote(&v.name),
        items: v.items.len(),
    }
});

result_class!(
/// One credential to remove: its kind and id (None for the password).
RemovalItem(rootctl::RemovalItem), eq, hash {
    get |v| {
        kind: &'static str = v.kind.as_str(),
        id: Option<&str> = v.id.as_deref(),
        created: Option<Timestamp>,
    }

    repr [kind, id]

    fn __str__(&self) -> String {
        self.0.to_string()
    }
});

result_class!(
/// An account a plan leaves alone, and why.
NotPlanned(rootctl::NotPlanned), eq {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        reason: &str = &v.reason,
    }

    repr [account_id, name, reason]
});
