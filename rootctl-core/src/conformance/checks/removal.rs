//! [`RootIam`](crate::RootIam)'s changes: idempotent deletes, MFA deactivation, the
//! login profile's lifecycle, and what each task policy lets a session change (docs/aws-behaviour.md#task-policies,
//! #root-session-iam).

use super::{
    access_key_ids, certificate_ids, enable_everything, expect_error, seeded_session, session,
};
use crate::conformance::{CheckResult, Gap, Harness, Outcome, Seed};
use crate::error::ErrorKind;
use crate::model::{Creation, Deletion, TaskPolicy};

const AUDIT: TaskPolicy = TaskPolicy::IamAuditRootUserCredentials;
const DELETE: TaskPolicy = TaskPolicy::IamDeleteRootUserCredentials;
const RECOVER: TaskPolicy = TaskPolicy::IamCreateRootUserPassword;

/// Deleting a key or certificate removes it; deleting it again is
/// [`Deletion::AlreadyAbsent`], not an error, and the other items stay.
pub async fn deletes_are_idempotent(h: &dyn Harness) -> CheckResult {
    let seed = Seed {
        access_keys: 2,
        certificates: 2,
        ..Seed::default()
    };
    let (f, seeded, s) = seeded_session(h, "prod-5", seed, DELETE).await?;

    let key = &seeded.access_keys[0];
    ensure_eq!(
        f.iam.delete_access_key(&s, key).await?,
        Deletion::Deleted,
        "first delete of {key}"
    );
    ensure_eq!(
        f.iam.delete_access_key(&s, key).await?,
        Deletion::AlreadyAbsent,
        "second delete of {key}"
    );
    let left = access_key_ids(&f, &s).await?;
    ensure_eq!(left, vec![seeded.access_keys[1].clone()], "keys left");

    let certificate = &seeded.certificates[0];
    ensure_eq!(
        f.iam.delete_signing_certificate(&s, certificate).await?,
        Deletion::Deleted,
        "first delete of certificate {certificate}"
    );
    ensure_eq!(
        f.iam.delete_signing_certificate(&s, certificate).await?,
        Deletion::AlreadyAbsent,
        "second delete of certificate {certificate}"
    );
    let left = certificate_ids(&f, &s).await?;
    ensure_eq!(
        left,
        vec![seeded.certificates[1].clone()],
        "certificates left"
    );
    Ok(Outcome::Passed)
}

/// Deactivating the root user's MFA device removes it from the list; deactivating it
/// again is [`Deletion::AlreadyAbsent`].
pub async fn mfa_deactivation_is_idempotent(h: &dyn Harness) -> CheckResult {
    let seed = Seed {
        mfa: true,
        ..Seed::default()
    };
    let (f, seeded, s) = seeded_session(h, "prod-6", seed, DELETE).await?;
    let serial = seeded.mfa_serial.unwrap_or_default();
    let first = f.iam.deactivate_mfa_device(&s, &serial).await?;
    if h.backend().has(Gap::RootCredentialsStandIn) {
        // Documented: without a user name the backend finds no device and keeps it.
        ensure_eq!(
            first,
            Deletion::AlreadyAbsent,
            "deactivation (gap root_credentials_stand_in)"
        );
        return Ok(Outcome::skipped(
            Gap::RootCredentialsStandIn,
            "DeactivateMFADevice without a user name does not reach the stand-in's device",
        ));
    }
    ensure_eq!(first, Deletion::Deleted, "first deactivation of {serial}");
    ensure_eq!(
        f.iam.deactivate_mfa_device(&s, &serial).await?,
        Deletion::AlreadyAbsent,
        "second deactivation of {serial}"
    );
    ensure_eq!(
        f.iam.list_mfa_devices(&s).await?,
        vec![],
        "MFA devices left"
    );
    Ok(Outcome::Passed)
}

