//! Removal of root credentials, in three steps that each do one job: [`plan`] turns an
//! audit into a reviewable [`RemovalPlan`], [`apply`] carries a plan out in the safe
//! order (with dry runs, drift detection and a resumable journal), and [`report`] says
//! what happened to every item.

mod account;
mod apply;
mod calls;
mod plan;
mod report;

pub use apply::{ApplyOptions, DEFAULT_MAX_PLAN_AGE};
pub use plan::{AccountRemovalPlan, NotPlanned, PLAN_FORMAT_VERSION, RemovalItem, RemovalPlan};
pub use report::{AccountRemoval, ItemOutcome, ItemResult, RemovalReport, RemovalSummary};
