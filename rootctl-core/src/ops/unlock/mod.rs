//! Unlocking S3 bucket and SQS queue policies that deny everyone, in steps that each do
//! one job: `find` reads every policy in unlock root sessions and [`analyze`](mod@analyze)
//! judges it; `plan` records what to change with a copy of each policy; `apply` re-reads,
//! backs up, reads once more, changes and verifies; `restore` puts a backup back over what
//! the unlock left (a compare-and-swap). See `docs/safety.md`.

pub mod analyze;
mod apply;
mod apply_item;
mod backup;
mod calls;
mod durable;
mod find;
mod item_log;
mod journal;
mod plan;
mod receipt;
mod regions;
mod report;
#[cfg(test)]
mod report_tests;
mod restore;
mod restore_result;
mod validate;

pub use analyze::{
    LockStatus, analyze, analyze_owned, resource_arn, resource_arn_in, without_statements,
};
pub use apply::{ApplyUnlockOptions, DEFAULT_BACKUP_DIR};
pub use backup::{BACKUP_FORMAT_VERSION, BACKUP_KIND, PolicyBackup};
pub use find::{AccountSearch, FindOptions, FindReport, FoundResource};
pub use journal::UnlockJournalEntry;
pub use plan::{
    NotUnlocked, UNLOCK_PLAN_FORMAT_VERSION, UnlockItem, UnlockMode, UnlockPlan, sha256_hex,
};
pub use report::{UnlockOutcome, UnlockReport, UnlockResult};
pub use restore_result::{RestoreOptions, RestoreOutcome, RestoreResult};
