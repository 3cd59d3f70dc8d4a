//! Decision logic of reading and enabling against mocks: what is planned for which state,
//! what is refused before any change, and how a failing step stops the rest.

use super::fixture::{MANAGEMENT, OrgFixture, SECURITY, SUSPENDED, aws_error, id};
use super::*;
use crate::model::FeatureSet;

fn with_admin(account: &str) -> EnableOptions {
    EnableOptions {
        delegated_admin: Some(id(account)),
        ..EnableOptions::default()
    }
}

#[tokio::test]
async fn trusted_access_off_reports_every_feature_off() {
    // The fixture's feature API answers ServiceAccessNotEnabledException then, as AWS does.
    let features = OrgFixture::fresh().client().features().await.unwrap();
    assert_eq!(features, OrgFeatures::default());
}

#[tokio::test]
async fn features_are_read_from_both_apis_and_other_errors_are_kept() {
    let features = OrgFixture::enabled().client().features().await.unwrap();
    let all_on = OrgFeatures {
        trusted_access: true,
        root_credentials_management: true,
        root_sessions: true,
    };
    assert_eq!(features, all_on);

    let fixture = OrgFixture {
        features_error: Some(aws_error(
            ErrorKind::AccessDenied,
            "ListOrganizationsFeatures",
        )),
        ..OrgFixture::enabled()
    };
    let err = fixture.client().features().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AccessDenied);
}

#[tokio::test]
async fn a_plan_lists_only_missing_steps_in_aws_order() {
    let fresh = OrgFixture::fresh().read_only().client();
    let plan = fresh.plan_enable(&with_admin(SECURITY)).await.unwrap();
    assert_eq!(
        plan.steps,
        [
            EnableStep::EnableTrustedAccess,
            EnableStep::EnableRootCredentialsManagement,
            EnableStep::EnableRootSessions,
            EnableStep::RegisterDelegatedAdministrator {
                account_id: id(SECURITY)
            },
        ]
    );
    assert!(plan.already_done.is_empty());

    let partly = OrgFixture {
        trusted_access: true,
        root_sessions: true,
        ..OrgFixture::fresh()
    };
    let plan = partly
        .read_only()
        .client()
        .plan_enable(&with_admin(SECURITY))
        .await
        .unwrap();
    assert_eq!(
        plan.steps,
        [
            EnableStep::EnableRootCredentialsManagement,
            EnableStep::RegisterDelegatedAdministrator {
                account_id: id(SECURITY)
            },
        ]
    );
    assert_eq!(
        plan.already_done,
        [
            EnableStep::EnableTrustedAccess,
            EnableStep::EnableRootSessions
        ]
    );

    let without_sessions = EnableOptions {
        root_sessions: false,
        ..EnableOptions::default()
    };
    let plan = OrgFixture::fresh()
        .read_only()
        .client()
        .plan_enable(&without_sessions)
        .await
        .unwrap();
    assert!(!plan.steps.contains(&EnableStep::EnableRootSessions));
}

#[tokio::test]
async fn enable_applies_in_order_and_reports_already_done_steps() {
    let partly = OrgFixture {
        trusted_access: true,
        root_sessions: true,
        ..OrgFixture::fresh()
    };
    let mut mocks = partly.mocks();
    let log = mocks.record_mutations();
    let report = mocks.client().enable(&with_admin(SECURITY)).await.unwrap();

    assert_eq!(
        log.calls(),
        ["Enable RootCredentialsManagement", "Register 222222222222"]
    );
    let outcomes: Vec<_> = report.steps.iter().map(|s| s.outcome.as_str()).collect();
    assert_eq!(outcomes, ["already", "done", "already", "done"]);
    assert_eq!(report.steps[2].step, EnableStep::EnableRootSessions);
    assert!(report.ok());
}

