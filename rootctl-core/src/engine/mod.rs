//! Layer 4, the engine: how operations run across many accounts.
//!
//! Adaptive (or fixed) concurrency (`limit`), an adaptive (or fixed) token bucket on
//! AssumeRoot (`rate`), retries with jittered backoff on
//! retryable errors only, re-assuming expired sessions, a per-account timeout, progress
//! events ([`progress`]) and the removal journal ([`journal`]). Operations are cancelled
//! by dropping their future: every account task still running is aborted, and the
//! journal tells a re-run where to resume.

mod context;
pub(crate) mod fanout;
pub(crate) mod files;
pub mod journal;
pub(crate) mod limit;

pub mod progress;
pub(crate) mod rate;
pub(crate) mod retry;
pub(crate) mod session;

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::boundary::{RootIam, StsApi};
use crate::error::{Error, ErrorKind, Result};
use crate::model::AccountId;
use crate::options::Options;

pub use context::Rootctl;
use limit::{CallSignal, ConcurrencyLimit, LimitChange};
pub(crate) use progress::Progress;
use progress::ProgressKind;
use rate::RateLimiter;

/// How many times more throttling an AssumeRoot tolerates under the adaptive pace.
const ADAPTIVE_THROTTLE_PATIENCE: u32 = 4;

/// What one operation run needs from the client, cheap to clone into account tasks.
#[derive(Clone, Debug)]
pub(crate) struct Run(Arc<RunInner>);

#[derive(Debug)]
struct RunInner {
    operation: &'static str,
    sts: Arc<dyn StsApi>,
    iam: Arc<dyn RootIam>,
    options: Options,
    limits: Limits,
    progress: Progress,
}

/// The client's concurrency limit and AssumeRoot pace, shared by its clones and runs (so
/// a run starts from what the previous one learnt).
#[derive(Clone, Debug)]
pub(crate) struct Limits {
    pub(crate) concurrency: Arc<ConcurrencyLimit>,
    pub(crate) assume_root: Arc<RateLimiter>,
}

impl Limits {
    pub(crate) fn new(options: &Options) -> Self {
        Self {
            concurrency: Arc::new(ConcurrencyLimit::new(options.concurrency)),
            assume_root: Arc::new(match options.assume_root_rate {
                Some(rate) => RateLimiter::fixed(rate),
                None => RateLimiter::adaptive(),
            }),
        }
    }
}

impl Run {
    pub(crate) fn new(
        operation: &'static str,
        sts: Arc<dyn StsApi>,
        iam: Arc<dyn RootIam>,
        options: Options,
        limits: Limits,
        progress: Option<progress::ProgressFn>,
    ) -> Self {
        let progress = Progress::new(progress, Some(Arc::clone(&limits.concurrency)));
        Self(Arc::new(RunInner {
            operation,
            sts,
            iam,
            options,
            limits,
            progress,
        }))
    }

    pub(crate) fn operation(&self) -> &'static str {
        self.0.operation
    }

    pub(crate) fn sts(&self) -> &Arc<dyn StsApi> {
        &self.0.sts
    }

    pub(crate) fn iam(&self) -> &Arc<dyn RootIam> {
        &self.0.iam
    }

    pub(crate) fn options(&self) -> &Options {
        &self.0.options
    }

    pub(crate) fn progress(&self) -> &Progress {
        &self.0.progress
    }

    pub(crate) fn concurrency(&self) -> &Arc<ConcurrencyLimit> {
        &self.0.limits.concurrency
    }

    /// How many times one AssumeRoot may be throttled before it fails: four times the
    /// retry policy's attempts while the pace adapts (throttling is how it learns AWS's
    /// limit), the policy's attempts under a fixed pace or with retries off.
    fn assume_root_throttled_attempts(&self) -> u32 {
        let attempts = self.0.options.retry.max_attempts;
        if self.0.options.assume_root_rate.is_none() && attempts > 1 {
            attempts.saturating_mul(ADAPTIVE_THROTTLE_PATIENCE)
        } else {
            attempts
        }
    }

    /// Waits for AssumeRoot's pace, counted as an account queued for its session.
    async fn acquire_assume_root(&self) {
        let _waiting = self.concurrency().waiting_for_session();
        self.0.limits.assume_root.acquire().await;
    }

    /// Tells the AssumeRoot pace how AWS answered, and reports a new pace. True when AWS
    /// throttled the call.
    fn observe_assume_root<T>(&self, account: AccountId, result: &Result<T>) -> bool {
        let throttled = matches!(result, Err(err) if err.kind() == ErrorKind::Throttled);
        if let Some(change) = self.0.limits.assume_root.observe(throttled) {
            self.0
                .progress
                .emit(ProgressKind::LimitChanged, Some(account), || {
                    format!(
                        "assume_root_rate {:.1}/s ({:.0}% of AssumeRoot calls throttled)",
                        change.rate,
                        change.throttled_share * 100.0
                    )
                });
        }
        throttled
    }

    /// Tells the concurrency limit how a root-session call went, and reports a new limit.
    fn observe_call<T>(
        &self,
        account: AccountId,
        operation: &'static str,
        started: Instant,
        result: &Result<T>,
    ) {
        let signal = match result {
            Err(err) if err.kind() == ErrorKind::Throttled => CallSignal::Throttled,
            _ => CallSignal::Answered,
        };
        let change = self
            .concurrency()
            .observe(operation, started.elapsed(), signal);
        self.report_limit(account, change);
    }

    /// Reports a change of the concurrency limit.
    pub(crate) fn report_limit(&self, account: AccountId, change: Option<LimitChange>) {
        if let Some(LimitChange { from, to }) = change {
            self.0
                .progress
                .emit(ProgressKind::LimitChanged, Some(account), || {
                    format!("concurrency {from} -> {to}")
                });
        }
    }

    fn report_retry(
        &self,
        account: AccountId,
        operation: &str,
        err: &Error,
        retry: u32,
        delay: Duration,
    ) {
        tracing::debug!(account = %account, operation, retry, ?delay, error = %err, "retrying");
        self.0
            .progress
            .emit(ProgressKind::Retried, Some(account), || {
                format!("{operation} retry {retry} in {delay:?}: {err}")
            });
    }
}
