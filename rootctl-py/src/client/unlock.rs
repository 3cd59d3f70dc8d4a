//! The unlock operations: `find_locked_resources`, `plan_unlock`, `apply_unlock` and
//! `restore_unlock`, sync and async.

use std::path::PathBuf;

use pyo3::prelude::*;
use rootctl::{
    ApplyUnlockOptions, FindOptions, ResourceService, RestoreOptions, Selection as CoreSelection,
    UnlockMode,
};

use super::{Op, Rootctl};
use crate::convert::{SelectionArgs, strings};
use crate::errors::core;
use crate::progress::Callback;
use crate::results::unlock::LockedResourceReport;
use crate::results::unlock_plan::{RestoreResult, UnlockPlan, UnlockReport};
use crate::runtime::{awaitable, block_on};

/// The checked arguments of `find_locked_resources`.
struct FindArgs {
    selection: CoreSelection,
    services: Vec<ResourceService>,
    regions: Option<Vec<String>>,
}

fn find_args(
    selection: SelectionArgs<'_, '_>,
    services: Option<&Bound<'_, PyAny>>,
    regions: Option<&Bound<'_, PyAny>>,
) -> PyResult<FindArgs> {
    let selection = selection.parse()?;
    let services = match services.filter(|s| !s.is_none()) {
        None => ResourceService::ALL.to_vec(),
        Some(s) => strings(Some(s), "services")?
            .iter()
            .map(|s| core(s.parse()))
            .collect::<PyResult<_>>()?,
    };
    let regions = match regions.filter(|r| !r.is_none()) {
        None => None,
        Some(r) => {
            let regions = strings(Some(r), "regions")?;
            for region in &regions {
                core(rootctl::check_region_name(region))?;
            }
            Some(regions)
        }
    };
    Ok(FindArgs {
        selection,
        services,
        regions,
    })
}

