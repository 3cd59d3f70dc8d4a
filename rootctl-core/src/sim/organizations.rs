//! [`Organizations`] for [`SimulatedOrg`]: the organization's shape, trusted access and
//! delegated administrators, with who may call what and AWS's paging (docs/aws-behaviour.md#org-features,
//! #organizations).

use async_trait::async_trait;

use super::SimulatedOrg;
use super::calls::PageInfo;
use super::dispatch::{CallSpec, Rejection, Reply};
use super::faults::Bucket;
use super::state::OrgState;
use crate::boundary::Organizations;
use crate::error::{Result, Service};
use crate::model::{
    Account, AccountId, DelegatedAdministrator, Organization, OrganizationalUnit, ParentId, Policy,
    PolicySummary, PolicyTarget, PolicyType, Root, Tags,
};

/// The largest page Organizations serves (docs/aws-behaviour.md#organizations).
const PAGE_SIZE: usize = 20;

/// Who may make an Organizations call.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Allowed {
    /// DescribeOrganization: any account in the organization.
    AnyMember,
    /// Structure reads: the management account or a delegated administrator (for any
    /// service).
    ManagementOrDelegatedAdmin,
    /// Trusted access and delegated-administrator changes: the management account.
    ManagementOnly,
}

fn check(org: &OrgState, allowed: Allowed) -> Result<(), Rejection> {
    if !org.caller_in_organization() {
        return Err(Rejection::new(
            "AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization.",
        ));
    }
    let permitted = match allowed {
        Allowed::AnyMember => true,
        Allowed::ManagementOrDelegatedAdmin => org.caller_may_read_organization(),
        Allowed::ManagementOnly => org.caller_is_management(),
    };
    if permitted {
        Ok(())
    } else {
        Err(Rejection::new(
            "AccessDeniedException",
            "You don't have permissions to access this resource.",
        ))
    }
}

fn parent_index(org: &OrgState, parent: &ParentId) -> Result<usize, Rejection> {
    org.parent_index(parent).ok_or_else(|| {
        Rejection::new(
            "ParentNotFoundException",
            "We can't find a root or OU with the ParentId that you specified.",
        )
    })
}

/// A call that registers or deregisters `account_id` for `service_principal`.
fn delegation(
    operation: &'static str,
    account_id: &AccountId,
    service_principal: &str,
) -> CallSpec {
    CallSpec::new(Service::Organizations, operation)
        .account(*account_id)
        .target(service_principal)
        .bucket(Bucket::Organizations)
        .mutating()
}

/// What (de)registering a delegated administrator needs first: the management account's
/// call, on an account of the organization.
fn check_delegation(org: &OrgState, account_id: &AccountId) -> Result<(), Rejection> {
    check(org, Allowed::ManagementOnly)?;
    if !org.accounts.contains_key(account_id) {
        return Err(account_not_found());
    }
    Ok(())
}

fn account_not_found() -> Rejection {
    Rejection::new(
        "AccountNotFoundException",
        "We can't find an AWS account with the AccountId that you specified, or the account \
         whose credentials you used to make this request isn't a member of an organization.",
    )
}

impl SimulatedOrg {
    /// A structure read, served the way Organizations serves it: pages of at most
    /// [`PAGE_SIZE`], now and then an empty page that still carries a `NextToken`, one
    /// logged (and rate-limited, and fault-injected) request per page.
    ///
    /// `list` runs once, on the first page; later pages serve that snapshot, as a
    /// `NextToken` does.
    async fn pages<T: Clone + Send>(
        &self,
        spec: CallSpec,
        list: impl Fn(&OrgState) -> Result<Vec<T>, Rejection> + Send + Sync,
    ) -> Result<Vec<T>> {
        let spec = spec.bucket(Bucket::Organizations);
        let mut snapshot: Option<Vec<T>> = None;
        let mut served: Vec<T> = Vec::new();
        let mut last_was_empty = false;
        loop {
            let offset = served.len();
            let (page, more) = self
                .dispatch(spec.clone(), |world, env| {
                    check(&world.org, Allowed::ManagementOrDelegatedAdmin)?;
                    if snapshot.is_none() {
                        snapshot = Some(list(&world.org)?);
                    }
                    // Pages so far served `offset` items of the snapshot, never more.
                    let rest = snapshot.as_deref().map_or(&[][..], |all| &all[offset..]);
                    // An empty page only where a full one could follow, never twice in a
                    // row: callers must follow the token, and every list must end.
                    if env.empty_page && !rest.is_empty() && !last_was_empty {
                        let info = PageInfo {
                            items: 0,
                            next_token: true,
                        };
                        return Ok(Reply::page((Vec::new(), true), info));
                    }
                    let taken = rest.len().min(PAGE_SIZE);
                    let more = taken < rest.len();
                    let info = PageInfo {
                        items: taken as u32,
                        next_token: more,
                    };
                    Ok(Reply::page((rest[..taken].to_vec(), more), info))
                })
                .await?;
            last_was_empty = page.is_empty();
            served.extend(page);
            if !more {
                return Ok(served);
            }
        }
    }
}

