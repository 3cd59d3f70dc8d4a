//! `select_accounts`: resolve a [`Selection`] against the organization tree. The
//! selection and its result types are in `types`.

use std::collections::{BTreeSet, HashMap, HashSet};

use tokio::task::JoinSet;

mod types;

use crate::engine::Rootctl;
use crate::error::{Error, Result};
use crate::model::{Account, AccountId, AccountState, ParentId, Tags};
pub use types::{SelectedAccounts, Selection, SkipReason, Skipped, TagFilter, Target};

/// An account as found in the organization tree.
struct Placed {
    account: Account,
    ou_path: String,
    /// The account's parent and all its ancestors.
    ancestors: Vec<ParentId>,
}

impl Rootctl {
    /// Resolves `selection` against the organization: reads the tree (and tags, when the
    /// selection filters on them) and returns the targets plus every other account with
    /// its reason.
    ///
    /// Errors, before anything else happens: an unknown OU or account id, the management
    /// account named explicitly, or a selection that matches no ACTIVE member account.
    pub async fn select_accounts(&self, selection: &Selection) -> Result<SelectedAccounts> {
        let (org, placed) = tokio::join!(
            self.with_retries("DescribeOrganization", || {
                self.organizations.describe_organization()
            }),
            self.walk_tree()
        );
        let (org, placed) = (org?, placed?);

        let known_parents: BTreeSet<&ParentId> = placed.iter().flat_map(|p| &p.ancestors).collect();
        for ou in selection.ous.iter().chain(&selection.exclude_ous) {
            if !known_parents.contains(ou) {
                return Err(Error::invalid_input(
                    "organizational unit",
                    ou.as_str(),
                    format!("is not an OU (or the root) of organization {}", org.id),
                ));
            }
        }
        let known_accounts: BTreeSet<AccountId> = placed.iter().map(|p| p.account.id).collect();
        for id in selection.accounts.iter().chain(&selection.exclude_accounts) {
            if !known_accounts.contains(id) {
                return Err(Error::invalid_input(
                    "account id",
                    id.as_str(),
                    format!("is not an account of organization {}", org.id),
                ));
            }
        }
        if selection.accounts.contains(&org.management_account_id) {
            return Err(Error::invalid_input(
                "account id",
                org.management_account_id.as_str(),
                "is the management account, which centralized root access cannot target",
            ));
        }

        let tags = if selection.needs_tags() {
            let ids: Vec<AccountId> = placed
                .iter()
                .map(|p| p.account.id)
                .filter(|id| *id != org.management_account_id)
                .collect();
            self.read_tags(ids).await?
        } else {
            HashMap::new()
        };
        check_exclude_tag_keys(selection, &tags, &org.id)?;

        let include_all = selection.accounts.is_empty() && selection.ous.is_empty();
        // Sets, so that large explicit lists cost one lookup per account.
        let named: HashSet<AccountId> = selection.accounts.iter().copied().collect();
        let excluded: HashSet<AccountId> = selection.exclude_accounts.iter().copied().collect();
        let mut targets = Vec::new();
        let mut skipped = Vec::new();
        let parents = placed
            .iter()
            .map(|p| (p.account.id, p.ancestors.clone()))
            .collect();
        for Placed {
            account,
            ou_path,
            ancestors,
        } in placed
        {
            let account_tags = tags.get(&account.id);
            let reason = if account.id == org.management_account_id {
                Some(SkipReason::ManagementAccount)
            } else if !include_all
                && !named.contains(&account.id)
                && !selection.ous.iter().any(|ou| ancestors.contains(ou))
            {
                Some(SkipReason::NotSelected)
            } else if let Some(tag) = selection
                .tags
                .iter()
                .find(|f| !account_tags.is_some_and(|t| f.matches(t)))
            {
                Some(SkipReason::TagMismatch { tag: tag.clone() })
            } else if excluded.contains(&account.id) {
                Some(SkipReason::ExcludedAccount)
            } else if let Some(ou) = selection
                .exclude_ous
                .iter()
                .find(|ou| ancestors.contains(ou))
            {
                Some(SkipReason::ExcludedOu { ou: ou.clone() })
            } else if let Some(tag) = selection
                .exclude_tags
                .iter()
                .find(|f| account_tags.is_some_and(|t| f.matches(t)))
            {
                Some(SkipReason::ExcludedTag { tag: tag.clone() })
            } else if account.state != AccountState::Active {
                Some(SkipReason::NotActive {
                    state: account.state.clone(),
                })
            } else {
                None
            };
            match reason {
                Some(reason) => skipped.push(Skipped {
                    account_id: account.id,
                    name: account.name,
                    reason,
                    ou_path,
                }),
                None => targets.push(Target {
                    account_id: account.id,
                    name: account.name,
                    email: account.email,
                    state: account.state,
                    ou_path,
                    parents: ancestors,
                    tags: account_tags.cloned(),
                }),
            }
        }
        if targets.is_empty() {
            // Say why each account named by id was left out (not ACTIVE, excluded, ...).
            let named: Vec<String> = skipped
                .iter()
                .filter(|s| selection.accounts.contains(&s.account_id))
                .map(|s| format!("{}: {}", s.account_id, s.reason))
                .collect();
            let why = if named.is_empty() {
                format!("{} accounts skipped", skipped.len())
            } else {
                named.join("; ")
            };
            return Err(Error::invalid_input(
                "selection",
                format!("{selection:?}"),
                format!("matches no ACTIVE member account ({why})"),
            ));
        }
        targets.sort_by_key(|t| t.account_id);
        skipped.sort_by_key(|s| s.account_id);
        Ok(SelectedAccounts {
            organization_id: org.id,
            management_account_id: org.management_account_id,
            targets,
            skipped,
            parents,
        })
    }
}

