//! [`Rootctl::check_prerequisites`]: everything centralized root access depends on, checked
//! one by one, read only, each failure with the sentence that fixes it.
//!
//! A check whose AWS call fails is reported failed with the error, and the checks that
//! depend on what it would have learned are skipped; the operation itself only fails on
//! invalid input, so a broken setup still gets a full report.

#[cfg(test)]
mod every_problem;
mod organization;
mod probe;
mod report;
mod setup;
#[cfg(test)]
mod tests;

pub use report::{CallerRole, Check, CheckStatus, PrerequisiteOptions, PrerequisiteReport};

use tracing::Instrument;

use crate::engine::Rootctl;
use crate::error::{Error, ErrorKind, Result};
use crate::model::RootTask;
use crate::model::{
    CallerIdentity, DelegatedAdministrator, OrgFeature, OrgFeatures, Organization, Partition,
};
use crate::ops::least_privilege::least_privilege_policies_in;
use crate::ops::{ScpReport, Selection};
use crate::scp::Verdict;

const ORGANIZATION: &str = "organization";
const ALL_FEATURES: &str = "all_features";
const CALLER: &str = "caller";
const TRUSTED_ACCESS: &str = "trusted_access";
const ROOT_CREDENTIALS_MANAGEMENT: &str = "root_credentials_management";
const ROOT_SESSIONS: &str = "root_sessions";
const DELEGATED_ADMIN: &str = "delegated_admin";
const REGIONAL_STS: &str = "regional_sts";
const ACCOUNT_REGIONS: &str = "account_regions";
const PROBE: &str = "probe";
const SCPS: &str = "scps";

const ENABLE_HINT: &str = "run `rootctl enable` from the management account";

/// What the checks have learned so far; later checks depend on it.
#[derive(Default)]
struct Findings {
    organization: Option<Organization>,
    caller: Option<CallerIdentity>,
    role: Option<CallerRole>,
    /// The IAM delegated administrators, once listed.
    delegated_admins: Option<Vec<DelegatedAdministrator>>,
    trusted_access: Option<bool>,
    enabled_features: Option<Vec<OrgFeature>>,
    /// The partition of the client's region: the one the generated policies name.
    partition: Partition,
}

impl Findings {
    /// Why the organization's settings cannot be read, naming the failed check the reads
    /// depend on; `None` when they can be attempted.
    ///
    /// Every check whose inputs can be read is evaluated, so one run shows every problem:
    /// a caller that is a root user (a `caller` failure) still has its organization's
    /// settings read, and a caller whose identity could not be read still tries them when
    /// the organization itself could be described. Only a caller known to sit outside the
    /// management and delegated administrator accounts, or an unknown organization, makes
    /// the reads pointless.
    fn settings_unreadable(&self) -> Option<&'static str> {
        match self.role {
            Some(CallerRole::ManagementAccount | CallerRole::DelegatedAdministrator) => None,
            Some(CallerRole::Other) => Some(
                "skipped: depends on `caller`, which failed (only the management account and \
                 the IAM delegated administrator may read these settings)",
            ),
            None if self.organization.is_some() => None,
            None => Some("skipped: depends on `organization`, which failed"),
        }
    }

    fn into_report(self, checks: Vec<Check>, scps: Option<ScpReport>) -> PrerequisiteReport {
        let features = match (self.trusted_access, &self.enabled_features) {
            (Some(trusted_access), Some(enabled)) => Some(OrgFeatures {
                trusted_access,
                root_credentials_management: enabled
                    .contains(&OrgFeature::RootCredentialsManagement),
                root_sessions: enabled.contains(&OrgFeature::RootSessions),
            }),
            _ => None,
        };
        PrerequisiteReport {
            checks,
            caller: self.caller,
            caller_role: self.role,
            organization_id: self.organization.map(|o| o.id),
            features,
            policies: least_privilege_policies_in(self.partition),
            scps,
        }
    }
}

