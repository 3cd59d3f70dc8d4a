//! Unit tests of the journal file: torn lines, garbage, locks, permissions.

use super::*;

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "rootctl-journal-{}-{name}.jsonl",
        std::process::id()
    ))
}

fn record(journal: &Journal, account: AccountId, event: JournalEvent) {
    journal
        .record(account, CredentialKind::AccessKey, Some("K1"), event, None)
        .unwrap();
}

#[test]
fn a_torn_last_line_is_cut_and_the_next_run_appends_cleanly() {
    let path = temp_path("torn");
    let _ = std::fs::remove_file(&path);
    let account: AccountId = "123456789012".parse().unwrap();
    {
        let journal = Journal::open(&path, "plan-1", true).unwrap();
        assert_eq!(journal.repaired(), None);
        record(&journal, account, JournalEvent::Intent);
        record(&journal, account, JournalEvent::Removed);
    }
    // A kill mid-write leaves half a line.
    OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(b"{\"plan_id\":\"pl")
        .unwrap();
    // A dry run reads it as it is and changes nothing.
    let reader: Journal = Journal::open(&path, "plan-1", false).unwrap();
    assert_eq!(reader.repaired(), None);
    assert!(std::fs::read_to_string(&path).unwrap().ends_with("\"pl"));
    drop(reader);
    // The next real run cuts the tail, says so, and appends whole lines ...
    {
        let journal = Journal::open(&path, "plan-1", true).unwrap();
        let repaired = journal.repaired().unwrap();
        assert!(
            repaired.contains("torn") && repaired.contains("(14 bytes)"),
            "the cut, with its size: {repaired}"
        );
        record(&journal, account, JournalEvent::Intent);
    }
    // ... so the run after it reads every line.
    let journal: Journal = Journal::open(&path, "plan-1", true).unwrap();
    assert_eq!(journal.repaired(), None);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.ends_with('\n'));
    drop(journal);

    let err = Journal::<JournalEntry>::open(&path, "plan-2", false).unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    assert!(err.to_string().contains("plan-1"), "{err}");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_second_writer_is_refused_and_the_file_is_private() {
    let path = temp_path("lock");
    let _ = std::fs::remove_file(&path);
    let first: Journal = Journal::open(&path, "plan-1", true).unwrap();
    let err = Journal::<JournalEntry>::open(&path, "plan-1", true).unwrap_err();
    assert!(matches!(err, Error::Journal { .. }), "{err}");
    assert!(err.to_string().contains("in use"), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    drop(first);
    assert!(
        Journal::<JournalEntry>::open(&path, "plan-1", true).is_ok(),
        "free once the first closes"
    );
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn only_the_start_of_a_line_of_this_plan_is_a_torn_line() {
    let path = temp_path("not-a-journal");
    for text in [
        r#"{"team":"security"}"#,
        "token-0123456789",
        r#"{"plan_id":"plan-2","account_id":"1"#,
        r#"{"plan_id":"plan-10"#,
    ] {
        std::fs::write(&path, text).unwrap();
        for writable in [true, false] {
            let err = Journal::<JournalEntry>::open(&path, "plan-1", writable).unwrap_err();
            assert!(matches!(err, Error::Journal { .. }), "{text}: {err}");
            assert!(
                err.to_string().contains("is not a rootctl journal"),
                "{text}: {err}"
            );
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "not cut");
        }
    }
    // Every journal line starts with its plan's head, so a kill leaves a prefix of it
    // (the unlock journal's lines too: see ops/unlock/journal.rs).
    let account: AccountId = "123456789012".parse().unwrap();
    let removal = serde_json::to_string(&JournalEntry {
        plan_id: "plan-\"1".into(),
        account_id: account,
        kind: CredentialKind::Password,
        item: None,
        event: JournalEvent::Intent,
        at: Utc::now(),
        error: None,
    })
    .unwrap();
    assert!(removal.starts_with(&line_head("plan-\"1")), "{removal}");
    for cut in [1, 5, 12, removal.len() - 1] {
        std::fs::write(&path, &removal[..cut]).unwrap();
        let journal = Journal::<JournalEntry>::open(&path, "plan-\"1", true).unwrap();
        assert!(journal.repaired().is_some(), "{cut}");
        drop(journal);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "", "{cut}");
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn garbage_in_the_middle_is_an_error() {
    let path = temp_path("garbage");
    std::fs::write(&path, "not json\n{}\n").unwrap();
    let err = Journal::<JournalEntry>::open(&path, "plan-1", true).unwrap_err();
    assert!(matches!(err, Error::Journal { .. }), "{err}");
    // The error names the bad line by its number, counted from 1.
    let _ = std::fs::remove_file(&path);
    let account: AccountId = "123456789012".parse().unwrap();
    {
        let journal = Journal::open(&path, "plan-1", true).unwrap();
        record(&journal, account, JournalEvent::Intent);
        record(&journal, account, JournalEvent::Removed);
    }
    let good = std::fs::read_to_string(&path).unwrap();
    let first = good.lines().next().unwrap();
    std::fs::write(&path, format!("{good}not json\n{first}\n")).unwrap();
    let err = Journal::<JournalEntry>::open(&path, "plan-1", true).unwrap_err();
    assert!(
        err.to_string().contains("line 3 is not a journal entry"),
        "{err}"
    );
    // A last line that is not the start of one of this plan's lines, by its number too.
    std::fs::write(&path, format!("{good}token")).unwrap();
    let err = Journal::<JournalEntry>::open(&path, "plan-1", true).unwrap_err();
    assert!(
        err.to_string().contains("(line 3, without a newline)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{good}token")
    );
    std::fs::remove_file(&path).unwrap();
}
