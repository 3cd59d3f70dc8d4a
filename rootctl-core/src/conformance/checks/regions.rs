//! [`AccountManagement`](crate::AccountManagement): a member's enabled regions, and the
//! unlock search that lists queues in them (docs/unlock-regions.md).

use std::sync::Arc;

use super::{enable_everything, expect_error};
use crate::boundary::AccountManagement;
use crate::conformance::harness::Fixture;
use crate::conformance::{CheckResult, Failure, Gap, Harness, Outcome};
use crate::error::ErrorKind;
use crate::model::{ACCOUNT_SERVICE_PRINCIPAL, AccountId, ResourceService};
use crate::ops::{FindOptions, LockStatus, Selection};

/// A policy that denies everyone everything.
const LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;

fn account(f: &Fixture) -> Result<Arc<dyn AccountManagement>, Failure> {
    f.account
        .clone()
        .ok_or_else(|| Failure::new("the fixture has no AccountManagement"))
}

/// Trusted access for AWS Account Management, through the trait under test.
async fn trust_account_management(f: &Fixture) -> Result<(), Failure> {
    f.organizations
        .enable_service_access(ACCOUNT_SERVICE_PRINCIPAL)
        .await?;
    Ok(())
}

/// With trusted access for `account.amazonaws.com` on, the management account lists a
/// member's regions: only usable ones (the request asks for `ENABLED` and
/// `ENABLED_BY_DEFAULT`), each once, the default regions among them.
pub async fn member_regions_are_listed(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    trust_account_management(&f).await?;
    let api = account(&f)?;
    let member = f.member("sandbox-1");
    let regions = api.list_regions(&member).await?;
    let names: Vec<&str> = regions.iter().map(|r| r.name.as_str()).collect();
    for default in ["us-east-1", "eu-west-1"] {
        ensure!(
            names.contains(&default),
            "{default} (enabled by default) missing from {names:?}"
        );
    }
    ensure!(
        regions.iter().all(|r| r.status.in_use()),
        "ListRegions answered regions that are not enabled: {regions:?}"
    );
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    ensure_eq!(unique.len(), names.len(), "each region once");
    Ok(Outcome::Passed)
}

/// Without trusted access for `account.amazonaws.com`, `ListRegions` with a member's
/// `AccountId` is refused (AccessDenied), and the management account may not name itself.
pub async fn member_regions_need_trusted_access(h: &dyn Harness) -> CheckResult {
    if h.backend().has(Gap::AccountRegionsUngated) {
        return Ok(Outcome::skipped(
            Gap::AccountRegionsUngated,
            "the backend answers ListRegions for any account without trusted access",
        ));
    }
    let f = h.fixture().await?;
    let api = account(&f)?;
    let member = f.member("sandbox-2");
    expect_error(
        api.list_regions(&member).await,
        ErrorKind::AccessDenied,
        "ListRegions without trusted access",
    )?;
    trust_account_management(&f).await?;
    ensure!(
        api.list_regions(&member).await.is_ok(),
        "ListRegions with trusted access on"
    );
    let outsider: AccountId = "999999999999"
        .parse()
        .map_err(|e| Failure::new(format!("{e}")))?;
    expect_error(
        api.list_regions(&outsider).await,
        ErrorKind::AccessDenied,
        "ListRegions for an account outside the organization",
    )?;
    let err = api
        .list_regions(&f.management_account_id)
        .await
        .err()
        .ok_or_else(|| Failure::new("ListRegions for the management account itself succeeded"))?;
    ensure_eq!(
        err.code(),
        Some("ValidationException"),
        "the management account naming itself: {err}"
    );
    Ok(Outcome::Passed)
}

/// `find_locked_resources` without regions lists each account's queues in the regions
/// it has enabled once trusted access for AWS Account Management is on; before that, in
/// the client's region only, saying why. The locked queue in `eu-west-1` is found only
/// in the first case.
pub async fn unlock_search_covers_each_accounts_regions(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    enable_everything(&f).await?;
    let member = f.member("sandbox-3");
    h.create_queue(&f, member, "locked-west", "eu-west-1", Some(LOCK))
        .await?;
    let rc = f.rootctl();
    let options = || FindOptions {
        services: vec![ResourceService::Sqs],
        ..FindOptions::default()
    };
    let selection = Selection::accounts([member]);
    let before = rc.find_locked_resources(&selection, options()).await?;
    let client_region = f.region.clone().unwrap_or_else(|| "us-east-1".to_owned());
    ensure!(
        before.regions_source.contains(ACCOUNT_SERVICE_PRINCIPAL),
        "the fallback names trusted access for {ACCOUNT_SERVICE_PRINCIPAL}: {:?}",
        before.regions_source
    );
    ensure_eq!(
        before.accounts[0].regions,
        vec![client_region],
        "regions searched before trusted access"
    );
    ensure_eq!(
        before.with_status(LockStatus::Locked).count(),
        0,
        "a queue outside the client's region cannot be found yet"
    );
    trust_account_management(&f).await?;
    let after = rc.find_locked_resources(&selection, options()).await?;
    ensure!(after.ok(), "the search failed: {after}");
    let searched = &after.accounts[0];
    ensure!(
        searched.regions.iter().any(|r| r == "eu-west-1")
            && searched.regions_source.contains("ListRegions"),
        "the account's own regions were searched: {:?} ({})",
        searched.regions,
        searched.regions_source
    );
    let locked: Vec<_> = after.with_status(LockStatus::Locked).collect();
    ensure!(
        locked.len() == 1 && locked[0].region == "eu-west-1" && locked[0].name == "locked-west",
        "the locked queue in eu-west-1 was found: {locked:?}"
    );
    Ok(Outcome::Passed)
}
