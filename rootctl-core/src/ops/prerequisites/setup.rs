//! The checks of centralized root access's own setup: trusted access, both features, the
//! delegated administrator, the STS endpoint, and whether members' regions can be listed.

use super::report::Check;
use super::{
    ACCOUNT_REGIONS, DELEGATED_ADMIN, ENABLE_HINT, Findings, REGIONAL_STS,
    ROOT_CREDENTIALS_MANAGEMENT, ROOT_SESSIONS, TRUSTED_ACCESS, failed_call,
};
use crate::engine::Rootctl;
use crate::model::{ACCOUNT_SERVICE_PRINCIPAL, IAM_SERVICE_PRINCIPAL, OrgFeature};

/// What to do when members' regions cannot be listed.
const ACCOUNT_REGIONS_FIX: &str = "From the management account, enable trusted access for AWS \
    Account Management (`aws organizations enable-aws-service-access --service-principal \
    account.amazonaws.com`); a caller outside the management account must also be registered \
    as delegated administrator for account.amazonaws.com. Until then the unlock search lists \
    queues in the client's region, or in the regions you pass.";

impl Rootctl {
    pub(super) async fn check_trusted_access(&self, found: &mut Findings) -> Check {
        if let Some(why) = found.settings_unreadable() {
            return Check::skip(TRUSTED_ACCESS, why);
        }
        match self.trusted_access().await {
            Ok(on) => {
                found.trusted_access = Some(on);
                if on {
                    Check::pass(
                        TRUSTED_ACCESS,
                        format!("trusted access for {IAM_SERVICE_PRINCIPAL} is enabled"),
                    )
                } else {
                    Check::fail(
                        TRUSTED_ACCESS,
                        format!("trusted access for {IAM_SERVICE_PRINCIPAL} is not enabled"),
                        format!(
                            "Enable it with `rootctl enable` (organizations:EnableAWSServiceAccess \
                             for {IAM_SERVICE_PRINCIPAL}), or, if Terraform manages the organization, \
                             add \"{IAM_SERVICE_PRINCIPAL}\" to aws_service_access_principals of its \
                             aws_organizations_organization."
                        ),
                    )
                }
            }
            Err(err) => failed_call(TRUSTED_ACCESS, &err),
        }
    }

    pub(super) async fn check_root_credentials_management(&self, found: &mut Findings) -> Check {
        // Read even when trusted access could not be: the features have their own API
        // (and with trusted access off they read as not enabled).
        if let Some(why) = found.settings_unreadable() {
            return Check::skip(ROOT_CREDENTIALS_MANAGEMENT, why);
        }
        match self.enabled_features().await {
            Ok(enabled) => {
                let on = enabled.contains(&OrgFeature::RootCredentialsManagement);
                found.enabled_features = Some(enabled);
                if on {
                    Check::pass(
                        ROOT_CREDENTIALS_MANAGEMENT,
                        "RootCredentialsManagement is enabled",
                    )
                } else {
                    Check::fail(
                        ROOT_CREDENTIALS_MANAGEMENT,
                        "RootCredentialsManagement is not enabled: member root credentials cannot \
                         be audited or removed centrally",
                        format!(
                            "To enable it, {ENABLE_HINT} (iam:EnableOrganizationsRootCredentialsManagement)."
                        ),
                    )
                }
            }
            Err(err) => failed_call(ROOT_CREDENTIALS_MANAGEMENT, &err),
        }
    }

    pub(super) async fn check_delegated_admin(&self, found: &mut Findings) -> Check {
        if let Some(why) = found.settings_unreadable() {
            return Check::skip(DELEGATED_ADMIN, why);
        }
        let admins = match found.delegated_admins.take() {
            Some(admins) => admins,
            // Unknown trusted access: ask AWS rather than assume nobody is registered.
            None => match self
                .iam_delegated_admins(found.trusted_access.unwrap_or(true))
                .await
            {
                Ok(admins) => admins,
                Err(err) => return failed_call(DELEGATED_ADMIN, &err),
            },
        };
        let check = match admins.as_slice() {
            [] => Check::skip(
                DELEGATED_ADMIN,
                "no IAM delegated administrator registered (optional: `rootctl enable` with a \
                 delegated admin registers one)",
            ),
            admins => {
                let names: Vec<String> = admins
                    .iter()
                    .map(|a| format!("{} ({})", a.account_id, a.name))
                    .collect();
                Check::pass(
                    DELEGATED_ADMIN,
                    format!("IAM delegated administrator: {}", names.join(", ")),
                )
            }
        };
        found.delegated_admins = Some(admins);
        check
    }

    /// `account_regions`: whether the unlock search can list each member's enabled regions
    /// (`account:ListRegions`). Only a warning when not: the search then covers the
    /// client's region, and says so.
    pub(super) async fn check_account_regions(&self, found: &Findings) -> Check {
        if let Some(why) = found.settings_unreadable() {
            return Check::skip(ACCOUNT_REGIONS, why);
        }
        if self.account_management.is_none() {
            return Check::skip(
                ACCOUNT_REGIONS,
                "this client has no AWS Account Management boundary",
            );
        }
        match self.account_regions_access().await {
            Ok(None) => Check::pass(
                ACCOUNT_REGIONS,
                format!(
                    "trusted access for {ACCOUNT_SERVICE_PRINCIPAL} is enabled and the caller may \
                     list members' regions: the unlock search covers each member's enabled regions"
                ),
            ),
            Ok(Some(why)) => Check::warn(
                ACCOUNT_REGIONS,
                format!("{why}: the unlock search lists queues in the client's region only"),
                ACCOUNT_REGIONS_FIX,
            ),
            Err(err) => Check::warn(ACCOUNT_REGIONS, err.to_string(), ACCOUNT_REGIONS_FIX),
        }
    }

    pub(super) fn check_regional_sts(&self) -> Check {
        match self.region() {
            Some("aws-global") => Check::fail(
                REGIONAL_STS,
                "region aws-global uses the global STS endpoint, which does not serve sts:AssumeRoot",
                "Configure a concrete region such as us-east-1 for rootctl.",
            ),
            Some(region) => Check::pass(
                REGIONAL_STS,
                format!("STS calls go to the regional endpoint of {region}"),
            ),
            None => Check::skip(REGIONAL_STS, "region unknown: custom clients"),
        }
    }
}

pub(super) fn check_root_sessions(found: &Findings) -> Check {
    match &found.enabled_features {
        None => Check::skip(
            ROOT_SESSIONS,
            "skipped: depends on `root_credentials_management`, whose read of the \
             organization features did not succeed",
        ),
        Some(enabled) if enabled.contains(&OrgFeature::RootSessions) => {
            Check::pass(ROOT_SESSIONS, "RootSessions is enabled")
        }
        Some(_) => Check::warn(
            ROOT_SESSIONS,
            "RootSessions is not enabled: S3 bucket and SQS queue policy unlock are unavailable",
            format!(
                "If you need them, {ENABLE_HINT} with root sessions (iam:EnableOrganizationsRootSessions)."
            ),
        ),
    }
}
