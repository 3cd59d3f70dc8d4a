//! Restores are a compare-and-swap (issue 22 S1): a backup goes back only over what the
//! unlock left; a policy written since is refused with both texts and nothing written,
//! or with `force` backed up to a file of its own first. The result tells a refusal, a
//! failed write, a write that did not read back, and a restore apart.

use std::path::{Path, PathBuf};

use rootctl::{
    Error, ErrorContext, ErrorKind, PolicyBackup, RestoreOptions, RestoreOutcome, Service,
    UnlockMode, UnlockReport,
};

use super::hooked_s3::{HookedS3, S3Call};
use super::unlock::{Fixture, LOCK, apply_into, fixture, planned, temp_dir};

const NEWER: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TeamWroteThis","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*"}]}"#;

async fn unlocked(f: &Fixture, dir: &Path) -> UnlockReport {
    let plan = planned(f, UnlockMode::Surgical).await;
    let report = apply_into(&f.rc, &plan, dir).await;
    assert!(report.ok(), "{report}");
    report
}

/// A client whose S3 answers every PutBucketPolicy with an error of `kind` (`code`).
fn refusing_put(f: &Fixture, kind: ErrorKind, code: &'static str) -> rootctl::Rootctl {
    HookedS3::new(&f.org)
        .before(move |call| {
            matches!(call, S3Call::Put(_)).then(|| {
                let context = ErrorContext::new(Service::S3, "PutBucketPolicy").code(code);
                Error::from_kind(kind, context, None)
            })
        })
        .rootctl()
}

fn backup_of(report: &UnlockReport, name: &str) -> PathBuf {
    let item = report.items.iter().find(|i| i.name == name).unwrap();
    PathBuf::from(item.backup_path.as_deref().unwrap())
}

