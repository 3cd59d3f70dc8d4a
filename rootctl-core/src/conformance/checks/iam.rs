//! [`RootIam`](crate::RootIam): what a root session reads and removes, and what each
//! task policy lets it do (AWS-NOTES §3, §4).

use super::{enable_everything, expect_error, session};
use crate::conformance::{CheckResult, Gap, Harness, Outcome, Seed};
use crate::error::ErrorKind;
use crate::model::{Creation, CredentialStatus, Deletion, TaskPolicy};

const AUDIT: TaskPolicy = TaskPolicy::IamAuditRootUserCredentials;
const DELETE: TaskPolicy = TaskPolicy::IamDeleteRootUserCredentials;
const RECOVER: TaskPolicy = TaskPolicy::IamCreateRootUserPassword;

/// `GetUser` in a root session answers the root user, `arn:<partition>:iam::<id>:root`.
pub async fn get_user_identifies_the_root_user(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("prod-1");
    let s = session(&f, member, AUDIT).await?;
    let user = f.iam.get_user(&s).await?;
    if h.backend().has(Gap::RootCredentialsStandIn) {
        return Ok(Outcome::skipped(
            Gap::RootCredentialsStandIn,
            format!("GetUser names the stand-in {}, not the root user", user.arn),
        ));
    }
    ensure!(
        user.arn.starts_with("arn:") && user.arn.ends_with(&format!(":iam::{member}:root")),
        "GetUser in a root session of {member} answered {}",
        user.arn
    );
    Ok(Outcome::Passed)
}

/// The three lists answer the root user's access keys (with their status), signing
/// certificates and MFA devices, whole.
pub async fn lists_report_the_root_users_credentials(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("prod-2");
    let seed = Seed {
        access_keys: 2,
        inactive_keys: 1,
        certificates: 2,
        mfa: true,
        ..Seed::default()
    };
    let seeded = h.seed_credentials(&f, member, seed).await?;
    let s = session(&f, member, AUDIT).await?;

    let mut keys = f.iam.list_access_keys(&s).await?;
    keys.sort_by(|a, b| a.id.cmp(&b.id));
    let mut expected = seeded.access_keys.clone();
    expected.sort();
    let ids: Vec<String> = keys.iter().map(|k| k.id.clone()).collect();
    ensure_eq!(ids, expected, "access keys");
    for key in &keys {
        let status = if key.id == seeded.access_keys[0] {
            CredentialStatus::Inactive
        } else {
            CredentialStatus::Active
        };
        ensure_eq!(key.status, status, "status of key {}", key.id);
    }

    let mut certificates: Vec<String> = f
        .iam
        .list_signing_certificates(&s)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    certificates.sort();
    let mut expected = seeded.certificates.clone();
    expected.sort();
    ensure_eq!(certificates, expected, "signing certificates");

    let serials: Vec<String> = f
        .iam
        .list_mfa_devices(&s)
        .await?
        .into_iter()
        .map(|d| d.serial)
        .collect();
    let expected: Vec<String> = seeded.mfa_serial.clone().into_iter().collect();
    ensure_eq!(serials, expected, "MFA devices");
    Ok(Outcome::Passed)
}

/// `GetAccessKeyLastUsed` answers for a key of the root user; a key never used has no
/// date.
pub async fn access_key_last_use_is_read(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("prod-4");
    let seed = Seed {
        access_keys: 1,
        ..Seed::default()
    };
    let seeded = h.seed_credentials(&f, member, seed).await?;
    let s = session(&f, member, AUDIT).await?;
    let used = f
        .iam
        .get_access_key_last_used(&s, &seeded.access_keys[0])
        .await?;
    ensure_eq!(used.date, None, "last use of a key never used");
    Ok(Outcome::Passed)
}

/// Deleting a key or certificate removes it; deleting it again is
/// [`Deletion::AlreadyAbsent`], not an error, and the other items stay.
pub async fn deletes_are_idempotent(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("prod-5");
    let seed = Seed {
        access_keys: 2,
        certificates: 2,
        ..Seed::default()
    };
    let seeded = h.seed_credentials(&f, member, seed).await?;
    let s = session(&f, member, DELETE).await?;

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
    let left: Vec<String> = f
        .iam
        .list_access_keys(&s)
        .await?
        .into_iter()
        .map(|k| k.id)
        .collect();
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
    let left: Vec<String> = f
        .iam
        .list_signing_certificates(&s)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
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
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("prod-6");
    let seed = Seed {
        mfa: true,
        ..Seed::default()
    };
    let seeded = h.seed_credentials(&f, member, seed).await?;
    let serial = seeded.mfa_serial.unwrap_or_default();
    let s = session(&f, member, DELETE).await?;
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

/// `GetAccountSummary` (audit sessions) reports the presence of each credential kind.
pub async fn account_summary_reports_presence(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let stand_in = h.backend().has(Gap::RootCredentialsStandIn);
    let full = f.member("pay-3");
    let seed = Seed {
        password: !stand_in,
        access_keys: 2,
        certificates: 1,
        mfa: true,
        ..Seed::default()
    };
    h.seed_credentials(&f, full, seed).await?;
    let summary = f
        .iam
        .get_account_summary(&session(&f, full, AUDIT).await?)
        .await?;
    let empty = f
        .iam
        .get_account_summary(&session(&f, f.member("pay-4"), AUDIT).await?)
        .await?;
    ensure_eq!(
        empty.access_keys_present,
        0,
        "keys present on an empty root user"
    );
    ensure_eq!(
        empty.signing_certificates_present,
        0,
        "certificates present on an empty root user"
    );
    ensure!(
        !empty.password_present && !empty.mfa_enabled,
        "an empty root user: {empty:?}"
    );
    if h.backend().has(Gap::SummaryCountersZero) {
        ensure_eq!(
            summary.access_keys_present,
            0,
            "keys counter (gap summary_counters_zero)"
        );
        return Ok(Outcome::skipped(
            Gap::SummaryCountersZero,
            "the root-credential counters are always 0",
        ));
    }
    ensure!(
        summary.access_keys_present > 0,
        "keys not present: {summary:?}"
    );
    ensure!(
        summary.signing_certificates_present > 0,
        "certificates not present: {summary:?}"
    );
    ensure!(summary.mfa_enabled, "MFA not enabled: {summary:?}");
    ensure_eq!(summary.password_present, !stand_in, "password present");
    Ok(Outcome::Passed)
}

/// Each task policy allows its own calls only (AWS-NOTES §3): an audit session cannot
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
            .delete_access_key(&audit, "AKIAEXAMPLEKEY000001")
            .await,
        denied,
        "audit: DeleteAccessKey",
    )?;
    expect_error(
        f.iam
            .delete_signing_certificate(&audit, "CERTEXAMPLE")
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
