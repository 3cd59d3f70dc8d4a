//! What to target ([`Selection`], [`TagFilter`]) and what a selection resolves to
//! ([`SelectedAccounts`]: targets, and every other account with its [`SkipReason`]).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{AccountId, AccountState, ParentId, Tags};

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

    /// A filter on `key` (any value when `value` is `None`). The key must not be empty.
    pub fn new(key: impl Into<String>, value: Option<String>) -> Result<Self> {
        let key = key.into();
        if key.is_empty() {
            let shown = value.as_ref().map_or_else(String::new, |v| format!("={v}"));
            return Err(Error::invalid_input(
                "tag filter",
                shown,
                "must be \"key=value\" or \"key\" with a non-empty key",
            ));
        }
        Ok(Self { key, value })
    }
}

impl FromStr for TagFilter {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let (key, value) = match s.split_once('=') {
            Some((key, value)) => (key, Some(value.to_owned())),
            None => (s, None),
        };
        Self::new(key, value)
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

    pub(crate) fn needs_tags(&self) -> bool {
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

impl SkipReason {
    /// The reason's stable snake_case code, as serialized (`"reason"`) and as the Python
    /// `SkippedAccount.reason`, e.g. `not_active`.
    pub const fn code(&self) -> &'static str {
        match self {
            SkipReason::ManagementAccount => "management_account",
            SkipReason::NotSelected => "not_selected",
            SkipReason::TagMismatch { .. } => "tag_mismatch",
            SkipReason::ExcludedAccount => "excluded_account",
            SkipReason::ExcludedOu { .. } => "excluded_ou",
            SkipReason::ExcludedTag { .. } => "excluded_tag",
            SkipReason::NotActive { .. } => "not_active",
        }
    }
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
            // Say exactly what AWS sent, so an unfamiliar or missing state is visible.
            SkipReason::NotActive {
                state: AccountState::Unknown(raw),
            } if raw.is_empty() => {
                f.write_str("state not reported (the response carried neither State nor Status)")
            }
            SkipReason::NotActive {
                state: AccountState::Unknown(raw),
            } => write!(
                f,
                "state {raw:?} not known to rootctl, so not taken as ACTIVE"
            ),
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
    /// The ids of the root and the OUs above the account, root first (where policies
    /// attached above it are found); empty where the tree was not read.
    #[serde(default)]
    pub parents: Vec<ParentId>,
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
    /// Names from the root to the account's OU (empty in reports saved before rootctl
    /// recorded it).
    #[serde(default)]
    pub ou_path: String,
}

/// The outcome of [`Rootctl::select_accounts`](crate::Rootctl::select_accounts): every account of the organization, either
/// a target or skipped with a reason.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SelectedAccounts {
    /// The organization id.
    pub organization_id: String,
    /// The management account.
    pub management_account_id: AccountId,
    /// The targets, by account id.
    pub targets: Vec<Target>,
    /// Every other account, by account id.
    pub skipped: Vec<Skipped>,
    /// The root and OUs above every account of the organization, targeted or not, root
    /// first: where the SCP pre-flight finds the policies on the caller's own path.
    #[serde(skip)]
    pub(crate) parents: BTreeMap<AccountId, Vec<ParentId>>,
}

/// Equal when the organization, the targets and the skipped accounts are: `parents` is
/// what the tree walk learnt along the way (not serialized), not part of the outcome.
impl PartialEq for SelectedAccounts {
    fn eq(&self, other: &Self) -> bool {
        self.organization_id == other.organization_id
            && self.management_account_id == other.management_account_id
            && self.targets == other.targets
            && self.skipped == other.skipped
    }
}

impl Eq for SelectedAccounts {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_skip_code_is_the_serialized_tag() {
        let reasons = [
            SkipReason::ManagementAccount,
            SkipReason::NotSelected,
            SkipReason::TagMismatch {
                tag: "env".parse().unwrap(),
            },
            SkipReason::ExcludedAccount,
            SkipReason::ExcludedOu {
                ou: "ou-ab12-cd34ef56".parse().unwrap(),
            },
            SkipReason::ExcludedTag {
                tag: "env=prod".parse().unwrap(),
            },
            SkipReason::NotActive {
                state: AccountState::Closed,
            },
        ];
        for reason in reasons {
            let json = serde_json::to_value(&reason).unwrap();
            assert_eq!(json["reason"], reason.code(), "{reason:?}");
        }
    }

    #[test]
    fn tag_filters_need_a_key() {
        assert!(TagFilter::new("", Some("x".into())).is_err());
        assert!("=x".parse::<TagFilter>().is_err());
        assert_eq!(
            TagFilter::new("env", None).unwrap(),
            "env".parse::<TagFilter>().unwrap()
        );
    }

    #[test]
    fn a_state_that_is_missing_or_unfamiliar_is_shown_as_sent() {
        let missing = SkipReason::NotActive {
            state: AccountState::Unknown(String::new()),
        };
        assert_eq!(
            missing.to_string(),
            "state not reported (the response carried neither State nor Status)"
        );
        let unfamiliar = SkipReason::NotActive {
            state: AccountState::Unknown("MIGRATING".into()),
        };
        assert_eq!(
            unfamiliar.to_string(),
            "state \"MIGRATING\" not known to rootctl, so not taken as ACTIVE"
        );
        let suspended = SkipReason::NotActive {
            state: AccountState::Suspended,
        };
        assert_eq!(suspended.to_string(), "not ACTIVE (SUSPENDED)");
    }
}
