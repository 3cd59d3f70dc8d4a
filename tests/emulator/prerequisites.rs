//! `check_prerequisites` over the wire: a fresh organization, the emulator's root identity,
//! and a fully set-up organization with the AssumeRoot probe.

use rootctl::{
    CallerRole, CheckStatus, EnableOptions, OrgFeatures, PrerequisiteOptions, PrerequisiteReport,
};

use crate::support::{Emulator, NewAccount, OPERATOR};

fn status(report: &PrerequisiteReport, name: &str) -> CheckStatus {
    report
        .check(name)
        .unwrap_or_else(|| panic!("no check {name} in\n{report}"))
        .status
}

fn remediation<'a>(report: &'a PrerequisiteReport, name: &str) -> &'a str {
    report
        .check(name)
        .and_then(|c| c.remediation.as_deref())
        .unwrap_or_else(|| panic!("check {name} has no remediation in\n{report}"))
}

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn a_fresh_organization_fails_on_trusted_access_with_the_fix() {
    let emu = Emulator::start("a_fresh_organization_fails_on_trusted_access_with_the_fix").await;
    let org = emu.create_organization().await;
    emu.create_accounts(&org, &[NewAccount::new("member-a")])
        .await;
    let rootctl = emu.operator_rootctl().await;

    let report = rootctl
        .check_prerequisites(PrerequisiteOptions::default())
        .await
        .expect("a report, not an error");

    assert!(!report.ok(), "{report}");
    assert_eq!(report.organization_id.as_deref(), Some(org.id.as_str()));
    assert_eq!(report.caller_role, Some(CallerRole::ManagementAccount));
    let caller = report.caller.as_ref().expect("caller identity");
    assert_eq!(caller.account_id, org.management);
    assert!(
        caller.arn.ends_with(&format!(":user/{OPERATOR}")),
        "{}",
        caller.arn
    );

    let expected = [
        ("organization", CheckStatus::Pass),
        ("all_features", CheckStatus::Pass),
        ("caller", CheckStatus::Pass),
        ("trusted_access", CheckStatus::Fail),
        ("root_credentials_management", CheckStatus::Fail),
        ("root_sessions", CheckStatus::Warn),
        // None registered (and none can be without trusted access).
        ("delegated_admin", CheckStatus::Skip),
        ("regional_sts", CheckStatus::Pass),
        // Trusted access for AWS Account Management is off on a fresh organization.
        ("account_regions", CheckStatus::Warn),
        ("probe", CheckStatus::Skip),
        ("scps", CheckStatus::Skip),
    ];
    let got: Vec<(&str, CheckStatus)> = report
        .checks
        .iter()
        .map(|c| (c.name.as_str(), c.status))
        .collect();
    assert_eq!(got, expected, "{report}");

    let fix = remediation(&report, "trusted_access");
    assert!(fix.contains("EnableAWSServiceAccess"), "{fix}");
    assert!(fix.contains("aws_service_access_principals"), "{fix}");
    let fix = remediation(&report, "root_credentials_management");
    assert!(
        fix.contains("EnableOrganizationsRootCredentialsManagement"),
        "{fix}"
    );
    assert_eq!(report.features, Some(OrgFeatures::default()));
    assert!(report.to_string().contains("fix: "), "{report}");
}

/// fakecloud's `test`/`test` identity is the management account's root user. AWS refuses
/// AssumeRoot to root callers, so rootctl fails the caller check, as it would on AWS.
#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn the_emulators_root_identity_is_refused_as_caller() {
    let emu = Emulator::start("the_emulators_root_identity_is_refused_as_caller").await;
    emu.create_organization().await;
    let rootctl = emu.rootctl().await;

    let report = rootctl
        .check_prerequisites(PrerequisiteOptions::default())
        .await
        .expect("a report");

    assert_eq!(
        status(&report, "organization"),
        CheckStatus::Pass,
        "{report}"
    );
    assert_eq!(status(&report, "caller"), CheckStatus::Fail, "{report}");
    let caller = report.check("caller").expect("caller check");
    assert!(caller.detail.contains(":root"), "{}", caller.detail);
    assert!(caller.detail.contains("root user"), "{}", caller.detail);
    // The root user is the management account's: every setting is still read, so one
    // run shows every problem (trusted access is off in a fresh organization).
    assert_eq!(report.caller_role, Some(CallerRole::ManagementAccount));
    assert_eq!(
        status(&report, "trusted_access"),
        CheckStatus::Fail,
        "{report}"
    );
    assert_ne!(
        status(&report, "root_credentials_management"),
        CheckStatus::Skip,
        "{report}"
    );
    assert_ne!(
        status(&report, "root_sessions"),
        CheckStatus::Skip,
        "{report}"
    );
    assert!(report.features.is_some(), "{report}");
}

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn after_enable_every_check_passes_and_the_probe_assumes_root() {
    let emu = Emulator::start("after_enable_every_check_passes_and_the_probe_assumes_root").await;
    let org = emu.create_organization().await;
    let members = emu
        .create_accounts(
            &org,
            &[NewAccount::new("probe-b"), NewAccount::new("probe-a")],
        )
        .await;
    let security = members[0];
    let rootctl = emu.operator_rootctl().await;
    let options = EnableOptions {
        delegated_admin: Some(security),
        ..EnableOptions::default()
    };
    assert!(rootctl.enable(&options).await.expect("enable").ok());
    // Not part of enable: trusted access for AWS Account Management, which lets the
    // unlock search list each member's regions (the `account_regions` check).
    emu.organizations()
        .enable_aws_service_access()
        .service_principal(rootctl::ACCOUNT_SERVICE_PRINCIPAL)
        .send()
        .await
        .expect("trusted access for account.amazonaws.com");
    // Gap 14: AWS attaches FullAWSAccess to every account; fakecloud to the root only.
    for member in &members {
        emu.attach_policy("p-FullAWSAccess", member.as_str())
            .await
            .expect("FullAWSAccess attached");
    }

    let report = rootctl
        .check_prerequisites(PrerequisiteOptions {
            probe: true,
            probe_account: None,
            scps: true,
        })
        .await
        .expect("a report");

    assert!(report.ok(), "{report}");
    for check in &report.checks {
        assert_eq!(check.status, CheckStatus::Pass, "{report}");
    }
    // The SCP pre-flight read the policies over the wire: nothing blocks the members.
    let scps = report.scps.as_ref().expect("the SCP report");
    assert_eq!(scps.accounts.len(), members.len(), "{scps}");
    assert!(scps.ok() && scps.policies_read == 1, "{scps}");
    let admin = report.check("delegated_admin").expect("delegated_admin");
    assert!(admin.detail.contains(security.as_str()), "{}", admin.detail);
    // The probe picks the ACTIVE member with the lowest id.
    let lowest = members.iter().min().expect("members");
    let probe = report.check("probe").expect("probe");
    assert!(probe.detail.contains(lowest.as_str()), "{}", probe.detail);
    assert_eq!(
        report.features,
        Some(OrgFeatures {
            trusted_access: true,
            root_credentials_management: true,
            root_sessions: true,
        })
    );
}
