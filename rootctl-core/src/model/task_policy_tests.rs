//! The root-task list: names, ARNs, messages and the pairing of tasks and policies.

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
    let err = "audits".parse::<RootTask>().unwrap_err().to_string();
    assert!(
        err.contains("must be one of audit, delete, recover, unlock_s3, unlock_sqs"),
        "{err}"
    );
}

#[test]
fn one_list_pairs_each_task_with_its_policy() {
    // AWS documentation order, which is by name; the declaration order is the tasks'.
    assert_eq!(
        TaskPolicy::ALL.map(TaskPolicy::name),
        [
            "IAMAuditRootUserCredentials",
            "IAMCreateRootUserPassword",
            "IAMDeleteRootUserCredentials",
            "S3UnlockBucketPolicy",
            "SQSUnlockQueuePolicy",
        ]
    );
    let mut declared = TaskPolicy::ALL;
    declared.sort();
    assert_eq!(declared, RootTask::ALL.map(RootTask::task_policy));
    for task in RootTask::ALL {
        assert_eq!(task.task_policy().task(), task);
    }
    let err = "IAMAudit".parse::<TaskPolicy>().unwrap_err().to_string();
    assert!(
        err.contains(
            "must be one of IAMAuditRootUserCredentials, IAMCreateRootUserPassword, \
             IAMDeleteRootUserCredentials, S3UnlockBucketPolicy, SQSUnlockQueuePolicy \
             (by name or full arn:<partition>:iam::aws:policy/root-task/ ARN)"
        ),
        "{err}"
    );
    assert_eq!(
        RootTask::Audit.actions(),
        [
            "iam:GetAccountSummary",
            "iam:GetLoginProfile",
            "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed",
            "iam:ListSigningCertificates",
            "iam:ListMFADevices",
        ]
    );
    assert_eq!(
        RootTask::Delete.actions(),
        [
            "iam:GetLoginProfile",
            "iam:DeleteLoginProfile",
            "iam:ListAccessKeys",
            "iam:DeleteAccessKey",
            "iam:ListSigningCertificates",
            "iam:DeleteSigningCertificate",
            "iam:ListMFADevices",
            "iam:DeactivateMFADevice",
        ]
    );
}

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
