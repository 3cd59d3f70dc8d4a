//! What a backend provides to be checked: a [`Harness`] that builds the conformance
//! organization ([`LAYOUT`]) and arranges the few things the boundary traits cannot
//! (root credentials, account states, the passing of time).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::Backend;
use crate::boundary::{
    AccountManagement, OrgFeaturesApi, Organizations, RootIam, RootS3, RootSqs, StsApi,
};
use crate::engine::Rootctl;
use crate::model::{AccountId, AccountState, ParentId, PolicyTarget, Tags};

/// Why a harness could not arrange something. The check that asked fails with it, unless
/// it names a declared gap.
pub type HarnessError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The tags of every account in the Payments OU.
const PAYMENTS_TAGS: &[(&str, &str)] = &[("env", "prod"), ("team", "payments")];

/// The shape of the conformance organization, which every harness builds on a fresh
/// backend: 22 members (with the management account, more than one 20-item
/// Organizations page) under the root and four OUs, one of them nested, some tagged.
pub const LAYOUT: Layout = Layout {
    units: &[
        ("Prod", None),
        ("Payments", Some("Prod")),
        ("Dev", None),
        ("Sandbox", None),
    ],
    accounts: &[
        ("legacy-1", None, &[]),
        ("legacy-2", None, &[]),
        ("prod-1", Some("Prod"), &[("env", "prod")]),
        ("prod-2", Some("Prod"), &[("env", "prod")]),
        ("prod-3", Some("Prod"), &[("env", "prod"), ("keep", "skip")]),
        ("prod-4", Some("Prod"), &[("env", "prod")]),
        ("prod-5", Some("Prod"), &[("env", "prod")]),
        ("prod-6", Some("Prod"), &[("env", "prod")]),
        ("pay-1", Some("Payments"), PAYMENTS_TAGS),
        ("pay-2", Some("Payments"), PAYMENTS_TAGS),
        ("pay-3", Some("Payments"), PAYMENTS_TAGS),
        ("pay-4", Some("Payments"), PAYMENTS_TAGS),
        ("dev-1", Some("Dev"), &[("env", "dev")]),
        ("dev-2", Some("Dev"), &[("env", "dev")]),
        ("dev-3", Some("Dev"), &[("env", "dev")]),
        ("dev-4", Some("Dev"), &[("env", "dev")]),
        ("dev-5", Some("Dev"), &[("env", "dev")]),
        ("dev-6", Some("Dev"), &[("env", "dev")]),
        ("sandbox-1", Some("Sandbox"), &[]),
        ("sandbox-2", Some("Sandbox"), &[]),
        ("sandbox-3", Some("Sandbox"), &[]),
        ("sandbox-4", Some("Sandbox"), &[]),
    ],
};

/// An organization to build: OUs by name with their parent OU (`None`: the root), and
/// accounts by name with their parent OU and tags. Names are unique.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// `(name, parent)`, parents before children.
    pub units: &'static [(&'static str, Option<&'static str>)],
    /// `(name, parent, tags)`.
    #[allow(clippy::type_complexity)]
    pub accounts: &'static [(
        &'static str,
        Option<&'static str>,
        &'static [(&'static str, &'static str)],
    )],
}

/// Root credentials to give one member, through whatever the backend offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seed {
    /// A console password (a backend with [`Gap::RootCredentialsStandIn`](super::Gap)
    /// cannot represent one and returns an error).
    pub password: bool,
    /// Access keys to create.
    pub access_keys: usize,
    /// How many of those to make inactive.
    pub inactive_keys: usize,
    /// Signing certificates (at most 2).
    pub certificates: usize,
    /// Whether to enable a virtual MFA device.
    pub mfa: bool,
}

/// What a [`Seed`] created: the identifiers the checks expect to read back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    /// Access key ids, in creation order (the first `inactive_keys` inactive).
    pub access_keys: Vec<String>,
    /// Signing certificate ids.
    pub certificates: Vec<String>,
    /// The MFA device's serial.
    pub mfa_serial: Option<String>,
}

/// One OU of a built [`Fixture`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixtureUnit {
    /// Its id.
    pub id: ParentId,
    /// Its name.
    pub name: String,
    /// The root or OU directly above it.
    pub parent: ParentId,
}

/// One account of a built [`Fixture`], as the harness created it (the ground truth).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixtureAccount {
    /// Its id.
    pub id: AccountId,
    /// Its name.
    pub name: String,
    /// The root or OU directly above it.
    pub parent: ParentId,
    /// Its tags.
    pub tags: Tags,
}

