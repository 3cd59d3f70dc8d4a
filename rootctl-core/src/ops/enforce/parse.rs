//! The parsing behind [`EnforcementPolicy::from_value`](super::EnforcementPolicy::from_value):
//! every value checked by hand, so that each error names its key whatever the format.

use std::time::Duration;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::enforcement_policy::{EXCEPTION_KEYS, PolicyException};
use crate::error::{Error, Result};
use crate::model::{AccountId, CredentialKind};

pub(super) fn bad_value(
    key: impl Into<String>,
    value: impl Into<String>,
    rule: impl Into<String>,
) -> Error {
    Error::invalid_input(format!("policy key {}", key.into()), value, rule.into())
}

pub(super) fn check_keys(object: &Map<String, Value>, known: &[&str], prefix: &str) -> Result<()> {
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(unknown) => Err(Error::invalid_input(
            "policy key",
            abbreviate(&format!("{prefix}{unknown}")),
            format!(
                "is not a key of {}; the keys are {}",
                if prefix.is_empty() {
                    "a policy"
                } else {
                    "an exception"
                },
                known.join(", ")
            ),
        )),
    }
}

pub(super) fn kinds_in_order(
    kinds: impl IntoIterator<Item = CredentialKind>,
) -> Vec<CredentialKind> {
    let mut kinds: Vec<CredentialKind> = kinds.into_iter().collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

pub(super) fn parse_kinds(value: &Value, key: &str) -> Result<Vec<CredentialKind>> {
    let names = string_list(value, key)?;
    let kinds = names
        .iter()
        .map(|name| {
            name.parse::<CredentialKind>().map_err(|_| {
                bad_value(
                    key,
                    abbreviate(name),
                    format!("must be one of {}", CredentialKind::plural_names()),
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(kinds_in_order(kinds))
}

pub(super) fn string_list(value: &Value, key: &str) -> Result<Vec<String>> {
    let shape = || bad_value(key, short(value), "must be a list of strings");
    value
        .as_array()
        .ok_or_else(shape)?
        .iter()
        .map(|item| item.as_str().map(str::to_owned).ok_or_else(shape))
        .collect()
}

/// A selection list (ids or tag filters, each parsed by its `FromStr`). A key left out,
/// or null, is not given. An empty list is refused: read as "not given" it would widen
/// `accounts = []` to the whole organization, so no file may rely on what it means
/// (docs/enforcement.md, "The policy").
pub(super) fn parse_list<T: std::str::FromStr<Err = Error>>(
    object: &Map<String, Value>,
    key: &str,
) -> Result<Vec<T>> {
    let value = match object.get(key) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(value) => value,
    };
    let items = string_list(value, key)?;
    if items.is_empty() {
        let what = match key {
            "accounts" | "exclude_accounts" => "account id",
            "ous" | "exclude_ous" => "OU or root id",
            _ => "tag (KEY or KEY=VALUE)",
        };
        let advice = if key.starts_with("exclude_") {
            "leave the key out to exclude nothing"
        } else {
            "leave the key out to select every account"
        };
        return Err(bad_value(
            key,
            "[]",
            format!("must name at least one {what}; {advice}"),
        ));
    }
    items
        .iter()
        .map(|item| {
            item.parse::<T>()
                .map_err(|e| bad_value(key, abbreviate(item), inner_rule(&e)))
        })
        .collect()
}

/// The rule of an `InvalidInput` (what follows the value), to re-word it under the key.
pub(super) fn inner_rule(error: &Error) -> String {
    match error {
        Error::InvalidInput { rule, .. } => rule.to_string(),
        other => other.to_string(),
    }
}

pub(super) fn parse_exception(entry: &Value, index: usize) -> Result<PolicyException> {
    let key = |field: &str| format!("exceptions[{index}].{field}");
    let Some(object) = entry.as_object() else {
        return Err(bad_value(
            format!("exceptions[{index}]"),
            short(entry),
            "must be a table / object with account, reason, keep and optionally expires",
        ));
    };
    check_keys(object, &EXCEPTION_KEYS, &format!("exceptions[{index}]."))?;
    let required = |field: &str| {
        object
            .get(field)
            .ok_or_else(|| bad_value(key(field), "", "is required"))
    };
    let account = required("account")?;
    let account = account
        .as_str()
        .ok_or_else(|| {
            bad_value(
                key("account"),
                short(account),
                "must be a string of 12 digits",
            )
        })?
        .parse::<AccountId>()
        .map_err(|e| bad_value(key("account"), short(account), inner_rule(&e)))?;
    let reason = required("reason")?;
    let reason = match reason.as_str() {
        Some(text) if !text.trim().is_empty() => text.to_owned(),
        _ => {
            return Err(bad_value(
                key("reason"),
                short(reason),
                "must say why (a non-empty string)",
            ));
        }
    };
    let keep = parse_kinds(required("keep")?, &key("keep"))?;
    if keep.is_empty() {
        return Err(bad_value(
            key("keep"),
            "[]",
            "must name at least one kind the account may keep",
        ));
    }
    let expires = match object.get("expires") {
        None | Some(Value::Null) => None,
        Some(value) => {
            let text = value.as_str().unwrap_or_default();
            Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                bad_value(
                    key("expires"),
                    short(value),
                    "must be an ISO date, YYYY-MM-DD",
                )
            })?)
        }
    };
    Ok(PolicyException {
        account,
        reason,
        keep,
        expires,
    })
}

pub(super) fn parse_hours(value: &Value) -> Result<Duration> {
    value
        .as_f64()
        .filter(|hours| hours.is_finite() && *hours > 0.0 && *hours <= 24.0 * 365.0)
        .map(|hours| Duration::from_secs_f64(hours * 3600.0))
        .ok_or_else(|| {
            bad_value(
                "max_plan_age_hours",
                short(value),
                "must be a number of hours above 0 (at most a year)",
            )
        })
}

/// TOML to JSON; dates and times become their ISO text.
pub(super) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

pub(super) fn short(value: &Value) -> String {
    match value {
        Value::String(s) => abbreviate(s),
        other => abbreviate(&other.to_string()),
    }
}

pub(super) fn abbreviate(text: &str) -> String {
    let mut shortened: String = text.chars().take(60).collect();
    if shortened.len() < text.len() {
        shortened.push('…');
    }
    shortened
}
