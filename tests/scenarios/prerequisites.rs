//! check_prerequisites against the simulator: a fresh organization, a ready one, SCP
//! denies, and callers in the wrong account. The check never mutates anything.

use rootctl::sim::{Caller, ScpDeny, SimulatedOrg};
use rootctl::{
    AccountId, AccountState, CallerRole, CheckStatus, EnableOptions, OrgFeatures,
    PrerequisiteOptions, PrerequisiteReport, Rootctl,
};

/// The check with its read-only probe: an audit session into `account`, or into the
/// first member the check finds.
fn with_probe(account: Option<AccountId>) -> PrerequisiteOptions {
    PrerequisiteOptions {
        probe: true,
        probe_account: account,
        scps: false,
    }
}

/// The probe check of `report`, which must have failed: its detail and its remediation.
fn failed_probe(report: &PrerequisiteReport) -> (&str, &str) {
    let probe = report.check("probe").expect("a probe check");
    assert_eq!(probe.status, CheckStatus::Fail, "{report}");
    let fix = probe.remediation.as_deref().expect("a remediation");
    (probe.detail.as_str(), fix)
}

fn status(report: &PrerequisiteReport, name: &str) -> CheckStatus {
    report
        .check(name)
        .unwrap_or_else(|| panic!("no check {name}"))
        .status
}

/// The ACTIVE member accounts, lowest id first.
fn active_members(org: &SimulatedOrg) -> Vec<AccountId> {
    org.members()
        .into_iter()
        .filter(|m| m.account.state == AccountState::Active)
        .map(|m| m.account.id)
        .collect()
}

/// A simulated organization with everything enabled by rootctl itself.
async fn enabled_org() -> SimulatedOrg {
    let org = SimulatedOrg::example();
    let report = Rootctl::simulated(org.clone())
        .enable(&EnableOptions::default())
        .await
        .unwrap();
    assert!(report.ok(), "{report}");
    org.clear_calls();
    org
}

#[tokio::test]
async fn a_fresh_organization_fails_on_trusted_access_and_says_how_to_fix_it() {
    let org = SimulatedOrg::example();
    let report = Rootctl::simulated(org.clone())
        .check_prerequisites(with_probe(None))
        .await
        .unwrap();

    assert!(!report.ok(), "{report}");
    let trusted = report.check("trusted_access").unwrap();
    assert_eq!(trusted.status, CheckStatus::Fail);
    let fix = trusted.remediation.as_deref().unwrap();
    assert!(
        fix.contains("organizations:EnableAWSServiceAccess"),
        "{fix}"
    );
    assert!(fix.contains("rootctl enable"), "{fix}");
    assert_eq!(
        status(&report, "root_credentials_management"),
        CheckStatus::Fail
    );
    assert_eq!(status(&report, "root_sessions"), CheckStatus::Warn);
    assert_eq!(status(&report, "regional_sts"), CheckStatus::Pass);
    assert_eq!(status(&report, "probe"), CheckStatus::Skip);
    assert_eq!(report.features, Some(OrgFeatures::default()));
    assert_eq!(report.organization_id, Some(org.organization_id()));
    assert!(
        org.mutating_calls().is_empty(),
        "{:?}",
        org.mutating_calls()
    );
    assert!(org.calls().iter().all(|c| c.operation != "AssumeRoot"));
}

#[tokio::test]
async fn after_enable_every_check_passes_and_the_probe_proves_the_chain() {
    let org = enabled_org().await;
    let report = Rootctl::simulated(org.clone())
        .check_prerequisites(with_probe(None))
        .await
        .unwrap();

    assert!(report.ok(), "{report}");
    for check in &report.checks {
        // Registering a delegated administrator is optional; nobody is registered here.
        let expected = match check.name.as_str() {
            "delegated_admin" => CheckStatus::Skip,
            // Not asked for here; `scps.rs` covers it.
            "scps" => CheckStatus::Skip,
            // Trusted access for AWS Account Management is not part of enabling
            // centralized root access; `unlock_regions.rs` covers it.
            "account_regions" => CheckStatus::Warn,
            _ => CheckStatus::Pass,
        };
        assert_eq!(check.status, expected, "{report}");
    }
    assert_eq!(report.caller_role, Some(CallerRole::ManagementAccount));
    let probed: Vec<_> = org
        .calls()
        .into_iter()
        .filter(|c| c.operation == "AssumeRoot" || c.operation == "GetAccountSummary")
        .collect();
    assert_eq!(probed.len(), 2, "{probed:?}");
    assert_eq!(probed[0].account_id, Some(active_members(&org)[0]));
    assert!(org.mutating_calls().is_empty());
}

#[tokio::test]
async fn a_probe_into_an_scp_denied_member_fails_with_access_denied() {
    let org = enabled_org().await;
    let denied = active_members(&org)[2];
    let client = Rootctl::simulated(org.clone());

    org.deny_root_sessions(&denied, ScpDeny::AssumeRoot)
        .unwrap();
    let options = with_probe(Some(denied));
    let report = client.check_prerequisites(options.clone()).await.unwrap();
    let (detail, fix) = failed_probe(&report);
    assert!(detail.contains("AccessDenied"), "{detail}");
    assert!(fix.contains("aws:AssumedRoot"), "{fix}");
    assert!(!report.ok());

    // Denied inside the session instead: the SCP, not the caller, is to blame.
    org.deny_root_sessions(&denied, ScpDeny::EveryCall).unwrap();
    let report = client.check_prerequisites(options).await.unwrap();
    let (detail, fix) = failed_probe(&report);
    assert!(detail.contains("GetAccountSummary"), "{detail}");
    assert!(fix.starts_with("An SCP on account"), "{fix}");
    assert!(org.mutating_calls().is_empty());
}

#[tokio::test]
async fn the_delegated_admin_passes_and_a_member_is_told_where_to_run() {
    let org = SimulatedOrg::builder()
        .delegated_admin(true)
        .caller(Caller::DelegatedAdmin)
        .build();
    let client = Rootctl::simulated(org.clone());
    let report = client.check_prerequisites(with_probe(None)).await.unwrap();
    assert!(report.ok(), "{report}");
    assert_eq!(report.caller_role, Some(CallerRole::DelegatedAdministrator));
    let admin = report.check("delegated_admin").unwrap();
    assert!(
        admin
            .detail
            .contains(org.delegated_admin_account_id().as_str())
    );

    org.set_caller(Caller::Member);
    let report = client.check_prerequisites(with_probe(None)).await.unwrap();
    assert_eq!(report.caller_role, Some(CallerRole::Other));
    assert_eq!(status(&report, "caller"), CheckStatus::Fail);
    assert_eq!(status(&report, "trusted_access"), CheckStatus::Skip);
    assert_eq!(status(&report, "probe"), CheckStatus::Skip);
    assert!(org.mutating_calls().is_empty());
}

#[tokio::test]
async fn outside_an_organization_the_first_check_fails() {
    let org = SimulatedOrg::builder()
        .caller(Caller::OutsideOrganization)
        .build();
    let report = Rootctl::simulated(org)
        .check_prerequisites(with_probe(None))
        .await
        .unwrap();
    assert_eq!(status(&report, "organization"), CheckStatus::Fail);
    assert_eq!(status(&report, "all_features"), CheckStatus::Skip);
    assert!(report.caller.is_some());
}
