//! What each root-task policy lets a root session do in IAM (docs/aws-behaviour.md#task-policies).

use crate::error::Service;
use crate::model::TaskPolicy;

/// The S3 operations the `S3UnlockBucketPolicy` task policy allows, with the IAM action
/// each needs (`ListBuckets` is authorized as `s3:ListAllMyBuckets`). Nothing else:
/// not `GetBucketLocation`, not `ListBucket` (docs/aws-behaviour.md#task-policies).
const S3_UNLOCK: &[(&str, &str)] = &[
    ("ListBuckets", "s3:ListAllMyBuckets"),
    ("GetBucketPolicy", "s3:GetBucketPolicy"),
    ("PutBucketPolicy", "s3:PutBucketPolicy"),
    ("DeleteBucketPolicy", "s3:DeleteBucketPolicy"),
];

/// The SQS operations the `SQSUnlockQueuePolicy` task policy allows (not
/// `RemovePermission`: a policy is removed by setting it empty).
const SQS_UNLOCK: &[&str] = &[
    "ListQueues",
    "GetQueueUrl",
    "GetQueueAttributes",
    "SetQueueAttributes",
];

/// The IAM action that authorizes `service`'s `operation`, as an error message names it.
pub(crate) fn action(service: Service, operation: &str) -> String {
    S3_UNLOCK
        .iter()
        .find(|(op, _)| service == Service::S3 && *op == operation)
        .map_or_else(
            || format!("{service}:{operation}"),
            |(_, a)| (*a).to_owned(),
        )
}

/// Whether a root session under `policy` may call `service`'s `operation`: the IAM table
/// below for IAM, and for S3 and SQS only their own unlock policy, only its actions.
pub(crate) fn allows_in(policy: TaskPolicy, service: Service, operation: &str) -> bool {
    match service {
        Service::Iam => allows(policy, operation),
        Service::S3 => {
            policy == TaskPolicy::S3UnlockBucketPolicy
                && S3_UNLOCK.iter().any(|(op, _)| *op == operation)
        }
        Service::Sqs => {
            policy == TaskPolicy::SqsUnlockQueuePolicy && SQS_UNLOCK.contains(&operation)
        }
        Service::Organizations | Service::Sts | Service::Account => false,
    }
}

/// The IAM reads both credential policies allow (`IAMAuditRootUserCredentials` adds
/// `GetAccountSummary`). Written out from AWS's managed policies
/// (docs/aws-behaviour.md#task-policies), not from rootctl's kinds table: the simulator
/// stands for AWS, so a call rootctl's table gains is refused here until AWS allows it.
const CREDENTIAL_READS: &[&str] = &[
    "GetUser",
    "GetLoginProfile",
    "ListAccessKeys",
    "GetAccessKeyLastUsed",
    "ListMFADevices",
    "ListSigningCertificates",
];

/// The removals `IAMDeleteRootUserCredentials` allows on the root user (same source).
const CREDENTIAL_REMOVALS: &[&str] = &[
    "DeleteLoginProfile",
    "DeleteAccessKey",
    "DeleteSigningCertificate",
    "DeactivateMFADevice",
];

fn reads_credentials(operation: &str) -> bool {
    CREDENTIAL_READS.contains(&operation)
}

fn removes_credentials(operation: &str) -> bool {
    CREDENTIAL_REMOVALS.contains(&operation)
}

