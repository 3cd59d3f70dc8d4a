//! Findings for Security Hub and SIEMs: one [`Finding`] per audited account and
//! credential kind (and per account and SCP pre-flight task), in a neutral model that
//! [`AuditReport::to_asff`] and [`AuditReport::to_ocsf`] (and the same on
//! [`EnforcementReport`]) write as ASFF and OCSF.
//!
//! Every choice here (ids, severities, statuses, the text) is documented, with the AWS or
//! OCSF source it follows, in docs/findings.md#model.
//!
//! ```
//! use rootctl::{FindingStatus, Rootctl, Selection, SimulatedOrg};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let rc = Rootctl::simulated(SimulatedOrg::builder().members(4).seed(2).build());
//! let audit = rc.audit(&Selection::all(), None).await?;
//! // Four findings per audited account, one per credential kind, passes included.
//! let findings = audit.findings();
//! assert_eq!(findings.len(), 4 * audit.accounts.len());
//! let failed = findings.iter().filter(|f| f.status == FindingStatus::Failed).count();
//! // ASFF for Security Hub, in the region the report records (the simulator's us-east-1).
//! let asff = audit.to_asff(None)?;
//! assert_eq!(asff[0]["SchemaVersion"], "2018-10-08");
//! let failed_asff = asff.iter().filter(|f| f["Compliance"]["Status"] == "FAILED");
//! assert_eq!(failed_asff.count(), failed);
//! // OCSF for a SIEM: the same findings under the same ids.
//! let ocsf = audit.to_ocsf();
//! assert_eq!(ocsf[0]["finding_info"]["uid"], asff[0]["Id"]);
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use super::controls::{CONTROLS, Control, ControlTest};
use crate::error::Result;
use crate::model::{AccountId, CredentialKind, RootTask, Timestamp};
use crate::ops::{AuditReport, EnforcementReport};

mod asff;
mod audit;
mod enforce;
mod ocsf;
#[cfg(test)]
mod tests;
mod text;

pub use asff::{ASFF_SCHEMA_VERSION, AsffLimits};
pub use ocsf::OCSF_VERSION;

/// How bad a finding is, with the labels ASFF's `Severity.Label` uses and the order of
/// OCSF's `severity_id` (docs/findings.md#severity).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    /// Nothing to do: a pass, or a credential kept under an exception.
    Informational,
    /// An MFA device alone (it cannot sign in by itself), or a guardrail that may block.
    Low,
    /// A guardrail that blocks rootctl, or an account that could not be checked.
    Medium,
    /// A root password or signing certificate.
    High,
    /// A root access key.
    Critical,
}

impl Severity {
    /// ASFF's label, e.g. `CRITICAL`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Informational => "INFORMATIONAL",
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }

    /// OCSF's `severity_id` (1 Informational to 5 Critical).
    pub const fn ocsf_id(self) -> u8 {
        self as u8 + 1
    }

    /// OCSF's caption of [`Severity::ocsf_id`], e.g. `Critical`.
    pub const fn caption(self) -> &'static str {
        match self {
            Severity::Informational => "Informational",
            Severity::Low => "Low",
            Severity::Medium => "Medium",
            Severity::High => "High",
            Severity::Critical => "Critical",
        }
    }

    /// A kind's severity when the root user holds it (docs/findings.md#severity).
    pub const fn of_kind(kind: CredentialKind) -> Severity {
        match kind {
            CredentialKind::AccessKey => Severity::Critical,
            CredentialKind::Password | CredentialKind::SigningCertificate => Severity::High,
            CredentialKind::MfaDevice => Severity::Low,
        }
    }
}

/// A finding's verdict: ASFF's `Compliance.Status`, OCSF's `compliance.status_id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingStatus {
    /// The root user holds none of the kind (or keeps it under an exception or a policy
    /// that allows it); the task is allowed.
    Passed,
    /// Undecided: the SCP pre-flight could not decide whether the task is allowed, or
    /// `GetAccountSummary` counts a credential of the kind the lists did not return.
    Warning,
    /// The root user holds the kind; the task is blocked.
    Failed,
    /// The account could not be checked. Never a pass.
    NotAvailable,
}

