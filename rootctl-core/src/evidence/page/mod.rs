//! The evidence page: one self-contained HTML file (no network at view time: styles,
//! script and charts are inline) drawn from an audit and, optionally, the organization's
//! features, an SCP pre-flight, an enforcement run and an unlock run.
//!
//! The page shows the organization as a tree of OUs and accounts coloured by status,
//! totals by credential kind and by OU as inline SVG charts, the control mapping of
//! [`controls`](super::controls), exceptions, SCP blocks with their fix, unlocked
//! resources, and the run's metadata. It is drawn by the `minijinja` template engine
//! from a view computed here, so the template only lays out numbers this module counted.
//!
//! ```
//! # async fn demo() -> rootctl::Result<()> {
//! use rootctl::{Rootctl, Selection, SimulatedOrg};
//! use rootctl::evidence::Evidence;
//!
//! let rootctl = Rootctl::simulated(SimulatedOrg::builder().members(5).build());
//! let audit = rootctl.audit(&Selection::all(), None).await?;
//! let html = Evidence::new(audit).with_features(rootctl.features().await?).to_html()?;
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! # Ok(()) }
//! # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
//! ```

mod view;

use crate::Rootctl;
use crate::engine::progress::ProgressFn;
use crate::error::{Error, Result};
use crate::model::OrgFeatures;
use crate::ops::unlock::UnlockReport;
use crate::ops::{AuditReport, EnforcementReport, ScpReport, Selection};

/// The template, compiled into the crate (auto-escaped as HTML by its name).
const TEMPLATE: &str = include_str!("report.html");
const TEMPLATE_NAME: &str = "report.html";

/// What the evidence page is drawn from: an audit, and what else is known about the same
/// organization. Every report must be of the audit's organization.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Evidence {
    /// The audit: every account's root credentials, or why it was not audited.
    pub audit: AuditReport,
    /// Trusted access and the two features, when read (they decide CIS 2.1.1 with the
    /// credentials).
    pub features: Option<OrgFeatures>,
    /// An SCP pre-flight, for its blocked tasks and their fixes. Without it, the page
    /// shows the verdicts the audit carries when it ran with the pre-flight on.
    pub scps: Option<ScpReport>,
    /// An enforcement run: its exceptions, which accounts are excepted, and its policy
    /// digest.
    pub enforcement: Option<EnforcementReport>,
    /// An unlock run: the bucket and queue policies it deleted and their backups.
    pub unlock: Option<UnlockReport>,
    /// The SHA-256 (hex) of the file the audit was read from, which the page shows so an
    /// auditor can match it to that file; without it, the page shows the digest of the
    /// audit's compact JSON (`serde_json::to_vec`, Python `to_json(indent=None)`).
    pub audit_sha256: Option<String>,
}

impl Evidence {
    /// Evidence from an audit alone.
    pub fn new(audit: AuditReport) -> Self {
        Self {
            audit,
            features: None,
            scps: None,
            enforcement: None,
            unlock: None,
            audit_sha256: None,
        }
    }

    /// Adds the organization's features.
    pub fn with_features(mut self, features: OrgFeatures) -> Self {
        self.features = Some(features);
        self
    }

    /// Adds an SCP pre-flight.
    pub fn with_scps(mut self, scps: ScpReport) -> Self {
        self.scps = Some(scps);
        self
    }

    /// Adds an enforcement run.
    pub fn with_enforcement(mut self, enforcement: EnforcementReport) -> Self {
        self.enforcement = Some(enforcement);
        self
    }

    /// Names the SHA-256 (hex) of the file the audit was read from.
    pub fn with_audit_sha256(mut self, sha256: impl Into<String>) -> Self {
        self.audit_sha256 = Some(sha256.into());
        self
    }

    /// Adds an unlock run.
    pub fn with_unlock(mut self, unlock: UnlockReport) -> Self {
        self.unlock = Some(unlock);
        self
    }

    /// Checks that every report is of the audit's organization (a page must never mix
    /// two organizations' evidence), and that the audit lists each account once.
    pub fn check(&self) -> Result<()> {
        self.audit.check()?;
        let expected = &self.audit.organization_id;
        let others = [
            (
                "scp pre-flight",
                self.scps.as_ref().map(|r| &r.organization_id),
            ),
            (
                "enforcement report",
                self.enforcement.as_ref().map(|r| &r.organization_id),
            ),
            (
                "unlock report",
                self.unlock.as_ref().map(|r| &r.organization_id),
            ),
        ];
        for (what, organization) in others {
            if let Some(organization) = organization.filter(|o| *o != expected) {
                return Err(Error::invalid_input(
                    what,
                    organization,
                    format!("is of another organization than the audit ({expected})"),
                ));
            }
        }
        Ok(())
    }

    /// The page, as one HTML document. Errors when a report is of another organization
    /// ([`Evidence::check`]).
    pub fn to_html(&self) -> Result<String> {
        self.check()?;
        let view = view::PageView::new(self);
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // The page's size grows with the organization: no template indentation in it.
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.add_template(TEMPLATE_NAME, TEMPLATE)
            .map_err(|e| template_error(&e))?;
        let template = env
            .get_template(TEMPLATE_NAME)
            .map_err(|e| template_error(&e))?;
        template
            .render(minijinja::context! { page => view })
            .map_err(|e| template_error(&e))
    }
}

/// A template that does not render is a bug of rootctl's, reported with its cause.
fn template_error(error: &minijinja::Error) -> Error {
    Error::config(format!(
        "the evidence page's template failed (a bug of rootctl): {error:#}"
    ))
}

impl Rootctl {
    /// The evidence of a live run for the page: audits the accounts `selection` targets and
    /// reads the organization's features. Add saved or live SCP, enforcement and unlock
    /// reports with the [`Evidence`] builders, then [`Evidence::to_html`].
    pub async fn evidence(
        &self,
        selection: &Selection,
        progress: Option<ProgressFn>,
    ) -> Result<Evidence> {
        let audit = self.audit_for_evidence(selection, &[], progress).await?;
        let features = self.features().await?;
        Ok(Evidence::new(audit).with_features(features))
    }

    /// [`Rootctl::audit`] for a page that adds reports made before: `beside` are their
    /// organization ids, and one of another organization is refused once the selection
    /// has read the organization, before any root session (an audit of 10,000 accounts
    /// is not spent on a page that cannot be drawn).
    pub async fn audit_for_evidence(
        &self,
        selection: &Selection,
        beside: &[&str],
        progress: Option<ProgressFn>,
    ) -> Result<AuditReport> {
        let selected = self.select_accounts(selection).await?;
        if let Some(other) = beside.iter().find(|o| **o != selected.organization_id) {
            return Err(Error::invalid_input(
                "report",
                *other,
                format!(
                    "is of another organization than this client's ({})",
                    selected.organization_id
                ),
            ));
        }
        self.audit_selected(selected, progress).await
    }
}

#[cfg(test)]
mod tests;
