//! What `check_scps` reports.

use std::collections::BTreeMap;

use pyo3::prelude::*;

use super::{SkippedAccount, result_class, wrap};
use crate::convert::{from_json, quote, quote_opt};

/// JSON text of a statement, compact, as AWS would store it.
fn json_text(value: Option<&serde_json::Value>) -> Option<String> {
    value.map(serde_json::Value::to_string)
}

result_class!(
/// The SCP (and RCP) pre-flight of the selected accounts: per account and task,
/// `allowed`, `blocked` or `unknown`, with the findings behind each verdict.
ScpReport(rootctl::ScpReport) {
    get |v| {
        organization_id: &str = &v.organization_id,
        tasks: Vec<&'static str> = v.tasks.iter().map(|t| t.as_str()).collect(),
        policy_types: Vec<&'static str> = v.policy_types.iter().map(|t| t.as_str()).collect(),
        caller: Option<CallerScps> = v.caller.clone().map(CallerScps),
        accounts: Vec<AccountScps> = wrap(&v.accounts, AccountScps),
        skipped: Vec<SkippedAccount> = wrap(&v.skipped, SkippedAccount),
        policies_read: usize,
        ok: bool = v.ok(),
        summary: BTreeMap<&'static str, BTreeMap<&'static str, usize>> = {
            v.summary
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
        },
    }

    fn account(&self, account_id: &str) -> PyResult<Option<AccountScps>> {
        let id = crate::convert::account_id(account_id)?;
        Ok(self.0.account(&id).cloned().map(AccountScps))
    }

    fn blocked(&self, task: &str) -> PyResult<Vec<String>> {
        let task = crate::convert::root_task(task)?;
        Ok(self.0.blocked(task).iter().map(ToString::to_string).collect())
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

result_class!(
/// One account's verdicts.
AccountScps(rootctl::AccountScps) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        ou_path: &str = &v.ou_path,
        path: Vec<String> = v.path.clone(),
        findings: Vec<ScpFinding> = wrap(&v.findings, ScpFinding),
        verdicts: BTreeMap<&'static str, &'static str> = {
            v.verdicts
                .iter()
                .map(|(task, verdict)| (task.as_str(), verdict.as_str()))
                .collect()
        },
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

result_class!(
/// Why a task is blocked or undecided: the policy, where it is attached, the statement,
/// the reason, and the fix.
ScpFinding(rootctl::ScpFinding) {
    get |v| {
        side: &'static str = v.side.as_str(),
        tasks: Vec<&'static str> = v.tasks.iter().map(|t| t.as_str()).collect(),
        actions: Vec<String> = v.actions.clone(),
        verdict: &'static str = v.verdict.as_str(),
        policy_type: &'static str = v.policy_type.as_str(),
        policy_id: Option<&str> = v.policy_id.as_deref(),
        policy_name: Option<&str> = v.policy_name.as_deref(),
        target_id: &str = &v.target_id,
        sid: Option<&str> = v.sid.as_deref(),
        statement: Option<String> = json_text(v.statement.as_ref()),
        reason: &str = &v.reason,
        fix: Option<String> = json_text(v.fix.as_ref()),
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

result_class!(
/// Who calls `sts:AssumeRoot`, and whether SCPs restrict it.
CallerScps(rootctl::CallerScps) {
    get |v| {
        account_id: String = v.account_id.to_string(),
        arn: &str = &v.arn,
        management_account: bool,
        path: Vec<String> = v.path.clone(),
        note: &str = &v.note,
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
