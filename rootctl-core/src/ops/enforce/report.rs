//! [`EnforcementReport`]: what one `enforce` found and did, per account, as evidence:
//! JSON for machines, Markdown for auditors, a table for terminals.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::event::EventTrigger;
use crate::error::{Error, Result};
use crate::model::{AccountId, CallerIdentity, CredentialKind, Timestamp};
use crate::ops::removal::{RemovalItem, RemovalPlan};
use crate::ops::select::Skipped;

/// Where one account stands after `enforce`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnforcementStatus {
    /// Held nothing the policy forbids; nothing was done.
    Compliant,
    /// Held forbidden credentials; this run removed them and the verifying audit found
    /// none left.
    Remediated,
    /// Still holds forbidden credentials (`remaining`), for the reasons given: a dry
    /// run, a removal AWS refused, an MFA device kept while a password stays, drift.
    NonCompliant,
    /// Has an exception in force and, after whatever it does not allow was removed,
    /// holds only what it allows.
    Excepted,
    /// Could not be audited or worked on (`error`): its state is not known.
    Failed,
}

impl EnforcementStatus {
    /// `compliant`, `remediated`, `non_compliant`, `excepted` or `failed`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EnforcementStatus::Compliant => "compliant",
            EnforcementStatus::Remediated => "remediated",
            EnforcementStatus::NonCompliant => "non_compliant",
            EnforcementStatus::Excepted => "excepted",
            EnforcementStatus::Failed => "failed",
        }
    }
}

impl fmt::Display for EnforcementStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A policy exception as one run saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionState {
    /// The account.
    pub account_id: AccountId,
    /// Why it may keep credentials.
    pub reason: String,
    /// The kinds it may keep.
    pub keep: Vec<CredentialKind>,
    /// The first day it no longer applies.
    pub expires: Option<NaiveDate>,
    /// Whether it had expired when the run started (then it was not applied).
    pub expired: bool,
    /// Whether the account was one of the run's targets.
    pub in_scope: bool,
}

/// One targeted account's part of an enforcement.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountEnforcement {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// Names from the root to the account's OU.
    pub ou_path: String,
    /// Where it stands.
    pub status: EnforcementStatus,
    /// Its root credentials when the run started (every kind); `None` if not audited.
    pub before: Option<Vec<RemovalItem>>,
    /// Its root credentials when the run ended (the verifying audit, or `before` when
    /// nothing was done); `None` if not known.
    pub after: Option<Vec<RemovalItem>>,
    /// What this run removed.
    pub removed: Vec<RemovalItem>,
    /// Credentials the policy forbids that it still holds.
    pub remaining: Vec<RemovalItem>,
    /// Why it is not compliant or failed, and notes (an expired exception).
    pub reasons: Vec<String>,
    /// Its exception, in force or expired.
    pub exception: Option<ExceptionState>,
    /// What stopped the run for this account, when `failed`.
    pub error: Option<Error>,
}

/// Counts over an enforcement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnforcementSummary {
    /// Accounts targeted.
    pub accounts: usize,
    /// `compliant` accounts.
    pub compliant: usize,
    /// `remediated` accounts.
    pub remediated: usize,
    /// `non_compliant` accounts.
    pub non_compliant: usize,
    /// `excepted` accounts.
    pub excepted: usize,
    /// `failed` accounts.
    pub failed: usize,
    /// Accounts not targeted (management account, not ACTIVE, not selected, excluded).
    pub skipped: usize,
    /// Credentials removed by this run.
    pub removed: usize,
}