impl Rootctl {
    /// Reads the whole tree, one level at a time, the parents of a level concurrently.
    async fn walk_tree(&self) -> Result<Vec<Placed>> {
        let roots = self
            .with_retries("ListRoots", || self.organizations.list_roots())
            .await?;
        // (parent id, path of names, ancestors including itself)
        let mut level: Vec<(ParentId, String, Vec<ParentId>)> = roots
            .into_iter()
            .map(|r| (r.id.clone(), r.name, vec![r.id]))
            .collect();
        let mut placed = Vec::new();
        while !level.is_empty() {
            let mut next = Vec::new();
            for chunk in level.chunks(self.options().concurrency.initial()) {
                let mut tasks = JoinSet::new();
                for (index, (parent, _, _)) in chunk.iter().enumerate() {
                    let (rc, parent) = (self.clone(), parent.clone());
                    tasks.spawn(async move {
                        // A parent's OUs and accounts are independent reads: at once.
                        let (ous, accounts) = tokio::join!(
                            rc.with_retries("ListOrganizationalUnitsForParent", || {
                                rc.organizations
                                    .list_organizational_units_for_parent(&parent)
                            }),
                            rc.with_retries("ListAccountsForParent", || {
                                rc.organizations.list_accounts_for_parent(&parent)
                            })
                        );
                        Ok::<_, Error>((index, ous?, accounts?))
                    });
                }
                let mut children: Vec<_> =
                    tasks.join_all().await.into_iter().collect::<Result<_>>()?;
                children.sort_by_key(|(index, _, _)| *index);
                for (index, ous, accounts) in children {
                    let (_, path, ancestors) = &chunk[index];
                    for account in accounts {
                        placed.push(Placed {
                            account,
                            ou_path: path.clone(),
                            ancestors: ancestors.clone(),
                        });
                    }
                    for ou in ous {
                        let mut chain = ancestors.clone();
                        chain.push(ou.id.clone());
                        next.push((ou.id, format!("{path}/{}", ou.name), chain));
                    }
                }
            }
            level = next;
        }
        Ok(placed)
    }

    /// Reads the tags of `accounts`, at most `concurrency` calls at a time.
    async fn read_tags(&self, accounts: Vec<AccountId>) -> Result<HashMap<AccountId, Tags>> {
        let mut tags = HashMap::with_capacity(accounts.len());
        for chunk in accounts.chunks(self.options().concurrency.initial()) {
            let mut tasks = JoinSet::new();
            for &id in chunk {
                let rc = self.clone();
                tasks.spawn(async move {
                    let account_tags = rc
                        .with_retries("ListTagsForResource", || {
                            rc.organizations.list_account_tags(&id)
                        })
                        .await?;
                    Ok::<_, Error>((id, account_tags))
                });
            }
            for result in tasks.join_all().await {
                let (id, account_tags) = result?;
                tags.insert(id, account_tags);
            }
        }
        Ok(tags)
    }
}

/// An exclusion by a tag key that no account carries excludes nothing, which is almost
/// always a typo (`--exclude-tag brak-glass`): refused like an unknown excluded OU or
/// account, naming the keys that do exist.
fn check_exclude_tag_keys(
    selection: &Selection,
    tags: &HashMap<AccountId, Tags>,
    organization: &str,
) -> Result<()> {
    let known: BTreeSet<&str> = tags
        .values()
        .flat_map(|t| t.keys().map(String::as_str))
        .collect();
    match selection
        .exclude_tags
        .iter()
        .find(|f| !known.contains(f.key.as_str()))
    {
        None => Ok(()),
        Some(filter) => Err(Error::invalid_input(
            "exclude tag",
            filter.to_string(),
            format!(
                "names the tag key {:?}, which no account of organization {organization} \
                 carries (keys there: {})",
                filter.key,
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.into_iter().collect::<Vec<_>>().join(", ")
                }
            ),
        )),
    }
}
