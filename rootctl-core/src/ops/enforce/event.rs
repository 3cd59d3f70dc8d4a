//! Which account an EventBridge event names: the input of
//! [`Rootctl::handle_event`](crate::Rootctl::handle_event).
//!
//! Two families of CloudTrail events, delivered through EventBridge, call for a run on
//! one account (docs/enforcement.md#events has each event's shape and the AWS document
//! it is taken from):
//!
//! - **Membership**, logged in the management account (`source` `aws.organizations`):
//!   `AccountJoinedOrganization` (an account created in or invited into the
//!   organization), `CreateAccountResult` (a creation that `SUCCEEDED`), `MoveAccount`,
//!   and `AcceptHandshake` of an `INVITE` (logged in the joining account, so it arrives
//!   only where that account forwards it).
//! - **The root user gaining a credential**, logged in the member account and forwarded
//!   to the management account's bus (`source` `aws.iam` or `aws.signin`):
//!   `CreateLoginProfile`, `UpdateLoginProfile`, `CreateAccessKey`,
//!   `UploadSigningCertificate`, `EnableMFADevice`, `CreateVirtualMFADevice` and
//!   `ConsoleLogin`, when the caller is the root user itself
//!   (`detail.userIdentity.type` `Root`) and not a root session
//!   (`detail.userIdentity.sessionContext.assumedRoot`), which is how rootctl itself
//!   and other centralized root tasks appear.
//!
//! A known event that calls for no run is ignored (`Ok(None)`): a failed call
//! (`detail.errorCode`, or a `ConsoleLogin` whose result is not `Success`), a creation
//! that did not succeed, a handshake that is not an invitation, an IAM call or sign-in
//! by anyone but the root user, a root session's call. Anything else is an
//! [`Error::InvalidInput`] naming the event: an event rootctl does not know (so a rule
//! that forwards too much is noticed, not silently absorbed), or a known event that
//! names no account, a malformed account id, or two different accounts.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::parse::{abbreviate, short};
use crate::error::{Error, Result};
use crate::model::AccountId;

/// The membership events, logged by Organizations in the management account.
const MEMBERSHIP: [&str; 4] = [
    "AcceptHandshake",
    "AccountJoinedOrganization",
    "CreateAccountResult",
    "MoveAccount",
];

/// The IAM calls by which a root user gains a credential, logged in its own account.
const ROOT_IAM_CALLS: [&str; 6] = [
    "CreateAccessKey",
    "CreateLoginProfile",
    "CreateVirtualMFADevice",
    "EnableMFADevice",
    "UpdateLoginProfile",
    "UploadSigningCertificate",
];

/// The event names [`EventTrigger::from_event`] acts on: the membership events, the
/// root user's credential calls, and `ConsoleLogin`.
pub const EVENT_NAMES: [&str; 11] = [
    MEMBERSHIP[0],
    MEMBERSHIP[1],
    MEMBERSHIP[2],
    MEMBERSHIP[3],
    "ConsoleLogin",
    ROOT_IAM_CALLS[0],
    ROOT_IAM_CALLS[1],
    ROOT_IAM_CALLS[2],
    ROOT_IAM_CALLS[3],
    ROOT_IAM_CALLS[4],
    ROOT_IAM_CALLS[5],
];

/// The event an event-driven run acts on: which account, and which event said so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventTrigger {
    /// One of [`EVENT_NAMES`].
    pub event_name: String,
    /// The account the event brings into the organization, moves, or whose root user
    /// gained a credential.
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

/// Which service logs an event name, as (`source`, `detail.eventSource`).
fn service_of(event_name: &str) -> Option<(&'static str, &'static str)> {
    if MEMBERSHIP.contains(&event_name) {
        Some(("aws.organizations", "organizations.amazonaws.com"))
    } else if ROOT_IAM_CALLS.contains(&event_name) {
        Some(("aws.iam", "iam.amazonaws.com"))
    } else if event_name == "ConsoleLogin" {
        Some(("aws.signin", "signin.amazonaws.com"))
    } else {
        None
    }
}

/// One event being read: the event, its `detail`, and the name errors give it.
struct Reading<'a> {
    event: &'a Value,
    detail: &'a Value,
    name: String,
}

