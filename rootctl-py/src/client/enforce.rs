//! `enforce`, `apply_enforcement` and `handle_event`: keep a declared policy true,
//! org-wide (at once, or by applying exactly what a dry run showed) or for the one account
//! an EventBridge event names.

use pyo3::prelude::*;
use rootctl::{ApplyEnforcementOptions, EnforceOptions};

use super::{Op, Rootctl, operation};
use crate::convert::{abbreviated, abbreviated_repr, plain_json};
use crate::errors::{core, raise};
use crate::progress::{Callback, Progress};
use crate::results::enforce::{EnforcementPolicy, EnforcementReport};
use crate::runtime::block_on;

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
    plain_json(event).map_err(|why| {
        raise(rootctl::Error::invalid_input(
            "EventBridge event",
            abbreviated_repr(event),
            format!("must be a dict (or JSON text): {}", abbreviated(&why)),
        ))
    })
}

impl Rootctl {
    fn handle_event_op(
        &self,
        event: &Bound<'_, PyAny>,
        policy: &EnforcementPolicy,
        dry_run: bool,
    ) -> PyResult<impl Op<Option<EnforcementReport>>> {
        let (rc, policy) = (self.inner.clone(), policy.0.clone());
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

operation!(
    enforce, enforce_async (policy, *, dry_run = false, progress = None)
    (policy: &EnforcementPolicy, dry_run: bool, progress: Progress<'_>)
    -> EnforcementReport = |this| {
        let (rc, policy) = (this.inner.clone(), policy.0.clone());
        Callback::around(progress, "enforce", move |progress| async move {
            let options = EnforceOptions { dry_run, progress };
            core(rc.enforce(&policy, options).await).map(EnforcementReport)
        })
    }
);

operation!(
    apply_enforcement, apply_enforcement_async (policy, preview, *, progress = None)
    (policy: &EnforcementPolicy, preview: &EnforcementReport, progress: Progress<'_>)
    -> EnforcementReport = |this| {
        let (rc, policy, preview) = (this.inner.clone(), policy.0.clone(), preview.0.clone());
        Callback::around(progress, "apply_enforcement", |progress| async move {
            let options = ApplyEnforcementOptions { progress };
            core(rc.apply_enforcement(&policy, &preview, options).await).map(EnforcementReport)
        })
    }
);

operation!(
    handle_event, handle_event_async (event, policy, *, dry_run = false)
    (event: &Bound<'_, PyAny>, policy: &EnforcementPolicy, dry_run: bool)
    -> Option<EnforcementReport> = |this| this.handle_event_op(event, policy, dry_run)
);

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
            let options = super::ClientOptions::default().check()?;
            let rc = block_on(py, super::from_aws(None, None, None, options))?;
            rc.handle_event_op(event, policy, dry_run)?
        }
    };
    block_on(py, op)
}
