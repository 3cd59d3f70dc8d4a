//! Plans and reports of `enable` and `disable`: steps, and how each ended.

use pyo3::prelude::*;
use rootctl::{ChangePlan, ChangeReport, DisableStep, EnableStep, StepOutcome};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{OrgFeatures, error_object, result_class};
use crate::convert::{from_json, py_bool, quote};

/// What the bindings need of a core step type.
pub(crate) trait CoreStep:
    Clone + Serialize + DeserializeOwned + std::fmt::Display + Send + Sync + 'static
{
    fn api(&self) -> &'static str;
    fn account_id(&self) -> Option<String>;
}

/// `CoreStep` for a step type whose one variant naming an account is `$variant`.
macro_rules! core_step {
    ($($step:ident: $variant:ident),*) => {$(
        impl CoreStep for $step {
            fn api(&self) -> &'static str {
                $step::api(self)
            }

            fn account_id(&self) -> Option<String> {
                match self {
                    $step::$variant { account_id } => Some(account_id.to_string()),
                    _ => None,
                }
            }
        }
    )*};
}

core_step!(
    EnableStep: RegisterDelegatedAdministrator,
    DisableStep: DeregisterDelegatedAdministrator
);

/// A step, kept as the core's JSON (its `to_dict` form) plus what the getters show.
#[derive(Clone)]
pub(crate) struct StepData {
    json: serde_json::Value,
    api: &'static str,
    description: String,
    account_id: Option<String>,
}

impl StepData {
    fn of<S: CoreStep>(step: &S) -> Self {
        Self {
            json: serde_json::to_value(step).unwrap_or_default(),
            api: step.api(),
            description: step.to_string(),
            account_id: step.account_id(),
        }
    }

    fn name(&self) -> &str {
        self.json
            .get("step")
            .and_then(|s| s.as_str())
            .unwrap_or_default()
    }
}

impl Serialize for StepData {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

result_class!(
/// One step of turning centralized root access on or off.
ChangeStep(StepData) {
    get |v| {
        name: &str = v.name(),
        api: &'static str,
        description: &str = &v.description,
        account_id: Option<&str> = v.account_id.as_deref(),
    }

    fn __str__(&self) -> String {
        self.0.description.clone()
    }

    fn __repr__(&self) -> String {
        match &self.0.account_id {
            Some(account) => format!("ChangeStep(name={}, account_id={})", quote(self.0.name()), quote(account)),
            None => format!("ChangeStep(name={})", quote(self.0.name())),
        }
    }
});

/// A step and how it ended, kept as the core's JSON plus its parts.
#[derive(Clone)]
pub(crate) struct StepResultData {
    json: serde_json::Value,
    step: StepData,
    outcome: StepOutcome,
}

impl Serialize for StepResultData {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

result_class!(
/// One step of an enable or disable, and how it ended.
StepResult(StepResultData) {
    get |v| {
        step: ChangeStep = ChangeStep(v.step.clone()),
        status: &'static str = v.outcome.as_str(),
        ok: bool = v.outcome.is_ok(),
        error(py): Option<Bound<'py, PyAny>> = match &v.outcome {
            StepOutcome::Failed { error } => error_object(py, Some(error)),
            _ => Ok(None),
        },
        reason: Option<&str> = match &v.outcome {
            StepOutcome::Skipped { reason } => Some(reason),
            _ => None,
        },
    }

    repr |v| {
        step: quote(v.step.name()),
        status: quote(v.outcome.as_str()),
    }
});

fn steps<S: CoreStep>(steps: &[S]) -> Vec<ChangeStep> {
    steps.iter().map(|s| ChangeStep(StepData::of(s))).collect()
}

fn step_results<S: CoreStep>(results: &[rootctl::StepResult<S>]) -> Vec<StepResult> {
    results
        .iter()
        .map(|r| {
            StepResult(StepResultData {
                json: serde_json::to_value(r).unwrap_or_default(),
                step: StepData::of(&r.step),
                outcome: r.outcome.clone(),
            })
        })
        .collect()
}

fn plan_repr<S>(class: &str, plan: &ChangePlan<S>) -> String {
    format!(
        "{class}(organization_id={}, steps={}, already_done={})",
        quote(&plan.organization_id),
        plan.steps.len(),
        plan.already_done.len()
    )
}

fn report_repr<S>(class: &str, report: &ChangeReport<S>) -> String {
    format!(
        "{class}(organization_id={}, ok={}, steps={})",
        quote(&report.organization_id),
        py_bool(report.ok()),
        report.steps.len()
    )
}

/// Generates a plan class and a report class for one step type.
macro_rules! change_classes {
    ($plan:ident, $report:ident, $step:ty, $plan_doc:literal, $report_doc:literal) => {
        result_class!(#[doc = $plan_doc] $plan(ChangePlan<$step>) {
            get |v| {
                organization_id: &str = &v.organization_id,
                steps: Vec<ChangeStep> = steps(&v.steps),
                already_done: Vec<ChangeStep> = steps(&v.already_done),
                is_noop: bool = v.is_noop(),
            }

            #[staticmethod]
            fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
                from_json(text, "change plan").map(Self)
            }

            fn __str__(&self) -> String {
                self.0.to_string()
            }

            fn __repr__(&self) -> String {
                plan_repr(stringify!($plan), &self.0)
            }
        });

        result_class!(#[doc = $report_doc] $report(ChangeReport<$step>) {
            get |v| {
                organization_id: &str = &v.organization_id,
                steps: Vec<StepResult> = step_results(&v.steps),
                features: OrgFeatures = OrgFeatures(v.features),
                ok: bool = v.ok(),
            }

            #[staticmethod]
            fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
                from_json(text, "change report").map(Self)
            }

            fn __str__(&self) -> String {
                self.0.to_string()
            }

            fn __repr__(&self) -> String {
                report_repr(stringify!($report), &self.0)
            }
        });
    };
}

change_classes!(
    EnablePlan,
    EnableReport,
    EnableStep,
    "What `enable` would do.",
    "What `enable` did."
);
change_classes!(
    DisablePlan,
    DisableReport,
    DisableStep,
    "What `disable` would do.",
    "What `disable` did."
);