impl FindingStatus {
    /// ASFF's `Compliance.Status`, e.g. `NOT_AVAILABLE`.
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Passed => "PASSED",
            FindingStatus::Warning => "WARNING",
            FindingStatus::Failed => "FAILED",
            FindingStatus::NotAvailable => "NOT_AVAILABLE",
        }
    }

    /// OCSF's compliance `status_id`: 1 Pass, 2 Warning, 3 Fail, 0 Unknown.
    pub const fn ocsf_id(self) -> u8 {
        match self {
            FindingStatus::Passed => 1,
            FindingStatus::Warning => 2,
            FindingStatus::Failed => 3,
            FindingStatus::NotAvailable => 0,
        }
    }

    /// OCSF's caption of [`FindingStatus::ocsf_id`], e.g. `Unknown`.
    pub const fn caption(self) -> &'static str {
        match self {
            FindingStatus::Passed => "Pass",
            FindingStatus::Warning => "Warning",
            FindingStatus::Failed => "Fail",
            FindingStatus::NotAvailable => "Unknown",
        }
    }
}

/// What a finding is about in its account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingSubject {
    /// The root user's credentials of one kind.
    Credentials(CredentialKind),
    /// Whether the SCPs let a root session do one task.
    ScpTask(RootTask),
}

impl FindingSubject {
    /// The id's last two parts, e.g. `root-credentials/access_key` or `scp/delete`.
    pub fn path(self) -> String {
        match self {
            FindingSubject::Credentials(kind) => format!("root-credentials/{kind}"),
            FindingSubject::ScpTask(task) => format!("scp/{task}"),
        }
    }

    /// The controls the subject bears on: those whose kinds contain the credential kind;
    /// for a task, centralized root access management (CIS 2.1.1), which it serves.
    pub fn controls(self) -> Vec<&'static Control> {
        CONTROLS
            .iter()
            .filter(|c| match self {
                FindingSubject::Credentials(kind) => c.kinds.contains(&kind),
                FindingSubject::ScpTask(_) => c.test == ControlTest::CentralizedRootAccess,
            })
            .collect()
    }
}

/// Which report a finding came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingSource {
    /// An [`AuditReport`].
    Audit,
    /// An [`EnforcementReport`].
    Enforcement,
}

impl FindingSource {
    /// `audit` or `enforcement`.
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingSource::Audit => "audit",
            FindingSource::Enforcement => "enforcement",
        }
    }
}

/// One finding: one account and one credential kind (or SCP pre-flight task), with what
/// ASFF and OCSF need to say about it. Credential ids only, never a secret.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The stable id: `rootctl/<organization>/<account>/root-credentials/<kind>` or
    /// `.../scp/<task>`. Audit and enforcement share it: the latest import wins.
    pub id: String,
    /// The report it came from.
    pub source: FindingSource,
    /// The organization id.
    pub organization_id: String,
    /// The account the finding is about: its resource.
    pub account_id: AccountId,
    /// The account name.
    pub account_name: String,
    /// Names from the root to the account's OU.
    pub ou_path: String,
    /// What it is about.
    pub subject: FindingSubject,
    /// The verdict.
    pub status: FindingStatus,
    /// How bad it is.
    pub severity: Severity,
    /// One line.
    pub title: String,
    /// What was observed, in a few sentences.
    pub description: String,
    /// What to do (what to run).
    pub remediation: String,
    /// The AWS documentation behind the remediation.
    pub remediation_url: &'static str,
    /// The ids of the credentials concerned (access key ids, certificate ids, MFA
    /// serials; `password` for the password, which has no id).
    pub credential_ids: Vec<String>,
    /// The published controls it bears on.
    pub controls: Vec<&'static Control>,
    /// When the report's run started.
    pub created_at: Timestamp,
    /// When the report's run finished.
    pub updated_at: Timestamp,
    /// The oldest creation date among the credentials concerned, when known.
    pub first_observed_at: Option<Timestamp>,
    /// Anything else worth a field: the exception, what was removed, the error, the
    /// blocking policy and its fix (names in `PascalCase`).
    pub details: BTreeMap<&'static str, String>,
}

