//! Layer 5, the operations: what users call, written once against the boundary traits
//! and run by the engine.
//!
//! Each operation is a method on [`Rootctl`](crate::Rootctl); its inputs and reports are
//! plain serializable data defined next to it.

mod audit;
mod enforce;
mod features;
pub mod least_privilege;
mod plan_checks;
mod prerequisites;
mod recovery;
mod removal;
mod scps;
mod select;
pub mod unlock;

pub use audit::{AccountAudit, AuditReport, AuditSummary};
pub use enforce::{
    AccountEnforcement, ApplyEnforcementOptions, EVENT_NAMES, EXCEPTION_KEYS, EnforceOptions,
    EnforcementPolicy, EnforcementReport, EnforcementStatus, EnforcementSummary, EventTrigger,
    ExceptionState, POLICY_KEYS, PolicyException,
};
pub use features::{
    ChangePlan, ChangeReport, DisableOptions, DisablePlan, DisableReport, DisableStep,
    EnableOptions, EnablePlan, EnableReport, EnableStep, StepOutcome, StepResult,
};
pub use plan_checks::CLOCK_SKEW_ALLOWANCE;
pub use prerequisites::{CallerRole, Check, CheckStatus, PrerequisiteOptions, PrerequisiteReport};
pub use recovery::{AccountRecovery, RecoveryOutcome, RecoveryReport};
pub use removal::{
    AccountRemoval, AccountRemovalPlan, ApplyOptions, DEFAULT_MAX_PLAN_AGE, ItemOutcome,
    ItemResult, NotPlanned, PLAN_FORMAT_VERSION, RemovalItem, RemovalPlan, RemovalReport,
    RemovalSummary,
};
pub use scps::{AccountScps, CallerScps, ScpFinding, ScpReport, ScpSide, ScpSummary};
pub use select::{SelectedAccounts, Selection, SkipReason, Skipped, TagFilter, Target};
pub use unlock::{
    AccountSearch, ApplyUnlockOptions, FindOptions, FindReport, FoundResource, LockStatus,
    NotUnlocked, PolicyBackup, RestoreOptions, RestoreOutcome, RestoreResult, UnlockItem,
    UnlockMode, UnlockOutcome, UnlockPlan, UnlockReport, UnlockResult,
};

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;
