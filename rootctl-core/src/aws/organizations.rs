//! [`AwsOrganizations`]: the [`Organizations`] trait over `aws-sdk-organizations`.

use async_trait::async_trait;
use aws_sdk_organizations::Client;
use aws_sdk_organizations::operation::deregister_delegated_administrator::DeregisterDelegatedAdministratorError;
use aws_sdk_organizations::operation::disable_aws_service_access::DisableAWSServiceAccessError;
use aws_sdk_organizations::operation::enable_aws_service_access::EnableAWSServiceAccessError;
use aws_sdk_organizations::operation::list_aws_service_access_for_organization::ListAWSServiceAccessForOrganizationError;
use aws_sdk_organizations::operation::list_delegated_administrators::ListDelegatedAdministratorsError;
use aws_sdk_organizations::operation::register_delegated_administrator::RegisterDelegatedAdministratorError;
use aws_sdk_organizations::types::{self as sdk, OrganizationFeatureSet};

use super::classify::{self, Endpoint};
use super::convert::opt_timestamp;
use crate::boundary::Organizations;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{
    Account, AccountId, AccountState, DelegatedAdministrator, FeatureSet, Organization,
    OrganizationalUnit, ParentId, Policy, PolicySummary, PolicyTarget, PolicyType, Root, Tags,
};

/// The largest page Organizations serves (docs/aws.md §5).
const MAX_RESULTS: i32 = 20;

/// [`Organizations`] over the AWS SDK. Every list is paged to the end; Organizations may
/// return empty pages that still carry a `NextToken`, and those are followed too.
#[derive(Clone, Debug)]
pub struct AwsOrganizations {
    client: Client,
    endpoint: Endpoint,
}

impl AwsOrganizations {
    /// Wraps an SDK client.
    pub fn new(client: Client) -> Self {
        // The service configuration does not expose an endpoint URL override; clients
        // built by `AwsClients` name it (`at`), others are described by their region.
        let region = client.config().region().map(|r| r.as_ref().to_owned());
        Self {
            client,
            endpoint: Endpoint::new(region.as_deref(), None),
        }
    }

    /// Names `endpoint` (with its URL, when it overrides the default) in errors.
    pub(crate) fn at(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = endpoint;
        self
    }
}

fn no_reason<E>(_: &E) -> Option<&sdk::ConstraintViolationExceptionReason> {
    None
}

/// A response field that AWS always sends but the SDK models as optional.
fn required<'a>(operation: &'static str, field: &str, value: Option<&'a str>) -> Result<&'a str> {
    value.ok_or_else(|| malformed(operation, format!("the response has no {field}")))
}

fn malformed(operation: &'static str, message: String) -> Error {
    Error::from_kind(
        ErrorKind::Aws,
        ErrorContext::new(Service::Organizations, operation).message(message),
        None,
    )
}

fn account_id(operation: &'static str, value: Option<&str>) -> Result<AccountId> {
    let text = required(operation, "account id", value)?;
    text.parse().map_err(|e: Error| {
        malformed(
            operation,
            format!("the response carries a bad account id: {e}"),
        )
    })
}

fn parent_id(operation: &'static str, value: Option<&str>) -> Result<ParentId> {
    let text = required(operation, "id", value)?;
    text.parse().map_err(|e: Error| {
        malformed(
            operation,
            format!("the response carries a bad parent id: {e}"),
        )
    })
}

/// An account's lifecycle state from either generation of the field.
///
/// `State` is the current field; `Status` (`ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`) was
/// retired on 2026-09-09 but is still the only one some endpoints send (emulators, and
/// responses cached from before the change). `State` wins when both are present; a
/// `Status` value maps to the `State` of the same name. With neither, the state is
/// [`AccountState::Unknown`] with an empty raw value, which selection reports as "not
/// reported" rather than guessing: only an account known to be ACTIVE is ever a target.
fn state(state: Option<&sdk::AccountState>, status: Option<&sdk::AccountStatus>) -> AccountState {
    match (state, status) {
        (Some(state), _) => AccountState::from_wire(state.as_str()),
        (None, Some(status)) => AccountState::from_wire(status.as_str()),
        (None, None) => AccountState::Unknown(String::new()),
    }
}

