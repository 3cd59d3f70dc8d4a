//! Centralized root access itself: reading its state ([`Rootctl::features`]), turning it
//! on ([`Rootctl::enable`]) and off ([`Rootctl::disable`]).
//!
//! Changes are planned before they are made: a plan reads the organization, refuses with
//! a typed error anything AWS would refuse (wrong caller, wrong feature set, bad input),
//! and lists only the steps not yet done, so a second run is a no-op. docs/aws-behaviour.md#org-features has
//! the rules encoded here.

mod disable;
mod enable;
#[cfg(test)]
pub(crate) mod fixture;
mod steps;
#[cfg(test)]
mod tests;

use tracing::Instrument;

pub use disable::{DisableOptions, DisablePlan, DisableReport, DisableStep};
pub use enable::{EnableOptions, EnablePlan, EnableReport, EnableStep};
pub use steps::{ChangePlan, ChangeReport, StepOutcome, StepResult};

use crate::engine::Rootctl;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{AccountId, CallerIdentity, OrgFeature, OrgFeatures};

impl Rootctl {
    /// The state of centralized root access: trusted access for `iam.amazonaws.com` and
    /// both organization features.
    ///
    /// With trusted access off, AWS refuses to list the features
    /// (`ServiceAccessNotEnabledException`); they cannot be on then, so both are reported
    /// off rather than as an error.
    pub async fn features(&self) -> Result<OrgFeatures> {
        async {
            let trusted_access = self.trusted_access().await?;
            let enabled = self.enabled_features().await?;
            Ok(OrgFeatures {
                trusted_access,
                root_credentials_management: enabled
                    .contains(&OrgFeature::RootCredentialsManagement),
                root_sessions: enabled.contains(&OrgFeature::RootSessions),
            })
        }
        .instrument(tracing::info_span!("features"))
        .await
    }
}

/// The error for a call only the management account may make, raised before AWS would.
///
/// It has the kind AWS's own answer (`CallerIsNotManagementAccountException`) is
/// classified as, so callers handle both the same way.
fn not_management(caller: &CallerIdentity, management: AccountId, rule: &str) -> Error {
    let message = format!(
        "caller account {} is not the management account {management}; {rule}",
        caller.account_id
    );
    Error::from_kind(
        ErrorKind::NotManagementAccount,
        ErrorContext::new(Service::Sts, "GetCallerIdentity")
            .account(caller.account_id)
            .message(message),
        None,
    )
}

/// An error for a state AWS would refuse the change in, raised before any change.
fn precondition(
    kind: ErrorKind,
    service: Service,
    operation: &'static str,
    message: String,
) -> Error {
    Error::from_kind(
        kind,
        ErrorContext::new(service, operation).message(message),
        None,
    )
}