impl Rootctl {
    /// Checks every prerequisite of centralized root access, in order: the organization
    /// exists and is in ALL features mode, the caller is its management account or IAM
    /// delegated administrator, trusted access for `iam.amazonaws.com` and both features
    /// are on, the delegated administrator (for information), a regional STS endpoint,
    /// and, with [`probe`](PrerequisiteOptions::probe), one audit-only AssumeRoot and read.
    ///
    /// Never changes anything. Fails only with [`Error::InvalidInput`] (a
    /// `probe_account` without `probe`, or one that is not an ACTIVE member account);
    /// AWS failures are reported in the checks.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> rootctl::Result<()> {
    /// use rootctl::least_privilege::Intent;
    /// use rootctl::sim::SimulatedOrg;
    /// use rootctl::{CheckStatus, PrerequisiteOptions, Rootctl};
    ///
    /// // An organization where centralized root access is not set up yet.
    /// let rootctl = Rootctl::simulated(SimulatedOrg::example());
    /// let report = rootctl.check_prerequisites(PrerequisiteOptions::default()).await?;
    /// println!("{report}");
    /// assert!(!report.ok());
    /// let trusted_access = report.check("trusted_access").expect("always checked");
    /// assert_eq!(trusted_access.status, CheckStatus::Fail);
    ///
    /// // The IAM policy to attach to the role that will run audits:
    /// println!("{:#}", report.policies[&Intent::Audit]);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn check_prerequisites(
        &self,
        options: PrerequisiteOptions,
    ) -> Result<PrerequisiteReport> {
        let span = tracing::info_span!("check_prerequisites", probe = options.probe);
        async {
            if let (Some(account), false) = (options.probe_account, options.probe) {
                return Err(Error::invalid_input(
                    "probe_account",
                    account.to_string(),
                    "needs probe set to true",
                ));
            }
            let mut found = Findings {
                partition: self.partition(),
                ..Findings::default()
            };
            let mut checks = vec![self.check_organization(&mut found).await];
            checks.push(organization::check_all_features(&found));
            checks.push(self.check_caller(&mut found).await);
            checks.push(self.check_trusted_access(&mut found).await);
            checks.push(self.check_root_credentials_management(&mut found).await);
            checks.push(setup::check_root_sessions(&found));
            checks.push(self.check_delegated_admin(&mut found).await);
            checks.push(self.check_regional_sts());
            checks.push(self.check_account_regions(&found).await);
            // One AssumeRoot is a CloudTrail event SOCs may alert on: only when asked, and
            // only when it can prove something.
            let failed = checks.iter().any(|c| c.status == CheckStatus::Fail);
            let probe = match &found.organization {
                _ if !options.probe => Check::skip(
                    PROBE,
                    "not requested (set probe to try one audit-only AssumeRoot)",
                ),
                Some(organization) if !failed => {
                    let management = organization.management_account_id;
                    self.probe(options.probe_account, management).await?
                }
                _ => Check::skip(PROBE, "not attempted because a prerequisite failed"),
            };
            checks.push(probe);
            let (check, scps) = if !options.scps {
                (
                    Check::skip(SCPS, "not requested (set scps to predict SCP blocks)"),
                    None,
                )
            } else if let Some(why) = found.settings_unreadable() {
                (Check::skip(SCPS, why), None)
            } else {
                self.check_member_scps().await
            };
            checks.push(check);

            let report = found.into_report(checks, scps);
            tracing::info!(ok = report.ok(), "prerequisites checked");
            Ok(report)
        }
        .instrument(span)
        .await
    }

    /// The `scps` check: every ACTIVE member, all five tasks.
    async fn check_member_scps(&self) -> (Check, Option<ScpReport>) {
        let report = match self.check_scps(&Selection::all(), &RootTask::ALL).await {
            Ok(report) => report,
            Err(err) if err.kind() == ErrorKind::InvalidInput => {
                return (
                    Check::skip(SCPS, format!("no member account to check: {err}")),
                    None,
                );
            }
            Err(err) => return (failed_call(SCPS, &err), None),
        };
        let count = |verdict: Verdict| {
            report
                .accounts
                .iter()
                .filter(|a| a.verdicts.values().any(|v| *v == verdict))
                .count()
        };
        let (blocked, unknown) = (count(Verdict::Blocked), count(Verdict::Unknown));
        let checked = report.accounts.len();
        let check = if blocked > 0 {
            Check::fail(
                SCPS,
                format!(
                    "policies block root sessions in {blocked} of {checked} member accounts \
                     ({unknown} undecided)"
                ),
                "Exempt root sessions from the denying statements (add \
                 \"Null\": {\"aws:AssumedRoot\": \"true\"} to their Condition; each finding's \
                 fix is the statement rewritten) or allow the tasks' actions where an \
                 allow-list lacks them.",
            )
        } else if unknown > 0 {
            Check::warn(
                SCPS,
                format!(
                    "no policy surely blocks root sessions in the {checked} member accounts, \
                     but {unknown} depend on conditions decided only at call time"
                ),
                "Read the findings of the undecided accounts: their conditions (source IP, \
                 MFA, region, tags) may deny root sessions when the call is made.",
            )
        } else {
            Check::pass(
                SCPS,
                format!("no policy blocks root sessions in the {checked} member accounts"),
            )
        };
        (check, Some(report))
    }
}

/// A check failed because its AWS call did, with what to do about the error.
fn failed_call(name: &str, err: &Error) -> Check {
    Check::fail(name, err.to_string(), remediation(err))
}

/// What to do about a failed read.
fn remediation(err: &Error) -> String {
    match (err.kind(), err.context()) {
        (ErrorKind::AccessDenied, Some(context)) => format!(
            "Grant the caller {}:{} (this report's policies hold the least-privilege policy \
             for each intent).",
            context.service, context.operation
        ),
        (ErrorKind::NotManagementAccount, _) => {
            "Run rootctl with credentials from the management account or the IAM delegated \
             administrator account."
                .to_owned()
        }
        (ErrorKind::SessionExpired, _) => {
            "Refresh the caller's credentials and run the check again.".to_owned()
        }
        (kind, _) if kind.is_retryable() => {
            "The failure persisted through retries; run the check again later.".to_owned()
        }
        _ => "Resolve the AWS error above and run the check again.".to_owned(),
    }
}
