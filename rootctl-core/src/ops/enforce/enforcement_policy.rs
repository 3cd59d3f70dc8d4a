//! [`EnforcementPolicy`]: what [`Rootctl::enforce`](crate::Rootctl::enforce) keeps true,
//! declared in a TOML or JSON file (or a Python dict) or built in code.
//!
//! A file and a dict have the same keys; every key and value is checked before any AWS
//! call, and a bad one is an [`Error::InvalidInput`] naming the key (`kinds`,
//! `exceptions[1].expires`, ...). The parsing is by hand, not by serde's derive, so that
//! the error names the key whatever the format.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::parse::{
    abbreviate, bad_value, check_keys, kinds_in_order, parse_exception, parse_hours, parse_kinds,
    parse_list, short, toml_to_json,
};
use crate::error::{Error, Result};
use crate::model::{AccountId, CredentialKind};
use crate::ops::removal::DEFAULT_MAX_PLAN_AGE;
use crate::ops::select::Selection;

/// The keys of a policy, in the order the docs list them.
pub const POLICY_KEYS: [&str; 10] = [
    "kinds",
    "accounts",
    "ous",
    "tags",
    "exclude_accounts",
    "exclude_ous",
    "exclude_tags",
    "exceptions",
    "journal",
    "max_plan_age_hours",
];

/// The keys of one entry of `exceptions`.
pub const EXCEPTION_KEYS: [&str; 4] = ["account", "reason", "keep", "expires"];

/// A break-glass account allowed to keep some root credentials, with the reason and an
/// optional expiry date. From the expiry date on (00:00 UTC that day) the exception no
/// longer applies: the account is enforced like any other, and the report says so.
/// The account must be one the policy targets: each run checks that before any root
/// session, and stops on an account outside the organization, the management account,
/// or one the selection leaves out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyException {
    /// The account.
    pub account: AccountId,
    /// Why it may keep them (shown in every report).
    pub reason: String,
    /// The kinds it may keep, in removal order; never empty.
    pub keep: Vec<CredentialKind>,
    /// The first day the exception no longer applies; `None` for no end.
    pub expires: Option<NaiveDate>,
}

impl PolicyException {
    /// An exception for `account`, keeping `keep`, for `reason` (neither may be empty).
    pub fn new(
        account: AccountId,
        reason: impl Into<String>,
        keep: impl IntoIterator<Item = CredentialKind>,
    ) -> Result<Self> {
        let reason = reason.into();
        if reason.trim().is_empty() {
            return Err(bad_value(
                "exceptions[].reason",
                "",
                "must say why (not empty)",
            ));
        }
        let keep = kinds_in_order(keep);
        if keep.is_empty() {
            return Err(bad_value(
                "exceptions[].keep",
                "[]",
                "must name at least one kind the account may keep",
            ));
        }
        Ok(Self {
            account,
            reason,
            keep,
            expires: None,
        })
    }

    /// The same exception, ending on `date`.
    pub fn expires(mut self, date: NaiveDate) -> Self {
        self.expires = Some(date);
        self
    }

    /// Whether the exception no longer applies on `today`.
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.expires.is_some_and(|expires| today >= expires)
    }
}

