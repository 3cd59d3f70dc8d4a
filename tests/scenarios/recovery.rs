//! allow_password_recovery against the simulator.

use rootctl::sim::SimulatedOrg;
use rootctl::{ErrorKind, OrgFeatures, RecoveryOutcome, Rootctl};

#[tokio::test]
async fn recovery_needs_root_credentials_management_and_says_so() {
    let org = SimulatedOrg::builder()
        .members(6)
        .seed(4)
        .features(OrgFeatures {
            trusted_access: true,
            root_credentials_management: false,
            root_sessions: true,
        })
        .build();
    let member = org.members()[0].account.id;
    let err = Rootctl::simulated(org.clone())
        .allow_password_recovery(&[member], None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::FeatureNotEnabled);
    assert!(
        err.to_string().contains("RootCredentialsManagement off"),
        "{err}"
    );
    assert!(org.calls().iter().all(|c| c.operation != "AssumeRoot"));
}

/// Password recovery is root credentials management, not a privileged root action: it
/// works with RootSessions off (see `TaskPolicy::required_features`).
#[tokio::test]
async fn recovery_works_without_root_sessions() {
    let org = SimulatedOrg::builder()
        .members(6)
        .seed(4)
        .password_share(0.0)
        .features(OrgFeatures {
            trusted_access: true,
            root_credentials_management: true,
            root_sessions: false,
        })
        .build();
    let member = org.members()[0].account.id;
    let report = Rootctl::simulated(org.clone())
        .allow_password_recovery(&[member], None)
        .await
        .unwrap();
    assert!(report.ok(), "{report}");
    assert!(matches!(
        report.accounts[0].outcome,
        RecoveryOutcome::Enabled
    ));
}

#[tokio::test]
async fn recovery_enables_or_reports_an_existing_password() {
    let org = SimulatedOrg::builder()
        .members(10)
        .seed(4)
        .password_share(0.5)
        .build();
    let members = org.members();
    let with_password = members
        .iter()
        .find(|m| {
            org.root_credentials(&m.account.id)
                .unwrap()
                .password
                .is_some()
        })
        .unwrap()
        .account
        .id;
    let without = members
        .iter()
        .find(|m| {
            org.root_credentials(&m.account.id)
                .unwrap()
                .password
                .is_none()
        })
        .unwrap()
        .account
        .id;
    let report = Rootctl::simulated(org.clone())
        .allow_password_recovery(&[with_password, without], None)
        .await
        .unwrap();
    assert!(report.ok(), "{report}");
    let outcome = |id| {
        &report
            .accounts
            .iter()
            .find(|a| a.account_id == id)
            .unwrap()
            .outcome
    };
    assert!(matches!(
        outcome(with_password),
        RecoveryOutcome::AlreadyPossible
    ));
    assert!(matches!(outcome(without), RecoveryOutcome::Enabled));
    assert!(org.root_credentials(&without).unwrap().password.is_some());
    assert!(report.skipped.is_empty());
}
