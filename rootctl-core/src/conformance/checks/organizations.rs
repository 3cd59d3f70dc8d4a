//! [`Organizations`](crate::Organizations): the tree, paging, tags, states, trusted
//! access and delegated administrators (docs/aws-behaviour.md#org-features,
//! #organizations).

use std::collections::BTreeMap;

use super::{enable_everything, expect_error};
use crate::conformance::{CheckResult, Failure, Gap, Harness, Outcome};
use crate::error::ErrorKind;
use crate::model::{AccountId, AccountState, FeatureSet, IAM_SERVICE_PRINCIPAL, ParentId};

/// `DescribeOrganization` names the organization, its management account, and ALL
/// features.
pub async fn describe_organization_reports_the_organization(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let org = f.organizations.describe_organization().await?;
    ensure_eq!(org.id, f.organization_id, "organization id");
    ensure_eq!(
        org.management_account_id,
        f.management_account_id,
        "management account"
    );
    ensure_eq!(org.feature_set, FeatureSet::All, "feature set");
    Ok(Outcome::Passed)
}

/// `ListRoots` answers the one root.
pub async fn list_roots_reports_the_one_root(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let roots = f.organizations.list_roots().await?;
    ensure_eq!(roots.len(), 1, "number of roots");
    ensure_eq!(roots[0].id, f.root, "root id");
    ensure!(
        roots[0].id.is_root(),
        "the root id {} is not r-...",
        roots[0].id
    );
    Ok(Outcome::Passed)
}

/// `ListAccounts` answers every account exactly once, with its name and ACTIVE state
/// (from `State`, or the retired `Status` when that is all the backend sends).
pub async fn list_accounts_reports_every_account_once(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let accounts = f.organizations.list_accounts().await?;
    let mut listed: Vec<(AccountId, String)> =
        accounts.iter().map(|a| (a.id, a.name.clone())).collect();
    listed.sort();
    let mut truth: Vec<(AccountId, String)> =
        f.accounts.iter().map(|a| (a.id, a.name.clone())).collect();
    truth.sort();
    // The management account's name is the backend's own; compare ids for it.
    let without_management = |list: &[(AccountId, String)]| -> Vec<(AccountId, String)> {
        list.iter()
            .filter(|(id, _)| *id != f.management_account_id)
            .cloned()
            .collect()
    };
    ensure_eq!(
        without_management(&listed),
        without_management(&truth),
        "member accounts listed"
    );
    ensure!(
        listed.iter().any(|(id, _)| *id == f.management_account_id),
        "the management account {} is not listed",
        f.management_account_id
    );
    ensure_eq!(listed.len(), truth.len(), "accounts listed");
    for account in &accounts {
        ensure_eq!(
            account.state,
            AccountState::Active,
            "state of {}",
            account.id
        );
        ensure!(
            !account.email.is_empty(),
            "account {} has no email",
            account.id
        );
    }
    Ok(Outcome::Passed)
}

/// With more accounts than one 20-item page holds, `ListAccounts` follows `NextToken`
/// to the end.
pub async fn list_accounts_follows_pages(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    ensure!(
        f.accounts.len() > 20,
        "the fixture has {} accounts, not more than one page",
        f.accounts.len()
    );
    let accounts = f.organizations.list_accounts().await?;
    ensure_eq!(accounts.len(), f.accounts.len(), "accounts listed");
    if h.backend().has(Gap::SinglePage) {
        return Ok(Outcome::skipped(
            Gap::SinglePage,
            "every account came back, but in one page: NextToken was not followed",
        ));
    }
    if let Some(pages) = h.served_pages("ListAccounts") {
        ensure!(
            pages.len() > 1,
            "ListAccounts was served in {} page(s)",
            pages.len()
        );
        ensure!(
            pages.iter().all(|(items, _)| *items <= 20),
            "a page held more than 20 items: {pages:?}"
        );
    }
    Ok(Outcome::Passed)
}

/// A page may be empty yet carry a `NextToken`; the list goes on after it.
pub async fn list_accounts_survives_empty_pages(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    for round in 0..4 {
        let mut ids: Vec<AccountId> = f
            .organizations
            .list_accounts()
            .await?
            .iter()
            .map(|a| a.id)
            .collect();
        ids.sort();
        ids.dedup();
        ensure_eq!(
            ids.len(),
            f.accounts.len(),
            "distinct accounts in round {round}"
        );
    }
    if h.backend().has(Gap::SinglePage) {
        return Ok(Outcome::skipped(
            Gap::SinglePage,
            "the backend never serves an empty page with a NextToken",
        ));
    }
    if let Some(pages) = h.served_pages("ListAccounts") {
        ensure!(
            pages.iter().any(|(items, next)| *items == 0 && *next),
            "no empty page with a NextToken was served, so none was exercised: {pages:?}"
        );
    }
    Ok(Outcome::Passed)
}

