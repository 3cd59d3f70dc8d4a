//! [`TaskPolicy`]: the five AWS-managed root-task policies that scope an AssumeRoot
//! session, and [`RootTask`]: the five things rootctl opens a root session for.
//!
//! Both enums are generated from one list (`root_tasks!` below): each entry is a task's
//! short name, its task policy's AWS name, the features AssumeRoot needs for it, and the
//! calls rootctl makes in its session. A new task is one entry plus its AWS calls.

use std::fmt;
use std::str::FromStr;

use super::kind;
use super::named_enum::named_enum;
use crate::error::Error;
use crate::model::{OrgFeature, Partition};

/// ARN prefix shared by every root-task policy in the `aws` partition; other partitions
/// put their own name in the second field ([`TaskPolicy::arn_in`]).
pub const TASK_POLICY_ARN_PREFIX: &str = "arn:aws:iam::aws:policy/root-task/";

/// The path of the root-task policies inside a partition's `arn:<partition>:iam::aws:`.
const TASK_POLICY_PATH: &str = "policy/root-task/";

/// Declares [`TaskPolicy`] and [`RootTask`] from one list of tasks, in report order
/// (which is also each enum's declaration order, hence its `Ord`).
macro_rules! root_tasks {
    ($(
        $(#[doc = $task_doc:literal])*
        $task:ident = $short:literal,
        $(#[doc = $policy_doc:literal])*
        $policy:ident = $aws_name:literal,
        features: [$($feature:ident),*],
        actions: $actions:expr;
    )*) => {
        named_enum! {
            /// One of the five root-task policies that `sts:AssumeRoot` accepts (docs/aws-behaviour.md#task-policies).
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
            TaskPolicy {
                $($(#[doc = $policy_doc])* $policy = $aws_name,)*
            }
        }

        named_enum! {
            /// One of the five things a root session is opened for, named as reports and the
            /// Python API name them (`audit`, `delete`, `recover`, `unlock_s3`, `unlock_sqs`),
            /// with the task policy it uses and the calls rootctl makes in it.
            ///
            /// ```
            /// use rootctl::{RootTask, TaskPolicy};
            ///
            /// let task: RootTask = "unlock_s3".parse()?;
            /// assert_eq!(task.task_policy(), TaskPolicy::S3UnlockBucketPolicy);
            /// assert!(task.actions().contains(&"s3:PutBucketPolicy"));
            /// # Ok::<(), rootctl::Error>(())
            /// ```
            RootTask {
                $($(#[doc = $task_doc])* $task = $short,)*
            }
        }

        const TASK_COUNT: usize = [$(RootTask::$task),*].len();

        /// One entry per task, in declaration order: both enums index it.
        const TASKS: [TaskEntry; TASK_COUNT] = [$(
            TaskEntry {
                task: RootTask::$task,
                policy: TaskPolicy::$policy,
                short: $short,
                aws_name: $aws_name,
                features: &[$(OrgFeature::$feature),*],
                actions: $actions,
            },
        )*];

        impl TaskPolicy {
            /// Every policy, in AWS documentation order (which is by name).
            pub const ALL: [TaskPolicy; TASK_COUNT] = by_name([$(TaskPolicy::$policy),*]);
        }

        impl RootTask {
            /// Every task, in report order (the order of the list).
            pub const ALL: [RootTask; TASK_COUNT] = [$(RootTask::$task),*];
        }
    };
}

root_tasks! {
    /// Read the root user's credentials (`IAMAuditRootUserCredentials`).
    Audit = "audit",
    /// Read the root user's password, keys, certificates and MFA devices.
    IamAuditRootUserCredentials = "IAMAuditRootUserCredentials",
    features: [RootCredentialsManagement],
    actions: &AUDIT_ACTIONS;

    /// Delete them (`IAMDeleteRootUserCredentials`).
    Delete = "delete",
    /// Delete the root password, access keys and signing certificates; deactivate MFA.
    IamDeleteRootUserCredentials = "IAMDeleteRootUserCredentials",
    features: [RootCredentialsManagement],
    // It re-reads each list before deleting from it.
    actions: kind::REMOVAL_ACTIONS;

    /// Allow password recovery (`IAMCreateRootUserPassword`).
    Recover = "recover",
    /// Create a login profile without a password, so the root user can recover one.
    IamCreateRootUserPassword = "IAMCreateRootUserPassword",
    features: [RootCredentialsManagement],
    actions: &["iam:GetLoginProfile", "iam:CreateLoginProfile"];

    /// Unlock an S3 bucket policy (`S3UnlockBucketPolicy`).
    UnlockS3 = "unlock_s3",
    /// Read, replace or delete an S3 bucket policy that locks everyone out.
    S3UnlockBucketPolicy = "S3UnlockBucketPolicy",
    features: [RootSessions],
    // `ListBuckets` is authorized as `s3:ListAllMyBuckets`.
    actions: &[
        "s3:ListAllMyBuckets",
        "s3:GetBucketPolicy",
        "s3:PutBucketPolicy",
        "s3:DeleteBucketPolicy",
    ];

    /// Unlock an SQS queue policy (`SQSUnlockQueuePolicy`).
    UnlockSqs = "unlock_sqs",
    /// Read or replace an SQS queue policy that locks everyone out.
    SqsUnlockQueuePolicy = "SQSUnlockQueuePolicy",
    features: [RootSessions],
    actions: &["sqs:ListQueues", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes"];
}

/// A task's entry in the list: what both enums read their names and rules from.
#[derive(Clone, Copy)]
struct TaskEntry {
    task: RootTask,
    policy: TaskPolicy,
    short: &'static str,
    aws_name: &'static str,
    features: &'static [OrgFeature],
    actions: &'static [&'static str],
}

impl TaskPolicy {
    /// The policy name as AWS spells it, e.g. `IAMAuditRootUserCredentials`.
    pub const fn name(self) -> &'static str {
        TASKS[self as usize].aws_name
    }

    /// The task whose sessions use this policy.
    pub const fn task(self) -> RootTask {
        TASKS[self as usize].task
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
        TASKS[self as usize].features
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
}

impl RootTask {
    /// The snake_case name, e.g. `unlock_s3`.
    pub const fn as_str(self) -> &'static str {
        TASKS[self as usize].short
    }

    /// The task policy its sessions are opened with.
    pub const fn task_policy(self) -> TaskPolicy {
        TASKS[self as usize].policy
    }

    /// The IAM actions of the calls rootctl makes in the task's session, as policies
    /// name them (`iam:GetAccountSummary`, `s3:ListAllMyBuckets`, ...).
    pub const fn actions(self) -> &'static [&'static str] {
        TASKS[self as usize].actions
    }
}

/// The audit session's calls (`ops::audit`): the summary, then every kind's reads.
const AUDIT_ACTIONS: [&str; 1 + kind::AUDIT_ACTIONS.len()] = {
    let mut actions = ["iam:GetAccountSummary"; 1 + kind::AUDIT_ACTIONS.len()];
    let mut i = 0;
    while i < kind::AUDIT_ACTIONS.len() {
        actions[i + 1] = kind::AUDIT_ACTIONS[i];
        i += 1;
    }
    actions
};

/// `policies` sorted by name (an insertion sort: `sort` is not `const`).
const fn by_name<const N: usize>(mut policies: [TaskPolicy; N]) -> [TaskPolicy; N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && name_before(policies[j].name(), policies[j - 1].name()) {
            let earlier = policies[j - 1];
            policies[j - 1] = policies[j];
            policies[j] = earlier;
            j -= 1;
        }
        i += 1;
    }
    policies
}

/// Whether `a` sorts before `b`, byte by byte.
const fn name_before(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

/// The names of `items`, comma-separated: the list a "must be one of" rule gives.
fn one_of<T: Copy>(items: &[T], name: fn(T) -> &'static str) -> String {
    let names: Vec<&str> = items.iter().map(|&item| name(item)).collect();
    format!("must be one of {}", names.join(", "))
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
                    format!(
                        "{} (by name or full arn:<partition>:iam::aws:{TASK_POLICY_PATH} ARN)",
                        one_of(&TaskPolicy::ALL, TaskPolicy::name)
                    ),
                )
            })
    }
}

impl fmt::Display for TaskPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RootTask {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RootTask::ALL
            .into_iter()
            .find(|task| task.as_str() == s)
            .ok_or_else(|| {
                Error::invalid_input("task", s, one_of(&RootTask::ALL, RootTask::as_str))
            })
    }
}

impl fmt::Display for RootTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[path = "task_policy_tests.rs"]
mod tests;
