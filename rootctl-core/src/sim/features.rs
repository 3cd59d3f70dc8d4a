//! [`OrgFeaturesApi`] for [`SimulatedOrg`]: the IAM organization-feature calls and who may
//! make them (docs/aws-behaviour.md#org-features).

use async_trait::async_trait;

use super::SimulatedOrg;
use super::dispatch::{CallSpec, Rejection, Reply};
use super::state::OrgState;
use crate::boundary::OrgFeaturesApi;
use crate::error::{Result, Service};
use crate::model::{FeatureSet, IAM_SERVICE_PRINCIPAL, OrgFeature};

/// Who may make a feature call.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Allowed {
    /// Enable*: the management account only.
    ManagementOnly,
    /// List and Disable*: the management account or the IAM delegated administrator.
    ManagementOrDelegatedAdmin,
}

/// The preconditions every feature call shares: a caller in an organization, the right
/// caller, then the organization's state. No AWS document orders these checks
/// (*unverified*); authorization before state is the usual AWS pattern. The feature APIs
/// model no message field, so these messages are the simulator's own.
fn check(org: &OrgState, allowed: Allowed) -> Result<(), Rejection> {
    if !org.caller_in_organization() {
        return Err(Rejection::new(
            "OrganizationNotFoundException",
            "The request failed because your account is not a member of an organization.",
        ));
    }
    match allowed {
        Allowed::ManagementOnly if !org.caller_is_management() => {
            return Err(Rejection::new(
                "CallerIsNotManagementAccountException",
                "The request was rejected because the caller is not the management account \
                 of the organization.",
            ));
        }
        Allowed::ManagementOrDelegatedAdmin if !org.caller_manages_root_access() => {
            return Err(Rejection::new(
                "AccountNotManagementOrDelegatedAdministratorException",
                "The request was rejected because the account is not the management account \
                 or the delegated administrator for IAM.",
            ));
        }
        _ => {}
    }
    if org.feature_set != FeatureSet::All {
        return Err(Rejection::new(
            "OrganizationNotInAllFeaturesModeException",
            "The request failed because the organization does not have all features enabled.",
        ));
    }
    if !org.trusted_access.contains(IAM_SERVICE_PRINCIPAL) {
        return Err(Rejection::new(
            "ServiceAccessNotEnabledException",
            "The request failed because trusted access for iam.amazonaws.com is not enabled \
             in AWS Organizations.",
        ));
    }
    Ok(())
}

#[async_trait]
impl OrgFeaturesApi for SimulatedOrg {
    async fn list_enabled_features(&self) -> Result<Vec<OrgFeature>> {
        let spec = CallSpec::new(Service::Iam, "ListOrganizationsFeatures");
        self.dispatch(spec, |world, _| {
            check(&world.org, Allowed::ManagementOrDelegatedAdmin)?;
            Ok(Reply::ok(world.org.features.iter().copied().collect()))
        })
        .await
    }

    async fn enable_feature(&self, feature: OrgFeature) -> Result<()> {
        let operation = match feature {
            OrgFeature::RootCredentialsManagement => "EnableOrganizationsRootCredentialsManagement",
            OrgFeature::RootSessions => "EnableOrganizationsRootSessions",
        };
        let spec = CallSpec::new(Service::Iam, operation).mutating();
        self.dispatch(spec, |world, _| {
            check(&world.org, Allowed::ManagementOnly)?;
            // Whether AWS accepts a second Enable is unverified (docs/aws-behaviour.md#org-features); the
            // simulator accepts it, and rootctl reads the state first anyway.
            world.org.features.insert(feature);
            Ok(Reply::ok(()))
        })
        .await
    }

    async fn disable_feature(&self, feature: OrgFeature) -> Result<()> {
        let operation = match feature {
            OrgFeature::RootCredentialsManagement => {
                "DisableOrganizationsRootCredentialsManagement"
            }
            OrgFeature::RootSessions => "DisableOrganizationsRootSessions",
        };
        let spec = CallSpec::new(Service::Iam, operation).mutating();
        self.dispatch(spec, |world, _| {
            check(&world.org, Allowed::ManagementOrDelegatedAdmin)?;
            // Sessions already issued keep working until they expire: AWS checks the
            // feature at AssumeRoot (what happens to live sessions is unverified).
            world.org.features.remove(&feature);
            Ok(Reply::ok(()))
        })
        .await
    }
}
