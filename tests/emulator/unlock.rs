//! Unlocking bucket and queue policies through the public API (`Rootctl::from_aws`, the
//! real S3 and SQS adapters over HTTP), on fakecloud: an organization with locked, partly
//! locked, open and conditional policies in two regions is found exactly, a dry run
//! changes nothing, surgery keeps what did not lock, drift is left alone, and every
//! backup restores the exact text. Ground truth is read with plain SDK calls.

use rootctl::{
    ApplyUnlockOptions, EnableOptions, FindOptions, LockStatus, RestoreOptions, Selection,
    UnlockMode, UnlockOutcome,
};

use crate::support::{Emulator, NewAccount};

const LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;
const PARTLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Sid":"LockOut","Effect":"Deny","Principal":{"AWS":"*"},"Action":["s3:*","sqs:*"],"Resource":"*"}]}"#;
const OPEN: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
const CONDITIONAL: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-example"}}}]}"#;

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn unlock_finds_plans_applies_and_restores_over_the_wire() {
    let emu = Emulator::start("unlock_finds_plans_applies_and_restores_over_the_wire").await;
    let org = emu.create_organization().await;
    let ids = emu
        .create_accounts(&org, &[NewAccount::new("data"), NewAccount::new("jobs")])
        .await;
    let [a, b] = ids[..] else {
        unreachable!("two accounts")
    };
    let rc = emu.rootctl().await;
    let enable = EnableOptions {
        root_sessions: true,
        ..EnableOptions::default()
    };
    assert!(rc.enable(&enable).await.expect("enable").ok());

    let buckets = [
        (
            a,
            format!("locked-{a}"),
            "us-east-1",
            LOCK,
            LockStatus::Locked,
        ),
        (
            a,
            format!("partly-{a}"),
            "eu-west-1",
            PARTLY,
            LockStatus::Locked,
        ),
        (b, format!("open-{b}"), "us-east-1", OPEN, LockStatus::Open),
        (
            b,
            format!("conditional-{b}"),
            "eu-west-1",
            CONDITIONAL,
            LockStatus::Unknown,
        ),
    ];
    for (account, name, region, policy, _) in &buckets {
        emu.create_member_bucket(*account, name, region, Some(policy))
            .await
            .expect("bucket");
    }
    let mut queues = Vec::new();
    for (account, name, region, policy, status) in [
        (b, "locked-q", "eu-west-1", LOCK, LockStatus::Locked),
        (a, "partly-q", "us-east-1", PARTLY, LockStatus::Locked),
        (
            a,
            "conditional-q",
            "us-east-1",
            CONDITIONAL,
            LockStatus::Unknown,
        ),
        (b, "open-q", "eu-west-1", OPEN, LockStatus::Open),
    ] {
        let url = emu
            .create_member_queue(account, name, region, Some(policy))
            .await
            .expect("queue");
        queues.push((account, name.to_owned(), url, region, policy, status));
    }

    let options = FindOptions {
        regions: Some(vec!["us-east-1".into(), "eu-west-1".into()]),
        ..FindOptions::default()
    };
    let found = rc
        .find_locked_resources(&Selection::all(), options)
        .await
        .expect("find");
    println!("{found}");
    assert!(found.ok(), "{found}");
    let mut got: Vec<(String, String, LockStatus)> = found
        .resources
        .iter()
        .map(|r| (r.name.clone(), r.region.clone(), r.locked))
        .collect();
    got.sort();
    let mut expected: Vec<(String, String, LockStatus)> = buckets
        .iter()
        .map(|(_, n, r, _, s)| (n.clone(), (*r).to_owned(), *s))
        .chain(
            queues
                .iter()
                .map(|(_, n, _, r, _, s)| (n.clone(), (*r).to_owned(), *s)),
        )
        .collect();
    expected.sort();
    assert_eq!(got, expected);

    let plan = rc.plan_unlock(&found, UnlockMode::Surgical).expect("plan");
    assert_eq!(plan.items.len(), 4, "{plan}");
    let dir = std::env::temp_dir().join(format!("rootctl-emulator-unlock-{}", std::process::id()));
    let dry = ApplyUnlockOptions {
        dry_run: true,
        backup_dir: Some(dir.clone()),
        ..Default::default()
    };
    let report = rc.apply_unlock(&plan, dry).await.expect("dry run");
    assert_eq!(report.count(UnlockOutcome::WouldUnlock), 4, "{report}");
    for (account, name, region, policy, _) in &buckets {
        assert_eq!(
            emu.member_bucket_policy(*account, name, region)
                .await
                .as_deref(),
            Some(*policy),
            "dry run kept {name}"
        );
    }

    // Changed behind rootctl's back between plan and apply: drift, left alone.
    let (drifted, drift_region) = (&buckets[0].1, buckets[0].2);
    let changed = LOCK.replace("DenyAll", "SomeoneElse");
    emu.put_member_bucket_policy(a, drifted, drift_region, &changed)
        .await;

    let apply = ApplyUnlockOptions {
        backup_dir: Some(dir.clone()),
        ..Default::default()
    };
    let report = rc.apply_unlock(&plan, apply).await.expect("apply");
    println!("{report}");
    let outcome = |name: &str| {
        report
            .items
            .iter()
            .find(|i| i.name == name)
            .expect("in the report")
            .clone()
    };
    assert_eq!(outcome(drifted).outcome, UnlockOutcome::Drift);
    assert_eq!(
        emu.member_bucket_policy(a, drifted, drift_region)
            .await
            .as_deref(),
        Some(changed.as_str())
    );
    for name in [buckets[1].1.as_str(), "locked-q", "partly-q"] {
        assert_eq!(
            outcome(name).outcome,
            UnlockOutcome::Unlocked,
            "{name}: {report}"
        );
    }
    // Surgery kept the TLS-only statement of the partly locked bucket and queue.
    let kept = emu
        .member_bucket_policy(a, &buckets[1].1, "eu-west-1")
        .await
        .expect("a policy");
    assert_eq!(json(&kept), json(OPEN));
    let (qa, _, qurl, qregion, ..) = &queues[1];
    let kept = emu
        .member_queue_policy(*qa, qurl, qregion)
        .await
        .expect("a policy");
    assert_eq!(json(&kept), json(OPEN));
    let (qb, _, qurl, qregion, ..) = &queues[0];
    assert_eq!(
        emu.member_queue_policy(*qb, qurl, qregion).await,
        None,
        "the locked queue"
    );
    // Untouched: what was not locked.
    assert_eq!(
        emu.member_bucket_policy(b, &buckets[3].1, "eu-west-1")
            .await
            .as_deref(),
        Some(CONDITIONAL)
    );

    // Every backup restores the exact text: the text as read when found (fakecloud
    // stores queue policies re-serialized, so that is the text the backup holds).
    let text_found = |name: &str| {
        found
            .resources
            .iter()
            .find(|r| r.name == name)
            .and_then(|r| r.policy.clone())
    };
    for item in report
        .items
        .iter()
        .filter(|i| i.outcome == UnlockOutcome::Unlocked)
    {
        let path = item.backup_path.as_deref().expect("a backup");
        let restored = rc
            .restore_unlock(std::path::Path::new(path), RestoreOptions::default())
            .await
            .expect("restore");
        assert!(restored.ok(), "{restored}");
    }
    assert_eq!(
        emu.member_bucket_policy(a, &buckets[1].1, "eu-west-1")
            .await
            .as_deref(),
        Some(PARTLY)
    );
    for (account, name, url, region, _, status) in &queues {
        if *status == LockStatus::Locked {
            assert_eq!(
                emu.member_queue_policy(*account, url, region).await,
                text_found(name),
                "{name}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}
