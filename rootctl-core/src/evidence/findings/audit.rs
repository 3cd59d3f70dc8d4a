//! The findings of an [`AuditReport`]: per account, one per credential kind and one per
//! SCP pre-flight task (docs/findings.md#model).

use super::text::{self, clip};
use super::{Finding, FindingSource, FindingStatus, FindingSubject};
use crate::model::{CredentialKind, RootCredentials, RootTask, Timestamp};
use crate::ops::{AccountAudit, AccountScps, AuditReport};
use crate::scp::Verdict;

pub(super) fn findings(report: &AuditReport) -> Vec<Finding> {
    let times = (report.started_at, report.finished_at);
    let mut out = Vec::new();
    for audit in &report.accounts {
        let account = (
            &audit.account_id,
            audit.name.as_str(),
            audit.ou_path.as_str(),
        );
        for kind in CredentialKind::ALL {
            let subject = FindingSubject::Credentials(kind);
            let status = match &audit.credentials {
                None => FindingStatus::NotAvailable,
                Some(creds) if creds.holds(kind) => FindingStatus::Failed,
                // GetAccountSummary counts one the lists did not show (created or
                // removed between the reads): not a pass until an audit agrees.
                Some(_) if summary_shows(audit, kind) => FindingStatus::Warning,
                Some(_) => FindingStatus::Passed,
            };
            let mut f = Finding::new(
                FindingSource::Audit,
                &report.organization_id,
                account,
                subject,
                status,
                times,
            );
            describe_kind(&mut f, audit, kind);
            out.push(f);
        }
        if let Some(scps) = &audit.scp {
            for (&task, &verdict) in &scps.verdicts {
                let status = match verdict {
                    Verdict::Allowed => FindingStatus::Passed,
                    Verdict::Blocked => FindingStatus::Failed,
                    Verdict::Unknown => FindingStatus::Warning,
                };
                let mut f = Finding::new(
                    FindingSource::Audit,
                    &report.organization_id,
                    account,
                    FindingSubject::ScpTask(task),
                    status,
                    times,
                );
                describe_task(&mut f, scps, task);
                out.push(f);
            }
        }
    }
    out
}

/// Whether the account's `GetAccountSummary` counts a credential of `kind`.
fn summary_shows(audit: &AccountAudit, kind: CredentialKind) -> bool {
    audit.account_summary.is_some_and(|s| s.shows(kind))
}

/// The text of a credential finding from the account's audit.
fn describe_kind(f: &mut Finding, audit: &AccountAudit, kind: CredentialKind) {
    let noun = text::noun(kind);
    let Some(creds) = &audit.credentials else {
        let why = audit.error.as_ref().map_or_else(
            || "the audit did not finish".to_owned(),
            ToString::to_string,
        );
        f.title = format!("Root {noun}s of {} could not be audited", text::account(f));
        f.description = format!(
            "rootctl could not audit the root user of {}, so whether it holds any {noun} is unknown: {why}",
            text::whereabouts(f)
        );
        f.remediation = text::recheck(f, &why);
        f.details.insert("Error", why);
        return;
    };
    f.credential_ids = creds.ids(kind).into_iter().map(str::to_owned).collect();
    if f.credential_ids.is_empty() && summary_shows(audit, kind) {
        f.title = format!(
            "Root {noun}s of {}: the account summary and the lists disagree",
            text::account(f)
        );
        f.description = format!(
            "GetAccountSummary counts a root {noun} in {} that the list calls did not \
             return (one created or removed between the reads): audit it again.",
            text::whereabouts(f)
        );
        f.remediation = text::recheck(f, "the account summary and the lists disagree");
    } else if f.credential_ids.is_empty() {
        f.title = format!("Root user of {} holds no {noun}", text::account(f));
        f.description = format!("The root user of {} holds no {noun}.", text::whereabouts(f));
        f.remediation = text::KEEP_CLEAN.to_owned();
    } else {
        let held = text::held(kind, f.credential_ids.len());
        f.title = format!("Root user of {} holds {held}", text::account(f));
        f.description = format!(
            "The root user of {} holds {held}{}. {}",
            text::whereabouts(f),
            text::ids(kind, &f.credential_ids),
            text::risk(kind)
        );
        f.remediation = text::removal(f, kind);
        f.first_observed_at = oldest(creds, kind);
    }
    if !audit.warnings.is_empty() {
        f.details.insert("AuditWarnings", audit.warnings.join("; "));
    }
}

/// The oldest creation date among the root user's credentials of `kind`.
fn oldest(creds: &RootCredentials, kind: CredentialKind) -> Option<Timestamp> {
    let dates: Vec<Option<Timestamp>> = match kind {
        CredentialKind::Password => vec![creds.password.as_ref().map(|p| p.created)],
        CredentialKind::AccessKey => creds.access_keys.iter().map(|k| k.created).collect(),
        CredentialKind::SigningCertificate => creds
            .signing_certificates
            .iter()
            .map(|c| c.uploaded)
            .collect(),
        CredentialKind::MfaDevice => creds.mfa_devices.iter().map(|d| d.enabled).collect(),
    };
    dates.into_iter().flatten().min()
}

/// The text of a pre-flight task finding, with the fix of its first blocking finding.
fn describe_task(f: &mut Finding, scps: &AccountScps, task: RootTask) {
    f.remediation_url = text::SCP_DOC;
    let why: Vec<String> = scps.findings_for(task).map(|s| s.reason.clone()).collect();
    match f.status {
        FindingStatus::Passed => {
            f.title = text::scp_title(f, "allow");
            f.description = format!(
                "No service control policy on the path of {} stops rootctl's {} root task.",
                text::whereabouts(f),
                text::task(task)
            );
            f.remediation = "Nothing to do.".to_owned();
            return;
        }
        FindingStatus::Warning => f.title = text::scp_title(f, "may block"),
        _ => f.title = text::scp_title(f, "block"),
    }
    f.description = format!(
        "A service control policy on the path of {} {} rootctl's {} root task: {}",
        text::whereabouts(f),
        if f.status == FindingStatus::Failed {
            "blocks"
        } else {
            "may block"
        },
        text::task(task),
        why.join(" ")
    );
    let blame = scps.findings_for(task).next();
    let Some(blame) = blame else {
        f.remediation = format!(
            "Check the service control policies on the account's path ({}) with `rootctl check --scps --account {}`.",
            scps.path.join(" > "),
            f.account_id
        );
        return;
    };
    let policy = match (&blame.policy_name, &blame.policy_id) {
        (Some(name), Some(id)) => format!("policy {name} ({id})"),
        (_, Some(id)) => format!("policy {id}"),
        _ => "an Allow statement".to_owned(),
    };
    let fix = blame.fix.as_ref().map(ToString::to_string);
    f.remediation = match &fix {
        Some(fix) => format!(
            "Change {policy} attached to {}: replace the statement{} with {fix}",
            blame.target_id,
            blame
                .sid
                .as_ref()
                .map_or_else(String::new, |s| format!(" {s}")),
        ),
        None => format!(
            "Change {policy} attached to {} so that it exempts root sessions: {}",
            blame.target_id, blame.reason
        ),
    };
    f.details.insert("ScpTarget", blame.target_id.clone());
    f.details.insert("ScpSide", blame.side.as_str().to_owned());
    if let Some(id) = &blame.policy_id {
        f.details.insert("ScpPolicyId", id.clone());
    }
    if let Some(sid) = &blame.sid {
        f.details.insert("ScpStatementSid", sid.clone());
    }
    if let Some(fix) = fix {
        f.details.insert("ScpFix", clip(&fix, 2048));
    }
}
