//! Where the unlock search lists queues (issue 22, F6): each member's enabled regions from
//! AWS Account Management when the caller may ask, otherwise the client's region, with
//! the reason in the report and the prerequisite check.

use std::sync::Arc;

use async_trait::async_trait;
use rootctl::sim::{Caller, SimulatedOrg};
use rootctl::{
    ACCOUNT_SERVICE_PRINCIPAL, Account, AccountId, AccountRegion, CheckStatus,
    DelegatedAdministrator, Error, ErrorContext, ErrorKind, FindOptions, LockStatus,
    MockAccountManagement, Organization, OrganizationalUnit, Organizations, ParentId, Policy,
    PolicySummary, PolicyTarget, PolicyType, PrerequisiteOptions, RegionOptStatus, ResourceService,
    Root, Rootctl, Selection, Service, Tags,
};

use super::unlock::{LOCK, buckets_only};

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

/// Two members, the first with the locked queue `name` in `region`; trusted access for
/// AWS Account Management on.
async fn member_with_locked_queue(name: &str, region: &str) -> (SimulatedOrg, AccountId) {
    let org = SimulatedOrg::builder().members(2).seed(22).build();
    let member = org.members()[0].account.id;
    org.create_queue(&member, name, region, Some(LOCK))
        .expect("queue");
    Organizations::enable_service_access(&org, ACCOUNT_SERVICE_PRINCIPAL)
        .await
        .unwrap();
    (org, member)
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
    let s3 = rc
        .find_locked_resources(&Selection::accounts([a, b]), buckets_only())
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

/// An `Organizations` that answers as the simulator, except that
/// `ListDelegatedAdministrators(account.amazonaws.com)` fails (a 5xx after every retry).
#[derive(Debug)]
struct FailingAccountAdmins(SimulatedOrg);

#[async_trait]
impl Organizations for FailingAccountAdmins {
    async fn list_delegated_administrators(
        &self,
        principal: &str,
    ) -> rootctl::Result<Vec<DelegatedAdministrator>> {
        if principal == ACCOUNT_SERVICE_PRINCIPAL {
            return Err(Error::from_kind(
                ErrorKind::ServiceFailure,
                ErrorContext::new(Service::Organizations, "ListDelegatedAdministrators")
                    .code("ServiceException")
                    .message("internal failure"),
                None,
            ));
        }
        self.0.list_delegated_administrators(principal).await
    }

    // Everything else is the simulator's.
    async fn describe_organization(&self) -> rootctl::Result<Organization> {
        self.0.describe_organization().await
    }
    async fn register_delegated_administrator(
        &self,
        id: &AccountId,
        principal: &str,
    ) -> rootctl::Result<()> {
        self.0.register_delegated_administrator(id, principal).await
    }
    async fn list_roots(&self) -> rootctl::Result<Vec<Root>> {
        self.0.list_roots().await
    }
    async fn list_account_tags(&self, id: &AccountId) -> rootctl::Result<Tags> {
        self.0.list_account_tags(id).await
    }
    async fn list_organizational_units_for_parent(
        &self,
        parent: &ParentId,
    ) -> rootctl::Result<Vec<OrganizationalUnit>> {
        self.0.list_organizational_units_for_parent(parent).await
    }
    async fn enable_service_access(&self, principal: &str) -> rootctl::Result<()> {
        self.0.enable_service_access(principal).await
    }
    async fn list_accounts(&self) -> rootctl::Result<Vec<Account>> {
        self.0.list_accounts().await
    }
    async fn list_accounts_for_parent(&self, parent: &ParentId) -> rootctl::Result<Vec<Account>> {
        self.0.list_accounts_for_parent(parent).await
    }
    async fn deregister_delegated_administrator(
        &self,
        id: &AccountId,
        principal: &str,
    ) -> rootctl::Result<()> {
        self.0
            .deregister_delegated_administrator(id, principal)
            .await
    }
    async fn list_service_access(&self) -> rootctl::Result<Vec<String>> {
        self.0.list_service_access().await
    }
    async fn disable_service_access(&self, principal: &str) -> rootctl::Result<()> {
        self.0.disable_service_access(principal).await
    }
    async fn describe_policy(&self, policy_id: &str) -> rootctl::Result<Policy> {
        self.0.describe_policy(policy_id).await
    }
    async fn list_policies_for_target(
        &self,
        target: &PolicyTarget,
        policy_type: PolicyType,
    ) -> rootctl::Result<Vec<PolicySummary>> {
        self.0.list_policies_for_target(target, policy_type).await
    }
}

/// Red-team finding: a failed read of whether the caller may list regions used to fall
/// back to the client's region like a configuration choice, and the report stayed ok.
#[tokio::test]
async fn a_failed_read_of_the_callers_rights_falls_back_and_says_the_search_is_incomplete() {
    let (org, member) = member_with_locked_queue("locked-west", "eu-west-1").await;
    let admin = org.delegated_admin_account_id();
    for principal in ["iam.amazonaws.com", ACCOUNT_SERVICE_PRINCIPAL] {
        Organizations::register_delegated_administrator(&org, &admin, principal)
            .await
            .unwrap();
    }
    org.set_caller(Caller::DelegatedAdmin);
    // The simulator in every role but Organizations.
    let sim = Arc::new(org.clone());
    let rc = Rootctl::new(
        Arc::new(FailingAccountAdmins(org.clone())),
        sim.clone(),
        sim.clone(),
        sim.clone(),
    )
    .with_resource_policies(sim.clone(), sim.clone())
    .with_account_management(sim)
    .with_region("us-east-1");
    let found = rc
        .find_locked_resources(&Selection::accounts([member]), sqs_only(None))
        .await
        .expect("the search runs");
    // It covers the client's region only, but says why and is not ok: the account's
    // errors carry the failed read.
    assert_eq!(found.with_status(LockStatus::Locked).count(), 0);
    assert!(!found.ok(), "{found}");
    assert!(
        found.regions_source.contains("could not be read"),
        "{}",
        found.regions_source
    );
    let errors = &found.accounts[0].errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].kind(), ErrorKind::ServiceFailure);
    assert_eq!(errors[0].account_id(), Some(member));
}

