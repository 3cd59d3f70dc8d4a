//! `plan_removal`: the exact root credentials to remove, as a reviewable, serializable plan.

use std::collections::BTreeSet;
use std::fmt;

use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::engine::Rootctl;
use crate::error::{Error, Result};
use crate::model::{
    AccountId, CallerIdentity, CredentialKind, RootCredentials, RootTask, Timestamp,
};
use crate::ops::audit::{AccountAudit, AuditReport};
use crate::scp::Verdict;

/// The plan format this version writes and reads. Version 2 records the password's
/// creation date, so a password set after the audit is drift, not a planned removal;
/// version 1 plans, which cannot tell, are refused.
pub const PLAN_FORMAT_VERSION: u32 = 2;

/// One credential to remove.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RemovalItem {
    /// Its kind.
    pub kind: CredentialKind,
    /// Its id: access key id, certificate id or MFA serial; `None` for the password.
    pub id: Option<String>,
    /// For the password, which has no id: its creation date, which identifies it (a
    /// password created again has another). `None` for the other kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
}

impl RemovalItem {
    /// An item with an id (access key, signing certificate, MFA device).
    pub fn with_id(kind: CredentialKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: Some(id.into()),
            created: None,
        }
    }

    /// The password created at `created`.
    pub fn password(created: Timestamp) -> Self {
        Self {
            kind: CredentialKind::Password,
            id: None,
            created: Some(created),
        }
    }

    /// The items of `creds` whose kind is in `kinds`, in removal order.
    pub fn of(creds: &RootCredentials, kinds: &BTreeSet<CredentialKind>) -> Vec<RemovalItem> {
        kinds
            .iter()
            .flat_map(|&kind| super::calls::audited(creds, kind))
            .collect()
    }
}

impl fmt::Display for RemovalItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} {id}", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

/// What to remove in one account, in removal order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRemovalPlan {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// Names from the root to the account's OU.
    pub ou_path: String,
    /// The credentials to remove: password, access keys, certificates, MFA devices.
    pub items: Vec<RemovalItem>,
}

/// An account the plan leaves alone, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotPlanned {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// Why: the audit failed, or the account was not targeted.
    pub reason: String,
}

/// A removal plan: made from an audit by [`Rootctl::plan_removal`], reviewed (it is plain
/// JSON), then applied by [`Rootctl::apply_removal`], which removes exactly these items
/// and nothing else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovalPlan {
    /// [`PLAN_FORMAT_VERSION`] when written.
    pub format_version: u32,
    /// A unique id; the journal of an apply is tied to it.
    pub plan_id: String,
    /// The organization the plan was made for; applying it elsewhere is refused.
    pub organization_id: String,
    /// That organization's management account.
    pub management_account_id: AccountId,
    /// Who ran the audit the plan was made from.
    pub caller: CallerIdentity,
    /// When the plan was made.
    pub created_at: Timestamp,
    /// When the audit behind it finished.
    pub audited_at: Timestamp,
    /// The kinds of credential the plan removes.
    pub kinds: Vec<CredentialKind>,
    /// The accounts with something to remove, by account id.
    pub accounts: Vec<AccountRemovalPlan>,
    /// Accounts left alone, with the reason.
    pub not_planned: Vec<NotPlanned>,
}

impl RemovalPlan {
    /// The number of items to remove.
    pub fn item_count(&self) -> usize {
        self.accounts.iter().map(|a| a.items.len()).sum()
    }

    /// The plan as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plans always serialize")
    }

    /// Reads a plan written by [`RemovalPlan::to_json`], and checks it
    /// ([`RemovalPlan::validate`]).
    pub fn from_json(text: &str) -> Result<Self> {
        let plan: RemovalPlan = serde_json::from_str(text).map_err(|e| {
            Error::invalid_input(
                "removal plan",
                abbreviate(text),
                format!("is not a rootctl plan: {e}"),
            )
        })?;
        plan.validate()?;
        Ok(plan)
    }

    /// Checks what a hand-edited or corrupted plan could get wrong: the format version,
    /// a plan id that is not a plain file name, the management account as a target,
    /// duplicate accounts or items, items of a kind the plan does not remove, and ids
    /// missing or present where they must not be.
    pub fn validate(&self) -> Result<()> {
        let bad = |rule: String| Error::invalid_input("removal plan", self.plan_id.clone(), rule);
        if self.format_version != PLAN_FORMAT_VERSION {
            return Err(bad(format!(
                "has format version {}; this rootctl reads version {PLAN_FORMAT_VERSION}",
                self.format_version
            )));
        }
        // Files are named after it (enforcement's `enforce-<plan_id>.jsonl` in the
        // policy's journal directory): a separator or `..` would put one elsewhere.
        if !plain_file_name(&self.plan_id) {
            return Err(bad(
                "has a plan id that is not a plain file name (letters, digits, '-', '_' \
                 and '.', not starting with '.'); plan_removal makes plan-<uuid>"
                    .to_owned(),
            ));
        }
        let kinds: BTreeSet<CredentialKind> = self.kinds.iter().copied().collect();
        let mut accounts = BTreeSet::new();
        for account in &self.accounts {
            if account.account_id == self.management_account_id {
                return Err(bad(format!(
                    "targets the management account {}, which centralized root access cannot touch",
                    account.account_id
                )));
            }
            if !accounts.insert(account.account_id) {
                return Err(bad(format!("lists account {} twice", account.account_id)));
            }
            let mut items = BTreeSet::new();
            for item in &account.items {
                if !kinds.contains(&item.kind) {
                    return Err(bad(format!(
                        "removes {item} in account {} but its kinds are {:?}",
                        account.account_id, self.kinds
                    )));
                }
                if (item.kind == CredentialKind::Password) != item.id.is_none() {
                    return Err(bad(format!(
                        "has {item} in account {}: only the password has no id",
                        account.account_id
                    )));
                }
                if (item.kind == CredentialKind::Password) != item.created.is_some() {
                    return Err(bad(format!(
                        "has {item} in account {}: the password, and only the password, \
                         carries its creation date",
                        account.account_id
                    )));
                }
                if !items.insert(item) {
                    return Err(bad(format!(
                        "lists {item} in account {} twice",
                        account.account_id
                    )));
                }
            }
        }
        Ok(())
    }
}

