//! Where the unlock search lists queues (issue 22, F6): each member's enabled regions from
//! AWS Account Management when the caller may ask, otherwise the client's region, with
//! the reason in the report and the prerequisite check.

use std::sync::Arc;

use rootctl::sim::{Caller, SimulatedOrg};
use rootctl::{
    ACCOUNT_SERVICE_PRINCIPAL, AccountId, AccountRegion, CheckStatus, Error, ErrorContext,
    ErrorKind, FindOptions, LockStatus, MockAccountManagement, Organizations, PrerequisiteOptions,
    RegionOptStatus, ResourceService, Rootctl, Selection, Service,
};

use super::unlock::LOCK;

fn sqs_only(regions: Option<Vec<String>>) -> FindOptions {
    FindOptions {
        services: vec![ResourceService::Sqs],
        regions,
        ..FindOptions::default()
    }
}

/// Three members; the first has locked queues in eu-west-1 and in the opt-in region
/// me-south-1 (which it enabled), the second one in us-east-1.
fn org() -> (SimulatedOrg, AccountId, AccountId) {
    let org = SimulatedOrg::builder().members(3).seed(22).build();
    let members = org.members();
    let (a, b) = (members[0].account.id, members[1].account.id);
    org.enable_region(&a, "me-south-1").expect("opt in");
    org.create_queue(&a, "locked-west", "eu-west-1", Some(LOCK))
        .expect("queue");
    org.create_queue(&a, "locked-south", "me-south-1", Some(LOCK))
        .expect("queue");
    org.create_queue(&b, "locked-east", "us-east-1", Some(LOCK))
        .expect("queue");
    (org, a, b)
}

fn list_regions_calls(org: &SimulatedOrg) -> usize {
    org.calls()
        .iter()
        .filter(|c| c.operation == "ListRegions")
        .count()
}

#[tokio::test]
async fn each_account_is_searched_in_the_regions_it_enabled() {
    let (org, a, b) = org();
    Organizations::enable_service_access(&org, ACCOUNT_SERVICE_PRINCIPAL)
        .await
        .unwrap();
    let rc = Rootctl::simulated(org.clone());
    let found = rc
        .find_locked_resources(&Selection::accounts([a, b]), sqs_only(None))
        .await
        .unwrap();
    assert!(found.ok(), "{found}");
    let mut names: Vec<(&str, &str)> = found
        .with_status(LockStatus::Locked)
        .map(|r| (r.name.as_str(), r.region.as_str()))
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            ("locked-east", "us-east-1"),
            ("locked-south", "me-south-1"),
            ("locked-west", "eu-west-1")
        ]
    );
    let searched_a = found.accounts.iter().find(|s| s.account_id == a).unwrap();
    assert_eq!(searched_a.regions, org.enabled_regions(&a).unwrap());
    assert!(searched_a.regions.iter().any(|r| r == "me-south-1"));
    assert!(
        searched_a.regions_source.contains("ListRegions"),
        "{}",
        searched_a.regions_source
    );
    let searched_b = found.accounts.iter().find(|s| s.account_id == b).unwrap();
    assert!(
        !searched_b.regions.iter().any(|r| r == "me-south-1"),
        "b did not opt in"
    );
    assert!(
        found.regions_source.contains("account:ListRegions"),
        "{}",
        found.regions_source
    );
    assert!(
        found.regions.iter().any(|r| r == "me-south-1"),
        "{:?}",
        found.regions
    );
    assert_eq!(list_regions_calls(&org), 2, "one ListRegions per account");
}

#[tokio::test]
async fn without_trusted_access_the_search_stays_in_the_clients_region_and_says_why() {
    let (org, a, b) = org();
    let rc = Rootctl::simulated(org.clone());
    let found = rc
        .find_locked_resources(&Selection::accounts([a, b]), sqs_only(None))
        .await
        .unwrap();
    let locked: Vec<&str> = found
        .with_status(LockStatus::Locked)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(locked, ["locked-east"]);
    assert_eq!(found.regions, ["us-east-1"]);
    assert!(
        found.regions_source.contains("trusted access")
            && found.regions_source.contains(ACCOUNT_SERVICE_PRINCIPAL),
        "{}",
        found.regions_source
    );
    assert!(found.to_string().contains("trusted access"), "{found}");
    assert_eq!(
        list_regions_calls(&org),
        0,
        "not asked when it cannot answer"
    );
}

#[tokio::test]
async fn a_delegated_admin_needs_to_administer_account_management_too() {
    let (org, a, _) = org();
    Organizations::enable_service_access(&org, ACCOUNT_SERVICE_PRINCIPAL)
        .await
        .unwrap();
    let admin = org.delegated_admin_account_id();
    Organizations::register_delegated_administrator(&org, &admin, "iam.amazonaws.com")
        .await
        .unwrap();
    org.set_caller(Caller::DelegatedAdmin);
    let rc = Rootctl::simulated(org.clone());
    let found = rc
        .find_locked_resources(&Selection::accounts([a]), sqs_only(None))
        .await
        .unwrap();
    assert_eq!(found.accounts[0].regions, ["us-east-1"]);
    assert!(
        found.regions_source.contains(admin.as_str()),
        "the reason names the caller's account: {}",
        found.regions_source
    );
    assert_eq!(list_regions_calls(&org), 0);

    org.set_caller(Caller::ManagementAccount);
    Organizations::register_delegated_administrator(&org, &admin, ACCOUNT_SERVICE_PRINCIPAL)
        .await
        .unwrap();
    org.set_caller(Caller::DelegatedAdmin);
    let found = rc
        .find_locked_resources(&Selection::accounts([a]), sqs_only(None))
        .await
        .unwrap();
    assert!(found.accounts[0].regions.iter().any(|r| r == "me-south-1"));
    assert_eq!(found.with_status(LockStatus::Locked).count(), 2, "{found}");
}

