//! What each root-task policy lets a root session do in IAM (AWS-NOTES §3).

use crate::model::TaskPolicy;

/// The audit reads every IAM credential policy shares (GetAccountSummary aside).
const AUDIT_READS: &[&str] = &[
    "GetUser",
    "GetLoginProfile",
    "ListAccessKeys",
    "GetAccessKeyLastUsed",
    "ListMFADevices",
    "ListSigningCertificates",
];

const DELETES: &[&str] = &[
    "DeleteLoginProfile",
    "DeleteAccessKey",
    "DeleteSigningCertificate",
    "DeactivateMFADevice",
];

/// Whether a root session under `policy` may call the IAM action `operation`.
///
/// The table is AWS-NOTES §3. Two details matter to callers: `GetAccountSummary` is in
/// the audit policy only (a delete session cannot use it to verify), and the S3 and SQS
/// policies allow no IAM action at all.
pub(crate) fn allows(policy: TaskPolicy, operation: &str) -> bool {
    match policy {
        TaskPolicy::IamAuditRootUserCredentials => {
            operation == "GetAccountSummary" || AUDIT_READS.contains(&operation)
        }
        TaskPolicy::IamDeleteRootUserCredentials => {
            AUDIT_READS.contains(&operation) || DELETES.contains(&operation)
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
        // Removed from the delete policy on 2025-01-07, and never in the trait.
        assert!(!allows(
            TaskPolicy::IamDeleteRootUserCredentials,
            "DeleteVirtualMFADevice"
        ));
    }
}