/// Red-team finding: a `ListRegions` answer with no usable region used to leave the
/// account searched in no region at all, with the report ok.
#[tokio::test]
async fn an_answer_without_a_usable_region_is_searched_in_the_clients_region_and_reported() {
    let (org, member) = member_with_locked_queue("locked-east", "us-east-1").await;
    let mut api = rootctl::MockAccountManagement::new();
    api.expect_list_regions().returning(|_| {
        Ok(vec![
            rootctl::AccountRegion {
                name: "us-east-1".into(),
                status: rootctl::RegionOptStatus::parse("ENABLED_BY_DEFAULT_V2"),
            },
            rootctl::AccountRegion {
                name: "eu-west-1".into(),
                status: rootctl::RegionOptStatus::parse("ENABLED_BY_DEFAULT_V2"),
            },
        ])
    });
    let rc = Rootctl::simulated(org.clone()).with_account_management(Arc::new(api));
    let found = rc
        .find_locked_resources(&Selection::accounts([member]), sqs_only(None))
        .await
        .unwrap();
    let searched = &found.accounts[0];
    assert_eq!(
        searched.regions,
        ["us-east-1"],
        "{}",
        searched.regions_source
    );
    assert!(
        searched.regions_source.contains("no usable region"),
        "{}",
        searched.regions_source
    );
    assert_eq!(found.with_status(LockStatus::Locked).count(), 1, "{found}");
    assert!(!found.ok(), "the account's own regions could not be read");
    assert!(
        searched.errors[0]
            .to_string()
            .contains("ENABLED_BY_DEFAULT"),
        "{:?}",
        searched.errors
    );
}
