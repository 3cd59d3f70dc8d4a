//! Progress events: what long operations report while they run.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::limit::ConcurrencyLimit;
use crate::model::AccountId;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProgressKind {
    /// Work on an account began.
    AccountStarted,
    /// Work on an account ended well.
    AccountFinished,
    /// Work on an account ended with an error (in `detail`).
    AccountFailed,
    /// A call is being retried after a retryable error (in `detail`).
    Retried,
    /// A root session expired and a new one is being assumed.
    SessionRenewed,
    /// A credential was removed (its kind and id in `detail`).
    ItemRemoved,
    /// A credential could not be removed (why in `detail`).
    ItemFailed,
    /// The adaptive concurrency limit or AssumeRoot pace moved (`detail` says which, and
    /// to what): `concurrency 16 -> 17`, `assume_root_rate 195.0/s (...)`.
    LimitChanged,
}

impl ProgressKind {
    /// The snake_case name, e.g. `account_started`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProgressKind::AccountStarted => "account_started",
            ProgressKind::AccountFinished => "account_finished",
            ProgressKind::AccountFailed => "account_failed",
            ProgressKind::Retried => "retried",
            ProgressKind::SessionRenewed => "session_renewed",
            ProgressKind::ItemRemoved => "item_removed",
            ProgressKind::ItemFailed => "item_failed",
            ProgressKind::LimitChanged => "limit_changed",
        }
    }
}

impl fmt::Display for ProgressKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One progress event. Details never contain credentials' secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressEvent {
    /// What happened.
    pub kind: ProgressKind,
    /// The account it happened in.
    pub account_id: Option<AccountId>,
    /// A human-readable detail.
    pub detail: String,
    /// How many accounts may be in flight when the event was made: the adaptive limit
    /// in force, or the fixed one. `None` outside the work on accounts.
    pub concurrency: Option<usize>,
}

/// A progress callback. It runs on the worker that made the event, so keep it quick
/// (send to a channel or bump a counter).
pub type ProgressFn = Arc<dyn Fn(&ProgressEvent) + Send + Sync>;

/// An optional progress callback, cheap to clone into workers, and the concurrency limit
/// its events report.
#[derive(Clone, Default)]
pub(crate) struct Progress {
    callback: Option<ProgressFn>,
    limit: Option<Arc<ConcurrencyLimit>>,
}

impl Progress {
    pub(crate) fn new(callback: Option<ProgressFn>, limit: Option<Arc<ConcurrencyLimit>>) -> Self {
        Self { callback, limit }
    }

    pub(crate) fn emit(
        &self,
        kind: ProgressKind,
        account_id: Option<AccountId>,
        detail: impl FnOnce() -> String,
    ) {
        if let Some(callback) = &self.callback {
            callback(&ProgressEvent {
                kind,
                account_id,
                detail: detail(),
                concurrency: self.limit.as_ref().map(|limit| limit.current()),
            });
        }
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.callback.is_some() {
            "Progress(callback)"
        } else {
            "Progress(none)"
        })
    }
}
