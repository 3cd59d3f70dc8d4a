//! [`TaskPolicy`]: the five AWS-managed root-task policies that scope an AssumeRoot session.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::{OrgFeature, Partition};

/// ARN prefix shared by every root-task policy in the `aws` partition; other partitions
/// put their own name in the second field ([`TaskPolicy::arn_in`]).
pub const TASK_POLICY_ARN_PREFIX: &str = "arn:aws:iam::aws:policy/root-task/";

/// The path of the root-task policies inside a partition's `arn:<partition>:iam::aws:`.
const TASK_POLICY_PATH: &str = "policy/root-task/";

/// One of the five root-task policies that `sts:AssumeRoot` accepts (docs/aws.md §3).
///
/// Parse from the policy name (`"IAMAuditRootUserCredentials"`) or its full ARN.
///
/// ```
/// use rootctl::{OrgFeature, TaskPolicy};
///
/// let audit: TaskPolicy = "IAMAuditRootUserCredentials".parse()?;
/// assert_eq!(audit, TaskPolicy::IamAuditRootUserCredentials);
/// assert_eq!(audit.arn(), "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials");
/// assert_eq!(audit.required_features(), &[OrgFeature::RootCredentialsManagement]);
/// assert_eq!(audit.arn().parse::<TaskPolicy>()?, audit);
/// # Ok::<(), rootctl::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TaskPolicy {
    /// Read the root user's password, keys, certificates and MFA devices.
    #[serde(rename = "IAMAuditRootUserCredentials")]
    IamAuditRootUserCredentials,
    /// Delete the root password, access keys and signing certificates; deactivate MFA.
    #[serde(rename = "IAMDeleteRootUserCredentials")]
    IamDeleteRootUserCredentials,
    /// Create a login profile without a password, so the root user can recover one.
    #[serde(rename = "IAMCreateRootUserPassword")]
    IamCreateRootUserPassword,
    /// Read, replace or delete an S3 bucket policy that locks everyone out.
    #[serde(rename = "S3UnlockBucketPolicy")]
    S3UnlockBucketPolicy,
    /// Read or replace an SQS queue policy that locks everyone out.
    #[serde(rename = "SQSUnlockQueuePolicy")]
    SqsUnlockQueuePolicy,
}

impl TaskPolicy {
    /// All five policies, in AWS documentation order.
    pub const ALL: [TaskPolicy; 5] = [
        TaskPolicy::IamAuditRootUserCredentials,
        TaskPolicy::IamCreateRootUserPassword,
        TaskPolicy::IamDeleteRootUserCredentials,
        TaskPolicy::S3UnlockBucketPolicy,
        TaskPolicy::SqsUnlockQueuePolicy,
    ];

    /// The policy name as AWS spells it, e.g. `IAMAuditRootUserCredentials`.
    pub const fn name(self) -> &'static str {
        match self {
            TaskPolicy::IamAuditRootUserCredentials => "IAMAuditRootUserCredentials",
            TaskPolicy::IamDeleteRootUserCredentials => "IAMDeleteRootUserCredentials",
            TaskPolicy::IamCreateRootUserPassword => "IAMCreateRootUserPassword",
            TaskPolicy::S3UnlockBucketPolicy => "S3UnlockBucketPolicy",
            TaskPolicy::SqsUnlockQueuePolicy => "SQSUnlockQueuePolicy",
        }
    }

    /// The managed-policy ARN in the `aws` partition; see [`TaskPolicy::arn_in`].
    pub fn arn(self) -> String {
        self.arn_in(Partition::Aws)
    }

    /// The managed-policy ARN in `partition`, sent as `TaskPolicyArn.arn` in
    /// `sts:AssumeRoot`, e.g. `arn:aws-cn:iam::aws:policy/root-task/...` in China.
    pub fn arn_in(self, partition: Partition) -> String {
        format!("arn:{partition}:iam::aws:{TASK_POLICY_PATH}{}", self.name())
    }

    /// The organization features that must be enabled before AssumeRoot accepts this policy.
    ///
    /// Password recovery (`IAMCreateRootUserPassword`) re-enables a root credential, so it
    /// belongs to root credentials management: the IAM User Guide ("Centralize root
    /// access for member accounts") describes RootCredentialsManagement as managing
    /// (deleting and allowing the recovery of) member root credentials, and
    /// RootSessions ("privileged root actions") as the S3 bucket and SQS queue policy
    /// tasks; the `EnableOrganizationsRootCredentialsManagement` API reference speaks of
    /// managing root user credentials. Public tools that do this job (aws-root-manager)
    /// likewise need RootSessions "only when working with resource policies".
    pub const fn required_features(self) -> &'static [OrgFeature] {
        match self {
            TaskPolicy::IamAuditRootUserCredentials
            | TaskPolicy::IamDeleteRootUserCredentials
            | TaskPolicy::IamCreateRootUserPassword => &[OrgFeature::RootCredentialsManagement],
            TaskPolicy::S3UnlockBucketPolicy | TaskPolicy::SqsUnlockQueuePolicy => {
                &[OrgFeature::RootSessions]
            }
        }
    }
}

