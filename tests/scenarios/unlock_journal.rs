//! The unlock journal is the removal journal's implementation: a line that cannot be
//! read is an error unless it is a torn last line, which is cut off and reported; a file
//! that is not a journal is never cut; a symbolic link at the journal's path is refused,
//! and the journal is made private whatever its mode was. The journal tests of both
//! operations are here.

use std::path::Path;

use rootctl::sim::SimulatedOrg;
use rootctl::unlock::UnlockJournalEntry;
use rootctl::{
    ApplyOptions, ApplyUnlockOptions, CredentialKind, ErrorKind, RemovalPlan, RemovalReport,
    Rootctl, Selection, UnlockMode, UnlockOutcome,
};

use super::unlock::{fixture, planned, temp_dir};

/// Two members' root credentials, audited and planned for removal.
async fn removal_plan() -> (SimulatedOrg, Rootctl, RemovalPlan) {
    let org = SimulatedOrg::builder().members(2).seed(5).build();
    let rc = Rootctl::simulated(org.clone());
    let audit = rc.audit(&Selection::all(), None).await.unwrap();
    let plan = rc.plan_removal(&audit, &CredentialKind::ALL).unwrap();
    (org, rc, plan)
}

/// Applies the removal `plan` with its journal at `journal`.
async fn remove_journaled(
    rc: &Rootctl,
    plan: &RemovalPlan,
    journal: &Path,
) -> rootctl::Result<RemovalReport> {
    let options = ApplyOptions {
        journal: Some(journal.to_path_buf()),
        ..ApplyOptions::default()
    };
    rc.apply_removal(plan, options).await
}

/// Unlock options with the backups in `dir/backups` and the journal at `journal`.
fn journaled(dir: &Path, journal: &Path) -> ApplyUnlockOptions {
    ApplyUnlockOptions {
        backup_dir: Some(dir.join("backups")),
        journal: Some(journal.to_path_buf()),
        ..Default::default()
    }
}

#[tokio::test]
async fn garbage_in_the_middle_of_an_unlock_journal_is_an_error() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("journal-garbage");
    std::fs::create_dir_all(&dir).unwrap();
    let journal = dir.join("unlock.jsonl");
    std::fs::write(&journal, "this is not a journal line\n").unwrap();
    f.org.clear_calls();
    let err =
        f.rc.apply_unlock(&plan, journaled(&dir, &journal))
            .await
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Journal, "{err}");
    assert!(err.to_string().contains("line 1"), "{err}");
    assert!(f.org.mutating_calls().is_empty(), "nothing changed");
    assert!(!dir.join("backups").exists(), "no backup written");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_torn_last_line_of_an_unlock_journal_is_cut_and_reported() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("journal-torn");
    std::fs::create_dir_all(&dir).unwrap();
    let journal = dir.join("unlock.jsonl");
    // What a kill in the middle of writing the first line leaves.
    std::fs::write(
        &journal,
        format!("{{\"plan_id\":\"{}\",\"acc", plan.plan_id),
    )
    .unwrap();
    let report =
        f.rc.apply_unlock(&plan, journaled(&dir, &journal))
            .await
            .unwrap();
    assert!(report.ok(), "{report}");
    assert_eq!(report.count(UnlockOutcome::Unlocked), plan.items.len());
    let text = std::fs::read_to_string(&journal).unwrap();
    for line in text.lines() {
        let entry: UnlockJournalEntry = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("every line reads back ({e}): {line:?}"));
        assert_eq!(entry.plan_id, plan.plan_id);
    }
    assert_eq!(text.lines().count(), 2 * plan.items.len(), "{text}");
    assert!(
        report.notes.iter().any(|n| n.contains("torn last line")),
        "the cut is reported: {:?}",
        report.notes
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Red-team finding: any file without a newline was read as one torn line, so pointing
/// the journal at an existing file that is not a journal (a one-line JSON or token file)
/// emptied it instead of refusing it.
#[tokio::test]
async fn a_file_that_is_not_a_journal_is_refused_never_emptied() {
    let (org, rc, plan) = removal_plan().await;
    let dir = temp_dir("journal-not-a-journal");
    std::fs::create_dir_all(&dir).unwrap();
    let precious = dir.join("settings.json");
    let content = r#"{"team":"security","webhook":"https://hooks.example/abc"}"#;
    std::fs::write(&precious, content).unwrap();
    org.clear_calls();

    let result = remove_journaled(&rc, &plan, &precious).await;
    let after = std::fs::read_to_string(&precious).unwrap();
    assert!(
        after.starts_with(content),
        "a file that is not a journal was cut: its {} bytes are gone, it now starts {:?}; \
         notes: {:?}",
        content.len(),
        after.chars().take(60).collect::<String>(),
        result.as_ref().map(|r| r.notes.clone())
    );
    assert_eq!(after, content, "untouched");
    let err = result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Journal, "{err}");
    assert!(
        err.to_string().contains("is not a rootctl journal"),
        "{err}"
    );
    assert!(err.to_string().contains("settings.json"), "{err}");
    assert!(org.mutating_calls().is_empty(), "nothing changed");

    // The unlock journal is the same implementation.
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let err =
        f.rc.apply_unlock(&plan, journaled(&dir, &precious))
            .await
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Journal, "{err}");
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), content);
    assert!(!dir.join("backups").exists(), "no backup written");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Red-team finding: a link planted at the journal's path (by anyone who can write the
