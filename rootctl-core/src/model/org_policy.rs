//! Organization policies (service and resource control policies) as Organizations lists
//! and describes them. The [`RootTask`](crate::RootTask)s whose calls they can block are
//! declared with their task policies (`task_policy.rs`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::{AccountId, ParentId};

/// An Organizations authorization policy type that can restrict a root session's calls.
///
/// Service control policies restrict every principal of a member account, its root user
/// in a root session included. Resource control policies restrict what can be done to
/// the resources of a member account (S3 buckets and SQS queues among them), whoever asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PolicyType {
    /// `SERVICE_CONTROL_POLICY`.
    #[serde(rename = "SERVICE_CONTROL_POLICY")]
    ServiceControlPolicy,
    /// `RESOURCE_CONTROL_POLICY`.
    #[serde(rename = "RESOURCE_CONTROL_POLICY")]
    ResourceControlPolicy,
}

impl PolicyType {
    /// Both types, SCPs first.
    pub const ALL: [PolicyType; 2] = [
        PolicyType::ServiceControlPolicy,
        PolicyType::ResourceControlPolicy,
    ];

    /// The name on the wire, e.g. `SERVICE_CONTROL_POLICY`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PolicyType::ServiceControlPolicy => "SERVICE_CONTROL_POLICY",
            PolicyType::ResourceControlPolicy => "RESOURCE_CONTROL_POLICY",
        }
    }

    /// The short name used in reports: `SCP` or `RCP`.
    pub const fn short_name(self) -> &'static str {
        match self {
            PolicyType::ServiceControlPolicy => "SCP",
            PolicyType::ResourceControlPolicy => "RCP",
        }
    }

    /// The type a wire name denotes; `None` for the other policy types (tag, backup, ...).
    pub fn from_wire(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }
}

impl fmt::Display for PolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a policy can be attached to: the root, an OU, or an account.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PolicyTarget {
    /// The root (`r-...`) or an OU (`ou-...`).
    Parent(ParentId),
    /// An account.
    Account(AccountId),
}

impl PolicyTarget {
    /// The target id as Organizations spells it.
    pub fn as_str(&self) -> &str {
        match self {
            PolicyTarget::Parent(id) => id.as_str(),
            PolicyTarget::Account(id) => id.as_str(),
        }
    }
}

impl FromStr for PolicyTarget {
    type Err = Error;

    /// An account id, a root id or an OU id.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse().map(PolicyTarget::Account);
        }
        s.parse().map(PolicyTarget::Parent).map_err(|_| {
            Error::invalid_input(
                "policy target",
                s,
                "must be an account id (12 digits), a root id (\"r-ab12\") or an OU id \
                 (\"ou-ab12-cd34ef56\")",
            )
        })
    }
}

impl fmt::Display for PolicyTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PolicyTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PolicyTarget({})", self.as_str())
    }
}

impl From<ParentId> for PolicyTarget {
    fn from(id: ParentId) -> Self {
        PolicyTarget::Parent(id)
    }
}

impl From<AccountId> for PolicyTarget {
    fn from(id: AccountId) -> Self {
        PolicyTarget::Account(id)
    }
}

/// A policy as `ListPoliciesForTarget` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySummary {
    /// The policy id, e.g. `p-FullAWSAccess` or `p-examplepolicyid111`.
    pub id: String,
    /// The policy ARN.
    pub arn: String,
    /// The policy name.
    pub name: String,
    /// Its type.
    pub policy_type: PolicyType,
    /// Whether AWS manages it (`FullAWSAccess`, `RCPFullAWSAccess`).
    pub aws_managed: bool,
}

/// A policy with its document, as `DescribePolicy` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// What `ListPoliciesForTarget` says of it.
    pub summary: PolicySummary,
    /// The policy document, exactly as stored (JSON text).
    pub content: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_from_every_kind_of_id() {
        for id in ["111111111111", "r-ab12", "ou-ab12-cd34ef56"] {
            assert_eq!(id.parse::<PolicyTarget>().unwrap().as_str(), id);
        }
        for bad in ["", "1234", "p-FullAWSAccess", "ou-ab12"] {
            assert!(bad.parse::<PolicyTarget>().is_err(), "{bad}");
        }
    }
}
