//! `allow_password_recovery`: let a member's root user set a password again.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::select::{Selection, Skipped};
use crate::boundary::RootIam;
use crate::engine::Rootctl;
use crate::engine::fanout::for_each_account;
use crate::engine::progress::ProgressFn;
use crate::engine::session::AccountSession;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{AccountId, Creation, TaskPolicy};

/// What happened in one account.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RecoveryOutcome {
    /// A password-less login profile was created: the root user can now recover a
    /// password through "Forgot password".
    Enabled,
    /// The root user already has a password (`EntityAlreadyExists`); nothing changed.
    AlreadyPossible,
    /// It failed.
    Failed {
        /// Why.
        error: Error,
    },
}

impl RecoveryOutcome {
    /// `enabled`, `already_possible` or `failed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RecoveryOutcome::Enabled => "enabled",
            RecoveryOutcome::AlreadyPossible => "already_possible",
            RecoveryOutcome::Failed { .. } => "failed",
        }
    }
}

/// One account's result.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountRecovery {
    /// The account id.
    pub account_id: AccountId,
    /// The account name.
    pub name: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: RecoveryOutcome,
}

/// The result of [`Rootctl::allow_password_recovery`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecoveryReport {
    /// One entry per targeted account, by account id.
    pub accounts: Vec<AccountRecovery>,
    /// Named accounts that were not targeted (not ACTIVE).
    pub skipped: Vec<Skipped>,
}

impl RecoveryReport {
    /// Whether no account failed.
    pub fn ok(&self) -> bool {
        !self
            .accounts
            .iter()
            .any(|a| matches!(a.outcome, RecoveryOutcome::Failed { .. }))
    }
}

impl Rootctl {
    /// Allows the root users of `accounts` to recover a password: in each, a root
    /// session with `IAMCreateRootUserPassword` creates a login profile without a password.
    ///
    /// Needs RootCredentialsManagement (see [`TaskPolicy::required_features`] for why not
    /// RootSessions); if it is off this returns [`Error::FeatureNotEnabled`] naming it,
    /// before any AssumeRoot.
    pub async fn allow_password_recovery(
        &self,
        accounts: &[AccountId],
        progress: Option<ProgressFn>,
    ) -> Result<RecoveryReport> {
        if accounts.is_empty() {
            return Err(Error::invalid_input(
                "accounts",
                "[]",
                "name at least one member account",
            ));
        }
        let selected = self
            .select_accounts(&Selection::accounts(accounts.iter().copied()))
            .await?;
        let features = self.features().await?;
        let missing: Vec<&str> = TaskPolicy::IamCreateRootUserPassword
            .required_features()
            .iter()
            .filter(|f| !features.has(**f))
            .map(|f| f.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(Error::from_kind(
                ErrorKind::FeatureNotEnabled,
                ErrorContext::new(Service::Iam, "ListOrganizationsFeatures").message(format!(
                    "password recovery needs {} enabled ({} off); run enable first",
                    TaskPolicy::IamCreateRootUserPassword
                        .required_features()
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(" and "),
                    missing.join(" and ")
                )),
                None,
            ));
        }
        let accounts_named = |id: AccountId| accounts.contains(&id);
        let run = self.run("allow_password_recovery", progress);
        let ids: Vec<AccountId> = selected.targets.iter().map(|t| t.account_id).collect();
        let worker = run.clone();
        let results = for_each_account(&run, &ids, move |account| {
            let run = worker.clone();
            async move {
                let iam: Arc<dyn RootIam> = Arc::clone(run.iam());
                let iam = &iam;
                let mut session = AccountSession::new(
                    run.clone(),
                    account,
                    TaskPolicy::IamCreateRootUserPassword,
                );
                session
                    .call("CreateLoginProfile", |s| async move {
                        iam.create_login_profile(&s).await
                    })
                    .await
            }
        })
        .await;
        let outcomes = selected
            .targets
            .iter()
            .zip(results)
            .map(|(target, result)| AccountRecovery {
                account_id: target.account_id,
                name: target.name.clone(),
                outcome: match result {
                    Ok(Creation::Created) => RecoveryOutcome::Enabled,
                    Ok(Creation::AlreadyExists) => RecoveryOutcome::AlreadyPossible,
                    Err(error) => RecoveryOutcome::Failed {
                        error: error.with_account(target.account_id),
                    },
                },
            })
            .collect();
        // Only the named accounts matter here; the rest of the organization was never asked for.
        let skipped = selected
            .skipped
            .into_iter()
            .filter(|s| accounts_named(s.account_id))
            .collect();
        Ok(RecoveryReport {
            accounts: outcomes,
            skipped,
        })
    }
}

impl fmt::Display for RecoveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for account in &self.accounts {
            match &account.outcome {
                RecoveryOutcome::Failed { error } => writeln!(
                    f,
                    "  {}  {:<24}  failed: {error}",
                    account.account_id, account.name
                )?,
                outcome => writeln!(
                    f,
                    "  {}  {:<24}  {}",
                    account.account_id,
                    account.name,
                    outcome.as_str()
                )?,
            }
        }
        for skipped in &self.skipped {
            writeln!(
                f,
                "  {}  {:<24}  skipped: {}",
                skipped.account_id, skipped.name, skipped.reason
            )?;
        }
        Ok(())
    }
}
