//! `enforce`, `apply_enforcement` and `handle_event`: keep a declared policy true,
//! org-wide (at once, or by applying exactly what a dry run showed) or for the one account
//! an EventBridge event names.

use pyo3::prelude::*;
use rootctl::DEFAULT_MAX_CONCURRENCY;
use rootctl::{ApplyEnforcementOptions, EnforceOptions};

use super::{Op, Rootctl};
use crate::convert::{abbreviated, abbreviated_repr};
use crate::errors::{core, raise};
use crate::progress::Callback;
use crate::results::enforce::{EnforcementPolicy, EnforcementReport};
use crate::runtime::{awaitable, block_on};

/// An EventBridge event (a dict, or its JSON text) as JSON. A bad one is named by an
/// abbreviation: an event can be anything a rule forwards, of any size.
fn event_value(event: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    if let Ok(text) = event.extract::<String>() {
        return serde_json::from_str(&text).map_err(|e| {
            raise(rootctl::Error::invalid_input(
                "EventBridge event",
                abbreviated(&text),
                format!("is not JSON: {e}"),
            ))
        });
    }
    pythonize::depythonize(event).map_err(|e| {
        raise(rootctl::Error::invalid_input(
            "EventBridge event",
            abbreviated_repr(event),
            format!(
                "must be a dict (or JSON text): {}",
                abbreviated(&e.to_string())
            ),
        ))
    })
}

impl Rootctl {
    fn enforce_op(
        &self,
        policy: &EnforcementPolicy,
        dry_run: bool,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<impl Op<EnforcementReport>> {
        let rc = self.inner.clone();
        let policy = policy.0.clone();
        let callback = Callback::new(progress, "enforce")?;
        Ok(async move {
            let options = EnforceOptions {
                dry_run,
                progress: callback.as_ref().map(Callback::progress_fn),
            };
            let result = core(rc.enforce(&policy, options).await).map(EnforcementReport);
            Callback::finish(callback.as_ref(), result)
        })
    }

    fn apply_enforcement_op(
        &self,
        policy: &EnforcementPolicy,
        preview: &EnforcementReport,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<impl Op<EnforcementReport>> {
        let rc = self.inner.clone();
        let (policy, preview) = (policy.0.clone(), preview.0.clone());
        let callback = Callback::new(progress, "apply_enforcement")?;
        Ok(async move {
            let options = ApplyEnforcementOptions {
                progress: callback.as_ref().map(Callback::progress_fn),
            };
            let result =
                core(rc.apply_enforcement(&policy, &preview, options).await).map(EnforcementReport);
            Callback::finish(callback.as_ref(), result)
        })
    }

    fn handle_event_op(
        &self,
        event: &Bound<'_, PyAny>,
        policy: &EnforcementPolicy,
        dry_run: bool,
    ) -> PyResult<impl Op<Option<EnforcementReport>>> {
        let rc = self.inner.clone();
        let policy = policy.0.clone();
        let event = event_value(event)?;
        Ok(async move {
            let options = EnforceOptions {
                dry_run,
                progress: None,
            };
            core(rc.handle_event(&event, &policy, options).await)
                .map(|report| report.map(EnforcementReport))
        })
    }
}

#[pymethods]
impl Rootctl {
    #[pyo3(signature = (policy, *, dry_run = false, progress = None))]
    fn enforce(
        &self,
        py: Python<'_>,
        policy: &EnforcementPolicy,
        dry_run: bool,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<EnforcementReport> {
        block_on(py, self.enforce_op(policy, dry_run, progress)?)
    }

    #[pyo3(signature = (policy, *, dry_run = false, progress = None))]
    fn enforce_async<'py>(
        &self,
        py: Python<'py>,
        policy: &EnforcementPolicy,
        dry_run: bool,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        awaitable(py, self.enforce_op(policy, dry_run, progress)?)
    }

    #[pyo3(signature = (policy, preview, *, progress = None))]
    fn apply_enforcement(
        &self,
        py: Python<'_>,
        policy: &EnforcementPolicy,
        preview: &EnforcementReport,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<EnforcementReport> {
        block_on(py, self.apply_enforcement_op(policy, preview, progress)?)
    }

    #[pyo3(signature = (policy, preview, *, progress = None))]
    fn apply_enforcement_async<'py>(
        &self,
        py: Python<'py>,
        policy: &EnforcementPolicy,
        preview: &EnforcementReport,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        awaitable(py, self.apply_enforcement_op(policy, preview, progress)?)
    }

    #[pyo3(signature = (event, policy, *, dry_run = false))]
    fn handle_event(
        &self,
        py: Python<'_>,
        event: &Bound<'_, PyAny>,
        policy: &EnforcementPolicy,
        dry_run: bool,
    ) -> PyResult<Option<EnforcementReport>> {
        block_on(py, self.handle_event_op(event, policy, dry_run)?)
    }

    #[pyo3(signature = (event, policy, *, dry_run = false))]
    fn handle_event_async<'py>(
        &self,
        py: Python<'py>,
        event: &Bound<'_, PyAny>,
        policy: &EnforcementPolicy,
        dry_run: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        awaitable(py, self.handle_event_op(event, policy, dry_run)?)
    }
}

/// `rootctl.handle_event(event, policy)`: the body of an EventBridge-triggered Lambda
/// function. Without `client`, one is built as `Rootctl.from_env()` builds it.
#[pyfunction]
#[pyo3(signature = (event, policy, *, client = None, dry_run = false))]
pub(crate) fn handle_event(
    py: Python<'_>,
    event: &Bound<'_, PyAny>,
    policy: &EnforcementPolicy,
    client: Option<&Bound<'_, Rootctl>>,
    dry_run: bool,
) -> PyResult<Option<EnforcementReport>> {
    let op = match client {
        Some(client) => client.get().handle_event_op(event, policy, dry_run)?,
        None => {
            // `Rootctl.from_env()`'s defaults: adaptive concurrency and AssumeRoot pace.
            let options =
                super::options(None, DEFAULT_MAX_CONCURRENCY, None, 300.0, 5, 900, false)?;
            let rc = block_on(py, super::from_aws(None, None, None, options))?;
            rc.handle_event_op(event, policy, dry_run)?
        }
    };
    block_on(py, op)
}
