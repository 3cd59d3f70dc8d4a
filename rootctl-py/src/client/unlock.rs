//! The unlock operations: `find_locked_resources`, `plan_unlock`, `apply_unlock` and
//! `restore_unlock`, sync and async.

use std::path::PathBuf;

use pyo3::prelude::*;
use rootctl::{ApplyUnlockOptions, FindOptions, ResourceService, RestoreOptions, UnlockMode};

use super::operation;
use crate::convert::strings;
use crate::errors::core;
use crate::progress::{Callback, Progress};
use crate::results::unlock::LockedResourceReport;
use crate::results::unlock_plan::{RestoreResult, UnlockPlan, UnlockReport};

/// The services named by `services`; `None` is all of them.
fn services(services: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<ResourceService>> {
    match services.filter(|s| !s.is_none()) {
        None => Ok(ResourceService::ALL.to_vec()),
        Some(s) => strings(Some(s), "services")?
            .iter()
            .map(|s| core(s.parse()))
            .collect(),
    }
}

/// The regions named by `regions`, each checked; `None` is every enabled one.
fn regions(regions: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<String>>> {
    let Some(regions) = regions.filter(|r| !r.is_none()) else {
        return Ok(None);
    };
    let regions = strings(Some(regions), "regions")?;
    for region in &regions {
        core(rootctl::check_region_name(region))?;
    }
    Ok(Some(regions))
}

operation!(
    find_locked_resources, find_locked_resources_async
    (select(selection, services = None, regions = None, progress = None))
    (
        services: Option<&Bound<'_, PyAny>>,
        regions: Option<&Bound<'_, PyAny>>,
        progress: Progress<'_>,
    ) -> LockedResourceReport = |this| {
        let (services, regions) = (self::services(services)?, self::regions(regions)?);
        let rc = this.inner.clone();
        Callback::around(progress, "find_locked_resources", |progress| async move {
            let options = FindOptions { services, regions, progress };
            core(rc.find_locked_resources(&selection, options).await).map(LockedResourceReport)
        })
    }
);

operation!(
    plan_unlock, plan_unlock_async (found, mode = "delete")
    (found: &LockedResourceReport, mode: &str) -> UnlockPlan = |this| {
        let mode: UnlockMode = core(mode.parse())?;
        let (rc, found) = (this.inner.clone(), found.0.clone());
        PyResult::Ok(async move { core(rc.plan_unlock(&found, mode)).map(UnlockPlan) })
    }
);

operation!(
    apply_unlock, apply_unlock_async
    (plan, *, dry_run = false, backup_dir = None, journal = None, progress = None)
    (
        plan: &UnlockPlan,
        dry_run: bool,
        backup_dir: Option<PathBuf>,
        journal: Option<PathBuf>,
        progress: Progress<'_>,
    ) -> UnlockReport = |this| {
        let (rc, plan) = (this.inner.clone(), plan.0.clone());
        Callback::around(progress, "apply_unlock", move |progress| async move {
            let options = ApplyUnlockOptions {
                dry_run,
                backup_dir,
                journal,
                progress,
                max_plan_age: None,
            };
            core(rc.apply_unlock(&plan, options).await).map(UnlockReport)
        })
    }
);

operation!(
    restore_unlock, restore_unlock_async (backup, *, force = false, backup_dir = None)
    (backup: PathBuf, force: bool, backup_dir: Option<PathBuf>) -> RestoreResult = |this| {
        let options = RestoreOptions { force, backup_dir };
        let rc = this.inner.clone();
        PyResult::Ok(async move { core(rc.restore_unlock(&backup, options).await).map(RestoreResult) })
    }
);
