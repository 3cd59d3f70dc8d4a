//! [`Options`]: how rootctl runs operations across an organization.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::SessionDuration;

/// Client-side settings for every operation. The defaults suit an organization of a few
/// thousand accounts; each field documents its own.
///
/// ```
/// use rootctl::{Concurrency, Options};
///
/// // The defaults adapt by themselves: leave them unless you must.
/// assert_eq!(Options::default().concurrency, Concurrency::Adaptive { max: 128 });
///
/// // A fixed pace, when you know your limits.
/// let options = Options {
///     concurrency: Concurrency::Fixed(32),
///     assume_root_rate: Some(50.0),
///     ..Options::default()
/// };
/// options.validate()?;
/// assert_eq!(options.retry.max_attempts, 5);
/// # Ok::<(), rootctl::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// How many accounts are worked on at once. Default
    /// [`Concurrency::Adaptive`] up to 128: the engine finds the number by itself.
    pub concurrency: Concurrency,
    /// A fixed pace for `sts:AssumeRoot`, in calls per second across all accounts (a
    /// token bucket with a burst of a tenth of a second's worth). AWS publishes no quota;
    /// org-wide fan-out is throttled in practice.
    ///
    /// Default `None`: an adaptive pace. AssumeRoot calls go unpaced until AWS throttles
    /// more than 15% of them (ten at least: fewer come from a burst, which retries
    /// absorb) in a quarter of a second, or over 30% within 50 ms; the pace is then set
    /// to the rate AWS accepted meanwhile. The quarter second after a cut is not judged
    /// (its answers are to calls paced before). While the pace holds the run back and AWS
    /// throttles little, it probes upwards by 5% of the cut each quarter second, and the
    /// next wave of throttling cuts it again. A client's clones share the pace. Since
    /// throttling is how it learns, an AssumeRoot it throttles is retried up to four times
    /// [`RetryPolicy::max_attempts`] (other errors keep the policy's count; 1 still
    /// disables retries).
    pub assume_root_rate: Option<f64>,
    /// What is retried, and how. See [`RetryPolicy`].
    pub retry: RetryPolicy,
    /// How long the work on one account may take, retries included, before that account
    /// is reported failed with [`Error::Timeout`]. Default 5 minutes.
    pub account_timeout: Duration,
    /// The lifetime asked for each AssumeRoot session. Default 900 s, the maximum.
    pub session_duration: SessionDuration,
    /// Run the SCP pre-flight ([`Rootctl::check_scps`](crate::Rootctl::check_scps), for
    /// the audit and delete tasks) before an audit's sessions start, and keep each
    /// account's verdicts in [`AccountAudit::scp`](crate::AccountAudit::scp), so the
    /// report explains a denied audit, and
    /// [`plan_removal`](crate::Rootctl::plan_removal) leaves out (with the reason and
    /// the fix) accounts whose removals a policy surely blocks. Costs the policy reads
    /// (each policy once per audit) and needs `organizations:ListPoliciesForTarget` and
    /// `organizations:DescribePolicy`. Default false.
    pub scp_preflight: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            concurrency: Concurrency::default(),
            assume_root_rate: None,
            retry: RetryPolicy::default(),
            account_timeout: Duration::from_secs(300),
            session_duration: SessionDuration::default(),
            scp_preflight: false,
        }
    }
}

impl Options {
    /// Checks every field, naming the first bad one.
    pub fn validate(&self) -> Result<()> {
        self.concurrency.validate()?;
        if let Some(rate) = self.assume_root_rate
            && !(rate.is_finite() && rate >= MIN_ASSUME_ROOT_RATE)
        {
            return Err(Error::invalid_input(
                "assume_root_rate",
                rate.to_string(),
                "must be a number of calls per second, at least 0.01 (one call every 100 s)",
            ));
        }
        if self.account_timeout.is_zero() {
            return Err(Error::invalid_input(
                "account_timeout",
                "0s",
                "must be positive",
            ));
        }
        self.retry.validate()
    }
}

