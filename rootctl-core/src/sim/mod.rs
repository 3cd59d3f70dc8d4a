//! Layer 3, beside the adapters and never naming them, the simulator: [`SimulatedOrg`],
//! an in-process AWS organization that implements every boundary trait
//! ([`Organizations`](crate::Organizations),
//! [`OrgFeaturesApi`](crate::OrgFeaturesApi), [`StsApi`](crate::StsApi),
//! [`RootIam`](crate::RootIam)) the way docs/aws-behaviour.md describes AWS: who may call what, which
//! feature each task policy needs, what each root session may do, and the exact error
//! codes, classified into [`Error`]s by the same table the real adapters use (it lives
//! with the error type, below both).
//!
//! Code that passes against the simulator should do the right thing against a real
//! organization, so it is strict where AWS is: a member account cannot enable features,
//! an audit session cannot delete, the management account is never an AssumeRoot target.
//!
//! ```
//! use rootctl::sim::{Caller, SimulatedOrg};
//! use rootctl::{ErrorKind, OrgFeature, OrgFeaturesApi, RootIam, RootSessions};
//! use rootctl::{SessionDuration, TaskPolicy};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> rootctl::Result<()> {
//! let org = SimulatedOrg::builder().members(20).seed(7).build();
//!
//! // Audit one member's root user, as the management account.
//! let member = org.members()[1].account.id;
//! let audit = TaskPolicy::IamAuditRootUserCredentials;
//! let session = org.assume_root(&member, audit, SessionDuration::default()).await?;
//! let keys = org.list_access_keys(&session).await?;
//! let truth = org.root_credentials(&member).unwrap_or_default();
//! assert_eq!(keys.len(), truth.access_keys.len());
//!
//! // An audit session may not delete anything, and nothing changed.
//! let err = org.delete_login_profile(&session).await.unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::AccessDenied);
//! assert_eq!(org.root_credentials(&member).unwrap_or_default(), truth);
//!
//! // Only the management account may enable a feature.
//! org.set_caller(Caller::Member);
//! let err = org.enable_feature(OrgFeature::RootSessions).await.unwrap_err();
//! assert_eq!(err.code(), Some("CallerIsNotManagementAccountException"));
//!
//! // The call log is the ground truth for "nothing was mutated".
//! assert!(org.mutating_calls().iter().all(|call| !call.is_ok()));
//! # Ok(())
//! # }
//! ```
//!
//! A `SimulatedOrg` is a handle: clones share one organization, and it may be used from
//! many tasks at once (every call holds a `std` mutex briefly, never across an await).
//!
//! **Determinism.** [`SimBuilder::seed`] fixes the generated organization and every
//! injected fault. Each call's dice are a hash of the seed, the operation, the account,
//! the target and how often that combination was called before, so concurrent runs roll
//! the same faults as sequential ones. Two things depend on real time and are therefore
//! not reproducible byte for byte: rate limiting (token buckets refill with time) and
//! timestamps the simulator stamps at call time (a recovered password's creation date).

mod account;
mod builder;
mod calls;
mod dispatch;
mod faults;
mod features;
mod generate;
mod iam;
mod organizations;
mod resources;
mod rng;
mod s3;
mod scps;
mod sessions;
mod setup;
mod sqs;
mod state;
mod sts;
mod task_permissions;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

pub use builder::SimBuilder;
pub use calls::{CallRecord, DISPATCH_FAILURE, PageInfo, SimStats};
pub use faults::ScpDeny;
pub use scps::{FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS};
pub use state::{Caller, Member};

use crate::error::{Error, Result};
use crate::model::{
    AccountId, AccountState, OrgFeatures, Organization, ParentId, RootCredentials, Timestamp,
};
use calls::CallLog;
use faults::{Buckets, Faults};
use sessions::{Sessions, SimClock};
use state::OrgState;

/// A simulated AWS organization; see the [module documentation](self).
///
/// Build one with [`SimulatedOrg::builder`] or take the ready-made
/// [`SimulatedOrg::example`]; hand it to code as `Arc<dyn Trait>` like any adapter, and
/// read the truth back with [`root_credentials`](SimulatedOrg::root_credentials),
/// [`calls`](SimulatedOrg::calls) and [`stats`](SimulatedOrg::stats).
#[derive(Clone)]
pub struct SimulatedOrg {
    inner: Arc<Inner>,
}

