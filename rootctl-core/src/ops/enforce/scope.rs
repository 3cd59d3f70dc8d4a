//! Whether each exception of a policy protects an account the policy really targets,
//! checked once the selection is resolved and before any root session
//! (docs/enforcement.md, "Exceptions are checked against the organization").
//!
//! An exception that protects nothing is almost always a mistake whose cost is the
//! credential it was meant to keep: a typed account id leaves the real break-glass
//! account enforced like any other. So it stops the run instead of being reported.
//!
//! The same resolved selection decides what a preview's plan may remove when it is
//! applied later ([`plan_overreach`]): the preview is JSON a person may edit, so nothing
//! it says about itself is trusted.

use chrono::NaiveDate;

use super::enforcement_policy::EnforcementPolicy;
use super::parse::bad_value;
use crate::error::Result;
use crate::ops::removal::RemovalPlan;
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

/// Why `plan` removes something `policy` does not allow as of `today`, if it does: an
/// item in an account the selection (resolved now, as `selected`) leaves out or that is
/// not in the organization, an item of a kind the policy does not forbid, or an item of a
/// kind an exception in force for the account keeps. `apply_enforcement` refuses such a
/// plan before any change (docs/enforcement.md, "Preview, then apply what was shown").
///
/// An account the selection selects but skips because it is not ACTIVE now passes: the
/// removal touches no account that is not ACTIVE, and reports its items skipped.
pub(super) fn plan_overreach(
    policy: &EnforcementPolicy,
    selected: &SelectedAccounts,
    plan: &RemovalPlan,
    today: NaiveDate,
) -> Option<String> {
    for planned in &plan.accounts {
        let account = planned.account_id;
        let Some(first) = planned.items.first() else {
            continue;
        };
        if !selected.targets.iter().any(|t| t.account_id == account) {
            let why = match selected.skipped.iter().find(|s| s.account_id == account) {
                Some(skipped) if matches!(skipped.reason, SkipReason::NotActive { .. }) => None,
                Some(skipped) => Some(format!(
                    "which the policy's selection leaves out ({})",
                    skipped.reason
                )),
                None => Some(format!(
                    "which is not an account of organization {}",
                    selected.organization_id
                )),
            };
            if let Some(why) = why {
                return Some(format!(
                    "has a plan that removes {first} in account {account}, {why}: the policy \
                     does not allow it; nothing was changed"
                ));
            }
        }
        for item in &planned.items {
            if !policy.kinds.contains(&item.kind) {
                return Some(format!(
                    "has a plan that removes {item} in account {account}, but the policy \
                     forbids only {:?}; nothing was changed",
                    policy.kinds
                ));
            }
            let keeping = policy.exceptions.iter().find(|e| {
                e.account == account && !e.is_expired(today) && e.keep.contains(&item.kind)
            });
            if let Some(exception) = keeping {
                let until = exception
                    .expires
                    .map_or_else(|| "no end".to_owned(), |date| format!("until {date}"));
                return Some(format!(
                    "has a plan that removes {item} in account {account}, which the policy's \
                     exception for the account keeps ({:?}, in force {until}); nothing was \
                     changed",
                    exception.reason
                ));
            }
        }
    }
    None
}
