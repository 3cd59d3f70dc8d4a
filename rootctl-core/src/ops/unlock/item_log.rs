//! What one account's unlock task has done so far, item by item. The log outlives the
//! task, so when the account's work stops midway (its timeout, a failure that ends it)
//! each item is still reported as far as it got, with the backup it depends on, never
//! wiped to a bare `failed` (see docs/safety.md, "Interrupted work").
//!
//! It keeps the removal path's rule: no item is called done unless it was, and an item
//! whose change was in flight says that the change may have been made. Unlock reports
//! such an item `failed` (its report has no `interrupted` outcome), with its backup and
//! a detail that says what to check.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::apply_item::result;
use super::plan::UnlockItem;
use super::report::{UnlockOutcome, UnlockResult};
use crate::error::Error;

/// How far the work on one planned policy got.
#[derive(Clone, Debug, Default)]
enum Stage {
    /// Nothing done yet: no backup, no change.
    #[default]
    NotStarted,
    /// The backup is on disk; the change may have been sent since, its answer not back.
    BackedUp(PathBuf),
    /// The change call returned OK; not yet read back. Whether its receipt is written.
    Changed(PathBuf, bool),
    /// Finished, with its result.
    Done(UnlockResult),
}

/// The log of one account's planned items, in the order the account's task takes them.
#[derive(Debug)]
pub(crate) struct AccountLog {
    stages: Mutex<Vec<Stage>>,
}

/// One item's place in its account's log, for the code that works on it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ItemProgress<'a> {
    log: &'a AccountLog,
    index: usize,
}

impl AccountLog {
    /// A log of `items` items, none started.
    pub(crate) fn new(items: usize) -> Self {
        Self {
            stages: Mutex::new(vec![Stage::NotStarted; items]),
        }
    }

    fn stages(&self) -> MutexGuard<'_, Vec<Stage>> {
        self.stages.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The handle of the item at `index` in the account's planned items.
    pub(crate) fn item(&self, index: usize) -> ItemProgress<'_> {
        ItemProgress { log: self, index }
    }

    /// What became of each of `planned` (the account's items, in the log's order) when
    /// the account's work ended with `error` before finishing: finished items keep their
    /// result; the others are `failed`, saying how far they got.
    pub(crate) fn results(&self, planned: &[&UnlockItem], error: &Error) -> Vec<UnlockResult> {
        let stages = self.stages();
        planned
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let stage = stages.get(index).cloned().unwrap_or_default();
                stopped_result(item, stage, error)
            })
            .collect()
    }
}

impl ItemProgress<'_> {
    fn set(&self, stage: Stage) {
        if let Some(slot) = self.log.stages().get_mut(self.index) {
            *slot = stage;
        }
    }

    /// The backup is on disk at `backup`: from here the change may be made.
    pub(crate) fn backed_up(&self, backup: &Path) {
        self.set(Stage::BackedUp(backup.to_owned()));
    }

    /// The change call returned OK, and its receipt was written (or not).
    pub(crate) fn changed(&self, backup: &Path, receipt: bool) {
        self.set(Stage::Changed(backup.to_owned(), receipt));
    }

    /// The item is finished.
    pub(crate) fn done(&self, result: &UnlockResult) {
        self.set(Stage::Done(result.clone()));
    }
}

/// The result of an item whose account's work stopped (with `error`) at `stage`.
fn stopped_result(item: &UnlockItem, stage: Stage, error: &Error) -> UnlockResult {
    let failed = |backup: Option<&Path>, detail: String| {
        result(
            item,
            UnlockOutcome::Failed,
            backup,
            Some(detail),
            Some(error.clone()),
        )
    };
    match stage {
        Stage::Done(done) => done,
        Stage::NotStarted => failed(
            None,
            format!("not attempted: the account's work stopped ({error})"),
        ),
        Stage::BackedUp(backup) => failed(
            Some(&backup),
            format!(
                "the account's work stopped ({error}) after this policy's backup was \
                 written: the change may or may not have been made; read the policy, and \
                 restore from the backup if needed (with force: no receipt records a change)"
            ),
        ),
        Stage::Changed(backup, receipt) => failed(
            Some(&backup),
            format!(
                "the change was made, but the account's work stopped ({error}) before it \
                 was read back; read the policy ({})",
                if receipt {
                    "the backup, with its receipt, restores it"
                } else {
                    "its receipt could not be written: restoring the backup needs force"
                }
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ResourceService;

    fn item(name: &str) -> UnlockItem {
        UnlockItem {
            account_id: "123456789012".parse().unwrap(),
            service: ResourceService::S3,
            region: "us-east-1".into(),
            name: name.into(),
            queue_url: None,
            policy_before: "{}".into(),
            policy_before_sha256: String::new(),
            policy_after: None,
            reason: String::new(),
        }
    }

    #[test]
    fn each_item_reports_how_far_it_got() {
        let items: Vec<UnlockItem> = ["done", "backed-up", "changed", "unrecorded", "never"]
            .into_iter()
            .map(item)
            .collect();
        let planned: Vec<&UnlockItem> = items.iter().collect();
        let log = AccountLog::new(planned.len());
        let backup = Path::new("/backups/b.json");
        let done = result(&items[0], UnlockOutcome::Unlocked, Some(backup), None, None);
        log.item(0).backed_up(backup);
        log.item(0).done(&done);
        log.item(1).backed_up(backup);
        log.item(2).changed(backup, true);
        log.item(3).changed(backup, false);
        let stop = Error::config("stopped");
        let results = log.results(&planned, &stop);
        assert_eq!(results.len(), 5);
        assert_eq!(results[0].outcome, UnlockOutcome::Unlocked);
        assert!(results[0].error.is_none());
        for r in &results[1..] {
            assert_eq!(r.outcome, UnlockOutcome::Failed, "{}", r.name);
            assert!(r.error.is_some(), "{}", r.name);
        }
        let detail = |n: usize| results[n].detail.clone().unwrap_or_default();
        assert!(
            detail(1).contains("may or may not have been made"),
            "{}",
            detail(1)
        );
        assert!(detail(2).contains("the change was made"), "{}", detail(2));
        assert!(detail(2).contains("with its receipt"), "{}", detail(2));
        assert!(detail(3).contains("needs force"), "{}", detail(3));
        assert!(
            detail(4).starts_with("not attempted: the account's work stopped ("),
            "{}",
            detail(4)
        );
        for r in &results[1..4] {
            assert_eq!(
                r.backup_path.as_deref(),
                Some("/backups/b.json"),
                "{}",
                r.name
            );
        }
        assert_eq!(results[4].backup_path, None);
    }
}
