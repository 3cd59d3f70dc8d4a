//! Turning centralized root access on and off over the wire: plan_enable, enable, the
//! second enable that changes nothing, the delegated administrator, read-back, disable.

use rootctl::{
    AccountId, DisableOptions, DisableStep, EnableOptions, EnableStep, ErrorKind,
    IAM_SERVICE_PRINCIPAL, OrgFeatures, StepOutcome,
};

use crate::support::{Emulator, NewAccount};

const ALL_ON: OrgFeatures = OrgFeatures {
    trusted_access: true,
    root_credentials_management: true,
    root_sessions: true,
};

/// The trusted-access list and delegated administrators, read with the plain SDK rather
/// than through rootctl, to check its changes independently.
async fn read_back(emu: &Emulator) -> (Vec<String>, Vec<String>) {
    let orgs = emu.organizations();
    let access = orgs
        .list_aws_service_access_for_organization()
        .send()
        .await
        .expect("ListAWSServiceAccessForOrganization");
    let principals = access
        .enabled_service_principals()
        .iter()
        .filter_map(|p| p.service_principal().map(str::to_owned))
        .collect();
    let admins = orgs
        .list_delegated_administrators()
        .service_principal(IAM_SERVICE_PRINCIPAL)
        .send()
        .await
        .expect("ListDelegatedAdministrators");
    let admins = admins
        .delegated_administrators()
        .iter()
        .filter_map(|a| a.id().map(str::to_owned))
        .collect();
    (principals, admins)
}

