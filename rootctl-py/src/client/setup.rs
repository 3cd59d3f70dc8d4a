//! The operations on centralized root access itself: `check_prerequisites`, `features`,
//! `plan_enable` / `enable` and `plan_disable` / `disable`.

use pyo3::prelude::*;
use rootctl::{DisableOptions, EnableOptions, PrerequisiteOptions};

use super::operation;
use crate::convert::account_id;
use crate::errors::core;
use crate::results::OrgFeatures;
use crate::results::changes::{DisablePlan, DisableReport, EnablePlan, EnableReport};
use crate::results::prerequisites::PrerequisiteReport;

operation!(
    check_prerequisites, check_prerequisites_async (*, probe = false, probe_account = None, scps = false)
    (probe: bool, probe_account: Option<&str>, scps: bool) -> PrerequisiteReport = |this| {
        let probe_account = probe_account.map(account_id).transpose()?;
        let options = PrerequisiteOptions { probe, probe_account, scps };
        let rc = this.inner.clone();
        PyResult::Ok(async move { core(rc.check_prerequisites(options).await).map(PrerequisiteReport) })
    }
);

operation!(
    features, features_async () () -> OrgFeatures = |this| {
        let rc = this.inner.clone();
        PyResult::Ok(async move { core(rc.features().await).map(OrgFeatures) })
    }
);

/// `plan_enable` and `enable`, or `plan_disable` and `disable`: the same keywords, the
/// same options, two core calls.
macro_rules! change {
    ($options:ident $sig:tt $fields:tt $($sync:ident, $async_:ident: $call:ident -> $ret:ident;)*) => {
        $(change!(@one $options $sig $fields $sync, $async_: $call -> $ret);)*
    };
    (
        @one $options:ident $sig:tt { $($field:ident: $ty:ty $(= $value:expr)?),* $(,)? }
        $sync:ident, $async_:ident: $call:ident -> $ret:ident
    ) => {
        operation!(
            $sync, $async_ $sig ($($field: $ty),*) -> $ret = |this| {
                let options = $options { $($field $(: $value)?),* };
                let rc = this.inner.clone();
                PyResult::Ok(async move { core(rc.$call(&options).await).map($ret) })
            }
        );
    };
}

change!(
    EnableOptions (*, root_sessions = true, delegated_admin = None, manage_trusted_access = true) {
        root_sessions: bool,
        delegated_admin: Option<&str> = delegated_admin.map(account_id).transpose()?,
        manage_trusted_access: bool,
    }
    plan_enable, plan_enable_async: plan_enable -> EnablePlan;
    enable, enable_async: enable -> EnableReport;
);

change!(
    DisableOptions (*, root_sessions_only = false, deregister_delegated_admin = false, disable_trusted_access = false) {
        root_sessions_only: bool,
        deregister_delegated_admin: bool,
        disable_trusted_access: bool,
    }
    plan_disable, plan_disable_async: plan_disable -> DisablePlan;
    disable, disable_async: disable -> DisableReport;
);
