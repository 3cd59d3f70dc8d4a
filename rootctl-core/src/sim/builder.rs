//! [`SimBuilder`]: every knob of a simulated organization, with documented defaults.

use std::time::Duration;

use super::SimulatedOrg;
use super::faults::{Faults, RateLimit, ScpDeny};
use super::generate;
use super::state::Caller;
use crate::model::{FeatureSet, OrgFeatures};

/// How often each root-credential kind occurs among member accounts, each in `0.0..=1.0`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CredentialMix {
    pub(crate) password: f64,
    pub(crate) access_keys: f64,
    pub(crate) signing_certificates: f64,
    pub(crate) mfa: f64,
}

/// Builds a [`SimulatedOrg`]. Everything it generates (ids, names, OUs, states, tags,
/// credentials and their dates) is fixed by [`seed`](SimBuilder::seed): the same knobs
/// give the same organization on every machine.
///
/// Defaults: 12 members, seed 0, two OU levels of three, all accounts ACTIVE, tags `env`
/// and `team`, the management account calling, ALL features with trusted access,
/// RootCredentialsManagement and RootSessions on (ready to audit; see
/// [`SimulatedOrg::example`] for an organization still to be set up), no delegated
/// administrator, empty pages at 5% (docs/aws-behaviour.md#organizations), and no injected faults.
///
/// Out-of-range values are clamped rather than refused, so a builder always builds:
/// shares and rates to `0.0..=1.0` (NaN reads as 0), counts to what the organization holds.
#[derive(Clone, Debug)]
pub struct SimBuilder {
    pub(crate) members: usize,
    pub(crate) seed: u64,
    pub(crate) credentials: CredentialMix,
    pub(crate) ou_depth: usize,
    pub(crate) ou_fan_out: usize,
    pub(crate) suspended: usize,
    pub(crate) pending_closure: usize,
    pub(crate) closed: usize,
    pub(crate) tags: Vec<(String, Vec<String>)>,
    pub(crate) caller: Caller,
    pub(crate) feature_set: FeatureSet,
    pub(crate) features: OrgFeatures,
    pub(crate) delegated_admin: bool,
    pub(crate) denied_members: usize,
    pub(crate) scp_deny: ScpDeny,
    pub(crate) faults: Faults,
}

impl Default for SimBuilder {
    fn default() -> Self {
        let tag = |key: &str, values: &[&str]| {
            (
                key.to_owned(),
                values.iter().map(|v| (*v).to_owned()).collect(),
            )
        };
        Self {
            members: 12,
            seed: 0,
            credentials: CredentialMix {
                password: 0.5,
                access_keys: 0.3,
                signing_certificates: 0.1,
                mfa: 0.4,
            },
            ou_depth: 2,
            ou_fan_out: 3,
            suspended: 0,
            pending_closure: 0,
            closed: 0,
            tags: vec![
                tag("env", &["prod", "staging", "dev", "sandbox"]),
                tag("team", &["payments", "identity", "data", "platform"]),
            ],
            caller: Caller::ManagementAccount,
            feature_set: FeatureSet::All,
            features: OrgFeatures {
                trusted_access: true,
                root_credentials_management: true,
                root_sessions: true,
            },
            delegated_admin: false,
            denied_members: 0,
            scp_deny: ScpDeny::AssumeRoot,
            faults: Faults {
                empty_page_rate: 0.05,
                ..Faults::default()
            },
        }
    }
}

/// A share or rate as a probability.
fn share(value: f64) -> f64 {
    if value.is_nan() {
        0.0
    } else {
        value.clamp(0.0, 1.0)
    }
}

impl SimBuilder {
    /// The number of member accounts, besides the management account; at least 2.
    /// The first is `security` (the delegated-administrator candidate, in the first OU),
    /// the second `workload-0001` (where [`Caller::Member`] calls from); both stay ACTIVE
    /// and free of SCP denies.
    pub fn members(mut self, members: usize) -> Self {
        self.members = members.max(2);
        self
    }

    /// The seed that fixes everything generated and every injected fault.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Share of members whose root user has a console password. Default 0.5.
    pub fn password_share(mut self, share_of_members: f64) -> Self {
        self.credentials.password = share(share_of_members);
        self
    }

    /// Share of members whose root user has access keys (one or two). Default 0.3.
    pub fn access_key_share(mut self, share_of_members: f64) -> Self {
        self.credentials.access_keys = share(share_of_members);
        self
    }

    /// Share of members whose root user has signing certificates. Default 0.1.
    pub fn signing_certificate_share(mut self, share_of_members: f64) -> Self {
        self.credentials.signing_certificates = share(share_of_members);
        self
    }

    /// Share of members whose root user has MFA devices (one or two, each virtual,
    /// hardware or passkey). Default 0.4.
    pub fn mfa_share(mut self, share_of_members: f64) -> Self {
        self.credentials.mfa = share(share_of_members);
        self
    }

    /// OU tree shape: `depth` levels below the root (at most 5, AWS's nesting limit), each
    /// OU with `fan_out` children, capped at 1,000 OUs (AWS's default quota). Default 2, 3.
    /// Members are spread uniformly over the root and every OU.
    pub fn ou_layout(mut self, depth: usize, fan_out: usize) -> Self {
        self.ou_depth = depth;
        self.ou_fan_out = fan_out;
        self
    }

