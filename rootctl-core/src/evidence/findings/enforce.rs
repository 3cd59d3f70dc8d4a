//! The findings of an [`EnforcementReport`]: per targeted account and credential kind,
//! from the run's outcome (docs/findings.md#enforcement).

use super::text;
use super::{Finding, FindingSource, FindingStatus, FindingSubject, Severity};
use crate::model::CredentialKind;
use crate::ops::{AccountEnforcement, EnforcementReport, EnforcementStatus, RemovalItem};

pub(super) fn findings(report: &EnforcementReport) -> Vec<Finding> {
    let forbidden = forbidden(&report.policy);
    let times = (report.started_at, report.finished_at);
    let mut out = Vec::new();
    for account in &report.accounts {
        let names = (
            &account.account_id,
            account.name.as_str(),
            account.ou_path.as_str(),
        );
        for kind in CredentialKind::ALL {
            let subject = FindingSubject::Credentials(kind);
            let status = verdict(account, kind);
            let mut f = Finding::new(
                FindingSource::Enforcement,
                &report.organization_id,
                names,
                subject,
                status,
                times,
            );
            describe(&mut f, account, kind, forbidden.contains(&kind));
            f.details
                .insert("EnforcementStatus", account.status.as_str().to_owned());
            f.details
                .insert("PolicyDigest", report.policy_digest.clone());
            if report.dry_run {
                f.details.insert("DryRun", "true".to_owned());
            }
            out.push(f);
        }
    }
    out
}

/// Failed while the account holds a credential of `kind`, whatever the policy says of
/// it: a credential kept under an exception, or of a kind the policy allows, is still a
/// root credential, and the finding shares its id with the audit's, which fails it too
/// (docs/findings.md#enforcement). Not available when the account failed.
fn verdict(account: &AccountEnforcement, kind: CredentialKind) -> FindingStatus {
    if account.status == EnforcementStatus::Failed {
        return FindingStatus::NotAvailable;
    }
    if !of_kind(&account.remaining, kind).is_empty() || !held(account, kind).is_empty() {
        FindingStatus::Failed
    } else {
        FindingStatus::Passed
    }
}

/// The ids of `kind` the account holds after the run: the verifying audit's, else what
/// it held before less what the run removed.
fn held(account: &AccountEnforcement, kind: CredentialKind) -> Vec<String> {
    if let Some(after) = &account.after {
        return of_kind(after, kind);
    }
    let removed = of_kind(&account.removed, kind);
    account
        .before
        .as_deref()
        .map(|items| of_kind(items, kind))
        .unwrap_or_default()
        .into_iter()
        .filter(|id| !removed.contains(id))
        .collect()
}

/// The kinds the policy forbids: its `kinds`, all four when it does not say.
fn forbidden(policy: &serde_json::Value) -> Vec<CredentialKind> {
    match policy.get("kinds").and_then(|k| k.as_array()) {
        Some(kinds) => kinds
            .iter()
            .filter_map(|k| k.as_str()?.parse().ok())
            .collect(),
        None => CredentialKind::ALL.to_vec(),
    }
}

/// The ids of `items` of `kind` (`password` for the password).
fn of_kind(items: &[RemovalItem], kind: CredentialKind) -> Vec<String> {
    items
        .iter()
        .filter(|i| i.kind == kind)
        .map(|i| i.id.clone().unwrap_or_else(|| kind.as_str().to_owned()))
        .collect()
}

fn describe(f: &mut Finding, account: &AccountEnforcement, kind: CredentialKind, forbidden: bool) {
    let noun = text::noun(kind);
    let subject = text::account(f);
    if f.status == FindingStatus::NotAvailable {
        let why = account
            .error
            .as_ref()
            .map(ToString::to_string)
            .into_iter()
            .chain(account.reasons.iter().cloned())
            .collect::<Vec<_>>()
            .join("; ");
        let why = if why.is_empty() {
            "the run did not finish".to_owned()
        } else {
            why
        };
        f.title = format!("Root {noun}s of {subject} could not be enforced");
        f.description = format!(
            "rootctl enforce could not check or work on the root user of {}, so whether it holds any {noun} is unknown: {why}",
            text::whereabouts(f)
        );
        f.remediation = text::recheck(f, &why);
        f.details.insert("Error", why);
        return;
    }
    let removed = of_kind(&account.removed, kind);
    let mut remaining = of_kind(&account.remaining, kind);
    let held = held(account, kind);
    if !removed.is_empty() {
        f.details.insert("Removed", removed.join(", "));
    }
    if f.status == FindingStatus::Failed {
        if remaining.is_empty() {
            remaining = held;
        }
        f.credential_ids = remaining;
        let count = text::held(kind, f.credential_ids.len());
        let exception = account.exception.as_ref().filter(|e| !e.expired);
        if let Some(e) = exception.filter(|e| e.keep.contains(&kind)) {
            let until = e
                .expires
                .map_or_else(|| "no expiry".to_owned(), |d| format!("until {d}"));
            f.title = format!("Root user of {subject} keeps {count} under an exception");
            f.description = format!(
                "The root user of {} keeps {count}{} under the enforcement policy's exception ({until}): {}. {}",
                text::whereabouts(f),
                text::ids(kind, &f.credential_ids),
                e.reason,
                text::risk(kind)
            );
            f.remediation = format!(
                "Kept on purpose while the exception holds ({until}); when it expires, `rootctl enforce` removes the {noun}. Suppress this finding for as long, with the exception as the reason."
            );
            f.details.insert("ExceptionReason", e.reason.clone());
            f.details.insert(
                "ExceptionExpires",
                e.expires
                    .map_or_else(|| "never".to_owned(), |d| d.to_string()),
            );
            return;
        }
        if !forbidden {
            f.title = format!("Root user of {subject} holds {count}, which the policy allows");
            f.description = format!(
                "The root user of {} holds {count}{}; the enforcement policy does not forbid {}s. {}",
                text::whereabouts(f),
                text::ids(kind, &f.credential_ids),
                noun,
                text::risk(kind)
            );
            f.remediation = text::removal(f, kind);
            f.details.insert("PolicyAllows", kind.plural().to_owned());
            return;
        }
        f.title = format!("Root user of {subject} still holds {count}");
        f.description = format!(
            "The root user of {} holds {count}{} that the enforcement policy forbids: {}. {}",
            text::whereabouts(f),
            text::ids(kind, &f.credential_ids),
            if account.reasons.is_empty() {
                "not removed".to_owned()
            } else {
                account.reasons.join("; ")
            },
            text::risk(kind)
        );
        f.remediation = text::removal(f, kind);
        return;
    }
    if removed.is_empty() {
        f.title = format!("Root user of {subject} holds no {noun}");
        f.description = format!("The root user of {} holds no {noun}.", text::whereabouts(f));
    } else {
        let count = text::held(kind, removed.len());
        f.title = format!("rootctl removed {count} from the root user of {subject}");
        f.description = format!(
            "rootctl enforce removed {count}{} from the root user of {}; the verifying audit found none left.",
            text::ids(kind, &removed),
            text::whereabouts(f)
        );
    }
    f.remediation = text::KEEP_CLEAN.to_owned();
    // Every pass is informational (`Finding::new`).
    debug_assert_eq!(f.severity, Severity::Informational);
}
