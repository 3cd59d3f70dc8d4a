//! The least-privilege IAM policy for each thing a caller wants rootctl to do.
//!
//! Every policy is generated from one table, `PERMISSIONS`: one row per action, the
//! intents that need it, and where it applies. Adding an operation means adding rows, and
//! the tests below check the properties that matter (an audit policy can never delete, an
//! enable policy can never assume root, ...).
//!
//! Only the caller's own calls are listed. Calls made *inside* a root session
//! (`iam:GetLoginProfile`, `iam:DeleteAccessKey`, ...) are authorized as the member's root
//! user, by the task policy and the member's SCPs, never by the caller's policy
//! (docs/aws-behaviour.md#permissions); what the caller needs for them is `sts:AssumeRoot` with the right
//! task policy.
//!
//! ```
//! use rootctl::least_privilege::{least_privilege_policy, Intent};
//!
//! let policy = least_privilege_policy(Intent::Audit);
//! let text = policy.to_string();
//! assert!(text.contains("IAMAuditRootUserCredentials"));
//! assert!(!text.contains("IAMDeleteRootUserCredentials"));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::model::{Partition, TaskPolicy};

/// What the caller wants to do with rootctl; each intent has its own policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Check prerequisites and audit member root credentials (read only).
    Audit,
    /// Audit, then delete member root credentials.
    Remove,
    /// Allow members' root users to recover their password.
    Recover,
    /// Turn centralized root access on (management account only).
    Enable,
    /// Turn centralized root access off.
    Disable,
    /// Find and unlock S3 bucket and SQS queue policies that deny everyone.
    Unlock,
}

impl Intent {
    /// Every intent, from least to most far-reaching setup.
    pub const ALL: [Intent; 6] = [
        Intent::Audit,
        Intent::Remove,
        Intent::Recover,
        Intent::Enable,
        Intent::Disable,
        Intent::Unlock,
    ];

    /// The snake_case name, e.g. `audit`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Intent::Audit => "audit",
            Intent::Remove => "remove",
            Intent::Recover => "recover",
            Intent::Enable => "enable",
            Intent::Disable => "disable",
            Intent::Unlock => "unlock",
        }
    }
}

impl fmt::Display for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a permission applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// `"Resource": "*"`: the organizations and feature APIs have no narrower resource.
    Any,
    /// The root user of any member account, only with this task policy
    /// (`sts:TaskPolicyArn`); rows of the same action merge into one condition list.
    MemberRoot(TaskPolicy),
}

/// One row of the table: `action` is allowed, within `scope`, to callers with one of
/// `intents`. Rows sharing a `sid` become one statement.
struct Permission {
    sid: &'static str,
    action: &'static str,
    intents: &'static [Intent],
    scope: Scope,
}

const EVERY: &[Intent] = &Intent::ALL;
/// The intents that work with root credentials inside member accounts.
const IN_MEMBERS: &[Intent] = &[Intent::Audit, Intent::Remove, Intent::Recover];
/// The intents that select accounts by OU and tag: those, and unlocking.
const SELECTING: &[Intent] = &[
    Intent::Audit,
    Intent::Remove,
    Intent::Recover,
    Intent::Unlock,
];

const fn row(
    sid: &'static str,
    action: &'static str,
    intents: &'static [Intent],
    scope: Scope,
) -> Permission {
    Permission {
        sid,
        action,
        intents,
        scope,
    }
}