/// The result of [`Rootctl::enforce`](crate::Rootctl::enforce) and
/// [`Rootctl::handle_event`](crate::Rootctl::handle_event): evidence of what the policy
/// required, what each account held before and after, and what was done.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EnforcementReport {
    /// The organization id.
    pub organization_id: String,
    /// The management account.
    pub management_account_id: AccountId,
    /// Who ran it.
    pub caller: CallerIdentity,
    /// [`EnforcementPolicy::digest`](super::EnforcementPolicy::digest) of the policy.
    pub policy_digest: String,
    /// The policy, with every key.
    pub policy: serde_json::Value,
    /// Whether this was a dry run (nothing changed).
    pub dry_run: bool,
    /// When the run started.
    pub started_at: Timestamp,
    /// When it finished.
    pub finished_at: Timestamp,
    /// The event that started it, for event-driven runs.
    pub trigger: Option<EventTrigger>,
    /// The id of [`plan`](Self::plan), when there was anything to remove.
    pub plan_id: Option<String>,
    /// The removal plan this run applied, or, for a dry run, the exact plan it would
    /// apply: what [`Rootctl::apply_enforcement`](crate::Rootctl::apply_enforcement)
    /// applies, and nothing else. `None` when nothing was (or would be) removed. It names
    /// credentials by id (and the password by its creation date), never a secret.
    #[serde(default)]
    pub plan: Option<RemovalPlan>,
    /// The journal this run wrote, if any.
    pub journal: Option<PathBuf>,
    /// One entry per targeted account, by account id.
    pub accounts: Vec<AccountEnforcement>,
    /// Accounts not targeted, with the reason.
    pub skipped: Vec<Skipped>,
    /// Every exception of the policy, as this run saw it.
    pub exceptions: Vec<ExceptionState>,
    /// Counts.
    pub summary: EnforcementSummary,
    /// The AWS region the client used ([`Rootctl::region`](crate::Rootctl::region)),
    /// when known: where findings go by default ([`EnforcementReport::to_asff`]). Reports
    /// written before it read as `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl EnforcementReport {
    /// True when every targeted account is compliant, remediated or excepted.
    pub fn compliant(&self) -> bool {
        self.summary.non_compliant == 0 && self.summary.failed == 0
    }

    /// The exit code of a check: 1 when an account holds a credential the policy
    /// forbids, otherwise 3 when an account could not be checked, otherwise 0.
    pub fn exit_code(&self) -> i32 {
        if self.summary.non_compliant > 0 {
            1
        } else if self.summary.failed > 0 {
            3
        } else {
            0
        }
    }

    /// The entry of one account, if it was targeted.
    pub fn account(&self, account_id: &AccountId) -> Option<&AccountEnforcement> {
        self.accounts.iter().find(|a| a.account_id == *account_id)
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("reports always serialize")
    }

    /// Reads a report written by [`EnforcementReport::to_json`].
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| {
            Error::invalid_input(
                "enforcement report",
                text.chars().take(40).collect::<String>(),
                format!("is not a rootctl enforcement report: {e}"),
            )
        })
    }

    pub(crate) fn summarize(accounts: &[AccountEnforcement], skipped: usize) -> EnforcementSummary {
        let mut summary = EnforcementSummary {
            accounts: accounts.len(),
            skipped,
            ..EnforcementSummary::default()
        };
        for account in accounts {
            summary.removed += account.removed.len();
            match account.status {
                EnforcementStatus::Compliant => summary.compliant += 1,
                EnforcementStatus::Remediated => summary.remediated += 1,
                EnforcementStatus::NonCompliant => summary.non_compliant += 1,
                EnforcementStatus::Excepted => summary.excepted += 1,
                EnforcementStatus::Failed => summary.failed += 1,
            }
        }
        summary
    }

    /// A Markdown summary for an auditor: who ran what policy when, the verdict, the
    /// counts, every account with its status, and the exceptions.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let verdict = if self.compliant() {
            "**Compliant**"
        } else {
            "**Not compliant**"
        };
        let mode = if self.dry_run {
            " (dry run: nothing was changed)"
        } else {
            ""
        };
        md.push_str("# Root credential enforcement report\n\n");
        md.push_str(&format!("- Verdict: {verdict}{mode}\n"));
        md.push_str(&format!(
            "- Organization: `{}` (management account `{}`)\n",
            self.organization_id, self.management_account_id
        ));
        md.push_str(&format!("- Run by: `{}`\n", self.caller.arn));
        md.push_str(&format!("- Policy digest: `{}`\n", self.policy_digest));
        md.push_str(&format!(
            "- Started: {}, finished: {}\n",
            self.started_at.to_rfc3339(),
            self.finished_at.to_rfc3339()
        ));
        if let Some(trigger) = &self.trigger {
            md.push_str(&format!("- Triggered by: {trigger}\n"));
        }
        let s = &self.summary;
        md.push_str(&format!(
            "- Accounts: {} targeted: {} compliant, {} remediated, {} excepted, {} non-compliant, {} failed; {} not targeted; {} credential(s) removed\n\n",
            s.accounts, s.compliant, s.remediated, s.excepted, s.non_compliant, s.failed, s.skipped, s.removed
        ));
        md.push_str(
            "| Account | Name | Status | Before | After | Notes |\n|---|---|---|---|---|---|\n",
        );
        for account in &self.accounts {
            let notes: Vec<String> = account
                .exception
                .iter()
                .filter(|e| !e.expired)
                .map(|e| format!("exception: {}", e.reason))
                .chain(account.reasons.iter().cloned())
                .collect();
            md.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} |\n",
                account.account_id,
                cell(&account.name),
                account.status,
                items(account.before.as_deref()),
                items(account.after.as_deref()),
                cell(&notes.join("; "))
            ));
        }
        if !self.exceptions.is_empty() {
            md.push_str("\n## Exceptions\n\n| Account | Keeps | Reason | Expires | State |\n|---|---|---|---|---|\n");
            for e in &self.exceptions {
                let state = match (e.expired, e.in_scope) {
                    (true, _) => "expired: enforced",
                    (false, true) => "in force",
                    (false, false) => "in force (account not targeted)",
                };
                md.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    e.account_id,
                    e.keep
                        .iter()
                        .map(|k| k.plural())
                        .collect::<Vec<_>>()
                        .join(", "),
                    cell(&e.reason),
                    e.expires
                        .map_or_else(|| "never".to_owned(), |d| d.to_string()),
                    state
                ));
            }
        }
        md
    }
}

/// A Markdown table cell: pipes escaped, newlines flattened.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn items(items: Option<&[RemovalItem]>) -> String {
    match items {
        None => "unknown".to_owned(),
        Some([]) => "none".to_owned(),
        Some(items) => items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

impl fmt::Display for EnforcementReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = if self.dry_run {
            "Enforcement dry run"
        } else {
            "Enforcement"
        };
        writeln!(
            f,
            "{title} in {} (policy {})",
            self.organization_id, &self.policy_digest
        )?;
        for account in &self.accounts {
            let detail = if account.reasons.is_empty() {
                match &account.exception {
                    Some(e) if !e.expired => format!("exception: {}", e.reason),
                    _ => String::new(),
                }
            } else {
                account.reasons.join("; ")
            };
            writeln!(
                f,
                "  {}  {:<24}  {:<13}  {}",
                account.account_id,
                account.name,
                account.status.as_str(),
                detail
            )?;
        }
        let s = &self.summary;
        write!(
            f,
            "{} account(s): {} compliant, {} remediated, {} excepted, {} non-compliant, {} failed; {} removed; {}",
            s.accounts,
            s.compliant,
            s.remediated,
            s.excepted,
            s.non_compliant,
            s.failed,
            s.removed,
            if self.compliant() {
                "COMPLIANT"
            } else {
                "NOT COMPLIANT"
            }
        )
    }
}