impl<'a> Reading<'a> {
    fn text(&self, path: &[&str]) -> Option<&'a str> {
        path.iter()
            .try_fold(self.detail, |value, key| value.get(key))
            .and_then(Value::as_str)
    }

    /// The text at `path` where an account id is expected: `None` when absent or null;
    /// any other value that is not text is malformed, never skipped.
    fn id_at(&self, path: &[&str]) -> Result<Option<&'a str>> {
        match path
            .iter()
            .try_fold(self.detail, |value, key| value.get(key))
        {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.error(format!(
                "has {} {}, which is not a 12-digit account id",
                path.join("."),
                short(other)
            ))),
        }
    }

    fn error(&self, rule: String) -> Error {
        Error::invalid_input("EventBridge event", self.name.clone(), rule)
    }

    /// `Ok(None)` with the reason at debug level: a known event that calls for no run.
    fn ignore<T>(&self, why: &str) -> Result<Option<T>> {
        tracing::debug!(event = %self.name, why, "event ignored");
        Ok(None)
    }

    /// The one account `candidates` (path, value) name; two different ones, none, or a
    /// value that is not 12 digits is an error.
    fn one_account(&self, candidates: &[(&str, &str)]) -> Result<AccountId> {
        let mut found: Option<(&str, AccountId)> = None;
        for (path, value) in candidates {
            let account = value.parse::<AccountId>().map_err(|_| {
                self.error(format!(
                    "has {path} {:?}, which is not a 12-digit account id",
                    abbreviate(value)
                ))
            })?;
            match found {
                Some((first, seen)) if seen != account => {
                    return Err(self.error(format!(
                        "names two accounts: {first} {seen} and {path} {account}"
                    )));
                }
                Some(_) => {}
                None => found = Some((path, account)),
            }
        }
        found
            .map(|(_, account)| account)
            .ok_or_else(|| self.error("names no account id".to_owned()))
    }
}

impl EventTrigger {
    /// The account an EventBridge event names, or `None` for a known event that calls
    /// for no run (see the module docs). An event rootctl does not act on, something that
    /// is not an EventBridge event at all, or a known event that names no account, a
    /// malformed one or two, is an [`Error::InvalidInput`] that names the event.
    pub fn from_event(event: &Value) -> Result<Option<Self>> {
        let Some(detail) = event.get("detail").filter(|d| d.is_object()) else {
            return Err(Error::invalid_input(
                "EventBridge event",
                short(event),
                "has no \"detail\" object: not an EventBridge event",
            ));
        };
        let event_name = field(detail, "eventName");
        let source = field(event, "source");
        let reading = Reading {
            event,
            detail,
            name: describe(event_name, source, field(event, "detail-type"), event),
        };
        let Some(event_name) = event_name.filter(|n| EVENT_NAMES.contains(n)) else {
            return Err(reading.error(format!(
                "is not an event rootctl acts on; it acts on {} (docs/enforcement.md#events)",
                EVENT_NAMES.join(", ")
            )));
        };
        let (wanted_source, wanted_event_source) =
            service_of(event_name).expect("every event name has its service");
        let event_source = reading.text(&["eventSource"]);
        if source != Some(wanted_source) || event_source != Some(wanted_event_source) {
            return Err(reading.error(format!(
                "comes from source {:?} / eventSource {:?}, but {event_name} is logged by \
                 {wanted_source} / {wanted_event_source}",
                source.map(abbreviate),
                event_source.map(abbreviate),
            )));
        }
        if detail.get("errorCode").is_some_and(|code| !code.is_null()) {
            return reading.ignore("the call failed (detail.errorCode)");
        }
        let account = if MEMBERSHIP.contains(&event_name) {
            match membership_account(&reading, event_name)? {
                Some(account) => account,
                None => return Ok(None),
            }
        } else {
            match root_user_account(&reading, event_name)? {
                Some(account) => account,
                None => return Ok(None),
            }
        };
        Ok(Some(Self {
            event_name: event_name.to_owned(),
            account_id: account,
            event_id: field(event, "id").map(str::to_owned),
            event_time: reading.text(&["eventTime"]).map(str::to_owned),
        }))
    }
}

