//! The AssumeRoot pace: a token bucket that paces calls instead of rejecting them, at a
//! fixed rate or at one learnt from AWS's throttling (see [`Options::assume_root_rate`]).
//!
//! [`Options::assume_root_rate`]: crate::Options::assume_root_rate

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use crate::bucket::refill;
use crate::options::MIN_ASSUME_ROOT_RATE;

/// How long the adaptive pace watches before it judges.
const WINDOW: Duration = Duration::from_millis(250);
/// The fewest answers a window needs before it is judged.
const MIN_WINDOW_CALLS: u32 = 10;
/// The share of throttled answers that is judged before the window ends (with twice
/// [`MIN_THROTTLED`] of them, and at least [`MIN_FLOOD_WINDOW`] in).
const FLOOD_SHARE: f64 = 0.3;
/// The shortest window a flood is judged on (enough to measure a rate on).
const MIN_FLOOD_WINDOW: Duration = Duration::from_millis(50);
/// The fewest throttled answers that can cut the pace: fewer come from a burst (every
/// account starting at once), which retries absorb, not from a rate AWS cannot take.
const MIN_THROTTLED: u32 = 10;
/// The share of throttled answers above which the pace is cut to the accepted rate:
/// above what a service throttling 5% of calls at random shows in a window.
const THROTTLED_SHARE: f64 = 0.15;
/// How much each window raises a pace that held the run back, as a share of the pace the
/// last cut set (additive increase: an excess costs only retries, a shortfall costs
/// throughput, so the pace lives just above what AWS allows).
const PROBE_STEP: f64 = 0.05;

/// Paces callers to a rate with a small burst.
///
/// Each caller *reserves* a token, possibly driving the balance negative, and sleeps until
/// its token would have accrued. Reservations are first come, first served, so no caller
/// starves and nobody spins. Uses tokio's clock, so paused-time tests are exact.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    adaptive: bool,
    state: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    /// `None`: unpaced (adaptive, before AWS first throttled).
    rate: Option<f64>,
    tokens: f64,
    last: Instant,
    window: Window,
    /// The pace the last cut set.
    cut_to: f64,
    /// Whether the window after a cut is still to come: its throttling answers calls
    /// paced before the cut, so it is not judged.
    hold: bool,
}

#[derive(Debug)]
struct Window {
    started: Instant,
    accepted: u32,
    throttled: u32,
    /// Whether a caller had to wait for its turn: the pace held the run back.
    waited: bool,
}

impl Window {
    fn new(now: Instant) -> Self {
        Self {
            started: now,
            accepted: 0,
            throttled: 0,
            waited: false,
        }
    }
}

/// A change of the adaptive pace, for the progress events.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PaceChange {
    /// The new pace, in calls per second.
    pub(crate) rate: f64,
    /// The share of the window's answers that were throttled.
    pub(crate) throttled_share: f64,
}

fn burst(rate: f64) -> f64 {
    (rate / 10.0).max(1.0)
}

impl RateLimiter {
    /// A fixed pace of `rate` calls per second (validated by `Options`), bursting at most a
    /// tenth of a second's worth, and at least one call.
    pub(crate) fn fixed(rate: f64) -> Self {
        Self::with(false, Some(rate))
    }

    /// A pace learnt from throttling: none until AWS throttles.
    pub(crate) fn adaptive() -> Self {
        Self::with(true, None)
    }

    fn with(adaptive: bool, rate: Option<f64>) -> Self {
        let now = Instant::now();
        Self {
            adaptive,
            state: Mutex::new(Bucket {
                rate,
                tokens: rate.map_or(0.0, burst),
                last: now,
                window: Window::new(now),
                cut_to: 0.0,
                hold: false,
            }),
        }
    }

    fn bucket(&self) -> MutexGuard<'_, Bucket> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The pace in force, if any.
    pub(crate) fn rate(&self) -> Option<f64> {
        self.bucket().rate
    }

