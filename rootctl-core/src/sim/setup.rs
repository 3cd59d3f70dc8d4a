//! Ground-truth setup: OUs and accounts added by hand, as a test would arrange them in
//! the console, for scenarios whose shape the generator does not produce (the
//! conformance organization, a named tree from a bug report).
//!
//! These are not AWS calls: they are neither logged nor subject to faults, and they work
//! whoever the simulated caller is.

use super::SimulatedOrg;
use super::state::{AccountRecord, ParentNode};
use crate::error::{Error, Result};
use crate::model::{AccountId, AccountState, ParentId, RootCredentials, Tags};

/// Where ids of hand-made accounts start: far from the generator's random ones, and
/// stepped past any that are taken.
const FIRST_ACCOUNT: u64 = 100_000_000_000;

impl SimulatedOrg {
    /// The organization's root, `r-...`.
    pub fn organization_root(&self) -> ParentId {
        self.read(|w| w.org.parents[0].id.clone())
    }

    /// Adds an OU named `name` under `parent` (the root or another OU) and returns its id,
    /// in AWS's format (`ou-<root>-<8 characters>`).
    ///
    /// Fails with [`Error::InvalidInput`] when `parent` is not in the organization or
    /// the name is empty.
    pub fn create_organizational_unit(&self, parent: &ParentId, name: &str) -> Result<ParentId> {
        if name.is_empty() {
            return Err(Error::invalid_input(
                "organizational unit name",
                name,
                "must not be empty",
            ));
        }
        self.write(|w| {
            let org = &mut w.org;
            let parent_index = org.parent_index(parent).ok_or_else(|| unknown(parent))?;
            let root = org.parents[0].id.as_str();
            let root_suffix = root.strip_prefix("r-").unwrap_or(root).to_owned();
            let mut n = org.parents.len();
            let id = loop {
                let candidate: ParentId = format!("ou-{root_suffix}-{:08x}", 0x5e70_0000 + n)
                    .parse()
                    .expect("lowercase hex fits the OU id pattern");
                if org.parent_index(&candidate).is_none() {
                    break candidate;
                }
                n += 1;
            };
            org.parents.push(ParentNode {
                id: id.clone(),
                name: name.to_owned(),
                parent: Some(parent_index),
            });
            Ok(id)
        })
    }

    /// Adds an ACTIVE member account named `name` under `parent`, with `tags` and no root
    /// credentials, and returns its id. Its email is derived from the name, as for
    /// generated accounts.
    ///
    /// Fails with [`Error::InvalidInput`] when `parent` is not in the organization.
    pub fn create_account(&self, name: &str, parent: &ParentId, tags: Tags) -> Result<AccountId> {
        self.write(|w| {
            let org = &mut w.org;
            let parent_index = org.parent_index(parent).ok_or_else(|| unknown(parent))?;
            let taken = |id: &AccountId| org.accounts.contains_key(id) || *id == org.outsider;
            let id = (FIRST_ACCOUNT..)
                .map(|n| {
                    format!("{n:012}")
                        .parse::<AccountId>()
                        .expect("12 digits are an account id")
                })
                .find(|id| !taken(id))
                .expect("some id below 10^12 is free");
            let joined = self.inner.clock.now();
            org.accounts.insert(
                id,
                AccountRecord {
                    name: name.to_owned(),
                    state: AccountState::Active,
                    parent: parent_index,
                    joined,
                    tags,
                    credentials: RootCredentials::default(),
                    assume_root_denied: false,
                },
            );
            Ok(id)
        })
    }
}

fn unknown(parent: &ParentId) -> Error {
    Error::invalid_input(
        "parent id",
        parent.as_str(),
        "is not a root or OU of the simulated organization",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::Organizations;

    #[tokio::test]
    async fn hand_made_units_and_accounts_are_what_the_api_lists() {
        let org = SimulatedOrg::builder().members(2).seed(3).build();
        let root = org.organization_root();
        let prod = org.create_organizational_unit(&root, "Prod").unwrap();
        let payments = org.create_organizational_unit(&prod, "Payments").unwrap();
        let tags = Tags::from([("env".to_owned(), "prod".to_owned())]);
        let account = org
            .create_account("pay-1", &payments, tags.clone())
            .unwrap();

        let units = org
            .list_organizational_units_for_parent(&prod)
            .await
            .unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(
            (units[0].id.clone(), units[0].name.as_str()),
            (payments.clone(), "Payments")
        );
        let under = org.list_accounts_for_parent(&payments).await.unwrap();
        assert_eq!(under.len(), 1);
        assert_eq!((under[0].id, under[0].name.as_str()), (account, "pay-1"));
        assert_eq!(under[0].state, AccountState::Active);
        assert_eq!(org.list_account_tags(&account).await.unwrap(), tags);
        let member = org
            .members()
            .into_iter()
            .find(|m| m.account.id == account)
            .unwrap();
        assert_eq!(member.ou_path, "Prod/Payments");

        let nowhere: ParentId = "ou-zzzz-zzzzzzzz".parse().unwrap();
        assert!(org.create_account("x", &nowhere, Tags::new()).is_err());
        assert!(org.create_organizational_unit(&root, "").is_err());
    }
}