/// What `enforce` keeps true: the credential kinds no selected account may hold, the
/// selection it applies to, its exceptions, where each run's journal goes, and how old
/// the plan of a run may be. [`EnforcementPolicy::default`] forbids all four kinds in
/// every ACTIVE member account.
///
/// ```
/// use rootctl::{CredentialKind, EnforcementPolicy};
///
/// let policy = EnforcementPolicy::from_toml(r#"
///     kinds = ["password", "access_keys"]
///     exclude_tags = ["sandbox"]
///
///     [[exceptions]]
///     account = "111122223333"
///     reason = "break-glass, hardware MFA in the safe"
///     keep = ["password", "mfa_devices"]
///     expires = 2099-12-31
/// "#)?;
/// assert_eq!(policy.kinds, [CredentialKind::Password, CredentialKind::AccessKey]);
/// assert_eq!(policy.exceptions[0].keep.len(), 2);
///
/// let err = EnforcementPolicy::from_json(r#"{"kind": ["password"]}"#).unwrap_err();
/// assert!(err.to_string().contains("\"kind\""), "{err}");
/// # Ok::<(), rootctl::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct EnforcementPolicy {
    /// The kinds no selected account may hold (unless excepted), in removal order.
    /// Default all four.
    pub kinds: Vec<CredentialKind>,
    /// The accounts the policy applies to, as for `select_accounts`. In a file or dict,
    /// a selection key given as an empty list is refused (leave the key out instead).
    pub selection: Selection,
    /// Accounts allowed to keep some kinds.
    pub exceptions: Vec<PolicyException>,
    /// A directory for the journals: each run that removes something writes its own
    /// journal there (`enforce-<plan id>.jsonl`), and each run that may change something
    /// holds the run lock `enforce.lock` there, so two runs never overlap. `None`: no
    /// journal, no lock.
    pub journal: Option<PathBuf>,
    /// The `max_plan_age` given to `apply_removal`. Default 24 hours.
    pub max_plan_age: Option<Duration>,
}

impl Default for EnforcementPolicy {
    fn default() -> Self {
        Self {
            kinds: CredentialKind::ALL.to_vec(),
            selection: Selection::all(),
            exceptions: Vec::new(),
            journal: None,
            max_plan_age: Some(DEFAULT_MAX_PLAN_AGE),
        }
    }
}

