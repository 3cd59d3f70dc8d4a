//! `audit`: the root-credential inventory of every selected account.

use chrono::Utc;
use serde::{Deserialize, Serialize};

mod read;
mod table;

pub(crate) use read::audit_targets;

use super::scps::AccountScps;
use super::select::{SelectedAccounts, Selection, Skipped, Target};
use crate::engine::Rootctl;
use crate::engine::progress::ProgressFn;
use crate::error::{Error, Result};
use crate::model::{
    AccountId, AccountSummary, CallerIdentity, RootCredentials, RootTask, Timestamp,
};

/// One account's audit: its inventory, or the error that stopped it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountAudit {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// Names from the root to the account's OU.
    pub ou_path: String,
    /// The root user's credentials; `None` when the audit failed.
    pub credentials: Option<RootCredentials>,
    /// `GetAccountSummary`'s counters, read to cross-check the lists.
    pub account_summary: Option<AccountSummary>,
    /// Disagreements between the summary and the lists (e.g. a credential created
    /// between two reads); empty when they agree.
    pub warnings: Vec<String>,
    /// Why the audit of this account failed; `None` when it succeeded.
    pub error: Option<Error>,
    /// The SCP pre-flight's verdicts for the audit and delete tasks, and the findings
    /// behind them, when [`Options::scp_preflight`](crate::Options::scp_preflight) is
    /// on; found before the account's session started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scp: Option<AccountScps>,
}

impl AccountAudit {
    /// Whether the account was audited.
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// One word for the row: `clean` (no root credential), `has_credentials`, or
    /// `failed` (not audited). Tables and CSV show this, so they agree.
    pub fn status(&self) -> &'static str {
        match &self.credentials {
            None => "failed",
            Some(creds) if creds.is_empty() => "clean",
            Some(_) => "has_credentials",
        }
    }
}

/// Counts over an audit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditSummary {
    /// Accounts targeted.
    pub targeted: usize,
    /// Accounts audited successfully.
    pub audited: usize,
    /// Accounts whose audit failed.
    pub failed: usize,
    /// Accounts not targeted (management, not ACTIVE, excluded, ...).
    pub skipped: usize,
    /// Audited accounts whose root user holds no credential at all.
    pub clean: usize,
    /// Audited accounts with a root password.
    pub with_password: usize,
    /// Audited accounts with at least one root access key.
    pub with_access_keys: usize,
    /// Root access keys in total.
    pub access_keys: usize,
    /// Audited accounts with at least one signing certificate.
    pub with_signing_certificates: usize,
    /// Signing certificates in total.
    pub signing_certificates: usize,
    /// Audited accounts with at least one MFA device.
    pub with_mfa: usize,
    /// MFA devices in total.
    pub mfa_devices: usize,
    /// Accounts whose summary disagreed with their lists.
    pub with_warnings: usize,
}

/// The result of [`Rootctl::audit`]. Every account of the organization appears once: in
/// `accounts` (audited or failed) or in `skipped`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuditReport {
    /// The organization id.
    pub organization_id: String,
    /// The management account.
    pub management_account_id: AccountId,
    /// Who ran the audit.
    pub caller: CallerIdentity,
    /// When the audit started.
    pub started_at: Timestamp,
    /// When it finished.
    pub finished_at: Timestamp,
    /// One entry per targeted account, by account id.
    pub accounts: Vec<AccountAudit>,
    /// Accounts not targeted, with the reason.
    pub skipped: Vec<Skipped>,
    /// Counts.
    pub summary: AuditSummary,
    /// The AWS region the client used ([`Rootctl::region`]), when known: where findings
    /// go by default ([`AuditReport::to_asff`]). Reports written before it read as `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl AuditReport {
    /// The audit of one account, if it was targeted.
    pub fn account(&self, account_id: &AccountId) -> Option<&AccountAudit> {
        self.accounts.iter().find(|a| a.account_id == *account_id)
    }

    /// Whether every targeted account was audited.
    pub fn ok(&self) -> bool {
        self.summary.failed == 0
    }

    /// Checks that every account appears once, in `accounts` or in `skipped`: what an
    /// audit makes, and what a report read back (two files merged by hand, say) must still
    /// hold, or its page would draw an account twice and its findings carry one id twice.
    pub fn check(&self) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        let ids = self.accounts.iter().map(|a| a.account_id);
        let skipped = self.skipped.iter().map(|s| s.account_id);
        match ids.chain(skipped).find(|id| !seen.insert(*id)) {
            Some(twice) => Err(Error::invalid_input(
                "audit report",
                twice.as_str(),
                "lists this account more than once (each account is audited or skipped once)",
            )),
            None => Ok(()),
        }
    }
}