fn field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// How errors name an event: its name (or `detail-type`), its source and its id, each
/// abbreviated; the event itself, abbreviated, when it has none of them.
fn describe(
    event_name: Option<&str>,
    source: Option<&str>,
    detail_type: Option<&str>,
    event: &Value,
) -> String {
    let Some(what) = event_name.or(detail_type) else {
        return short(event);
    };
    let mut name = abbreviate(what);
    if let Some(source) = source {
        name.push_str(&format!(" from {}", abbreviate(source)));
    }
    if let Some(id) = event.get("id").and_then(Value::as_str) {
        name.push_str(&format!(" (event {})", abbreviate(id)));
    }
    name
}

/// `(path, id)` for each of `paths` that holds an account id; any other value there is
/// malformed.
fn ids_at<'a>(
    reading: &Reading<'a>,
    paths: &[(&'static str, &[&str])],
) -> Result<Vec<(&'static str, &'a str)>> {
    let mut found = Vec::new();
    for (name, path) in paths {
        if let Some(id) = reading.id_at(path)? {
            found.push((*name, id));
        }
    }
    Ok(found)
}

/// The account a membership event names, `None` when the event calls for no run.
fn membership_account(reading: &Reading<'_>, event_name: &str) -> Result<Option<AccountId>> {
    let text = |path: &[&str]| reading.text(path);
    let candidates = match event_name {
        "CreateAccountResult" => {
            let status = ["serviceEventDetails", "createAccountStatus"];
            if text(&[status[0], status[1], "state"]) != Some("SUCCEEDED") {
                return reading.ignore("the account creation did not succeed");
            }
            let path = [status[0], status[1], "accountId"];
            ids_at(reading, &[("createAccountStatus.accountId", &path)])?
        }
        "MoveAccount" => ids_at(
            reading,
            &[(
                "requestParameters.accountId",
                &["requestParameters", "accountId"],
            )],
        )?,
        "AcceptHandshake" => {
            // Only an invitation brings an account in; its action is in the response.
            if text(&["responseElements", "handshake", "action"]) != Some("INVITE") {
                return reading.ignore("the handshake is not an invitation");
            }
            // The caller is the account that accepts; where the record is logged
            // (`recipientAccountId`) stands in only when the caller is not named.
            let caller = ids_at(
                reading,
                &[("userIdentity.accountId", &["userIdentity", "accountId"])],
            )?;
            if caller.is_empty() {
                ids_at(reading, &[("recipientAccountId", &["recipientAccountId"])])?
            } else {
                caller
            }
        }
        "AccountJoinedOrganization" => joined_account_candidates(reading)?,
        other => unreachable!("{other} is not a membership event"),
    };
    reading.one_account(&candidates).map(Some)
}

/// Where an `AccountJoinedOrganization` event may name the account that joined. AWS
/// documents the event (its `joinedMethod` and `joinedTime`) but publishes no example
/// record, so every place a service event of Organizations names an account is read, and
/// they must agree (docs/enforcement.md#events). The management account, where the event
/// is logged (`recipientAccountId`, the envelope's `account`), is never taken for the
/// member: a record that names only it is refused, so that a shape rootctl misreads
/// raises an alarm instead of passing as "the management account, skipped".
fn joined_account_candidates<'a>(reading: &Reading<'a>) -> Result<Vec<(&'static str, &'a str)>> {
    let mut candidates = ids_at(
        reading,
        &[
            (
                "serviceEventDetails.accountId",
                &["serviceEventDetails", "accountId"],
            ),
            (
                "serviceEventDetails.account.accountId",
                &["serviceEventDetails", "account", "accountId"],
            ),
            (
                "serviceEventDetails.account.id",
                &["serviceEventDetails", "account", "id"],
            ),
            (
                "requestParameters.accountId",
                &["requestParameters", "accountId"],
            ),
            (
                "additionalEventData.accountId",
                &["additionalEventData", "accountId"],
            ),
        ],
    )?;
    // CloudTrail's `resources` (objects with an `ARN`, in `detail`) and the envelope's
    // (plain ARNs), read either way: an account's ARN ends in the account id,
    // arn:PARTITION:organizations::MGMT:account/o-ID/ACCOUNT.
    let arns = [reading.detail, reading.event]
        .into_iter()
        .filter_map(|value| value.get("resources").and_then(Value::as_array))
        .flatten()
        .filter_map(|resource| {
            resource.as_str().or_else(|| {
                resource
                    .get("ARN")
                    .or_else(|| resource.get("arn"))
                    .and_then(Value::as_str)
            })
        });
    for arn in arns {
        if let Some(account) = organizations_account_arn(arn) {
            candidates.push(("resources ARN", account));
        }
    }
    let management = [
        reading.text(&["recipientAccountId"]),
        field(reading.event, "account"),
    ];
    let named = candidates.len();
    candidates.retain(|(_, id)| !management.contains(&Some(*id)));
    if named > 0 && candidates.is_empty() {
        return Err(reading
            .error("names no account but the management account, where it is logged".to_owned()));
    }
    Ok(candidates)
}

