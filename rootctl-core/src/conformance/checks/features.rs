//! [`OrgFeaturesApi`](crate::OrgFeaturesApi): the two organization features (docs/aws-behaviour.md#org-features).

use super::expect_error;
use crate::conformance::{CheckResult, Gap, Harness, Outcome};
use crate::error::ErrorKind;
use crate::model::{IAM_SERVICE_PRINCIPAL, OrgFeature};

/// With trusted access on, no feature is enabled at first; each enable adds its feature
/// to `ListOrganizationsFeatures`, each disable removes it, and enabling twice is
/// harmless.
pub async fn features_are_enabled_listed_and_disabled(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    f.organizations
        .enable_service_access(IAM_SERVICE_PRINCIPAL)
        .await?;
    let api = &f.features;
    let sorted = |mut v: Vec<OrgFeature>| {
        v.sort();
        v
    };
    ensure_eq!(
        api.list_enabled_features().await?,
        vec![],
        "features of a fresh organization"
    );
    api.enable_feature(OrgFeature::RootCredentialsManagement)
        .await?;
    ensure_eq!(
        api.list_enabled_features().await?,
        vec![OrgFeature::RootCredentialsManagement],
        "features after enabling RootCredentialsManagement"
    );
    api.enable_feature(OrgFeature::RootSessions).await?;
    api.enable_feature(OrgFeature::RootSessions).await?;
    ensure_eq!(
        sorted(api.list_enabled_features().await?),
        OrgFeature::ALL.to_vec(),
        "features after enabling both"
    );
    api.disable_feature(OrgFeature::RootCredentialsManagement)
        .await?;
    ensure_eq!(
        api.list_enabled_features().await?,
        vec![OrgFeature::RootSessions],
        "features after disabling RootCredentialsManagement"
    );
    api.disable_feature(OrgFeature::RootSessions).await?;
    ensure_eq!(
        api.list_enabled_features().await?,
        vec![],
        "features after disabling both"
    );
    Ok(Outcome::Passed)
}

/// Without trusted access for IAM, every feature call is
/// [`ErrorKind::TrustedAccessNotEnabled`] and nothing changes.
pub async fn features_need_trusted_access(h: &dyn Harness) -> CheckResult {
    let f = h.fixture().await?;
    let api = &f.features;
    if h.backend().has(Gap::FeatureApisUnchecked) {
        // Documented: the backend checks nothing, so the calls succeed.
        api.list_enabled_features().await?;
        return Ok(Outcome::skipped(
            Gap::FeatureApisUnchecked,
            "the feature APIs answer without trusted access, so ServiceAccessNotEnabled \
             cannot be produced",
        ));
    }
    expect_error(
        api.list_enabled_features().await,
        ErrorKind::TrustedAccessNotEnabled,
        "ListOrganizationsFeatures without trusted access",
    )?;
    expect_error(
        api.enable_feature(OrgFeature::RootCredentialsManagement)
            .await,
        ErrorKind::TrustedAccessNotEnabled,
        "EnableOrganizationsRootCredentialsManagement without trusted access",
    )?;
    expect_error(
        api.disable_feature(OrgFeature::RootSessions).await,
        ErrorKind::TrustedAccessNotEnabled,
        "DisableOrganizationsRootSessions without trusted access",
    )?;
    f.organizations
        .enable_service_access(IAM_SERVICE_PRINCIPAL)
        .await?;
    ensure_eq!(
        api.list_enabled_features().await?,
        vec![],
        "features once trusted access is on (nothing was enabled before)"
    );
    Ok(Outcome::Passed)
}
