//! Whether each exception of a policy protects an account the policy really targets,
//! checked once the selection is resolved and before any root session
//! (docs/enforcement.md, "Exceptions are checked against the organization").
//!
//! An exception that protects nothing is almost always a mistake whose cost is the
//! credential it was meant to keep: a typed account id leaves the real break-glass
//! account enforced like any other. So it stops the run instead of being reported.

use super::parse::bad_value;
use super::policy::EnforcementPolicy;
use crate::error::Result;
use crate::ops::select::{SelectedAccounts, SkipReason};

/// Refuses, as [`Error::InvalidInput`](crate::Error::InvalidInput) naming
/// `exceptions[i].account`, an exception for an account that is not in the
/// organization, for the management account, or for an account the selection leaves
/// out by its criteria. An account the selection selects but skips for its state (not
/// ACTIVE) is allowed: the exception is reported as not in scope, and applies again
/// once the account is ACTIVE.
pub(super) fn check_exceptions(
    policy: &EnforcementPolicy,
    selected: &SelectedAccounts,
) -> Result<()> {
    let organization = &selected.organization_id;
    for (index, exception) in policy.exceptions.iter().enumerate() {
        let account = exception.account;
        if selected.targets.iter().any(|t| t.account_id == account) {
            continue;
        }
        let key = format!("exceptions[{index}].account");
        let Some(skipped) = selected.skipped.iter().find(|s| s.account_id == account) else {
            return Err(bad_value(
                key,
                account.as_str(),
                format!(
                    "is not an account of organization {organization}, a typo? The exception \
                     would protect nothing while the account it means is enforced; nothing \
                     was audited or removed"
                ),
            ));
        };
        let rule = match &skipped.reason {
            SkipReason::NotActive { .. } => continue,
            SkipReason::ManagementAccount => format!(
                "is the management account of organization {organization}, which is never a \
                 target: the exception protects nothing, so the account it means is probably \
                 another one; nothing was audited or removed"
            ),
            reason => format!(
                "is an account of organization {organization} that the policy's selection \
                 leaves out ({reason}): the exception protects nothing, so the break-glass \
                 account it means is probably another one; nothing was audited or removed"
            ),
        };
        return Err(bad_value(key, account.as_str(), rule));
    }
    Ok(())
}
