//! The journals of the mutating operations: append-only JSON-lines files of every
//! mutating call, written before (intent) and after (outcome) each one: the record of what
//! a run did. One implementation, `Journal`, serves every operation; each operation
//! brings its own line type ([`JournalEntry`] for credential removal,
//! [`UnlockJournalEntry`](crate::ops::unlock::UnlockJournalEntry) for unlocking policies).
//!
//! A re-run of a plan does not trust the journal to decide what to do: it reads the live
//! state first (an item an earlier run removed is simply absent; one that came back is
//! there again). An intent without an outcome means the process stopped during that call.
//!
//! The file is the owner's alone (`0600`, an existing one made so), never reached through
//! a symbolic link, held under an exclusive lock while a run writes to it (a second
//! process is refused), lines of another plan are refused, and each outcome line is
//! synced to disk before the run goes on. A torn last line, what a kill during a write
//! leaves, is cut off when the journal is next opened for writing, and the cut is
//! reported; only the start of a line of this plan counts as torn, so a file that is not
//! a journal is refused, never cut. Any other line that cannot be read is an error, never
//! skipped (see docs/safety.md, "The journal").

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::files;
use crate::error::{Error, Result};
use crate::model::{AccountId, CredentialKind, Timestamp};

/// Unix permissions of a new journal: the owner alone (it names accounts and credentials).
#[cfg(unix)]
const MODE: u32 = 0o600;

/// What one kind of journal writes on each line.
pub(crate) trait JournalLine: Serialize + DeserializeOwned {
    /// The plan the line was written for.
    fn plan_id(&self) -> &str;

    /// Whether the run waits for this line to reach the disk before it goes on. Outcome
    /// lines always do: they are the record that something changed.
    fn durable(&self) -> bool;
}

/// What a removal journal line records.
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

/// One removal journal line. Credential ids appear (they are identifiers); secrets never
/// do.
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

impl JournalLine for JournalEntry {
    fn plan_id(&self) -> &str {
        &self.plan_id
    }

    // An intent lost to a power cut costs nothing: the re-run reads the live state.
    fn durable(&self) -> bool {
        self.event != JournalEvent::Intent
    }
}

/// An open journal for one plan, whose lines are `E` (the removal journal's by default).
#[derive(Debug)]
pub(crate) struct Journal<E = JournalEntry> {
    path: PathBuf,
    plan_id: String,
    /// `None` for a journal opened only to read (a dry run).
    file: Option<Mutex<File>>,
    /// What opening it repaired, for the report.
    repaired: Option<String>,
    lines: PhantomData<fn(&E)>,
}

impl<E: JournalLine> Journal<E> {
    /// Opens (creating if needed) the journal at `path` for `plan_id`. A journal of
    /// another plan is refused, and so is one another process is writing, and one with
    /// a line that cannot be read anywhere but at its end. With `writable` false nothing
    /// is created, locked or written (dry runs).
    pub(crate) fn open(path: &Path, plan_id: &str, writable: bool) -> Result<Self> {
        let io_error = |e: std::io::Error| Error::Journal {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        // A link planted at the path would send the run's account and credential ids
        // into a file elsewhere, with that file's permissions.
        files::refuse_link(path).map_err(io_error)?;
        let file = if writable {
            let mut options = OpenOptions::new();
            options.create(true).read(true).append(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, MODE);
            let file = options.open(path).map_err(io_error)?;
            files::check_opened(&file, path).map_err(io_error)?;
            file.try_lock().map_err(|_| Error::Journal {
                path: path.display().to_string(),
                message: "is in use by another rootctl run (locked); wait for it to finish".into(),
            })?;
            Some(file)
        } else {
            None
        };
        let mut text = Vec::new();
        match &file {
            Some(file) => {
                let mut reader = file;
                reader.read_to_end(&mut text).map_err(io_error)?;
            }
            None if path.exists() => {
                let mut reader = File::open(path).map_err(io_error)?;
                files::check_opened(&reader, path).map_err(io_error)?;
                reader.read_to_end(&mut text).map_err(io_error)?;
            }
            None => {}
        }
        let whole = check_lines::<E>(path, &text, plan_id)?;
        let mut repaired = None;
        if let Some(file) = &file {
            if whole < text.len() {
                let torn = text.len() - whole;
                // Cut the torn tail, so the next line starts on a line of its own.
                file.set_len(whole as u64).map_err(io_error)?;
                file.sync_data().map_err(io_error)?;
                repaired = Some(format!(
                    "journal {}: cut a torn last line ({torn} bytes) left by an interrupted run",
                    path.display()
                ));
                tracing::warn!(path = %path.display(), torn, "journal: torn last line cut");
            }
            // Only once it reads as a journal of this plan: a file that is not one is
            // left exactly as it was. One made by hand, or by an older rootctl, may be
            // readable by others; the journal is the owner's alone.
            files::make_private(file).map_err(io_error)?;
        }
        Ok(Self {
            path: path.to_owned(),
            plan_id: plan_id.to_owned(),
            file: file.map(Mutex::new),
            repaired,
            lines: PhantomData,
        })
    }

    /// The plan this journal records.
    pub(crate) fn plan_id(&self) -> &str {
        &self.plan_id
    }

    /// What opening the journal repaired, if anything (for the run's report).
    pub(crate) fn repaired(&self) -> Option<&str> {
        self.repaired.as_deref()
    }

    /// Appends one line, synced before it returns when the line is
    /// [`durable`](JournalLine::durable). A read-only journal refuses: only dry runs open
    /// one, and they make no mutating call to record. So does a line of another plan.
    pub(crate) fn append(&self, entry: &E) -> Result<()> {
        let journal_error = |message: String| Error::Journal {
            path: self.path.display().to_string(),
            message,
        };
        if entry.plan_id() != self.plan_id {
            return Err(journal_error(format!(
                "a line of plan {} cannot go into the journal of plan {}",
                entry.plan_id(),
                self.plan_id
            )));
        }
        let mut line = serde_json::to_string(entry).expect("journal entries always serialize");
        line.push('\n');
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| journal_error("opened read-only (dry run)".into()))?;
        let mut file = file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        file.write_all(line.as_bytes())
            .map_err(|e| journal_error(e.to_string()))?;
        if entry.durable() {
            file.sync_data().map_err(|e| journal_error(e.to_string()))?;
        }
        Ok(())
    }
}