#[tokio::test]
async fn enable_stops_at_the_first_failure_and_skips_the_rest() {
    let mut mocks = OrgFixture::fresh().mocks();
    mocks
        .organizations
        .expect_enable_service_access()
        .times(1)
        .returning(|_| Ok(()));
    mocks
        .features
        .expect_enable_feature()
        .withf(|f| *f == OrgFeature::RootCredentialsManagement)
        .times(1)
        .returning(|_| {
            Err(aws_error(
                ErrorKind::AccessDenied,
                "EnableOrganizationsRootCredentialsManagement",
            ))
        });
    mocks
        .features
        .expect_enable_feature()
        .withf(|f| *f == OrgFeature::RootSessions)
        .times(0);
    mocks
        .organizations
        .expect_register_delegated_administrator()
        .times(0);
    let report = mocks.client().enable(&with_admin(SECURITY)).await.unwrap();

    let outcomes: Vec<_> = report.steps.iter().map(|s| s.outcome.as_str()).collect();
    assert_eq!(outcomes, ["done", "failed", "skipped", "skipped"]);
    let StepOutcome::Failed { error } = &report.steps[1].outcome else {
        unreachable!()
    };
    assert_eq!(error.kind(), ErrorKind::AccessDenied);
    let StepOutcome::Skipped { reason } = &report.steps[3].outcome else {
        unreachable!()
    };
    assert!(
        reason.contains("enable RootCredentialsManagement"),
        "{reason}"
    );
    assert!(!report.ok());

    let text = report.to_string();
    assert!(
        text.starts_with("organization o-fixture1: FAILED\n"),
        "{text}"
    );
    assert!(
        text.contains("  failed   enable RootCredentialsManagement: access denied"),
        "{text}"
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["steps"][3]["step"], "register_delegated_administrator");
    assert_eq!(json["steps"][3]["account_id"], SECURITY);
    assert_eq!(json["steps"][1]["status"], "failed");
    let back: EnableReport = serde_json::from_value(json).unwrap();
    assert_eq!(back.steps[3].step, report.steps[3].step);
    assert!(
        matches!(&back.steps[1].outcome, StepOutcome::Failed { error } if error.kind() == ErrorKind::AccessDenied)
    );
}

#[tokio::test]
async fn a_second_enable_is_a_no_op() {
    let done = OrgFixture {
        delegated_admins: vec![id(SECURITY)],
        ..OrgFixture::enabled()
    };
    let client = done.read_only().client();
    assert!(
        client
            .plan_enable(&with_admin(SECURITY))
            .await
            .unwrap()
            .is_noop()
    );
    let report = client.enable(&with_admin(SECURITY)).await.unwrap();
    assert_eq!(report.steps.len(), 4);
    assert!(
        report
            .steps
            .iter()
            .all(|s| matches!(s.outcome, StepOutcome::Already))
    );
    assert!(report.ok());
}

#[tokio::test]
async fn a_registration_that_already_exists_counts_as_already() {
    let mut mocks = OrgFixture::enabled().mocks();
    mocks
        .organizations
        .expect_register_delegated_administrator()
        .times(1)
        .returning(|_, _| {
            Err(aws_error(
                ErrorKind::AlreadyExists,
                "RegisterDelegatedAdministrator",
            ))
        });
    let report = mocks.client().enable(&with_admin(SECURITY)).await.unwrap();
    assert!(matches!(report.steps[3].outcome, StepOutcome::Already));
    assert!(report.ok());
}

#[tokio::test]
async fn enable_refuses_before_any_change() {
    let cases: [(OrgFixture, EnableOptions, ErrorKind); 6] = [
        (
            OrgFixture::fresh(),
            with_admin(MANAGEMENT),
            ErrorKind::InvalidInput,
        ),
        (
            OrgFixture::fresh(),
            with_admin(SUSPENDED),
            ErrorKind::InvalidInput,
        ),
        (
            OrgFixture::fresh(),
            with_admin("999999999999"),
            ErrorKind::InvalidInput,
        ),
        (
            OrgFixture {
                feature_set: FeatureSet::ConsolidatedBilling,
                ..OrgFixture::fresh()
            },
            EnableOptions::default(),
            ErrorKind::NotAllFeatures,
        ),
        (
            OrgFixture {
                caller: id(SECURITY),
                delegated_admins: vec![id(SECURITY)],
                ..OrgFixture::fresh()
            },
            EnableOptions::default(),
            ErrorKind::NotManagementAccount,
        ),
        (
            OrgFixture::fresh(),
            EnableOptions {
                manage_trusted_access: false,
                ..EnableOptions::default()
            },
            ErrorKind::TrustedAccessNotEnabled,
        ),
    ];
    for (fixture, options, kind) in cases {
        let err = fixture
            .read_only()
            .client()
            .enable(&options)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{options:?}: {err}");
        if kind == ErrorKind::TrustedAccessNotEnabled {
            assert!(
                err.to_string().contains("aws_service_access_principals"),
                "{err}"
            );
        }
        if kind == ErrorKind::NotManagementAccount {
            assert_eq!(err.account_id(), Some(id(SECURITY)));
            assert!(
                err.to_string()
                    .contains("is not the management account 111111111111"),
                "{err}"
            );
        }
    }
}