fn account(operation: &'static str, a: &sdk::Account) -> Result<Account> {
    Ok(Account {
        id: account_id(operation, a.id())?,
        arn: a.arn().unwrap_or_default().to_owned(),
        name: a.name().unwrap_or_default().to_owned(),
        email: a.email().unwrap_or_default().to_owned(),
        state: state(a.state(), a.status()),
        joined: opt_timestamp(a.joined_timestamp()),
    })
}

fn sdk_policy_type(policy_type: PolicyType) -> sdk::PolicyType {
    match policy_type {
        PolicyType::ServiceControlPolicy => sdk::PolicyType::ServiceControlPolicy,
        PolicyType::ResourceControlPolicy => sdk::PolicyType::ResourceControlPolicy,
    }
}

/// A policy summary; `expected` is the type asked for, taken when the summary names none.
/// `None` for a summary of another type: it is not the policy asked for.
fn policy_summary(
    operation: &'static str,
    p: &sdk::PolicySummary,
    expected: Option<PolicyType>,
) -> Result<Option<PolicySummary>> {
    let policy_type = match (
        p.r#type().map(|t| PolicyType::from_wire(t.as_str())),
        expected,
    ) {
        (Some(Some(t)), Some(expected)) if t != expected => return Ok(None),
        (Some(Some(t)), _) => t,
        (Some(None), _) => return Ok(None),
        (None, Some(expected)) => expected,
        (None, None) => {
            return Err(malformed(
                operation,
                "the policy summary names no policy type".into(),
            ));
        }
    };
    Ok(Some(PolicySummary {
        id: required(operation, "policy id", p.id())?.to_owned(),
        arn: p.arn().unwrap_or_default().to_owned(),
        name: p.name().unwrap_or_default().to_owned(),
        policy_type,
        aws_managed: p.aws_managed(),
    }))
}

fn organizational_unit(
    operation: &'static str,
    ou: &sdk::OrganizationalUnit,
) -> Result<OrganizationalUnit> {
    Ok(OrganizationalUnit {
        id: parent_id(operation, ou.id())?,
        arn: ou.arn().unwrap_or_default().to_owned(),
        name: ou.name().unwrap_or_default().to_owned(),
    })
}

#[async_trait]
impl Organizations for AwsOrganizations {
    async fn describe_organization(&self) -> Result<Organization> {
        const OP: &str = "DescribeOrganization";
        let out = self
            .client
            .describe_organization()
            .send()
            .await
            .map_err(|e| classify::organizations(&self.endpoint, OP, None, e, no_reason))?;
        let org = out
            .organization()
            .ok_or_else(|| malformed(OP, "the response has no organization".into()))?;
        let feature_set = match org.feature_set() {
            Some(OrganizationFeatureSet::All) => FeatureSet::All,
            Some(OrganizationFeatureSet::ConsolidatedBilling) => FeatureSet::ConsolidatedBilling,
            other => FeatureSet::Unknown(other.map(|f| f.as_str().to_owned()).unwrap_or_default()),
        };
        Ok(Organization {
            id: required(OP, "organization id", org.id())?.to_owned(),
            arn: org.arn().unwrap_or_default().to_owned(),
            feature_set,
            management_account_id: account_id(OP, org.master_account_id())?,
        })
    }

