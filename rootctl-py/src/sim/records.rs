//! The simulator's ground truth as Python objects: members, the call log, counters.

use std::collections::BTreeMap;

use pyo3::prelude::*;
use rootctl::Timestamp;
use rootctl::sim;

use crate::convert::{py_bool, quote, quote_opt};
use crate::results::result_methods;

/// A member account of the simulated organization, as its ground truth knows it.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct Member(pub(crate) sim::Member);

result_methods!(Member {
    get |v| {
        account_id: String = v.account.id.to_string(),
        name: &str = &v.account.name,
        email: &str = &v.account.email,
        state: &str = v.account.state.as_str(),
        parent_id: &str = v.parent.as_str(),
        ou_path: &str = &v.ou_path,
        tags: BTreeMap<String, String> = v.tags.clone(),
        joined: Option<Timestamp> = v.account.joined,
    }

    fn __repr__(&self) -> String {
        format!(
            "Member(account_id={}, name={}, state={}, ou_path={})",
            quote(self.0.account.id.as_str()),
            quote(&self.0.account.name),
            quote(self.0.account.state.as_str()),
            quote(&self.0.ou_path)
        )
    }
});

/// One AWS request the simulator answered.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct CallRecord(pub(crate) sim::CallRecord);

result_methods!(CallRecord {
    get |v| {
        seq: u64,
        operation: &'static str,
        account_id: Option<String> = v.account_id.map(|a| a.to_string()),
        task_policy: Option<String> = v.task_policy.map(|p| p.to_string()),
        target: Option<&str> = v.target.as_deref(),
        outcome: &str = &v.outcome,
        ok: bool = v.is_ok(),
        mutating: bool,
    }

    fn __repr__(&self) -> String {
        format!(
            "CallRecord(seq={}, operation={}, account_id={}, target={}, outcome={}, mutating={})",
            self.0.seq,
            quote(self.0.operation),
            quote_opt(self.0.account_id.as_ref().map(|a| a.as_str())),
            quote_opt(self.0.target.as_deref()),
            quote(&self.0.outcome),
            py_bool(self.0.mutating)
        )
    }
});

/// Counters over the simulator's calls.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct SimStats(pub(crate) sim::SimStats);

result_methods!(SimStats {
    get |v| {
        calls: u64,
        throttled: u64,
        failed: u64,
        denied: u64,
    }

    fn __repr__(&self) -> String {
        let s = &self.0;
        format!(
            "SimStats(calls={}, throttled={}, failed={}, denied={})",
            s.calls, s.throttled, s.failed, s.denied
        )
    }
});
