//! [`SimHarness`]: the conformance suite's harness for [`SimulatedOrg`].

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;

use super::Backend;
use super::harness::{
    Fixture, FixtureAccount, FixtureUnit, Harness, HarnessError, LAYOUT, Seed, Seeded,
};
use crate::boundary::{
    AccountManagement, OrgFeaturesApi, Organizations, RootIam, RootS3, RootSqs, StsApi,
};
use crate::model::{
    AccessKey, AccountId, AccountState, CredentialStatus, LoginProfile, MfaDevice, OrgFeatures,
    ParentId, PolicyTarget, SigningCertificate, Tags,
};
use crate::sim::SimulatedOrg;

/// The share of Organizations list pages the fixture's simulator serves empty (with a
/// next token), so that following empty pages is exercised on every run.
const EMPTY_PAGE_RATE: f64 = 0.3;

/// Builds the conformance organization in a fresh [`SimulatedOrg`] for every check.
///
/// Besides [`LAYOUT`], the simulator always has its two built-in members (`security`
/// and `workload-0001`, under the root), which the fixture lists as well. It declares no
/// gap: the simulator is held to AWS's behaviour in full.
#[derive(Debug)]
pub struct SimHarness {
    backend: Backend,
    seed: u64,
    current: Mutex<Option<SimulatedOrg>>,
}

impl SimHarness {
    /// A harness for simulators seeded with a fixed seed.
    pub fn new() -> Self {
        Self::with_seed(7)
    }

    /// A harness whose simulators use `seed` (for the injected empty pages).
    pub fn with_seed(seed: u64) -> Self {
        Self {
            backend: Backend::new("SimulatedOrg"),
            seed,
            current: Mutex::new(None),
        }
    }

    /// The simulator of the last fixture built, for inspection.
    pub fn current(&self) -> Option<SimulatedOrg> {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn build(&self) -> Result<(SimulatedOrg, Fixture), HarnessError> {
        let org = SimulatedOrg::builder()
            .members(2)
            .seed(self.seed)
            .ou_layout(0, 0)
            .without_tags()
            .password_share(0.0)
            .access_key_share(0.0)
            .signing_certificate_share(0.0)
            .mfa_share(0.0)
            .features(OrgFeatures::default())
            .empty_page_rate(EMPTY_PAGE_RATE)
            .build();
        let root = org.organization_root();
        let mut units: Vec<FixtureUnit> = Vec::new();
        let parent_of =
            |units: &[FixtureUnit], name: Option<&str>| -> Result<ParentId, HarnessError> {
                match name {
                    None => Ok(root.clone()),
                    Some(name) => units
                        .iter()
                        .find(|u| u.name == name)
                        .map(|u| u.id.clone())
                        .ok_or_else(|| {
                            format!("LAYOUT names parent {name:?} before creating it").into()
                        }),
                }
            };
        for (name, parent) in LAYOUT.units {
            let parent = parent_of(&units, *parent)?;
            let id = org.create_organizational_unit(&parent, name)?;
            units.push(FixtureUnit {
                id,
                name: (*name).to_owned(),
                parent,
            });
        }
        for (name, parent, tags) in LAYOUT.accounts {
            let parent = parent_of(&units, *parent)?;
            let tags: Tags = tags
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            org.create_account(name, &parent, tags)?;
        }
        let management = org.management_account_id();
        let mut accounts: Vec<FixtureAccount> = org
            .members()
            .into_iter()
            .map(|m| FixtureAccount {
                id: m.account.id,
                name: m.account.name,
                parent: m.parent,
                tags: m.tags,
            })
            .collect();
        accounts.push(FixtureAccount {
            id: management,
            name: "management".to_owned(),
            parent: root.clone(),
            tags: Tags::new(),
        });
        let shared = Arc::new(org.clone());
        let fixture = Fixture {
            organizations: Arc::clone(&shared) as Arc<dyn Organizations>,
            features: Arc::clone(&shared) as Arc<dyn OrgFeaturesApi>,
            sessions: Arc::clone(&shared) as Arc<dyn StsApi>,
            iam: Arc::clone(&shared) as Arc<dyn RootIam>,
            s3: Some(Arc::clone(&shared) as Arc<dyn RootS3>),
            sqs: Some(Arc::clone(&shared) as Arc<dyn RootSqs>),
            account: Some(shared as Arc<dyn AccountManagement>),
            region: Some("us-east-1".to_owned()),
            organization_id: org.organization_id(),
            management_account_id: management,
            root,
            units,
            accounts,
        };
        Ok((org, fixture))
    }

    fn org(&self) -> Result<SimulatedOrg, HarnessError> {
        self.current()
            .ok_or_else(|| "no fixture has been built yet".into())
    }
}

impl Default for SimHarness {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait]
impl Harness for SimHarness {
    fn backend(&self) -> &Backend {
        &self.backend
    }