/// working directory) received every account id and credential id of the run, into a
/// file that kept its own mode (`0644`).
#[cfg(unix)]
#[tokio::test]
async fn a_link_planted_at_the_journals_path_is_never_followed() {
    use std::os::unix::fs::PermissionsExt;

    let (org, rc, plan) = removal_plan().await;
    let dir = temp_dir("journal-link");
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    let collected = dir.join("shared").join("collected.log");
    std::fs::write(&collected, "").unwrap();
    std::fs::set_permissions(&collected, std::fs::Permissions::from_mode(0o644)).unwrap();
    let journal = dir.join("journal.jsonl");
    std::os::unix::fs::symlink(&collected, &journal).unwrap();
    org.clear_calls();

    let result = remove_journaled(&rc, &plan, &journal).await;
    let leaked = std::fs::read_to_string(&collected).unwrap();
    let mode = std::fs::metadata(&collected).unwrap().permissions().mode() & 0o777;
    assert!(
        leaked.is_empty() || mode == 0o600,
        "the journal followed a planted link: {} bytes of account and credential ids went \
         into a {mode:o} file elsewhere (apply {})",
        leaked.len(),
        if result.is_ok() {
            "succeeded"
        } else {
            "failed"
        }
    );
    let err = result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Journal, "{err}");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert!(org.mutating_calls().is_empty(), "nothing changed");
    // A dangling link is refused too, and nothing is created where it points.
    std::fs::remove_file(&journal).unwrap();
    let nowhere = dir.join("shared").join("nowhere.log");
    std::os::unix::fs::symlink(&nowhere, &journal).unwrap();
    let err = remove_journaled(&rc, &plan, &journal).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Journal, "{err}");
    assert!(!nowhere.exists(), "nothing created through the link");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The unlock journal refuses a link too, and an existing journal that others may read
/// (`0644`, made by hand or by an older rootctl) becomes the owner's alone.
#[cfg(unix)]
#[tokio::test]
async fn an_unlock_journal_refuses_a_link_and_is_made_private() {
    use std::os::unix::fs::PermissionsExt;

    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let dir = temp_dir("journal-private");
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("elsewhere.log");
    std::fs::write(&target, "").unwrap();
    let journal = dir.join("unlock.jsonl");
    std::os::unix::fs::symlink(&target, &journal).unwrap();
    let options = || journaled(&dir, &journal);
    f.org.clear_calls();
    let err = f.rc.apply_unlock(&plan, options()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Journal, "{err}");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert!(f.org.mutating_calls().is_empty(), "nothing changed");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "");

    std::fs::remove_file(&journal).unwrap();
    std::fs::write(&journal, "").unwrap();
    std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o644)).unwrap();
    let report = f.rc.apply_unlock(&plan, options()).await.unwrap();
    assert!(report.ok(), "{report}");
    let mode = std::fs::metadata(&journal).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "made private: {mode:o}");
    assert_eq!(
        std::fs::read_to_string(&journal).unwrap().lines().count(),
        2 * plan.items.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