impl EnforcementPolicy {
    /// Reads a policy file: TOML when the name ends in `.toml`, JSON when it ends in
    /// `.json`, otherwise JSON if the text starts with `{` and TOML if not.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::invalid_input(
                "policy file",
                path.display().to_string(),
                format!("cannot be read: {e}"),
            )
        })?;
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let json = match extension {
            "json" => true,
            "toml" => false,
            _ => text.trim_start().starts_with('{'),
        };
        if json {
            Self::from_json(&text)
        } else {
            Self::from_toml(&text)
        }
    }

    /// Reads a policy written as JSON.
    pub fn from_json(text: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| bad_value("policy", abbreviate(text), format!("is not JSON: {e}")))?;
        Self::from_value(&value)
    }

    /// Reads a policy written as TOML (dates may be TOML dates or strings).
    pub fn from_toml(text: &str) -> Result<Self> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            bad_value(
                "policy",
                abbreviate(text),
                format!("is not TOML: {}", e.to_string().trim()),
            )
        })?;
        Self::from_value(&toml_to_json(toml::Value::Table(table)))
    }

    /// Reads a policy from a JSON value (an object with the keys of [`POLICY_KEYS`]).
    pub fn from_value(value: &Value) -> Result<Self> {
        let Some(object) = value.as_object() else {
            return Err(bad_value(
                "policy",
                short(value),
                "must be a table / object of keys",
            ));
        };
        check_keys(object, &POLICY_KEYS, "")?;
        let mut policy = Self::default();
        if let Some(kinds) = object.get("kinds") {
            policy.kinds = parse_kinds(kinds, "kinds")?;
            if policy.kinds.is_empty() {
                return Err(bad_value(
                    "kinds",
                    "[]",
                    format!(
                        "must name at least one of {} (leave the key out for all {})",
                        CredentialKind::plural_names(),
                        CredentialKind::count_in_words()
                    ),
                ));
            }
        }
        let selection = &mut policy.selection;
        selection.accounts = parse_list(object, "accounts")?;
        selection.ous = parse_list(object, "ous")?;
        selection.tags = parse_list(object, "tags")?;
        selection.exclude_accounts = parse_list(object, "exclude_accounts")?;
        selection.exclude_ous = parse_list(object, "exclude_ous")?;
        selection.exclude_tags = parse_list(object, "exclude_tags")?;
        if let Some(exceptions) = object.get("exceptions") {
            let Some(list) = exceptions.as_array() else {
                return Err(bad_value("exceptions", short(exceptions), "must be a list"));
            };
            for (index, entry) in list.iter().enumerate() {
                policy.exceptions.push(parse_exception(entry, index)?);
            }
        }
        match object.get("journal") {
            None | Some(Value::Null) => {}
            Some(Value::String(path)) if !path.is_empty() => {
                policy.journal = Some(PathBuf::from(path));
            }
            Some(other) => {
                return Err(bad_value(
                    "journal",
                    short(other),
                    "must be a directory path",
                ));
            }
        }
        if let Some(hours) = object.get("max_plan_age_hours") {
            policy.max_plan_age = Some(parse_hours(hours)?);
        }
        policy.validate()?;
        Ok(policy)
    }

    /// Checks what building a policy in code could get wrong: no kinds, an account with
    /// two exceptions, an exception without a reason or without kinds to keep.
    pub fn validate(&self) -> Result<()> {
        if self.kinds.is_empty() {
            return Err(bad_value("kinds", "[]", "must name at least one kind"));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (index, exception) in self.exceptions.iter().enumerate() {
            let key = |field: &str| format!("exceptions[{index}].{field}");
            if !seen.insert(exception.account) {
                return Err(bad_value(
                    key("account"),
                    exception.account.as_str(),
                    "has a second exception; give each account one",
                ));
            }
            if exception.reason.trim().is_empty() {
                return Err(bad_value(key("reason"), "", "must say why (not empty)"));
            }
            if exception.keep.is_empty() {
                return Err(bad_value(key("keep"), "[]", "must name at least one kind"));
            }
        }
        Ok(())
    }

    /// The exception for `account`, expired or not.
    pub fn exception(&self, account: &AccountId) -> Option<&PolicyException> {
        self.exceptions.iter().find(|e| e.account == *account)
    }

    /// The policy as a JSON object with the file's keys, every key present (a selection
    /// list not given is null): what the report records, what
    /// [`EnforcementPolicy::digest`] hashes, and what [`from_value`](Self::from_value)
    /// reads back.
    pub fn to_value(&self) -> Value {
        // A selection list not given is null: an empty list is not a policy value (it
        // would read as "every account"), and null reads back as "not given".
        let strings = |items: Vec<String>| {
            if items.is_empty() {
                Value::Null
            } else {
                Value::from(items)
            }
        };
        let s = &self.selection;
        json!({
            "kinds": self.kinds.iter().map(|k| k.plural()).collect::<Vec<_>>(),
            "accounts": strings(s.accounts.iter().map(ToString::to_string).collect()),
            "ous": strings(s.ous.iter().map(|o| o.as_str().to_owned()).collect()),
            "tags": strings(s.tags.iter().map(ToString::to_string).collect()),
            "exclude_accounts": strings(s.exclude_accounts.iter().map(ToString::to_string).collect()),
            "exclude_ous": strings(s.exclude_ous.iter().map(|o| o.as_str().to_owned()).collect()),
            "exclude_tags": strings(s.exclude_tags.iter().map(ToString::to_string).collect()),
            "exceptions": self.exceptions.iter().map(|e| json!({
                "account": e.account.to_string(),
                "reason": e.reason,
                "keep": e.keep.iter().map(|k| k.plural()).collect::<Vec<_>>(),
                "expires": e.expires.map(|d| d.to_string()),
            })).collect::<Vec<_>>(),
            "journal": self.journal.as_ref().map(|p| p.display().to_string()),
            "max_plan_age_hours": self.max_plan_age.map(|d| d.as_secs_f64() / 3600.0),
        })
    }

    /// `sha256:` and the hex SHA-256 of [`to_value`](Self::to_value) as compact JSON
    /// (keys sorted): the same policy, however it was written, has the same digest.
    pub fn digest(&self) -> String {
        use sha2::Digest;
        let canonical = self.to_value().to_string();
        let hash = sha2::Sha256::digest(canonical.as_bytes());
        let hex: String = hash.iter().map(|byte| format!("{byte:02x}")).collect();
        format!("sha256:{hex}")
    }
}