/// `ListAccountsForParent` answers exactly the accounts directly under each parent.
pub async fn list_accounts_for_parent_reports_each_parents_accounts(
    h: &dyn Harness,
) -> CheckResult {
    let f = h.fixture().await?;
    let parents = std::iter::once(f.root.clone()).chain(f.units.iter().map(|u| u.id.clone()));
    for parent in parents {
        let mut listed: Vec<AccountId> = f
            .organizations
            .list_accounts_for_parent(&parent)
            .await?
            .iter()
            .map(|a| a.id)
            .collect();
        listed.sort();
        let mut truth: Vec<AccountId> = f
            .accounts
            .iter()
            .filter(|a| a.parent == parent)
            .map(|a| a.id)
            .collect();
        truth.sort();
        ensure_eq!(listed, truth, "accounts directly under {parent}");
    }
    Ok(Outcome::Passed)
}

/// `ListOrganizationalUnitsForParent`, walked from the root, finds every OU once, under
/// its parent, two levels deep.
pub async fn list_organizational_units_walks_the_nested_tree(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let mut found: BTreeMap<ParentId, (String, ParentId)> = BTreeMap::new();
    let mut to_visit = vec![f.root.clone()];
    while let Some(parent) = to_visit.pop() {
        for unit in f
            .organizations
            .list_organizational_units_for_parent(&parent)
            .await?
        {
            ensure!(!unit.id.is_root(), "an OU with a root id: {}", unit.id);
            let previous = found.insert(unit.id.clone(), (unit.name.clone(), parent.clone()));
            ensure!(previous.is_none(), "OU {} listed twice", unit.id);
            to_visit.push(unit.id);
        }
    }
    let truth: BTreeMap<ParentId, (String, ParentId)> = f
        .units
        .iter()
        .map(|u| (u.id.clone(), (u.name.clone(), u.parent.clone())))
        .collect();
    ensure_eq!(found, truth, "the OU tree");
    ensure!(
        f.units.iter().any(|u| u.parent != f.root),
        "the fixture has no nested OU"
    );
    Ok(Outcome::Passed)
}

/// `ListTagsForResource` answers each account's tags (none for untagged accounts).
pub async fn list_account_tags_reports_the_tags(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    for account in f.members() {
        let tags = f.organizations.list_account_tags(&account.id).await?;
        ensure_eq!(tags, account.tags, "tags of {}", account.name);
    }
    Ok(Outcome::Passed)
}

/// A parent or account that is not in the organization is [`ErrorKind::NotFound`].
pub async fn unknown_parents_and_accounts_are_not_found(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let root = f.root.as_str().trim_start_matches("r-");
    let nowhere: ParentId = format!("ou-{root}-zzzzzzzz")
        .parse()
        .map_err(|e| Failure::new(format!("building an unknown OU id: {e}")))?;
    expect_error(
        f.organizations.list_accounts_for_parent(&nowhere).await,
        ErrorKind::NotFound,
        "ListAccountsForParent of an unknown OU",
    )?;
    expect_error(
        f.organizations
            .list_organizational_units_for_parent(&nowhere)
            .await,
        ErrorKind::NotFound,
        "ListOrganizationalUnitsForParent of an unknown OU",
    )?;
    let stranger: AccountId = "000000000001"
        .parse()
        .map_err(|e| Failure::new(format!("{e}")))?;
    let tags = f.organizations.list_account_tags(&stranger).await;
    if h.backend().has(Gap::TagsOfUnknownAccounts) {
        // Documented: the backend answers an empty tag set.
        ensure_eq!(
            tags?,
            crate::model::Tags::new(),
            "tags of an unknown account (gap)"
        );
        return Ok(Outcome::skipped(
            Gap::TagsOfUnknownAccounts,
            "tags of an account outside the organization read as empty, not NotFound",
        ));
    }
    expect_error(
        tags,
        ErrorKind::NotFound,
        "ListTagsForResource of an account outside the organization",
    )?;
    Ok(Outcome::Passed)
}

