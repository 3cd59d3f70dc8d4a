//! The least-privilege policies, checked against the table and AWS's rules.

use std::collections::BTreeSet;

use super::*;

/// Every action the policy allows, on any resource.
fn actions(policy: &Value) -> BTreeSet<String> {
    statements(policy)
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap())
        .map(|a| a.as_str().unwrap().to_owned())
        .collect()
}

/// The task policies `sts:AssumeRoot` is allowed with.
fn task_policies(policy: &Value) -> BTreeSet<TaskPolicy> {
    statements(policy)
        .iter()
        .filter(|s| {
            s["Action"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "sts:AssumeRoot")
        })
        .flat_map(|s| {
            s["Condition"]["StringEquals"]["sts:TaskPolicyArn"]
                .as_array()
                .expect("AssumeRoot is always conditioned on the task policy")
        })
        .map(|arn| arn.as_str().unwrap().parse().unwrap())
        .collect()
}

fn statements(policy: &Value) -> &Vec<Value> {
    policy["Statement"].as_array().unwrap()
}

#[test]
fn each_intent_may_assume_root_with_exactly_its_task_policies() {
    use TaskPolicy::*;
    let expected: [(Intent, &[TaskPolicy]); 6] = [
        (Intent::Audit, &[IamAuditRootUserCredentials]),
        (
            Intent::Remove,
            &[IamAuditRootUserCredentials, IamDeleteRootUserCredentials],
        ),
        (
            Intent::Recover,
            &[IamAuditRootUserCredentials, IamCreateRootUserPassword],
        ),
        (Intent::Enable, &[]),
        (Intent::Disable, &[]),
        (
            Intent::Unlock,
            &[S3UnlockBucketPolicy, SqsUnlockQueuePolicy],
        ),
    ];
    for (intent, policies) in expected {
        let policy = least_privilege_policy(intent);
        assert_eq!(
            task_policies(&policy),
            policies.iter().copied().collect(),
            "{intent}"
        );
        assert_eq!(
            actions(&policy).contains("sts:AssumeRoot"),
            !policies.is_empty(),
            "{intent}"
        );
    }
}

#[test]
fn assume_root_is_limited_to_member_roots_and_nothing_else_is() {
    for policy in least_privilege_policies().values() {
        for statement in statements(policy) {
            let assumes_root = statement["Action"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "sts:AssumeRoot");
            let resource = statement["Resource"].as_str().unwrap();
            assert_eq!(
                resource == member_root_resource(Partition::Aws),
                assumes_root,
                "{statement}"
            );
            assert_eq!(
                statement["Condition"].is_object(),
                assumes_root,
                "{statement}"
            );
            assert_eq!(statement["Effect"], "Allow");
        }
    }
}

#[test]
fn only_enable_turns_things_on_and_only_disable_turns_them_off() {
    for (intent, policy) in least_privilege_policies() {
        let actions = actions(&policy);
        let enables = actions
            .iter()
            .any(|a| a.contains(":Enable") || a.contains(":Register"));
        let disables = actions
            .iter()
            .any(|a| a.contains(":Disable") || a.contains(":Deregister"));
        assert_eq!(enables, intent == Intent::Enable, "{intent}: {actions:?}");
        assert_eq!(disables, intent == Intent::Disable, "{intent}: {actions:?}");
    }
    let enable = actions(&least_privilege_policy(Intent::Enable));
    for action in [
        "organizations:EnableAWSServiceAccess",
        "organizations:RegisterDelegatedAdministrator",
        "iam:EnableOrganizationsRootCredentialsManagement",
        "iam:EnableOrganizationsRootSessions",
    ] {
        assert!(enable.contains(action), "{action}");
    }
}

#[test]
fn every_intent_can_read_the_organization_state() {
    for (intent, policy) in least_privilege_policies() {
        let actions = actions(&policy);
        for action in [
            "organizations:DescribeOrganization",
            "organizations:ListAWSServiceAccessForOrganization",
            "iam:ListOrganizationsFeatures",
            "sts:GetCallerIdentity",
        ] {
            assert!(actions.contains(action), "{intent} lacks {action}");
        }
        assert_eq!(
            actions.contains("organizations:ListRoots"),
            SELECTING.contains(&intent),
            "{intent}"
        );
    }
}

#[test]
fn every_arn_names_the_partition_of_the_region() {
    for (region, partition) in [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")] {
        let policies = least_privilege_policies_in(Partition::from_region(region));
        let text = serde_json::to_string(&policies).unwrap();
        assert!(!text.contains("arn:aws:"), "{region}: {text}");
        let remove = &policies[&Intent::Remove];
        let assume = statements(remove)
            .iter()
            .find(|s| s["Resource"] != "*")
            .unwrap();
        assert_eq!(assume["Resource"], format!("arn:{partition}:iam::*:root"));
        assert_eq!(
            assume["Condition"]["StringEquals"]["sts:TaskPolicyArn"][1],
            format!("arn:{partition}:iam::aws:policy/root-task/IAMDeleteRootUserCredentials")
        );
        // The task policies still parse back, whatever the partition.
        assert_eq!(
            task_policies(remove),
            task_policies(&least_privilege_policy(Intent::Remove))
        );
    }
}

#[test]
fn documents_are_well_formed() {
    for (intent, policy) in least_privilege_policies() {
        assert_eq!(policy["Version"], "2012-10-17");
        let sids: Vec<&str> = statements(&policy)
            .iter()
            .map(|s| s["Sid"].as_str().unwrap())
            .collect();
        let unique: BTreeSet<&str> = sids.iter().copied().collect();
        assert_eq!(
            unique.len(),
            sids.len(),
            "{intent}: duplicate Sid in {sids:?}"
        );
        assert!(
            sids.iter()
                .all(|sid| sid.chars().all(|c| c.is_ascii_alphanumeric())),
            "{sids:?}"
        );
    }
    // Every row of the table is reachable from some intent: no dead permissions.
    for permission in PERMISSIONS {
        assert!(!permission.intents.is_empty(), "{}", permission.action);
    }
    let json = serde_json::to_string(&least_privilege_policies()).unwrap();
    assert!(json.starts_with("{\"audit\":"), "{json}");
}
