//! Lock analysis in every partition: a policy names its resource by the ARN of the
//! resource's own partition (`arn:aws-cn:` in China, `arn:aws-us-gov:` in GovCloud).

use rootctl::sim::SimulatedOrg;
use rootctl::{
    ApplyUnlockOptions, ErrorKind, FindOptions, LockStatus, Rootctl, Selection, UnlockMode,
    UnlockOutcome,
};

use super::unlock::{apply_into, temp_dir};

fn deny_all_on(arn: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":["{arn}","{arn}/*"]}}]}}"#
    )
}

#[tokio::test]
async fn a_deny_all_naming_its_own_partitions_arn_is_locked() {
    for (region, partition) in [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")] {
        let org = SimulatedOrg::builder().members(2).seed(22).build();
        let member = org.members()[0].account.id;
        let bucket_arn = format!("arn:{partition}:s3:::own-partition");
        org.create_bucket(
            &member,
            "own-partition",
            region,
            Some(&deny_all_on(&bucket_arn)),
        )
        .unwrap();
        // The commercial ARN names no resource of this partition: it locks nothing here.
        org.create_bucket(
            &member,
            "commercial-arn",
            region,
            Some(&deny_all_on("arn:aws:s3:::commercial-arn")),
        )
        .unwrap();
        let queue_arn = format!("arn:{partition}:sqs:{region}:{member}:own-queue");
        org.create_queue(&member, "own-queue", region, Some(&deny_all_on(&queue_arn)))
            .unwrap();
        let rc = Rootctl::simulated(org.clone()).with_region(region);
        let found = rc
            .find_locked_resources(&Selection::all(), FindOptions::default())
            .await
            .unwrap();
        let status = |name: &str| {
            found
                .resources
                .iter()
                .find(|r| r.name == name)
                .map(|r| (r.locked, r.reason.clone()))
                .unwrap()
        };
        assert_eq!(
            status("own-partition").0,
            LockStatus::Locked,
            "{region}: {found}"
        );
        assert_eq!(
            status("own-queue").0,
            LockStatus::Locked,
            "{region}: {found}"
        );
        assert_eq!(
            status("commercial-arn").0,
            LockStatus::Open,
            "{region}: {found}"
        );

        // Planned, validated and applied in that partition.
        let plan = rc.plan_unlock(&found, UnlockMode::Surgical).unwrap();
        let plan = rootctl::UnlockPlan::from_json(&plan.to_json()).unwrap();
        assert_eq!(plan.items.len(), 2, "{plan}");
        let dir = temp_dir(&format!("partition-{partition}"));
        // A client of another partition cannot reach these resources: refused up front.
        let commercial = Rootctl::simulated(org.clone());
        let err = commercial
            .apply_unlock(&plan, ApplyUnlockOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
        assert!(err.to_string().contains(partition), "{err}");
        let report = apply_into(&rc, &plan, &dir).await;
        assert_eq!(report.count(UnlockOutcome::Unlocked), 2, "{report}");
        assert_eq!(org.bucket_policy(&member, "own-partition"), None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
