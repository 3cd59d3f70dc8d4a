//! The operations on centralized root access itself: `check_prerequisites`, `features`,
//! `plan_enable` / `enable` and `plan_disable` / `disable`.

use pyo3::prelude::*;
use rootctl::{DisableOptions, EnableOptions, PrerequisiteOptions};

use super::{Op, Rootctl};
use crate::convert::account_id;
use crate::errors::core;
use crate::results::OrgFeatures;
use crate::results::changes::{DisablePlan, DisableReport, EnablePlan, EnableReport};
use crate::results::prerequisites::PrerequisiteReport;
use crate::runtime::{awaitable, block_on};

impl Rootctl {
    fn check_prerequisites_op(
        &self,
        probe: bool,
        probe_account: Option<&str>,
        scps: bool,
    ) -> PyResult<impl Op<PrerequisiteReport>> {
        let options = PrerequisiteOptions {
            probe,
            probe_account: probe_account.map(account_id).transpose()?,
            scps,
        };
        let rc = self.inner.clone();
        Ok(async move { core(rc.check_prerequisites(options).await).map(PrerequisiteReport) })
    }

    fn features_op(&self) -> impl Op<OrgFeatures> {
        let rc = self.inner.clone();
        async move { core(rc.features().await).map(OrgFeatures) }
    }

    fn plan_enable_op(&self, options: EnableOptions) -> impl Op<EnablePlan> {
        let rc = self.inner.clone();
        async move { core(rc.plan_enable(&options).await).map(EnablePlan) }
    }

    fn enable_op(&self, options: EnableOptions) -> impl Op<EnableReport> {
        let rc = self.inner.clone();
        async move { core(rc.enable(&options).await).map(EnableReport) }
    }

    fn plan_disable_op(&self, options: DisableOptions) -> impl Op<DisablePlan> {
        let rc = self.inner.clone();
        async move { core(rc.plan_disable(&options).await).map(DisablePlan) }
    }

    fn disable_op(&self, options: DisableOptions) -> impl Op<DisableReport> {
        let rc = self.inner.clone();
        async move { core(rc.disable(&options).await).map(DisableReport) }
    }
}

fn enable_options(
    root_sessions: bool,
    delegated_admin: Option<&str>,
    manage_trusted_access: bool,
) -> PyResult<EnableOptions> {
    Ok(EnableOptions {
        root_sessions,
        delegated_admin: delegated_admin.map(account_id).transpose()?,
        manage_trusted_access,
    })
}

fn disable_options(
    root_sessions_only: bool,
    deregister_delegated_admin: bool,
    disable_trusted_access: bool,
) -> DisableOptions {
    DisableOptions {
        root_sessions_only,
        deregister_delegated_admin,
        disable_trusted_access,
    }
}

#[pymethods]
impl Rootctl {
    #[pyo3(signature = (*, probe = false, probe_account = None, scps = false))]
    fn check_prerequisites(
        &self,
        py: Python<'_>,
        probe: bool,
        probe_account: Option<&str>,
        scps: bool,
    ) -> PyResult<PrerequisiteReport> {
        block_on(py, self.check_prerequisites_op(probe, probe_account, scps)?)
    }

    #[pyo3(signature = (*, probe = false, probe_account = None, scps = false))]
    fn check_prerequisites_async<'py>(
        &self,
        py: Python<'py>,
        probe: bool,
        probe_account: Option<&str>,
        scps: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        awaitable(py, self.check_prerequisites_op(probe, probe_account, scps)?)
    }

    fn features(&self, py: Python<'_>) -> PyResult<OrgFeatures> {
        block_on(py, self.features_op())
    }

    fn features_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        awaitable(py, self.features_op())
    }

    #[pyo3(signature = (*, root_sessions = true, delegated_admin = None, manage_trusted_access = true))]
    fn plan_enable(
        &self,
        py: Python<'_>,
        root_sessions: bool,
        delegated_admin: Option<&str>,
        manage_trusted_access: bool,
    ) -> PyResult<EnablePlan> {
        let options = enable_options(root_sessions, delegated_admin, manage_trusted_access)?;
        block_on(py, self.plan_enable_op(options))
    }

    #[pyo3(signature = (*, root_sessions = true, delegated_admin = None, manage_trusted_access = true))]
    fn plan_enable_async<'py>(
        &self,
        py: Python<'py>,
        root_sessions: bool,
        delegated_admin: Option<&str>,
        manage_trusted_access: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = enable_options(root_sessions, delegated_admin, manage_trusted_access)?;
        awaitable(py, self.plan_enable_op(options))
    }

    #[pyo3(signature = (*, root_sessions = true, delegated_admin = None, manage_trusted_access = true))]
    fn enable(
        &self,
        py: Python<'_>,
        root_sessions: bool,
        delegated_admin: Option<&str>,
        manage_trusted_access: bool,
    ) -> PyResult<EnableReport> {
        let options = enable_options(root_sessions, delegated_admin, manage_trusted_access)?;
        block_on(py, self.enable_op(options))
    }

    #[pyo3(signature = (*, root_sessions = true, delegated_admin = None, manage_trusted_access = true))]
    fn enable_async<'py>(
        &self,
        py: Python<'py>,
        root_sessions: bool,
        delegated_admin: Option<&str>,
        manage_trusted_access: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = enable_options(root_sessions, delegated_admin, manage_trusted_access)?;
        awaitable(py, self.enable_op(options))
    }

    #[pyo3(signature = (*, root_sessions_only = false, deregister_delegated_admin = false, disable_trusted_access = false))]
    fn plan_disable(
        &self,
        py: Python<'_>,
        root_sessions_only: bool,
        deregister_delegated_admin: bool,
        disable_trusted_access: bool,
    ) -> PyResult<DisablePlan> {
        let options = disable_options(
            root_sessions_only,
            deregister_delegated_admin,
            disable_trusted_access,
        );
        block_on(py, self.plan_disable_op(options))
    }

    #[pyo3(signature = (*, root_sessions_only = false, deregister_delegated_admin = false, disable_trusted_access = false))]
    fn plan_disable_async<'py>(
        &self,
        py: Python<'py>,
        root_sessions_only: bool,
        deregister_delegated_admin: bool,
        disable_trusted_access: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = disable_options(
            root_sessions_only,
            deregister_delegated_admin,
            disable_trusted_access,
        );
        awaitable(py, self.plan_disable_op(options))
    }

    #[pyo3(signature = (*, root_sessions_only = false, deregister_delegated_admin = false, disable_trusted_access = false))]
    fn disable(
        &self,
        py: Python<'_>,
        root_sessions_only: bool,
        deregister_delegated_admin: bool,
        disable_trusted_access: bool,
    ) -> PyResult<DisableReport> {
        let options = disable_options(
            root_sessions_only,
            deregister_delegated_admin,
            disable_trusted_access,
        );
        block_on(py, self.disable_op(options))
    }

    #[pyo3(signature = (*, root_sessions_only = false, deregister_delegated_admin = false, disable_trusted_access = false))]
    fn disable_async<'py>(
        &self,
        py: Python<'py>,
        root_sessions_only: bool,
        deregister_delegated_admin: bool,
        disable_trusted_access: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = disable_options(
            root_sessions_only,
            deregister_delegated_admin,
            disable_trusted_access,
        );
        awaitable(py, self.disable_op(options))
    }
}