/// Whether a root session under `policy` may call the IAM action `operation`.
///
/// The table is docs/aws-behaviour.md#task-policies. Two details matter to callers: `GetAccountSummary` is in
/// the audit policy only (a delete session cannot use it to verify), and the S3 and SQS
/// policies allow no IAM action at all.
pub(crate) fn allows(policy: TaskPolicy, operation: &str) -> bool {
    match policy {
        TaskPolicy::IamAuditRootUserCredentials => {
            operation == "GetAccountSummary" || reads_credentials(operation)
        }
        TaskPolicy::IamDeleteRootUserCredentials => {
            reads_credentials(operation) || removes_credentials(operation)
        }
        TaskPolicy::IamCreateRootUserPassword => {
            matches!(operation, "CreateLoginProfile" | "GetLoginProfile")
        }
        TaskPolicy::S3UnlockBucketPolicy | TaskPolicy::SqsUnlockQueuePolicy => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every IAM action the `RootIam` trait can make.
    const ALL: &[&str] = &[
        "GetAccountSummary",
        "GetUser",
        "GetLoginProfile",
        "DeleteLoginProfile",
        "CreateLoginProfile",
        "ListAccessKeys",
        "GetAccessKeyLastUsed",
        "DeleteAccessKey",
        "ListSigningCertificates",
        "DeleteSigningCertificate",
        "ListMFADevices",
        "DeactivateMFADevice",
    ];

    fn allowed(policy: TaskPolicy) -> Vec<&'static str> {
        ALL.iter()
            .copied()
            .filter(|op| allows(policy, op))
            .collect()
    }

    #[test]
    fn table_matches_aws_notes() {
        assert_eq!(
            allowed(TaskPolicy::IamAuditRootUserCredentials),
            [
                "GetAccountSummary",
                "GetUser",
                "GetLoginProfile",
                "ListAccessKeys",
                "GetAccessKeyLastUsed",
                "ListSigningCertificates",
                "ListMFADevices"
            ]
        );
        assert_eq!(
            allowed(TaskPolicy::IamDeleteRootUserCredentials),
            [
                "GetUser",
                "GetLoginProfile",
                "DeleteLoginProfile",
                "ListAccessKeys",
                "GetAccessKeyLastUsed",
                "DeleteAccessKey",
                "ListSigningCertificates",
                "DeleteSigningCertificate",
                "ListMFADevices",
                "DeactivateMFADevice"
            ]
        );
        assert_eq!(
            allowed(TaskPolicy::IamCreateRootUserPassword),
            ["GetLoginProfile", "CreateLoginProfile"]
        );
        assert!(allowed(TaskPolicy::S3UnlockBucketPolicy).is_empty());
        assert!(allowed(TaskPolicy::SqsUnlockQueuePolicy).is_empty());
        // S3 and SQS: each unlock policy its own actions only; no IAM policy any of them.
        let s3 = [
            "ListBuckets",
            "GetBucketPolicy",
            "PutBucketPolicy",
            "DeleteBucketPolicy",
        ];
        let sqs = [
            "ListQueues",
            "GetQueueUrl",
            "GetQueueAttributes",
            "SetQueueAttributes",
        ];
        for policy in TaskPolicy::ALL {
            for op in s3 {
                let expected = policy == TaskPolicy::S3UnlockBucketPolicy;
                assert_eq!(
                    allows_in(policy, Service::S3, op),
                    expected,
                    "{policy} {op}"
                );
            }
            for op in sqs {
                let expected = policy == TaskPolicy::SqsUnlockQueuePolicy;
                assert_eq!(
                    allows_in(policy, Service::Sqs, op),
                    expected,
                    "{policy} {op}"
                );
            }
            for denied in ["GetBucketLocation", "ListObjects", "ListBucket"] {
                assert!(!allows_in(policy, Service::S3, denied), "{policy} {denied}");
            }
            for denied in ["RemovePermission", "DeleteQueue", "SendMessage"] {
                assert!(
                    !allows_in(policy, Service::Sqs, denied),
                    "{policy} {denied}"
                );
            }
        }
        assert_eq!(action(Service::S3, "ListBuckets"), "s3:ListAllMyBuckets");
        assert_eq!(action(Service::Sqs, "ListQueues"), "sqs:ListQueues");
        // Removed from the delete policy on 2025-01-07, and never in the trait; and the
        // IAM calls no root session may make (docs/aws-behaviour.md#task-policies).
        let never = [
            "DeleteVirtualMFADevice",
            "ListVirtualMFADevices",
            "CreateAccessKey",
            "UploadSigningCertificate",
            "EnableMFADevice",
            "UpdateLoginProfile",
            "ListUsers",
        ];
        for policy in TaskPolicy::ALL {
            for denied in never {
                assert!(!allows(policy, denied), "{policy} {denied}");
            }
        }
    }
}
