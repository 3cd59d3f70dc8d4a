//! Layer 5, the operations: what users call, written once against the boundary traits
//! and run by the engine.
//!
//! Each operation is a method on [`Rootctl`](crate::Rootctl); its inputs and reports are
//! plain serializable data defined next to it.

mod apply;
mod audit;
mod features;
mod plan;
pub mod policy;
mod prerequisites;
mod recovery;
mod report;
mod select;
mod selection;

pub use apply::ApplyOptions;
pub use audit::{AccountAudit, AuditReport, AuditSummary};
pub use features::{
    ChangePlan, ChangeReport, DisableOptions, DisablePlan, DisableReport, DisableStep,
    EnableOptions, EnablePlan, EnableReport, EnableStep, StepOutcome, StepResult,
};
pub use plan::{AccountRemovalPlan, NotPlanned, PLAN_FORMAT_VERSION, RemovalItem, RemovalPlan};
pub use prerequisites::{CallerRole, Check, CheckStatus, PrerequisiteOptions, PrerequisiteReport};
pub use recovery::{AccountRecovery, RecoveryOutcome, RecoveryReport};
pub use report::{AccountRemoval, ItemOutcome, ItemResult, RemovalReport, RemovalSummary};
pub use selection::{SelectedAccounts, Selection, SkipReason, Skipped, TagFilter, Target};

#[cfg(test)]
mod tests;
