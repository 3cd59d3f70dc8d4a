//! What [`Rootctl::check_scps`](crate::Rootctl::check_scps) reports.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{AccountId, PolicyType, RootTask};
use crate::ops::select::Skipped;
use crate::scp::Verdict;

/// Which call a finding is about.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ScpSide {
    /// A call the root session makes in the member account, judged by the policies on
    /// the member's path.
    #[default]
    Member,
    /// `sts:AssumeRoot`, the call the caller makes to start the session: judged by the
    /// SCPs on the caller account's path (the management account is exempt) and, where
    /// they may govern it, the RCPs on the member's path.
    Caller,
}

impl ScpSide {
    /// The lowercase name, e.g. `caller`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ScpSide::Member => "member",
            ScpSide::Caller => "caller",
        }
    }
}

/// Why a task is blocked or undecided in one account: which policy, attached where,
/// which statement, why, and the fix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScpFinding {
    /// Which call it is about: the root session's (`member`) or the caller's
    /// `sts:AssumeRoot` (`caller`). Reports written before this field read as `member`.
    #[serde(default)]
    pub side: ScpSide,
    /// The tasks it decides.
    pub tasks: Vec<RootTask>,
    /// The actions it decides, e.g. `iam:GetAccountSummary`.
    pub actions: Vec<String>,
    /// `Blocked` (it surely stops them) or `Unknown` (it may).
    pub verdict: Verdict,
    /// The policy's type.
    pub policy_type: PolicyType,
    /// The policy; `None` when no policy at `target_id` allows the actions (an allow-list
    /// that lacks them).
    pub policy_id: Option<String>,
    /// The policy's name.
    pub policy_name: Option<String>,
    /// Where the policy is attached: the root, an OU, or the account.
    pub target_id: String,
    /// The statement's `Sid`, if it has one.
    pub sid: Option<String>,
    /// The statement as written; `None` when no statement is to blame.
    pub statement: Option<Value>,
    /// Why, for a human.
    pub reason: String,
    /// What to put in its place: the statement rewritten to exempt root sessions
    /// (`"Null": {"aws:AssumedRoot": "true"}`), or, on the caller's side, to exempt the
    /// caller (`"StringNotLike": {"aws:userid": ...}`), or the Allow statement an SCP
    /// allow-list at `target_id` lacks. `None` when rootctl has no fix to offer.
    pub fix: Option<Value>,
}

/// One account's verdicts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountScps {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// Names from the root to the account's OU.
    pub ou_path: String,
    /// The targets whose policies apply: the root, the OUs, the account.
    pub path: Vec<String>,
    /// One verdict per task checked.
    pub verdicts: BTreeMap<RootTask, Verdict>,
    /// Why each task that is not allowed is not, blocking findings first.
    pub findings: Vec<ScpFinding>,
}

impl AccountScps {
    /// The verdict for `task`, if it was checked.
    pub fn verdict(&self, task: RootTask) -> Option<Verdict> {
        self.verdicts.get(&task).copied()
    }

    /// The findings about `task`.
    pub fn findings_for(&self, task: RootTask) -> impl Iterator<Item = &ScpFinding> {
        self.findings
            .iter()
            .filter(move |f| f.tasks.contains(&task))
    }
}

/// The caller's side of the pre-flight: who calls `sts:AssumeRoot`, and whether SCPs
/// apply to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerScps {
    /// The caller's account.
    pub account_id: AccountId,
    /// The caller's ARN, as `GetCallerIdentity` answered.
    pub arn: String,
    /// Whether the caller is in the management account, which no SCP restricts.
    pub management_account: bool,
    /// The targets whose SCPs apply to the caller, root first (empty for the management
    /// account, or when the caller's account is not in the organization).
    pub path: Vec<String>,
    /// What was judged, for a human.
    pub note: String,
}

/// Per task, how many accounts are allowed, blocked, unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScpSummary {
    /// Accounts where no policy stops the task.
    pub allowed: usize,
    /// Accounts where a policy surely stops it.
    pub blocked: usize,
    /// Accounts where it depends on what cannot be known before the call.
    pub unknown: usize,
}

