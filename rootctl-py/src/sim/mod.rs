//! `SimulatedOrg`: the embedded in-process organization, its builder knobs as keyword
//! arguments, and its ground truth for tests ([`records`]).

mod records;
mod resources;

use std::collections::BTreeMap;
use std::time::Duration;

use pyo3::prelude::*;
use rootctl::sim::{self, Caller, ScpDeny, SimBuilder};
use rootctl::{AccountState, Error, FeatureSet, OrgFeatures, Timestamp};

use crate::convert::{quote, seconds};
use crate::errors::{core, raise};
use crate::results::OrgFeatures as PyOrgFeatures;
use crate::results::credentials::RootCredentials;
pub(crate) use records::{CallRecord, Member, SimStats};

fn parse_caller(caller: &str) -> PyResult<Caller> {
    match caller {
        "management" => Ok(Caller::ManagementAccount),
        "delegated_admin" => Ok(Caller::DelegatedAdmin),
        "member" => Ok(Caller::Member),
        "outside_organization" => Ok(Caller::OutsideOrganization),
        other => Err(raise(Error::invalid_input(
            "caller",
            other,
            "must be one of management, delegated_admin, member, outside_organization",
        ))),
    }
}

fn caller_name(caller: Caller) -> &'static str {
    match caller {
        Caller::ManagementAccount => "management",
        Caller::DelegatedAdmin => "delegated_admin",
        Caller::Member => "member",
        Caller::OutsideOrganization => "outside_organization",
    }
}

fn parse_deny(deny: &str) -> PyResult<ScpDeny> {
    match deny {
        "assume_root" => Ok(ScpDeny::AssumeRoot),
        "every_call" => Ok(ScpDeny::EveryCall),
        other => Err(raise(Error::invalid_input(
            "scp deny",
            other,
            "must be assume_root (AssumeRoot is denied) or every_call (every call of the session is denied)",
        ))),
    }
}

fn rate(value: f64, what: &'static str) -> PyResult<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(raise(Error::invalid_input(
            what,
            value.to_string(),
            "must be a positive number of calls per second",
        )))
    }
}

/// A token bucket's burst: the given one, or one second's worth.
fn burst(per_second: f64, burst: Option<u32>) -> u32 {
    burst.unwrap_or_else(|| per_second.ceil().clamp(1.0, f64::from(u32::MAX)) as u32)
}

/// A simulated AWS organization.
#[pyclass(frozen, module = "rootctl")]
#[derive(Clone)]
pub(crate) struct SimulatedOrg {
    pub(crate) inner: sim::SimulatedOrg,
    seed: u64,
}

/// `SimulatedOrg(*, ...)`: each builder knob declared once, with its type and default,
/// then the body that checks them and builds the organization.
macro_rules! simulated_org_new {
    ($($name:ident: $ty:ty = $default:tt),* $(,)? => $body:block) => {
        #[pymethods]
        #[allow(clippy::too_many_arguments)]
        impl SimulatedOrg {
            #[new]
            #[pyo3(signature = (*, $($name = $default),*))]
            fn new($($name: $ty),*) -> PyResult<Self> $body
        }
    };
}

simulated_org_new!(
    members: usize = 12,
    seed: u64 = 0,
    features_enabled: bool = false,
    trusted_access: Option<bool> = None,
    root_sessions: Option<bool> = None,
    all_features: bool = true,
    caller: &str = "management",
    delegated_admin: bool = false,
    latency_ms: f64 = 0.0,
    latency_jitter_ms: f64 = 0.0,
    assume_root_rate: Option<f64> = None,
    assume_root_burst: Option<u32> = None,
    iam_rate: Option<f64> = None,
    organizations_rate: Option<f64> = None,
    transient_failure_rate: f64 = 0.0,
    denied_members: usize = 0,
    scp_deny: &str = "assume_root",
    session_lifetime_s: Option<f64> = None,
    ou_depth: usize = 2,
    ou_fan_out: usize = 3,
    suspended: usize = 0,
    pending_closure: usize = 0,
    closed: usize = 0,
    password_share: f64 = 0.5,
    access_key_share: f64 = 0.3,
    signing_certificate_share: f64 = 0.1,
    mfa_share: f64 = 0.4,
    tags: Option<BTreeMap<String, Vec<String>>> = None,
    empty_page_rate: f64 = 0.05,
    => {
        let root_sessions = root_sessions.unwrap_or(features_enabled);
        let trusted_access = trusted_access.unwrap_or(features_enabled || root_sessions);
        if !trusted_access && (features_enabled || root_sessions) {
            return Err(raise(Error::invalid_input(
                "trusted_access",
                "False",
                "must be True when a feature is enabled: AWS enables the features only with trusted access",
            )));
        }
        let latency = |ms: f64, what| {
            if ms == 0.0 {
                Ok(Duration::ZERO)
            } else {
                seconds(ms / 1000.0, what)
            }
        };
        let mut builder = SimBuilder::default()
            .members(members)
            .seed(seed)
            .features(OrgFeatures {
                trusted_access,
                root_credentials_management: features_enabled,
                root_sessions,
            })
            .feature_set(if all_features {
                FeatureSet::All
            } else {
                FeatureSet::ConsolidatedBilling
            })
            .caller(parse_caller(caller)?)
            .delegated_admin(delegated_admin)
            .latency(
                latency(latency_ms, "latency_ms")?,
                latency(latency_jitter_ms, "latency_jitter_ms")?,
            )
            .transient_failure_rate(transient_failure_rate)
            .denied_members(denied_members)
            .scp_deny(parse_deny(scp_deny)?)
            .ou_layout(ou_depth, ou_fan_out)
            .suspended(suspended)
            .pending_closure(pending_closure)
            .closed(closed)
            .password_share(password_share)
            .access_key_share(access_key_share)
            .signing_certificate_share(signing_certificate_share)
            .mfa_share(mfa_share)
            .empty_page_rate(empty_page_rate);
        if let Some(per_second) = assume_root_rate {
            let per_second = rate(per_second, "assume_root_rate")?;
            builder =
                builder.assume_root_rate_limit(per_second, burst(per_second, assume_root_burst));
        }
        if let Some(per_second) = iam_rate {
            let per_second = rate(per_second, "iam_rate")?;
            builder = builder.iam_rate_limit(per_second, burst(per_second, None));
        }
        if let Some(per_second) = organizations_rate {
            let per_second = rate(per_second, "organizations_rate")?;
            builder = builder.organizations_rate_limit(per_second, burst(per_second, None));
        }
        if let Some(lifetime) = session_lifetime_s {
            builder = builder.session_lifetime(seconds(lifetime, "session_lifetime_s")?);
        }
        if let Some(tags) = tags {
            builder = builder.without_tags();
            for (key, values) in &tags {
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                builder = builder.tag(key, &values);
            }
        }
        Ok(Self {
            inner: builder.build(),
            seed,
        })
    }
);

