//! The words of a finding: titles, descriptions and remediations, shared by the audit's
//! and the enforcement's findings (docs/findings.md#text).

use super::{Finding, FindingSubject};
use crate::model::{CredentialKind, RootTask};

/// AWS's page on the privileged root tasks rootctl runs from the management account
/// (removing a member's root credentials among them).
pub(super) const ROOT_TASK_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html";

/// AWS's page on service control policies, where a blocking statement is fixed.
pub(super) const SCP_DOC: &str =
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html";

/// The kind in words, singular, e.g. `access key`.
pub(super) fn noun(kind: CredentialKind) -> &'static str {
    match kind {
        CredentialKind::Password => "console password",
        CredentialKind::AccessKey => "access key",
        CredentialKind::SigningCertificate => "signing certificate",
        CredentialKind::MfaDevice => "MFA device",
    }
}

/// `n` credentials of the kind in words, e.g. `2 access keys` or `a console password`.
pub(super) fn held(kind: CredentialKind, n: usize) -> String {
    match (kind, n) {
        (CredentialKind::Password, _) => "a console password".to_owned(),
        (_, 1) => format!("1 {}", noun(kind)),
        _ => format!("{n} {}s", noun(kind)),
    }
}

/// Why holding the kind matters, one sentence.
pub(super) fn risk(kind: CredentialKind) -> &'static str {
    match kind {
        CredentialKind::Password => {
            "A root password lets whoever knows it sign in to the console with unrestricted access to the account."
        }
        CredentialKind::AccessKey => {
            "A root access key signs API calls with unrestricted access to the account; no IAM policy can limit it."
        }
        CredentialKind::SigningCertificate => {
            "A root signing certificate signs requests to AWS APIs as the root user."
        }
        CredentialKind::MfaDevice => {
            "An MFA device cannot sign in by itself, but it is a root credential the organization does not manage centrally."
        }
    }
}

/// `account NAME (ID)`.
pub(super) fn account(f: &Finding) -> String {
    format!("account {} ({})", f.account_name, f.account_id)
}

/// Where the account is: `member account ID (NAME, OU PATH) of organization ORG`.
pub(super) fn whereabouts(f: &Finding) -> String {
    format!(
        "member account {} ({}, OU {}) of organization {}",
        f.account_id, f.account_name, f.ou_path, f.organization_id
    )
}

/// The ids in parentheses after a count, e.g. ` (AKIA1, AKIA2)`; nothing for the
/// password, which has no id.
pub(super) fn ids(kind: CredentialKind, ids: &[String]) -> String {
    if kind == CredentialKind::Password || ids.is_empty() {
        String::new()
    } else {
        format!(" ({})", ids.join(", "))
    }
}

/// What to run to remove the kind from the finding's account.
pub(super) fn removal(f: &Finding, kind: CredentialKind) -> String {
    format!(
        "Remove it with centralized root access, from the management account or the delegated administrator: \
         `rootctl plan-removal --account {} --kinds {} -o plan.json`, review the plan, then `rootctl apply plan.json`; \
         or keep every account clean with `rootctl enforce --policy POLICY`.",
        f.account_id,
        kind.plural()
    )
}

/// What to run to keep a pass a pass.
pub(super) const KEEP_CLEAN: &str = "Nothing to remove. Keep it so: run `rootctl enforce --policy POLICY --check` on a schedule, or `rootctl enforce` to remove what appears.";

/// What to do about an account that could not be checked.
pub(super) fn recheck(f: &Finding, why: &str) -> String {
    format!(
        "Fix the cause, then check the account again with `rootctl audit --account {}`: {why}",
        f.account_id
    )
}

/// The task in words, e.g. `delete (IAMDeleteRootUserCredentials)`.
pub(super) fn task(task: RootTask) -> String {
    format!("{task} ({})", task.task_policy())
}

/// The title of a finding about a task, by verdict.
pub(super) fn scp_title(f: &Finding, verb: &str) -> String {
    let FindingSubject::ScpTask(t) = f.subject else {
        unreachable!("only task findings have task titles")
    };
    format!(
        "Service control policies {verb} the {} root task in {}",
        task(t),
        account(f)
    )
}

/// `text` cut to at most `max` characters, ending in `…` when cut: ASFF's limits.
pub(super) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
