//! The scenario suite: rootctl's operations end to end against `SimulatedOrg`.

mod adaptive;
mod audit;
mod deploy;
mod enable;
mod enforce;
mod enforce_exceptions;
mod enforce_lock;
mod enforce_preview;
mod enforce_preview_edits;
mod events;
mod hooked_s3;
mod prerequisites;
mod recovery;
mod redteam_events;
mod redteam_scps;
mod removal;
mod removal_plans;
mod removal_safety;
mod scps;
mod select;
mod staged;
mod unlock;
mod unlock_backups;
mod unlock_interrupted;
mod unlock_journal;
mod unlock_partitions;
mod unlock_plan_checks;
mod unlock_plans;
mod unlock_receipts;
mod unlock_regions;
mod unlock_reread;
mod unlock_restore;
mod unlock_rules;

/// `rootctl-<name>-<pid>` in the temporary directory, with nothing there yet: a place for
/// one test's journal, backups or lock that no other test or run shares.
fn fresh_temp_path(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("rootctl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    let _ = std::fs::remove_file(&path);
    path
}
