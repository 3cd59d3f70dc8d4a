//! Retry with capped exponential backoff and full jitter, for retryable errors only.

use std::future::Future;
use std::time::Duration;

use crate::error::{Error, ErrorKind, Result};
use crate::options::RetryPolicy;
use crate::rng::SplitMix64;

/// Runs `attempt` until it succeeds, fails with a non-retryable error, or has been tried
/// `policy.max_attempts` times. Before each retry `on_retry(error, retry_number, delay)`
/// is told why and for how long it waits.
///
/// Full jitter (a delay drawn uniformly from zero to the capped exponential) spreads the
/// retries of many concurrent accounts that were throttled at the same moment.
pub(crate) async fn retry<T, F, Fut>(
    policy: &RetryPolicy,
    on_retry: impl FnMut(&Error, u32, Duration),
    attempt: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    retry_throttled(policy, policy.max_attempts, on_retry, attempt).await
}

/// [`retry`], with more patience for throttling: every throttled answer, up to
/// `throttled_attempts - policy.max_attempts` of them, adds an attempt, so a call AWS only
/// throttles is tried up to `throttled_attempts` times.
/// For calls whose pace adapts to AWS's throttling, where some throttling is the signal
/// the pace learns from rather than a failure.
pub(crate) async fn retry_throttled<T, F, Fut>(
    policy: &RetryPolicy,
    throttled_attempts: u32,
    mut on_retry: impl FnMut(&Error, u32, Duration),
    mut attempt: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut rng = SplitMix64::from_entropy();
    // Each throttled answer, up to this many, adds an attempt to the policy's.
    let extra = throttled_attempts.saturating_sub(policy.max_attempts);
    let (mut tries, mut throttled) = (1, 0);
    loop {
        match attempt().await {
            Err(err) if err.is_retryable() => {
                if err.kind() == ErrorKind::Throttled {
                    throttled += 1;
                }
                if tries >= policy.max_attempts + throttled.min(extra) {
                    return Err(err);
                }
                let delay = policy.backoff_cap(tries).mul_f64(rng.next_f64());
                on_retry(&err, tries, delay);
                tokio::time::sleep(delay).await;
                tries += 1;
            }
            result => return result,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::error::{ErrorContext, ErrorKind, Service};

    fn err(kind: ErrorKind) -> Error {
        Error::from_kind(
            kind,
            ErrorContext::new(Service::Iam, "ListAccessKeys"),
            None,
        )
    }

    /// How many attempts the plain retry makes at a call that is always throttled.
    async fn attempts_while_throttled(policy: &RetryPolicy) -> u32 {
        let calls = AtomicU32::new(0);
        let result: Result<()> = retry(
            policy,
            |_, _, _| {},
            || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(err(ErrorKind::Throttled))
            },
        )
        .await;
        assert_eq!(result.unwrap_err().kind(), ErrorKind::Throttled);
        calls.load(Ordering::SeqCst)
    }

    #[tokio::test(start_paused = true)]
    async fn retries_retryable_errors_until_success() {
        let calls = AtomicU32::new(0);
        let mut retries = Vec::new();
        let result = retry(
            &RetryPolicy::default(),
            |e, n, _| retries.push((e.kind(), n)),
            || async {
                match calls.fetch_add(1, Ordering::SeqCst) {
                    0 => Err(err(ErrorKind::Throttled)),
                    1 => Err(err(ErrorKind::ServiceFailure)),
                    _ => Ok("done"),
                }
            },
        )
        .await;
        assert_eq!(result.unwrap(), "done");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(
            retries,
            [(ErrorKind::Throttled, 1), (ErrorKind::ServiceFailure, 2)]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_at_max_attempts_and_never_retries_final_errors() {
        let calls = AtomicU32::new(0);
        let policy = RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        };
        assert_eq!(attempts_while_throttled(&policy).await, 3);

        for kind in [
            ErrorKind::AccessDenied,
            ErrorKind::SessionExpired,
            ErrorKind::NotFound,
        ] {
            calls.store(0, Ordering::SeqCst);
            let result: Result<()> = retry(
                &policy,
                |_, _, _| {},
                || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Err(err(kind))
                },
            )
            .await;
            assert_eq!(result.unwrap_err().kind(), kind);
            assert_eq!(calls.load(Ordering::SeqCst), 1, "{kind:?} is final");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_has_its_own_budget_when_asked() {
        let policy = RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        };
        let calls = AtomicU32::new(0);
        // Seven throttles, then an answer: within a budget of ten throttled attempts.
        let result = retry_throttled(
            &policy,
            10,
            |_, _, _| {},
            || async {
                match calls.fetch_add(1, Ordering::SeqCst) {
                    0..7 => Err(err(ErrorKind::Throttled)),
                    _ => Ok("done"),
                }
            },
        )
        .await;
        assert_eq!(result.unwrap(), "done");
        // Other retryable errors still stop at max_attempts (3), throttles aside.
        calls.store(0, Ordering::SeqCst);
        let result: Result<()> = retry_throttled(
            &policy,
            10,
            |_, _, _| {},
            || async {
                match calls.fetch_add(1, Ordering::SeqCst) {
                    0 | 1 => Err(err(ErrorKind::Throttled)),
                    _ => Err(err(ErrorKind::ServiceFailure)),
                }
            },
        )
        .await;
        assert_eq!(result.unwrap_err().kind(), ErrorKind::ServiceFailure);
        assert_eq!(calls.load(Ordering::SeqCst), 5);
        // And the plain retry gives throttling no more than max_attempts.
        assert_eq!(attempts_while_throttled(&policy).await, 3);
    }

    #[tokio::test(start_paused = true)]
    async fn backoff_stays_within_the_jitter_window() {
        let mut delays = Vec::new();
        let policy = RetryPolicy {
            max_attempts: 6,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(400),
        };
        let _: Result<()> = retry(
            &policy,
            |_, n, d| delays.push((n, d)),
            || async { Err(err(ErrorKind::Transport)) },
        )
        .await;
        assert_eq!(delays.len(), 5);
        for (n, delay) in delays {
            assert!(delay <= policy.backoff_cap(n), "retry {n}: {delay:?}");
        }
    }
}
