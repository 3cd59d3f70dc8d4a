//! [`Rootctl::plan_disable`] and [`Rootctl::disable`]: turning centralized root access
//! off, in the reverse of the order it was turned on.

use std::fmt;

use serde::{Deserialize, Serialize};
use tracing::Instrument;

use super::not_management;
use super::steps::{ChangePlan, ChangeReport, StepOutcome, apply_in_order};
use crate::engine::Rootctl;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{AccountId, IAM_SERVICE_PRINCIPAL, OrgFeature};

/// One step of turning centralized root access off. The variants are declared (and
/// ordered) in the order the steps run: the reverse of [`EnableStep`](super::EnableStep).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum DisableStep {
    /// Turn the `RootSessions` feature off.
    DisableRootSessions,
    /// Turn the `RootCredentialsManagement` feature off.
    DisableRootCredentialsManagement,
    /// Remove an account's registration as IAM delegated administrator.
    DeregisterDelegatedAdministrator {
        /// The account to deregister.
        account_id: AccountId,
    },
    /// Turn trusted access for `iam.amazonaws.com` off.
    DisableTrustedAccess,
}

impl DisableStep {
    /// The AWS API the step calls, e.g. `DisableOrganizationsRootSessions`.
    pub const fn api(&self) -> &'static str {
        match self {
            DisableStep::DisableRootSessions => "DisableOrganizationsRootSessions",
            DisableStep::DisableRootCredentialsManagement => {
                "DisableOrganizationsRootCredentialsManagement"
            }
            DisableStep::DeregisterDelegatedAdministrator { .. } => {
                "DeregisterDelegatedAdministrator"
            }
            DisableStep::DisableTrustedAccess => "DisableAWSServiceAccess",
        }
    }
}

impl fmt::Display for DisableStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DisableStep::DisableRootSessions => f.write_str("disable RootSessions"),
            DisableStep::DisableRootCredentialsManagement => {
                f.write_str("disable RootCredentialsManagement")
            }
            DisableStep::DeregisterDelegatedAdministrator { account_id } => {
                write!(f, "deregister {account_id} as IAM delegated administrator")
            }
            DisableStep::DisableTrustedAccess => {
                write!(f, "disable trusted access for {IAM_SERVICE_PRINCIPAL}")
            }
        }
    }
}

/// What [`Rootctl::disable`] turns off. The default turns both features off and leaves
/// the delegated administrator and trusted access as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisableOptions {
    /// Turn off `RootSessions` only, keeping `RootCredentialsManagement`. Default false.
    pub root_sessions_only: bool,
    /// Also deregister the IAM delegated administrator. Management account only.
    /// Default false.
    pub deregister_delegated_admin: bool,
    /// Also turn trusted access for `iam.amazonaws.com` off; needs both features turned
    /// off with it (`root_sessions_only` false). Management account only. Default false.
    pub disable_trusted_access: bool,
}

/// What [`Rootctl::disable`] would do.
pub type DisablePlan = ChangePlan<DisableStep>;

/// What [`Rootctl::disable`] did.
pub type DisableReport = ChangeReport<DisableStep>;

impl Rootctl {
    /// Plans turning centralized root access off: reads the organization and lists only
    /// the steps not done yet. Changes nothing.
    ///
    /// The features may be turned off by the management account or the IAM delegated
    /// administrator (docs/aws-behaviour.md#org-features); deregistering and trusted access only by the
    /// management account. Any other caller gets [`Error::NotManagementAccount`] before
    /// anything could change.
    pub async fn plan_disable(&self, options: &DisableOptions) -> Result<DisablePlan> {
        self.disable_plan(options)
            .instrument(tracing::info_span!("plan_disable"))
            .await
    }

    /// Turns centralized root access off: plans as [`plan_disable`](Self::plan_disable)
    /// does, runs the steps in order, stopping at the first failure, and reads the state
    /// back. Running it again is a no-op.
    pub async fn disable(&self, options: &DisableOptions) -> Result<DisableReport> {
        async {
            let plan = self.disable_plan(options).await?;
            let steps = apply_in_order(plan.steps, plan.already_done, |step| {
                self.apply_disable_step(step)
            })
            .await;
            Ok(DisableReport {
                organization_id: plan.organization_id,
                steps,
                features: self.features().await?,
            })
        }
        .instrument(tracing::info_span!("disable"))
        .await
    }

    async fn disable_plan(&self, options: &DisableOptions) -> Result<DisablePlan> {
        if options.disable_trusted_access && options.root_sessions_only {
            // Trusted access underpins both features; dropping it under one left on would
            // leave that feature in a state AWS does not document.
            return Err(Error::invalid_input(
                "disable options",
                "root_sessions_only with disable_trusted_access",
                "disabling trusted access needs both features disabled (root_sessions_only false)",
            ));
        }
        let organization = self
            .with_retries("DescribeOrganization", || {
                self.organizations.describe_organization()
            })
            .await?;
        let management = organization.management_account_id;
        let caller = self.caller().await?;
        if caller.account_id != management {
            if options.deregister_delegated_admin || options.disable_trusted_access {
                let rule = "DeregisterDelegatedAdministrator and DisableAWSServiceAccess are \
                            management-account only";
                return Err(not_management(&caller, management, rule));
            }
            let admins = self
                .with_retries("ListDelegatedAdministrators", || {
                    self.organizations
                        .list_delegated_administrators(IAM_SERVICE_PRINCIPAL)
                })
                .await?;
            if !admins.iter().any(|a| a.account_id == caller.account_id) {
                let rule = "the feature Disable* calls accept only it or the IAM delegated \
                            administrator, which the caller is not either";
                return Err(not_management(&caller, management, rule));
            }
        }
        let features = self.features().await?;

        let mut wanted = vec![(DisableStep::DisableRootSessions, !features.root_sessions)];
        if !options.root_sessions_only {
            wanted.push((
                DisableStep::DisableRootCredentialsManagement,
                !features.root_credentials_management,
            ));
        }
        if options.deregister_delegated_admin {
            // Nothing registered means nothing to do and nothing to report: there is no
            // account to name in an already-done step.
            let admins = self.iam_delegated_admins(features.trusted_access).await?;
            wanted.extend(admins.into_iter().map(|admin| {
                let account_id = admin.account_id;
                (
                    DisableStep::DeregisterDelegatedAdministrator { account_id },
                    false,
                )
            }));
        }
        if options.disable_trusted_access {
            wanted.push((DisableStep::DisableTrustedAccess, !features.trusted_access));
        }
        Ok(DisablePlan::from_wanted(organization.id, wanted))
    }