    async fn fixture(&self) -> Result<Fixture, HarnessError> {
        let (org, fixture) = self.build()?;
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Some(org);
        Ok(fixture)
    }

    async fn seed_credentials(
        &self,
        _fixture: &Fixture,
        account: AccountId,
        seed: Seed,
    ) -> Result<Seeded, HarnessError> {
        let org = self.org()?;
        let now = org.now();
        let digits = &account.as_str()[4..];
        // Seeding adds to what the root user has, as it does on a server backend.
        let mut credentials = org.root_credentials(&account).unwrap_or_default();
        if seed.password {
            credentials.password = Some(LoginProfile {
                created: now,
                password_reset_required: false,
            });
        }
        let mut seeded = Seeded::default();
        let (keys, certificates) = (
            credentials.access_keys.len(),
            credentials.signing_certificates.len(),
        );
        for n in 0..seed.access_keys {
            let id = format!("AKIACONF{digits}{:04}", keys + n);
            credentials.access_keys.push(AccessKey {
                id: id.clone(),
                status: if n < seed.inactive_keys {
                    CredentialStatus::Inactive
                } else {
                    CredentialStatus::Active
                },
                created: Some(now),
                last_used: None,
            });
            seeded.access_keys.push(id);
        }
        for n in 0..seed.certificates {
            let id = format!("CONFORMANCECERT{digits}{:04}", certificates + n);
            credentials.signing_certificates.push(SigningCertificate {
                id: id.clone(),
                status: CredentialStatus::Active,
                uploaded: Some(now),
            });
            seeded.certificates.push(id);
        }
        if seed.mfa {
            let serial = format!("arn:aws:iam::{account}:mfa/root-account-mfa-device");
            credentials
                .mfa_devices
                .push(MfaDevice::new(serial.clone(), Some(now)));
            seeded.mfa_serial = Some(serial);
        }
        org.set_credentials(&account, credentials)?;
        Ok(seeded)
    }

    async fn set_account_state(
        &self,
        _fixture: &Fixture,
        account: AccountId,
        state: AccountState,
    ) -> Result<(), HarnessError> {
        Ok(self.org()?.set_account_state(&account, state)?)
    }

    async fn attach_scp(
        &self,
        _: &Fixture,
        target: &PolicyTarget,
        document: &str,
    ) -> Result<String, HarnessError> {
        Ok(self.org()?.attach_scp(target, document)?)
    }

    async fn create_bucket(
        &self,
        _: &Fixture,
        account: AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<(), HarnessError> {
        Ok(self.org()?.create_bucket(&account, name, region, policy)?)
    }

    async fn create_queue(
        &self,
        _: &Fixture,
        account: AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<String, HarnessError> {
        Ok(self.org()?.create_queue(&account, name, region, policy)?)
    }

    async fn elapse(&self, by: Duration) {
        if let Some(org) = self.current() {
            org.advance_clock(by);
        }
    }

    fn served_pages(&self, operation: &'static str) -> Option<Vec<(u32, bool)>> {
        let org = self.current()?;
        Some(
            org.calls()
                .into_iter()
                .filter(|call| call.operation == operation)
                .filter_map(|call| call.page.map(|p| (p.items, p.next_token)))
                .collect(),
        )
    }
}
