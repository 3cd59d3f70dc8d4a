//! End to end through a [`Rootctl`](crate::Rootctl) built on the backend's trait objects:
//! the rules users see, not only the ones each trait method keeps.

use super::{access_key_ids, enable_everything};
use crate::conformance::{CheckResult, Failure, Gap, Harness, Outcome, Seed};
use crate::model::{AccountId, AccountState, CredentialKind};
use crate::ops::{ApplyOptions, ItemOutcome, Selection, SkipReason, TagFilter};

fn tag(filter: &str) -> Result<TagFilter, Failure> {
    filter
        .parse()
        .map_err(|e| Failure::new(format!("tag filter {filter:?}: {e}")))
}

/// `select_accounts` targets every ACTIVE member across pages and nested OUs, skips the
/// management account and suspended members with their reason, and applies OU, tag and
/// exclusion filters.
pub async fn select_accounts_targets_active_members(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let suspended = f.member("sandbox-3");
    h.set_account_state(&f, suspended, AccountState::Suspended)
        .await?;
    let rc = f.rootctl();

    let all = rc.select_accounts(&Selection::all()).await?;
    let mut targets: Vec<AccountId> = all.targets.iter().map(|t| t.account_id).collect();
    targets.sort();
    let mut expected: Vec<AccountId> = f
        .members()
        .map(|a| a.id)
        .filter(|id| *id != suspended)
        .collect();
    expected.sort();
    ensure_eq!(targets, expected, "targets of Selection::all()");
    let reason = |id: AccountId| {
        all.skipped
            .iter()
            .find(|s| s.account_id == id)
            .map(|s| s.reason.clone())
    };
    ensure_eq!(
        reason(f.management_account_id),
        Some(SkipReason::ManagementAccount),
        "why the management account is skipped"
    );
    ensure_eq!(
        reason(suspended),
        Some(SkipReason::NotActive {
            state: AccountState::Suspended
        }),
        "why the suspended member is skipped"
    );
    let path = all
        .targets
        .iter()
        .find(|t| t.account_id == f.member("pay-2"))
        .map(|t| t.ou_path.clone());
    ensure_eq!(
        path.as_deref(),
        Some("Root/Prod/Payments"),
        "OU path of pay-2"
    );

    let selection = Selection::all()
        .ou(f.unit("Prod"))
        .tag(tag("env=prod")?)
        .exclude_account(f.member("prod-2"))
        .exclude_ou(f.unit("Payments"))
        .exclude_tag(tag("keep=skip")?);
    let selected = rc.select_accounts(&selection).await?;
    let mut targets: Vec<AccountId> = selected.targets.iter().map(|t| t.account_id).collect();
    targets.sort();
    let mut expected: Vec<AccountId> = ["prod-1", "prod-4", "prod-5", "prod-6"]
        .iter()
        .map(|name| f.member(name))
        .collect();
    expected.sort();
    ensure_eq!(
        targets,
        expected,
        "targets of Prod, env=prod, minus exclusions"
    );
    Ok(Outcome::Passed)
}

/// `audit` opens one audit session per selected member and reads every credential the
/// backend holds for it.
pub async fn audit_reads_every_credential(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let (full, empty) = (f.member("dev-5"), f.member("dev-6"));
    let seeded = h
        .seed_credentials(
            &f,
            full,
            Seed {
                access_keys: 2,
                certificates: 1,
                mfa: true,
                ..Seed::default()
            },
        )
        .await?;
    // A backend with the stand-in gap cannot list anything for a member without the
    // stand-in user (NoSuchEntity), so only the seeded member is audited there.
    let stand_in = h.backend().has(Gap::RootCredentialsStandIn);
    let accounts = if stand_in {
        vec![full]
    } else {
        vec![full, empty]
    };
    let report = f
        .rootctl()
        .audit(&Selection::accounts(accounts.clone()), None)
        .await?;
    ensure_eq!(report.summary.audited, accounts.len(), "accounts audited");
    ensure_eq!(report.summary.failed, 0, "accounts failed");
    let credentials = |id: AccountId| {
        report
            .accounts
            .iter()
            .find(|a| a.account_id == id)
            .and_then(|a| a.credentials.clone())
    };
    let full_credentials =
        credentials(full).ok_or_else(|| Failure::new("no inventory for the seeded member"))?;
    let mut keys: Vec<String> = full_credentials
        .access_keys
        .iter()
        .map(|k| k.id.clone())
        .collect();
    keys.sort();
    let mut expected = seeded.access_keys.clone();
    expected.sort();
    ensure_eq!(keys, expected, "audited access keys");
    ensure_eq!(
        full_credentials.signing_certificates.len(),
        1,
        "audited certificates"
    );
    ensure_eq!(full_credentials.mfa_devices.len(), 1, "audited MFA devices");
    ensure!(
        !full_credentials.is_empty(),
        "the seeded member reads as clean"
    );
    if stand_in {
        return Ok(Outcome::skipped(
            Gap::RootCredentialsStandIn,
            "a member without the stand-in user cannot be listed and the root password is \
             not represented, so neither was audited",
        ));
    }
    let empty_credentials =
        credentials(empty).ok_or_else(|| Failure::new("no inventory for the empty member"))?;
    ensure!(
        empty_credentials.is_empty(),
        "the empty member: {empty_credentials:?}"
    );
    Ok(Outcome::Passed)
}

/// `apply_removal` over the backend removes exactly the planned items: a key created
/// after the plan is drift and stays; a second run finds everything already absent.
pub async fn apply_removes_exactly_the_plan(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("sandbox-1");
    // One key now and one later: AWS allows two access keys per user.
    let seed = Seed {
        access_keys: 1,
        certificates: 1,
        ..Seed::default()
    };
    let planned = h.seed_credentials(&f, member, seed).await?;
    let rc = f.rootctl();
    let audit = rc.audit(&Selection::accounts([member]), None).await?;
    let kinds = [
        CredentialKind::AccessKey,
        CredentialKind::SigningCertificate,
    ];
    let plan = rc.plan_removal(&audit, &kinds)?;
    ensure_eq!(plan.item_count(), 2, "planned items");
    let later = Seed {
        access_keys: 1,
        ..Seed::default()
    };
    let drift = h.seed_credentials(&f, member, later).await?;

    let report = rc.apply_removal(&plan, ApplyOptions::default()).await?;
    ensure_eq!(report.summary.removed, 2, "removed: {report}");
    let drifted: Vec<String> = report.accounts[0]
        .drift
        .iter()
        .filter_map(|i| i.id.clone())
        .collect();
    ensure_eq!(drifted, drift.access_keys, "drift");
    ensure!(report.ok(), "{report}");
    let session = super::session(
        &f,
        member,
        crate::model::TaskPolicy::IamAuditRootUserCredentials,
    )
    .await?;
    let left = access_key_ids(&f, &session).await?;
    ensure_eq!(
        left,
        drift.access_keys,
        "keys left (planned ones: {:?})",
        planned.access_keys
    );

    let again = rc.apply_removal(&plan, ApplyOptions::default()).await?;
    ensure!(
        again
            .items()
            .all(|(_, r)| matches!(r.outcome, ItemOutcome::AlreadyAbsent)),
        "a second run: {again}"
    );
    Ok(Outcome::Passed)
}
