//! Python bindings for rootctl: the native module `rootctl._rootctl`, which the `rootctl`
//! Python package re-exports. Built by maturin from `rootctl-py/pyproject.toml`; the
//! Python documentation is `python/rootctl/_rootctl.pyi`.
//!
//! Layout: `runtime` (the one tokio runtime, blocking and awaitable calls), `errors`
//! (the exception tree and the one conversion into it), `convert` (arguments in, JSON
//! out), `progress` (Python progress callbacks), `sim` (`SimulatedOrg`), `client`
//! (`Rootctl`: each operation declared once with `operation!`, which makes its sync and
//! async methods) and `results` (the frozen result classes, each declared once with
//! `result_class!`).

mod client;
mod convert;
mod errors;
mod progress;
mod results;
mod runtime;
mod sim;

use pyo3::prelude::*;

/// The native module. Its classes say `rootctl` as their module, where users import them.
#[pymodule(gil_used = false)]
mod _rootctl {
    #[pymodule_export]
    use crate::client::{
        Rootctl, credential_kinds, handle_event, judged_calls, least_privilege_policy,
    };
    #[pymodule_export]
    use crate::progress::ProgressEvent;
    #[pymodule_export]
    use crate::results::audit::{AccountAudit, AccountSummary, AuditReport, AuditSummary};
    #[pymodule_export]
    use crate::results::changes::{
        ChangeStep, DisablePlan, DisableReport, EnablePlan, EnableReport, StepResult,
    };
    #[pymodule_export]
    use crate::results::credentials::{
        AccessKey, AccessKeyLastUsed, LoginProfile, MfaDevice, RootCredentials, SigningCertificate,
    };
    #[pymodule_export]
    use crate::results::enforce::{AccountEnforcement, EnforcementPolicy, EnforcementReport};
    #[pymodule_export]
    use crate::results::prerequisites::{Check, PrerequisiteReport};
    #[pymodule_export]
    use crate::results::recovery::{AccountRecovery, RecoveryReport};
    #[pymodule_export]
    use crate::results::removal::{AccountRemovalPlan, NotPlanned, RemovalItem, RemovalPlan};
    #[pymodule_export]
    use crate::results::report::{AccountRemoval, ItemResult, RemovalReport, RemovalSummary};
    #[pymodule_export]
    use crate::results::scps::{AccountScps, CallerScps, ScpFinding, ScpReport};
    #[pymodule_export]
    use crate::results::selection::{Account, SelectedAccounts};
    #[pymodule_export]
    use crate::results::unlock::{AccountSearch, LockedResource, LockedResourceReport};
    #[pymodule_export]
    use crate::results::unlock_plan::{
        RestoreResult, UnlockItem, UnlockPlan, UnlockReport, UnlockResult,
    };
    #[pymodule_export]
    use crate::results::{CallerIdentity, OrgFeatures, SkippedAccount};
    #[pymodule_export]
    use crate::sim::{CallRecord, Member, SimStats, SimulatedOrg};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        crate::errors::register(module)?;
        module.add("__version__", env!("CARGO_PKG_VERSION"))?;
        // `Selection` was the name of what `select_accounts` returns, and is the name of
        // the core's selection criteria: the old Python name stays, as an alias.
        module.add("Selection", module.getattr("SelectedAccounts")?)?;
        // The core's tables, so Python code (the console command's choices and columns)
        // names the kinds and tasks from the one place they are declared.
        let kinds = rootctl::CredentialKind::ALL.map(rootctl::CredentialKind::plural);
        module.add(
            "CREDENTIAL_KINDS",
            pyo3::types::PyTuple::new(module.py(), kinds)?,
        )?;
        let tasks = rootctl::RootTask::ALL.map(rootctl::RootTask::as_str);
        module.add("ROOT_TASKS", pyo3::types::PyTuple::new(module.py(), tasks)?)?;
        let events = pyo3::types::PyTuple::new(module.py(), rootctl::EVENT_NAMES)?;
        module.add("EVENT_NAMES", events)?;
        // Async operations still delivering their results hold the interpreter's exit.
        let wait = wrap_pyfunction!(crate::runtime::wait_for_operations, module)?;
        module
            .py()
            .import("atexit")?
            .call_method1("register", (wait,))?;
        Ok(())
    }
}
