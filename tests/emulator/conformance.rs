//! The conformance suite (`rootctl::conformance`) against the real SDK adapters, over
//! HTTP with SigV4, on fakecloud 0.51.0: the same check functions `cargo test` runs on
//! `SimulatedOrg`, with the emulator's gaps declared by name (`Backend::fakecloud`, the
//! list at the top of `main.rs`). The harness builds each fixture with plain SDK calls;
//! nothing sits between the adapters and the wire.

use std::time::Duration;

use async_trait::async_trait;
use rootctl::conformance::{
    self, Backend, Fixture, FixtureAccount, FixtureUnit, Harness, HarnessError, LAYOUT, Seed,
    Seeded,
};
use rootctl::{AccountId, AccountState, ParentId, PolicyTarget, Tags};

use crate::support::{self, Emulator, NewAccount};

/// fakecloud, reset and rebuilt for every check.
struct Fakecloud {
    emu: Emulator,
    backend: Backend,
}

fn err(message: impl Into<String>) -> HarnessError {
    message.into().into()
}

#[async_trait]
impl Harness for Fakecloud {
    fn backend(&self) -> &Backend {
        &self.backend
    }

    async fn fixture(&self) -> Result<Fixture, HarnessError> {
        let emu = &self.emu;
        emu.reset();
        let org = emu.create_organization().await;
        let root: ParentId = org.root.parse()?;
        let mut units: Vec<FixtureUnit> = Vec::new();
        for (name, parent) in LAYOUT.units {
            let parent = match parent {
                None => root.clone(),
                Some(parent) => units
                    .iter()
                    .find(|u| u.name == *parent)
                    .map(|u| u.id.clone())
                    .ok_or_else(|| err(format!("no OU {parent} yet")))?,
            };
            let id: ParentId = emu.create_ou(parent.as_str(), name).await.parse()?;
            units.push(FixtureUnit {
                id,
                name: (*name).to_owned(),
                parent,
            });
        }
        let parent_of = |name: Option<&str>| -> ParentId {
            name.and_then(|n| units.iter().find(|u| u.name == n))
                .map_or_else(|| root.clone(), |u| u.id.clone())
        };
        let wanted: Vec<NewAccount> = LAYOUT
            .accounts
            .iter()
            .map(|(name, parent, tags)| {
                let mut account = NewAccount::new(name);
                if parent.is_some() {
                    account = account.under(parent_of(*parent).as_str());
                }
                tags.iter().fold(account, |a, (k, v)| a.tag(k, v))
            })
            .collect();
        let ids = emu.create_accounts(&org, &wanted).await;
        let mut accounts: Vec<FixtureAccount> = LAYOUT
            .accounts
            .iter()
            .zip(ids)
            .map(|((name, parent, tags), id)| FixtureAccount {
                id,
                name: (*name).to_owned(),
                parent: parent_of(*parent),
                tags: tags
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect::<Tags>(),
            })
            .collect();
        accounts.push(FixtureAccount {
            id: org.management,
            name: "management".to_owned(),
            parent: root.clone(),
            tags: Tags::new(),
        });
        // AWS attaches FullAWSAccess to every OU and account as it is created; fakecloud
        // to the root only (gap full_aws_access_root_only): attach it as AWS would have.
        let targets = units
            .iter()
            .map(|u| u.id.to_string())
            .chain(accounts.iter().map(|a| a.id.to_string()));
        for target in targets {
            emu.attach_policy("p-FullAWSAccess", &target).await?;
        }
        let clients = emu.operator_clients().await;
        let region = clients.region().to_owned();
        let (s3, sqs) = clients.resource_policies_dyn();
        let account = clients.account_management_dyn();
        let (organizations, features, sessions, iam) = clients.into_dyn();
        Ok(Fixture {
            organizations,
            features,
            sessions,
            iam,
            s3: Some(s3),
            sqs: Some(sqs),
            account: Some(account),
            region: Some(region),
            organization_id: org.id,
            management_account_id: org.management,
            root,
            units,
            accounts,
        })
    }

    async fn seed_credentials(
        &self,
        _fixture: &Fixture,
        account: AccountId,
        seed: Seed,
    ) -> Result<Seeded, HarnessError> {
        if seed.password {
            return Err(err(
                "fakecloud cannot represent a root password (gap root_credentials_stand_in)",
            ));
        }
        let seeded = self
            .emu
            .seed_root_credentials(
                account,
                support::Seed {
                    access_keys: seed.access_keys,
                    inactive_keys: seed.inactive_keys,
                    certificates: seed.certificates,
                    mfa: seed.mfa,
                },
            )
            .await;
        Ok(Seeded {
            access_keys: seeded.access_keys,
            certificates: seeded.certificates,
            mfa_serial: seeded.mfa_serial,
        })
    }

    async fn set_account_state(
        &self,
        _fixture: &Fixture,
        account: AccountId,
        state: AccountState,
    ) -> Result<(), HarnessError> {
        if state != AccountState::Suspended {
            return Err(err(format!(
                "fakecloud reaches only SUSPENDED, not {state}"
            )));
        }
        // fakecloud marks a closed account SUSPENDED (its Status).
        self.emu
            .organizations()
            .close_account()
            .account_id(account.as_str())
            .send()
            .await
            .map_err(|e| err(format!("CloseAccount {account}: {e:?}")))?;
        Ok(())
    }

    async fn create_bucket(
        &self,
        _fixture: &Fixture,
        account: AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<(), HarnessError> {
        Ok(self
            .emu
            .create_member_bucket(account, name, region, policy)
            .await?)
    }

    async fn create_queue(
        &self,
        _fixture: &Fixture,
        account: AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<String, HarnessError> {
        Ok(self
            .emu
            .create_member_queue(account, name, region, policy)
            .await?)
    }

    async fn attach_scp(
        &self,
        _fixture: &Fixture,
        target: &PolicyTarget,
        document: &str,
    ) -> Result<String, HarnessError> {
        let name = format!("conformance-{}", target.as_str());
        let id = self.emu.create_scp(&name, document).await?;
        self.emu.attach_policy(&id, target.as_str()).await?;
        Ok(id)
    }

    async fn elapse(&self, by: Duration) {
        tokio::time::sleep(by).await;
    }
}

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn the_adapters_keep_the_contract_on_fakecloud() {
    let emu = Emulator::start("the_adapters_keep_the_contract_on_fakecloud").await;
    let harness = Fakecloud {
        emu,
        backend: Backend::fakecloud(),
    };
    let filter = std::env::var("ROOTCTL_CONFORMANCE_FILTER").unwrap_or_default();
    let summary = conformance::run_matching(&harness, &filter).await;
    println!("{summary}");
    summary.assert_conforms();
}
