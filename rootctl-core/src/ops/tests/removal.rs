//! Deletion through `apply_removal` against mocks: the order of the deletions, and what a
//! failed password removal keeps, reports, announces and journals.

use std::sync::Arc;

use mockall::Sequence;

use super::*;

#[tokio::test]
async fn deletions_run_password_keys_certificates_then_mfa() {
    let mut sts = sessions();
    sts.expect_assume_root()
        .returning(|a, p, _| Ok(session_for(a, p, 0)));
    let mut iam = MockRootIam::new();
    full_inventory(&mut iam);
    let mut order = Sequence::new();
    iam.expect_delete_login_profile()
        .times(1)
        .in_sequence(&mut order)
        .withf(|s| s.task_policy() == TaskPolicy::IamDeleteRootUserCredentials)
        .returning(|_| Ok(Deletion::Deleted));
    iam.expect_delete_access_key()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(Deletion::Deleted));
    iam.expect_delete_signing_certificate()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(Deletion::AlreadyAbsent));
    iam.expect_deactivate_mfa_device()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(Deletion::Deleted));
    let rc = client(organizations(), sts, iam);
    let plan = plan_everything(&rc).await;
    let report = apply_unverified(&rc, &plan).await;
    assert_eq!(report.summary.removed, 3, "{report}");
    assert_eq!(report.summary.already_absent, 1);
}

#[tokio::test]
async fn a_failed_password_removal_keeps_the_mfa_device() {
    let mut sts = sessions();
    sts.expect_assume_root()
        .returning(|a, p, _| Ok(session_for(a, p, 0)));
    let mut iam = MockRootIam::new();
    full_inventory(&mut iam);
    iam.expect_delete_login_profile()
        .returning(|_| Err(aws_error(ErrorKind::AccessDenied, "DeleteLoginProfile")));
    iam.expect_delete_access_key()
        .returning(|_, _| Ok(Deletion::Deleted));
    iam.expect_delete_signing_certificate()
        .returning(|_, _| Ok(Deletion::Deleted));
    iam.expect_deactivate_mfa_device().times(0);
    let rc = client(organizations(), sts, iam);
    let plan = plan_everything(&rc).await;
    let events = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let journal = std::env::temp_dir().join(format!(
        "rootctl-ops-failed-password-{}.jsonl",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&journal);
    let report = rc
        .apply_removal(
            &plan,
            ApplyOptions {
                verify: false,
                journal: Some(journal.clone()),
                progress: Some(Arc::new(move |e: &crate::ProgressEvent| {
                    seen.lock().unwrap().push((e.kind, e.detail.clone()));
                })),
                ..ApplyOptions::default()
            },
        )
        .await
        .unwrap();
    let outcomes: Vec<&str> = report.items().map(|(_, r)| r.outcome.as_str()).collect();
    assert_eq!(outcomes, ["failed", "removed", "removed", "skipped"]);
    assert!(!report.ok());
    let shown = report.to_string();
    assert!(
        shown.contains("failed: ") && shown.contains("DeleteLoginProfile"),
        "the failure with its error: {shown}"
    );
    assert!(
        shown.contains("skipped: the root password remains"),
        "the skip with its reason: {shown}"
    );
    let summary = &report.summary;
    assert_eq!(
        (
            summary.planned,
            summary.removed,
            summary.failed,
            summary.skipped
        ),
        (4, 2, 1, 1),
        "{report}"
    );
    // Progress says what was removed and what failed, with the error.
    let events = events.lock().unwrap().clone();
    let of = |kind: crate::ProgressKind| -> Vec<String> {
        events
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, d)| d.clone())
            .collect()
    };
    assert_eq!(of(crate::ProgressKind::ItemRemoved).len(), 2, "{events:?}");
    let failed = of(crate::ProgressKind::ItemFailed);
    assert_eq!(failed.len(), 1, "{events:?}");
    assert!(
        failed[0].contains("password") && failed[0].contains("DeleteLoginProfile"),
        "{failed:?}"
    );
    // The journal records why the item failed.
    let lines = std::fs::read_to_string(&journal).unwrap();
    let failure: serde_json::Value = lines
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["event"] == "failed")
        .expect("the failure is journaled");
    assert!(
        failure["error"]
            .as_str()
            .is_some_and(|e| e.contains("DeleteLoginProfile")),
        "{failure}"
    );
    std::fs::remove_file(journal).unwrap();
}