impl FromStr for TaskPolicy {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // A full ARN from any partition, or the bare name.
        let name = Partition::ALL
            .into_iter()
            .find_map(|partition| {
                s.strip_prefix("arn:")?
                    .strip_prefix(partition.as_str())?
                    .strip_prefix(":iam::aws:")?
                    .strip_prefix(TASK_POLICY_PATH)
            })
            .unwrap_or(s);
        TaskPolicy::ALL
            .into_iter()
            .find(|policy| policy.name() == name)
            .ok_or_else(|| {
                Error::invalid_input(
                    "task policy",
                    s,
                    "must be one of IAMAuditRootUserCredentials, IAMCreateRootUserPassword, \
                     IAMDeleteRootUserCredentials, S3UnlockBucketPolicy, SQSUnlockQueuePolicy \
                     (by name or full arn:<partition>:iam::aws:policy/root-task/ ARN)",
                )
            })
    }
}

impl fmt::Display for TaskPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_round_trips_by_name_arn_and_serde() {
        for policy in TaskPolicy::ALL {
            assert_eq!(policy.name().parse::<TaskPolicy>().unwrap(), policy);
            assert_eq!(policy.arn().parse::<TaskPolicy>().unwrap(), policy);
            let json = serde_json::to_string(&policy).unwrap();
            assert_eq!(json, format!("\"{}\"", policy.name()));
            assert_eq!(serde_json::from_str::<TaskPolicy>(&json).unwrap(), policy);
        }
    }

    #[test]
    fn arns_name_the_partition_and_parse_from_any() {
        let policy = TaskPolicy::IamDeleteRootUserCredentials;
        assert_eq!(
            policy.arn_in(Partition::AwsCn),
            "arn:aws-cn:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"
        );
        assert_eq!(
            policy.arn_in(Partition::AwsUsGov),
            "arn:aws-us-gov:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"
        );
        assert_eq!(policy.arn(), policy.arn_in(Partition::Aws));
        for partition in Partition::ALL {
            for policy in TaskPolicy::ALL {
                assert_eq!(
                    policy.arn_in(partition).parse::<TaskPolicy>().unwrap(),
                    policy
                );
            }
        }
        assert!(
            "arn:aws-mars:iam::aws:policy/root-task/IAMAuditRootUserCredentials"
                .parse::<TaskPolicy>()
                .is_err()
        );
    }

    #[test]
    fn unknown_names_are_rejected_with_the_rule() {
        for bad in [
            "IAMAuditRootUser",
            "iamauditrootusercredentials",
            "arn:aws:iam::aws:policy/IAMAuditRootUserCredentials",
            "",
        ] {
            let err = bad.parse::<TaskPolicy>().unwrap_err();
            assert!(matches!(err, Error::InvalidInput { .. }));
            let text = err.to_string();
            assert!(text.contains(&format!("{bad:?}")), "{text}");
            assert!(text.contains("must be one of"), "{text}");
        }
    }

    #[test]
    fn feature_requirements_follow_aws_notes_table() {
        use OrgFeature::*;
        assert_eq!(
            TaskPolicy::IamDeleteRootUserCredentials.required_features(),
            &[RootCredentialsManagement]
        );
        assert_eq!(
            TaskPolicy::IamCreateRootUserPassword.required_features(),
            &[RootCredentialsManagement]
        );
        assert_eq!(
            TaskPolicy::S3UnlockBucketPolicy.required_features(),
            &[RootSessions]
        );
        assert_eq!(
            TaskPolicy::SqsUnlockQueuePolicy.required_features(),
            &[RootSessions]
        );
    }
}
