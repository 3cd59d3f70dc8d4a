//! The unlock journal is the removal journal's implementation: a line that cannot be
//! read is an error unless it is a torn last line, which is cut off and reported.

use rootctl::unlock::UnlockJournalEntry;
use rootctl::{ApplyUnlockOptions, ErrorKind, UnlockMode, UnlockOutcome};

use super::unlock::{find, fixture, temp_dir};

#[tokio::test]
async fn garbage_in_the_middle_of_an_unlock_journal_is_an_error() {
    let f = fixture();
    let plan =
        f.rc.plan_unlock(&find(&f).await, UnlockMode::Delete)
            .unwrap();
    let dir = temp_dir("journal-garbage");
    std::fs::create_dir_all(&dir).unwrap();
    let journal = dir.join("unlock.jsonl");
    std::fs::write(&journal, "this is not a journal line\n").unwrap();
    f.org.clear_calls();
    let err =
        f.rc.apply_unlock(
            &plan,
            ApplyUnlockOptions {
                backup_dir: Some(dir.join("backups")),
                journal: Some(journal.clone()),
                ..Default::default()
            },
        )
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
    let plan =
        f.rc.plan_unlock(&find(&f).await, UnlockMode::Delete)
            .unwrap();
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
        f.rc.apply_unlock(
            &plan,
            ApplyUnlockOptions {
                backup_dir: Some(dir.join("backups")),
                journal: Some(journal.clone()),
                ..Default::default()
            },
        )
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
