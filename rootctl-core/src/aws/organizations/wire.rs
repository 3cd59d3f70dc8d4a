//! Reading Organizations responses into model types: the fields AWS always sends but the
//! SDK models as optional, ids that must parse, the organization and its roots, an account's state from either generation
//! of the field, and policy summaries of the type asked for.

use std::str::FromStr;

use aws_sdk_organizations::types as sdk;

use super::super::convert::opt_timestamp;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{
    Account, AccountId, AccountState, DelegatedAdministrator, FeatureSet, Organization,
    OrganizationalUnit, ParentId, PolicySummary, PolicyType, Root,
};

/// The `reason` of an operation that returns no `ConstraintViolationException`.
pub(super) fn no_reason<E>(_: &E) -> Option<&sdk::ConstraintViolationExceptionReason> {
    None
}

/// A response field that AWS always sends but the SDK models as optional.
pub(super) fn required<'a>(
    operation: &'static str,
    field: &str,
    value: Option<&'a str>,
) -> Result<&'a str> {
    value.ok_or_else(|| malformed(operation, format!("the response has no {field}")))
}

pub(super) fn malformed(operation: &'static str, message: String) -> Error {
    Error::from_kind(
        ErrorKind::Aws,
        ErrorContext::new(Service::Organizations, operation).message(message),
        None,
    )
}

pub(super) fn account_id(operation: &'static str, value: Option<&str>) -> Result<AccountId> {
    parse_id(operation, "account id", "account id", value)
}

pub(super) fn parent_id(operation: &'static str, value: Option<&str>) -> Result<ParentId> {
    parse_id(operation, "id", "parent id", value)
}

/// The id in `field`, which must be present and parse as a `what`.
fn parse_id<T: FromStr<Err = Error>>(
    operation: &'static str,
    field: &str,
    what: &str,
    value: Option<&str>,
) -> Result<T> {
    let text = required(operation, field, value)?;
    text.parse()
        .map_err(|e: Error| malformed(operation, format!("the response carries a bad {what}: {e}")))
}

/// An account's lifecycle state from either generation of the field.
///
/// `State` is the current field; `Status` (`ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`) was
/// retired on 2026-09-09 but is still the only one some endpoints send (emulators, and
/// responses cached from before the change). `State` wins when both are present; a
/// `Status` value maps to the `State` of the same name. With neither, the state is
/// [`AccountState::Unknown`] with an empty raw value, which selection reports as "not
/// reported" rather than guessing: only an account known to be ACTIVE is ever a target.
pub(super) fn state(
    state: Option<&sdk::AccountState>,
    status: Option<&sdk::AccountStatus>,
) -> AccountState {
    match (state, status) {
        (Some(state), _) => AccountState::from_wire(state.as_str()),
        (None, Some(status)) => AccountState::from_wire(status.as_str()),
        (None, None) => AccountState::Unknown(String::new()),
    }
}

pub(super) fn account(operation: &'static str, a: &sdk::Account) -> Result<Account> {
    Ok(Account {
        id: account_id(operation, a.id())?,
        arn: a.arn().unwrap_or_default().to_owned(),
        name: a.name().unwrap_or_default().to_owned(),
        email: a.email().unwrap_or_default().to_owned(),
        state: state(a.state(), a.status()),
        joined: opt_timestamp(a.joined_timestamp()),
    })
}

pub(super) fn sdk_policy_type(policy_type: PolicyType) -> sdk::PolicyType {
    match policy_type {
        PolicyType::ServiceControlPolicy => sdk::PolicyType::ServiceControlPolicy,
        PolicyType::ResourceControlPolicy => sdk::PolicyType::ResourceControlPolicy,
    }
}

/// A policy summary; `expected` is the type asked for, taken when the summary names none.
/// `None` for a summary of another type: it is not the policy asked for.
pub(super) fn policy_summary(
    operation: &'static str,
    p: &sdk::PolicySummary,
    expected: Option<PolicyType>,
) -> Result<Option<PolicySummary>> {
    let policy_type = match (
        p.r#type().map(|t| PolicyType::from_wire(t.as_str())),
        expected,
    ) {
        (Some(Some(t)), Some(expected)) if t != expected => return Ok(None),
        (Some(Some(t)), _) => t,
        (Some(None), _) => return Ok(None),
        (None, Some(expected)) => expected,
        (None, None) => {
            return Err(malformed(
                operation,
                "the policy summary names no policy type".into(),
            ));
        }
    };
    Ok(Some(PolicySummary {
        id: required(operation, "policy id", p.id())?.to_owned(),
        arn: p.arn().unwrap_or_default().to_owned(),
        name: p.name().unwrap_or_default().to_owned(),
        policy_type,
        aws_managed: p.aws_managed(),
    }))
}

pub(super) fn organizational_unit(
    operation: &'static str,
    ou: &sdk::OrganizationalUnit,
) -> Result<OrganizationalUnit> {
    Ok(OrganizationalUnit {
        id: parent_id(operation, ou.id())?,
        arn: ou.arn().unwrap_or_default().to_owned(),
        name: ou.name().unwrap_or_default().to_owned(),
    })
}

pub(super) fn delegated_administrator(
    operation: &'static str,
    admin: &sdk::DelegatedAdministrator,
) -> Result<DelegatedAdministrator> {
    Ok(DelegatedAdministrator {
        account_id: account_id(operation, admin.id())?,
        name: admin.name().unwrap_or_default().to_owned(),
        state: state(admin.state(), admin.status()),
    })
}

pub(super) fn organization(
    operation: &'static str,
    org: &sdk::Organization,
) -> Result<Organization> {
    let feature_set = match org.feature_set() {
        Some(sdk::OrganizationFeatureSet::All) => FeatureSet::All,
        Some(sdk::OrganizationFeatureSet::ConsolidatedBilling) => FeatureSet::ConsolidatedBilling,
        other => FeatureSet::Unknown(other.map(|f| f.as_str().to_owned()).unwrap_or_default()),
    };
    Ok(Organization {
        id: required(operation, "organization id", org.id())?.to_owned(),
        arn: org.arn().unwrap_or_default().to_owned(),
        feature_set,
        management_account_id: account_id(operation, org.master_account_id())?,
    })
}

pub(super) fn root(operation: &'static str, root: &sdk::Root) -> Result<Root> {
    Ok(Root {
        id: parent_id(operation, root.id())?,
        arn: root.arn().unwrap_or_default().to_owned(),
        name: root.name().unwrap_or_default().to_owned(),
        enabled_policy_types: root
            .policy_types()
            .iter()
            // A type being enabled or disabled may be enforced already or still: the
            // pre-flight judges it (docs/scps.md, "What is read").
            .filter(|t| {
                matches!(
                    t.status(),
                    Some(
                        sdk::PolicyTypeStatus::Enabled
                            | sdk::PolicyTypeStatus::PendingEnable
                            | sdk::PolicyTypeStatus::PendingDisable
                    )
                )
            })
            .filter_map(|t| t.r#type().and_then(|t| PolicyType::from_wire(t.as_str())))
            .collect(),
    })
}