impl Journal<JournalEntry> {
    /// Appends one removal line.
    pub(crate) fn record(
        &self,
        account: AccountId,
        kind: CredentialKind,
        item: Option<&str>,
        event: JournalEvent,
        error: Option<&Error>,
    ) -> Result<()> {
        self.append(&JournalEntry {
            plan_id: self.plan_id.clone(),
            account_id: account,
            kind,
            item: item.map(str::to_owned),
            event,
            at: Utc::now(),
            error: error.map(ToString::to_string),
        })
    }
}

/// Checks every complete line of `text` (a journal of `plan_id` whose lines are `E`), and
/// returns the length of the part made of complete lines: a torn last line is tolerated,
/// garbage elsewhere or a line of another plan is an error.
///
/// A last line without its newline is torn only if it is the start of a line of this
/// plan: every line begins `{"plan_id":"<plan_id>"` (its first field), and a kill during
/// a write leaves a prefix of that, or more. Anything else (a one-line JSON or token file
/// given as the journal by mistake) is not a journal, and is refused rather than cut.
fn check_lines<E: JournalLine>(path: &Path, text: &[u8], plan_id: &str) -> Result<usize> {
    let journal_error = |message: String| Error::Journal {
        path: path.display().to_string(),
        message,
    };
    let mut offset = 0;
    for (index, raw) in text.split_inclusive(|b| *b == b'\n').enumerate() {
        let number = index + 1;
        let (line, complete) = match raw.strip_suffix(b"\n") {
            Some(line) => (line, true),
            None => (raw, false),
        };
        let parsed = std::str::from_utf8(line)
            .map_err(|e| e.to_string())
            .and_then(|l| {
                if l.trim().is_empty() {
                    Ok(None)
                } else {
                    serde_json::from_str::<E>(l)
                        .map(Some)
                        .map_err(|e| e.to_string())
                }
            });
        match parsed {
            // A torn last line: without its newline, whether it parses or not, as long as
            // it is the start of a line of this plan.
            _ if !complete => {
                let head = line_head(plan_id);
                let torn = head.as_bytes().starts_with(line) || line.starts_with(head.as_bytes());
                if torn {
                    return Ok(offset);
                }
                return Err(journal_error(format!(
                    "is not a rootctl journal of plan {plan_id}: its last {} bytes (line \
                     {number}, without a newline) are not the start of a journal line of \
                     this plan; nothing was changed",
                    line.len()
                )));
            }
            Ok(Some(entry)) if entry.plan_id() != plan_id => {
                return Err(Error::invalid_input(
                    "journal",
                    path.display().to_string(),
                    format!(
                        "records plan {}, not plan {plan_id}; use a new journal file for a new plan",
                        entry.plan_id()
                    ),
                ));
            }
            Ok(_) => {}
            Err(e) => {
                return Err(journal_error(format!(
                    "line {number} is not a journal entry: {e}"
                )));
            }
        }
        offset += raw.len();
    }
    Ok(offset)
}

/// How every journal line of `plan_id` begins: its first field, as serde writes it.
fn line_head(plan_id: &str) -> String {
    let id = serde_json::to_string(plan_id).expect("a string always serializes");
    format!("{{\"plan_id\":{id}")
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
