//! The checks, one module per boundary trait plus the end-to-end rules, and the registry
//! [`checks`] that [`run`](super::run) walks.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use super::harness::{Fixture, Harness, Seed, Seeded};
use super::{CheckResult, Failure};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    AccountId, IAM_SERVICE_PRINCIPAL, OrgFeature, RootSession, SessionDuration, TaskPolicy,
};

/// Fails the check with a formatted message unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err($crate::conformance::Failure::new(format!($($arg)+)));
        }
    };
}

/// Fails the check unless the two values are equal, showing both.
macro_rules! ensure_eq {
    ($left:expr, $right:expr, $($arg:tt)+) => {
        match (&$left, &$right) {
            (left, right) => {
                if left != right {
                    return Err($crate::conformance::Failure::new(format!(
                        "{}: got {:?}, expected {:?}",
                        format!($($arg)+),
                        left,
                        right
                    )));
                }
            }
        }
    };
}

mod client;
mod features;
mod iam;
mod organizations;
mod regions;
mod removal;
mod scps;
mod sessions;
mod unlock;
mod unlock_flow;

/// A check's future.
pub type CheckFuture<'a> = Pin<Box<dyn Future<Output = CheckResult> + Send + 'a>>;

/// One rule of the contract.
#[derive(Clone, Copy)]
pub struct Check {
    /// The check's name, e.g. `list_accounts_follows_pages`.
    pub name: &'static str,
    /// The trait method or cross-cutting rule it covers.
    pub covers: &'static str,
    /// Runs it.
    pub run: for<'a> fn(&'a dyn Harness) -> CheckFuture<'a>,
}

impl Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check")
            .field("name", &self.name)
            .field("covers", &self.covers)
            .finish_non_exhaustive()
    }
}

macro_rules! registry {
    ($($module:ident :: $name:ident => $covers:literal,)*) => {
        /// Every check, in the order [`run`](super::run) runs them.
        pub fn checks() -> Vec<Check> {
            vec![$(
                Check {
                    name: stringify!($name),
                    covers: $covers,
                    run: |harness| Box::pin($module::$name(harness)),
                },
            )*]
        }
    };
}

registry! {
    organizations::describe_organization_reports_the_organization => "Organizations::describe_organization",
    organizations::list_roots_reports_the_one_root => "Organizations::list_roots",
    organizations::list_accounts_reports_every_account_once => "Organizations::list_accounts",
    organizations::list_accounts_follows_pages => "paging across pages",
    organizations::list_accounts_survives_empty_pages => "empty pages with a next token",
    organizations::list_accounts_for_parent_reports_each_parents_accounts => "Organizations::list_accounts_for_parent",
    organizations::list_organizational_units_walks_the_nested_tree => "Organizations::list_organizational_units_for_parent",
    organizations::list_account_tags_reports_the_tags => "Organizations::list_account_tags",
    organizations::unknown_parents_and_accounts_are_not_found => "NotFound from Organizations",
    organizations::account_lifecycle_states_are_reported => "account lifecycle states",
    organizations::trusted_access_is_enabled_and_disabled => "Organizations::{list,enable,disable}_service_access",
    organizations::delegated_administrators_follow_aws_rules => "Organizations::{register,deregister,list}_delegated_administrator(s)",
    features::features_are_enabled_listed_and_disabled => "OrgFeaturesApi",
    features::features_need_trusted_access => "TrustedAccessNotEnabled from OrgFeaturesApi",
    sessions::caller_identity_names_the_calling_principal => "StsApi::caller_identity",
    sessions::assume_root_opens_sessions_for_each_iam_task => "StsApi::assume_root",
    sessions::assume_root_refuses_the_management_account => "management account refused as an AssumeRoot target",
    sessions::assume_root_refuses_accounts_outside_the_organization => "AccessDenied from AssumeRoot",
    sessions::assume_root_needs_the_task_policys_feature => "feature gating of AssumeRoot",
    sessions::expired_sessions_are_refused => "session expiry",
    iam::get_user_identifies_the_root_user => "RootIam::get_user",
    iam::lists_report_the_root_users_credentials => "RootIam::list_{access_keys,signing_certificates,mfa_devices}",
    iam::access_key_last_use_is_read => "RootIam::get_access_key_last_used",
    removal::deletes_are_idempotent => "RootIam::delete_{access_key,signing_certificate}, AlreadyAbsent",
    removal::mfa_deactivation_is_idempotent => "RootIam::deactivate_mfa_device, AlreadyAbsent",
    removal::login_profile_lifecycle => "RootIam::{get,create,delete}_login_profile",
    iam::account_summary_reports_presence => "RootIam::get_account_summary",
    removal::task_policies_scope_root_sessions => "task-policy scoping",
    client::select_accounts_targets_active_members => "Rootctl::select_accounts",
    client::audit_reads_every_credential => "Rootctl::audit",
    client::apply_removes_exactly_the_plan => "Rootctl::apply_removal: the plan, not drift",
    unlock::buckets_are_listed_with_their_regions => "RootS3::{list_buckets,get_bucket_policy}",
    unlock::bucket_policies_are_put_and_deleted => "RootS3::{put,delete}_bucket_policy",
    unlock::bucket_calls_need_the_buckets_region => "RootS3: each bucket call in its region",
    unlock::queues_are_listed_per_region => "RootSqs::{list_queues,get_queue_policy}",
    unlock::queue_policies_are_set_and_emptied => "RootSqs::set_queue_policy",
    unlock::unlock_sessions_are_scoped => "task-policy scoping of S3 and SQS",
    unlock_flow::unlock_finds_applies_and_restores => "Rootctl::{find_locked_resources,plan_unlock,apply_unlock,restore_unlock}",
    unlock_flow::restore_is_a_compare_and_swap => "Rootctl::restore_unlock: compare-and-swap, force backs up first",
    scps::scps_are_listed_and_described => "Organizations::{list_policies_for_target,describe_policy}",
    scps::unknown_policies_and_targets_are_not_found => "NotFound from the policy reads",
    scps::check_scps_predicts_a_deny_root_guardrail => "Rootctl::check_scps",
    scps::scps_deny_root_sessions => "SCPs applied to root sessions",
    regions::member_regions_are_listed => "AccountManagement::list_regions",
    regions::member_regions_need_trusted_access => "AccessDenied from ListRegions without trusted access",
    regions::unlock_search_covers_each_accounts_regions => "Rootctl::find_locked_resources: each account's enabled regions",
}