/// `[A-Za-z0-9_.-]+`, not starting with `.` (so neither `.` nor `..`, nor hidden).
fn plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn abbreviate(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

impl Rootctl {
    /// Makes a removal plan from `audit` for the credential `kinds` (all four with
    /// [`CredentialKind::ALL`]). Makes no AWS call: review the plan, then apply it.
    ///
    /// Accounts whose audit failed are listed in `not_planned`, never guessed at; so are,
    /// when the audit ran the SCP pre-flight ([`Options::scp_preflight`]), accounts where
    /// a policy surely blocks a call the plan's removals make there (the reason names the
    /// policy, the target and the statement, and gives the fix).
    ///
    /// [`Options::scp_preflight`]: crate::Options::scp_preflight
    pub fn plan_removal(
        &self,
        audit: &AuditReport,
        kinds: &[CredentialKind],
    ) -> Result<RemovalPlan> {
        if kinds.is_empty() {
            return Err(Error::invalid_input(
                "credential kinds",
                "[]",
                format!("choose at least one of {}", CredentialKind::plural_names()),
            ));
        }
        let kinds: BTreeSet<CredentialKind> = kinds.iter().copied().collect();
        let mut accounts = Vec::new();
        let mut not_planned = Vec::new();
        for account in &audit.accounts {
            match (&account.credentials, &account.error) {
                (Some(creds), _) => {
                    let items = RemovalItem::of(creds, &kinds);
                    if let Some(reason) = scp_block(account, &items) {
                        not_planned.push(NotPlanned {
                            account_id: account.account_id,
                            name: account.name.clone(),
                            reason,
                        });
                    } else if !items.is_empty() {
                        accounts.push(AccountRemovalPlan {
                            account_id: account.account_id,
                            name: account.name.clone(),
                            ou_path: account.ou_path.clone(),
                            items,
                        });
                    }
                }
                (None, error) => not_planned.push(NotPlanned {
                    account_id: account.account_id,
                    name: account.name.clone(),
                    reason: format!(
                        "audit failed: {}",
                        error
                            .as_ref()
                            .map_or_else(|| "no inventory".to_owned(), ToString::to_string)
                    ),
                }),
            }
        }
        not_planned.extend(audit.skipped.iter().map(|s| NotPlanned {
            account_id: s.account_id,
            name: s.name.clone(),
            reason: s.reason.to_string(),
        }));
        not_planned.sort_by_key(|n| n.account_id);
        let plan = RemovalPlan {
            format_version: PLAN_FORMAT_VERSION,
            plan_id: format!("plan-{}", uuid::Uuid::new_v4()),
            organization_id: audit.organization_id.clone(),
            management_account_id: audit.management_account_id,
            caller: audit.caller.clone(),
            created_at: Utc::now(),
            audited_at: audit.finished_at,
            kinds: kinds.into_iter().collect(),
            accounts,
            not_planned,
        };
        plan.validate()?;
        Ok(plan)
    }
}

/// Why `items` of `account` are left out of the plan, if the audit's SCP pre-flight
/// found that a policy surely blocks a call removing one of them.
fn scp_block(account: &AccountAudit, items: &[RemovalItem]) -> Option<String> {
    let scp = account.scp.as_ref()?;
    let needed: BTreeSet<&str> = items
        .iter()
        .flat_map(|item| item.kind.spec().removal_actions)
        .collect();
    let blocking: Vec<String> = scp
        .findings_for(RootTask::Delete)
        .filter(|f| f.verdict == Verdict::Blocked)
        // A block of the caller's sts:AssumeRoot stops every removal in the account.
        .filter(|f| {
            f.actions
                .iter()
                .any(|a| needed.contains(a.as_str()) || a == crate::scp::ASSUME_ROOT)
        })
        .map(|f| {
            let fix = f
                .fix
                .as_ref()
                .map_or_else(String::new, |fix| format!("; fix: {fix}"));
            format!("{}{fix}", f.reason)
        })
        .collect();
    (!blocking.is_empty()).then(|| {
        format!(
            "SCP pre-flight: a policy blocks the removal: {}",
            blocking.join(" | ")
        )
    })
}

impl fmt::Display for RemovalPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Plan {} for {}: {} item(s) in {} account(s); kinds: {}",
            self.plan_id,
            self.organization_id,
            self.item_count(),
            self.accounts.len(),
            self.kinds
                .iter()
                .map(|k| k.plural())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        for account in &self.accounts {
            let items: Vec<String> = account.items.iter().map(ToString::to_string).collect();
            writeln!(
                f,
                "  {}  {:<24}  {}",
                account.account_id,
                account.name,
                items.join("; ")
            )?;
        }
        write!(f, "  {} account(s) not planned", self.not_planned.len())
    }
}