crate::results::getters!(SimulatedOrg.inner |v| {
    organization_id: String = v.organization_id(),
    management_account_id: String = v.management_account_id().to_string(),
    delegated_admin_account_id: String = v.delegated_admin_account_id().to_string(),
    caller: &'static str = caller_name(v.caller()),
    root_id: String = v.root_id().to_string(),
});

#[pymethods]
impl SimulatedOrg {
    #[staticmethod]
    fn example() -> Self {
        Self {
            inner: sim::SimulatedOrg::example(),
            seed: 2028,
        }
    }

    #[getter]
    fn seed(&self) -> u64 {
        self.seed
    }

    fn set_caller(&self, caller: &str) -> PyResult<()> {
        self.inner.set_caller(parse_caller(caller)?);
        Ok(())
    }

    fn members(&self) -> Vec<Member> {
        self.inner.members().into_iter().map(Member).collect()
    }

    fn features(&self) -> PyOrgFeatures {
        PyOrgFeatures(self.inner.features())
    }

    fn root_credentials(&self, account_id: &str) -> PyResult<Option<RootCredentials>> {
        let id = crate::convert::account_id(account_id)?;
        Ok(self.inner.root_credentials(&id).map(RootCredentials))
    }

    #[pyo3(signature = (mutating_only = false))]
    fn calls(&self, mutating_only: bool) -> Vec<CallRecord> {
        let calls = if mutating_only {
            self.inner.mutating_calls()
        } else {
            self.inner.calls()
        };
        calls.into_iter().map(CallRecord).collect()
    }

    fn clear_calls(&self) {
        self.inner.clear_calls();
    }

    fn stats(&self) -> SimStats {
        SimStats(self.inner.stats())
    }

    #[pyo3(signature = (account_id, deny = "assume_root"))]
    fn deny_root_sessions(&self, account_id: &str, deny: &str) -> PyResult<()> {
        let id = crate::convert::account_id(account_id)?;
        core(self.inner.deny_root_sessions(&id, parse_deny(deny)?))
    }

    fn attach_scp(&self, target_id: &str, policy_json: &str) -> PyResult<String> {
        let target = crate::convert::policy_target(target_id)?;
        core(self.inner.attach_scp(&target, policy_json))
    }

    fn attach_rcp(&self, target_id: &str, policy_json: &str) -> PyResult<String> {
        let target = crate::convert::policy_target(target_id)?;
        core(self.inner.attach_policy(
            &target,
            rootctl::PolicyType::ResourceControlPolicy,
            policy_json,
        ))
    }

    fn detach_policy(&self, target_id: &str, policy_id: &str) -> PyResult<()> {
        let target = crate::convert::policy_target(target_id)?;
        core(self.inner.detach_policy(&target, policy_id))
    }

    fn update_policy(&self, policy_id: &str, policy_json: &str) -> PyResult<()> {
        core(self.inner.update_policy(policy_id, policy_json))
    }

    fn allow_root_sessions(&self, account_id: &str) -> PyResult<()> {
        let id = crate::convert::account_id(account_id)?;
        core(self.inner.allow_root_sessions(&id))
    }

    fn set_account_state(&self, account_id: &str, state: &str) -> PyResult<()> {
        let id = crate::convert::account_id(account_id)?;
        core(
            self.inner
                .set_account_state(&id, AccountState::from_wire(state)),
        )
    }

    fn advance_clock(&self, seconds: f64) -> PyResult<()> {
        let by = crate::convert::seconds(seconds, "seconds")?;
        self.inner.advance_clock(by);
        Ok(())
    }

    fn now(&self) -> Timestamp {
        self.inner.now()
    }

    fn __repr__(&self) -> String {
        format!(
            "SimulatedOrg(organization_id={}, members={}, seed={}, caller={})",
            quote(&self.inner.organization_id()),
            self.inner.members().len(),
            self.seed,
            quote(caller_name(self.inner.caller()))
        )
    }
}
