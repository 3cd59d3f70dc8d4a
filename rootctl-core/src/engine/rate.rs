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
mod tests;
