//! The probe: one audit-only AssumeRoot into one member account and one read with the
//! session, proving the whole chain (caller policy, features, member SCPs) without
//! changing anything (docs/aws-behaviour.md#permissions).

use super::report::Check;
use super::{ENABLE_HINT, PROBE, failed_call, remediation};
use crate::engine::Rootctl;
use crate::engine::session::AccountSession;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{AccountId, AccountState, Partition, TaskPolicy};
use crate::ops::least_privilege::member_root_resource;

impl Rootctl {
    /// One audit-only AssumeRoot into `requested`, or else the ACTIVE member account with
    /// the lowest id, and one read with the session.
    pub(super) async fn probe(
        &self,
        requested: Option<AccountId>,
        management: AccountId,
    ) -> Result<Check> {
        let accounts = match self
            .with_retries("ListAccounts", || self.organizations.list_accounts())
            .await
        {
            Ok(accounts) => accounts,
            Err(err) => return Ok(failed_call(PROBE, &err)),
        };
        let is_target = |id: AccountId| {
            id != management
                && accounts
                    .iter()
                    .any(|a| a.id == id && a.state == AccountState::Active)
        };
        let target = match requested {
            Some(account) if !is_target(account) => {
                return Err(Error::invalid_input(
                    "probe_account",
                    account.to_string(),
                    "must be an ACTIVE member account of the organization, not the management account",
                ));
            }
            Some(account) => account,
            None => match accounts
                .iter()
                .map(|a| a.id)
                .filter(|&id| is_target(id))
                .min()
            {
                Some(account) => account,
                None => return Ok(Check::skip(PROBE, "no ACTIVE member account to probe")),
            },
        };
        let policy = TaskPolicy::IamAuditRootUserCredentials;
        let mut session =
            AccountSession::new(self.run("check_prerequisites", None), target, policy);
        let iam = &self.iam;
        let read = session
            .call("GetAccountSummary", |s| async move {
                iam.get_account_summary(&s).await
            })
            .await;
        Ok(match read {
            Ok(_) => Check::pass(
                PROBE,
                format!("AssumeRoot with {policy} into {target} and GetAccountSummary succeeded"),
            ),
            Err(err) => Check::fail(
                PROBE,
                err.to_string(),
                probe_remediation(&err, target, self.partition()),
            ),
        })
    }
}

/// What to do when the probe failed, by where and how.
fn probe_remediation(err: &Error, target: AccountId, partition: Partition) -> String {
    let assume_root = err.context().is_some_and(|c| c.operation == "AssumeRoot");
    match err.kind() {
        ErrorKind::AccessDenied if assume_root => format!(
            "Allow the caller sts:AssumeRoot on {} with the \
             IAMAuditRootUserCredentials task policy, and exempt root sessions (condition key \
             aws:AssumedRoot) from any SCP that denies root actions in account {target}.",
            member_root_resource(partition)
        ),
        ErrorKind::AccessDenied => format!(
            "An SCP on account {target} denies the root session: exempt root sessions from it \
             with a condition on the aws:AssumedRoot key."
        ),
        ErrorKind::FeatureNotEnabled => {
            format!("Enable RootCredentialsManagement: {ENABLE_HINT}.")
        }
        ErrorKind::RegionDisabled => {
            "Activate STS in this region (IAM console, account settings) or configure another \
             region."
                .to_owned()
        }
        _ => remediation(err),
    }
}
