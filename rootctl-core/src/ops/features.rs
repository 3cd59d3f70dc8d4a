//! Centralized root access itself: reading its state ([`Rootctl::features`]), turning it
//! on ([`Rootctl::enable`]) and off ([`Rootctl::disable`]).
//!
//! Changes are planned before they are made: a plan reads the organization, refuses with
//! a typed error anything AWS would refuse (wrong caller, wrong feature set, bad input),
//! and lists only the steps not yet done, so a second run is a no-op. AWS-NOTES §1 has
//! the rules encoded here.

mod disable;
mod enable;
#[cfg(test)]
pub(crate) mod fixture;
mod steps;
#[cfg(test)]
mod tests;

use std::future::Future;

use tracing::Instrument;

pub use disable::{DisableOptions, DisablePlan, DisableReport, DisableStep};
pub use enable::{EnableOptions, EnablePlan, EnableReport, EnableStep};
pub use steps::{ChangePlan, ChangeReport, StepOutcome, StepResult};

use crate::client::Rootctl;
use crate::engine::retry::retry;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{
    AccountId, CallerIdentity, DelegatedAdministrator, IAM_SERVICE_PRINCIPAL, OrgFeature,
    OrgFeatures,
};

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

    /// Runs one AWS call under the client's retry policy: retryable errors only
    /// (throttling, 5xx, transport), each retry logged.
    ///
    /// Enable and disable retry their changes too. That is safe because each of their
    /// calls sets a state rather than adding to one: repeating one that did take effect
    /// changes nothing, or answers "already registered" or "not registered", which count
    /// as done.
    pub(crate) async fn retried<T, F, Fut>(&self, operation: &'static str, call: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let on_retry = |err: &Error, retry: u32, delay| {
            tracing::debug!(operation, retry, ?delay, error = %err, "retrying");
        };
        retry(&self.options().retry, on_retry, call).await
    }

    /// Whether trusted access for `iam.amazonaws.com` is enabled.
    pub(crate) async fn trusted_access(&self) -> Result<bool> {
        let principals = self
            .retried("ListAWSServiceAccessForOrganization", || {
                self.organizations.list_service_access()
            })
            .await?;
        Ok(principals.iter().any(|p| p == IAM_SERVICE_PRINCIPAL))
    }

    /// The organization features enabled; none while trusted access is off.
    pub(crate) async fn enabled_features(&self) -> Result<Vec<OrgFeature>> {
        match self
            .retried("ListOrganizationsFeatures", || {
                self.features.list_enabled_features()
            })
            .await
        {
            Err(err) if err.kind() == ErrorKind::TrustedAccessNotEnabled => Ok(Vec::new()),
            other => other,
        }
    }

    /// The accounts registered as IAM delegated administrator.
    ///
    /// Registering one needs trusted access (AWS-NOTES §1), so with it off there is none
    /// and the call is not made.
    pub(crate) async fn iam_delegated_admins(
        &self,
        trusted_access: bool,
    ) -> Result<Vec<DelegatedAdministrator>> {
        if !trusted_access {
            return Ok(Vec::new());
        }
        self.retried("ListDelegatedAdministrators", || {
            self.organizations
                .list_delegated_administrators(IAM_SERVICE_PRINCIPAL)
        })
        .await
    }

    /// `GetCallerIdentity`, retried.
    pub(crate) async fn caller(&self) -> Result<CallerIdentity> {
        self.retried("GetCallerIdentity", || self.sts.caller_identity())
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
