//! `check_scps`: the SCP pre-flight.

use pyo3::prelude::*;
use rootctl::least_privilege::{Intent, least_privilege_policy_in};
use rootctl::{Error, Partition, RootTask};

use super::operation;
use crate::convert::{root_task, strings, to_dict};
use crate::errors::core;
use crate::results::scps::ScpReport;

/// The tasks named by `tasks`; `None` is all five. An empty list is refused by the core.
fn tasks(tasks: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<RootTask>> {
    match tasks.filter(|t| !t.is_none()) {
        None => Ok(RootTask::ALL.to_vec()),
        Some(tasks) => strings(Some(tasks), "tasks")?
            .iter()
            .map(|t| root_task(t))
            .collect(),
    }
}

fn partition(text: &str) -> PyResult<Partition> {
    core(
        Partition::ALL
            .into_iter()
            .find(|p| p.as_str() == text)
            .ok_or_else(|| {
                Error::invalid_input("partition", text, "must be aws, aws-cn, aws-us-gov, ...")
            }),
    )
}

/// Every call `check_scps` judges for the five tasks in `partition`: the task, the side
/// (`member` or `caller`), the action, the resource in the Service Authorization
/// Reference's ARN form, and the service-specific condition keys rootctl's context sets.
#[pyfunction]
#[pyo3(signature = (partition = "aws"))]
pub(crate) fn judged_calls<'py>(py: Python<'py>, partition: &str) -> PyResult<Bound<'py, PyAny>> {
    let partition = self::partition(partition)?;
    to_dict(py, &rootctl::scp::judged_calls(partition))
}

/// The least-privilege IAM policy (JSON text) of the caller for `intent` in `partition`.
#[pyfunction]
#[pyo3(signature = (intent, partition = "aws"))]
pub(crate) fn least_privilege_policy(intent: &str, partition: &str) -> PyResult<String> {
    let partition = self::partition(partition)?;
    let intent = core(
        Intent::ALL
            .into_iter()
            .find(|i| i.as_str() == intent)
            .ok_or_else(|| {
                Error::invalid_input(
                    "intent",
                    intent,
                    "must be audit, remove, recover, enable, disable or unlock",
                )
            }),
    )?;
    Ok(least_privilege_policy_in(intent, partition).to_string())
}

operation!(
    check_scps, check_scps_async (select(selection, tasks = None))
    (tasks: Option<&Bound<'_, PyAny>>) -> ScpReport = |this| {
        let tasks = self::tasks(tasks)?;
        let rc = this.inner.clone();
        PyResult::Ok(async move { core(rc.check_scps(&selection, &tasks).await).map(ScpReport) })
    }
);
