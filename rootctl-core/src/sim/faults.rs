//! Fault injection: latency, transient failures, empty pages (all rolled on per-call
//! dice) and rate limits (token buckets).
//!
//! Every random decision is a hash of the seed, the operation, the account, the target
//! and how many times that same (operation, account, target) has been called before. A
//! call's dice therefore depend only on its own history, never on which other task got
//! the lock first, so a concurrent run rolls the same faults as a sequential one.

use crate::bucket::refill;
use std::collections::HashMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::rng;
use crate::model::AccountId;

/// What a member account's service control policy denies to root sessions (docs/aws-behaviour.md#assume-root:
/// member SCPs still apply to root sessions; a "deny root" SCP without an exemption on
/// `aws:AssumedRoot` blocks the feature).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScpDeny {
    /// `sts:AssumeRoot` into the account answers `AccessDenied`.
    AssumeRoot,
    /// AssumeRoot succeeds, but every call made with the session answers `AccessDenied`.
    EveryCall,
}

/// A token bucket's settings: `per_second` tokens flow in continuously, up to `burst`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RateLimit {
    pub(crate) per_second: f64,
    pub(crate) burst: f64,
}

impl RateLimit {
    /// A limit with negative or NaN inputs read as zero.
    pub(crate) fn new(per_second: f64, burst: u32) -> Self {
        Self {
            per_second: per_second.max(0.0),
            burst: f64::from(burst),
        }
    }
}

/// The fault knobs, fixed when the simulator is built. The default injects nothing.
#[derive(Clone, Debug, Default)]
pub(crate) struct Faults {
    pub(crate) latency: Duration,
    pub(crate) jitter: Duration,
    pub(crate) transient_failure_rate: f64,
    pub(crate) throttle_rate: f64,
    pub(crate) empty_page_rate: f64,
    pub(crate) assume_root_limit: Option<RateLimit>,
    pub(crate) iam_limit: Option<RateLimit>,
    pub(crate) organizations_limit: Option<RateLimit>,
    pub(crate) session_lifetime: Option<Duration>,
}

/// How an injected transient failure shows itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Transient {
    /// The service answered HTTP 500.
    ServiceFailure,
    /// The request never got an answer (connection reset, timeout).
    Dispatch,
}

/// The dice of one call.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Roll {
    pub(crate) latency: Duration,
    pub(crate) transient: Option<Transient>,
    /// Whether the call is throttled whatever the token buckets hold.
    pub(crate) throttled: bool,
    /// For list pages: whether this page comes back empty (with a token to go on).
    pub(crate) empty_page: bool,
}

/// What one call's dice are keyed by.
pub(crate) struct DiceKey<'a> {
    pub(crate) operation: &'a str,
    pub(crate) account: Option<AccountId>,
    pub(crate) target: Option<&'a str>,
    /// How many calls with the same operation, account and target came before.
    pub(crate) counter: u64,
}

impl Faults {
    /// Rolls the dice for one call.
    pub(crate) fn roll(&self, seed: u64, key: &DiceKey<'_>) -> Roll {
        let account = key.account.map_or(0, |a| rng::hash_str(a.as_str()));
        let target = key.target.map_or(0, rng::hash_str);
        let base = rng::hash(
            seed,
            &[rng::hash_str(key.operation), account, target, key.counter],
        );
        // One independent draw per decision, so turning one knob does not reshuffle
        // the outcomes of the others.
        let draw = |purpose: u64| rng::unit(rng::hash(base, &[purpose]));
        let transient = (draw(1) < self.transient_failure_rate).then(|| {
            if draw(2) < 0.5 {
                Transient::ServiceFailure
            } else {
                Transient::Dispatch
            }
        });
        Roll {
            latency: self.latency + self.jitter.mul_f64(draw(3)),
            transient,
            throttled: draw(5) < self.throttle_rate,
            empty_page: draw(4) < self.empty_page_rate,
        }
    }
}

/// A token bucket on the simulator's monotonic clock.
#[derive(Clone, Copy, Debug)]
struct TokenBucket {
    tokens: f64,
    updated: Duration,
}

impl TokenBucket {
    fn full(limit: RateLimit, now: Duration) -> Self {
        Self {
            tokens: limit.burst,
            updated: now,
        }
    }

