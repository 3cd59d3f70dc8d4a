//! Plans and reports of changes made step by step ([`EnableStep`](super::EnableStep)s,
//! [`DisableStep`](super::DisableStep)s), and the loop that applies them.

use std::fmt;
use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::OrgFeatures;

/// What a change would do: the steps still to do, in the order they will run, and the
/// steps found done already. Planning never changes anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePlan<S> {
    /// The organization the plan was made for, `o-...`.
    pub organization_id: String,
    /// The steps to run, in order.
    pub steps: Vec<S>,
    /// The steps that need no call because their effect is in place.
    pub already_done: Vec<S>,
}

impl<S> ChangePlan<S> {
    /// A plan from every step the change wants, each with whether it is done already.
    pub(super) fn from_wanted(organization_id: String, wanted: Vec<(S, bool)>) -> Self {
        let (already_done, steps): (Vec<_>, Vec<_>) =
            wanted.into_iter().partition(|(_, done)| *done);
        Self {
            organization_id,
            steps: steps.into_iter().map(|(step, _)| step).collect(),
            already_done: already_done.into_iter().map(|(step, _)| step).collect(),
        }
    }

    /// True when there is nothing to do: applying the plan makes no AWS call that changes
    /// anything.
    pub fn is_noop(&self) -> bool {
        self.steps.is_empty()
    }
}

impl<S: fmt::Display> fmt::Display for ChangePlan<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (todo, done) = (self.steps.len(), self.already_done.len());
        if self.is_noop() {
            writeln!(
                f,
                "organization {}: nothing to do ({done} already done)",
                self.organization_id
            )?;
        } else {
            writeln!(
                f,
                "organization {}: {todo} to do, {done} already done",
                self.organization_id
            )?;
        }
        for step in &self.steps {
            writeln!(f, "  {:<9}{step}", "to do")?;
        }
        for step in &self.already_done {
            writeln!(f, "  {:<9}{step}", "already")?;
        }
        Ok(())
    }
}

/// How one step of a change ended.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum StepOutcome {
    /// The step's call succeeded.
    Done,
    /// The step's effect was in place already; no call changed anything.
    Already,
    /// The step's call failed; no later step was attempted.
    Failed {
        /// What AWS (or the client) answered.
        error: Error,
    },
    /// The step was not attempted.
    Skipped {
        /// Why not.
        reason: String,
    },
}

impl StepOutcome {
    /// The outcome's name: `done`, `already`, `failed` or `skipped`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            StepOutcome::Done => "done",
            StepOutcome::Already => "already",
            StepOutcome::Failed { .. } => "failed",
            StepOutcome::Skipped { .. } => "skipped",
        }
    }

    /// True for `Done` and `Already`: the step's effect is in place.
    pub const fn is_ok(&self) -> bool {
        matches!(self, StepOutcome::Done | StepOutcome::Already)
    }
}

impl fmt::Display for StepOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepOutcome::Done | StepOutcome::Already => f.write_str(self.as_str()),
            StepOutcome::Failed { error } => write!(f, "failed: {error}"),
            StepOutcome::Skipped { reason } => write!(f, "skipped: {reason}"),
        }
    }
}

/// One step of a change and how it ended. In JSON the step's and the outcome's fields
/// sit side by side: `{"step": "enable_root_sessions", "status": "done"}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StepResult<S> {
    /// The step.
    #[serde(flatten)]
    pub step: S,
    /// How it ended.
    #[serde(flatten)]
    pub outcome: StepOutcome,
}

/// What a change did: every step of its plan, in order, with its outcome, and the state
/// read back afterwards.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChangeReport<S> {
    /// The organization changed, `o-...`.
    pub organization_id: String,
    /// Every step, already-done ones included, in the order they run.
    pub steps: Vec<StepResult<S>>,
    /// The state read back after the last step.
    pub features: OrgFeatures,
}

impl<S> ChangeReport<S> {
    /// True when every step is done or was done already.
    pub fn ok(&self) -> bool {
        self.steps.iter().all(|s| s.outcome.is_ok())
    }
}

impl<S: fmt::Display> fmt::Display for ChangeReport<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.ok() { "ok" } else { "FAILED" };
        writeln!(f, "organization {}: {verdict}", self.organization_id)?;
        for StepResult { step, outcome } in &self.steps {
            write!(f, "  {:<9}{step}", outcome.as_str())?;
            match outcome {
                StepOutcome::Failed { error } => writeln!(f, ": {error}")?,
                StepOutcome::Skipped { reason } => writeln!(f, " ({reason})")?,
                StepOutcome::Done | StepOutcome::Already => writeln!(f)?,
            }
        }
        let on_off = |on: bool| if on { "on" } else { "off" };
        let features = &self.features;
        writeln!(
            f,
            "  now: trusted access {}, RootCredentialsManagement {}, RootSessions {}",
            on_off(features.trusted_access),
            on_off(features.root_credentials_management),
            on_off(features.root_sessions),
        )
    }
}

/// Runs `steps` in order with `apply` and stops at the first failure: the steps after it
/// are reported skipped, since each step assumes the ones before it took effect. The
/// `already_done` steps are reported too, and the result is in step order.
pub(super) async fn apply_in_order<S, F, Fut>(
    steps: Vec<S>,
    already_done: Vec<S>,
    mut apply: F,
) -> Vec<StepResult<S>>
where
    S: Clone + Ord + fmt::Display,
    F: FnMut(S) -> Fut,
    Fut: Future<Output = Result<StepOutcome>>,
{
    let mut results: Vec<StepResult<S>> = already_done
        .into_iter()
        .map(|step| StepResult {
            step,
            outcome: StepOutcome::Already,
        })
        .collect();
    let mut failed: Option<String> = None;
    for step in steps {
        let outcome = match &failed {
            Some(failed) => StepOutcome::Skipped {
                reason: format!("not attempted because \"{failed}\" failed"),
            },
            None => apply(step.clone()).await.unwrap_or_else(|error| {
                failed = Some(step.to_string());
                StepOutcome::Failed { error }
            }),
        };
        tracing::info!(step = %step, outcome = outcome.as_str(), "step finished");
        results.push(StepResult { step, outcome });
    }
    // A stable sort: step order is AWS order (see the step enums).
    results.sort_by(|a, b| a.step.cmp(&b.step));
    results
}