/// The shared simulator behind every clone of a [`SimulatedOrg`].
struct Inner {
    seed: u64,
    faults: Faults,
    clock: SimClock,
    counters: Mutex<CallCounters>,
    world: Mutex<World>,
}

/// Calls so far per (operation, account, target): the last input of each call's dice.
/// Kept apart from [`World`] because the dice are rolled before the latency is slept.
type CallCounters = HashMap<(&'static str, Option<AccountId>, Option<String>), u64>;

/// All mutable state, behind one lock: operations are microseconds long, and one lock
/// makes each call atomic with its log record.
pub(crate) struct World {
    pub(crate) org: OrgState,
    pub(crate) sessions: Sessions,
    pub(crate) buckets: Buckets,
    pub(crate) resources: resources::Resources,
    pub(crate) log: CallLog,
}

impl Inner {
    fn lock_world(&self) -> MutexGuard<'_, World> {
        // A panic in another test thread must not turn every later call into a panic;
        // the state is still consistent because no operation panics half-way.
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn not_a_member(account_id: &AccountId) -> Error {
    Error::invalid_input(
        "account id",
        account_id.as_str(),
        "is not a member account of the simulated organization",
    )
}

impl SimulatedOrg {
    /// A builder with the defaults documented on [`SimBuilder`].
    pub fn builder() -> SimBuilder {
        SimBuilder::default()
    }

    /// A small organization still to be set up, for READMEs and first steps: 12 members
    /// in a few OUs (one SUSPENDED, one CLOSED), mixed root credentials, trusted access
    /// and both features OFF, the management account calling. Always the same.
    pub fn example() -> Self {
        Self::builder()
            .members(12)
            .seed(2028)
            .ou_layout(2, 2)
            .suspended(1)
            .closed(1)
            .password_share(0.6)
            .access_key_share(0.4)
            .signing_certificate_share(0.2)
            .mfa_share(0.5)
            .features(OrgFeatures::default())
            .build()
    }

    fn from_parts(seed: u64, faults: Faults, org: OrgState) -> Self {
        let world = World {
            org,
            sessions: Sessions::default(),
            buckets: Buckets::default(),
            resources: resources::Resources::default(),
            log: CallLog::default(),
        };
        Self {
            inner: Arc::new(Inner {
                seed,
                faults,
                clock: SimClock::new(),
                counters: Mutex::new(HashMap::new()),
                world: Mutex::new(world),
            }),
        }
    }

    fn read<T>(&self, f: impl FnOnce(&World) -> T) -> T {
        f(&self.inner.lock_world())
    }

    fn write<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        f(&mut self.inner.lock_world())
    }

    /// The organization, as `DescribeOrganization` reports it.
    pub fn organization(&self) -> Organization {
        self.read(|w| w.org.organization())
    }

    /// The organization id, `o-` and ten lowercase letters or digits.
    pub fn organization_id(&self) -> String {
        self.read(|w| w.org.id.clone())
    }

    /// The organization's root, `r-...` (where a policy for every account is attached).
    pub fn root_id(&self) -> ParentId {
        self.read(|w| w.org.root().id)
    }

    /// The management account.
    pub fn management_account_id(&self) -> AccountId {
        self.read(|w| w.org.management)
    }

    /// The `security` member account, where [`Caller::DelegatedAdmin`] calls from.
    pub fn delegated_admin_account_id(&self) -> AccountId {
        self.read(|w| w.org.security)
    }

    /// Every member account (not the management account), in account-id order.
    pub fn members(&self) -> Vec<Member> {
        self.read(|w| w.org.members())
    }

    /// Trusted access for IAM and the two root-access features, as they are now.
    pub fn features(&self) -> OrgFeatures {
        self.read(|w| w.org.features())
    }

    /// The current root credentials of a member account; `None` for the management
    /// account (never a target) and accounts outside the organization.
    pub fn root_credentials(&self, account_id: &AccountId) -> Option<RootCredentials> {
        self.read(|w| {
            (*account_id != w.org.management)
                .then(|| w.org.accounts.get(account_id))
                .flatten()
                .map(|record| record.credentials.clone())
        })
    }

    /// Replaces a member's root credentials, e.g. to stage a scenario.
    pub fn set_credentials(
        &self,
        account_id: &AccountId,
        credentials: RootCredentials,
    ) -> Result<()> {
        self.write(|w| match w.org.member_mut(account_id) {
            Some(record) => {
                record.credentials = credentials;
                Ok(())
            }
            None => Err(not_a_member(account_id)),
        })
    }

    /// Changes a member's state, e.g. to suspend it mid-run.
    pub fn set_account_state(&self, account_id: &AccountId, state: AccountState) -> Result<()> {
        self.write(|w| match w.org.member_mut(account_id) {
            Some(record) => {
                record.state = state;
                Ok(())
            }
            None => Err(not_a_member(account_id)),
        })
    }

    /// Denies root sessions in a member as `deny` says: [`ScpDeny::EveryCall`] attaches a
    /// real SCP (`DenyRootSessions`, AWS's deny-root guardrail without the root-session
    /// exemption), which [`Rootctl::check_scps`](crate::Rootctl::check_scps) reads and
    /// predicts like any other; [`ScpDeny::AssumeRoot`] makes `sts:AssumeRoot` into the
    /// account answer AccessDenied. Replaces the member's previous denial.
    pub fn deny_root_sessions(&self, account_id: &AccountId, deny: ScpDeny) -> Result<()> {
        self.set_scp_deny(account_id, Some(deny))
    }

    /// Lifts [`deny_root_sessions`](Self::deny_root_sessions) from a member.
    pub fn allow_root_sessions(&self, account_id: &AccountId) -> Result<()> {
        self.set_scp_deny(account_id, None)
    }

    fn set_scp_deny(&self, account_id: &AccountId, deny: Option<ScpDeny>) -> Result<()> {
        self.write(|w| {
            let record = w
                .org
                .member_mut(account_id)
                .ok_or_else(|| not_a_member(account_id))?;
            record.assume_root_denied = deny == Some(ScpDeny::AssumeRoot);
            w.org
                .deny_every_root_call(account_id, deny == Some(ScpDeny::EveryCall));
            Ok(())
        })
    }

    /// Who is calling now.
    pub fn caller(&self) -> Caller {
        self.read(|w| w.org.caller)
    }

    /// Switches who calls, for every clone of this simulator.
    pub fn set_caller(&self, caller: Caller) {
        self.write(|w| w.org.caller = caller);
    }

    /// The simulated time: the wall clock plus every [`advance_clock`](Self::advance_clock).
    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    /// Moves simulated time forward, expiring sessions and refilling rate limits as if
    /// `by` had passed.
    pub fn advance_clock(&self, by: Duration) {
        self.inner.clock.advance(by);
    }

    /// Every call answered so far, in the order they were answered.
    pub fn calls(&self) -> Vec<CallRecord> {
        self.read(|w| w.log.records().to_vec())
    }

    /// The calls to operations that change state, whatever their outcome.
    pub fn mutating_calls(&self) -> Vec<CallRecord> {
        self.read(|w| {
            w.log
                .records()
                .iter()
                .filter(|call| call.mutating)
                .cloned()
                .collect()
        })
    }

    /// Counters over the calls since the start or the last [`clear_calls`](Self::clear_calls).
    pub fn stats(&self) -> SimStats {
        self.read(|w| w.log.stats())
    }

    /// Forgets the call log and counters (not the state, and not the dice: faults go on
    /// where they were).
    pub fn clear_calls(&self) {
        self.write(|w| w.log.clear());
    }
}

impl fmt::Debug for SimulatedOrg {
    /// A summary: an organization of 10,000 accounts is not something to print whole.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (id, accounts, caller) =
            self.read(|w| (w.org.id.clone(), w.org.accounts.len(), w.org.caller));
        f.debug_struct("SimulatedOrg")
            .field("organization_id", &id)
            .field("accounts", &accounts)
            .field("caller", &caller)
            .finish_non_exhaustive()
    }
}
