//! The unlock and restore results as an operator reads them: the verdict, the counts and
//! the exact text, written out by hand for the results below.

use chrono::{TimeZone, Utc};

use super::*;
use crate::error::Error;
use crate::model::{AccountId, ResourceService};

fn id(text: &str) -> AccountId {
    text.parse().unwrap()
}

fn result(name: &str, outcome: UnlockOutcome) -> UnlockResult {
    UnlockResult {
        account_id: id("111122223333"),
        service: ResourceService::S3,
        region: "us-east-1".to_owned(),
        name: name.to_owned(),
        outcome,
        backup_path: None,
        detail: None,
        error: None,
    }
}

fn report(items: Vec<UnlockResult>) -> UnlockReport {
    UnlockReport {
        plan_id: "plan-1".to_owned(),
        organization_id: "o-example1234".to_owned(),
        dry_run: false,
        started_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap(),
        finished_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 1, 0).unwrap(),
        items,
        notes: vec![],
    }
}

#[test]
fn a_report_is_ok_only_without_a_failure_or_a_drift() {
    use UnlockOutcome::*;
    for (outcomes, ok) in [
        (vec![], true),
        (vec![Unlocked, AlreadyAbsent, WouldUnlock], true),
        (vec![Unlocked, Drift], false),
        (vec![Failed, Unlocked], false),
    ] {
        let items = outcomes.iter().map(|o| result("b", *o)).collect();
        assert_eq!(report(items).ok(), ok, "{outcomes:?}");
    }
}

#[test]
fn the_text_names_each_outcome_its_detail_and_an_error_once() {
    let s3 = Error::config("the bucket's region is not enabled");
    let mut unlocked = result("logs", UnlockOutcome::Unlocked);
    unlocked.backup_path = Some("/b/1.json".to_owned());
    let mut drift = result("data", UnlockOutcome::Drift);
    drift.service = ResourceService::Sqs;
    drift.detail = Some("the policy changed since the plan".to_owned());
    let mut failed = result("web", UnlockOutcome::Failed);
    failed.error = Some(s3.clone());
    let mut stopped = result("app", UnlockOutcome::Failed);
    stopped.detail = Some(format!("the work stopped: {s3}"));
    stopped.error = Some(s3.clone());
    let mut report = report(vec![
        unlocked,
        result("old", UnlockOutcome::AlreadyAbsent),
        drift,
        failed,
        stopped,
        result("new", UnlockOutcome::WouldUnlock),
        result("two", UnlockOutcome::Unlocked),
    ]);
    report.notes = vec!["a torn journal line was cut off".to_owned()];
    let pad = |name: &str| format!("{name:<30}");
    let expected = [
        format!(
            "  111122223333  s3   us-east-1       {}  unlocked",
            pad("logs")
        ),
        format!(
            "  111122223333  s3   us-east-1       {}  already_absent",
            pad("old")
        ),
        format!(
            "  111122223333  sqs  us-east-1       {}  drift: the policy changed since the plan",
            pad("data")
        ),
        format!(
            "  111122223333  s3   us-east-1       {}  failed: {s3}",
            pad("web")
        ),
        format!(
            "  111122223333  s3   us-east-1       {}  failed: the work stopped: {s3}",
            pad("app")
        ),
        format!(
            "  111122223333  s3   us-east-1       {}  would_unlock",
            pad("new")
        ),
        format!(
            "  111122223333  s3   us-east-1       {}  unlocked",
            pad("two")
        ),
        "  note: a torn journal line was cut off".to_owned(),
        "  2 unlocked, 1 drift, 2 failed".to_owned(),
    ]
    .join("\n");
    assert_eq!(report.to_string(), expected);
    assert_eq!(report.count(UnlockOutcome::AlreadyAbsent), 1);
    assert_eq!(report.count(UnlockOutcome::WouldUnlock), 1);

    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["items"][2]["outcome"], "drift");
    assert_eq!(json["items"][0]["backup_path"], "/b/1.json");
    assert_eq!(json["notes"][0], "a torn journal line was cut off");
}

fn restore(outcome: RestoreOutcome) -> RestoreResult {
    RestoreResult {
        account_id: id("111122223333"),
        service: ResourceService::Sqs,
        region: "eu-west-1".to_owned(),
        name: "orders".to_owned(),
        backup_path: "/b/orders.json".to_owned(),
        outcome,
        replaced: None,
        replaced_backup: None,
        detail: None,
        error: None,
    }
}

