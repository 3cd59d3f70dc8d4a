//! [`Rootctl::plan_enable`] and [`Rootctl::enable`]: turning centralized root access on.

use std::fmt;

use serde::{Deserialize, Serialize};
use tracing::Instrument;

use super::steps::{ChangePlan, ChangeReport, StepOutcome, apply_in_order};
use super::{not_management, precondition};
use crate::engine::Rootctl;
use crate::error::{Error, ErrorKind, Result, Service};
use crate::model::{AccountId, AccountState, FeatureSet, IAM_SERVICE_PRINCIPAL, OrgFeature};

/// One step of turning centralized root access on. The variants are declared (and
/// ordered) in the order AWS requires them (docs/aws-behaviour.md#org-features).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum EnableStep {
    /// Trusted access for `iam.amazonaws.com` in Organizations.
    EnableTrustedAccess,
    /// The `RootCredentialsManagement` feature: audit and delete member root credentials.
    EnableRootCredentialsManagement,
    /// The `RootSessions` feature: privileged root actions (S3 and SQS policy unlock).
    EnableRootSessions,
    /// A member account as the IAM delegated administrator.
    RegisterDelegatedAdministrator {
        /// The account to register.
        account_id: AccountId,
    },
}

impl EnableStep {
    /// The AWS API the step calls, e.g. `EnableAWSServiceAccess`.
    pub const fn api(&self) -> &'static str {
        match self {
            EnableStep::EnableTrustedAccess => "EnableAWSServiceAccess",
            EnableStep::EnableRootCredentialsManagement => {
                "EnableOrganizationsRootCredentialsManagement"
            }
            EnableStep::EnableRootSessions => "EnableOrganizationsRootSessions",
            EnableStep::RegisterDelegatedAdministrator { .. } => "RegisterDelegatedAdministrator",
        }
    }
}

impl fmt::Display for EnableStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnableStep::EnableTrustedAccess => {
                write!(f, "enable trusted access for {IAM_SERVICE_PRINCIPAL}")
            }
            EnableStep::EnableRootCredentialsManagement => {
                f.write_str("enable RootCredentialsManagement")
            }
            EnableStep::EnableRootSessions => f.write_str("enable RootSessions"),
            EnableStep::RegisterDelegatedAdministrator { account_id } => {
                write!(f, "register {account_id} as IAM delegated administrator")
            }
        }
    }
}

/// What [`Rootctl::enable`] turns on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnableOptions {
    /// Also enable `RootSessions` (S3/SQS policy unlock). Default true.
    pub root_sessions: bool,
    /// Register this member account as the IAM delegated administrator, so it can audit
    /// and remove root credentials without the management account. Default none.
    pub delegated_admin: Option<AccountId>,
    /// Enable trusted access for `iam.amazonaws.com` if it is off. Default true. Set it
    /// false when another tool owns the organization's trusted-access list (Terraform's
    /// `aws_organizations_organization` does, and would revert the change): enable then
    /// fails with [`Error::TrustedAccessNotEnabled`] until that tool has enabled it.
    pub manage_trusted_access: bool,
}

impl Default for EnableOptions {
    fn default() -> Self {
        Self {
            root_sessions: true,
            delegated_admin: None,
            manage_trusted_access: true,
        }
    }
}

/// What [`Rootctl::enable`] would do.
pub type EnablePlan = ChangePlan<EnableStep>;

/// What [`Rootctl::enable`] did.
pub type EnableReport = ChangeReport<EnableStep>;

impl Rootctl {
    /// Plans turning centralized root access on: reads the organization and lists only
    /// the steps not done yet, in AWS order. Changes nothing.
    ///
    /// Fails, before anything could change, with [`Error::NotAllFeatures`] when the
    /// organization is not in ALL features mode, [`Error::NotManagementAccount`] when the
    /// caller is not the management account (the Enable APIs accept no other),
    /// [`Error::InvalidInput`] when `delegated_admin` is the management account or not an
    /// ACTIVE member, and [`Error::TrustedAccessNotEnabled`] when trusted access is off and
    /// `manage_trusted_access` is false.
    pub async fn plan_enable(&self, options: &EnableOptions) -> Result<EnablePlan> {
        self.enable_plan(options)
            .instrument(tracing::info_span!("plan_enable"))
            .await
    }