#[tokio::test]
async fn given_regions_and_bucket_only_searches_do_not_ask_for_regions() {
    let (org, a, b) = org();
    Organizations::enable_service_access(&org, ACCOUNT_SERVICE_PRINCIPAL)
        .await
        .unwrap();
    let rc = Rootctl::simulated(org.clone());
    let given = rc
        .find_locked_resources(
            &Selection::accounts([a, b]),
            sqs_only(Some(vec!["eu-west-1".into(), "eu-west-1".into()])),
        )
        .await
        .unwrap();
    assert_eq!(given.regions, ["eu-west-1"]);
    assert!(given.accounts.iter().all(|s| s.regions == ["eu-west-1"]));
    assert_eq!(given.regions_source, "given by the caller");
    let buckets = FindOptions {
        services: vec![ResourceService::S3],
        ..FindOptions::default()
    };
    let s3 = rc
        .find_locked_resources(&Selection::accounts([a, b]), buckets)
        .await
        .unwrap();
    assert!(s3.regions.is_empty() && s3.accounts.iter().all(|s| s.regions.is_empty()));
    assert_eq!(list_regions_calls(&org), 0);
}

#[tokio::test]
async fn an_account_whose_regions_cannot_be_listed_is_searched_in_the_clients_region_and_reported()
{
    let (org, a, b) = org();
    Organizations::enable_service_access(&org, ACCOUNT_SERVICE_PRINCIPAL)
        .await
        .unwrap();
    let mut api = MockAccountManagement::new();
    api.expect_list_regions().returning(move |account| {
        if *account == a {
            Err(Error::from_kind(
                ErrorKind::AccessDenied,
                ErrorContext::new(Service::Account, "ListRegions")
                    .code("AccessDeniedException")
                    .message("an SCP denies account:ListRegions"),
                None,
            ))
        } else {
            Ok(vec![
                AccountRegion {
                    name: "us-east-1".into(),
                    status: RegionOptStatus::EnabledByDefault,
                },
                // Read liberally: a status this version does not know is not searched.
                AccountRegion {
                    name: "eu-west-1".into(),
                    status: RegionOptStatus::parse("PAUSED"),
                },
            ])
        }
    });
    let rc = Rootctl::simulated(org.clone()).with_account_management(Arc::new(api));
    let found = rc
        .find_locked_resources(&Selection::accounts([a, b]), sqs_only(None))
        .await
        .unwrap();
    assert!(
        !found.ok(),
        "a search that could not list an account's regions is incomplete"
    );
    let searched_a = found.accounts.iter().find(|s| s.account_id == a).unwrap();
    assert_eq!(searched_a.regions, ["us-east-1"]);
    assert!(
        searched_a.regions_source.contains("failed"),
        "{}",
        searched_a.regions_source
    );
    assert_eq!(searched_a.errors.len(), 1);
    assert_eq!(searched_a.errors[0].kind(), ErrorKind::AccessDenied);
    assert_eq!(searched_a.errors[0].account_id(), Some(a));
    let searched_b = found.accounts.iter().find(|s| s.account_id == b).unwrap();
    assert_eq!(searched_b.regions, ["us-east-1"]);
    assert!(searched_b.errors.is_empty());
}

#[tokio::test]
async fn the_prerequisite_check_says_whether_members_regions_can_be_listed() {
    let org = SimulatedOrg::builder().members(3).build();
    let rc = Rootctl::simulated(org.clone());
    let report = rc
        .check_prerequisites(PrerequisiteOptions::default())
        .await
        .unwrap();
    let check = report.check("account_regions").unwrap();
    assert_eq!(check.status, CheckStatus::Warn, "{check:?}");
    assert!(
        check.detail.contains(ACCOUNT_SERVICE_PRINCIPAL),
        "{check:?}"
    );
    assert!(
        check
            .remediation
            .as_deref()
            .unwrap_or_default()
            .contains("enable-aws-service-access"),
        "{check:?}"
    );
    assert!(report.ok(), "only a warning");
    Organizations::enable_service_access(&org, ACCOUNT_SERVICE_PRINCIPAL)
        .await
        .unwrap();
    let report = rc
        .check_prerequisites(PrerequisiteOptions::default())
        .await
        .unwrap();
    assert_eq!(
        report.check("account_regions").unwrap().status,
        CheckStatus::Pass
    );
}

#[tokio::test]
async fn an_empty_or_bad_region_list_is_refused_before_any_call() {
    let (org, a, _) = org();
    let rc = Rootctl::simulated(org.clone());
    org.clear_calls();
    for regions in [vec![], vec!["EU west".to_owned()]] {
        let err = rc
            .find_locked_resources(&Selection::accounts([a]), sqs_only(Some(regions)))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    }
    assert!(org.calls().is_empty(), "{:?}", org.calls());
}

#[test]
fn the_simulator_refuses_queues_in_regions_the_account_did_not_enable() {
    let org = SimulatedOrg::builder().members(2).build();
    let a = org.members()[0].account.id;
    let err = org.create_queue(&a, "q", "af-south-1", None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    org.enable_region(&a, "af-south-1").unwrap();
    assert!(org.create_queue(&a, "q", "af-south-1", None).is_ok());
    assert!(
        org.enabled_regions(&a)
            .unwrap()
            .contains(&"af-south-1".to_owned())
    );
}
