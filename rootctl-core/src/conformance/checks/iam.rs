//! [`RootIam`](crate::RootIam)'s reads: the root user, its credentials, the account
//! summary (docs/aws-behaviour.md#root-session-iam). The changes are in `removal`.

use super::{certificate_ids, enable_everything, seeded_session, session};
use crate::conformance::{CheckResult, Gap, Harness, Outcome, Seed};
use crate::model::{CredentialStatus, TaskPolicy};

const AUDIT: TaskPolicy = TaskPolicy::IamAuditRootUserCredentials;

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
    let seed = Seed {
        access_keys: 2,
        inactive_keys: 1,
        certificates: 2,
        mfa: true,
        ..Seed::default()
    };
    let (f, seeded, s) = seeded_session(h, "prod-2", seed, AUDIT).await?;

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

    let mut certificates = certificate_ids(&f, &s).await?;
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
    let seed = Seed {
        access_keys: 1,
        ..Seed::default()
    };
    let (f, seeded, s) = seeded_session(h, "prod-4", seed, AUDIT).await?;
    let used = f
        .iam
        .get_access_key_last_used(&s, &seeded.access_keys[0])
        .await?;
    ensure_eq!(used.date, None, "last use of a key never used");
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