    /// Turns centralized root access on: plans as [`plan_enable`](Self::plan_enable)
    /// does, runs the steps in order, stopping at the first failure, and reads the state
    /// back. Running it again is a no-op: every step reports
    /// [`Already`](StepOutcome::Already) and nothing is called that changes anything.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> rootctl::Result<()> {
    /// use rootctl::sim::SimulatedOrg;
    /// use rootctl::{EnableOptions, Rootctl};
    ///
    /// // An organization where trusted access and both features are still off.
    /// let rootctl = Rootctl::simulated(SimulatedOrg::example());
    /// let options = EnableOptions::default();
    /// println!("{}", rootctl.plan_enable(&options).await?);
    ///
    /// let report = rootctl.enable(&options).await?;
    /// println!("{report}");
    /// assert!(report.ok());
    /// assert!(report.features.root_credentials_management);
    /// assert!(rootctl.plan_enable(&options).await?.is_noop());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn enable(&self, options: &EnableOptions) -> Result<EnableReport> {
        async {
            let plan = self.enable_plan(options).await?;
            let steps = apply_in_order(plan.steps, plan.already_done, |step| {
                self.apply_enable_step(step)
            })
            .await;
            Ok(EnableReport {
                organization_id: plan.organization_id,
                steps,
                features: self.features().await?,
            })
        }
        .instrument(tracing::info_span!("enable"))
        .await
    }

    async fn enable_plan(&self, options: &EnableOptions) -> Result<EnablePlan> {
        let organization = self
            .with_retries("DescribeOrganization", || {
                self.organizations.describe_organization()
            })
            .await?;
        let management = organization.management_account_id;
        if organization.feature_set != FeatureSet::All {
            let message = format!(
                "organization {} is not in ALL features mode, which centralized root access \
                 needs; enable all features in AWS Organizations first",
                organization.id
            );
            return Err(precondition(
                ErrorKind::NotAllFeatures,
                Service::Organizations,
                "DescribeOrganization",
                message,
            ));
        }
        let caller = self.caller().await?;
        if caller.account_id != management {
            let rule = "Enable* calls are management-account only";
            return Err(not_management(&caller, management, rule));
        }
        if let Some(candidate) = options.delegated_admin {
            self.check_delegated_admin_candidate(candidate, management)
                .await?;
        }
        let features = self.features().await?;
        if !features.trusted_access && !options.manage_trusted_access {
            let message = format!(
                "trusted access for {IAM_SERVICE_PRINCIPAL} is off and manage_trusted_access \
                 is false: enable it in the tool that owns the organization (for Terraform, \
                 add \"{IAM_SERVICE_PRINCIPAL}\" to aws_service_access_principals of \
                 aws_organizations_organization), then enable again"
            );
            return Err(precondition(
                ErrorKind::TrustedAccessNotEnabled,
                Service::Organizations,
                "ListAWSServiceAccessForOrganization",
                message,
            ));
        }

        let mut wanted = vec![
            (EnableStep::EnableTrustedAccess, features.trusted_access),
            (
                EnableStep::EnableRootCredentialsManagement,
                features.root_credentials_management,
            ),
        ];
        if options.root_sessions {
            wanted.push((EnableStep::EnableRootSessions, features.root_sessions));
        }
        if let Some(account_id) = options.delegated_admin {
            let registered = self.iam_delegated_admins(features.trusted_access).await?;
            let done = registered.iter().any(|a| a.account_id == account_id);
            wanted.push((
                EnableStep::RegisterDelegatedAdministrator { account_id },
                done,
            ));
        }
        Ok(EnablePlan::from_wanted(organization.id, wanted))
    }

    /// AWS would refuse to register the management account or a stranger; say so first.
    async fn check_delegated_admin_candidate(
        &self,
        candidate: AccountId,
        management: AccountId,
    ) -> Result<()> {
        const WHAT: &str = "delegated administrator";
        if candidate == management {
            return Err(Error::invalid_input(
                WHAT,
                candidate.to_string(),
                "must be a member account, not the management account",
            ));
        }
        let accounts = self
            .with_retries("ListAccounts", || self.organizations.list_accounts())
            .await?;
        match accounts.iter().find(|a| a.id == candidate) {
            Some(account) if account.state == AccountState::Active => Ok(()),
            Some(account) => Err(Error::invalid_input(
                WHAT,
                candidate.to_string(),
                format!(
                    "must be an ACTIVE member account, but it is {}",
                    account.state
                ),
            )),
            None => Err(Error::invalid_input(
                WHAT,
                candidate.to_string(),
                "must be a member account of this organization",
            )),
        }
    }

    async fn apply_enable_step(&self, step: EnableStep) -> Result<StepOutcome> {
        let api = step.api();
        tracing::info!(step = %step, api, "applying");
        let result = match step {
            EnableStep::EnableTrustedAccess => {
                self.with_retries(api, || {
                    self.organizations
                        .enable_service_access(IAM_SERVICE_PRINCIPAL)
                })
                .await
            }
            EnableStep::EnableRootCredentialsManagement => {
                self.with_retries(api, || {
                    self.features
                        .enable_feature(OrgFeature::RootCredentialsManagement)
                })
                .await
            }
            EnableStep::EnableRootSessions => {
                self.with_retries(api, || {
                    self.features.enable_feature(OrgFeature::RootSessions)
                })
                .await
            }
            EnableStep::RegisterDelegatedAdministrator { account_id } => {
                let registered = self
                    .with_retries(api, || {
                        self.organizations
                            .register_delegated_administrator(&account_id, IAM_SERVICE_PRINCIPAL)
                    })
                    .await;
                // Registered since the plan was made (or by a retried attempt that did
                // take effect): the goal is reached all the same.
                if registered
                    .as_ref()
                    .is_err_and(|err| err.kind() == ErrorKind::AlreadyExists)
                {
                    return Ok(StepOutcome::Already);
                }
                registered
            }
        };
        result.map(|()| StepOutcome::Done)
    }
}