    async fn apply_disable_step(&self, step: DisableStep) -> Result<StepOutcome> {
        let api = step.api();
        tracing::info!(step = %step, api, "applying");
        let result = match step {
            DisableStep::DisableRootSessions => {
                self.with_retries(api, || {
                    self.features.disable_feature(OrgFeature::RootSessions)
                })
                .await
            }
            DisableStep::DisableRootCredentialsManagement => {
                self.with_retries(api, || {
                    self.features
                        .disable_feature(OrgFeature::RootCredentialsManagement)
                })
                .await
            }
            DisableStep::DeregisterDelegatedAdministrator { account_id } => {
                let deregistered = self
                    .with_retries(api, || {
                        self.organizations
                            .deregister_delegated_administrator(&account_id, IAM_SERVICE_PRINCIPAL)
                    })
                    .await;
                // Deregistered since the plan was made: the goal is reached all the same.
                if deregistered
                    .as_ref()
                    .is_err_and(|err| err.kind() == ErrorKind::NotFound)
                {
                    return Ok(StepOutcome::Already);
                }
                deregistered
            }
            DisableStep::DisableTrustedAccess => {
                self.with_retries(api, || {
                    self.organizations
                        .disable_service_access(IAM_SERVICE_PRINCIPAL)
                })
                .await
            }
        };
        result.map(|()| StepOutcome::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{OrgFixture, SECURITY, WORKLOAD, aws_error, id};
    use super::*;

    #[tokio::test]
    async fn disable_reverses_enable() {
        let everything = DisableOptions {
            deregister_delegated_admin: true,
            disable_trusted_access: true,
            ..DisableOptions::default()
        };
        let fixture = OrgFixture {
            delegated_admins: vec![id(SECURITY)],
            ..OrgFixture::enabled()
        };
        let mut mocks = fixture.mocks();
        let log = mocks.record_mutations();
        let report = mocks.client().disable(&everything).await.unwrap();
        assert_eq!(
            log.calls(),
            [
                "Disable RootSessions",
                "Disable RootCredentialsManagement",
                "Deregister 222222222222",
                "DisableAWSServiceAccess iam.amazonaws.com",
            ]
        );
        assert!(report.ok());

        let plan = OrgFixture::fresh()
            .read_only()
            .client()
            .plan_disable(&everything)
            .await
            .unwrap();
        assert!(plan.is_noop(), "{plan}");
        assert_eq!(
            plan.already_done.len(),
            3,
            "nothing registered: no deregister step"
        );
    }

    #[tokio::test]
    async fn the_delegated_admin_may_disable_features_but_nothing_else() {
        let admin = OrgFixture {
            caller: id(SECURITY),
            delegated_admins: vec![id(SECURITY)],
            ..OrgFixture::enabled()
        };
        let plan = admin
            .read_only()
            .client()
            .plan_disable(&DisableOptions::default())
            .await
            .unwrap();
        assert_eq!(
            plan.steps,
            [
                DisableStep::DisableRootSessions,
                DisableStep::DisableRootCredentialsManagement
            ]
        );

        let management_only = [
            DisableOptions {
                deregister_delegated_admin: true,
                ..DisableOptions::default()
            },
            DisableOptions {
                disable_trusted_access: true,
                ..DisableOptions::default()
            },
        ];
        for options in management_only {
            let err = admin
                .read_only()
                .client()
                .disable(&options)
                .await
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotManagementAccount, "{options:?}");
        }
        let member = OrgFixture {
            caller: id(WORKLOAD),
            ..admin
        };
        let err = member
            .read_only()
            .client()
            .disable(&DisableOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotManagementAccount);

        let contradictory = DisableOptions {
            root_sessions_only: true,
            disable_trusted_access: true,
            ..DisableOptions::default()
        };
        let err = OrgFixture::enabled()
            .read_only()
            .client()
            .disable(&contradictory)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }

    #[tokio::test]
    async fn a_deregistration_already_gone_counts_as_already() {
        let fixture = OrgFixture {
            delegated_admins: vec![id(SECURITY)],
            ..OrgFixture::fresh()
        };
        let fixture = OrgFixture {
            trusted_access: true,
            ..fixture
        };
        let mut mocks = fixture.mocks();
        mocks
            .organizations
            .expect_deregister_delegated_administrator()
            .times(1)
            .returning(|_, _| {
                Err(aws_error(
                    ErrorKind::NotFound,
                    "DeregisterDelegatedAdministrator",
                ))
            });
        let options = DisableOptions {
            deregister_delegated_admin: true,
            ..DisableOptions::default()
        };
        let report = mocks.client().disable(&options).await.unwrap();
        let outcomes: Vec<_> = report.steps.iter().map(|s| s.outcome.as_str()).collect();
        assert_eq!(outcomes, ["already", "already", "already"]);
        assert!(
            report
                .to_string()
                .contains("now: trusted access on, RootCredentialsManagement off")
        );
    }
}
