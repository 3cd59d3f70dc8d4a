//! The checks of the organization itself and of the caller's place in it: it exists, it
//! has ALL features, and the caller is its management account or IAM delegated
//! administrator.

use super::report::{CallerRole, Check};
use super::{ALL_FEATURES, CALLER, Findings, ORGANIZATION, failed_call};
use crate::engine::Rootctl;
use crate::error::ErrorKind;
use crate::model::{FeatureSet, IAM_SERVICE_PRINCIPAL};

impl Rootctl {
    pub(super) async fn check_organization(&self, found: &mut Findings) -> Check {
        let described = self
            .with_retries("DescribeOrganization", || {
                self.organizations.describe_organization()
            })
            .await;
        match described {
            Ok(organization) => {
                let detail = format!(
                    "organization {} with management account {}",
                    organization.id, organization.management_account_id
                );
                found.organization = Some(organization);
                Check::pass(ORGANIZATION, detail)
            }
            Err(err) if err.kind() == ErrorKind::OrganizationNotFound => Check::fail(
                ORGANIZATION,
                "the caller's account belongs to no AWS organization",
                "Run rootctl with credentials from the management account of the AWS \
                 organization whose member accounts you want to manage.",
            ),
            Err(err) => failed_call(ORGANIZATION, &err),
        }
    }

    pub(super) async fn check_caller(&self, found: &mut Findings) -> Check {
        let caller = match self.caller().await {
            Ok(caller) => found.caller.insert(caller).clone(),
            Err(err) => return failed_call(CALLER, &err),
        };
        // AssumeRoot refuses root credentials as the caller (docs/aws-behaviour.md#assume-root). The role is
        // still worked out, so the checks after this one read what they can.
        let root_user = caller.arn.ends_with(":root");
        let root_user_failure = || {
            Check::fail(
                CALLER,
                format!(
                    "{} is a root user; root users cannot call sts:AssumeRoot",
                    caller.arn
                ),
                "Run rootctl as an IAM role or user of the management account, not as its root user.",
            )
        };
        let Some(management) = found.organization.as_ref().map(|o| o.management_account_id) else {
            if root_user {
                return root_user_failure();
            }
            return Check::skip(
                CALLER,
                format!(
                    "{}; role unknown: depends on `organization`, which failed",
                    caller.arn
                ),
            );
        };
        let role = if caller.account_id == management {
            CallerRole::ManagementAccount
        } else {
            let listed = self
                .with_retries("ListDelegatedAdministrators", || {
                    self.organizations
                        .list_delegated_administrators(IAM_SERVICE_PRINCIPAL)
                })
                .await;
            match listed {
                Ok(admins) => {
                    let is_admin = admins.iter().any(|a| a.account_id == caller.account_id);
                    found.delegated_admins = Some(admins);
                    if is_admin {
                        CallerRole::DelegatedAdministrator
                    } else {
                        CallerRole::Other
                    }
                }
                // Plain member accounts may not list delegated administrators at all.
                Err(err)
                    if matches!(
                        err.kind(),
                        ErrorKind::AccessDenied | ErrorKind::NotManagementAccount
                    ) =>
                {
                    CallerRole::Other
                }
                Err(err) => return failed_call(CALLER, &err),
            }
        };
        found.role = Some(role);
        if root_user {
            return root_user_failure();
        }
        let detail = format!("{} in account {} ({role})", caller.arn, caller.account_id);
        match role {
            CallerRole::Other => Check::fail(
                CALLER,
                detail,
                format!(
                    "Run rootctl with credentials from the management account {management} or \
                     the IAM delegated administrator account."
                ),
            ),
            _ => Check::pass(CALLER, detail),
        }
    }
}

pub(super) fn check_all_features(found: &Findings) -> Check {
    match found.organization.as_ref().map(|o| &o.feature_set) {
        None => Check::skip(
            ALL_FEATURES,
            "skipped: depends on `organization`, which failed",
        ),
        Some(FeatureSet::All) => Check::pass(ALL_FEATURES, "the organization has ALL features"),
        Some(other) => Check::fail(
            ALL_FEATURES,
            format!(
                "the organization's feature set is {}, not ALL",
                feature_set_name(other)
            ),
            "Enable all features in AWS Organizations (organizations:EnableAllFeatures, approved \
             by every member account).",
        ),
    }
}

/// The wire spelling of a feature set, as the console and CLI show it.
fn feature_set_name(feature_set: &FeatureSet) -> &str {
    match feature_set {
        FeatureSet::All => "ALL",
        FeatureSet::ConsolidatedBilling => "CONSOLIDATED_BILLING",
        FeatureSet::Unknown(other) => other,
    }
}