impl Rootctl {
    /// Audits the root credentials of every account `selection` targets: one audit-only
    /// root session per account, `GetAccountSummary` cross-checked against the password,
    /// access keys (with last use), signing certificates and MFA devices.
    ///
    /// One account's failure never stops the others; it is reported on that account.
    pub async fn audit(
        &self,
        selection: &Selection,
        progress: Option<ProgressFn>,
    ) -> Result<AuditReport> {
        let selected = self.select_accounts(selection).await?;
        self.audit_selected(selected, progress).await
    }

    /// The audit of one member account: [`Rootctl::audit`] of that account alone. Its
    /// `credentials` are always there (a failed audit is this call's error); its
    /// `warnings` say where `GetAccountSummary` disagrees with the lists, and `scp` holds
    /// the pre-flight's verdicts when [`Options::scp_preflight`](crate::Options) is on.
    ///
    /// Errors as [`Rootctl::select_accounts`] does for the id (not an account of the
    /// organization, the management account, not `ACTIVE`), all before any root session;
    /// and with the account's own error when its audit fails.
    pub async fn account_credentials(&self, account_id: AccountId) -> Result<AccountAudit> {
        let report = self.audit(&Selection::accounts([account_id]), None).await?;
        // The selection refuses an id that is no target, so its audit is in the report;
        // an audit without credentials carries the error that stopped it.
        let audit = report
            .accounts
            .into_iter()
            .find(|a| a.account_id == account_id);
        let audit = audit.ok_or_else(|| {
            Error::invalid_input("account id", account_id.as_str(), "was not audited")
        })?;
        match audit.error {
            Some(error) => Err(error),
            None => Ok(audit),
        }
    }

    /// [`Rootctl::audit`] of accounts already selected: `enforce` resolves its selection
    /// first, to check its exceptions against it before any root session.
    pub(crate) async fn audit_selected(
        &self,
        selected: SelectedAccounts,
        progress: Option<ProgressFn>,
    ) -> Result<AuditReport> {
        let caller = self.caller().await?;
        let preflight = if self.options().scp_preflight {
            let tasks = vec![RootTask::Audit, RootTask::Delete];
            Some(self.judge_targets(&selected, tasks, &caller).await?)
        } else {
            None
        };
        let run = self.run("audit", progress);
        let started_at = Utc::now();
        let mut accounts = audit_targets(&run, &selected.targets).await;
        if let Some(preflight) = preflight {
            let mut verdicts: std::collections::HashMap<AccountId, AccountScps> = preflight
                .accounts
                .into_iter()
                .map(|a| (a.account_id, a))
                .collect();
            for audit in &mut accounts {
                audit.scp = verdicts.remove(&audit.account_id);
            }
        }
        Ok(AuditReport::new(
            self.region().map(str::to_owned),
            selected.organization_id,
            selected.management_account_id,
            caller,
            started_at,
            accounts,
            selected.skipped,
        ))
    }
}

impl AuditReport {
    pub(crate) fn new(
        region: Option<String>,
        organization_id: String,
        management_account_id: AccountId,
        caller: CallerIdentity,
        started_at: Timestamp,
        accounts: Vec<AccountAudit>,
        skipped: Vec<Skipped>,
    ) -> Self {
        let mut summary = AuditSummary {
            targeted: accounts.len(),
            skipped: skipped.len(),
            ..AuditSummary::default()
        };
        for audit in &accounts {
            let Some(creds) = &audit.credentials else {
                summary.failed += 1;
                continue;
            };
            summary.audited += 1;
            summary.clean += usize::from(creds.is_empty());
            summary.with_password += usize::from(creds.password.is_some());
            summary.with_access_keys += usize::from(!creds.access_keys.is_empty());
            summary.access_keys += creds.access_keys.len();
            summary.with_signing_certificates +=
                usize::from(!creds.signing_certificates.is_empty());
            summary.signing_certificates += creds.signing_certificates.len();
            summary.with_mfa += usize::from(!creds.mfa_devices.is_empty());
            summary.mfa_devices += creds.mfa_devices.len();
            summary.with_warnings += usize::from(!audit.warnings.is_empty());
        }
        Self {
            organization_id,
            management_account_id,
            caller,
            started_at,
            finished_at: Utc::now(),
            accounts,
            skipped,
            summary,
            region,
        }
    }
}
