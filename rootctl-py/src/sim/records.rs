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
    #[getter]
    fn account_id(&self) -> String {
        self.0.account.id.to_string()
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.account.name
    }

    #[getter]
    fn email(&self) -> &str {
        &self.0.account.email
    }

    #[getter]
    fn state(&self) -> &str {
        self.0.account.state.as_str()
    }

    #[getter]
    fn parent_id(&self) -> &str {
        self.0.parent.as_str()
    }

    #[getter]
    fn ou_path(&self) -> &str {
        &self.0.ou_path
    }

    #[getter]
    fn tags(&self) -> BTreeMap<String, String> {
        self.0.tags.clone()
    }

    #[getter]
    fn joined(&self) -> Option<Timestamp> {
        self.0.account.joined
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
    #[getter]
    fn seq(&self) -> u64 {
        self.0.seq
    }

    #[getter]
    fn operation(&self) -> &'static str {
        self.0.operation
    }

    #[getter]
    fn account_id(&self) -> Option<String> {
        self.0.account_id.map(|a| a.to_string())
    }

    #[getter]
    fn task_policy(&self) -> Option<String> {
        self.0.task_policy.map(|p| p.to_string())
    }

    #[getter]
    fn target(&self) -> Option<&str> {
        self.0.target.as_deref()
    }

    #[getter]
    fn outcome(&self) -> &str {
        &self.0.outcome
    }

    #[getter]
    fn ok(&self) -> bool {
        self.0.is_ok()
    }

    #[getter]
    fn mutating(&self) -> bool {
        self.0.mutating
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
    #[getter]
    fn calls(&self) -> u64 {
        self.0.calls
    }

    #[getter]
    fn throttled(&self) -> u64 {
        self.0.throttled
    }

    #[getter]
    fn failed(&self) -> u64 {
        self.0.failed
    }

    #[getter]
    fn denied(&self) -> u64 {
        self.0.denied
    }

    fn __repr__(&self) -> String {
        let s = &self.0;
        format!(
            "SimStats(calls={}, throttled={}, failed={}, denied={})",
            s.calls, s.throttled, s.failed, s.denied
        )
    }
});
