//! [`StsApi`](crate::StsApi): the caller, and `sts:AssumeRoot` (docs/aws-behaviour.md#assume-root,
//! #task-policies).

use std::time::Duration;

use secrecy::ExposeSecret;

use super::{enable_everything, expect_error};
use crate::conformance::{CheckResult, Failure, Gap, Harness, Outcome};
use crate::error::ErrorKind;
use crate::model::{AccountId, IAM_SERVICE_PRINCIPAL, OrgFeature, SessionDuration, TaskPolicy};

/// The three IAM task policies rootctl uses.
const IAM_TASKS: [TaskPolicy; 3] = [
    TaskPolicy::IamAuditRootUserCredentials,
    TaskPolicy::IamDeleteRootUserCredentials,
    TaskPolicy::IamCreateRootUserPassword,
];

/// `GetCallerIdentity` names a principal of the management account (the fixture's
/// caller) that is not a root user.
pub async fn caller_identity_names_the_calling_principal(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let caller = f.sessions.caller_identity().await?;
    ensure_eq!(caller.account_id, f.management_account_id, "caller account");
    ensure!(
        caller.arn.contains(f.management_account_id.as_str()),
        "caller ARN {} does not name the management account",
        caller.arn
    );
    ensure!(
        !caller.arn.ends_with(":root"),
        "the fixture's caller is a root user ({}), which AssumeRoot refuses",
        caller.arn
    );
    Ok(Outcome::Passed)
}

/// With both features on, AssumeRoot opens a session into a member for each IAM task
/// policy, scoped to that account and policy, expiring within the duration asked.
pub async fn assume_root_opens_sessions_for_each_iam_task(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("dev-1");
    let duration = SessionDuration::from_secs(600)?;
    for policy in IAM_TASKS {
        let before = chrono::Utc::now();
        let session = f.sessions.assume_root(&member, policy, duration).await?;
        ensure_eq!(session.account_id(), member, "session account for {policy}");
        ensure_eq!(session.task_policy(), policy, "session policy");
        let lifetime = session.expires_at() - before;
        ensure!(
            lifetime <= chrono::TimeDelta::seconds(600 + 5),
            "a 600 s session for {policy} expires in {lifetime}"
        );
        ensure!(
            lifetime > chrono::TimeDelta::zero(),
            "a fresh session for {policy} has already expired ({lifetime})"
        );
        let debug = format!("{session:?}");
        let secret = session.credentials().secret_access_key().expose_secret();
        ensure!(
            secret.is_empty() || !debug.contains(secret),
            "a session's Debug shows its secret key"
        );
    }
    Ok(Outcome::Passed)
}

/// The management account is never an AssumeRoot target: AWS answers AccessDenied.
pub async fn assume_root_refuses_the_management_account(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let result = f
        .sessions
        .assume_root(
            &f.management_account_id,
            TaskPolicy::IamAuditRootUserCredentials,
            SessionDuration::default(),
        )
        .await;
    if h.backend().has(Gap::AssumeRootGating) {
        // Documented: the backend opens a session into the caller's own account.
        result?;
        return Ok(Outcome::skipped(
            Gap::AssumeRootGating,
            "AssumeRoot into the management account succeeds on this backend",
        ));
    }
    expect_error(
        result,
        ErrorKind::AccessDenied,
        "AssumeRoot into the management account",
    )?;
    Ok(Outcome::Passed)
}

/// An account outside the organization is refused with AccessDenied.
pub async fn assume_root_refuses_accounts_outside_the_organization(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let stranger: AccountId = "000000000001"
        .parse()
        .map_err(|e| Failure::new(format!("{e}")))?;
    expect_error(
        f.sessions
            .assume_root(
                &stranger,
                TaskPolicy::IamAuditRootUserCredentials,
                SessionDuration::default(),
            )
            .await,
        ErrorKind::AccessDenied,
        "AssumeRoot into an account outside the organization",
    )?;
    Ok(Outcome::Passed)
}

/// AssumeRoot needs the feature its task policy belongs to: nothing with both off, the
/// three IAM tasks with RootCredentialsManagement alone.
pub async fn assume_root_needs_the_task_policys_feature(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let member = f.member("dev-2");
    f.organizations
        .enable_service_access(IAM_SERVICE_PRINCIPAL)
        .await?;
    for policy in IAM_TASKS {
        expect_error(
            f.sessions
                .assume_root(&member, policy, SessionDuration::default())
                .await,
            ErrorKind::AccessDenied,
            &format!("AssumeRoot with {policy} and no feature enabled"),
        )?;
    }
    f.features
        .enable_feature(OrgFeature::RootCredentialsManagement)
        .await?;
    let audit = f
        .sessions
        .assume_root(
            &member,
            TaskPolicy::IamAuditRootUserCredentials,
            SessionDuration::default(),
        )
        .await;
    if h.backend().has(Gap::AssumeRootGating) {
        // Documented: the backend wants RootSessions for every AssumeRoot.
        expect_error(
            audit,
            ErrorKind::AccessDenied,
            "AssumeRoot with only RootCredentialsManagement (gap assume_root_gating)",
        )?;
        return Ok(Outcome::skipped(
            Gap::AssumeRootGating,
            "AssumeRoot is gated on RootSessions, so the RootCredentialsManagement tasks \
             could not be opened with that feature alone",
        ));
    }
    audit?;
    for policy in [
        TaskPolicy::IamDeleteRootUserCredentials,
        TaskPolicy::IamCreateRootUserPassword,
    ] {
        f.sessions
            .assume_root(&member, policy, SessionDuration::default())
            .await
            .map_err(|e| Failure::new(format!("AssumeRoot with {policy}: {e}")))?;
    }
    Ok(Outcome::Passed)
}

/// A session is refused once it has expired, with [`ErrorKind::SessionExpired`]: it
/// cannot be refreshed, only assumed again.
pub async fn expired_sessions_are_refused(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("dev-3");
    let session = f
        .sessions
        .assume_root(
            &member,
            TaskPolicy::IamAuditRootUserCredentials,
            SessionDuration::from_secs(1)?,
        )
        .await?;
    h.elapse(Duration::from_millis(2_500)).await;
    let late = f.iam.list_mfa_devices(&session).await;
    if h.backend().has(Gap::SessionsNeverExpire) {
        // Documented: the backend still honours the session.
        late?;
        return Ok(Outcome::skipped(
            Gap::SessionsNeverExpire,
            "a session past its expiry is still honoured, so ExpiredToken was not produced",
        ));
    }
    expect_error(
        late,
        ErrorKind::SessionExpired,
        "ListMFADevices with an expired session",
    )?;
    let fresh = f
        .sessions
        .assume_root(
            &member,
            TaskPolicy::IamAuditRootUserCredentials,
            SessionDuration::default(),
        )
        .await?;
    f.iam.list_mfa_devices(&fresh).await?;
    Ok(Outcome::Passed)
}
