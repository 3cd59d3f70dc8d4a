//! A token bucket that paces calls (AssumeRoot) instead of rejecting them.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::bucket::refill;

/// Paces callers to `rate` calls per second with a small burst.
///
/// Each caller *reserves* a token, possibly driving the balance negative, and sleeps until
/// its token would have accrued. Reservations are first come, first served, so no caller
/// starves and nobody spins. Uses tokio's clock, so paused-time tests are exact.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    rate: f64,
    burst: f64,
    state: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl RateLimiter {
    /// A limiter for `rate` calls per second (validated positive by `Options`), bursting
    /// at most a tenth of a second's worth, and at least one call.
    pub(crate) fn new(rate: f64) -> Self {
        let burst = (rate / 10.0).max(1.0);
        Self {
            rate,
            burst,
            state: Mutex::new(Bucket {
                tokens: burst,
                last: Instant::now(),
            }),
        }
    }

    /// Waits for this caller's turn.
    pub(crate) async fn acquire(&self) {
        let wait = {
            let mut bucket = self.state.lock().await;
            let now = Instant::now();
            let elapsed = now.duration_since(bucket.last).as_secs_f64();
            bucket.tokens = refill(bucket.tokens, elapsed, self.rate, self.burst);
            bucket.last = now;
            bucket.tokens -= 1.0;
            if bucket.tokens >= 0.0 {
                return;
            }
            // Options keep the rate at 0.01/s or more; saturate anyway rather than panic.
            Duration::try_from_secs_f64(-bucket.tokens / self.rate).unwrap_or(Duration::MAX)
        };
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn paces_to_the_rate_after_the_burst() {
        let limiter = RateLimiter::new(10.0);
        let start = Instant::now();
        for _ in 0..21 {
            limiter.acquire().await;
        }
        // One token of burst, then 20 more at 10/s.
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(1_990), "{elapsed:?}");
        assert!(elapsed <= Duration::from_millis(2_010), "{elapsed:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_the_pace_and_a_cancelled_one_costs_at_most_its_turn() {
        let limiter = std::sync::Arc::new(RateLimiter::new(10.0));
        let start = Instant::now();
        // Twenty callers at once: one burst token, then 10/s between them, whoever wins.
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let limiter = std::sync::Arc::clone(&limiter);
                tokio::spawn(async move {
                    limiter.acquire().await;
                    Instant::now()
                })
            })
            .collect();
        let mut done = Vec::new();
        for task in tasks {
            done.push(task.await.expect("a caller"));
        }
        done.sort();
        let last = done.last().copied().expect("callers") - start;
        assert!(last >= Duration::from_millis(1_890), "{last:?}");
        assert!(last <= Duration::from_millis(1_910), "{last:?}");
        for pair in done.windows(2) {
            assert!(pair[1] - pair[0] <= Duration::from_millis(101), "{pair:?}");
        }

        // A caller cancelled while it waits has reserved its token, and the pace holds:
        // the next caller is not admitted early, and does not wait twice as long.
        let waiting = {
            let limiter = std::sync::Arc::clone(&limiter);
            tokio::spawn(async move { limiter.acquire().await })
        };
        tokio::time::sleep(Duration::from_millis(10)).await;
        waiting.abort();
        let before = Instant::now();
        limiter.acquire().await;
        let waited = Instant::now() - before;
        assert!(waited <= Duration::from_millis(200), "{waited:?}");
    }
}
