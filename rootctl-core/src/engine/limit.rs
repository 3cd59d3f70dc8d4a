//! How many accounts are in flight: a fixed number, or an adaptive limit that finds the
//! right one by itself (additive increase, multiplicative decrease, as TCP does).
//!
//! The adaptive limit starts at [`INITIAL_CONCURRENCY`](crate::options::INITIAL_CONCURRENCY) and doubles (one more slot per account that
//! finishes) until the first sign of congestion, then grows by one slot per limit's worth
//! of finished accounts. It grows only while it is what holds the run back: every slot is
//! taken and at most a quarter of them are queued for AssumeRoot (its pace, or a throttled
//! AssumeRoot's backoff) (when AssumeRoot's pace is the bound,
//! more accounts in flight would only wait longer). It shrinks by a fifth, at most once
//! per window of a limit's worth of calls (100 at least), when more than a fifth of the
//! window's root-session calls were throttled, or when most were more than twice as slow as the
//! fastest seen for their operation (latency does not hold). It never leaves `1..=max`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;

use crate::options::{Concurrency, INITIAL_CONCURRENCY as INITIAL};

/// The share of a window's calls throttled above which the limit shrinks: high enough
/// that a service throttling a few calls at random (5%) never trips it in a window.
const THROTTLED_SHARE: f64 = 0.2;
/// A call this many times slower than the fastest of its operation counts as slow.
const SLOW_FACTOR: u32 = 2;
/// The share of a window's calls that were slow above which the limit shrinks.
const SLOW_SHARE: f64 = 0.5;
/// What the limit keeps of itself when it shrinks.
const DECREASE: f64 = 0.8;
/// The fewest calls a window holds before it is judged (enough for a share to mean
/// something).
const MIN_WINDOW: u32 = 100;

/// What one root-session call came to, as the limit sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CallSignal {
    /// Answered (whatever the answer).
    Answered,
    /// Throttled by AWS.
    Throttled,
}

/// The accounts-in-flight limit shared by a client's runs.
#[derive(Debug)]
pub(crate) struct ConcurrencyLimit {
    adaptive: bool,
    max: usize,
    /// The current limit, readable without the lock (progress events carry it).
    current: AtomicUsize,
    state: Mutex<State>,
    slot_freed: Notify,
}

#[derive(Debug)]
struct State {
    /// Fractional, so the additive increase can add a fraction of a slot per account.
    limit: f64,
    in_flight: usize,
    slow_start: bool,
    /// Accounts waiting for AssumeRoot (its pace, or a throttled AssumeRoot's backoff).
    waiting_for_session: usize,
    /// Accounts waiting for a slot: the limit is what holds them back.
    queued_for_slots: usize,
    window: Window,
    fastest: HashMap<&'static str, Duration>,
}

#[derive(Debug, Default)]
struct Window {
    calls: u32,
    throttled: u32,
    slow: u32,
}

/// A change of the limit, for the progress events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LimitChange {
    pub(crate) from: usize,
    pub(crate) to: usize,
}

impl ConcurrencyLimit {
    pub(crate) fn new(concurrency: Concurrency) -> Self {
        let (adaptive, max, start) = match concurrency {
            Concurrency::Fixed(n) => (false, n, n),
            Concurrency::Adaptive { max } => (true, max, INITIAL.min(max)),
        };
        Self {
            adaptive,
            max,
            current: AtomicUsize::new(start),
            state: Mutex::new(State {
                limit: start as f64,
                in_flight: 0,
                slow_start: true,
                waiting_for_session: 0,
                queued_for_slots: 0,
                window: Window::default(),
                fastest: HashMap::new(),
            }),
            slot_freed: Notify::new(),
        }
    }

    /// The limit now.
    pub(crate) fn current(&self) -> usize {
        self.current.load(Ordering::Relaxed)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state stays consistent across a panic (plain counters), so go on.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits for a free slot and takes it; the slot frees itself when dropped.
    pub(crate) async fn acquire(self: &Arc<Self>) -> Slot {
        let mut queued: Option<Queued> = None;
        loop {
            {
                let mut state = self.state();
                if state.in_flight < self.current() {
                    state.in_flight += 1;
                    drop(state);
                    drop(queued);
                    return Slot(Arc::clone(self));
                }
                if queued.is_none() {
                    state.queued_for_slots += 1;
                    queued = Some(Queued(Arc::clone(self)));
                }
            }
            // A slot freed between the check and here leaves a permit: no lost wake-up.
            self.slot_freed.notified().await;
        }
    }

    /// Counts an account as waiting for its root session until the guard drops.
    pub(crate) fn waiting_for_session(self: &Arc<Self>) -> SessionWait {
        self.state().waiting_for_session += 1;
        SessionWait(Arc::clone(self))
    }

    /// One root-session call came back after `latency`.
    pub(crate) fn observe(
        &self,
        operation: &'static str,
        latency: Duration,
        signal: CallSignal,
    ) -> Option<LimitChange> {
        if !self.adaptive {
            return None;
        }
        let mut state = self.state();
        let window_size = (state.limit as u32).max(MIN_WINDOW);
        match signal {
            CallSignal::Throttled => state.window.throttled += 1,
            CallSignal::Answered => {
                let fastest = state.fastest.entry(operation).or_insert(latency);
                *fastest = (*fastest).min(latency);
                if latency > *fastest * SLOW_FACTOR {
                    state.window.slow += 1;
                }
            }
        }
        state.window.calls += 1;
        if state.window.calls < window_size {
            return None;
        }
        let window = std::mem::take(&mut state.window);
        let calls = f64::from(window.calls);
        let congested = f64::from(window.throttled) / calls > THROTTLED_SHARE
            || f64::from(window.slow) / calls > SLOW_SHARE;
        if !congested {
            return None;
        }
        state.slow_start = false;
        let limit = (state.limit * DECREASE).max(1.0);
        self.set(&mut state, limit)
    }

    /// One account finished: the acknowledgement the limit grows on.
    pub(crate) fn account_finished(&self) -> Option<LimitChange> {
        if !self.adaptive {
            return None;
        }
        let mut state = self.state();
        // Bound: every slot is taken, or accounts wait for one (a slot the limit just
        // added may not be taken yet).
        let bound = state.in_flight >= self.current() || state.queued_for_slots > 0;
        let queued_for_sessions = state.waiting_for_session > (self.current() / 4).max(1);
        if !bound || queued_for_sessions {
            return None;
        }
        let step = if state.slow_start {
            1.0
        } else {
            1.0 / state.limit
        };
        let limit = (state.limit + step).min(self.max as f64);
        self.set(&mut state, limit)
    }

    fn set(&self, state: &mut State, limit: f64) -> Option<LimitChange> {
        state.limit = limit;
        let (from, to) = (self.current(), limit as usize);
        if from == to {
            return None;
        }
        self.current.store(to, Ordering::Relaxed);
        if to > from {
            self.slot_freed.notify_one();
        }
        Some(LimitChange { from, to })
    }
}

/// A slot in flight.
#[derive(Debug)]
pub(crate) struct Slot(Arc<ConcurrencyLimit>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.state().in_flight -= 1;
        self.0.slot_freed.notify_one();
    }
}

