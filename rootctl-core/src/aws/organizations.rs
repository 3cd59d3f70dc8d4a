//! [`AwsOrganizations`]: the [`Organizations`] trait over `aws-sdk-organizations`.

use std::error::Error as StdError;

use async_trait::async_trait;
use aws_sdk_organizations::Client;
use aws_sdk_organizations::operation::deregister_delegated_administrator::DeregisterDelegatedAdministratorError;
use aws_sdk_organizations::operation::disable_aws_service_access::DisableAWSServiceAccessError;
use aws_sdk_organizations::operation::enable_aws_service_access::EnableAWSServiceAccessError;
use aws_sdk_organizations::operation::list_aws_service_access_for_organization::ListAWSServiceAccessForOrganizationError;
use aws_sdk_organizations::operation::list_delegated_administrators::ListDelegatedAdministratorsError;
use aws_sdk_organizations::operation::register_delegated_administrator::RegisterDelegatedAdministratorError;
use aws_sdk_organizations::types::ConstraintViolationExceptionReason;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::classify::{self, Endpoint};
use super::convert::wraps_client;
use crate::boundary::Organizations;
use crate::error::{Error, Result};
use crate::model::{
    Account, AccountId, DelegatedAdministrator, Organization, OrganizationalUnit, ParentId, Policy,
    PolicySummary, PolicyTarget, PolicyType, Root, Tags,
};

mod wire;

use wire::{
    account, delegated_administrator, malformed, no_reason, organization, organizational_unit,
    policy_summary, required, root, sdk_policy_type,
};

/// The `reason` of an operation's `ConstraintViolationException`, for
/// `classify::organizations`.
macro_rules! constraint_reason {
    ($error:ident) => {
        |e: &$error| match e {
            $error::ConstraintViolationException(c) => c.reason(),
            _ => None,
        }
    };
}

/// Runs `$body` on every page of the paginated `$request`, with `page` the page; a page
/// that fails ends the call with its error, classified for `$account` and `$reason`.
/// Every list is paged to the end, empty pages with a `NextToken` included.
macro_rules! each_page {
    ($self:ident, $request:expr, $account:expr, $reason:expr, |$page:ident| $body:block) => {{
        let mut pages = $request.into_paginator().send();
        while let Some(page) = pages.next().await {
            let $page = page.map_err($self.failed(OP, $account, $reason))?;
            $body
        }
    }};
}

/// Every item (`page.$items()`) of every page of the paginated `$request`, each
/// converted by `$convert`, read as `each_page!` reads them.
macro_rules! all_pages {
    ($self:ident, $request:expr, $account:expr, $reason:expr, $items:ident, $convert:expr) => {{
        let mut all = Vec::new();
        each_page!($self, $request, $account, $reason, |page| {
            for item in page.$items() {
                all.push($convert(item)?);
            }
        });
        Ok(all)
    }};
}

/// The largest page Organizations serves (docs/aws-behaviour.md#organizations).
const MAX_RESULTS: i32 = 20;

/// [`Organizations`] over the AWS SDK. Every list is paged to the end; Organizations may
/// return empty pages that still carry a `NextToken`, and those are followed too.
#[derive(Clone, Debug)]
pub struct AwsOrganizations {
    client: Client,
    endpoint: Endpoint,
}

wraps_client!(AwsOrganizations);

