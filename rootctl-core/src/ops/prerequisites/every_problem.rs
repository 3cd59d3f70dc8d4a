//! One run shows every problem: checks are skipped only when they truly depend on one
//! that failed, and say which.

use super::tests::{default_report, statuses};
use super::*;
use crate::ops::features::fixture::{OrgFixture, WORKLOAD, id};

#[tokio::test]
async fn a_root_user_caller_still_gets_every_setting_read() {
    // The management account's root user: the caller check fails (AssumeRoot refuses
    // root callers), but trusted access and both features are read and reported too, so
    // one run shows every problem.
    let fixture = OrgFixture {
        caller_is_root: true,
        trusted_access: true,
        root_credentials_management: true,
        root_sessions: false,
        ..OrgFixture::fresh()
    };
    let report = default_report(&fixture).await;

    use CheckStatus::*;
    assert_eq!(
        statuses(&report),
        [
            ("organization", Pass),
            ("all_features", Pass),
            ("caller", Fail),
            ("trusted_access", Pass),
            ("root_credentials_management", Pass),
            ("root_sessions", Warn),
            ("delegated_admin", Skip),
            ("regional_sts", Skip),
            ("account_regions", Skip),
            ("probe", Skip),
            ("scps", Skip),
        ]
    );
    assert!(report.check("caller").unwrap().detail.contains("root user"));
    assert_eq!(report.caller_role, Some(CallerRole::ManagementAccount));
    assert_eq!(
        report.features,
        Some(OrgFeatures {
            trusted_access: true,
            root_credentials_management: true,
            root_sessions: false,
        })
    );
}

#[tokio::test]
async fn skipped_checks_name_the_check_they_depend_on() {
    let member = OrgFixture {
        caller: id(WORKLOAD),
        ..OrgFixture::enabled()
    };
    let report = default_report(&member).await;
    for name in [
        "trusted_access",
        "root_credentials_management",
        "delegated_admin",
    ] {
        let check = report.check(name).unwrap();
        assert_eq!(check.status, CheckStatus::Skip, "{name}");
        assert!(
            check.detail.contains("depends on `caller`"),
            "{name}: {}",
            check.detail
        );
    }
}