/// A suspended member is listed as SUSPENDED, in the full list and under its parent.
pub async fn account_lifecycle_states_are_reported(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let closed = f.member("sandbox-4");
    h.set_account_state(&f, closed, AccountState::Suspended)
        .await?;
    let accounts = f.organizations.list_accounts().await?;
    for account in &accounts {
        let expected = if account.id == closed {
            AccountState::Suspended
        } else {
            AccountState::Active
        };
        ensure_eq!(account.state, expected, "state of {}", account.id);
    }
    let under = f
        .organizations
        .list_accounts_for_parent(&f.unit("Sandbox"))
        .await?;
    let listed = under.iter().find(|a| a.id == closed);
    ensure_eq!(
        listed.map(|a| a.state.clone()),
        Some(AccountState::Suspended),
        "state of the suspended account under its OU"
    );
    Ok(Outcome::Passed)
}

/// Trusted access is off at first, on after `EnableAWSServiceAccess` (which may be
/// repeated), and off again after `DisableAWSServiceAccess`.
pub async fn trusted_access_is_enabled_and_disabled(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let orgs = &f.organizations;
    let has_iam = |list: &[String]| list.iter().any(|p| p == IAM_SERVICE_PRINCIPAL);
    ensure!(
        !has_iam(&orgs.list_service_access().await?),
        "trusted access for IAM is on in a fresh organization"
    );
    orgs.enable_service_access(IAM_SERVICE_PRINCIPAL).await?;
    orgs.enable_service_access(IAM_SERVICE_PRINCIPAL).await?;
    let listed = orgs.list_service_access().await?;
    ensure!(has_iam(&listed), "IAM missing after enabling: {listed:?}");
    ensure_eq!(
        listed
            .iter()
            .filter(|p| *p == IAM_SERVICE_PRINCIPAL)
            .count(),
        1,
        "times IAM is listed"
    );
    orgs.disable_service_access(IAM_SERVICE_PRINCIPAL).await?;
    ensure!(
        !has_iam(&orgs.list_service_access().await?),
        "trusted access for IAM still on after disabling"
    );
    Ok(Outcome::Passed)
}

/// Registering the IAM delegated administrator needs trusted access and refuses the
/// management account; a second registration is [`ErrorKind::AlreadyExists`], a second
/// deregistration [`ErrorKind::NotFound`].
pub async fn delegated_administrators_follow_aws_rules(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let orgs = &f.organizations;
    let admin = f.member("legacy-1");
    let gap = h.backend().has(Gap::DelegatedAdminRules);

    let early = orgs
        .register_delegated_administrator(&admin, IAM_SERVICE_PRINCIPAL)
        .await;
    if gap {
        // Documented: fakecloud answers AWSOrganizationsNotInUseException here.
        expect_error(
            early,
            ErrorKind::OrganizationNotFound,
            "registering before trusted access (gap delegated_admin_rules)",
        )?;
    } else {
        expect_error(
            early,
            ErrorKind::TrustedAccessNotEnabled,
            "registering before trusted access",
        )?;
    }
    enable_everything(&f).await?;
    if !gap {
        let err = expect_error(
            orgs.register_delegated_administrator(&f.management_account_id, IAM_SERVICE_PRINCIPAL)
                .await,
            ErrorKind::Aws,
            "registering the management account",
        )?;
        ensure_eq!(
            err.code(),
            Some("ConstraintViolationException"),
            "code for registering the management account"
        );
    }
    orgs.register_delegated_administrator(&admin, IAM_SERVICE_PRINCIPAL)
        .await?;
    expect_error(
        orgs.register_delegated_administrator(&admin, IAM_SERVICE_PRINCIPAL)
            .await,
        ErrorKind::AlreadyExists,
        "registering twice",
    )?;
    let admins = orgs
        .list_delegated_administrators(IAM_SERVICE_PRINCIPAL)
        .await?;
    ensure!(
        admins
            .iter()
            .any(|a| a.account_id == admin && a.state == AccountState::Active),
        "the registered administrator is not listed as ACTIVE: {admins:?}"
    );
    orgs.deregister_delegated_administrator(&admin, IAM_SERVICE_PRINCIPAL)
        .await?;
    expect_error(
        orgs.deregister_delegated_administrator(&admin, IAM_SERVICE_PRINCIPAL)
            .await,
        ErrorKind::NotFound,
        "deregistering twice",
    )?;
    let admins = orgs
        .list_delegated_administrators(IAM_SERVICE_PRINCIPAL)
        .await?;
    ensure!(
        admins.iter().all(|a| a.account_id != admin),
        "still listed after deregistering: {admins:?}"
    );
    if gap {
        return Ok(Outcome::skipped(
            Gap::DelegatedAdminRules,
            "the management account is accepted as delegated administrator, so its refusal \
             was not checked",
        ));
    }
    Ok(Outcome::Passed)
}