/// The result of [`Rootctl::check_scps`](crate::Rootctl::check_scps).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScpReport {
    /// The organization id.
    pub organization_id: String,
    /// The tasks checked.
    pub tasks: Vec<RootTask>,
    /// The policy types in force and evaluated (SCPs; RCPs when the organization has
    /// them). Empty when the organization has none.
    pub policy_types: Vec<PolicyType>,
    /// Who calls `sts:AssumeRoot`, and whether SCPs apply to it (reports written before
    /// this field have none).
    #[serde(default)]
    pub caller: Option<CallerScps>,
    /// One entry per targeted account, by account id.
    pub accounts: Vec<AccountScps>,
    /// Accounts not targeted, with the reason.
    pub skipped: Vec<Skipped>,
    /// How many distinct policies were read (`DescribePolicy` calls).
    pub policies_read: usize,
    /// Per task, the counts.
    pub summary: BTreeMap<RootTask, ScpSummary>,
}

impl ScpReport {
    pub(super) fn new(
        organization_id: String,
        tasks: Vec<RootTask>,
        policy_types: Vec<PolicyType>,
        caller: Option<CallerScps>,
        accounts: Vec<AccountScps>,
        skipped: Vec<Skipped>,
        policies_read: usize,
    ) -> Self {
        let mut summary: BTreeMap<RootTask, ScpSummary> =
            tasks.iter().map(|t| (*t, ScpSummary::default())).collect();
        for account in &accounts {
            for (task, verdict) in &account.verdicts {
                let counts = summary.entry(*task).or_default();
                match verdict {
                    Verdict::Allowed => counts.allowed += 1,
                    Verdict::Blocked => counts.blocked += 1,
                    Verdict::Unknown => counts.unknown += 1,
                }
            }
        }
        Self {
            organization_id,
            tasks,
            policy_types,
            caller,
            accounts,
            skipped,
            policies_read,
            summary,
        }
    }

    /// The verdicts of one account, if it was targeted.
    pub fn account(&self, account_id: &AccountId) -> Option<&AccountScps> {
        self.accounts.iter().find(|a| a.account_id == *account_id)
    }

    /// The accounts where `task` is predicted blocked.
    pub fn blocked(&self, task: RootTask) -> Vec<AccountId> {
        self.with_verdict(task, Verdict::Blocked)
    }

    /// The accounts whose verdict for `task` is `verdict`.
    pub fn with_verdict(&self, task: RootTask, verdict: Verdict) -> Vec<AccountId> {
        self.accounts
            .iter()
            .filter(|a| a.verdict(task) == Some(verdict))
            .map(|a| a.account_id)
            .collect()
    }

    /// Whether every task is allowed in every account.
    pub fn ok(&self) -> bool {
        self.accounts
            .iter()
            .all(|a| a.verdicts.values().all(|v| *v == Verdict::Allowed))
    }
}

impl fmt::Display for ScpReport {
    /// A table: one row per account that is not allowed everything, with its findings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let types: Vec<&str> = self.policy_types.iter().map(|t| t.short_name()).collect();
        writeln!(
            f,
            "{} accounts checked for {} ({} policy document(s) read; in force: {})",
            self.accounts.len(),
            self.tasks
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            self.policies_read,
            if types.is_empty() {
                "none".to_owned()
            } else {
                types.join(", ")
            }
        )?;
        if let Some(caller) = &self.caller {
            writeln!(
                f,
                "caller {} ({}): {}",
                caller.account_id, caller.arn, caller.note
            )?;
        }
        for (task, counts) in &self.summary {
            writeln!(
                f,
                "  {:<10} allowed {:>5}  blocked {:>5}  unknown {:>5}",
                task.as_str(),
                counts.allowed,
                counts.blocked,
                counts.unknown
            )?;
        }
        for account in &self.accounts {
            if account.verdicts.values().all(|v| *v == Verdict::Allowed) {
                continue;
            }
            let verdicts: Vec<String> = account
                .verdicts
                .iter()
                .filter(|(_, v)| **v != Verdict::Allowed)
                .map(|(t, v)| format!("{t} {v}"))
                .collect();
            writeln!(
                f,
                "{} ({}): {}",
                account.account_id,
                account.name,
                verdicts.join(", ")
            )?;
            for finding in &account.findings {
                let side = match finding.side {
                    ScpSide::Member => "",
                    ScpSide::Caller => " caller's sts:AssumeRoot:",
                };
                writeln!(
                    f,
                    "  - [{}]{side} {} at {}: {}",
                    finding.verdict,
                    finding.policy_id.as_deref().unwrap_or("(no policy)"),
                    finding.target_id,
                    finding.reason
                )?;
                if let Some(fix) = &finding.fix {
                    writeln!(f, "    fix: {fix}")?;
                }
            }
        }
        Ok(())
    }
}