/// The table every policy is generated from.
#[rustfmt::skip]
const PERMISSIONS: &[Permission] = &[
    // Reading the organization's state: the prerequisite check and every plan.
    row("ReadOrganizationState", "organizations:DescribeOrganization", EVERY, Scope::Any),
    row("ReadOrganizationState", "organizations:ListAccounts", EVERY, Scope::Any),
    row("ReadOrganizationState", "organizations:ListAWSServiceAccessForOrganization", EVERY, Scope::Any),
    row("ReadOrganizationState", "organizations:ListDelegatedAdministrators", EVERY, Scope::Any),
    row("ReadOrganizationState", "iam:ListOrganizationsFeatures", EVERY, Scope::Any),
    row("ReadOrganizationState", "sts:GetCallerIdentity", EVERY, Scope::Any),
    // Selecting accounts by OU and tag.
    row("ReadOrganizationTree", "organizations:ListRoots", SELECTING, Scope::Any),
    row("ReadOrganizationTree", "organizations:ListOrganizationalUnitsForParent", SELECTING, Scope::Any),
    row("ReadOrganizationTree", "organizations:ListAccountsForParent", SELECTING, Scope::Any),
    row("ReadOrganizationTree", "organizations:ListTagsForResource", SELECTING, Scope::Any),
    // The SCP pre-flight (`check_scps`): the policies attached along each path (the path
    // itself comes from the tree read above) and their documents.
    row("ReadControlPolicies", "organizations:ListPoliciesForTarget", SELECTING, Scope::Any),
    row("ReadControlPolicies", "organizations:DescribePolicy", SELECTING, Scope::Any),
    // Root sessions: the audit session serves every intent that works in members (the
    // prerequisite probe, the audit before a removal, the check before a recovery).
    row("AssumeRootForTasks", "sts:AssumeRoot", IN_MEMBERS, Scope::MemberRoot(TaskPolicy::IamAuditRootUserCredentials)),
    row("AssumeRootForTasks", "sts:AssumeRoot", &[Intent::Remove], Scope::MemberRoot(TaskPolicy::IamDeleteRootUserCredentials)),
    row("AssumeRootForTasks", "sts:AssumeRoot", &[Intent::Recover], Scope::MemberRoot(TaskPolicy::IamCreateRootUserPassword)),
    // Unlocking bucket and queue policies: the two unlock task policies only (the S3 and
    // SQS calls themselves are the member root's, allowed by the task policy).
    row("AssumeRootForTasks", "sts:AssumeRoot", &[Intent::Unlock], Scope::MemberRoot(TaskPolicy::S3UnlockBucketPolicy)),
    row("AssumeRootForTasks", "sts:AssumeRoot", &[Intent::Unlock], Scope::MemberRoot(TaskPolicy::SqsUnlockQueuePolicy)),
    // Where a member's queues can be: its enabled regions (AWS Account Management, the
    // caller's own call; a root session cannot list regions).
    row("ListMemberRegions", "account:ListRegions", &[Intent::Unlock], Scope::Any),
    // Turning the feature on, in AWS order (docs/aws-behaviour.md#org-features).
    row("EnableCentralizedRootAccess", "organizations:EnableAWSServiceAccess", &[Intent::Enable], Scope::Any),
    row("EnableCentralizedRootAccess", "iam:EnableOrganizationsRootCredentialsManagement", &[Intent::Enable], Scope::Any),
    row("EnableCentralizedRootAccess", "iam:EnableOrganizationsRootSessions", &[Intent::Enable], Scope::Any),
    row("EnableCentralizedRootAccess", "organizations:RegisterDelegatedAdministrator", &[Intent::Enable], Scope::Any),
    // And off, in reverse.
    row("DisableCentralizedRootAccess", "iam:DisableOrganizationsRootSessions", &[Intent::Disable], Scope::Any),
    row("DisableCentralizedRootAccess", "iam:DisableOrganizationsRootCredentialsManagement", &[Intent::Disable], Scope::Any),
    row("DisableCentralizedRootAccess", "organizations:DeregisterDelegatedAdministrator", &[Intent::Disable], Scope::Any),
    row("DisableCentralizedRootAccess", "organizations:DisableAWSServiceAccess", &[Intent::Disable], Scope::Any),
];

/// The resource of every `sts:AssumeRoot` grant: the root user of any account in
/// `partition`. The task policy condition, not the resource, is what limits the session.
pub fn member_root_resource(partition: Partition) -> String {
    format!("arn:{partition}:iam::*:root")
}

/// [`least_privilege_policy_in`] for the `aws` (commercial) partition.
pub fn least_privilege_policy(intent: Intent) -> Value {
    least_privilege_policy_in(intent, Partition::Aws)
}

/// The IAM policy document (`{"Version": "2012-10-17", "Statement": [...]}`) granting
/// exactly what rootctl needs for `intent` in `partition`, with one named statement
/// (`Sid`) per purpose.
///
/// `sts:AssumeRoot` is limited by a `StringEquals` condition on `sts:TaskPolicyArn` to the
/// task policies the intent uses; attach the document to the role or user that runs
/// rootctl in the management (or IAM delegated administrator) account. The partition
/// (from the region: [`Partition::from_region`]) is the second field of every ARN in it;
/// a policy naming `arn:aws:` grants nothing in China or GovCloud.
pub fn least_privilege_policy_in(intent: Intent, partition: Partition) -> Value {
    // Statements keep the order of their first row in the table; so do actions.
    let mut statements: Vec<(&str, Vec<&str>, Vec<String>)> = Vec::new();
    for permission in PERMISSIONS.iter().filter(|p| p.intents.contains(&intent)) {
        let index = match statements
            .iter()
            .position(|(sid, ..)| *sid == permission.sid)
        {
            Some(index) => index,
            None => {
                statements.push((permission.sid, Vec::new(), Vec::new()));
                statements.len() - 1
            }
        };
        let (_, actions, task_policies) = &mut statements[index];
        if !actions.contains(&permission.action) {
            actions.push(permission.action);
        }
        if let Scope::MemberRoot(task_policy) = permission.scope {
            task_policies.push(task_policy.arn_in(partition));
        }
    }
    let statements: Vec<Value> = statements
        .into_iter()
        .map(|(sid, actions, task_policies)| {
            if task_policies.is_empty() {
                json!({"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": "*"})
            } else {
                json!({
                    "Sid": sid,
                    "Effect": "Allow",
                    "Action": actions,
                    "Resource": member_root_resource(partition),
                    "Condition": {"StringEquals": {"sts:TaskPolicyArn": task_policies}},
                })
            }
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// [`least_privilege_policy`] for every [`Intent`], by intent.
pub fn least_privilege_policies() -> BTreeMap<Intent, Value> {
    least_privilege_policies_in(Partition::Aws)
}

/// [`least_privilege_policy_in`] for every [`Intent`] in `partition`, by intent.
pub fn least_privilege_policies_in(partition: Partition) -> BTreeMap<Intent, Value> {
    Intent::ALL
        .into_iter()
        .map(|intent| (intent, least_privilege_policy_in(intent, partition)))
        .collect()
}

#[cfg(test)]
mod tests;
