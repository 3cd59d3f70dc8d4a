//! Which account an EventBridge event about the organization names: the input of
//! [`Rootctl::handle_event`](crate::Rootctl::handle_event).
//!
//! Organizations is a global service whose CloudTrail events EventBridge delivers in
//! us-east-1. Three events bring an account into scope (shapes as AWS documents them):
//!
//! | `detail.eventName` | `detail-type` | the account |
//! |---|---|---|
//! | `CreateAccountResult` | `AWS Service Event via CloudTrail` | `detail.serviceEventDetails.createAccountStatus.accountId`, when its `state` is `SUCCEEDED` |
//! | `MoveAccount` | `AWS API Call via CloudTrail` | `detail.requestParameters.accountId` |
//! | `AcceptHandshake` | `AWS API Call via CloudTrail` | the caller, `detail.userIdentity.accountId` (also `detail.recipientAccountId`), when the handshake is an `INVITE` |
//!
//! A failed call (`detail.errorCode` set), a creation that did not succeed, another
//! handshake (such as `ENABLE_ALL_FEATURES`) and any other event are ignored, not
//! errors: a rule may be broader than this handler.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::parse::{abbreviate, short};
use crate::error::{Error, Result};
use crate::model::AccountId;

/// The event names [`EventTrigger::from_event`] acts on.
pub const EVENT_NAMES: [&str; 3] = ["AcceptHandshake", "CreateAccountResult", "MoveAccount"];

/// The event an event-driven run acts on: which account, and which event said so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventTrigger {
    /// `AcceptHandshake`, `CreateAccountResult` or `MoveAccount`.
    pub event_name: String,
    /// The account the event brings into the organization or moves.
    pub account_id: AccountId,
    /// The EventBridge event id (`id`), if present.
    pub event_id: Option<String>,
    /// When the call or service event happened (`detail.eventTime`), as sent.
    pub event_time: Option<String>,
}

impl fmt::Display for EventTrigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} for account {}", self.event_name, self.account_id)?;
        if let Some(id) = &self.event_id {
            write!(f, " (event {id})")?;
        }
        Ok(())
    }
}

impl EventTrigger {
    /// The account an EventBridge event names, or `None` for an event this handler
    /// ignores (see the module docs). Something that is not an EventBridge event at all
    /// (not an object, no `detail`), or an account id that is not 12 digits, is an
    /// [`Error::InvalidInput`].
    pub fn from_event(event: &Value) -> Result<Option<Self>> {
        // An event can be anything a rule forwards: it is named by an abbreviation, and
        // so is any value taken from it.
        let bad =
            |rule: &str| Error::invalid_input("EventBridge event", short(event), rule.to_owned());
        let Some(detail) = event.get("detail").filter(|d| d.is_object()) else {
            return Err(bad("has no \"detail\" object: not an EventBridge event"));
        };
        if event.get("source").and_then(Value::as_str) != Some("aws.organizations")
            || detail.get("eventSource").and_then(Value::as_str)
                != Some("organizations.amazonaws.com")
            || detail.get("errorCode").is_some_and(|code| !code.is_null())
        {
            return Ok(None);
        }
        let text = |path: &[&str]| {
            path.iter()
                .try_fold(detail, |value, key| value.get(key))
                .and_then(Value::as_str)
        };
        let event_name = text(&["eventName"]).unwrap_or_default();
        let account = match event_name {
            "CreateAccountResult" => {
                let status = ["serviceEventDetails", "createAccountStatus"];
                if text(&[status[0], status[1], "state"]) != Some("SUCCEEDED") {
                    return Ok(None);
                }
                text(&[status[0], status[1], "accountId"])
            }
            "MoveAccount" => text(&["requestParameters", "accountId"]),
            "AcceptHandshake" => {
                // Only an invitation brings an account in; its action is in the response.
                let action = text(&["responseElements", "handshake", "action"]);
                if action != Some("INVITE") {
                    return Ok(None);
                }
                text(&["userIdentity", "accountId"]).or_else(|| text(&["recipientAccountId"]))
            }
            _ => return Ok(None),
        };
        let Some(account) = account else {
            return Err(bad(&format!(
                "is a {event_name} event that names no account id"
            )));
        };
        let account_id = account.parse::<AccountId>().map_err(|_| {
            bad(&format!(
                "is a {event_name} event whose account id {:?} is not 12 digits",
                abbreviate(account)
            ))
        })?;
        Ok(Some(Self {
            event_name: event_name.to_owned(),
            account_id,
            event_id: event.get("id").and_then(Value::as_str).map(str::to_owned),
            event_time: text(&["eventTime"]).map(str::to_owned),
        }))
    }
}