#[async_trait]
impl Organizations for SimulatedOrg {
    async fn describe_organization(&self) -> Result<Organization> {
        let spec = CallSpec::new(Service::Organizations, "DescribeOrganization")
            .bucket(Bucket::Organizations);
        self.dispatch(spec, |world, _| {
            check(&world.org, Allowed::AnyMember)?;
            Ok(Reply::ok(world.org.organization()))
        })
        .await
    }

    async fn list_roots(&self) -> Result<Vec<Root>> {
        let spec = CallSpec::new(Service::Organizations, "ListRoots");
        self.pages(spec, |org| Ok(vec![org.root()])).await
    }

    async fn list_organizational_units_for_parent(
        &self,
        parent: &ParentId,
    ) -> Result<Vec<OrganizationalUnit>> {
        let spec = CallSpec::new(Service::Organizations, "ListOrganizationalUnitsForParent")
            .target(parent.as_str());
        self.pages(spec, |org| Ok(org.child_units(parent_index(org, parent)?)))
            .await
    }

    async fn list_accounts_for_parent(&self, parent: &ParentId) -> Result<Vec<Account>> {
        let spec =
            CallSpec::new(Service::Organizations, "ListAccountsForParent").target(parent.as_str());
        self.pages(spec, |org| {
            Ok(org.accounts_under(parent_index(org, parent)?))
        })
        .await
    }

    async fn list_accounts(&self) -> Result<Vec<Account>> {
        let spec = CallSpec::new(Service::Organizations, "ListAccounts");
        self.pages(spec, |org| Ok(org.all_accounts())).await
    }

    async fn list_account_tags(&self, account_id: &AccountId) -> Result<Tags> {
        let spec =
            CallSpec::new(Service::Organizations, "ListTagsForResource").account(*account_id);
        let tags = self
            .pages(spec, |org| match org.accounts.get(account_id) {
                Some(record) => Ok(record.tags.clone().into_iter().collect()),
                None => Err(Rejection::new(
                    "TargetNotFoundException",
                    "We can't find a resource with the ResourceId that you specified.",
                )),
            })
            .await?;
        Ok(tags.into_iter().collect())
    }

    async fn list_service_access(&self) -> Result<Vec<String>> {
        let spec = CallSpec::new(
            Service::Organizations,
            "ListAWSServiceAccessForOrganization",
        );
        self.pages(spec, |org| Ok(org.trusted_access.iter().cloned().collect()))
            .await
    }

    async fn enable_service_access(&self, service_principal: &str) -> Result<()> {
        let spec = CallSpec::new(Service::Organizations, "EnableAWSServiceAccess")
            .target(service_principal)
            .bucket(Bucket::Organizations)
            .mutating();
        self.dispatch(spec, |world, _| {
            check(&world.org, Allowed::ManagementOnly)?;
            world
                .org
                .trusted_access
                .insert(service_principal.to_owned());
            Ok(Reply::ok(()))
        })
        .await
    }

    async fn disable_service_access(&self, service_principal: &str) -> Result<()> {
        let spec = CallSpec::new(Service::Organizations, "DisableAWSServiceAccess")
            .target(service_principal)
            .bucket(Bucket::Organizations)
            .mutating();
        self.dispatch(spec, |world, _| {
            check(&world.org, Allowed::ManagementOnly)?;
            world.org.trusted_access.remove(service_principal);
            Ok(Reply::ok(()))
        })
        .await
    }

