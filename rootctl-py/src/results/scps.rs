//! What `check_scps` reports.

use std::collections::BTreeMap;

use pyo3::prelude::*;

use super::{SkippedAccount, result_methods, wrap};
use crate::convert::{from_json, quote, quote_opt};

/// JSON text of a statement, compact, as AWS would store it.
fn json_text(value: Option<&serde_json::Value>) -> Option<String> {
    value.map(serde_json::Value::to_string)
}

/// The SCP (and RCP) pre-flight of the selected accounts: per account and task,
/// `allowed`, `blocked` or `unknown`, with the findings behind each verdict.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct ScpReport(pub(crate) rootctl::ScpReport);

result_methods!(ScpReport {
    #[getter]
    fn organization_id(&self) -> &str {
        &self.0.organization_id
    }

    #[getter]
    fn tasks(&self) -> Vec<&'static str> {
        self.0.tasks.iter().map(|t| t.as_str()).collect()
    }

    #[getter]
    fn policy_types(&self) -> Vec<&'static str> {
        self.0.policy_types.iter().map(|t| t.as_str()).collect()
    }

    #[getter]
    fn caller(&self) -> Option<CallerScps> {
        self.0.caller.clone().map(CallerScps)
    }

    #[getter]
    fn accounts(&self) -> Vec<AccountScps> {
        wrap(&self.0.accounts, AccountScps)
    }

    #[getter]
    fn skipped(&self) -> Vec<SkippedAccount> {
        wrap(&self.0.skipped, SkippedAccount)
    }

    #[getter]
    fn policies_read(&self) -> usize {
        self.0.policies_read
    }

    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }

    fn account(&self, account_id: &str) -> PyResult<Option<AccountScps>> {
        let id = crate::convert::account_id(account_id)?;
        Ok(self.0.account(&id).cloned().map(AccountScps))
    }

    fn blocked(&self, task: &str) -> PyResult<Vec<String>> {
        let task = crate::convert::root_task(task)?;
        Ok(self.0.blocked(task).iter().map(ToString::to_string).collect())
    }

    #[getter]
    fn summary(&self) -> BTreeMap<&'static str, BTreeMap<&'static str, usize>> {
        self.0
            .summary
            .iter()
            .map(|(task, counts)| {
                let counts = BTreeMap::from([
                    ("allowed", counts.allowed),
                    ("blocked", counts.blocked),
                    ("unknown", counts.unknown),
                ]);
                (task.as_str(), counts)
            })
            .collect()
    }

    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_json(text, "SCP report").map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        let blocked = self
            .0
            .accounts
            .iter()
            .filter(|a| a.verdicts.values().any(|v| *v == rootctl::scp::Verdict::Blocked))
            .count();
        format!(
            "ScpReport(organization_id={}, accounts={}, blocked_accounts={blocked})",
            quote(&self.0.organization_id),
            self.0.accounts.len()
        )
    }
});

/// One account's verdicts.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct AccountScps(pub(crate) rootctl::AccountScps);

result_methods!(AccountScps {
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
    fn path(&self) -> Vec<String> {
        self.0.path.clone()
    }

    #[getter]
    fn verdicts(&self) -> BTreeMap<&'static str, &'static str> {
        self.0
            .verdicts
            .iter()
            .map(|(task, verdict)| (task.as_str(), verdict.as_str()))
            .collect()
    }

    #[getter]
    fn findings(&self) -> Vec<ScpFinding> {
        wrap(&self.0.findings, ScpFinding)
    }

    fn __repr__(&self) -> String {
        let verdicts: Vec<String> = self
            .0
            .verdicts
            .iter()
            .map(|(task, verdict)| format!("{}: {}", quote(task.as_str()), quote(verdict.as_str())))
            .collect();
        format!(
            "AccountScps(account_id={}, verdicts={{{}}}, findings={})",
            quote(self.0.account_id.as_str()),
            verdicts.join(", "),
            self.0.findings.len()
        )
    }
});

/// Why a task is blocked or undecided: the policy, where it is attached, the statement,
/// the reason, and the fix.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct ScpFinding(pub(crate) rootctl::ScpFinding);

result_methods!(ScpFinding {
    #[getter]
    fn side(&self) -> &'static str {
        self.0.side.as_str()
    }

    #[getter]
    fn tasks(&self) -> Vec<&'static str> {
        self.0.tasks.iter().map(|t| t.as_str()).collect()
    }

    #[getter]
    fn actions(&self) -> Vec<String> {
        self.0.actions.clone()
    }

    #[getter]
    fn verdict(&self) -> &'static str {
        self.0.verdict.as_str()
    }

    #[getter]
    fn policy_type(&self) -> &'static str {
        self.0.policy_type.as_str()
    }

    #[getter]
    fn policy_id(&self) -> Option<&str> {
        self.0.policy_id.as_deref()
    }

    #[getter]
    fn policy_name(&self) -> Option<&str> {
        self.0.policy_name.as_deref()
    }

    #[getter]
    fn target_id(&self) -> &str {
        &self.0.target_id
    }

    #[getter]
    fn sid(&self) -> Option<&str> {
        self.0.sid.as_deref()
    }

    #[getter]
    fn statement(&self) -> Option<String> {
        json_text(self.0.statement.as_ref())
    }

    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    #[getter]
    fn fix(&self) -> Option<String> {
        json_text(self.0.fix.as_ref())
    }

    fn __repr__(&self) -> String {
        format!(
            "ScpFinding(verdict={}, policy_id={}, target_id={}, tasks={:?})",
            quote(self.0.verdict.as_str()),
            quote_opt(self.0.policy_id.as_deref()),
            quote(&self.0.target_id),
            self.0.tasks.iter().map(|t| t.as_str()).collect::<Vec<_>>()
        )
    }
});

/// Who calls `sts:AssumeRoot`, and whether SCPs restrict it.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct CallerScps(pub(crate) rootctl::CallerScps);

result_methods!(CallerScps {
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }

    #[getter]
    fn arn(&self) -> &str {
        &self.0.arn
    }

    #[getter]
    fn management_account(&self) -> bool {
        self.0.management_account
    }

    #[getter]
    fn path(&self) -> Vec<String> {
        self.0.path.clone()
    }

    #[getter]
    fn note(&self) -> &str {
        &self.0.note
    }

    fn __repr__(&self) -> String {
        format!(
            "CallerScps(account_id={}, management_account={}, path={:?})",
            quote(self.0.account_id.as_str()),
            crate::convert::py_bool(self.0.management_account),
            self.0.path
        )
    }
});
