//! [`StsApi`] for [`SimulatedOrg`]: GetCallerIdentity, and AssumeRoot with the rules
//! of docs/aws-behaviour.md#assume-root and #task-policies.

use std::time::Duration;

use async_trait::async_trait;
use chrono::TimeDelta;

use super::SimulatedOrg;
use super::dispatch::{CallSpec, Rejection, Reply};
use super::faults::Bucket;
use super::sessions::SessionRecord;
use super::state::OrgState;
use crate::boundary::StsApi;
use crate::error::{Result, Service};
use crate::model::{
    AccountId, AccountState, CallerIdentity, RootSession, SessionDuration, TaskPolicy, Timestamp,
};

/// `now + by`, saturating at the end of time.
fn after(now: Timestamp, by: Duration) -> Timestamp {
    TimeDelta::from_std(by)
        .ok()
        .and_then(|by| now.checked_add_signed(by))
        .unwrap_or(Timestamp::MAX_UTC)
}

/// Why AssumeRoot into `target` is refused, if it is.
///
/// Every refusal is `AccessDenied`: AWS models only `ExpiredTokenException` and
/// `RegionDisabledException` for AssumeRoot, and answers the rest unmodeled (docs/aws-behaviour.md#assume-root). The message wording is the simulator's, in AWS's "not authorized" shape, naming
/// the reason so a human reading a report knows what to fix.
fn refusal(org: &OrgState, target: &AccountId, task_policy: TaskPolicy) -> Option<Rejection> {
    let caller = org.caller_identity().arn;
    let denied = |why: String| {
        Rejection::new(
            "AccessDenied",
            format!(
                "User: {caller} is not authorized to perform: sts:AssumeRoot on resource: \
                 {} {why}",
                target.root_arn()
            ),
        )
    };
    if !org.caller_in_organization() || !org.caller_manages_root_access() {
        return Some(denied(
            "because the caller is neither the management account nor the IAM delegated \
             administrator of an organization"
                .into(),
        ));
    }
    // The code AWS uses for a feature that is off is unverified; AccessDenied is what
    // public tools report, and rootctl's prerequisite check catches this earlier anyway.
    if let Some(feature) = task_policy
        .required_features()
        .iter()
        .find(|feature| !org.features.contains(feature))
    {
        return Some(denied(format!(
            "because the organization feature {feature} that task policy {task_policy} \
             needs is not enabled"
        )));
    }
    let record = match org.accounts.get(target) {
        None => {
            return Some(denied(
                "because the target is not a member of the caller's organization".into(),
            ));
        }
        Some(_) if *target == org.management => {
            return Some(denied(
                "because the target is the organization's management account".into(),
            ));
        }
        Some(record) => record,
    };
    if record.state != AccountState::Active {
        return Some(denied(format!(
            "because the target account is {}, not ACTIVE",
            record.state
        )));
    }
    if record.assume_root_denied {
        return Some(denied(
            "with an explicit deny in a service control policy".into(),
        ));
    }
    // The SCPs on the caller's own path (a delegated administrator is subject to them).
    org.caller_policy_denial(target, task_policy).map(denied)
}

#[async_trait]
impl StsApi for SimulatedOrg {
    async fn caller_identity(&self) -> Result<CallerIdentity> {
        let spec = CallSpec::new(Service::Sts, "GetCallerIdentity");
        self.dispatch(spec, |world, _| Ok(Reply::ok(world.org.caller_identity())))
            .await
    }

    async fn assume_root(
        &self,
        account_id: &AccountId,
        task_policy: TaskPolicy,
        duration: SessionDuration,
    ) -> Result<RootSession> {
        let spec = CallSpec::new(Service::Sts, "AssumeRoot")
            .account(*account_id)
            .task_policy(task_policy)
            .bucket(Bucket::AssumeRoot);
        let seed = self.inner.seed;
        let lifetime = self.inner.faults.session_lifetime;
        self.dispatch(spec, |world, env| {
            if let Some(rejection) = refusal(&world.org, account_id, task_policy) {
                return Err(rejection);
            }
            // The session announces the requested expiry, as AWS does. The early-expiry
            // fault makes the simulator stop honouring it sooner, unannounced.
            let announced = after(env.now, duration.as_duration());
            let honoured = lifetime.map_or(announced, |lifetime| {
                announced.min(after(env.now, lifetime))
            });
            let record = SessionRecord {
                account_id: *account_id,
                task_policy,
                expires_at: honoured,
            };
            let credentials = world.sessions.issue(seed, record, env.now);
            Ok(Reply::ok(RootSession::new(
                *account_id,
                task_policy,
                announced,
                credentials,
            )))
        })
        .await
    }
}
