//! Simulated time, and the table of root sessions AssumeRoot has handed out.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};

use super::rng::GAMMA;
use crate::model::{AccountId, SessionCredentials, TaskPolicy, Timestamp};
use crate::rng::mix;

/// The simulator's clock: real time plus an offset that only grows.
///
/// Wall-clock time keeps session expiries realistic for callers that compare them with
/// `Utc::now()`; the offset lets tests jump past an expiry without waiting. Token buckets
/// read [`SimClock::monotonic`], the same offset on top of `Instant`, so they never see
/// time go backwards when the system clock is adjusted, and jumping ahead refills them.
#[derive(Debug)]
pub(crate) struct SimClock {
    started: Instant,
    offset_nanos: AtomicU64,
}

impl SimClock {
    pub(crate) fn new() -> Self {
        Self {
            started: Instant::now(),
            offset_nanos: AtomicU64::new(0),
        }
    }

    fn offset(&self) -> Duration {
        Duration::from_nanos(self.offset_nanos.load(Ordering::Relaxed))
    }

    /// The simulated wall-clock time.
    pub(crate) fn now(&self) -> Timestamp {
        let offset = TimeDelta::from_std(self.offset()).unwrap_or(TimeDelta::MAX);
        Utc::now()
            .checked_add_signed(offset)
            .unwrap_or(chrono::DateTime::<Utc>::MAX_UTC)
    }

    /// Monotonic time since the clock was made, offset included.
    pub(crate) fn monotonic(&self) -> Duration {
        self.started.elapsed().saturating_add(self.offset())
    }

    /// Moves the clock forward by `by`.
    pub(crate) fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        // fetch_update cannot fail here: the closure always returns Some.
        let _ = self
            .offset_nanos
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |current| {
                Some(current.saturating_add(nanos))
            });
    }
}

/// What the simulator remembers of one AssumeRoot session.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SessionRecord {
    pub(crate) account_id: AccountId,
    pub(crate) task_policy: TaskPolicy,
    /// When the simulator stops accepting the session. Earlier than the expiry the
    /// session announces when the early-expiry fault is on.
    pub(crate) expires_at: Timestamp,
}

/// Issued sessions, by the access key id of their credentials.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    by_key: HashMap<String, SessionRecord>,
    issued: u64,
    /// Table size at which expired sessions are next swept out (see [`Sessions::issue`]).
    sweep_at: usize,
}

/// The first sweep happens at this size; later ones when the table has doubled since.
const FIRST_SWEEP: usize = 1024;

impl Sessions {
    /// Records a new session and returns its credentials. The access key id is the
    /// session's handle (`SIMS` + 16 hex digits, unique per simulator); the secret and
    /// token are random-looking filler that nothing reads.
    pub(crate) fn issue(
        &mut self,
        seed: u64,
        record: SessionRecord,
        now: Timestamp,
    ) -> SessionCredentials {
        if self.by_key.len() >= self.sweep_at.max(FIRST_SWEEP) {
            // Unknown and expired sessions get the same answer, so forgetting expired
            // ones changes nothing a caller can see, and keeps long runs bounded.
            self.by_key.retain(|_, session| now < session.expires_at);
            self.sweep_at = self.by_key.len() * 2;
        }
        self.issued += 1;
        // Multiplying by the odd GAMMA, adding and mixing are all bijections on u64, so
        // distinct counters give distinct ids.
        let id = mix(seed.wrapping_add(self.issued.wrapping_mul(GAMMA)));
        let key_id = format!("SIMS{id:016X}");
        let secret = format!("{:016x}{:016x}", mix(id), mix(id ^ 1));
        let token = format!("sim-token-{:016x}", mix(id ^ 2));
        self.by_key.insert(key_id.clone(), record);
        SessionCredentials::new(key_id, secret, token)
    }

    /// The session behind `credentials` if the simulator issued it and it is still
    /// valid at `now`.
    pub(crate) fn valid(
        &self,
        credentials: &SessionCredentials,
        now: Timestamp,
    ) -> Option<SessionRecord> {
        self.by_key
            .get(credentials.access_key_id())
            .filter(|session| now < session.expires_at)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(expires_at: Timestamp) -> SessionRecord {
        SessionRecord {
            account_id: "123456789012".parse().unwrap(),
            task_policy: TaskPolicy::IamAuditRootUserCredentials,
            expires_at,
        }
    }

    #[test]
    fn advancing_moves_both_readings_forward() {
        let clock = SimClock::new();
        let (wall, mono) = (clock.now(), clock.monotonic());
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() - wall >= TimeDelta::seconds(3600));
        assert!(clock.monotonic() - mono >= Duration::from_secs(3600));
    }

    #[test]
    fn sessions_are_unique_and_expire_at_their_expiry() {
        let now = Utc::now();
        let mut sessions = Sessions::default();
        let a = sessions.issue(1, record(now + TimeDelta::seconds(10)), now);
        let b = sessions.issue(1, record(now + TimeDelta::seconds(10)), now);
        assert_ne!(a.access_key_id(), b.access_key_id());
        assert!(a.access_key_id().starts_with("SIMS"));
        assert_eq!(a.access_key_id().len(), 20);
        assert!(sessions.valid(&a, now).is_some());
        assert!(sessions.valid(&a, now + TimeDelta::seconds(10)).is_none());
        let forged = SessionCredentials::new("SIMSFORGEDSESSIONKEY", "x", "y");
        assert!(sessions.valid(&forged, now).is_none());
    }

    #[test]
    fn expired_sessions_are_swept_as_the_table_grows() {
        let now = Utc::now();
        let mut sessions = Sessions::default();
        for _ in 0..FIRST_SWEEP {
            sessions.issue(1, record(now), now);
        }
        let live = sessions.issue(1, record(now + TimeDelta::seconds(60)), now);
        assert_eq!(sessions.by_key.len(), 1);
        assert!(sessions.valid(&live, now).is_some());
    }
}
