//! Organization structure: the organization, its roots, OUs, accounts and features.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;
use crate::model::{AccountId, PolicyType, Timestamp};

/// The service principal whose trusted access and delegated administrator matter here.
pub const IAM_SERVICE_PRINCIPAL: &str = "iam.amazonaws.com";

/// Tags on an account, by key. Sorted so output and comparisons are deterministic.
pub type Tags = BTreeMap<String, String>;

/// Whether the organization runs with all features or only consolidated billing.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeatureSet {
    /// `ALL`: required for centralized root access.
    All,
    /// `CONSOLIDATED_BILLING`: root access management is unavailable.
    ConsolidatedBilling,
    /// A value this version of rootctl does not know (AWS enums are open).
    #[serde(untagged)]
    Unknown(String),
}

/// The organization as `DescribeOrganization` reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    /// The organization id, `o-...`.
    pub id: String,
    /// The organization ARN.
    pub arn: String,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    pub feature_set: FeatureSet,
    /// The management account (`MasterAccountId` on the wire). Never a rootctl target.
    pub management_account_id: AccountId,
}

/// The state of a member account (`Account.State`; `Account.Status` is retired).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountState {
    /// Being created or invited; not usable yet.
    PendingActivation,
    /// Usable: the only state rootctl targets.
    Active,
    /// Suspended by AWS.
    Suspended,
    /// Closed by its owner, within the 90-day post-closure period.
    PendingClosure,
    /// Closed for good.
    Closed,
    /// A value this version of rootctl does not know (AWS enums are open).
    #[serde(untagged)]
    Unknown(String),
}

impl AccountState {
    /// The wire spelling, e.g. `ACTIVE`.
    pub fn as_str(&self) -> &str {
        match self {
            AccountState::PendingActivation => "PENDING_ACTIVATION",
            AccountState::Active => "ACTIVE",
            AccountState::Suspended => "SUSPENDED",
            AccountState::PendingClosure => "PENDING_CLOSURE",
            AccountState::Closed => "CLOSED",
            AccountState::Unknown(other) => other,
        }
    }

    /// Parses the wire spelling; unknown values are kept, not rejected.
    pub fn from_wire(value: &str) -> Self {
        match value {
            "PENDING_ACTIVATION" => AccountState::PendingActivation,
            "ACTIVE" => AccountState::Active,
            "SUSPENDED" => AccountState::Suspended,
            "PENDING_CLOSURE" => AccountState::PendingClosure,
            "CLOSED" => AccountState::Closed,
            other => AccountState::Unknown(other.to_owned()),
        }
    }
}

impl fmt::Display for AccountState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A member (or the management) account, as `ListAccounts` reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The account id.
    pub id: AccountId,
    /// The account ARN.
    pub arn: String,
    /// The account's display name.
    pub name: String,
    /// The email address of the account's root user.
    pub email: String,
    /// Lifecycle state; only `ACTIVE` accounts are targeted.
    pub state: AccountState,
    /// When the account joined the organization, if reported.
    pub joined: Option<Timestamp>,
}

/// The id of a parent in the organization tree: a root (`r-...`) or an OU (`ou-...`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParentId(String);

impl ParentId {
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for an organization root (`r-...`), false for an OU.
    pub fn is_root(&self) -> bool {
        self.0.starts_with("r-")
    }
}

fn is_lower_alnum(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
}

impl FromStr for ParentId {
    type Err = Error;

    /// Accepts `r-` + 4..=32 lowercase letters or digits, or
    /// `ou-` + 4..=32 of them + `-` + 8..=32 of them (the Organizations id patterns).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let valid = if let Some(rest) = s.strip_prefix("ou-") {
            rest.split_once('-')
                .is_some_and(|(root, ou)| is_lower_alnum(root, 4, 32) && is_lower_alnum(ou, 8, 32))
        } else if let Some(rest) = s.strip_prefix("r-") {
            is_lower_alnum(rest, 4, 32)
        } else {
            false
        };
        if valid {
            Ok(Self(s.to_owned()))
        } else {
            Err(Error::invalid_input(
                "organizational unit or root id",
                s,
                "must look like \"ou-ab12-cd34ef56\" or \"r-ab12\" (lowercase letters and digits)",
            ))
        }
    }
}

impl fmt::Display for ParentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ParentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ParentId({})", self.0)
    }
}