    /// Refills for the time since the last call, then takes a token if there is one.
    fn try_take(&mut self, limit: RateLimit, now: Duration) -> bool {
        let elapsed = now.saturating_sub(self.updated).as_secs_f64();
        self.tokens = refill(self.tokens, elapsed, limit.per_second, limit.burst);
        self.updated = self.updated.max(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Which rate limit a call counts against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bucket {
    /// None: feature APIs and GetCallerIdentity are never throttled here.
    Unlimited,
    /// The caller's AssumeRoot limit, shared by all target accounts.
    AssumeRoot,
    /// The IAM limit of one member account's root sessions.
    Iam(AccountId),
    /// The Organizations API limit, per page.
    Organizations,
}

/// The live token buckets. Each starts full the first time a call draws from it.
#[derive(Debug, Default)]
pub(crate) struct Buckets {
    assume_root: Option<TokenBucket>,
    organizations: Option<TokenBucket>,
    iam: HashMap<AccountId, TokenBucket>,
}

impl Buckets {
    /// Takes a token for a call against `bucket`; false means throttle it.
    pub(crate) fn try_take(&mut self, faults: &Faults, bucket: Bucket, now: Duration) -> bool {
        let take = |slot: &mut Option<TokenBucket>, limit: Option<RateLimit>| match limit {
            None => true,
            Some(limit) => slot
                .get_or_insert_with(|| TokenBucket::full(limit, now))
                .try_take(limit, now),
        };
        match bucket {
            Bucket::Unlimited => true,
            Bucket::AssumeRoot => take(&mut self.assume_root, faults.assume_root_limit),
            Bucket::Organizations => take(&mut self.organizations, faults.organizations_limit),
            Bucket::Iam(account) => match faults.iam_limit {
                None => true,
                Some(limit) => self
                    .iam
                    .entry(account)
                    .or_insert_with(|| TokenBucket::full(limit, now))
                    .try_take(limit, now),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(counter: u64) -> DiceKey<'static> {
        DiceKey {
            operation: "DeleteAccessKey",
            account: Some("123456789012".parse().unwrap()),
            target: Some("key"),
            counter,
        }
    }

    #[test]
    fn nothing_is_injected_by_default() {
        let roll = Faults::default().roll(1, &key(0));
        assert_eq!(
            roll,
            Roll {
                latency: Duration::ZERO,
                transient: None,
                throttled: false,
                empty_page: false
            }
        );
    }

    #[test]
    fn latency_is_fixed_plus_bounded_jitter_and_reproducible() {
        let faults = Faults {
            latency: Duration::from_millis(10),
            jitter: Duration::from_millis(5),
            ..Faults::default()
        };
        let latencies: Vec<_> = (0..200).map(|n| faults.roll(1, &key(n)).latency).collect();
        assert!(latencies.iter().all(|l| (10..15).contains(&l.as_millis())));
        assert!(
            latencies.iter().any(|l| *l != latencies[0]),
            "jitter varies"
        );
        let again: Vec<_> = (0..200).map(|n| faults.roll(1, &key(n)).latency).collect();
        assert_eq!(latencies, again);
        assert_ne!(latencies[0], faults.roll(2, &key(0)).latency);
    }

    #[test]
    fn transient_failures_follow_the_rate_and_take_both_forms() {
        let faults = Faults {
            transient_failure_rate: 0.25,
            ..Faults::default()
        };
        let rolls: Vec<_> = (0..4000)
            .map(|n| faults.roll(5, &key(n)).transient)
            .collect();
        let failed = rolls.iter().filter(|t| t.is_some()).count();
        assert!((800..1200).contains(&failed), "{failed} of 4000");
        assert!(rolls.contains(&Some(Transient::ServiceFailure)));
        assert!(rolls.contains(&Some(Transient::Dispatch)));
    }

    #[test]
    fn random_throttling_follows_its_rate_independently_of_the_other_dice() {
        let faults = Faults {
            throttle_rate: 0.05,
            ..Faults::default()
        };
        let rolls: Vec<_> = (0..10_000).map(|n| faults.roll(5, &key(n))).collect();
        let throttled = rolls.iter().filter(|r| r.throttled).count();
        assert!((400..600).contains(&throttled), "{throttled} of 10000");
        assert!(rolls.iter().all(|r| r.transient.is_none()));
    }

    #[test]
    fn bucket_allows_a_burst_then_refills_at_the_rate() {
        let limit = RateLimit::new(2.0, 3);
        let faults = Faults {
            assume_root_limit: Some(limit),
            ..Faults::default()
        };
        let mut buckets = Buckets::default();
        let t0 = Duration::from_secs(100);
        let taken = (0..5)
            .filter(|_| buckets.try_take(&faults, Bucket::AssumeRoot, t0))
            .count();
        assert_eq!(taken, 3);
        // Half a second at 2 tokens/s is one more call, not two.
        let t1 = t0 + Duration::from_millis(500);
        assert!(buckets.try_take(&faults, Bucket::AssumeRoot, t1));
        assert!(!buckets.try_take(&faults, Bucket::AssumeRoot, t1));
        // Unlimited buckets and unset limits never throttle.
        assert!((0..100).all(|_| buckets.try_take(&faults, Bucket::Organizations, t1)));
        assert!(buckets.try_take(&faults, Bucket::Unlimited, t1));
    }

    #[test]
    fn iam_buckets_are_per_account() {
        let faults = Faults {
            iam_limit: Some(RateLimit::new(0.0, 1)),
            ..Faults::default()
        };
        let (a, b) = (
            "111111111111".parse().unwrap(),
            "222222222222".parse().unwrap(),
        );
        let mut buckets = Buckets::default();
        let now = Duration::ZERO;
        assert!(buckets.try_take(&faults, Bucket::Iam(a), now));
        assert!(!buckets.try_take(&faults, Bucket::Iam(a), now));
        assert!(buckets.try_take(&faults, Bucket::Iam(b), now));
    }
}