/// The account id at the end of an Organizations account ARN.
fn organizations_account_arn(arn: &str) -> Option<&str> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [scheme, _partition, service, _region, _owner, resource] = parts.as_slice() else {
        return None;
    };
    if *scheme != "arn" || *service != "organizations" {
        return None;
    }
    match resource.split('/').collect::<Vec<_>>().as_slice() {
        ["account", _org, account] => Some(account),
        _ => None,
    }
}

/// The account whose root user made the call, `None` when the caller is not the root
/// user, is a root session, or the sign-in failed.
fn root_user_account(reading: &Reading<'_>, event_name: &str) -> Result<Option<AccountId>> {
    let text = |path: &[&str]| reading.text(path);
    let identity = ["userIdentity"];
    match text(&[identity[0], "type"]) {
        Some("Root") => {}
        Some(other) => {
            return reading.ignore(&format!("the caller is {other:?}, not the root user"));
        }
        None => return Err(reading.error("has no detail.userIdentity.type".to_owned())),
    }
    let assumed_root = reading
        .detail
        .get(identity[0])
        .and_then(|i| i.get("sessionContext"))
        .and_then(|c| c.get("assumedRoot"));
    let is_root_session = match assumed_root {
        None | Some(Value::Null) => false,
        Some(Value::Bool(flag)) => *flag,
        Some(Value::String(flag)) if flag.eq_ignore_ascii_case("true") => true,
        Some(Value::String(flag)) if flag.eq_ignore_ascii_case("false") => false,
        Some(other) => {
            return Err(reading.error(format!(
                "has userIdentity.sessionContext.assumedRoot {}, neither true nor false",
                short(other)
            )));
        }
    };
    if is_root_session {
        return reading.ignore("a root session (sts:AssumeRoot) made the call");
    }
    if event_name == "ConsoleLogin"
        && text(&["responseElements", "ConsoleLogin"]) != Some("Success")
    {
        return reading.ignore("the sign-in did not succeed");
    }
    let arn_account = text(&[identity[0], "arn"]).map(|arn| {
        // arn:PARTITION:iam::ACCOUNT:root; anything else is not the root user's ARN.
        match arn.split(':').collect::<Vec<_>>().as_slice() {
            ["arn", _, "iam", "", account, "root"] => Ok(*account),
            _ => Err(reading.error(format!(
                "has userIdentity.arn {:?}, not a root user's ARN",
                abbreviate(arn)
            ))),
        }
    });
    let arn_account = arn_account.transpose()?;
    // The envelope's `account` is the account the event came from, kept when a rule
    // forwards it to the management account's bus: a member cannot relay an event that
    // names another account's root user.
    let mut candidates = ids_at(
        reading,
        &[
            ("userIdentity.accountId", &[identity[0], "accountId"]),
            ("recipientAccountId", &["recipientAccountId"]),
        ],
    )?;
    candidates.extend(arn_account.map(|id| ("userIdentity.arn", id)));
    candidates.extend(field(reading.event, "account").map(|id| ("account", id)));
    reading.one_account(&candidates).map(Some)
}
