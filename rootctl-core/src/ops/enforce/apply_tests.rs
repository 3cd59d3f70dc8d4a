//! An exception that expires between the preview and its confirmation: applying the
//! preview removes nothing it did not show, where a fresh run on the new day would remove
//! what the exception kept. The day is set through the crate-internal `*_at` entry points;
//! everything else is the simulator.

use chrono::{TimeDelta, Utc};

use super::*;
use crate::model::{
    AccessKey, CredentialKind, CredentialStatus, LoginProfile, MfaDevice, RootCredentials, Tags,
};
use crate::ops::select::Selection;
use crate::sim::SimulatedOrg;

/// One break-glass account with a password, hardware MFA and an access key, and a policy
/// whose exception keeps the password and MFA until tomorrow.
fn break_glass() -> (SimulatedOrg, AccountId, EnforcementPolicy) {
    let org = SimulatedOrg::builder()
        .members(2)
        .seed(5)
        .password_share(0.0)
        .access_key_share(0.0)
        .signing_certificate_share(0.0)
        .mfa_share(0.0)
        .build();
    let root = org.organization_root();
    let glass = org
        .create_account("break-glass", &root, Tags::new())
        .unwrap();
    org.set_credentials(
        &glass,
        RootCredentials {
            password: Some(LoginProfile {
                created: Utc::now() - TimeDelta::days(400),
                password_reset_required: false,
            }),
            access_keys: vec![AccessKey {
                id: "AKIDBREAKGLASS000001".into(),
                status: CredentialStatus::Active,
                created: None,
                last_used: None,
            }],
            mfa_devices: vec![MfaDevice::new("GAHT87654321".to_owned(), None)],
            ..RootCredentials::default()
        },
    )
    .unwrap();
    let tomorrow = Utc::now().date_naive() + TimeDelta::days(1);
    let policy = EnforcementPolicy {
        selection: Selection::accounts([glass]),
        exceptions: vec![
            PolicyException::new(
                glass,
                "break-glass until the review",
                [CredentialKind::Password, CredentialKind::MfaDevice],
            )
            .unwrap()
            .expires(tomorrow),
        ],
        max_plan_age: Some(std::time::Duration::from_secs(48 * 3600)),
        ..EnforcementPolicy::default()
    };
    (org, glass, policy)
}

#[tokio::test]
async fn an_exception_that_expired_after_the_preview_removes_nothing_not_shown() {
    let (org, glass, policy) = break_glass();
    let rc = Rootctl::simulated(org.clone());
    let dry_run = EnforceOptions {
        dry_run: true,
        ..EnforceOptions::default()
    };
    let preview = rc.enforce(&policy, dry_run).await.unwrap();
    let shown = &preview.account(&glass).unwrap().remaining;
    assert_eq!(shown.len(), 1, "only the key is shown: {preview}");
    assert_eq!(shown[0].kind, CredentialKind::AccessKey);

    // The confirmation comes tomorrow, when the exception no longer applies.
    let tomorrow = Utc::now() + TimeDelta::days(1);
    let report = rc
        .apply_enforcement_at(
            &policy,
            &preview,
            ApplyEnforcementOptions::default(),
            tomorrow,
        )
        .await
        .unwrap();
    let creds = org.root_credentials(&glass).unwrap();
    assert!(creds.password.is_some(), "the password was never shown");
    assert_eq!(creds.mfa_devices.len(), 1, "nor the MFA device");
    assert!(
        creds.access_keys.is_empty(),
        "the key was shown, and removed"
    );
    let entry = report.account(&glass).unwrap();
    assert_eq!(entry.removed.len(), 1);
    // It now holds what the policy forbids, and says why it was left.
    assert_eq!(entry.status, EnforcementStatus::NonCompliant, "{report}");
    assert!(
        entry
            .reasons
            .iter()
            .any(|r| r.contains("after the preview was made")),
        "{:?}",
        entry.reasons
    );
    assert!(report.exceptions[0].expired);

    // What the console used to do after the question, a fresh enforce on that day,
    // removes the password and MFA that were never shown.
    let fresh = rc
        .enforce_at(&policy, EnforceOptions::default(), tomorrow)
        .await
        .unwrap();
    assert_eq!(fresh.account(&glass).unwrap().removed.len(), 2, "{fresh}");
    assert!(org.root_credentials(&glass).unwrap().is_empty());
}

/// The derived check on its own, for the rule the public path also covers twice (the
/// plan's kinds must equal the policy's, and its items be of its kinds): an item of a
/// kind the policy does not forbid is named, with its account; one it forbids passes.
#[tokio::test]
async fn a_plan_item_of_a_kind_the_policy_does_not_forbid_is_named() {
    let (org, glass, mut policy) = break_glass();
    policy.exceptions.clear();
    policy.kinds = vec![CredentialKind::AccessKey];
    let rc = Rootctl::simulated(org.clone());
    let selected = rc.select_accounts(&policy.selection).await.unwrap();
    let audit = rc.audit(&policy.selection, None).await.unwrap();
    let mut plan = rc.plan_removal(&audit, &CredentialKind::ALL).unwrap();
    let today = Utc::now().date_naive();
    let rule = super::scope::plan_overreach(&policy, &selected, &plan, today)
        .expect("the password is not a kind the policy forbids");
    assert!(
        rule.contains("password") && rule.contains(glass.as_str()),
        "{rule}"
    );
    plan.accounts[0]
        .items
        .retain(|i| i.kind == CredentialKind::AccessKey);
    assert_eq!(
        super::scope::plan_overreach(&policy, &selected, &plan, today),
        None
    );
}

/// The age limit is inclusive: a preview exactly `max_plan_age` old applies, one a
/// nanosecond older is refused (the day is set through `apply_enforcement_at`).
#[tokio::test]
async fn a_preview_exactly_as_old_as_the_limit_applies_and_one_older_does_not() {
    let (org, _glass, policy) = break_glass();
    let rc = Rootctl::simulated(org.clone());
    let dry_run = EnforceOptions {
        dry_run: true,
        ..EnforceOptions::default()
    };
    let preview = rc.enforce(&policy, dry_run).await.unwrap();
    let limit = preview.started_at + TimeDelta::hours(48);
    let err = rc
        .apply_enforcement_at(
            &policy,
            &preview,
            ApplyEnforcementOptions::default(),
            limit + TimeDelta::nanoseconds(1),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("max_plan_age_hours"), "{err}");
    assert_eq!(org.mutating_calls(), Vec::new());
    let report = rc
        .apply_enforcement_at(&policy, &preview, ApplyEnforcementOptions::default(), limit)
        .await
        .unwrap();
    assert_eq!(report.summary.removed, 1, "{report}");
}
