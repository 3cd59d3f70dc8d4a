//! What `select_accounts` resolves a selection to.

use std::collections::BTreeMap;

use pyo3::prelude::*;

use super::{SkippedAccount, result_methods, wrap};
use crate::convert::{from_json, quote};

/// The accounts a selection targets, and every other account with the reason.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct Selection(pub(crate) rootctl::SelectedAccounts);

result_methods!(Selection {
    get |v| {
        organization_id: &str = &v.organization_id,
        management_account_id: String = v.management_account_id.to_string(),
        targets: Vec<Account> = wrap(&v.targets, Account),
        skipped: Vec<SkippedAccount> = wrap(&v.skipped, SkippedAccount),
        account_ids: Vec<String> = v.targets.iter().map(|t| t.account_id.to_string()).collect(),
    }

    fn __len__(&self) -> usize {
        self.0.targets.len()
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_json(text, "selection").map(Self)
    }

    fn __repr__(&self) -> String {
        format!(
            "Selection(organization_id={}, targets={}, skipped={})",
            quote(&self.0.organization_id),
            self.0.targets.len(),
            self.0.skipped.len()
        )
    }
});

/// A targeted member account.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct Account(pub(crate) rootctl::Target);

result_methods!(Account {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        email: &str = &v.email,
        state: &str = v.state.as_str(),
        ou_path: &str = &v.ou_path,
        tags: Option<BTreeMap<String, String>> = v.tags.clone(),
    }

    fn __repr__(&self) -> String {
        format!(
            "Account(account_id={}, name={}, ou_path={})",
            quote(self.0.account_id.as_str()),
            quote(&self.0.name),
            quote(&self.0.ou_path)
        )
    }
});
