//! The scenario suite: rootctl's operations end to end against `SimulatedOrg`.

mod adaptive;
mod audit;
mod enable;
mod enforce;
mod enforce_exceptions;
mod enforce_lock;
mod enforce_preview;
mod events;
mod prerequisites;
mod recovery;
mod redteam_scps;
mod removal;
mod removal_safety;
mod scps;
mod select;
mod staged;
mod unlock;
mod unlock_backups;
mod unlock_journal;
mod unlock_partitions;
mod unlock_plans;
mod unlock_receipts;
mod unlock_regions;
mod unlock_reread;
mod unlock_restore;
mod unlock_rules;
