//! Unlocking bucket and queue policies end to end on the simulator (issue 14's "done
//! when"): found exactly, a dry run changes nothing, surgery keeps every statement that
//! did not lock, drift is left alone, every backup restores the exact text.

use rootctl::sim::SimulatedOrg;
use rootctl::{
    AccountId, ApplyUnlockOptions, ErrorKind, FindOptions, FindReport, LockStatus, ResourceService,
    RestoreOptions, Rootctl, Selection, TaskPolicy, UnlockMode, UnlockOutcome, UnlockPlan,
    UnlockReport,
};

pub(super) const LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;
const TLS: &str = r#"{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#;
const ORG_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-example"}}}]}"#;

fn partly() -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{TLS},{{"Sid":"LockOut","Effect":"Deny","Principal":{{"AWS":"*"}},"Action":["s3:*","sqs:*"],"Resource":"*"}}]}}"#
    )
}

fn open() -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{TLS}]}}"#)
}

/// The expected status of each resource, by name.
fn expected(name: &str) -> LockStatus {
    match name.split('-').next().unwrap_or("") {
        "locked" | "partly" => LockStatus::Locked,
        "conditional" => LockStatus::Unknown,
        _ => LockStatus::Open,
    }
}

pub(super) struct Fixture {
    pub(super) org: SimulatedOrg,
    pub(super) rc: Rootctl,
    pub(super) a: AccountId,
    pub(super) b: AccountId,
    pub(super) queues: Vec<(AccountId, String)>,
}

/// Two members; locked, partly locked, open, conditional and policy-less buckets and
/// queues spread over two regions.
pub(super) fn fixture() -> Fixture {
    let org = SimulatedOrg::builder().members(3).seed(14).build();
    let members = org.members();
    let (a, b) = (members[0].account.id, members[1].account.id);
    let partly = partly();
    let open = open();
    let buckets = [
        (a, "locked-a", "us-east-1", Some(LOCK)),
        (a, "partly-a", "eu-west-1", Some(partly.as_str())),
        (a, "open-a", "us-east-1", Some(open.as_str())),
        (b, "conditional-b", "eu-west-1", Some(ORG_ONLY)),
        (b, "none-b", "us-east-1", None),
        (b, "locked-b", "eu-west-1", Some(LOCK)),
    ];
    for (account, name, region, policy) in buckets {
        org.create_bucket(&account, name, region, policy)
            .expect("bucket");
    }
    let mut queues = Vec::new();
    for (account, name, region, policy) in [
        (a, "locked-q", "eu-west-1", Some(LOCK)),
        (b, "partly-q", "us-east-1", Some(partly.as_str())),
        (b, "open-q", "eu-west-1", Some(open.as_str())),
        (a, "conditional-q", "us-east-1", Some(ORG_ONLY)),
    ] {
        let url = org
            .create_queue(&account, name, region, policy)
            .expect("queue");
        queues.push((account, url));
    }
    let rc = Rootctl::simulated(org.clone());
    Fixture {
        org,
        rc,
        a,
        b,
        queues,
    }
}

pub(super) fn both_regions() -> FindOptions {
    FindOptions {
        regions: Some(vec!["us-east-1".into(), "eu-west-1".into()]),
        ..FindOptions::default()
    }
}

pub(super) async fn find(f: &Fixture) -> FindReport {
    f.rc.find_locked_resources(&Selection::all(), both_regions())
        .await
        .expect("find")
}

/// Everything `f` holds, found and planned in `mode`.
pub(super) async fn planned(f: &Fixture, mode: UnlockMode) -> UnlockPlan {
    f.rc.plan_unlock(&find(f).await, mode).expect("plan")
}

/// Buckets only, in every region they are in.
pub(super) fn buckets_only() -> FindOptions {
    FindOptions {
        services: vec![ResourceService::S3],
        ..FindOptions::default()
    }
}

/// The buckets of `member`, found by `rc`.
pub(super) async fn find_buckets(rc: &Rootctl, member: AccountId) -> FindReport {
    rc.find_locked_resources(&Selection::accounts([member]), buckets_only())
        .await
        .expect("find")
}