#[test]
fn a_restore_says_what_it_wrote_over() {
    let head = "111122223333 sqs eu-west-1 orders";
    let mut restored = restore(RestoreOutcome::Restored);
    assert!(restored.ok());
    assert_eq!(
        restored.to_string(),
        format!("{head}: restored; replaced no policy")
    );
    restored.replaced = Some("{}".to_owned());
    assert_eq!(
        restored.to_string(),
        format!("{head}: restored; replaced the policy the unlock left")
    );
    restored.replaced_backup = Some("/b/live.json".to_owned());
    assert_eq!(
        restored.to_string(),
        format!("{head}: restored; replaced a policy changed since, backed up in /b/live.json")
    );

    let mut unverified = restore(RestoreOutcome::WrittenUnverified);
    unverified.detail = Some("it read back as another policy".to_owned());
    assert!(!unverified.ok());
    assert_eq!(
        unverified.to_string(),
        format!("{head}: written_unverified: it read back as another policy; replaced no policy")
    );

    let error = Error::config("no region");
    let mut refused = restore(RestoreOutcome::Refused);
    refused.detail = Some("changed since the unlock".to_owned());
    refused.error = Some(error.clone());
    assert!(!refused.ok());
    assert_eq!(
        refused.to_string(),
        format!("{head}: refused: changed since the unlock: {error}")
    );
    let failed = restore(RestoreOutcome::WriteFailed);
    assert!(!failed.ok());
    assert_eq!(failed.to_string(), format!("{head}: write_failed"));
}

fn found(name: &str, locked: LockStatus) -> FoundResource {
    FoundResource {
        account_id: id("111122223333"),
        service: ResourceService::S3,
        region: "us-east-1".to_owned(),
        name: name.to_owned(),
        queue_url: None,
        locked,
        reason: format!("{name} reason"),
        locking_statements: vec![],
        policy: None,
        error: None,
    }
}

fn find_report(resources: Vec<FoundResource>, errors: Vec<Error>) -> FindReport {
    FindReport {
        organization_id: "o-example1234".to_owned(),
        management_account_id: id("999999999999"),
        services: ResourceService::ALL.to_vec(),
        regions: vec!["us-east-1".to_owned(), "eu-west-1".to_owned()],
        regions_source: "account:ListRegions".to_owned(),
        started_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap(),
        finished_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 1, 0).unwrap(),
        resources,
        accounts: vec![
            AccountSearch {
                account_id: id("111122223333"),
                name: "data".to_owned(),
                regions: vec!["us-east-1".to_owned()],
                regions_source: String::new(),
                errors: vec![],
            },
            AccountSearch {
                account_id: id("444455556666"),
                name: "web".to_owned(),
                regions: vec![],
                regions_source: String::new(),
                errors,
            },
        ],
        skipped: vec![],
    }
}

#[test]
fn a_find_report_counts_each_status_and_names_what_could_not_be_read() {
    let mut unreadable = found("q", LockStatus::Unknown);
    unreadable.error = Some(Error::config("no region"));
    let report = find_report(
        vec![
            found("a", LockStatus::Locked),
            found("b", LockStatus::Open),
            found("c", LockStatus::Locked),
        ],
        vec![],
    );
    assert!(report.ok());
    let names = |status| {
        report
            .with_status(status)
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(LockStatus::Locked), ["a", "c"]);
    assert_eq!(names(LockStatus::Open), ["b"]);
    assert!(names(LockStatus::Unknown).is_empty());
    let pad = |name: &str| format!("{name:<30}");
    assert_eq!(
        report.to_string(),
        [
            format!(
                "  111122223333  s3   us-east-1       {}  locked   a reason",
                pad("a")
            ),
            format!(
                "  111122223333  s3   us-east-1       {}  open     b reason",
                pad("b")
            ),
            format!(
                "  111122223333  s3   us-east-1       {}  locked   c reason",
                pad("c")
            ),
            "  3 resource(s): 2 locked, 0 unknown, 1 open; queues searched in us-east-1, \
             eu-west-1 (account:ListRegions)"
                .to_owned(),
        ]
        .join("\n")
    );
    let back = FindReport::from_json(&report.to_json()).unwrap();
    assert_eq!(back.to_json(), report.to_json());
    let err = FindReport::from_json("[1, 2]").unwrap_err();
    assert!(
        err.to_string().contains("is not a rootctl find report"),
        "{err}"
    );

    // A resource that could not be read, or an account's listing that failed: not ok,
    // and the failure is in the text.
    let failed = find_report(vec![unreadable], vec![]);
    assert!(!failed.ok());
    let error = Error::config("ListQueues failed");
    let mut listing = find_report(vec![], vec![error.clone()]);
    assert!(!listing.ok());
    listing.regions.clear();
    assert_eq!(
        listing.to_string(),
        format!(
            "  444455556666  failed: {error}\n  0 resource(s): 0 locked, 0 unknown, 0 open; \
             queues searched in no region (account:ListRegions)"
        )
    );
}

#[test]
fn find_options_show_whether_a_progress_callback_is_set() {
    let options = FindOptions {
        services: vec![ResourceService::Sqs],
        regions: Some(vec!["eu-west-1".to_owned()]),
        progress: Some(std::sync::Arc::new(|_| {})),
    };
    assert_eq!(
        format!("{options:?}"),
        r#"FindOptions { services: [Sqs], regions: Some(["eu-west-1"]), progress: true }"#
    );
}
