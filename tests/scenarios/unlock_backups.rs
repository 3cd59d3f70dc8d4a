//! Backups: each is bound to its resource (an edited copy cannot restore onto another
//! bucket or queue), written so that a crash never leaves a half file in its place, and a
//! half file an older run left is moved aside, never in the way, never deleted.

use std::path::{Path, PathBuf};

use rootctl::{
    ApplyUnlockOptions, ErrorKind, RestoreOptions, UnlockMode, UnlockOutcome, UnlockPlan,
};

use super::unlock::{LOCK, apply_into, fixture, planned, temp_dir};

/// Where apply writes the backup of bucket `name` in `account`, us-east-1 or eu-west-1.
fn backup_path(dir: &Path, plan: &UnlockPlan, name: &str) -> PathBuf {
    let item = plan.items.iter().find(|i| i.name == name).unwrap();
    dir.join(&plan.plan_id).join(format!(
        "{}-{}-{}-{}.json",
        item.account_id, item.service, item.region, item.name
    ))
}

/// A change made to a backup by hand.
type Edit<'a> = dyn Fn(&mut serde_json::Value) + 'a;

fn edit(path: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let mut backup: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    change(&mut backup);
    std::fs::write(path, serde_json::to_string_pretty(&backup).unwrap()).unwrap();
}

