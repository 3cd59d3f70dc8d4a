//! The call log: one [`CallRecord`] per AWS request the simulator answered, and counters.
//!
//! Records hold ids and outcomes only. Session credentials never enter them, so a log can
//! be printed or serialized freely.

use serde::Serialize;

use crate::model::{AccountId, TaskPolicy};

/// What the log writes as the outcome of a call that never got an answer (an injected
/// transport failure has no AWS code).
pub const DISPATCH_FAILURE: &str = "dispatch_failure";

/// One AWS request, as the simulator answered it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CallRecord {
    /// Position in the log, from 0; also the number in the request id of its error
    /// (`sim-<seq>`). Keeps counting across [`clear_calls`](super::SimulatedOrg::clear_calls).
    pub seq: u64,
    /// The AWS operation name, e.g. `DeleteAccessKey`.
    pub operation: &'static str,
    /// The account the call acted on: the root session's account for IAM calls, the
    /// target of AssumeRoot, the account of a delegated-admin or tag call.
    pub account_id: Option<AccountId>,
    /// The task policy of the root session, for AssumeRoot and IAM calls.
    pub task_policy: Option<TaskPolicy>,
    /// The item acted on: an access key id, certificate id or MFA serial, a parent id,
    /// or a service principal.
    pub target: Option<String>,
    /// `ok`, the AWS error code (also for answers the trait turns into values, such as
    /// `NoSuchEntity` on a delete), or [`DISPATCH_FAILURE`].
    pub outcome: String,
    /// Whether the operation changes state (whatever its outcome: an attempt counts).
    pub mutating: bool,
    /// For one page of an Organizations list: what the page held.
    pub page: Option<PageInfo>,
}

impl CallRecord {
    /// True when AWS answered with success.
    pub fn is_ok(&self) -> bool {
        self.outcome == "ok"
    }
}

/// One page of a paginated Organizations list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PageInfo {
    /// How many items the page carried (at most 20; possibly 0).
    pub items: u32,
    /// Whether the page carried a `NextToken`, i.e. more pages follow.
    pub next_token: bool,
}

/// Counters over the calls recorded since the simulator was built or last cleared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SimStats {
    /// Every call answered, successful or not.
    pub calls: u64,
    /// Calls refused by a rate limit (`Throttling`, `TooManyRequestsException`).
    pub throttled: u64,
    /// Calls failed by injected transient faults (HTTP 500 or transport).
    pub failed: u64,
    /// Calls refused as access denied (caller, task policy or SCP).
    pub denied: u64,
}

/// How a call ended, for the counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tally {
    Answered,
    Throttled,
    Failed,
    Denied,
}

/// The log itself and its counters.
#[derive(Debug, Default)]
pub(crate) struct CallLog {
    records: Vec<CallRecord>,
    next_seq: u64,
    stats: SimStats,
}

impl CallLog {
    /// Appends the record `make` builds for the next sequence number, and returns that.
    pub(crate) fn append(&mut self, tally: Tally, make: impl FnOnce(u64) -> CallRecord) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.records.push(make(seq));
        self.stats.calls += 1;
        match tally {
            Tally::Answered => {}
            Tally::Throttled => self.stats.throttled += 1,
            Tally::Failed => self.stats.failed += 1,
            Tally::Denied => self.stats.denied += 1,
        }
        seq
    }

    pub(crate) fn records(&self) -> &[CallRecord] {
        &self.records
    }

    pub(crate) fn stats(&self) -> SimStats {
        self.stats
    }

    /// Forgets records and counters, but not the sequence, so request ids stay unique.
    pub(crate) fn clear(&mut self) {
        self.records.clear();
        self.stats = SimStats::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(operation: &'static str) -> impl FnOnce(u64) -> CallRecord {
        move |seq| CallRecord {
            seq,
            operation,
            account_id: None,
            task_policy: None,
            target: None,
            outcome: "ok".into(),
            mutating: false,
            page: None,
        }
    }

    #[test]
    fn records_are_numbered_and_counted() {
        let mut log = CallLog::default();
        assert_eq!(log.append(Tally::Answered, record("ListAccounts")), 0);
        assert_eq!(log.append(Tally::Throttled, record("AssumeRoot")), 1);
        assert_eq!(log.append(Tally::Denied, record("DeleteAccessKey")), 2);
        assert_eq!(log.append(Tally::Failed, record("GetUser")), 3);
        assert_eq!(log.records()[1].seq, 1);
        assert_eq!(
            log.stats(),
            SimStats {
                calls: 4,
                throttled: 1,
                failed: 1,
                denied: 1
            }
        );
        log.clear();
        assert!(log.records().is_empty());
        assert_eq!(log.stats(), SimStats::default());
        assert_eq!(log.append(Tally::Answered, record("GetUser")), 4);
    }

    #[test]
    fn records_serialize_with_wire_names() {
        let mut rec = record("ListAccounts")(7);
        rec.page = Some(PageInfo {
            items: 0,
            next_token: true,
        });
        let json = serde_json::to_string(&rec).unwrap();
        assert!(json.contains("\"operation\":\"ListAccounts\""), "{json}");
        assert!(
            json.contains("\"page\":{\"items\":0,\"next_token\":true}"),
            "{json}"
        );
        assert!(rec.is_ok());
    }
}