    async fn list_delegated_administrators(
        &self,
        service_principal: &str,
    ) -> Result<Vec<DelegatedAdministrator>> {
        let spec = CallSpec::new(Service::Organizations, "ListDelegatedAdministrators")
            .target(service_principal);
        self.pages(spec, |org| {
            let admins = org.delegated_admins.get(service_principal).into_iter();
            Ok(admins
                .flatten()
                .filter_map(|id| {
                    let record = org.accounts.get(id)?;
                    Some(DelegatedAdministrator {
                        account_id: *id,
                        name: record.name.clone(),
                        state: record.state.clone(),
                    })
                })
                .collect())
        })
        .await
    }

    async fn register_delegated_administrator(
        &self,
        account_id: &AccountId,
        service_principal: &str,
    ) -> Result<()> {
        let spec = delegation(
            "RegisterDelegatedAdministrator",
            account_id,
            service_principal,
        );
        self.dispatch(spec, |world, _| {
            let org = &mut world.org;
            check_delegation(org, account_id)?;
            if *account_id == org.management {
                return Err(Rejection::constraint_violation(
                    "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
                    "You cannot register the management account of the organization as a \
                     delegated administrator.",
                ));
            }
            if !org.trusted_access.contains(service_principal) {
                return Err(Rejection::constraint_violation(
                    "SERVICE_ACCESS_NOT_ENABLED",
                    "You must enable trusted access for the service principal before you \
                     register a delegated administrator for it.",
                ));
            }
            let admins = org
                .delegated_admins
                .entry(service_principal.to_owned())
                .or_default();
            if !admins.insert(*account_id) {
                return Err(Rejection::new(
                    "AccountAlreadyRegisteredException",
                    "The provided account is already a delegated administrator for your \
                     organization.",
                ));
            }
            Ok(Reply::ok(()))
        })
        .await
    }

    async fn deregister_delegated_administrator(
        &self,
        account_id: &AccountId,
        service_principal: &str,
    ) -> Result<()> {
        let spec = delegation(
            "DeregisterDelegatedAdministrator",
            account_id,
            service_principal,
        );
        self.dispatch(spec, |world, _| {
            let org = &mut world.org;
            check_delegation(org, account_id)?;
            let removed = org
                .delegated_admins
                .get_mut(service_principal)
                .is_some_and(|admins| admins.remove(account_id));
            if !removed {
                return Err(Rejection::new(
                    "AccountNotRegisteredException",
                    "The provided account is not a registered delegated administrator for \
                     your organization.",
                ));
            }
            Ok(Reply::ok(()))
        })
        .await
    }

    async fn list_policies_for_target(
        &self,
        target: &PolicyTarget,
        policy_type: PolicyType,
    ) -> Result<Vec<PolicySummary>> {
        let spec =
            CallSpec::new(Service::Organizations, "ListPoliciesForTarget").target(target.as_str());
        self.pages(spec, |org| {
            let exists = match target {
                PolicyTarget::Parent(id) => org.parent_index(id).is_some(),
                PolicyTarget::Account(id) => org.accounts.contains_key(id),
            };
            if !exists {
                return Err(Rejection::new(
                    "TargetNotFoundException",
                    "We can't find a root, OU, account, or policy with the TargetId that you \
                     specified.",
                ));
            }
            Ok(org.policies.summaries(target.as_str(), policy_type))
        })
        .await
    }

    async fn describe_policy(&self, policy_id: &str) -> Result<Policy> {
        let spec = CallSpec::new(Service::Organizations, "DescribePolicy")
            .target(policy_id)
            .bucket(Bucket::Organizations);
        self.dispatch(spec, |world, _| {
            check(&world.org, Allowed::ManagementOrDelegatedAdmin)?;
            world
                .org
                .policies
                .describe(policy_id)
                .map(Reply::ok)
                .ok_or_else(|| {
                    Rejection::new(
                        "PolicyNotFoundException",
                        "We can't find a policy with the PolicyId that you specified.",
                    )
                })
        })
        .await
    }
}
