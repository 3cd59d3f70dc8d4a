//! enable / disable against the simulator: only what is missing is done, refusals come
//! before any change (asserted on the call log), and a second run is a no-op.

use rootctl::sim::{Caller, SimulatedOrg};
use rootctl::{
    DisableOptions, DisableStep, EnableOptions, EnableStep, ErrorKind, IAM_SERVICE_PRINCIPAL,
    OrgFeatures, Organizations, Rootctl, StepOutcome,
};

const ALL_ON: OrgFeatures = OrgFeatures {
    trusted_access: true,
    root_credentials_management: true,
    root_sessions: true,
};

/// The operations of the mutating calls made so far, in order.
fn mutations(org: &SimulatedOrg) -> Vec<&'static str> {
    org.mutating_calls().iter().map(|c| c.operation).collect()
}

fn outcomes<S>(steps: &[rootctl::StepResult<S>]) -> Vec<&'static str> {
    steps.iter().map(|s| s.outcome.as_str()).collect()
}

#[tokio::test]
async fn enable_turns_everything_on_in_aws_order_and_a_second_run_is_a_no_op() {
    let org = SimulatedOrg::example();
    let client = Rootctl::simulated(org.clone());

    let plan = client.plan_enable(&EnableOptions::default()).await.unwrap();
    assert_eq!(
        plan.steps,
        [
            EnableStep::EnableTrustedAccess,
            EnableStep::EnableRootCredentialsManagement,
            EnableStep::EnableRootSessions,
        ]
    );
    assert!(mutations(&org).is_empty(), "planning changes nothing");

    let report = client.enable(&EnableOptions::default()).await.unwrap();
    assert!(report.ok(), "{report}");
    assert_eq!(report.features, ALL_ON);
    assert_eq!(org.features(), ALL_ON);
    assert_eq!(
        mutations(&org),
        [
            "EnableAWSServiceAccess",
            "EnableOrganizationsRootCredentialsManagement",
            "EnableOrganizationsRootSessions",
        ]
    );

    org.clear_calls();
    let again = client.enable(&EnableOptions::default()).await.unwrap();
    assert!(again.ok(), "{again}");
    assert_eq!(outcomes(&again.steps), ["already", "already", "already"]);
    assert!(mutations(&org).is_empty(), "{:?}", org.mutating_calls());
}

#[tokio::test]
async fn enable_with_a_delegated_admin_registers_it() {
    let org = SimulatedOrg::example();
    let admin = org.delegated_admin_account_id();
    let options = EnableOptions {
        delegated_admin: Some(admin),
        ..EnableOptions::default()
    };
    let report = Rootctl::simulated(org.clone())
        .enable(&options)
        .await
        .unwrap();
    assert!(report.ok(), "{report}");
    assert_eq!(
        report.steps.last().unwrap().step,
        EnableStep::RegisterDelegatedAdministrator { account_id: admin }
    );

    let registered = org
        .list_delegated_administrators(IAM_SERVICE_PRINCIPAL)
        .await
        .unwrap();
    assert_eq!(registered.len(), 1);
    assert_eq!(registered[0].account_id, admin);

    // The registered account now acts as the delegated administrator.
    org.set_caller(Caller::DelegatedAdmin);
    let prerequisites = Rootctl::simulated(org.clone())
        .check_prerequisites(Default::default())
        .await
        .unwrap();
    assert!(prerequisites.ok(), "{prerequisites}");
}

#[tokio::test]
async fn enable_from_the_delegated_admin_fails_and_mutates_nothing() {
    let org = SimulatedOrg::builder()
        .features(OrgFeatures {
            trusted_access: true,
            ..OrgFeatures::default()
        })
        .delegated_admin(true)
        .caller(Caller::DelegatedAdmin)
        .build();
    let err = Rootctl::simulated(org.clone())
        .enable(&EnableOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotManagementAccount, "{err}");
    assert_eq!(err.account_id(), Some(org.delegated_admin_account_id()));
    assert!(mutations(&org).is_empty(), "{:?}", org.mutating_calls());
}

#[tokio::test]
async fn refusals_come_before_any_change() {
    let org = SimulatedOrg::example();
    let client = Rootctl::simulated(org.clone());

    let terraform_owned = EnableOptions {
        manage_trusted_access: false,
        ..EnableOptions::default()
    };
    let err = client.enable(&terraform_owned).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TrustedAccessNotEnabled, "{err}");
    assert!(
        err.to_string().contains("aws_service_access_principals"),
        "{err}"
    );

    let management = EnableOptions {
        delegated_admin: Some(org.management_account_id()),
        ..EnableOptions::default()
    };
    let err = client.enable(&management).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");

    assert!(mutations(&org).is_empty(), "{:?}", org.mutating_calls());
    assert_eq!(org.features(), OrgFeatures::default());
}

#[tokio::test]
async fn disable_reverses_enable() {
    let org = SimulatedOrg::example();
    let client = Rootctl::simulated(org.clone());
    let admin = org.delegated_admin_account_id();
    let enable = EnableOptions {
        delegated_admin: Some(admin),
        ..EnableOptions::default()
    };
    assert!(client.enable(&enable).await.unwrap().ok());
    org.clear_calls();

    let everything = DisableOptions {
        deregister_delegated_admin: true,
        disable_trusted_access: true,
        ..DisableOptions::default()
    };
    let plan = client.plan_disable(&everything).await.unwrap();
    assert_eq!(
        plan.steps,
        [
            DisableStep::DisableRootSessions,
            DisableStep::DisableRootCredentialsManagement,
            DisableStep::DeregisterDelegatedAdministrator { account_id: admin },
            DisableStep::DisableTrustedAccess,
        ]
    );
    assert!(mutations(&org).is_empty(), "planning changes nothing");

    let report = client.disable(&everything).await.unwrap();
    assert!(report.ok(), "{report}");
    assert_eq!(report.features, OrgFeatures::default());
    assert_eq!(
        mutations(&org),
        [
            "DisableOrganizationsRootSessions",
            "DisableOrganizationsRootCredentialsManagement",
            "DeregisterDelegatedAdministrator",
            "DisableAWSServiceAccess",
        ]
    );

    org.clear_calls();
    assert!(client.plan_disable(&everything).await.unwrap().is_noop());
    assert!(client.disable(&everything).await.unwrap().ok());
    assert!(mutations(&org).is_empty(), "{:?}", org.mutating_calls());
}

#[tokio::test]
async fn the_delegated_admin_may_turn_the_features_off_but_not_deregister() {
    let org = SimulatedOrg::builder()
        .delegated_admin(true)
        .caller(Caller::DelegatedAdmin)
        .build();
    let client = Rootctl::simulated(org.clone());

    let deregister = DisableOptions {
        deregister_delegated_admin: true,
        ..DisableOptions::default()
    };
    let err = client.disable(&deregister).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotManagementAccount, "{err}");
    assert!(mutations(&org).is_empty());

    let sessions_only = DisableOptions {
        root_sessions_only: true,
        ..DisableOptions::default()
    };
    let report = client.disable(&sessions_only).await.unwrap();
    assert!(report.ok(), "{report}");
    assert!(matches!(report.steps[0].outcome, StepOutcome::Done));
    assert_eq!(
        org.features(),
        OrgFeatures {
            root_sessions: false,
            ..ALL_ON
        }
    );
}