impl Finding {
    /// A finding with the fields every finding has; the text and details are set after.
    fn new(
        source: FindingSource,
        organization_id: &str,
        account: (&AccountId, &str, &str),
        subject: FindingSubject,
        status: FindingStatus,
        times: (Timestamp, Timestamp),
    ) -> Self {
        let (account_id, name, ou_path) = account;
        let severity = match (status, subject) {
            (FindingStatus::Passed, _) => Severity::Informational,
            (FindingStatus::Warning, FindingSubject::Credentials(_)) => Severity::Medium,
            (FindingStatus::Warning, FindingSubject::ScpTask(_)) => Severity::Low,
            (FindingStatus::NotAvailable, _) => Severity::Medium,
            (FindingStatus::Failed, FindingSubject::Credentials(kind)) => Severity::of_kind(kind),
            (FindingStatus::Failed, FindingSubject::ScpTask(_)) => Severity::Medium,
        };
        Self {
            id: format!("rootctl/{organization_id}/{account_id}/{}", subject.path()),
            source,
            organization_id: organization_id.to_owned(),
            account_id: *account_id,
            account_name: name.to_owned(),
            ou_path: ou_path.to_owned(),
            subject,
            status,
            severity,
            title: String::new(),
            description: String::new(),
            remediation: String::new(),
            remediation_url: text::ROOT_TASK_DOC,
            credential_ids: Vec::new(),
            controls: subject.controls(),
            created_at: times.0,
            updated_at: times.1,
            first_observed_at: None,
            details: BTreeMap::new(),
        }
    }
}

/// What the ASFF and OCSF writers need besides the findings.
pub(crate) struct Origin<'a> {
    /// The account that ran the report (and imports the findings).
    caller_account: &'a AccountId,
    /// Where the findings go, when known.
    region: Option<&'a str>,
}

impl AuditReport {
    /// The audit as findings: per targeted account, one per credential kind (clean kinds
    /// too, as passes, so a re-import closes an earlier failure) and, with the SCP
    /// pre-flight, one per task checked. Skipped accounts have none
    /// (docs/findings.md#model).
    pub fn findings(&self) -> Vec<Finding> {
        audit::findings(self)
    }

    /// [`AuditReport::findings`] in the AWS Security Finding Format, for Security Hub's
    /// `BatchImportFindings`, in `region` (else the report's own).
    ///
    /// Errors with [`Error::InvalidInput`](crate::Error::InvalidInput) when neither gives
    /// a region (or it is outside the partitions ASFF names), and when the report lists an
    /// account twice ([`AuditReport::check`]), before anything is written.
    pub fn to_asff(&self, region: Option<&str>) -> Result<Vec<serde_json::Value>> {
        // One id per account and kind: a report listing an account twice is refused.
        self.check()?;
        to_asff(
            &self.findings(),
            &self.caller.account_id,
            region,
            self.region.as_deref(),
        )
    }

    /// [`AuditReport::findings`] as OCSF 1.5.0 Compliance Findings (class 2003).
    pub fn to_ocsf(&self) -> Vec<serde_json::Value> {
        to_ocsf(
            &self.findings(),
            &self.caller.account_id,
            self.region.as_deref(),
        )
    }
}

impl EnforcementReport {
    /// The enforcement as findings: per targeted account and credential kind, from the
    /// run's outcome (removed and absent kinds pass; a kind still held fails at its
    /// severity, with the exception or the policy that keeps it as its context; a failed
    /// account is not available). Skipped accounts have none
    /// (docs/findings.md#enforcement).
    pub fn findings(&self) -> Vec<Finding> {
        enforce::findings(self)
    }

    /// [`EnforcementReport::findings`] in ASFF, as [`AuditReport::to_asff`].
    pub fn to_asff(&self, region: Option<&str>) -> Result<Vec<serde_json::Value>> {
        to_asff(
            &self.findings(),
            &self.caller.account_id,
            region,
            self.region.as_deref(),
        )
    }

    /// [`EnforcementReport::findings`] as OCSF, as [`AuditReport::to_ocsf`].
    pub fn to_ocsf(&self) -> Vec<serde_json::Value> {
        to_ocsf(
            &self.findings(),
            &self.caller.account_id,
            self.region.as_deref(),
        )
    }
}

/// `findings` in ASFF, imported by `caller` in `region` (else the report's `recorded`).
fn to_asff(
    findings: &[Finding],
    caller: &AccountId,
    region: Option<&str>,
    recorded: Option<&str>,
) -> Result<Vec<serde_json::Value>> {
    let region = asff::region(region, recorded)?;
    let origin = Origin {
        caller_account: caller,
        region: Some(region),
    };
    Ok(asff::findings(findings, &origin))
}

/// `findings` in OCSF, from `caller`'s run in `region` when it recorded one.
fn to_ocsf(
    findings: &[Finding],
    caller: &AccountId,
    region: Option<&str>,
) -> Vec<serde_json::Value> {
    let origin = Origin {
        caller_account: caller,
        region,
    };
    ocsf::findings(findings, &origin)
}