    /// How many members are SUSPENDED. Default 0.
    pub fn suspended(mut self, count: usize) -> Self {
        self.suspended = count;
        self
    }

    /// How many members are PENDING_CLOSURE. Default 0.
    pub fn pending_closure(mut self, count: usize) -> Self {
        self.pending_closure = count;
        self
    }

    /// How many members are CLOSED. Default 0.
    pub fn closed(mut self, count: usize) -> Self {
        self.closed = count;
        self
    }

    /// Tags every member with `key` set to one of `values` (uniformly chosen). Replaces
    /// an earlier knob for the same key; an empty `values` removes the key.
    pub fn tag(mut self, key: &str, values: &[&str]) -> Self {
        self.tags.retain(|(k, _)| k != key);
        if !values.is_empty() {
            let values = values.iter().map(|v| (*v).to_owned()).collect();
            self.tags.push((key.to_owned(), values));
        }
        self
    }

    /// No tags at all (the defaults `env` and `team` included).
    pub fn without_tags(mut self) -> Self {
        self.tags.clear();
        self
    }

    /// Who calls at the start; change it later with [`SimulatedOrg::set_caller`].
    pub fn caller(mut self, caller: Caller) -> Self {
        self.caller = caller;
        self
    }

    /// The organization's feature set. Default ALL.
    pub fn feature_set(mut self, feature_set: FeatureSet) -> Self {
        self.feature_set = feature_set;
        self
    }

    /// Trusted access for IAM and the two root-access features at the start.
    /// Default: all on.
    pub fn features(mut self, features: OrgFeatures) -> Self {
        self.features = features;
        self
    }

    /// Whether `security` starts registered as IAM delegated administrator. Default no.
    pub fn delegated_admin(mut self, registered: bool) -> Self {
        self.delegated_admin = registered;
        self
    }

    /// How many ACTIVE members carry an SCP that denies root sessions, in the way
    /// [`scp_deny`](SimBuilder::scp_deny) says. Default 0.
    pub fn denied_members(mut self, count: usize) -> Self {
        self.denied_members = count;
        self
    }

    /// What the SCP of [`denied_members`](SimBuilder::denied_members) denies.
    /// Default [`ScpDeny::AssumeRoot`].
    pub fn scp_deny(mut self, deny: ScpDeny) -> Self {
        self.scp_deny = deny;
        self
    }

    /// Delays every call by `fixed` plus a seeded share of `jitter`, on the tokio timer
    /// (calls then need a tokio runtime with time enabled). Default none.
    pub fn latency(mut self, fixed: Duration, jitter: Duration) -> Self {
        self.faults.latency = fixed;
        self.faults.jitter = jitter;
        self
    }

    /// Token bucket on AssumeRoot (all targets together): `burst` calls at once, refilled
    /// at `per_second`; beyond it, `Throttling`. Default unlimited.
    ///
    /// Every bucket refills on monotonic time (`std::time::Instant`) plus whatever
    /// [`SimulatedOrg::advance_clock`] added, so a test can refill one without waiting.
    pub fn assume_root_rate_limit(mut self, per_second: f64, burst: u32) -> Self {
        self.faults.assume_root_limit = Some(RateLimit::new(per_second, burst));
        self
    }

    /// Token bucket on the IAM calls of each member account's root sessions; beyond it,
    /// `Throttling`. Default unlimited.
    pub fn iam_rate_limit(mut self, per_second: f64, burst: u32) -> Self {
        self.faults.iam_limit = Some(RateLimit::new(per_second, burst));
        self
    }

    /// Token bucket on Organizations calls, one token per page; beyond it,
    /// `TooManyRequestsException`. Default unlimited.
    pub fn organizations_rate_limit(mut self, per_second: f64, burst: u32) -> Self {
        self.faults.organizations_limit = Some(RateLimit::new(per_second, burst));
        self
    }

    /// Share of calls that fail transiently, half as HTTP 500 (`ServiceFailure`), half as
    /// transport failures. A failed call changes nothing. Default 0.
    pub fn transient_failure_rate(mut self, rate: f64) -> Self {
        self.faults.transient_failure_rate = share(rate);
        self
    }

    /// Share of AssumeRoot, IAM and Organizations calls throttled at random, whatever the
    /// token buckets hold (a service under load from other callers). A throttled call
    /// changes nothing. Default 0.
    pub fn throttle_rate(mut self, rate: f64) -> Self {
        self.faults.throttle_rate = share(rate);
        self
    }

    /// Root sessions stop working `lifetime` after AssumeRoot (or at their requested
    /// expiry, if that comes first), while still announcing the requested expiry: a
    /// session revoked or skewed early, which callers only learn of from `ExpiredToken`.
    /// Default off.
    pub fn session_lifetime(mut self, lifetime: Duration) -> Self {
        self.faults.session_lifetime = Some(lifetime);
        self
    }

    /// Chance that an Organizations list page comes back empty with a `NextToken`
    /// (docs/aws-behaviour.md#organizations); never twice in a row and never as the last page. Default 0.05.
    pub fn empty_page_rate(mut self, rate: f64) -> Self {
        self.faults.empty_page_rate = share(rate);
        self
    }

    /// Generates the organization.
    pub fn build(self) -> SimulatedOrg {
        let state = generate::organization(&self);
        SimulatedOrg::from_parts(self.seed, self.faults, state)
    }
}