impl Serialize for ParentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ParentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// An organization root (every organization has exactly one today).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Root {
    /// The root id, `r-...`.
    pub id: ParentId,
    /// The root ARN.
    pub arn: String,
    /// The root's name (usually `Root`).
    pub name: String,
    /// The authorization policy types that may be in force in the organization, as
    /// `ListRoots` reports them (`PolicyTypes` with status `ENABLED`, or `PENDING_ENABLE`
    /// / `PENDING_DISABLE`: a type in transition may be enforced). Empty when none is,
    /// and when the response does not carry the field.
    #[serde(default)]
    pub enabled_policy_types: Vec<PolicyType>,
}

/// An organizational unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationalUnit {
    /// The OU id, `ou-...`.
    pub id: ParentId,
    /// The OU ARN.
    pub arn: String,
    /// The OU name.
    pub name: String,
}

/// A delegated administrator registered for some service principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegatedAdministrator {
    /// The delegated administrator account.
    pub account_id: AccountId,
    /// The account's name.
    pub name: String,
    /// The account's state.
    pub state: AccountState,
}

/// One of the two IAM organization features behind centralized root access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OrgFeature {
    /// Audit and delete member root credentials centrally.
    RootCredentialsManagement,
    /// Privileged root actions: unlock S3 bucket and SQS queue policies.
    RootSessions,
}

impl OrgFeature {
    /// Both features, in the order they are enabled.
    pub const ALL: [OrgFeature; 2] = [
        OrgFeature::RootCredentialsManagement,
        OrgFeature::RootSessions,
    ];

    /// The name `ListOrganizationsFeatures` reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrgFeature::RootCredentialsManagement => "RootCredentialsManagement",
            OrgFeature::RootSessions => "RootSessions",
        }
    }

    /// Parses the name `ListOrganizationsFeatures` reports.
    pub fn from_wire(value: &str) -> Option<Self> {
        OrgFeature::ALL.into_iter().find(|f| f.as_str() == value)
    }
}

impl fmt::Display for OrgFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state of everything centralized root access depends on in one organization.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrgFeatures {
    /// Trusted access for `iam.amazonaws.com` is enabled in Organizations.
    pub trusted_access: bool,
    /// `RootCredentialsManagement` is enabled.
    pub root_credentials_management: bool,
    /// `RootSessions` is enabled.
    pub root_sessions: bool,
}

impl OrgFeatures {
    /// Whether `feature` is enabled.
    pub fn has(&self, feature: OrgFeature) -> bool {
        match feature {
            OrgFeature::RootCredentialsManagement => self.root_credentials_management,
            OrgFeature::RootSessions => self.root_sessions,
        }
    }
}

/// Who is calling: the result of `sts:GetCallerIdentity`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerIdentity {
    /// The caller's account.
    pub account_id: AccountId,
    /// The caller's ARN (an IAM user, an assumed role, ...).
    pub arn: String,
    /// The caller's unique id.
    pub user_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_ids_follow_organizations_patterns() {
        assert!("r-ab12".parse::<ParentId>().unwrap().is_root());
        let ou: ParentId = "ou-ab12-cd34ef56".parse().unwrap();
        assert!(!ou.is_root());
        for bad in [
            "ou-ab12",
            "ou-AB12-cd34ef56",
            "r-a",
            "x-ab12",
            "",
            "ou-ab12-cd34",
        ] {
            let err = bad.parse::<ParentId>().unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn open_enums_keep_unknown_values() {
        let state: AccountState = serde_json::from_str("\"SOMETHING_NEW\"").unwrap();
        assert_eq!(state, AccountState::Unknown("SOMETHING_NEW".into()));
        assert_eq!(AccountState::from_wire("ACTIVE"), AccountState::Active);
        assert_eq!(
            serde_json::to_string(&AccountState::PendingClosure).unwrap(),
            "\"PENDING_CLOSURE\""
        );
        let set: FeatureSet = serde_json::from_str("\"ALL\"").unwrap();
        assert_eq!(set, FeatureSet::All);
    }

    #[test]
    fn features_answer_by_name() {
        let features = OrgFeatures {
            trusted_access: true,
            root_credentials_management: true,
            root_sessions: false,
        };
        assert!(features.has(OrgFeature::RootCredentialsManagement));
        assert!(!features.has(OrgFeature::RootSessions));
        assert_eq!(
            OrgFeature::from_wire("RootSessions"),
            Some(OrgFeature::RootSessions)
        );
        assert_eq!(OrgFeature::from_wire("rootsessions"), None);
    }
}
