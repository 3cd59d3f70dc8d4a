//! Layer 4, the engine: how operations run across many accounts.
//!
//! Bounded concurrency, a token bucket on AssumeRoot, retries with jittered backoff on
//! retryable errors only, re-assuming expired sessions, a per-account timeout, progress
//! events ([`progress`]) and the removal journal ([`journal`]). Operations are cancelled
//! by dropping their future: every account task still running is aborted, and the
//! journal tells a re-run where to resume.

mod context;
pub(crate) mod fanout;
pub mod journal;

pub mod progress;
pub(crate) mod rate;
pub(crate) mod retry;
pub(crate) mod session;

use std::sync::Arc;
use std::time::Duration;

use crate::boundary::{RootIam, RootSessions};
use crate::error::Error;
use crate::model::AccountId;
use crate::options::Options;

pub use context::Rootctl;
pub(crate) use progress::Progress;
use progress::ProgressKind;
use rate::RateLimiter;

/// What one operation run needs from the client, cheap to clone into account tasks.
#[derive(Clone, Debug)]
pub(crate) struct Run(Arc<RunInner>);

#[derive(Debug)]
struct RunInner {
    operation: &'static str,
    sts: Arc<dyn RootSessions>,
    iam: Arc<dyn RootIam>,
    options: Options,
    assume_root_limiter: Option<Arc<RateLimiter>>,
    progress: Progress,
}

impl Run {
    pub(crate) fn new(
        operation: &'static str,
        sts: Arc<dyn RootSessions>,
        iam: Arc<dyn RootIam>,
        options: Options,
        assume_root_limiter: Option<Arc<RateLimiter>>,
        progress: Progress,
    ) -> Self {
        Self(Arc::new(RunInner {
            operation,
            sts,
            iam,
            options,
            assume_root_limiter,
            progress,
        }))
    }

    pub(crate) fn operation(&self) -> &'static str {
        self.0.operation
    }

    pub(crate) fn sts(&self) -> &Arc<dyn RootSessions> {
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

    async fn acquire_assume_root(&self) {
        if let Some(limiter) = &self.0.assume_root_limiter {
            limiter.acquire().await;
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
