//! How an [`Error`] is written to JSON (reports, journals) and read back: its kind, its
//! message and its context; the underlying source only by its message.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Error, ErrorContext, ErrorKind, PolicyChange, Source};
use crate::model::AccountId;

/// The serialized form of an [`Error`]: its kind, its message, and its context. The
/// underlying source is summarized by its message, since SDK errors do not serialize.
#[derive(Serialize, Deserialize)]
struct ErrorRecord {
    kind: ErrorKind,
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    context: Option<ErrorContext>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    input: Option<(String, String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timeout: Option<(String, Option<AccountId>, u64)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    journal: Option<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    config: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    changed: Option<PolicyChange>,
}

/// A source rebuilt from its message when an error is read back from JSON.
#[derive(Debug)]
struct RecordedSource(String);

impl fmt::Display for RecordedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RecordedSource {}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let input = match self {
            Error::InvalidInput { what, value, rule } => {
                Some((what.to_string(), value.clone(), rule.to_string()))
            }
            _ => None,
        };
        let timeout = match self {
            Error::Timeout {
                operation,
                account_id,
                after,
            } => Some((operation.to_string(), *account_id, after.as_millis() as u64)),
            _ => None,
        };
        let config = match self {
            Error::Config { message } => Some(message.clone()),
            _ => None,
        };
        let journal = match self {
            Error::Journal { path, message } => Some((path.clone(), message.clone())),
            _ => None,
        };
        ErrorRecord {
            kind: self.kind(),
            message: self.to_string(),
            context: self.context().cloned(),
            source: self
                .parts()
                .and_then(|(_, source)| source.as_ref().map(|s| s.to_string())),
            input,
            timeout,
            journal,
            config,
            changed: match self {
                Error::PolicyChanged { change } => Some((**change).clone()),
                _ => None,
            },
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Error {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = ErrorRecord::deserialize(deserializer)?;
        if let Some((operation, account_id, millis)) = record.timeout {
            return Ok(Error::Timeout {
                operation: Cow::Owned(operation),
                account_id,
                after: std::time::Duration::from_millis(millis),
            });
        }
        if let Some((path, message)) = record.journal {
            return Ok(Error::Journal { path, message });
        }
        if let Some(message) = record.config {
            return Ok(Error::config(message));
        }
        if let Some(change) = record.changed {
            return Ok(Error::PolicyChanged {
                change: Box::new(change),
            });
        }
        Ok(match (record.kind, record.input, record.context) {
            (ErrorKind::InvalidInput, Some((what, value, rule)), _) => {
                Error::invalid_input(what, value, rule)
            }
            (ErrorKind::InvalidInput | ErrorKind::Config, _, _) | (_, _, None) => {
                Error::config(record.message)
            }
            (kind, _, Some(context)) => {
                let source = record
                    .source
                    .map(|text| Arc::new(RecordedSource(text)) as Source);
                Error::from_kind(kind, context, source)
            }
        })
    }
}