    async fn list_roots(&self) -> Result<Vec<Root>> {
        const OP: &str = "ListRoots";
        let mut pages = self
            .client
            .list_roots()
            .max_results(MAX_RESULTS)
            .into_paginator()
            .send();
        let mut roots = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| classify::organizations(&self.endpoint, OP, None, e, no_reason))?;
            for root in page.roots() {
                roots.push(Root {
                    id: parent_id(OP, root.id())?,
                    arn: root.arn().unwrap_or_default().to_owned(),
                    name: root.name().unwrap_or_default().to_owned(),
                    enabled_policy_types: root
                        .policy_types()
                        .iter()
                        // A type being enabled or disabled may be enforced already or
                        // still: the pre-flight judges it (docs/scps.md, "What is read").
                        .filter(|t| {
                            matches!(
                                t.status(),
                                Some(
                                    sdk::PolicyTypeStatus::Enabled
                                        | sdk::PolicyTypeStatus::PendingEnable
                                        | sdk::PolicyTypeStatus::PendingDisable
                                )
                            )
                        })
                        .filter_map(|t| t.r#type().and_then(|t| PolicyType::from_wire(t.as_str())))
                        .collect(),
                });
            }
        }
        Ok(roots)
    }

    async fn list_organizational_units_for_parent(
        &self,
        parent: &ParentId,
    ) -> Result<Vec<OrganizationalUnit>> {
        const OP: &str = "ListOrganizationalUnitsForParent";
        let mut pages = self
            .client
            .list_organizational_units_for_parent()
            .parent_id(parent.as_str())
            .max_results(MAX_RESULTS)
            .into_paginator()
            .send();
        let mut units = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| classify::organizations(&self.endpoint, OP, None, e, no_reason))?;
            for ou in page.organizational_units() {
                units.push(organizational_unit(OP, ou)?);
            }
        }
        Ok(units)
    }

    async fn list_accounts_for_parent(&self, parent: &ParentId) -> Result<Vec<Account>> {
        const OP: &str = "ListAccountsForParent";
        let mut pages = self
            .client
            .list_accounts_for_parent()
            .parent_id(parent.as_str())
            .max_results(MAX_RESULTS)
            .into_paginator()
            .send();
        let mut accounts = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| classify::organizations(&self.endpoint, OP, None, e, no_reason))?;
            for a in page.accounts() {
                accounts.push(account(OP, a)?);
            }
        }
        Ok(accounts)
    }

    async fn list_accounts(&self) -> Result<Vec<Account>> {
        const OP: &str = "ListAccounts";
        let mut pages = self
            .client
            .list_accounts()
            .max_results(MAX_RESULTS)
            .into_paginator()
            .send();
        let mut accounts = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| classify::organizations(&self.endpoint, OP, None, e, no_reason))?;
            for a in page.accounts() {
                accounts.push(account(OP, a)?);
            }
        }
        Ok(accounts)
    }

    async fn list_account_tags(&self, account_id: &AccountId) -> Result<Tags> {
        const OP: &str = "ListTagsForResource";
        let mut pages = self
            .client
            .list_tags_for_resource()
            .resource_id(account_id.as_str())
            .into_paginator()
            .send();
        let mut tags = Tags::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                classify::organizations(&self.endpoint, OP, Some(*account_id), e, no_reason)
            })?;
            for tag in page.tags() {
                tags.insert(tag.key().to_owned(), tag.value().to_owned());
            }
        }
        Ok(tags)
    }

    async fn list_service_access(&self) -> Result<Vec<String>> {
        const OP: &str = "ListAWSServiceAccessForOrganization";
        let mut pages = self
            .client
            .list_aws_service_access_for_organization()
            .max_results(MAX_RESULTS)
            .into_paginator()
            .send();
        let mut principals = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                classify::organizations(&self.endpoint, OP, None, e, |e| match e {
                    ListAWSServiceAccessForOrganizationError::ConstraintViolationException(c) => {
                        c.reason()
                    }
                    _ => None,
                })
            })?;
            principals.extend(
                page.enabled_service_principals()
                    .iter()
                    .filter_map(|p| p.service_principal().map(str::to_owned)),
            );
        }
        Ok(principals)
    }

    async fn enable_service_access(&self, service_principal: &str) -> Result<()> {
        const OP: &str = "EnableAWSServiceAccess";
        self.client
            .enable_aws_service_access()
            .service_principal(service_principal)
            .send()
            .await
            .map_err(|e| {
                classify::organizations(&self.endpoint, OP, None, e, |e| match e {
                    EnableAWSServiceAccessError::ConstraintViolationException(c) => c.reason(),
                    _ => None,
                })
            })?;
        Ok(())
    }

    async fn disable_service_access(&self, service_principal: &str) -> Result<()> {
        const OP: &str = "DisableAWSServiceAccess";
        self.client
            .disable_aws_service_access()
            .service_principal(service_principal)
            .send()
            .await
            .map_err(|e| {
                classify::organizations(&self.endpoint, OP, None, e, |e| match e {
                    DisableAWSServiceAccessError::ConstraintViolationException(c) => c.reason(),
                    _ => None,
                })
            })?;
        Ok(())
    }

    async fn list_delegated_administrators(
        &self,
        service_principal: &str,
    ) -> Result<Vec<DelegatedAdministrator>> {
        const OP: &str = "ListDelegatedAdministrators";
        let mut pages = self
            .client
            .list_delegated_administrators()
            .service_principal(service_principal)
            .max_results(MAX_RESULTS)
            .into_paginator()
            .send();
        let mut admins = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                classify::organizations(&self.endpoint, OP, None, e, |e| match e {
                    ListDelegatedAdministratorsError::ConstraintViolationException(c) => c.reason(),
                    _ => None,
                })
            })?;
            for admin in page.delegated_administrators() {
                admins.push(DelegatedAdministrator {
                    account_id: account_id(OP, admin.id())?,
                    name: admin.name().unwrap_or_default().to_owned(),
                    state: state(admin.state(), admin.status()),
                });
            }
        }
        Ok(admins)
    }

    async fn register_delegated_administrator(
        &self,
        account_id: &AccountId,
        service_principal: &str,
    ) -> Result<()> {
        const OP: &str = "RegisterDelegatedAdministrator";
        self.client
            .register_delegated_administrator()
            .account_id(account_id.as_str())
            .service_principal(service_principal)
            .send()
            .await
            .map_err(|e| {
                classify::organizations(&self.endpoint, OP, Some(*account_id), e, |e| match e {
                    RegisterDelegatedAdministratorError::ConstraintViolationException(c) => {
                        c.reason()
                    }
                    _ => None,
                })
            })?;
        Ok(())
    }

    async fn deregister_delegated_administrator(
        &self,
        account_id: &AccountId,
        service_principal: &str,
    ) -> Result<()> {
        const OP: &str = "DeregisterDelegatedAdministrator";
        self.client
            .deregister_delegated_administrator()
            .account_id(account_id.as_str())
            .service_principal(service_principal)
            .send()
            .await
            .map_err(|e| {
                classify::organizations(&self.endpoint, OP, Some(*account_id), e, |e| match e {
                    DeregisterDelegatedAdministratorError::ConstraintViolationException(c) => {
                        c.reason()
                    }
                    _ => None,
                })
            })?;
        Ok(())
    }

    async fn list_policies_for_target(
        &self,
        target: &PolicyTarget,
        policy_type: PolicyType,
    ) -> Result<Vec<PolicySummary>> {
        const OP: &str = "ListPoliciesForTarget";
        let account = match target {
            PolicyTarget::Account(id) => Some(*id),
            PolicyTarget::Parent(_) => None,
        };
        let mut pages = self
            .client
            .list_policies_for_target()
            .target_id(target.as_str())
            .filter(sdk_policy_type(policy_type))
            .max_results(MAX_RESULTS)
            .into_paginator()
            .send();
        let mut policies = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page
                .map_err(|e| classify::organizations(&self.endpoint, OP, account, e, no_reason))?;
            for p in page.policies() {
                // AWS lists only the type asked for; a summary naming another type is
                // not one of them, whatever sent it.
                if let Some(summary) = policy_summary(OP, p, Some(policy_type))? {
                    policies.push(summary);
                }
            }
        }
        Ok(policies)
    }

    async fn describe_policy(&self, policy_id: &str) -> Result<Policy> {
        const OP: &str = "DescribePolicy";
        let out = self
            .client
            .describe_policy()
            .policy_id(policy_id)
            .send()
            .await
            .map_err(|e| classify::organizations(&self.endpoint, OP, None, e, no_reason))?;
        let policy = out
            .policy()
            .ok_or_else(|| malformed(OP, "the response has no policy".into()))?;
        let summary = policy
            .policy_summary()
            .ok_or_else(|| malformed(OP, "the policy has no summary".into()))?;
        let summary = policy_summary(OP, summary, None)?.ok_or_else(|| {
            malformed(
                OP,
                format!("policy {policy_id} is neither a service nor a resource control policy"),
            )
        })?;
        Ok(Policy {
            summary,
            content: required(OP, "policy content", policy.content())?.to_owned(),
        })
    }
}
