//! What [`Rootctl::check_prerequisites`](crate::Rootctl::check_prerequisites) reports:
//! named checks, what it learned on the way, and the least-privilege policies.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{AccountId, CallerIdentity, OrgFeatures};
use crate::ops::ScpReport;
use crate::ops::least_privilege::Intent;

/// Options of [`Rootctl::check_prerequisites`](crate::Rootctl::check_prerequisites).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrerequisiteOptions {
    /// Prove the whole chain with one audit-only `sts:AssumeRoot` into one member account
    /// and one read with the session. Nothing changes, but the AssumeRoot is a CloudTrail
    /// event in the caller's account. Default false.
    pub probe: bool,
    /// The account to probe; it must be an ACTIVE member, and needs `probe`. Default:
    /// the ACTIVE member account with the lowest id.
    pub probe_account: Option<AccountId>,
    /// Also predict, for every ACTIVE member account, whether its service (and resource)
    /// control policies block root sessions ([`Rootctl::check_scps`] for all five
    /// tasks): the `scps` check, and the per-account verdicts in
    /// [`PrerequisiteReport::scps`]. Read only, no session. Default false.
    ///
    /// [`Rootctl::check_scps`]: crate::Rootctl::check_scps
    #[serde(default)]
    pub scps: bool,
}

/// The verdict of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// The prerequisite holds.
    Pass,
    /// The prerequisite does not hold; the check's remediation says what to do.
    Fail,
    /// Not a blocker, but something is unavailable; see the remediation.
    Warn,
    /// Not checked, because it was not asked for or an earlier check it depends on failed.
    Skip,
}

impl CheckStatus {
    /// The lowercase name, e.g. `pass`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::Warn => "warn",
            CheckStatus::Skip => "skip",
        }
    }
}

impl fmt::Display for CheckStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One named check.
///
/// The names, in the order they run: `organization`, `all_features`, `caller`,
/// `trusted_access`, `root_credentials_management`, `root_sessions`, `delegated_admin`,
/// `regional_sts`, `account_regions`, `probe`, `scps`. They are stable: match on them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The check's stable snake_case id, e.g. `trusted_access`.
    pub name: String,
    /// The verdict.
    pub status: CheckStatus,
    /// What was found, for a human.
    pub detail: String,
    /// One sentence saying exactly what to do; present when the status is `Fail` or `Warn`.
    pub remediation: Option<String>,
}

impl Check {
    pub(super) fn pass(name: &str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckStatus::Pass, detail, None)
    }

    pub(super) fn fail(
        name: &str,
        detail: impl Into<String>,
        remediation: impl Into<String>,
    ) -> Self {
        Self::new(name, CheckStatus::Fail, detail, Some(remediation.into()))
    }

    pub(super) fn warn(
        name: &str,
        detail: impl Into<String>,
        remediation: impl Into<String>,
    ) -> Self {
        Self::new(name, CheckStatus::Warn, detail, Some(remediation.into()))
    }

    pub(super) fn skip(name: &str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckStatus::Skip, detail, None)
    }

    fn new(
        name: &str,
        status: CheckStatus,
        detail: impl Into<String>,
        remediation: Option<String>,
    ) -> Self {
        Self {
            name: name.to_owned(),
            status,
            detail: detail.into(),
            remediation,
        }
    }
}

/// Which account the caller is in, as far as centralized root access cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallerRole {
    /// The organization's management account: may do everything.
    ManagementAccount,
    /// The IAM delegated administrator: may audit, remove and disable, not enable.
    DelegatedAdministrator,
    /// Any other account: may do nothing here.
    Other,
}

impl fmt::Display for CallerRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallerRole::ManagementAccount => "management account",
            CallerRole::DelegatedAdministrator => "IAM delegated administrator",
            CallerRole::Other => "neither management account nor IAM delegated administrator",
        })
    }
}

/// The result of [`Rootctl::check_prerequisites`](crate::Rootctl::check_prerequisites).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PrerequisiteReport {
    /// Every check, in the order they ran.
    pub checks: Vec<Check>,
    /// Who is calling, if `GetCallerIdentity` answered.
    pub caller: Option<CallerIdentity>,
    /// The caller's role, if the organization and caller could be read.
    pub caller_role: Option<CallerRole>,
    /// The organization id, `o-...`, if `DescribeOrganization` answered.
    pub organization_id: Option<String>,
    /// Trusted access and both features, if they could be read.
    pub features: Option<OrgFeatures>,
    /// The least-privilege IAM policy document for each intent: attach the one for what
    /// you mean to do to the role that runs rootctl.
    pub policies: BTreeMap<Intent, serde_json::Value>,
    /// With [`scps`](PrerequisiteOptions::scps): each member account's SCP verdicts.
    #[serde(default)]
    pub scps: Option<ScpReport>,
}

impl PrerequisiteReport {
    /// True when no check failed (warnings and skips allowed).
    pub fn ok(&self) -> bool {
        !self.checks.iter().any(|c| c.status == CheckStatus::Fail)
    }

    /// The check named `name`, e.g. `trusted_access`.
    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }

    fn count(&self, status: CheckStatus) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }
}

impl fmt::Display for PrerequisiteReport {
    /// A table of checks, each failure or warning followed by its remediation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (failed, warned) = (self.count(CheckStatus::Fail), self.count(CheckStatus::Warn));
        let verdict = if self.ok() { "ok" } else { "FAILED" };
        let plural = if warned == 1 { "" } else { "s" };
        write!(
            f,
            "prerequisites: {verdict} ({failed} failed, {warned} warning{plural})"
        )?;
        if let (Some(caller), Some(role)) = (&self.caller, self.caller_role) {
            write!(f, "; caller {} ({role})", caller.arn)?;
        }
        writeln!(f)?;
        let width = self.checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
        for check in &self.checks {
            let status = check.status.as_str().to_uppercase();
            writeln!(f, "  {status:<4}  {:<width$}  {}", check.name, check.detail)?;
            if let Some(remediation) = &check.remediation {
                writeln!(f, "        {:<width$}  fix: {remediation}", "")?;
            }
        }
        Ok(())
    }
}
