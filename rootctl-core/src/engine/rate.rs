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
}