/// A freshly built conformance organization: the boundary-trait objects under test,
/// signed as a principal (not the root user) of the management account, and the ground
/// truth of what was built. Trusted access and both features are off.
#[derive(Clone, Debug)]
pub struct Fixture {
    /// Organizations, under test.
    pub organizations: Arc<dyn Organizations>,
    /// The IAM feature APIs, under test.
    pub features: Arc<dyn OrgFeaturesApi>,
    /// STS, under test.
    pub sessions: Arc<dyn StsApi>,
    /// IAM in root sessions, under test.
    pub iam: Arc<dyn RootIam>,
    /// S3 in root sessions, under test (`None`: the backend has no S3; the bucket
    /// checks fail saying so).
    pub s3: Option<Arc<dyn RootS3>>,
    /// SQS in root sessions, under test (`None`: the backend has no SQS).
    pub sqs: Option<Arc<dyn RootSqs>>,
    /// AWS Account Management, under test (`None`: the backend has none; the region
    /// checks fail saying so).
    pub account: Option<Arc<dyn AccountManagement>>,
    /// The region the clients use, if they have one.
    pub region: Option<String>,
    /// `o-...`.
    pub organization_id: String,
    /// The management account (where the fixture's caller lives).
    pub management_account_id: AccountId,
    /// The organization's root.
    pub root: ParentId,
    /// Every OU built, parents first.
    pub units: Vec<FixtureUnit>,
    /// Every account, the management account included (its parent is the root).
    pub accounts: Vec<FixtureAccount>,
}

impl Fixture {
    /// The member named `name` in [`LAYOUT`].
    ///
    /// # Panics
    /// When the harness did not build it: a harness bug, reported as such.
    pub fn member(&self, name: &str) -> AccountId {
        self.accounts
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.id)
            .unwrap_or_else(|| panic!("the harness built no account named {name:?}"))
    }

    /// The OU named `name` in [`LAYOUT`].
    ///
    /// # Panics
    /// When the harness did not build it.
    pub fn unit(&self, name: &str) -> ParentId {
        self.units
            .iter()
            .find(|u| u.name == name)
            .map(|u| u.id.clone())
            .unwrap_or_else(|| panic!("the harness built no OU named {name:?}"))
    }

    /// Every member account (not the management account).
    pub fn members(&self) -> impl Iterator<Item = &FixtureAccount> {
        self.accounts
            .iter()
            .filter(|a| a.id != self.management_account_id)
    }

    /// A [`Rootctl`] over the fixture's trait objects, as a user would build one.
    pub fn rootctl(&self) -> Rootctl {
        let rc = Rootctl::new(
            self.organizations.clone(),
            self.features.clone(),
            self.sessions.clone(),
            self.iam.clone(),
        );
        let rc = match (&self.s3, &self.sqs) {
            (Some(s3), Some(sqs)) => rc.with_resource_policies(s3.clone(), sqs.clone()),
            _ => rc,
        };
        let rc = match &self.account {
            Some(account) => rc.with_account_management(account.clone()),
            None => rc,
        };
        match &self.region {
            Some(region) => rc.with_region(region.clone()),
            None => rc,
        }
    }
}

/// A backend under test, able to build the conformance organization on demand.
///
/// Implement it for your own adapter or emulator and call
/// [`run`](super::run); [`SimHarness`](super::SimHarness) is the implementation for
/// [`SimulatedOrg`](crate::sim::SimulatedOrg).
#[async_trait]
pub trait Harness: Send + Sync {
    /// The backend and its declared gaps.
    fn backend(&self) -> &Backend;

    /// Discards all state and builds [`LAYOUT`] afresh, trusted access and both features
    /// off, with clients signed as a non-root principal of the management account.
    async fn fixture(&self) -> Result<Fixture, HarnessError>;

    /// Gives `account`'s root user the credentials in `seed`, in addition to those it has.
    async fn seed_credentials(
        &self,
        fixture: &Fixture,
        account: AccountId,
        seed: Seed,
    ) -> Result<Seeded, HarnessError>;

    /// Puts `account` in `state` the way AWS would get there (`CloseAccount`, a
    /// suspension). Only [`AccountState::Suspended`] is asked for by the checks.
    async fn set_account_state(
        &self,
        fixture: &Fixture,
        account: AccountId,
        state: AccountState,
    ) -> Result<(), HarnessError>;

    /// Lets `by` pass for the backend's sessions (a simulated clock moves; a server
    /// backend sleeps).
    async fn elapse(&self, by: Duration);

    /// Creates a bucket owned by member `account` in `region`, with `policy` as its
    /// bucket policy, the way the account's own administrator would (never through the
    /// code under test). The default refuses: the bucket checks then fail saying so.
    async fn create_bucket(
        &self,
        fixture: &Fixture,
        account: AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<(), HarnessError> {
        let _ = (fixture, account, name, region, policy);
        Err("this harness cannot create buckets".into())
    }

    /// Creates a queue owned by member `account` in `region`, with `policy`, and returns
    /// its URL. The default refuses.
    async fn create_queue(
        &self,
        fixture: &Fixture,
        account: AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<String, HarnessError> {
        let _ = (fixture, account, name, region, policy);
        Err("this harness cannot create queues".into())
    }

    /// Creates a service control policy from `document` and attaches it to `target`,
    /// the way the organization's administrator would (never through the code under
    /// test); returns the policy id. The default refuses: the SCP checks then fail
    /// saying so.
    async fn attach_scp(
        &self,
        fixture: &Fixture,
        target: &PolicyTarget,
        document: &str,
    ) -> Result<String, HarnessError> {
        let _ = (fixture, target, document);
        Err("this harness cannot attach service control policies".into())
    }

    /// For each page a paginated Organizations `operation` served since the fixture was
    /// built: `(items, had a next token)`. `None` when the backend cannot tell.
    fn served_pages(&self, operation: &'static str) -> Option<Vec<(u32, bool)>> {
        let _ = operation;
        None
    }
}
