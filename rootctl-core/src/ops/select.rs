//! `select_accounts`: which member accounts an operation targets, and why the others not.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;

use crate::boundary::Organizations;
use crate::client::Rootctl;
use crate::engine::retry::retry;
use crate::error::{Error, Result};
use crate::model::{Account, AccountId, AccountState, ParentId, Tags};
use crate::options::RetryPolicy;

/// A tag condition: `key=value`, or `key` alone for "has this tag, any value".
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TagFilter {
    /// The tag key.
    pub key: String,
    /// The required value; `None` matches any value.
    pub value: Option<String>,
}

impl TagFilter {
    /// Whether `tags` satisfy this filter.
    pub fn matches(&self, tags: &Tags) -> bool {
        match (tags.get(&self.key), &self.value) {
            (Some(actual), Some(wanted)) => actual == wanted,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

impl FromStr for TagFilter {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let (key, value) = match s.split_once('=') {
            Some((key, value)) => (key, Some(value.to_owned())),
            None => (s, None),
        };
        if key.is_empty() {
            return Err(Error::invalid_input(
                "tag filter",
                s,
                "must be \"key=value\" or \"key\" with a non-empty key",
            ));
        }
        Ok(Self {
            key: key.to_owned(),
            value,
        })
    }
}

impl fmt::Display for TagFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(value) => write!(f, "{}={value}", self.key),
            None => f.write_str(&self.key),
        }
    }
}

impl Serialize for TagFilter {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TagFilter {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Which accounts to target. Empty `accounts` and `ous` mean every account; `tags` then
/// narrow (all must match); the `exclude_*` lists remove. The management account and
/// accounts that are not ACTIVE are never targets.
///
/// ```
/// use rootctl::Selection;
///
/// let selection = Selection::all()
///     .ou("ou-ab12-cd34ef56".parse()?)
///     .tag("env=prod".parse()?)
///     .exclude_account("111122223333".parse()?);
/// assert_eq!(selection.ous.len(), 1);
/// # Ok::<(), rootctl::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    /// Accounts to include by id.
    pub accounts: Vec<AccountId>,
    /// OUs (or the root) whose accounts, recursively, to include.
    pub ous: Vec<ParentId>,
    /// Tag filters every target must match.
    pub tags: Vec<TagFilter>,
    /// Accounts to leave out.
    pub exclude_accounts: Vec<AccountId>,
    /// OUs whose accounts, recursively, to leave out.
    pub exclude_ous: Vec<ParentId>,
    /// Tags that leave an account out when any matches.
    pub exclude_tags: Vec<TagFilter>,
}

impl Selection {
    /// Every ACTIVE member account.
    pub fn all() -> Self {
        Self::default()
    }

    /// Exactly these accounts.
    pub fn accounts(accounts: impl IntoIterator<Item = AccountId>) -> Self {
        Self {
            accounts: accounts.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Also include the accounts under `ou`, recursively.
    pub fn ou(mut self, ou: ParentId) -> Self {
        self.ous.push(ou);
        self
    }

    /// Require a tag.
    pub fn tag(mut self, filter: TagFilter) -> Self {
        self.tags.push(filter);
        self
    }

    /// Leave an account out.
    pub fn exclude_account(mut self, account: AccountId) -> Self {
        self.exclude_accounts.push(account);
        self
    }

    /// Leave the accounts under `ou` out, recursively.
    pub fn exclude_ou(mut self, ou: ParentId) -> Self {
        self.exclude_ous.push(ou);
        self
    }

    /// Leave out accounts with a matching tag.
    pub fn exclude_tag(mut self, filter: TagFilter) -> Self {
        self.exclude_tags.push(filter);
        self
    }

    fn needs_tags(&self) -> bool {
        !self.tags.is_empty() || !self.exclude_tags.is_empty()
    }
}

/// Why an account is not a target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SkipReason {
    /// The management account is never a target (AssumeRoot refuses it).
    ManagementAccount,
    /// Not named by the selection's accounts or OUs.
    NotSelected,
    /// Lacks a required tag.
    TagMismatch {
        /// The first filter it failed.
        tag: TagFilter,
    },
    /// Named in `exclude_accounts`.
    ExcludedAccount,
    /// Under an OU in `exclude_ous`.
    ExcludedOu {
        /// The excluded OU it is under.
        ou: ParentId,
    },
    /// Has a tag in `exclude_tags`.
    ExcludedTag {
        /// The exclusion it matched.
        tag: TagFilter,
    },
    /// Not ACTIVE (suspended, closing, closed, pending): AssumeRoot would refuse it.
    NotActive {
        /// Its state.
        state: AccountState,
    },
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::ManagementAccount => f.write_str("management account"),
            SkipReason::NotSelected => f.write_str("not selected"),
            SkipReason::TagMismatch { tag } => write!(f, "lacks tag {tag}"),
            SkipReason::ExcludedAccount => f.write_str("excluded by account id"),
            SkipReason::ExcludedOu { ou } => write!(f, "excluded by OU {ou}"),
            SkipReason::ExcludedTag { tag } => write!(f, "excluded by tag {tag}"),
            SkipReason::NotActive { state } => write!(f, "not ACTIVE ({state})"),
        }
    }
}

