//! What `select_accounts` resolves a selection to.

use std::collections::BTreeMap;

use pyo3::prelude::*;

use super::{SkippedAccount, result_class, wrap};
use crate::convert::{from_json, quote};

result_class!(
/// The accounts a selection targets, and every other account with the reason.
SelectedAccounts(rootctl::SelectedAccounts), eq {
    get |v| {
        organization_id: &str = &v.organization_id,
        management_account_id: String = v.management_account_id.to_string(),
        targets: Vec<Account> = wrap(&v.targets, Account),
        skipped: Vec<SkippedAccount> = wrap(&v.skipped, SkippedAccount),
        account_ids: Vec<String> = v.targets.iter().map(|t| t.account_id.to_string()).collect(),
    }

    repr |v| {
        organization_id: quote(&v.organization_id),
        targets: v.targets.len(),
        skipped: v.skipped.len(),
    }

    fn __len__(&self) -> usize {
        self.0.targets.len()
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_json(text, "selection").map(Self)
    }
});

result_class!(
/// A targeted member account.
Account(rootctl::Target), eq {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        email: &str = &v.email,
        state: &str = v.state.as_str(),
        ou_path: &str = &v.ou_path,
        tags: Option<BTreeMap<String, String>> = v.tags.clone(),
    }

    repr [account_id, name, ou_path]
});