/// Apply options that write the backups into `dir`.
pub(super) fn backups_in(dir: &std::path::Path) -> ApplyUnlockOptions {
    ApplyUnlockOptions {
        backup_dir: Some(dir.to_path_buf()),
        ..Default::default()
    }
}

/// Applies `plan` with `rc`, its backups in `dir`: the report, whatever its items say.
pub(super) async fn apply_into(
    rc: &Rootctl,
    plan: &UnlockPlan,
    dir: &std::path::Path,
) -> UnlockReport {
    rc.apply_unlock(plan, backups_in(dir))
        .await
        .expect("apply runs")
}

/// The result of the item named `name`.
pub(super) fn result_of<'a>(report: &'a UnlockReport, name: &str) -> &'a rootctl::UnlockResult {
    report
        .items
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("{name} is in the report: {report}"))
}

pub(super) fn temp_dir(name: &str) -> std::path::PathBuf {
    super::fresh_temp_path(&format!("unlock-{name}"))
}

#[tokio::test]
async fn every_resource_is_found_and_judged_exactly_without_a_change() {
    let f = fixture();
    let report = find(&f).await;
    assert!(report.ok(), "{report}");
    let mut names: Vec<&str> = report.resources.iter().map(|r| r.name.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "conditional-b",
            "conditional-q",
            "locked-a",
            "locked-b",
            "locked-q",
            "none-b",
            "open-a",
            "open-q",
            "partly-a",
            "partly-q"
        ]
    );
    for r in &report.resources {
        assert_eq!(r.locked, expected(&r.name), "{}: {}", r.name, r.reason);
    }
    let partly = report
        .resources
        .iter()
        .find(|r| r.name == "partly-a")
        .unwrap();
    assert!(
        partly.reason.contains("\"LockOut\" (#1)"),
        "{}",
        partly.reason
    );
    let queue = report
        .resources
        .iter()
        .find(|r| r.name == "locked-q")
        .unwrap();
    assert_eq!(
        (queue.service, queue.region.as_str()),
        (ResourceService::Sqs, "eu-west-1")
    );
    assert!(f.org.mutating_calls().is_empty());
    // Only the unlock task policies were assumed.
    assert!(f.org.calls().iter().all(|c| matches!(
        c.task_policy,
        None | Some(TaskPolicy::S3UnlockBucketPolicy | TaskPolicy::SqsUnlockQueuePolicy)
    )));
}

#[tokio::test]
async fn without_regions_queues_are_searched_in_the_clients_region_and_it_says_so() {
    let f = fixture();
    let report =
        f.rc.find_locked_resources(&Selection::all(), FindOptions::default())
            .await
            .unwrap();
    assert_eq!(report.regions, ["us-east-1"]);
    assert!(report.regions_source.contains("client's region"));
    assert!(
        !report.resources.iter().any(|r| r.name == "locked-q"),
        "eu-west-1 queue"
    );
    let bad = FindOptions {
        regions: Some(vec!["../x".into()]),
        ..FindOptions::default()
    };
    let err =
        f.rc.find_locked_resources(&Selection::all(), bad)
            .await
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        f.org
            .calls()
            .iter()
            .all(|c| c.operation != "AssumeRoot" || c.task_policy.is_some())
    );
}