impl AwsOrganizations {
    /// Classifies a failed `operation` (on `account`), `reason` reading the
    /// `ConstraintViolationException` where it has one.
    fn failed<'a, E>(
        &'a self,
        operation: &'static str,
        account: Option<AccountId>,
        reason: impl FnOnce(&E) -> Option<&ConstraintViolationExceptionReason> + 'a,
    ) -> impl FnOnce(SdkError<E, HttpResponse>) -> Error + 'a
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        move |e| classify::organizations(&self.endpoint, operation, account, e, reason)
    }
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
            .map_err(self.failed(OP, None, no_reason))?;
        let org = out
            .organization()
            .ok_or_else(|| malformed(OP, "the response has no organization".into()))?;
        organization(OP, org)
    }

    async fn list_roots(&self) -> Result<Vec<Root>> {
        const OP: &str = "ListRoots";
        let request = self.client.list_roots().max_results(MAX_RESULTS);
        all_pages!(self, request, None, no_reason, roots, |r| root(OP, r))
    }

    async fn list_organizational_units_for_parent(
        &self,
        parent: &ParentId,
    ) -> Result<Vec<OrganizationalUnit>> {
        const OP: &str = "ListOrganizationalUnitsForParent";
        let request = self
            .client
            .list_organizational_units_for_parent()
            .parent_id(parent.as_str())
            .max_results(MAX_RESULTS);
        all_pages!(self, request, None, no_reason, organizational_units, |ou| {
            organizational_unit(OP, ou)
        })
    }

    async fn list_accounts_for_parent(&self, parent: &ParentId) -> Result<Vec<Account>> {
        const OP: &str = "ListAccountsForParent";
        let request = self
            .client
            .list_accounts_for_parent()
            .parent_id(parent.as_str())
            .max_results(MAX_RESULTS);
        all_pages!(self, request, None, no_reason, accounts, |a| account(OP, a))
    }

    async fn list_accounts(&self) -> Result<Vec<Account>> {
        const OP: &str = "ListAccounts";
        let request = self.client.list_accounts().max_results(MAX_RESULTS);
        all_pages!(self, request, None, no_reason, accounts, |a| account(OP, a))
    }

    async fn list_account_tags(&self, account_id: &AccountId) -> Result<Tags> {
        const OP: &str = "ListTagsForResource";
        let mut tags = Tags::new();
        each_page!(
            self,
            self.client
                .list_tags_for_resource()
                .resource_id(account_id.as_str()),
            Some(*account_id),
            no_reason,
            |page| {
                for tag in page.tags() {
                    tags.insert(tag.key().to_owned(), tag.value().to_owned());
                }
            }
        );
        Ok(tags)
    }

    async fn list_service_access(&self) -> Result<Vec<String>> {
        const OP: &str = "ListAWSServiceAccessForOrganization";
        let mut principals = Vec::new();
        each_page!(
            self,
            self.client
                .list_aws_service_access_for_organization()
                .max_results(MAX_RESULTS),
            None,
            constraint_reason!(ListAWSServiceAccessForOrganizationError),
            |page| {
                principals.extend(
                    page.enabled_service_principals()
                        .iter()
                        .filter_map(|p| p.service_principal().map(str::to_owned)),
                );
            }
        );
        Ok(principals)
    }

    async fn enable_service_access(&self, service_principal: &str) -> Result<()> {
        const OP: &str = "EnableAWSServiceAccess";
        self.client
            .enable_aws_service_access()
            .service_principal(service_principal)
            .send()
            .await
            .map_err(self.failed(OP, None, constraint_reason!(EnableAWSServiceAccessError)))?;
        Ok(())
    }

    async fn disable_service_access(&self, service_principal: &str) -> Result<()> {
        const OP: &str = "DisableAWSServiceAccess";
        self.client
            .disable_aws_service_access()
            .service_principal(service_principal)
            .send()
            .await
            .map_err(self.failed(OP, None, constraint_reason!(DisableAWSServiceAccessError)))?;
        Ok(())
    }

    async fn list_delegated_administrators(
        &self,
        service_principal: &str,
    ) -> Result<Vec<DelegatedAdministrator>> {
        const OP: &str = "ListDelegatedAdministrators";
        let request = self
            .client
            .list_delegated_administrators()
            .service_principal(service_principal)
            .max_results(MAX_RESULTS);
        all_pages!(
            self,
            request,
            None,
            constraint_reason!(ListDelegatedAdministratorsError),
            delegated_administrators,
            |admin| delegated_administrator(OP, admin)
        )
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
            .map_err(self.failed(
                OP,
                Some(*account_id),
                constraint_reason!(RegisterDelegatedAdministratorError),
            ))?;
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
            .map_err(self.failed(
                OP,
                Some(*account_id),
                constraint_reason!(DeregisterDelegatedAdministratorError),
            ))?;
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
        let mut policies = Vec::new();
        each_page!(
            self,
            self.client
                .list_policies_for_target()
                .target_id(target.as_str())
                .filter(sdk_policy_type(policy_type))
                .max_results(MAX_RESULTS),
            account,
            no_reason,
            |page| {
                for p in page.policies() {
                    // AWS lists only the type asked for; a summary naming another type is
                    // not one of them, whatever sent it.
                    if let Some(summary) = policy_summary(OP, p, Some(policy_type))? {
                        policies.push(summary);
                    }
                }
            }
        );
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
            .map_err(self.failed(OP, None, no_reason))?;
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
