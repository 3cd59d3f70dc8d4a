//! The simulator's ground truth as Python objects: members, the call log, counters.

use std::collections::BTreeMap;

use rootctl::Timestamp;
use rootctl::sim;

use crate::convert::{py_bool, quote, quote_opt};
use crate::results::result_class;

result_class!(
/// A member account of the simulated organization, as its ground truth knows it.
Member(sim::Member), eq {
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

    repr |v| {
        account_id: quote(v.account.id.as_str()),
        name: quote(&v.account.name),
        state: quote(v.account.state.as_str()),
        ou_path: quote(&v.ou_path),
    }
});

result_class!(
/// One AWS request the simulator answered.
CallRecord(sim::CallRecord), eq {
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

    repr |v| {
        seq: v.seq,
        operation: quote(v.operation),
        account_id: quote_opt(v.account_id.as_ref().map(|a| a.as_str())),
        target: quote_opt(v.target.as_deref()),
        outcome: quote(&v.outcome),
        mutating: py_bool(v.mutating),
    }
});

result_class!(
/// Counters over the simulator's calls.
SimStats(sim::SimStats), eq {
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