/// A targeted account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// The root user's email.
    pub email: String,
    /// Always ACTIVE for a target.
    pub state: AccountState,
    /// Names from the root to the account's OU, e.g. `Root/Workloads/Prod`.
    pub ou_path: String,
    /// The account's tags, when the selection filtered on tags (not read otherwise, to
    /// save one Organizations call per account).
    pub tags: Option<Tags>,
}

/// An account that is not targeted, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// Why it is not a target.
    pub reason: SkipReason,
}

/// The outcome of [`Rootctl::select_accounts`]: every account of the organization, either
/// a target or skipped with a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectedAccounts {
    /// The organization id.
    pub organization_id: String,
    /// The management account.
    pub management_account_id: AccountId,
    /// The targets, by account id.
    pub targets: Vec<Target>,
    /// Every other account, by account id.
    pub skipped: Vec<Skipped>,
}

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
        let policy = &self.options().retry;
        let org = self
            .retried("DescribeOrganization", || {
                self.organizations.describe_organization()
            })
            .await?;
        let placed = walk_tree(&self.organizations, policy, self.options().concurrency).await?;

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
            read_tags(&self.organizations, policy, self.options().concurrency, ids).await?
        } else {
            HashMap::new()
        };

        let include_all = selection.accounts.is_empty() && selection.ous.is_empty();
        let mut targets = Vec::new();
        let mut skipped = Vec::new();
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
                && !selection.accounts.contains(&account.id)
                && !selection.ous.iter().any(|ou| ancestors.contains(ou))
            {
                Some(SkipReason::NotSelected)
            } else if let Some(tag) = selection
                .tags
                .iter()
                .find(|f| !account_tags.is_some_and(|t| f.matches(t)))
            {
                Some(SkipReason::TagMismatch { tag: tag.clone() })
            } else if selection.exclude_accounts.contains(&account.id) {
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
                }),
                None => targets.push(Target {
                    account_id: account.id,
                    name: account.name,
                    email: account.email,
                    state: account.state,
                    ou_path,
                    tags: account_tags.cloned(),
                }),
            }
        }
        if targets.is_empty() {
            return Err(Error::invalid_input(
                "selection",
                format!("{selection:?}"),
                format!(
                    "matches no ACTIVE member account ({} accounts skipped)",
                    skipped.len()
                ),
            ));
        }
        targets.sort_by_key(|t| t.account_id);
        skipped.sort_by_key(|s| s.account_id);
        Ok(SelectedAccounts {
            organization_id: org.id,
            management_account_id: org.management_account_id,
            targets,
            skipped,
        })
    }
}

/// Reads the whole tree, one level at a time, the parents of a level concurrently.
async fn walk_tree(
    organizations: &Arc<dyn Organizations>,
    policy: &RetryPolicy,
    concurrency: usize,
) -> Result<Vec<Placed>> {
    let roots = retry(policy, |_, _, _| {}, || organizations.list_roots()).await?;
    // (parent id, path of names, ancestors including itself)
    let mut level: Vec<(ParentId, String, Vec<ParentId>)> = roots
        .into_iter()
        .map(|r| (r.id.clone(), r.name, vec![r.id]))
        .collect();
    let mut placed = Vec::new();
    while !level.is_empty() {
        let mut next = Vec::new();
        for chunk in level.chunks(concurrency.max(1)) {
            let mut tasks = JoinSet::new();
            for (index, (parent, _, _)) in chunk.iter().enumerate() {
                let organizations = Arc::clone(organizations);
                let (parent, policy) = (parent.clone(), policy.clone());
                tasks.spawn(async move {
                    let ous = retry(
                        &policy,
                        |_, _, _| {},
                        || organizations.list_organizational_units_for_parent(&parent),
                    )
                    .await?;
                    let accounts = retry(
                        &policy,
                        |_, _, _| {},
                        || organizations.list_accounts_for_parent(&parent),
                    )
                    .await?;
                    Ok::<_, Error>((index, ous, accounts))
                });
            }
            let mut children: Vec<_> = tasks.join_all().await.into_iter().collect::<Result<_>>()?;
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
async fn read_tags(
    organizations: &Arc<dyn Organizations>,
    policy: &RetryPolicy,
    concurrency: usize,
    accounts: Vec<AccountId>,
) -> Result<HashMap<AccountId, Tags>> {
    let mut tags = HashMap::with_capacity(accounts.len());
    for chunk in accounts.chunks(concurrency.max(1)) {
        let mut tasks = JoinSet::new();
        for &id in chunk {
            let organizations = Arc::clone(organizations);
            let policy = policy.clone();
            tasks.spawn(async move {
                let account_tags = retry(
                    &policy,
                    |_, _, _| {},
                    || organizations.list_account_tags(&id),
                )
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
