//! `report`: the evidence page, one self-contained HTML document.

use std::future::Future;
use std::pin::Pin;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use rootctl::evidence::Evidence;
use rootctl::{Error, RootTask, Selection};

use super::operation;
use crate::errors::{core, raise};
use crate::progress::{Callback, Progress};
use crate::results::OrgFeatures;
use crate::results::audit::AuditReport;
use crate::results::enforce::EnforcementReport;
use crate::results::scps::ScpReport;
use crate::results::unlock_plan::UnlockReport;

/// The tasks a live pre-flight checks for the page: those the audit and the removal need.
const PREFLIGHT_TASKS: [RootTask; 2] = [RootTask::Audit, RootTask::Delete];

/// The page's SCP pre-flight: none, a live one, or a report already made.
enum Scps {
    Skip,
    Live,
    Given(Box<rootctl::ScpReport>),
}

impl Scps {
    fn from_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let Some(value) = value.filter(|v| !v.is_none()) else {
            return Ok(Scps::Skip);
        };
        if let Ok(report) = value.cast::<ScpReport>() {
            return Ok(Scps::Given(Box::new(report.get().0.clone())));
        }
        match value.extract::<bool>() {
            Ok(true) => Ok(Scps::Live),
            Ok(false) => Ok(Scps::Skip),
            Err(_) => Err(PyTypeError::new_err(format!(
                "scps must be True, False, None or an ScpReport, not {}",
                value.get_type().name()?
            ))),
        }
    }
}

type AuditOp = Pin<Box<dyn Future<Output = PyResult<AuditReport>> + Send>>;

operation!(
    report, report_async
    (select(selection, audit = None, audit_sha256 = None, features = None, scps = None, enforcement = None, unlock = None, progress = None))
    (
        audit: Option<PyRef<'_, AuditReport>>,
        audit_sha256: Option<String>,
        features: Option<PyRef<'_, OrgFeatures>>,
        scps: Option<&Bound<'_, PyAny>>,
        enforcement: Option<PyRef<'_, EnforcementReport>>,
        unlock: Option<PyRef<'_, UnlockReport>>,
        progress: Progress<'_>,
    ) -> String = |this| {
        let rc = this.inner.clone();
        let scps = Scps::from_arg(scps)?;
        let given = audit.map(|a| a.0.clone());
        if given.is_some() && selection != Selection::all() {
            return Err(raise(Error::invalid_input(
                "audit",
                "a saved audit",
                "cannot be given with selection keywords: the audit already chose its accounts",
            )));
        }
        let live = given.is_none();
        let audit_op: AuditOp = match given {
            Some(audit) => Box::pin(async move { Ok(AuditReport(audit)) }),
            None => {
                let (rc, selection) = (rc.clone(), selection.clone());
                // The reports given are checked against the organization before any
                // root session.
                let beside: Vec<String> = [
                    match &scps {
                        Scps::Given(report) => Some(report.organization_id.clone()),
                        _ => None,
                    },
                    enforcement.as_ref().map(|e| e.0.organization_id.clone()),
                    unlock.as_ref().map(|u| u.0.organization_id.clone()),
                ]
                .into_iter()
                .flatten()
                .collect();
                Box::pin(Callback::around(progress, "report", |progress| async move {
                    let beside: Vec<&str> = beside.iter().map(String::as_str).collect();
                    let audit = rc.audit_for_evidence(&selection, &beside, progress).await;
                    core(audit).map(AuditReport)
                })?)
            }
        };
        let features = features.map(|f| f.0);
        let enforcement = enforcement.map(|e| e.0.clone());
        let unlock = unlock.map(|u| u.0.clone());
        PyResult::Ok(async move {
            let mut evidence = Evidence::new(audit_op.await?.0);
            if let Some(sha256) = audit_sha256 {
                evidence = evidence.with_audit_sha256(sha256);
            }
            match features {
                Some(features) => evidence = evidence.with_features(features),
                None if live => evidence = evidence.with_features(core(rc.features().await)?),
                None => {}
            }
            match scps {
                Scps::Skip => {}
                // Nothing audited, nothing to judge (and no ids would mean every account).
                Scps::Live if evidence.audit.accounts.is_empty() => {}
                Scps::Live => {
                    // The pre-flight judges exactly the accounts the audit targeted.
                    let ids = evidence.audit.accounts.iter().map(|a| a.account_id);
                    let audited = Selection::accounts(ids);
                    let report = rc.check_scps(&audited, &PREFLIGHT_TASKS).await;
                    evidence = evidence.with_scps(core(report)?);
                }
                Scps::Given(report) => evidence = evidence.with_scps(*report),
            }
            if let Some(enforcement) = enforcement {
                evidence = evidence.with_enforcement(enforcement);
            }
            if let Some(unlock) = unlock {
                evidence = evidence.with_unlock(unlock);
            }
            core(evidence.to_html())
        })
    }
);
