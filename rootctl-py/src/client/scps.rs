//! `check_scps`: the SCP pre-flight.

use pyo3::prelude::*;
use rootctl::{RootTask, Selection as CoreSelection};

use super::{Op, Rootctl};
use crate::convert::{SelectionArgs, root_task, strings};
use crate::errors::core;
use crate::results::scps::ScpReport;
use crate::runtime::{awaitable, block_on};

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

impl Rootctl {
    fn check_scps_op(&self, selection: CoreSelection, tasks: Vec<RootTask>) -> impl Op<ScpReport> {
        let rc = self.inner.clone();
        async move { core(rc.check_scps(&selection, &tasks).await).map(ScpReport) }
    }
}

#[pymethods]
impl Rootctl {
    #[pyo3(signature = (*, accounts = None, ous = None, tags = None, exclude = None, exclude_ous = None, exclude_tags = None, tasks = None))]
    #[allow(clippy::too_many_arguments)]
    fn check_scps(
        &self,
        py: Python<'_>,
        accounts: Option<&Bound<'_, PyAny>>,
        ous: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
        exclude: Option<&Bound<'_, PyAny>>,
        exclude_ous: Option<&Bound<'_, PyAny>>,
        exclude_tags: Option<&Bound<'_, PyAny>>,
        tasks: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ScpReport> {
        let selection = SelectionArgs {
            accounts,
            ous,
            tags,
            exclude,
            exclude_ous,
            exclude_tags,
        }
        .parse()?;
        let tasks = self::tasks(tasks)?;
        block_on(py, self.check_scps_op(selection, tasks))
    }

    #[pyo3(signature = (*, accounts = None, ous = None, tags = None, exclude = None, exclude_ous = None, exclude_tags = None, tasks = None))]
    #[allow(clippy::too_many_arguments)]
    fn check_scps_async<'py>(
        &self,
        py: Python<'py>,
        accounts: Option<&Bound<'_, PyAny>>,
        ous: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
        exclude: Option<&Bound<'_, PyAny>>,
        exclude_ous: Option<&Bound<'_, PyAny>>,
        exclude_tags: Option<&Bound<'_, PyAny>>,
        tasks: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let selection = SelectionArgs {
            accounts,
            ous,
            tags,
            exclude,
            exclude_ous,
            exclude_tags,
        }
        .parse()?;
        let tasks = self::tasks(tasks)?;
        awaitable(py, self.check_scps_op(selection, tasks))
    }
}
