//! Decision logic of the prerequisite check against mocks: which check passes, fails,
//! warns or is skipped for which state, and that nothing is ever changed.

use chrono::{TimeDelta, Utc};

use super::*;
use crate::error::{ErrorContext, Service};
use crate::model::{AccountSummary, RootSession, SessionCredentials, TaskPolicy};
use crate::ops::features::fixture::{
    MANAGEMENT, Mocks, OrgFixture, SECURITY, WORKLOAD, aws_error, id,
};

pub(super) fn statuses(report: &PrerequisiteReport) -> Vec<(&str, CheckStatus)> {
    report
        .checks
        .iter()
        .map(|c| (c.name.as_str(), c.status))
        .collect()
}

/// The report with the default options on `fixture`, read only.
pub(super) async fn default_report(fixture: &OrgFixture) -> PrerequisiteReport {
    fixture
        .read_only()
        .client()
        .check_prerequisites(PrerequisiteOptions::default())
        .await
        .unwrap()
}

/// Expects exactly one audit-only AssumeRoot into `account`, answered by `answer`.
fn expect_probe(mocks: &mut Mocks, account: &str, answer: Result<(), ErrorKind>) {
    let target = id(account);
    mocks
        .sts
        .expect_assume_root()
        .withf(move |account, policy, _| {
            *account == target && *policy == TaskPolicy::IamAuditRootUserCredentials
        })
        .times(1)
        .returning(move |account, policy, _| match answer {
            Ok(()) => Ok(RootSession::new(
                *account,
                policy,
                Utc::now() + TimeDelta::minutes(15),
                SessionCredentials::new("ASIAPROBE", "secret", "token"),
            )),
            Err(kind) => Err(Error::from_kind(
                kind,
                ErrorContext::new(Service::Sts, "AssumeRoot").account(*account),
                None,
            )),
        });
}

#[tokio::test]
async fn fresh_organization_fails_on_trusted_access_with_a_remediation() {
    let client = OrgFixture::fresh().read_only().client();
    let report = client
        .check_prerequisites(PrerequisiteOptions::default())
        .await
        .unwrap();

    use CheckStatus::*;
    assert_eq!(
        statuses(&report),
        [
            ("organization", Pass),
            ("all_features", Pass),
            ("caller", Pass),
            ("trusted_access", Fail),
            ("root_credentials_management", Fail),
            ("root_sessions", Warn),
            ("delegated_admin", Skip),
            ("regional_sts", Skip),
            ("account_regions", Skip),
            ("probe", Skip),
            ("scps", Skip),
        ]
    );
    assert!(!report.ok());
    let fix = report
        .check("trusted_access")
        .unwrap()
        .remediation
        .as_deref()
        .unwrap();
    for needle in [
        "organizations:EnableAWSServiceAccess",
        "rootctl enable",
        "Terraform",
    ] {
        assert!(fix.contains(needle), "{fix}");
    }
    assert!(
        report
            .checks
            .iter()
            .all(|c| matches!(c.status, Pass | Skip) == c.remediation.is_none())
    );
    assert_eq!(report.caller_role, Some(CallerRole::ManagementAccount));
    assert_eq!(report.organization_id.as_deref(), Some("o-fixture1"));
    assert_eq!(report.features, Some(OrgFeatures::default()));
    assert_eq!(
        report.check("regional_sts").unwrap().detail,
        "region unknown: custom clients"
    );
}

#[tokio::test]
async fn enabled_organization_passes_and_the_probe_takes_the_lowest_active_member() {
    let mut mocks = OrgFixture::enabled().read_only();
    // 222222222222 is the lowest ACTIVE id that is not the management account.
    expect_probe(&mut mocks, SECURITY, Ok(()));
    mocks
        .iam
        .expect_get_account_summary()
        .times(1)
        .returning(|_| Ok(AccountSummary::default()));
    let client = mocks.client().with_region("eu-west-1");
    let options = PrerequisiteOptions {
        probe: true,
        probe_account: None,
        scps: false,
    };
    let report = client.check_prerequisites(options).await.unwrap();

    assert!(report.ok(), "{report}");
    assert!(
        report.checks.iter().all(|c| c.status == CheckStatus::Pass
            // No AccountManagement boundary among these mocks: account_regions skips.
            || matches!(c.name.as_str(), "delegated_admin" | "account_regions" | "scps")),
        "{report}"
    );
    assert!(report.check("probe").unwrap().detail.contains(SECURITY));
    assert!(
        report
            .check("regional_sts")
            .unwrap()
            .detail
            .contains("eu-west-1")
    );
    assert_eq!(report.policies.len(), 6);
}

#[tokio::test]
async fn a_probe_denied_at_assume_root_names_the_scp_exemption() {
    let mut mocks = OrgFixture::enabled().read_only();
    expect_probe(&mut mocks, WORKLOAD, Err(ErrorKind::AccessDenied));
    mocks.iam.expect_get_account_summary().times(0);
    let options = PrerequisiteOptions {
        probe: true,
        probe_account: Some(id(WORKLOAD)),
        scps: false,
    };
    let report = mocks.client().check_prerequisites(options).await.unwrap();

    let probe = report.check("probe").unwrap();
    assert_eq!(probe.status, CheckStatus::Fail);
    assert!(probe.detail.contains("access denied"), "{}", probe.detail);
    assert!(
        probe
            .remediation
            .as_deref()
            .unwrap()
            .contains("aws:AssumedRoot")
    );
    assert!(!report.ok());
}