#[tokio::test]
async fn a_dry_run_changes_nothing_and_surgery_keeps_every_other_statement() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Surgical).await;
    let plan = UnlockPlan::from_json(&plan.to_json()).unwrap();
    let mut planned: Vec<&str> = plan.items.iter().map(|i| i.name.as_str()).collect();
    planned.sort();
    assert_eq!(
        planned,
        ["locked-a", "locked-b", "locked-q", "partly-a", "partly-q"]
    );
    assert_eq!(plan.not_planned.len(), 5);
    for item in &plan.items {
        match item.name.as_str() {
            n if n.starts_with("partly") => {
                let after: serde_json::Value =
                    serde_json::from_str(item.policy_after.as_deref().unwrap()).unwrap();
                let tls: serde_json::Value = serde_json::from_str(TLS).unwrap();
                assert_eq!(after["Statement"], serde_json::json!([tls]), "{n}");
            }
            n => assert_eq!(item.policy_after, None, "{n}: nothing remains, so delete"),
        }
    }

    let dir = temp_dir("dry");
    f.org.clear_calls();
    let dry = ApplyUnlockOptions {
        dry_run: true,
        backup_dir: Some(dir.clone()),
        ..Default::default()
    };
    let report = f.rc.apply_unlock(&plan, dry).await.unwrap();
    assert_eq!(report.count(UnlockOutcome::WouldUnlock), 5, "{report}");
    assert!(f.org.mutating_calls().is_empty());
    assert!(!dir.exists(), "a dry run writes no backup");
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a").as_deref(), Some(LOCK));

    let report = apply_into(&f.rc, &plan, &dir).await;
    assert!(report.ok(), "{report}");
    assert_eq!(report.count(UnlockOutcome::Unlocked), 5);
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a"), None);
    let kept = f.org.bucket_policy(&f.a, "partly-a").unwrap();
    assert!(
        kept.contains("TlsOnly") && !kept.contains("LockOut"),
        "{kept}"
    );
    assert_eq!(
        f.org.bucket_policy(&f.b, "conditional-b").as_deref(),
        Some(ORG_ONLY),
        "unknown is never touched"
    );
    // Found again: nothing locked remains.
    let again = find(&f).await;
    assert_eq!(again.with_status(LockStatus::Locked).count(), 0, "{again}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_policy_changed_after_the_plan_is_drift_and_untouched() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let changed = LOCK.replace("DenyAll", "DenyEveryone");
    f.org
        .put_bucket_policy(&f.a, "locked-a", Some(&changed))
        .unwrap();
    let (qa, qurl) = f
        .queues
        .iter()
        .find(|(_, u)| u.ends_with("/locked-q"))
        .unwrap();
    f.org.put_queue_policy(qa, qurl, None).unwrap();
    let dir = temp_dir("drift");
    let report = apply_into(&f.rc, &plan, &dir).await;
    let outcome = |name: &str| result_of(&report, name).clone();
    let drift = outcome("locked-a");
    assert_eq!(drift.outcome, UnlockOutcome::Drift, "{report}");
    assert!(drift.backup_path.is_none());
    assert!(drift.detail.unwrap().contains("changed since the plan"));
    assert_eq!(
        f.org.bucket_policy(&f.a, "locked-a"),
        Some(changed),
        "left alone"
    );
    assert_eq!(outcome("locked-q").outcome, UnlockOutcome::AlreadyAbsent);
    assert_eq!(outcome("locked-b").outcome, UnlockOutcome::Unlocked);
    assert!(!report.ok());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn every_backup_restores_the_exact_text() {
    let f = fixture();
    let before = find(&f).await;
    let plan = f.rc.plan_unlock(&before, UnlockMode::Surgical).unwrap();
    let dir = temp_dir("restore");
    let journal = dir.with_extension("jsonl");
    let options = ApplyUnlockOptions {
        backup_dir: Some(dir.clone()),
        journal: Some(journal.clone()),
        ..Default::default()
    };
    let report = f.rc.apply_unlock(&plan, options).await.unwrap();
    let lines = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(
        lines.lines().count(),
        10,
        "an intent and an outcome per change: {lines}"
    );
    for item in &report.items {
        let path = std::path::PathBuf::from(item.backup_path.as_deref().expect("a backup"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", path.display());
        }
        let restored =
            f.rc.restore_unlock(&path, RestoreOptions::default())
                .await
                .unwrap();
        assert!(restored.ok(), "{restored}");
        let original = before
            .resources
            .iter()
            .find(|r| r.name == item.name)
            .unwrap()
            .policy
            .clone();
        let now = match item.service {
            ResourceService::S3 => f.org.bucket_policy(&item.account_id, &item.name),
            ResourceService::Sqs => {
                let url = f
                    .queues
                    .iter()
                    .find(|(_, u)| u.ends_with(&format!("/{}", item.name)))
                    .unwrap();
                f.org.queue_policy(&item.account_id, &url.1)
            }
        };
        assert_eq!(now, original, "{} restored byte for byte", item.name);
    }
    // A backup edited by hand is refused before any call.
    let path = std::path::PathBuf::from(report.items[0].backup_path.clone().unwrap());
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Deny", "Allow");
    std::fs::write(&path, text).unwrap();
    let err =
        f.rc.restore_unlock(&path, RestoreOptions::default())
            .await
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_file(journal);
}
