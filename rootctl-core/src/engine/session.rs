//! [`AccountSession`]: one account's root session, assumed on demand, re-assumed when it
//! expires, with every call retried per the retry policy.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{TimeDelta, Utc};
use tokio::time::Instant;

use super::Run;
use super::progress::ProgressKind;
use super::retry::{retry, retry_throttled};
use crate::error::{ErrorKind, Result};
use crate::model::{AccountId, RootSession, TaskPolicy};

/// Sessions this close to expiry are replaced before a call rather than failing in it.
const EXPIRY_MARGIN: TimeDelta = TimeDelta::seconds(5);

/// How long before its expiry a session is replaced: five seconds, but never more than a
/// fifth of the session's length, so a short session (1 to 25 s) is still used for the
/// calls it can serve rather than replaced before every call.
fn expiry_margin(duration: crate::model::SessionDuration) -> TimeDelta {
    let fifth = TimeDelta::milliseconds(duration.as_secs() as i64 * 1000 / 5);
    EXPIRY_MARGIN.min(fifth)
}

/// How many times one call may see `ExpiredToken` and assume again before giving up.
/// More would mean sessions expire faster than calls complete: a clock or policy problem.
const MAX_RENEWALS_PER_CALL: u32 = 2;

/// The root session for one account and task policy, as the engine uses it.
pub(crate) struct AccountSession {
    run: Run,
    account_id: AccountId,
    task_policy: TaskPolicy,
    current: Option<Arc<RootSession>>,
}

impl AccountSession {
    pub(crate) fn new(run: Run, account_id: AccountId, task_policy: TaskPolicy) -> Self {
        Self {
            run,
            account_id,
            task_policy,
            current: None,
        }
    }

    /// The current session, assuming one (rate-limited, retried) when there is none or it
    /// is about to expire.
    pub(crate) async fn session(&mut self) -> Result<Arc<RootSession>> {
        if let Some(session) = &self.current
            && !session
                .is_expired_at(Utc::now() + expiry_margin(self.run.options().session_duration))
        {
            return Ok(Arc::clone(session));
        }
        let run = &self.run;
        let (account, policy) = (self.account_id, self.task_policy);
        // A throttled AssumeRoot's backoff is waiting for a session too: the account is
        // counted as queued until its next attempt (the concurrency limit does not grow
        // on accounts that AWS is turning away).
        let backoff = Mutex::new(None);
        // An adaptive pace learns AWS's limit from throttling answers, so those are
        // expected while it learns: they get a budget of their own.
        let session = retry_throttled(
            &run.options().retry,
            run.assume_root_throttled_attempts(),
            |err, n, delay| run.report_retry(account, "AssumeRoot", err, n, delay),
            || async {
                backoff
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                run.acquire_assume_root().await;
                let result = run
                    .sts()
                    .assume_root(&account, policy, run.options().session_duration)
                    .await;
                if run.observe_assume_root(account, &result) {
                    *backoff.lock().unwrap_or_else(PoisonError::into_inner) =
                        Some(run.concurrency().waiting_for_session());
                }
                result
            },
        )
        .await;
        drop(backoff);
        let session = session?;
        tracing::debug!(account = %account, policy = %policy, expires_at = %session.expires_at(), "assumed root");
        let session = Arc::new(session);
        self.current = Some(Arc::clone(&session));
        Ok(session)
    }

    /// Runs one IAM call with the session: retryable errors are retried, and an expired
    /// session is replaced and the call made again.
    pub(crate) async fn call<T, F, Fut>(&mut self, operation: &'static str, call: F) -> Result<T>
    where
        F: Fn(Arc<RootSession>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let mut renewals = 0;
        loop {
            let session = self.session().await?;
            let run = &self.run;
            let account = self.account_id;
            let result = retry(
                &run.options().retry,
                |err, n, delay| run.report_retry(account, operation, err, n, delay),
                || async {
                    let started = Instant::now();
                    let result = call(Arc::clone(&session)).await;
                    run.observe_call(account, operation, started, &result);
                    result
                },
            )
            .await;
            match result {
                Err(err)
                    if err.kind() == ErrorKind::SessionExpired
                        && renewals < MAX_RENEWALS_PER_CALL =>
                {
                    renewals += 1;
                    self.current = None;
                    run.progress()
                        .emit(ProgressKind::SessionRenewed, Some(account), || {
                            format!("{operation}: session expired, assuming again")
                        });
                }
                other => return other,
            }
        }
    }
}