fn outcomes<S: Clone>(steps: &[rootctl::StepResult<S>]) -> Vec<(S, &'static str)> {
    steps
        .iter()
        .map(|s| (s.step.clone(), s.outcome.as_str()))
        .collect()
}

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn plan_enable_enable_and_a_second_enable_that_changes_nothing() {
    let emu = Emulator::start("plan_enable_enable_and_a_second_enable_that_changes_nothing").await;
    let org = emu.create_organization().await;
    emu.create_accounts(&org, &[NewAccount::new("member-a")])
        .await;
    let rootctl = emu.rootctl().await;
    let options = EnableOptions::default();

    let plan = rootctl.plan_enable(&options).await.expect("plan_enable");
    assert_eq!(plan.organization_id, org.id);
    assert_eq!(
        plan.steps,
        [
            EnableStep::EnableTrustedAccess,
            EnableStep::EnableRootCredentialsManagement,
            EnableStep::EnableRootSessions,
        ]
    );
    assert!(plan.already_done.is_empty());
    // Planning changed nothing.
    assert_eq!(
        rootctl.features().await.expect("features"),
        OrgFeatures::default()
    );
    assert!(read_back(&emu).await.0.is_empty());

    let report = rootctl.enable(&options).await.expect("enable");
    assert!(report.ok(), "{report}");
    assert_eq!(
        outcomes(&report.steps),
        [
            (EnableStep::EnableTrustedAccess, "done"),
            (EnableStep::EnableRootCredentialsManagement, "done"),
            (EnableStep::EnableRootSessions, "done"),
        ]
    );
    assert_eq!(report.features, ALL_ON);
    // Read back, through rootctl and independently of it.
    assert_eq!(rootctl.features().await.expect("features"), ALL_ON);
    assert_eq!(read_back(&emu).await.0, [IAM_SERVICE_PRINCIPAL]);

    let again = rootctl.plan_enable(&options).await.expect("plan_enable");
    assert!(again.is_noop(), "{again}");
    assert_eq!(again.already_done.len(), 3);
    let report = rootctl.enable(&options).await.expect("second enable");
    assert!(report.ok(), "{report}");
    assert!(
        report
            .steps
            .iter()
            .all(|s| matches!(s.outcome, StepOutcome::Already)),
        "{report}"
    );
    assert_eq!(report.features, ALL_ON);
}

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn enable_registers_the_delegated_administrator_once() {
    let emu = Emulator::start("enable_registers_the_delegated_administrator_once").await;
    let org = emu.create_organization().await;
    let members = emu
        .create_accounts(
            &org,
            &[NewAccount::new("security"), NewAccount::new("workload")],
        )
        .await;
    let security = members[0];
    let options = EnableOptions {
        delegated_admin: Some(security),
        ..EnableOptions::default()
    };

    let rootctl = emu.rootctl().await;
    // The management account is refused by rootctl itself (AWS would refuse it too).
    let management = EnableOptions {
        delegated_admin: Some(org.management),
        ..EnableOptions::default()
    };
    let err = rootctl
        .plan_enable(&management)
        .await
        .expect_err("management account as delegated admin");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let stranger: AccountId = "999999999999".parse().expect("an id");
    let err = rootctl
        .plan_enable(&EnableOptions {
            delegated_admin: Some(stranger),
            ..EnableOptions::default()
        })
        .await
        .expect_err("a stranger as delegated admin");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");

    let plan = rootctl.plan_enable(&options).await.expect("plan_enable");
    assert_eq!(
        plan.steps.last(),
        Some(&EnableStep::RegisterDelegatedAdministrator {
            account_id: security
        })
    );
    let report = rootctl.enable(&options).await.expect("enable");
    assert!(report.ok(), "{report}");
    assert_eq!(report.steps.len(), 4);
    assert!(report.steps.iter().all(|s| s.outcome.as_str() == "done"));
    assert_eq!(read_back(&emu).await.1, [security.to_string()]);

    let again = rootctl.enable(&options).await.expect("second enable");
    assert!(
        again
            .steps
            .iter()
            .all(|s| matches!(s.outcome, StepOutcome::Already)),
        "{again}"
    );
    assert_eq!(read_back(&emu).await.1, [security.to_string()]);
}

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn disable_turns_everything_off_in_reverse_order() {
    let emu = Emulator::start("disable_turns_everything_off_in_reverse_order").await;
    let org = emu.create_organization().await;
    let members = emu
        .create_accounts(&org, &[NewAccount::new("security")])
        .await;
    let security = members[0];
    let rootctl = emu.rootctl().await;
    let enabled = rootctl
        .enable(&EnableOptions {
            delegated_admin: Some(security),
            ..EnableOptions::default()
        })
        .await
        .expect("enable");
    assert!(enabled.ok(), "{enabled}");

    // The default turns the features off and leaves the rest.
    let report = rootctl
        .disable(&DisableOptions::default())
        .await
        .expect("disable");
    assert!(report.ok(), "{report}");
    assert_eq!(
        outcomes(&report.steps),
        [
            (DisableStep::DisableRootSessions, "done"),
            (DisableStep::DisableRootCredentialsManagement, "done"),
        ]
    );
    assert_eq!(
        report.features,
        OrgFeatures {
            trusted_access: true,
            ..OrgFeatures::default()
        }
    );
    assert_eq!(read_back(&emu).await.1, [security.to_string()]);

    let everything = DisableOptions {
        deregister_delegated_admin: true,
        disable_trusted_access: true,
        ..DisableOptions::default()
    };
    let plan = rootctl
        .plan_disable(&everything)
        .await
        .expect("plan_disable");
    assert_eq!(
        plan.steps,
        [
            DisableStep::DeregisterDelegatedAdministrator {
                account_id: security
            },
            DisableStep::DisableTrustedAccess,
        ]
    );
    assert_eq!(plan.already_done.len(), 2);
    let report = rootctl.disable(&everything).await.expect("disable");
    assert!(report.ok(), "{report}");
    assert_eq!(report.features, OrgFeatures::default());
    assert_eq!(
        rootctl.features().await.expect("features"),
        OrgFeatures::default()
    );
    let (principals, _) = read_back(&emu).await;
    assert!(principals.is_empty(), "{principals:?}");

    let again = rootctl
        .plan_disable(&everything)
        .await
        .expect("plan_disable");
    assert!(again.is_noop(), "{again}");
}
