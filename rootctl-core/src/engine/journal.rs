//! The removal journal: an append-only JSON-lines file of every mutating call, written
//! before (intent) and after (outcome) each one.
//!
//! Re-running `apply_removal` with the same plan and journal skips the items the journal
//! records as done, so a run that was killed halfway resumes without redoing anything.
//! An intent without an outcome means the process stopped during that call: the item is
//! looked at again (its removal is idempotent, and the re-read shows whether it is gone).
//!
//! Lines are written unbuffered, so they survive the process being killed; they are not
//! fsynced one by one, so a power loss may lose the last few.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{AccountId, CredentialKind, Timestamp};

/// What a journal line records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JournalEvent {
    /// About to make the mutating call.
    Intent,
    /// The call removed the item.
    Removed,
    /// The item was already gone.
    AlreadyAbsent,
    /// The call failed (the error is on the line).
    Failed,
}

/// One journal line. Credential ids appear (they are identifiers); secrets never do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The plan being applied.
    pub plan_id: String,
    /// The account acted on.
    pub account_id: AccountId,
    /// The kind of credential.
    pub kind: CredentialKind,
    /// The credential's id (none for the password).
    pub item: Option<String>,
    /// What happened.
    pub event: JournalEvent,
    /// When.
    pub at: Timestamp,
    /// For failures, the error's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

type ItemKey = (AccountId, CredentialKind, Option<String>);

/// An open journal for one plan.
#[derive(Debug)]
pub(crate) struct Journal {
    path: PathBuf,
    plan_id: String,
    /// `None` for a journal opened only to read (a dry run).
    file: Option<Mutex<File>>,
    done: HashSet<ItemKey>,
}

impl Journal {
    /// Opens (creating if needed) the journal at `path` for `plan_id`, reading what an
    /// earlier run of the same plan already did. A journal of another plan is refused.
    /// With `writable` false nothing is created or written (dry runs).
    pub(crate) fn open(path: &Path, plan_id: &str, writable: bool) -> Result<Self> {
        let io_error = |e: std::io::Error| Error::Journal {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut done = HashSet::new();
        if path.exists() {
            let lines: Vec<String> = BufReader::new(File::open(path).map_err(io_error)?)
                .lines()
                .collect::<std::io::Result<_>>()
                .map_err(io_error)?;
            let count = lines.len();
            for (number, line) in lines.iter().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let entry: JournalEntry = match serde_json::from_str(line) {
                    Ok(entry) => entry,
                    // A torn last line is what a kill during a write leaves; anything else
                    // is not our journal.
                    Err(_) if number + 1 == count => break,
                    Err(e) => {
                        return Err(Error::Journal {
                            path: path.display().to_string(),
                            message: format!("line {} is not a journal entry: {e}", number + 1),
                        });
                    }
                };
                if entry.plan_id != plan_id {
                    return Err(Error::invalid_input(
                        "journal",
                        path.display().to_string(),
                        format!(
                            "records plan {}, not plan {plan_id}; use a new journal file for a new plan",
                            entry.plan_id
                        ),
                    ));
                }
                if matches!(
                    entry.event,
                    JournalEvent::Removed | JournalEvent::AlreadyAbsent
                ) {
                    done.insert((entry.account_id, entry.kind, entry.item));
                }
            }
        }
        let file = if writable {
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(io_error)?;
            Some(Mutex::new(file))
        } else {
            None
        };
        Ok(Self {
            path: path.to_owned(),
            plan_id: plan_id.to_owned(),
            file,
            done,
        })
    }

    /// Whether an earlier run already removed (or found absent) this item.
    pub(crate) fn is_done(
        &self,
        account: AccountId,
        kind: CredentialKind,
        item: Option<&str>,
    ) -> bool {
        self.done
            .contains(&(account, kind, item.map(str::to_owned)))
    }

    /// Appends one line. A read-only journal refuses: only dry runs open one, and they
    /// make no mutating call to record.
    pub(crate) fn record(
        &self,
        account: AccountId,
        kind: CredentialKind,
        item: Option<&str>,
        event: JournalEvent,
        error: Option<&Error>,
    ) -> Result<()> {
        let entry = JournalEntry {
            plan_id: self.plan_id.clone(),
            account_id: account,
            kind,
            item: item.map(str::to_owned),
            event,
            at: Utc::now(),
            error: error.map(ToString::to_string),
        };
        let mut line = serde_json::to_string(&entry).expect("journal entries always serialize");
        line.push('\n');
        let journal_error = |message: String| Error::Journal {
            path: self.path.display().to_string(),
            message,
        };
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| journal_error("opened read-only (dry run)".into()))?;
        let mut file = file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        file.write_all(line.as_bytes())
            .map_err(|e| journal_error(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_path(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!(
            "rootctl-journal-{}-{name}.jsonl",
            std::process::id()
        ))
    }

    #[test]
    fn done_items_survive_reopening_and_torn_lines_are_tolerated() {
        let path = temp_path("resume");
        let _ = std::fs::remove_file(&path);
        let account: AccountId = "123456789012".parse().unwrap();
        {
            let journal = Journal::open(&path, "plan-1", true).unwrap();
            journal
                .record(
                    account,
                    CredentialKind::AccessKey,
                    Some("K1"),
                    JournalEvent::Intent,
                    None,
                )
                .unwrap();
            journal
                .record(
                    account,
                    CredentialKind::AccessKey,
                    Some("K1"),
                    JournalEvent::Removed,
                    None,
                )
                .unwrap();
            journal
                .record(
                    account,
                    CredentialKind::Password,
                    None,
                    JournalEvent::Intent,
                    None,
                )
                .unwrap();
        }
        // A kill mid-write leaves half a line.
        OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"plan_id\":\"pl")
            .unwrap();

        let journal = Journal::open(&path, "plan-1", false).unwrap();
        assert!(journal.is_done(account, CredentialKind::AccessKey, Some("K1")));
        assert!(
            !journal.is_done(account, CredentialKind::Password, None),
            "intent only"
        );
        assert!(!journal.is_done(account, CredentialKind::AccessKey, Some("K2")));

        let err = Journal::open(&path, "plan-2", false).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
        assert!(err.to_string().contains("plan-1"), "{err}");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn garbage_in_the_middle_is_an_error() {
        let path = temp_path("garbage");
        std::fs::write(&path, "not json\n{}\n").unwrap();
        let err = Journal::open(&path, "plan-1", true).unwrap_err();
        assert!(matches!(err, Error::Journal { .. }), "{err}");
        std::fs::remove_file(&path).unwrap();
    }
}