#[tokio::test]
async fn a_backup_edited_to_name_another_resource_is_refused() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("backup-binding");
    let report = apply_into(&f.rc, &plan, &dir).await;
    assert!(report.ok(), "{report}");
    let original = backup_path(&dir, &plan, "locked-a");
    // "none-b" has no policy, just as the unlock left "locked-a": only the binding can
    // tell that the backup is not its own.
    let edits: [(&str, Box<Edit<'_>>); 4] = [
        (
            "another bucket",
            Box::new(|b| {
                b["account_id"] = f.b.as_str().into();
                b["name"] = "none-b".into();
            }),
        ),
        (
            "another region",
            Box::new(|b| b["region"] = "eu-west-1".into()),
        ),
        (
            "another plan",
            Box::new(|b| b["plan_id"] = "unlock-another".into()),
        ),
        (
            "another policy left",
            Box::new(|b| b["policy_after"] = LOCK.into()),
        ),
    ];
    for (what, change) in edits {
        let copy = dir.join(format!("edited-{}.json", what.replace(' ', "-")));
        std::fs::copy(&original, &copy).unwrap();
        edit(&copy, |b| change(b));
        f.org.clear_calls();
        let err =
            f.rc.restore_unlock(&copy, RestoreOptions::default())
                .await
                .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{what}: {err}");
        assert!(err.to_string().contains("edited"), "{what}: {err}");
        assert!(f.org.calls().is_empty(), "{what}: refused before any call");
        // Reading it says why, whatever a restore would check next.
        let err = rootctl::PolicyBackup::read(&copy).unwrap_err();
        assert!(
            err.to_string()
                .contains("does not match its integrity hash"),
            "{what}: {err}"
        );
    }
    assert_eq!(f.org.bucket_policy(&f.b, "none-b"), None, "untouched");
    // The untouched backup still restores its own bucket.
    assert!(
        f.rc.restore_unlock(&original, RestoreOptions::default())
            .await
            .unwrap()
            .ok()
    );
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a").as_deref(), Some(LOCK));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_backup_is_checked_field_by_field_when_read() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("backup-fields");
    assert!(apply_into(&f.rc, &plan, &dir).await.ok());
    let text = std::fs::read_to_string(backup_path(&dir, &plan, "locked-a")).unwrap();
    let written: serde_json::Value = serde_json::from_str(&text).unwrap();
    let read = |change: &Edit<'_>| {
        let mut backup = written.clone();
        change(&mut backup);
        rootctl::PolicyBackup::from_json(&backup.to_string())
    };
    let refused = |change: &Edit<'_>, why: &str| {
        let err = read(change).expect_err(why);
        assert!(err.contains(why), "{why}: {err}");
    };
    assert!(read(&|_| {}).is_ok());
    // What an older rootctl wrote (format 1): no binding fields.
    let format_1 = |b: &mut serde_json::Value| {
        b["format_version"] = 1.into();
        let fields = b.as_object_mut().unwrap();
        fields.remove("sha256");
        fields.remove("policy_after");
    };
    assert!(read(&format_1).is_ok());
    // A format 1 backup with either field of format 2 was edited.
    let sha256 = written["sha256"].clone();
    assert!(sha256.is_string());
    refused(
        &|b| {
            format_1(b);
            b["sha256"] = sha256.clone();
        },
        "claims format 1 but carries format 2 fields",
    );
    refused(
        &|b| {
            format_1(b);
            b["policy_after"] = LOCK.into();
        },
        "claims format 1 but carries format 2 fields",
    );
    // Names that could leave the backup folder, each on its own.
    for field in ["plan_id", "name"] {
        refused(
            &|b| {
                format_1(b);
                b[field] = "../elsewhere".into();
            },
            "not a plain name",
        );
    }
    refused(&|b| b["format_version"] = 3.into(), "has format version 3");
    refused(
        &|b| b["region"] = "eu-west-1".into(),
        "does not match its integrity hash",
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_partial_backup_left_by_an_earlier_run_is_moved_aside() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("backup-partial");
    let path = backup_path(&dir, &plan, "locked-a");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // What a full disk left: the start of a backup, and a temporary file.
    let partial = "{\n  \"kind\": \"rootctl-unlock-backup\",\n  \"plan_";
    std::fs::write(&path, partial).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let stale = path.with_file_name(format!(
        ".{}.tmp-1-1",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&stale, "{").unwrap();
    let report = apply_into(&f.rc, &plan, &dir).await;
    assert!(report.ok(), "{report}");
    assert_eq!(report.count(UnlockOutcome::Unlocked), plan.items.len());
    assert!(
        report.notes.iter().any(|n| n.contains("moved aside")),
        "reported: {:?}",
        report.notes
    );
    let moved: Vec<PathBuf> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(std::fs::read_to_string(&moved[0]).unwrap(), partial, "kept");
    // Named after the backup and the time it was moved aside (UTC, no colons).
    let moved_name = moved[0].file_name().unwrap().to_string_lossy().into_owned();
    let (head, time) = moved_name.split_once(".corrupt-").unwrap();
    assert_eq!(head, path.file_name().unwrap().to_string_lossy());
    let when = chrono::NaiveDateTime::parse_from_str(time, "%Y%m%dT%H%M%S%.6fZ")
        .unwrap_or_else(|e| panic!("{moved_name}: {e}"));
    assert!((chrono::Utc::now().naive_utc() - when).num_minutes().abs() < 10);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&moved[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "kept, the owner's alone");
    }
    // A fresh backup in its place, that restores.
    let backup = rootctl::PolicyBackup::read(&path).unwrap();
    assert_eq!(backup.policy, LOCK);
    let restored =
        f.rc.restore_unlock(&path, RestoreOptions::default())
            .await
            .unwrap();
    assert!(restored.ok(), "{restored}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_readable_backup_of_another_policy_stays_in_the_way() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("backup-other");
    let report = apply_into(&f.rc, &plan, &dir).await;
    assert!(report.ok(), "{report}");
    // The same plan again, after the policy came back changed and a new plan was not
    // made: the backup on disk is of another policy.
    let path = backup_path(&dir, &plan, "locked-a");
    let other = LOCK.replace("DenyAll", "DenyAllAgain");
    let mut replan = plan.clone();
    let item = replan
        .items
        .iter_mut()
        .find(|i| i.name == "locked-a")
        .unwrap();
    item.policy_before = other.clone();
    item.policy_before_sha256 = rootctl::unlock::sha256_hex(&other);
    f.org
        .put_bucket_policy(&f.a, "locked-a", Some(&other))
        .unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    let report = apply_into(&f.rc, &replan, &dir).await;
    let result = report.items.iter().find(|i| i.name == "locked-a").unwrap();
    assert_eq!(result.outcome, UnlockOutcome::Failed, "{report}");
    assert_eq!(
        f.org.bucket_policy(&f.a, "locked-a").as_deref(),
        Some(other.as_str()),
        "nothing changed without its backup"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "never overwritten"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// A symbolic link planted where a backup, the plan's backup folder or a receipt goes
/// never redirects what apply writes: a link at a backup's path or at the plan's folder
/// is refused (that policy is not changed: no change without its backup), and one at a
/// receipt's path is removed, never written through.
#[cfg(unix)]
#[tokio::test]
async fn links_planted_where_backups_and_receipts_go_are_never_followed() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("backup-links");
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let target = elsewhere.join("target.json");
    std::fs::write(&target, "").unwrap();
    let path = backup_path(&dir, &plan, "locked-a");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&target, &path).unwrap();
    let mut receipt = backup_path(&dir, &plan, "locked-b").into_os_string();
    receipt.push(".applied");
    std::os::unix::fs::symlink(&target, &receipt).unwrap();

    let report = apply_into(&f.rc, &plan, &dir).await;
    let result = report.items.iter().find(|i| i.name == "locked-a").unwrap();
    assert_eq!(result.outcome, UnlockOutcome::Failed, "{report}");
    let error = result.error.as_ref().expect("why").to_string();
    assert!(error.contains("symbolic link"), "{error}");
    assert_eq!(
        f.org.bucket_policy(&f.a, "locked-a").as_deref(),
        Some(LOCK),
        "not changed without its backup"
    );
    let locked_b = report.items.iter().find(|i| i.name == "locked-b").unwrap();
    assert_eq!(locked_b.outcome, UnlockOutcome::Unlocked, "{report}");
    assert!(
        !std::fs::symlink_metadata(&receipt)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the receipt is a file of its own"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "", "untouched");

    // A link at the plan's folder: every backup would go elsewhere; refused.
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir2 = temp_dir("backup-links-folder");
    std::fs::create_dir_all(&dir2).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir2.join(&plan.plan_id)).unwrap();
    let report = apply_into(&f.rc, &plan, &dir2).await;
    assert_eq!(plan.items.len(), 1, "only locked-a is still locked: {plan}");
    assert_eq!(report.items[0].outcome, UnlockOutcome::Failed, "{report}");
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        1,
        "nothing written through the link"
    );
    assert_eq!(f.org.bucket_policy(&f.a, "locked-a").as_deref(), Some(LOCK));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir2);
}

/// Without `backup_dir`, backups go to `rootctl-backups/<plan id>/` under the working
/// directory: a relative folder, made (with its parent) like any other.
#[tokio::test]
async fn without_a_backup_dir_backups_go_under_the_working_directory() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let report =
        f.rc.apply_unlock(&plan, ApplyUnlockOptions::default())
            .await
            .unwrap();
    let relative = Path::new(rootctl::unlock::DEFAULT_BACKUP_DIR).join(&plan.plan_id);
    let folder = std::env::current_dir().unwrap().join(&relative);
    let written: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    let _ = std::fs::remove_dir_all(&folder);
    let _ = std::fs::remove_dir(rootctl::unlock::DEFAULT_BACKUP_DIR);
    assert!(report.ok(), "{report}");
    assert_eq!(
        written.len(),
        2 * plan.items.len(),
        "a backup and a receipt each"
    );
    for item in &report.items {
        let backup = item.backup_path.as_deref().expect("backed up");
        assert!(Path::new(backup).starts_with(&relative), "{backup}");
    }
}