    /// Waits for this caller's turn.
    pub(crate) async fn acquire(&self) {
        let wait = {
            let mut bucket = self.bucket();
            let Some(rate) = bucket.rate else { return };
            let now = Instant::now();
            let elapsed = now.duration_since(bucket.last).as_secs_f64();
            bucket.tokens = refill(bucket.tokens, elapsed, rate, burst(rate));
            bucket.last = now;
            bucket.tokens -= 1.0;
            if bucket.tokens >= 0.0 {
                return;
            }
            bucket.window.waited = true;
            // Options keep the rate at 0.01/s or more; saturate anyway rather than panic.
            Duration::try_from_secs_f64(-bucket.tokens / rate).unwrap_or(Duration::MAX)
        };
        tokio::time::sleep(wait).await;
    }

    /// Tells an adaptive pace how AWS answered one AssumeRoot call: accepted (answered
    /// otherwise than with throttling) or throttled. Returns the new pace when it moved.
    pub(crate) fn observe(&self, throttled: bool) -> Option<PaceChange> {
        if !self.adaptive {
            return None;
        }
        let mut bucket = self.bucket();
        let now = Instant::now();
        if throttled {
            bucket.window.throttled += 1;
        } else {
            bucket.window.accepted += 1;
        }
        let window = &bucket.window;
        let answers = window.accepted + window.throttled;
        let elapsed = now.duration_since(window.started);
        // A flood of throttling is judged at once, not at the window's end: every
        // throttled call spends one of its account's attempts.
        let flooded = window.throttled >= 2 * MIN_THROTTLED
            && f64::from(window.throttled) > f64::from(answers) * FLOOD_SHARE
            && elapsed >= MIN_FLOOD_WINDOW;
        if !flooded && (elapsed < WINDOW || answers < MIN_WINDOW_CALLS) {
            return None;
        }
        let throttled_share = f64::from(window.throttled) / f64::from(answers);
        let seconds = elapsed.as_secs_f64();
        let accepted_rate = f64::from(window.accepted) / seconds;
        let held_back = window.waited;
        let throttled_answers = window.throttled;
        bucket.window = Window::new(now);
        // The window after a cut is not judged, unless it floods: a pace measured on a
        // short window can still be too high (AWS's burst was in it), and then the next
        // flood cuts again at once.
        if std::mem::take(&mut bucket.hold) && !flooded {
            return None;
        }
        let rate = if throttled_share > THROTTLED_SHARE && throttled_answers >= MIN_THROTTLED {
            // What AWS accepted while it throttled is what it allows; a cut never raises.
            let cut = bucket
                .rate
                .map_or(accepted_rate, |rate| rate.min(accepted_rate))
                .max(MIN_ASSUME_ROOT_RATE);
            bucket.cut_to = cut;
            bucket.hold = true;
            cut
        } else {
            match bucket.rate {
                Some(rate) if held_back => rate + bucket.cut_to * PROBE_STEP,
                _ => return None,
            }
        };
        if bucket.rate.is_none() {
            bucket.tokens = 0.0;
            bucket.last = now;
        }
        bucket.rate = Some(rate);
        Some(PaceChange {
            rate,
            throttled_share,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn paces_to_the_rate_after_the_burst() {
        let limiter = RateLimiter::fixed(10.0);
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
        let limiter = std::sync::Arc::new(RateLimiter::fixed(10.0));
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

    #[tokio::test(start_paused = true)]
    async fn adaptive_is_unpaced_until_aws_throttles_then_takes_the_accepted_rate() {
        let limiter = RateLimiter::adaptive();
        let start = Instant::now();
        for _ in 0..1_000 {
            limiter.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "unpaced");

        // A few throttles, under 15% of the answers: no pace.
        for i in 0..100 {
            assert_eq!(limiter.observe(i % 20 == 0), None);
        }
        tokio::time::sleep(WINDOW).await;
        assert_eq!(limiter.observe(false), None);
        // A burst: most of few answers throttled, but fewer than ten. Retries absorb it.
        for i in 0..16 {
            limiter.observe(i < 6);
        }
        tokio::time::sleep(WINDOW).await;
        assert_eq!(limiter.observe(false), None);
        assert_eq!(limiter.rate(), None);

        // A quarter second with 31 accepted and 20 throttled: AWS accepts 124/s, the
        // new pace.
        for i in 0..50 {
            assert_eq!(limiter.observe(i < 20), None);
        }
        tokio::time::sleep(WINDOW).await;
        let change = limiter.observe(false).expect("paced");
        assert!((change.rate - 124.0).abs() < 1e-9, "{change:?}");
        assert!((change.throttled_share - 20.0 / 51.0).abs() < 1e-9);

        // The window after a cut answers calls paced before it: not judged (unless it
        // floods, over 30% throttled).
        for i in 0..50 {
            limiter.observe(i < 10);
        }
        tokio::time::sleep(WINDOW).await;
        assert_eq!(limiter.observe(true), None);

        // Throttled again: cut to what AWS accepted then, 100/s.
        for i in 0..50 {
            limiter.observe(i < 25);
        }
        tokio::time::sleep(WINDOW).await;
        let change = limiter.observe(true).expect("cut");
        assert!((change.rate - 100.0).abs() < 1e-9, "{change:?}");

        // Now paced at 100/s: a burst of 10, then the pace.
        let start = Instant::now();
        for _ in 0..110 {
            limiter.acquire().await;
        }
        let elapsed = start.elapsed().as_secs_f64();
        let expected = 1.0;
        assert!((elapsed - expected).abs() < 0.005, "{elapsed} s");
    }

    #[tokio::test(start_paused = true)]
    async fn adaptive_probes_up_only_while_the_pace_holds_the_run_back() {
        let limiter = RateLimiter::adaptive();
        for i in 0..40 {
            limiter.observe(i % 2 == 0);
        }
        tokio::time::sleep(WINDOW).await;
        let paced = limiter.observe(false).expect("paced").rate;
        // (The window after the cut is not judged.)
        limiter.observe(false);
        tokio::time::sleep(WINDOW).await;
        assert_eq!(limiter.observe(false), None);

        // Nobody waited: the pace stays.
        for _ in 0..20 {
            limiter.observe(false);
        }
        tokio::time::sleep(WINDOW).await;
        assert_eq!(limiter.observe(false), None);

        // Callers waited and little was throttled: probe, 5% of the cut's pace a window.
        for n in 1..=4 {
            // Fewer than a window's worth of time: the window is judged after the sleep.
            for i in 0..15 {
                limiter.acquire().await;
                limiter.observe(i == 0);
            }
            tokio::time::sleep(WINDOW).await;
            let probed = limiter.observe(false).expect("probed").rate;
            let expected = paced * (1.0 + 0.05 * f64::from(n));
            assert!((probed - expected).abs() < 1e-9, "{probed} vs {expected}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_flood_of_throttling_is_cut_before_the_window_ends() {
        let limiter = RateLimiter::adaptive();
        tokio::time::sleep(MIN_FLOOD_WINDOW).await;
        // 19 throttled of 40: not yet twice the minimum.
        for i in 0..40 {
            assert_eq!(limiter.observe(i % 2 == 0 && i < 38), None);
        }
        // The 20th throttled answer, 50 ms in: cut to 21 accepted in 50 ms.
        let change = limiter.observe(true).expect("cut");
        assert!((change.rate - 21.0 / 0.05).abs() < 1e-6, "{change:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_flood_right_after_a_cut_cuts_again_and_a_cut_never_raises_the_pace() {
        let limiter = RateLimiter::adaptive();
        tokio::time::sleep(MIN_FLOOD_WINDOW).await;
        for i in 0..40 {
            limiter.observe(i % 2 == 0 && i < 38);
        }
        let first = limiter.observe(true).expect("cut").rate;
        // Still flooding in the window after the cut: cut again, to 10 in 50 ms.
        tokio::time::sleep(MIN_FLOOD_WINDOW).await;
        for i in 0..29 {
            limiter.observe(i >= 10);
        }
        let second = limiter.observe(true).expect("cut again").rate;
        assert!((second - 200.0).abs() < 1e-6, "{first} -> {second}");
        // Throttled above 15% with more accepted than the pace: no raise.
        tokio::time::sleep(WINDOW).await;
        for i in 0..100 {
            limiter.observe(i < 16);
        }
        tokio::time::sleep(WINDOW).await;
        limiter.observe(true);
        assert_eq!(limiter.rate(), Some(second));
    }

    #[tokio::test(start_paused = true)]
    async fn a_fixed_pace_never_moves() {
        let limiter = RateLimiter::fixed(10.0);
        for _ in 0..100 {
            assert_eq!(limiter.observe(true), None);
        }
        tokio::time::sleep(WINDOW).await;
        assert_eq!(limiter.observe(true), None);
        assert_eq!(limiter.rate(), Some(10.0));
    }
}