#[tokio::test]
async fn the_probe_is_skipped_when_a_prerequisite_already_failed() {
    let mut mocks = OrgFixture::fresh().read_only();
    mocks.sts.expect_assume_root().times(0);
    let options = PrerequisiteOptions {
        probe: true,
        probe_account: None,
        scps: false,
    };
    let report = mocks.client().check_prerequisites(options).await.unwrap();
    assert_eq!(report.check("probe").unwrap().status, CheckStatus::Skip);
}

#[tokio::test]
async fn no_organization_fails_once_and_skips_what_depends_on_it() {
    let fixture = OrgFixture {
        organization_error: Some(aws_error(
            ErrorKind::OrganizationNotFound,
            "DescribeOrganization",
        )),
        ..OrgFixture::enabled()
    };
    let report = default_report(&fixture).await;

    use CheckStatus::*;
    let failed: Vec<_> = statuses(&report)
        .into_iter()
        .filter(|(_, s)| *s != Skip)
        .collect();
    assert_eq!(failed, [("organization", Fail)]);
    assert!(
        report.caller.is_some(),
        "who is calling is still worth knowing"
    );
    assert_eq!(report.caller_role, None);
    assert_eq!(report.features, None);
}

#[tokio::test]
async fn a_failing_read_fails_its_check_with_the_error_and_skips_its_dependents() {
    let fixture = OrgFixture {
        features_error: Some(aws_error(
            ErrorKind::AccessDenied,
            "ListOrganizationsFeatures",
        )),
        ..OrgFixture::enabled()
    };
    let report = default_report(&fixture).await;
    let check = report.check("root_credentials_management").unwrap();
    assert_eq!(check.status, CheckStatus::Fail);
    assert!(check.detail.contains("AccessDenied"), "{}", check.detail);
    assert!(
        check
            .remediation
            .as_deref()
            .unwrap()
            .contains("iam:ListOrganizationsFeatures")
    );
    assert_eq!(
        report.check("root_sessions").unwrap().status,
        CheckStatus::Skip
    );
    assert_eq!(report.features, None);
}

#[tokio::test]
async fn callers_are_told_apart_by_account() {
    let admin = OrgFixture {
        caller: id(SECURITY),
        delegated_admins: vec![id(SECURITY)],
        ..OrgFixture::enabled()
    };
    let report = default_report(&admin).await;
    assert_eq!(report.caller_role, Some(CallerRole::DelegatedAdministrator));
    assert!(report.ok(), "{report}");
    let delegated = report.check("delegated_admin").unwrap();
    assert_eq!(delegated.status, CheckStatus::Pass);
    assert!(delegated.detail.contains(SECURITY));

    let member = OrgFixture {
        caller: id(WORKLOAD),
        ..admin
    };
    let report = default_report(&member).await;
    assert_eq!(report.caller_role, Some(CallerRole::Other));
    let caller = report.check("caller").unwrap();
    assert_eq!(caller.status, CheckStatus::Fail);
    assert!(caller.remediation.as_deref().unwrap().contains(MANAGEMENT));
    assert_eq!(
        report.check("trusted_access").unwrap().status,
        CheckStatus::Skip
    );
}

#[tokio::test]
async fn bad_probe_accounts_are_invalid_input() {
    let cases = [
        PrerequisiteOptions {
            probe: false,
            probe_account: Some(id(WORKLOAD)),
            scps: false,
        },
        PrerequisiteOptions {
            probe: true,
            probe_account: Some(id(MANAGEMENT)),
            scps: false,
        },
        PrerequisiteOptions {
            probe: true,
            probe_account: Some(id(crate::ops::features::fixture::SUSPENDED)),
            scps: false,
        },
        PrerequisiteOptions {
            probe: true,
            probe_account: Some(id("999999999999")),
            scps: false,
        },
    ];
    for options in cases {
        let mut mocks = OrgFixture::enabled().read_only();
        mocks.sts.expect_assume_root().times(0);
        let err = mocks
            .client()
            .check_prerequisites(options.clone())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{options:?}: {err}");
    }
}

#[tokio::test]
async fn the_global_sts_endpoint_fails_the_regional_check() {
    let client = OrgFixture::enabled()
        .read_only()
        .client()
        .with_region("aws-global");
    let report = client
        .check_prerequisites(PrerequisiteOptions::default())
        .await
        .unwrap();
    assert_eq!(
        report.check("regional_sts").unwrap().status,
        CheckStatus::Fail
    );
}

#[tokio::test]
async fn the_report_prints_as_a_table_and_serializes_in_snake_case() {
    let report = default_report(&OrgFixture::fresh()).await;
    let text = report.to_string();
    assert!(
        text.starts_with("prerequisites: FAILED (2 failed, 1 warning)"),
        "{text}"
    );
    assert!(text.contains("\n  FAIL  trusted_access "), "{text}");
    assert!(
        text.contains("fix: Enable it with `rootctl enable`"),
        "{text}"
    );

    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["checks"][3]["status"], "fail");
    assert_eq!(json["caller_role"], "management_account");
    assert!(json["policies"]["remove"]["Statement"].is_array());
    let back: PrerequisiteReport = serde_json::from_value(json).unwrap();
    assert_eq!(back.checks, report.checks);
}