/// No password reads as `None` and deletes as already absent; a recovery session
/// creates a password-less login profile (once: then `AlreadyExists`), which a delete
/// session removes.
pub async fn login_profile_lifecycle(h: &dyn Harness) -> CheckResult {
    if h.backend().has(Gap::RootCredentialsStandIn) {
        return Ok(Outcome::skipped(
            Gap::RootCredentialsStandIn,
            "the backend cannot represent a root password",
        ));
    }
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("pay-1");
    let delete = session(&f, member, DELETE).await?;
    ensure_eq!(
        f.iam.get_login_profile(&delete).await?,
        None,
        "password of a fresh member"
    );
    ensure_eq!(
        f.iam.delete_login_profile(&delete).await?,
        Deletion::AlreadyAbsent,
        "deleting an absent password"
    );
    let recover = session(&f, member, RECOVER).await?;
    ensure_eq!(
        f.iam.create_login_profile(&recover).await?,
        Creation::Created,
        "allowing recovery"
    );
    ensure!(
        f.iam.get_login_profile(&recover).await?.is_some(),
        "no login profile after allowing recovery"
    );
    ensure_eq!(
        f.iam.create_login_profile(&recover).await?,
        Creation::AlreadyExists,
        "allowing recovery twice"
    );
    ensure_eq!(
        f.iam.delete_login_profile(&delete).await?,
        Deletion::Deleted,
        "deleting the login profile"
    );
    ensure_eq!(
        f.iam.get_login_profile(&delete).await?,
        None,
        "password after deleting"
    );

    let with_password = f.member("pay-2");
    h.seed_credentials(
        &f,
        with_password,
        Seed {
            password: true,
            ..Seed::default()
        },
    )
    .await?;
    let s = session(&f, with_password, AUDIT).await?;
    ensure!(
        f.iam.get_login_profile(&s).await?.is_some(),
        "a seeded password is not read"
    );
    Ok(Outcome::Passed)
}

/// Each task policy allows its own calls only (docs/aws-behaviour.md#task-policies): an audit session cannot
/// change anything, a delete session cannot read the summary or create a password, a
/// recovery session can only create and read the login profile.
pub async fn task_policies_scope_root_sessions(h: &dyn Harness) -> CheckResult {
    if h.backend().has(Gap::TaskPoliciesNotEnforced) {
        return Ok(Outcome::skipped(
            Gap::TaskPoliciesNotEnforced,
            "any root session may make any call on this backend",
        ));
    }
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("dev-4");
    let denied = ErrorKind::AccessDenied;

    let audit = session(&f, member, AUDIT).await?;
    expect_error(
        f.iam.delete_login_profile(&audit).await,
        denied,
        "audit: DeleteLoginProfile",
    )?;
    expect_error(
        f.iam.create_login_profile(&audit).await,
        denied,
        "audit: CreateLoginProfile",
    )?;
    expect_error(
        f.iam
            .delete_access_key(&audit, "not-a-key-of-this-account")
            .await,
        denied,
        "audit: DeleteAccessKey",
    )?;
    expect_error(
        f.iam
            .delete_signing_certificate(&audit, "not-a-certificate-of-this-account")
            .await,
        denied,
        "audit: DeleteSigningCertificate",
    )?;
    let serial = format!("arn:aws:iam::{member}:mfa/root-account-mfa-device");
    expect_error(
        f.iam.deactivate_mfa_device(&audit, &serial).await,
        denied,
        "audit: DeactivateMFADevice",
    )?;

    let delete = session(&f, member, DELETE).await?;
    expect_error(
        f.iam.get_account_summary(&delete).await,
        denied,
        "delete: GetAccountSummary",
    )?;
    expect_error(
        f.iam.create_login_profile(&delete).await,
        denied,
        "delete: CreateLoginProfile",
    )?;
    f.iam.list_access_keys(&delete).await?;

    let recover = session(&f, member, RECOVER).await?;
    expect_error(
        f.iam.list_access_keys(&recover).await,
        denied,
        "recover: ListAccessKeys",
    )?;
    expect_error(
        f.iam.delete_login_profile(&recover).await,
        denied,
        "recover: DeleteLoginProfile",
    )?;
    expect_error(
        f.iam.get_account_summary(&recover).await,
        denied,
        "recover: GetAccountSummary",
    )?;
    f.iam.get_login_profile(&recover).await?;
    Ok(Outcome::Passed)
}
