//! The unlock journal: the lines `apply_unlock` writes through the one journal
//! implementation, [`Journal`] (`0600`, locked while a run writes, a torn last line cut
//! and reported, any other unreadable line or a line of another plan an error). Every
//! unlock line is synced before the run goes on: the intent names the backup the change
//! depends on.

use std::path::Path;

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::plan::UnlockItem;
use crate::engine::journal::{Journal, JournalLine};
use crate::error::{Error, Result};
use crate::model::{AccountId, ResourceService, Timestamp};

/// One journal line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockJournalEntry {
    /// The plan being applied.
    pub plan_id: String,
    /// The account.
    pub account_id: AccountId,
    /// `s3` or `sqs`.
    pub service: ResourceService,
    /// The region.
    pub region: String,
    /// The bucket or queue name.
    pub name: String,
    /// `intent`, then an outcome: `unlocked`, `failed`, `drift` or `already_absent`.
    pub event: String,
    /// When.
    pub at: Timestamp,
    /// The backup written before the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_path: Option<String>,
    /// For failures, the error's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl JournalLine for UnlockJournalEntry {
    fn plan_id(&self) -> &str {
        &self.plan_id
    }

    fn durable(&self) -> bool {
        true
    }
}

/// An unlock journal, opened for writing (or only read, in a dry run).
pub(crate) type UnlockJournal = Journal<UnlockJournalEntry>;

impl Journal<UnlockJournalEntry> {
    /// Appends one line about `item`, synced.
    pub(crate) fn record(
        &self,
        item: &UnlockItem,
        event: &str,
        backup_path: Option<&Path>,
        error: Option<&Error>,
    ) -> Result<()> {
        self.append(&UnlockJournalEntry {
            plan_id: self.plan_id().to_owned(),
            account_id: item.account_id,
            service: item.service,
            region: item.region.clone(),
            name: item.name.clone(),
            event: event.to_owned(),
            at: Utc::now(),
            backup_path: backup_path.map(|p| p.display().to_string()),
            error: error.map(ToString::to_string),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The journal tells a torn line from a file that is not a journal by its start, the
    /// plan id (see docs/safety.md, "The journal"): an unlock line, cut anywhere, is torn.
    #[test]
    fn a_cut_unlock_line_is_a_torn_line() {
        let line = serde_json::to_string(&UnlockJournalEntry {
            plan_id: "unlock-1".into(),
            account_id: "123456789012".parse().unwrap(),
            service: ResourceService::S3,
            region: "us-east-1".into(),
            name: "logs".into(),
            event: "intent".into(),
            at: Utc::now(),
            backup_path: None,
            error: None,
        })
        .unwrap();
        let path = std::env::temp_dir().join(format!(
            "rootctl-unlock-journal-{}.jsonl",
            std::process::id()
        ));
        for cut in [1, 11, 20, line.len() - 1] {
            std::fs::write(&path, &line[..cut]).unwrap();
            let journal = UnlockJournal::open(&path, "unlock-1", true).unwrap();
            assert!(journal.repaired().is_some(), "cut at {cut}");
        }
        std::fs::remove_file(&path).unwrap();
    }
}
