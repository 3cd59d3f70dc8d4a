//! Organization policies (service and resource control policies) as Organizations lists
//! and describes them, and the [`RootTask`]s whose calls they can block.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::{AccountId, ParentId, TaskPolicy};

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

/// One of the five things a root session is opened for, named as reports and the Python
/// API name them (`audit`, `delete`, `recover`, `unlock_s3`, `unlock_sqs`), with the task
/// policy it uses and the calls rootctl makes in it.
///
/// ```
/// use rootctl::{RootTask, TaskPolicy};
///
/// let task: RootTask = "unlock_s3".parse()?;
/// assert_eq!(task.task_policy(), TaskPolicy::S3UnlockBucketPolicy);
/// assert!(task.actions().contains(&"s3:PutBucketPolicy"));
/// # Ok::<(), rootctl::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RootTask {
    /// Read the root user's credentials (`IAMAuditRootUserCredentials`).
    Audit,
    /// Delete them (`IAMDeleteRootUserCredentials`).
    Delete,
    /// Allow password recovery (`IAMCreateRootUserPassword`).
    Recover,
    /// Unlock an S3 bucket policy (`S3UnlockBucketPolicy`).
    UnlockS3,
    /// Unlock an SQS queue policy (`SQSUnlockQueuePolicy`).
    UnlockSqs,
}

/// The audit session's calls (`ops::audit`).
const AUDIT_ACTIONS: &[&str] = &[
    "iam:GetAccountSummary",
    "iam:GetLoginProfile",
    "iam:ListAccessKeys",
    "iam:GetAccessKeyLastUsed",
    "iam:ListSigningCertificates",
    "iam:ListMFADevices",
];
/// The delete session's calls: it re-reads each list before deleting from it.
const DELETE_ACTIONS: &[&str] = &[
    "iam:GetLoginProfile",
    "iam:DeleteLoginProfile",
    "iam:ListAccessKeys",
    "iam:DeleteAccessKey",
    "iam:ListSigningCertificates",
    "iam:DeleteSigningCertificate",
    "iam:ListMFADevices",
    "iam:DeactivateMFADevice",
];
/// The recovery session's calls, as its task policy allows them.
const RECOVER_ACTIONS: &[&str] = &["iam:GetLoginProfile", "iam:CreateLoginProfile"];
/// `ListBuckets` is authorized as `s3:ListAllMyBuckets`.
const UNLOCK_S3_ACTIONS: &[&str] = &[
    "s3:ListAllMyBuckets",
    "s3:GetBucketPolicy",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
];
const UNLOCK_SQS_ACTIONS: &[&str] = &[
    "sqs:ListQueues",
    "sqs:GetQueueAttributes",
    "sqs:SetQueueAttributes",
];

impl RootTask {
    /// The five tasks, in report order.
    pub const ALL: [RootTask; 5] = [
        RootTask::Audit,
        RootTask::Delete,
        RootTask::Recover,
        RootTask::UnlockS3,
        RootTask::UnlockSqs,
    ];

    /// The snake_case name, e.g. `unlock_s3`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RootTask::Audit => "audit",
            RootTask::Delete => "delete",
            RootTask::Recover => "recover",
            RootTask::UnlockS3 => "unlock_s3",
            RootTask::UnlockSqs => "unlock_sqs",
        }
    }

    /// The task policy its sessions are opened with.
    pub const fn task_policy(self) -> TaskPolicy {
        match self {
            RootTask::Audit => TaskPolicy::IamAuditRootUserCredentials,
            RootTask::Delete => TaskPolicy::IamDeleteRootUserCredentials,
            RootTask::Recover => TaskPolicy::IamCreateRootUserPassword,
            RootTask::UnlockS3 => TaskPolicy::S3UnlockBucketPolicy,
            RootTask::UnlockSqs => TaskPolicy::SqsUnlockQueuePolicy,
        }
    }

    /// The IAM actions of the calls rootctl makes in the task's session, as policies
    /// name them (`iam:GetAccountSummary`, `s3:ListAllMyBuckets`, ...).
    pub const fn actions(self) -> &'static [&'static str] {
        match self {
            RootTask::Audit => AUDIT_ACTIONS,
            RootTask::Delete => DELETE_ACTIONS,
            RootTask::Recover => RECOVER_ACTIONS,
            RootTask::UnlockS3 => UNLOCK_S3_ACTIONS,
            RootTask::UnlockSqs => UNLOCK_SQS_ACTIONS,
        }
    }
}

impl FromStr for RootTask {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RootTask::ALL
            .into_iter()
            .find(|task| task.as_str() == s)
            .ok_or_else(|| {
                Error::invalid_input(
                    "task",
                    s,
                    "must be one of audit, delete, recover, unlock_s3, unlock_sqs",
                )
            })
    }
}

impl fmt::Display for RootTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_round_trip_by_name_and_serde() {
        for task in RootTask::ALL {
            assert_eq!(task.as_str().parse::<RootTask>().unwrap(), task);
            assert_eq!(
                serde_json::to_value(task).unwrap(),
                serde_json::json!(task.as_str())
            );
        }
        assert!("Audit".parse::<RootTask>().is_err());
    }

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