/// An account waiting for a slot (uncounted when its wait ends or is cancelled).
#[derive(Debug)]
struct Queued(Arc<ConcurrencyLimit>);

impl Drop for Queued {
    fn drop(&mut self) {
        self.0.state().queued_for_slots -= 1;
    }
}

/// An account waiting for its root session.
#[derive(Debug)]
pub(crate) struct SessionWait(Arc<ConcurrencyLimit>);

impl Drop for SessionWait {
    fn drop(&mut self) {
        self.0.state().waiting_for_session -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adaptive(max: usize) -> Arc<ConcurrencyLimit> {
        Arc::new(ConcurrencyLimit::new(Concurrency::Adaptive { max }))
    }

    const MS: Duration = Duration::from_millis(20);

    #[tokio::test]
    async fn grows_only_while_every_slot_is_taken_and_never_past_the_cap() {
        let limit = adaptive(40);
        // Not bound (nothing in flight): no growth.
        assert_eq!(limit.account_finished(), None);
        let mut slots = Vec::new();
        for _ in 0..200 {
            while slots.len() < limit.current() {
                slots.push(limit.acquire().await);
            }
            limit.account_finished();
        }
        assert_eq!(limit.current(), 40);
    }

    #[tokio::test]
    async fn does_not_grow_while_accounts_queue_for_assume_root() {
        let limit = adaptive(100);
        let slots: Vec<_> = futures_slots(&limit, INITIAL).await;
        let waits: Vec<_> = (0..5).map(|_| limit.waiting_for_session()).collect();
        assert_eq!(limit.account_finished(), None, "queued for sessions");
        drop(waits);
        assert_eq!(
            limit.account_finished(),
            Some(LimitChange { from: 16, to: 17 })
        );
        drop(slots);
    }

    async fn futures_slots(limit: &Arc<ConcurrencyLimit>, n: usize) -> Vec<Slot> {
        let mut slots = Vec::new();
        for _ in 0..n {
            slots.push(limit.acquire().await);
        }
        slots
    }

    #[test]
    fn throttling_above_a_fifth_shrinks_it_once_per_window_and_a_few_throttles_do_not() {
        let limit = adaptive(100);
        // 5% throttled, window after window: no change.
        for i in 0..1_000 {
            let signal = if i % 20 == 0 {
                CallSignal::Throttled
            } else {
                CallSignal::Answered
            };
            assert_eq!(limit.observe("ListAccessKeys", MS, signal), None);
        }
        // Half throttled: one decrease per window of 100 calls.
        let changes: Vec<_> = (0..200)
            .filter_map(|i| {
                let signal = if i % 2 == 0 {
                    CallSignal::Throttled
                } else {
                    CallSignal::Answered
                };
                limit.observe("ListAccessKeys", MS, signal)
            })
            .collect();
        assert_eq!(
            changes,
            [
                LimitChange { from: 16, to: 12 },
                LimitChange { from: 12, to: 10 }
            ]
        );
    }

    #[test]
    fn latency_that_does_not_hold_shrinks_it() {
        let limit = adaptive(100);
        for _ in 0..100 {
            limit.observe("GetAccountSummary", MS, CallSignal::Answered);
        }
        let changes: Vec<_> = (0..100)
            .filter_map(|_| limit.observe("GetAccountSummary", MS * 3, CallSignal::Answered))
            .collect();
        assert_eq!(changes, [LimitChange { from: 16, to: 12 }]);
        // Another operation's own pace is not slowness.
        for _ in 0..200 {
            assert_eq!(
                limit.observe("ListMFADevices", MS * 3, CallSignal::Answered),
                None
            );
        }
    }

    #[tokio::test]
    async fn a_fixed_limit_never_moves_and_waiters_get_freed_slots() {
        let limit = Arc::new(ConcurrencyLimit::new(Concurrency::Fixed(2)));
        let a = limit.acquire().await;
        let _b = limit.acquire().await;
        for _ in 0..100 {
            assert_eq!(
                limit.observe("ListAccessKeys", MS, CallSignal::Throttled),
                None
            );
        }
        let waiter = {
            let limit = Arc::clone(&limit);
            tokio::spawn(async move { limit.acquire().await })
        };
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(a);
        let _c = tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("woken")
            .expect("slot");
        assert_eq!(limit.current(), 2);
    }
}