#[tokio::test]
async fn a_restore_over_a_policy_changed_since_the_unlock_is_refused() {
    let f = fixture();
    let dir = temp_dir("restore-refused");
    let report = unlocked(&f, &dir).await;
    // The team writes new policies after the unlock: on a bucket the unlock deleted the
    // policy of, and on one it left the surgical policy on.
    for name in ["locked-a", "partly-a"] {
        f.org.put_bucket_policy(&f.a, name, Some(NEWER)).unwrap();
    }
    let surgical = PolicyBackup::read(&backup_of(&report, "partly-a"))
        .unwrap()
        .policy_after;
    assert!(surgical.is_some());
    for (name, expected) in [("locked-a", None), ("partly-a", surgical)] {
        f.org.clear_calls();
        let result =
            f.rc.restore_unlock(&backup_of(&report, name), RestoreOptions::default())
                .await
                .unwrap();
        assert_eq!(result.outcome, RestoreOutcome::Refused, "{result}");
        assert!(!result.ok());
        assert!(result.to_string().contains(": refused"), "{result}");
        assert!(!result.to_string().contains("; replaced"), "{result}");
        assert!(
            result.detail.as_deref().unwrap().contains("force"),
            "{result}"
        );
        let Some(Error::PolicyChanged { change }) = &result.error else {
            panic!("a PolicyChanged error: {result}");
        };
        assert_eq!(change.live.as_deref(), Some(NEWER), "{name}");
        assert_eq!(change.expected, expected, "{name}");
        assert_eq!(change.name, name);
        assert_eq!(
            result.error.as_ref().unwrap().kind(),
            ErrorKind::PolicyChanged
        );
        assert_eq!(
            f.org.bucket_policy(&f.a, name).as_deref(),
            Some(NEWER),
            "kept"
        );
        assert!(f.org.mutating_calls().is_empty(), "{name}: nothing written");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn force_backs_up_the_live_policy_then_replaces_it() {
    let f = fixture();
    let dir = temp_dir("restore-force");
    let report = unlocked(&f, &dir).await;
    f.org
        .put_bucket_policy(&f.a, "locked-a", Some(NEWER))
        .unwrap();
    let backup = backup_of(&report, "locked-a");
    let force = RestoreOptions {
        force: true,
        ..Default::default()
    };
    let result = f.rc.restore_unlock(&backup, force).await.unwrap();
    assert_eq!(result.outcome, RestoreOutcome::Restored, "{result}");
    assert_eq!(result.replaced.as_deref(), Some(NEWER));
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a").as_deref(), Some(LOCK));
    let saved = PathBuf::from(result.replaced_backup.as_deref().expect("named"));
    assert_eq!(
        saved.parent(),
        backup.parent(),
        "beside the backup by default"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let kept = PolicyBackup::read(&saved).unwrap();
    assert_eq!(kept.policy, NEWER);
    assert_eq!(
        kept.policy_after.as_deref(),
        Some(LOCK),
        "what the restore left"
    );
    assert!(result.to_string().contains(&saved.display().to_string()));
    // That backup is a backup like any other: it puts the team's policy back.
    let back =
        f.rc.restore_unlock(&saved, RestoreOptions::default())
            .await
            .unwrap();
    assert!(back.ok(), "{back}");
    assert_eq!(
        f.org.bucket_policy(&f.a, "locked-a").as_deref(),
        Some(NEWER)
    );

    // Into another folder when asked.
    let elsewhere = dir.join("replaced");
    let result =
        f.rc.restore_unlock(
            &backup,
            RestoreOptions {
                force: true,
                backup_dir: Some(elsewhere.clone()),
            },
        )
        .await
        .unwrap();
    assert!(result.ok(), "{result}");
    let saved = PathBuf::from(result.replaced_backup.unwrap());
    assert_eq!(saved.parent(), Some(elsewhere.as_path()));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_unchanged_resource_restores_and_a_restored_one_is_left_as_it_is() {
    let f = fixture();
    let dir = temp_dir("restore-unchanged");
    let report = unlocked(&f, &dir).await;
    let backup = backup_of(&report, "partly-a");
    let result =
        f.rc.restore_unlock(&backup, RestoreOptions::default())
            .await
            .unwrap();
    assert!(result.ok(), "{result}");
    assert_eq!(result.outcome.as_str(), "restored");
    assert_eq!(
        result.detail, None,
        "the simulator stores the text as written"
    );
    let shown = result.to_string();
    assert!(shown.contains(": restored"), "{shown}");
    assert!(
        shown.ends_with("; replaced the policy the unlock left"),
        "{shown}"
    );
    assert!(result.replaced.is_some(), "it replaced the surgical policy");
    assert_eq!(
        result.replaced_backup, None,
        "which the backup holds already"
    );
    f.org.clear_calls();
    let again =
        f.rc.restore_unlock(&backup, RestoreOptions::default())
            .await
            .unwrap();
    assert!(again.ok(), "{again}");
    assert!(again.detail.unwrap().contains("nothing was written"));
    assert!(f.org.mutating_calls().is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_backup_from_an_older_rootctl_restores_only_with_force() {
    let f = fixture();
    let dir = temp_dir("restore-legacy");
    let report = unlocked(&f, &dir).await;
    let backup = backup_of(&report, "locked-a");
    // What rootctl wrote before backups recorded what the unlock left.
    let mut old: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    for field in ["format_version", "policy_after", "sha256"] {
        old.as_object_mut().unwrap().remove(field);
    }
    let legacy = dir.join("legacy.json");
    std::fs::write(&legacy, old.to_string()).unwrap();
    assert!(
        !PolicyBackup::read(&legacy)
            .unwrap()
            .records_what_the_change_left()
    );
    f.org.clear_calls();
    let err =
        f.rc.restore_unlock(&legacy, RestoreOptions::default())
            .await
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("older rootctl"), "{err}");
    assert!(err.to_string().contains("force"), "{err}");
    assert!(f.org.calls().is_empty(), "refused before any call");
    let force = RestoreOptions {
        force: true,
        ..Default::default()
    };
    let result = f.rc.restore_unlock(&legacy, force).await.unwrap();
    assert!(result.ok(), "{result}");
    assert_eq!(result.replaced_backup, None, "no live policy to back up");
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a").as_deref(), Some(LOCK));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_result_tells_a_failed_write_from_a_write_that_did_not_read_back() {
    let f = fixture();
    let dir = temp_dir("restore-outcomes");
    let report = unlocked(&f, &dir).await;
    let backup = backup_of(&report, "locked-a");
    // PutBucketPolicy denied (an SCP, say).
    let result = refusing_put(&f, ErrorKind::AccessDenied, "AccessDenied")
        .restore_unlock(&backup, RestoreOptions::default())
        .await
        .unwrap();
    assert_eq!(result.outcome, RestoreOutcome::WriteFailed, "{result}");
    let shown = result.to_string();
    assert!(shown.contains("write_failed"), "{shown}");
    assert!(!shown.contains("replaced"), "nothing was written: {shown}");
    assert!(result.detail.unwrap().contains("SCP"));
    assert_eq!(result.error.unwrap().kind(), ErrorKind::AccessDenied);
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a"), None, "not written");

    // The bucket was deleted since.
    let result = refusing_put(&f, ErrorKind::NotFound, "NoSuchBucket")
        .restore_unlock(&backup, RestoreOptions::default())
        .await
        .unwrap();
    assert_eq!(result.outcome, RestoreOutcome::WriteFailed, "{result}");
    assert_eq!(
        result.detail.as_deref(),
        Some("the bucket no longer exists; nothing to restore into")
    );

    // Someone writes a newer policy right after the restore's write.
    let (org, account) = (f.org.clone(), f.a);
    let overwritten = HookedS3::new(&f.org)
        .after(move |call| {
            if call == S3Call::Put("locked-a") {
                org.put_bucket_policy(&account, "locked-a", Some(NEWER))
                    .expect("the newer write");
            }
            None
        })
        .rootctl();
    let result = overwritten
        .restore_unlock(&backup, RestoreOptions::default())
        .await
        .unwrap();
    assert_eq!(
        result.outcome,
        RestoreOutcome::WrittenUnverified,
        "{result}"
    );
    assert!(!result.ok());
    let shown = result.to_string();
    assert!(shown.contains("written_unverified"), "{shown}");
    assert!(shown.ends_with("; replaced no policy"), "{shown}");
    let detail = result.detail.unwrap();
    assert!(
        detail.starts_with("written"),
        "never called a failure: {detail}"
    );
    assert!(!detail.contains("failed"), "{detail}");
    let _ = std::fs::remove_dir_all(dir);
}