/// How many accounts are worked on at once.
///
/// [`Concurrency::Adaptive`] (the default) starts at 16 accounts and finds the right
/// number by itself, as TCP finds its window: it doubles while every slot is taken and
/// calls succeed, then grows by one slot per limit's worth of accounts; it shrinks by a
/// fifth when more than a fifth of the root-session calls in a window (a limit's worth,
/// 100 at least) are throttled or when most are more than twice as slow as the fastest seen (latency does not hold);
/// it stops growing while accounts queue for AssumeRoot (more would only wait). Progress
/// events carry the limit in force and report each change
/// ([`ProgressKind::LimitChanged`](crate::ProgressKind::LimitChanged)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concurrency {
    /// Found by the engine, never above `max`.
    Adaptive {
        /// The cap. Default 128.
        max: usize,
    },
    /// Exactly this many accounts at a time.
    Fixed(usize),
}

impl Default for Concurrency {
    fn default() -> Self {
        Concurrency::Adaptive {
            max: DEFAULT_MAX_CONCURRENCY,
        }
    }
}

/// Where [`Concurrency::Adaptive`] starts.
pub const INITIAL_CONCURRENCY: usize = 16;

/// The default cap of [`Concurrency::Adaptive`].
pub const DEFAULT_MAX_CONCURRENCY: usize = 128;

impl Concurrency {
    /// Checks that the number (the cap, for adaptive) is at least 1.
    pub fn validate(&self) -> Result<()> {
        let (field, n) = match *self {
            Concurrency::Adaptive { max } => ("max_concurrency", max),
            Concurrency::Fixed(n) => ("concurrency", n),
        };
        if n == 0 {
            return Err(Error::invalid_input(field, "0", "must be at least 1"));
        }
        Ok(())
    }

    /// How many calls run at once where no limit is learnt (Organizations reads while
    /// selecting accounts): the fixed number, or where the adaptive limit starts.
    pub fn initial(&self) -> usize {
        match *self {
            Concurrency::Adaptive { max } => INITIAL_CONCURRENCY.min(max),
            Concurrency::Fixed(n) => n,
        }
    }
}

/// The slowest AssumeRoot pace [`Options::assume_root_rate`] accepts: one call every
/// 100 seconds. Slower than that, a run of any size would not finish, and the pacer's
/// waits would overflow.
pub const MIN_ASSUME_ROOT_RATE: f64 = 0.01;

/// Retries with capped exponential backoff and full jitter, for retryable errors only
/// ([`Error::is_retryable`]: throttling, 5xx, transient conflicts, transport failures).
/// An expired session is not retried as is: the engine assumes a new one first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included. Default 5; 1 disables retries.
    pub max_attempts: u32,
    /// The backoff before the first retry; it doubles per retry. Default 100 ms.
    pub initial_backoff: Duration,
    /// The cap on any one backoff. Default 5 s.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries: every error is final.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Checks the fields.
    pub fn validate(&self) -> Result<()> {
        if self.max_attempts == 0 {
            return Err(Error::invalid_input(
                "retry.max_attempts",
                "0",
                "must be at least 1 (1 disables retries)",
            ));
        }
        if self.initial_backoff > self.max_backoff {
            return Err(Error::invalid_input(
                "retry.initial_backoff",
                format!("{:?}", self.initial_backoff),
                "must not exceed retry.max_backoff",
            ));
        }
        Ok(())
    }

    /// The longest backoff before retry number `retry` (1-based): the jitter window.
    pub fn backoff_cap(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_options_are_named() {
        let bad = [
            Options {
                concurrency: Concurrency::Fixed(0),
                ..Options::default()
            },
            Options {
                concurrency: Concurrency::Adaptive { max: 0 },
                ..Options::default()
            },
            Options {
                assume_root_rate: Some(0.0),
                ..Options::default()
            },
            Options {
                assume_root_rate: Some(f64::NAN),
                ..Options::default()
            },
            Options {
                // Tiny but positive: it used to pass and then panic in the pacer.
                assume_root_rate: Some(1e-300),
                ..Options::default()
            },
            Options {
                account_timeout: Duration::ZERO,
                ..Options::default()
            },
            Options {
                retry: RetryPolicy {
                    max_attempts: 0,
                    ..RetryPolicy::default()
                },
                ..Options::default()
            },
        ];
        for options in bad {
            let err = options.validate().unwrap_err();
            assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
        }
        Options::default().validate().unwrap();
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff_cap(1), Duration::from_millis(100));
        assert_eq!(policy.backoff_cap(2), Duration::from_millis(200));
        assert_eq!(policy.backoff_cap(4), Duration::from_millis(800));
        assert_eq!(policy.backoff_cap(40), Duration::from_secs(5));
    }
}