/// Asserts that `result` failed with an error of `kind`, and returns the error.
fn expect_error<T: Debug>(
    result: Result<T>,
    kind: ErrorKind,
    what: &str,
) -> Result<Error, Failure> {
    match result {
        Err(err) if err.kind() == kind => Ok(err),
        Err(err) => Err(Failure::new(format!(
            "{what}: expected a {kind:?} error, got {:?}: {err}",
            err.kind()
        ))),
        Ok(value) => Err(Failure::new(format!(
            "{what}: expected a {kind:?} error, got success: {value:?}"
        ))),
    }
}

/// Trusted access for IAM and both features on, through the traits under test.
async fn enable_everything(fixture: &Fixture) -> Result<(), Failure> {
    fixture
        .organizations
        .enable_service_access(IAM_SERVICE_PRINCIPAL)
        .await?;
    for feature in OrgFeature::ALL {
        fixture.features.enable_feature(feature).await?;
    }
    Ok(())
}

/// A fresh fixture with everything enabled, the root user of member `name` seeded with
/// `seed`, and a root session into that member with `policy`.
async fn seeded_session(
    h: &dyn Harness,
    name: &str,
    seed: Seed,
    policy: TaskPolicy,
) -> Result<(Fixture, Seeded, RootSession), Failure> {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member(name);
    let seeded = h.seed_credentials(&f, member, seed).await?;
    let s = session(&f, member, policy).await?;
    Ok((f, seeded, s))
}

/// The ids of the root user's access keys, as `ListAccessKeys` answers in `session`.
async fn access_key_ids(fixture: &Fixture, session: &RootSession) -> Result<Vec<String>> {
    let keys = fixture.iam.list_access_keys(session).await?;
    Ok(keys.into_iter().map(|k| k.id).collect())
}

/// The ids of the root user's signing certificates, as `ListSigningCertificates` answers
/// in `session`.
async fn certificate_ids(fixture: &Fixture, session: &RootSession) -> Result<Vec<String>> {
    let certificates = fixture.iam.list_signing_certificates(session).await?;
    Ok(certificates.into_iter().map(|c| c.id).collect())
}

/// A root session into `account` with `policy`, for the default duration.
async fn session(
    fixture: &Fixture,
    account: AccountId,
    policy: TaskPolicy,
) -> Result<RootSession, Failure> {
    fixture
        .sessions
        .assume_root(&account, policy, SessionDuration::default())
        .await
        .map_err(|err| Failure::new(format!("AssumeRoot {policy} into {account}: {err}")))
}