impl Rootctl {
    fn find_op(
        &self,
        args: FindArgs,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<impl Op<LockedResourceReport>> {
        let rc = self.inner.clone();
        let callback = Callback::new(progress, "find_locked_resources")?;
        Ok(async move {
            let options = FindOptions {
                services: args.services,
                regions: args.regions,
                progress: callback.as_ref().map(Callback::progress_fn),
            };
            let result = core(rc.find_locked_resources(&args.selection, options).await)
                .map(LockedResourceReport);
            Callback::finish(callback.as_ref(), result)
        })
    }

    fn plan_unlock_op(
        &self,
        found: &LockedResourceReport,
        mode: UnlockMode,
    ) -> impl Op<UnlockPlan> {
        let rc = self.inner.clone();
        let found = found.0.clone();
        async move { core(rc.plan_unlock(&found, mode)).map(UnlockPlan) }
    }

    fn apply_unlock_op(
        &self,
        plan: &UnlockPlan,
        dry_run: bool,
        backup_dir: Option<PathBuf>,
        journal: Option<PathBuf>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<impl Op<UnlockReport>> {
        let rc = self.inner.clone();
        let plan = plan.0.clone();
        let callback = Callback::new(progress, "apply_unlock")?;
        Ok(async move {
            let options = ApplyUnlockOptions {
                dry_run,
                backup_dir,
                journal,
                progress: callback.as_ref().map(Callback::progress_fn),
                max_plan_age: None,
            };
            let result = core(rc.apply_unlock(&plan, options).await).map(UnlockReport);
            Callback::finish(callback.as_ref(), result)
        })
    }

    fn restore_op(&self, backup: PathBuf, options: RestoreOptions) -> impl Op<RestoreResult> {
        let rc = self.inner.clone();
        async move { core(rc.restore_unlock(&backup, options).await).map(RestoreResult) }
    }
}

#[pymethods]
impl Rootctl {
    #[pyo3(signature = (*, accounts = None, ous = None, tags = None, exclude = None, exclude_ous = None, exclude_tags = None, services = None, regions = None, progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn find_locked_resources(
        &self,
        py: Python<'_>,
        accounts: Option<&Bound<'_, PyAny>>,
        ous: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
        exclude: Option<&Bound<'_, PyAny>>,
        exclude_ous: Option<&Bound<'_, PyAny>>,
        exclude_tags: Option<&Bound<'_, PyAny>>,
        services: Option<&Bound<'_, PyAny>>,
        regions: Option<&Bound<'_, PyAny>>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<LockedResourceReport> {
        let selection = SelectionArgs {
            accounts,
            ous,
            tags,
            exclude,
            exclude_ous,
            exclude_tags,
        };
        let args = find_args(selection, services, regions)?;
        block_on(py, self.find_op(args, progress)?)
    }

    #[pyo3(signature = (*, accounts = None, ous = None, tags = None, exclude = None, exclude_ous = None, exclude_tags = None, services = None, regions = None, progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn find_locked_resources_async<'py>(
        &self,
        py: Python<'py>,
        accounts: Option<&Bound<'_, PyAny>>,
        ous: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
        exclude: Option<&Bound<'_, PyAny>>,
        exclude_ous: Option<&Bound<'_, PyAny>>,
        exclude_tags: Option<&Bound<'_, PyAny>>,
        services: Option<&Bound<'_, PyAny>>,
        regions: Option<&Bound<'_, PyAny>>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let selection = SelectionArgs {
            accounts,
            ous,
            tags,
            exclude,
            exclude_ous,
            exclude_tags,
        };
        let args = find_args(selection, services, regions)?;
        awaitable(py, self.find_op(args, progress)?)
    }

    #[pyo3(signature = (found, mode = "delete"))]
    fn plan_unlock(
        &self,
        py: Python<'_>,
        found: &LockedResourceReport,
        mode: &str,
    ) -> PyResult<UnlockPlan> {
        let mode = core(mode.parse())?;
        block_on(py, self.plan_unlock_op(found, mode))
    }

    #[pyo3(signature = (found, mode = "delete"))]
    fn plan_unlock_async<'py>(
        &self,
        py: Python<'py>,
        found: &LockedResourceReport,
        mode: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mode = core(mode.parse())?;
        awaitable(py, self.plan_unlock_op(found, mode))
    }

    #[pyo3(signature = (plan, *, dry_run = false, backup_dir = None, journal = None, progress = None))]
    fn apply_unlock(
        &self,
        py: Python<'_>,
        plan: &UnlockPlan,
        dry_run: bool,
        backup_dir: Option<PathBuf>,
        journal: Option<PathBuf>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<UnlockReport> {
        block_on(
            py,
            self.apply_unlock_op(plan, dry_run, backup_dir, journal, progress)?,
        )
    }

    #[pyo3(signature = (plan, *, dry_run = false, backup_dir = None, journal = None, progress = None))]
    fn apply_unlock_async<'py>(
        &self,
        py: Python<'py>,
        plan: &UnlockPlan,
        dry_run: bool,
        backup_dir: Option<PathBuf>,
        journal: Option<PathBuf>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        awaitable(
            py,
            self.apply_unlock_op(plan, dry_run, backup_dir, journal, progress)?,
        )
    }

    #[pyo3(signature = (backup, *, force = false, backup_dir = None))]
    fn restore_unlock(
        &self,
        py: Python<'_>,
        backup: PathBuf,
        force: bool,
        backup_dir: Option<PathBuf>,
    ) -> PyResult<RestoreResult> {
        let options = RestoreOptions { force, backup_dir };
        block_on(py, self.restore_op(backup, options))
    }

    #[pyo3(signature = (backup, *, force = false, backup_dir = None))]
    fn restore_unlock_async<'py>(
        &self,
        py: Python<'py>,
        backup: PathBuf,
        force: bool,
        backup_dir: Option<PathBuf>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = RestoreOptions { force, backup_dir };
        awaitable(py, self.restore_op(backup, options))
    }
}
