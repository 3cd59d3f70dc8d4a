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
    #[getter]
    fn organization_id(&self) -> &str {
        &self.0.organization_id
    }

    #[getter]
    fn management_account_id(&self) -> String {
        self.0.management_account_id.to_string()
    }

    #[getter]
    fn targets(&self) -> Vec<Account> {
        wrap(&self.0.targets, Account)
    }

    #[getter]
    fn skipped(&self) -> Vec<SkippedAccount> {
        wrap(&self.0.skipped, SkippedAccount)
    }

    #[getter]
    fn account_ids(&self) -> Vec<String> {
        self.0.targets.iter().map(|t| t.account_id.to_string()).collect()
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
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn email(&self) -> &str {
        &self.0.email
    }

    #[getter]
    fn state(&self) -> &str {
        self.0.state.as_str()
    }

    #[getter]
    fn ou_path(&self) -> &str {
        &self.0.ou_path
    }

    #[getter]
    fn tags(&self) -> Option<BTreeMap<String, String>> {
        self.0.tags.clone()
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
