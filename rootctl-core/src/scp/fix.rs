//! The fixes a report proposes: a Deny statement rewritten to exempt root sessions (or,
//! on the caller's side, the caller), and an Allow statement for an SCP allow-list that
//! lacks a task's actions.

use serde_json::{Map, Value, json};

use super::context::{KeyValue, RequestContext};
use super::document::Condition;
use super::matching::{self, Tri};

/// The condition key AWS sets (to `true`) only in sessions `sts:AssumeRoot` opened.
pub const ASSUMED_ROOT_KEY: &str = "aws:AssumedRoot";

/// `statement` rewritten so that it no longer applies to root sessions and still applies
/// to every other principal it applied to: `"Null": {"aws:AssumedRoot": "true"}` (which
/// holds only when the key is absent, i.e. outside root sessions) is added to its
/// conditions. A condition it already had on `aws:AssumedRoot` is judged with the key
/// absent: one that then always holds is dropped; one that never holds means the
/// statement applies only to root sessions, and the answer is `None`: no exemption keeps
/// it meaningful (adding one would aim it at every other principal instead), so the fix
/// is to remove the statement, or to take the task's actions out of its `Action`.
///
/// ```
/// use serde_json::json;
///
/// let deny_root = json!({
///     "Effect": "Deny", "Action": "*", "Resource": "*",
///     "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}
/// });
/// let fixed = rootctl::scp::exempt_root_sessions(&deny_root).expect("it also denies others");
/// assert_eq!(fixed["Condition"]["Null"]["aws:AssumedRoot"], "true");
/// assert_eq!(fixed["Condition"]["ArnLike"], deny_root["Condition"]["ArnLike"]);
///
/// // A deny aimed at root sessions only: exempting them leaves nothing to keep.
/// let only_root_sessions = json!({
///     "Effect": "Deny", "Action": "iam:Delete*", "Resource": "*",
///     "Condition": {"Bool": {"aws:AssumedRoot": "true"}}
/// });
/// assert_eq!(rootctl::scp::exempt_root_sessions(&only_root_sessions), None);
/// ```
pub fn exempt_root_sessions(statement: &Value) -> Option<Value> {
    let mut fixed = statement.clone();
    let Some(object) = fixed.as_object_mut() else {
        return Some(fixed);
    };
    let mut conditions = match object.remove("Condition") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let mut outside = RequestContext::new();
    outside.set(ASSUMED_ROOT_KEY, KeyValue::Absent);
    let mut dead = false;
    for (operator, keys) in &mut conditions {
        let Value::Object(keys) = keys else { continue };
        keys.retain(|key, values| {
            if !key.eq_ignore_ascii_case(ASSUMED_ROOT_KEY) {
                return true;
            }
            let judged = matching::condition(
                &Condition {
                    operator: operator.clone(),
                    key: key.clone(),
                    values: texts(values),
                },
                &outside,
            );
            match judged.result {
                // Holds for every principal outside a root session: implied by the Null.
                Tri::Yes => false,
                // Holds for none of them: the statement is aimed at root sessions only.
                Tri::No => {
                    dead = true;
                    true
                }
                Tri::Maybe => true,
            }
        });
    }
    if dead {
        return None;
    }
    conditions.retain(|_, keys| !matches!(keys, Value::Object(keys) if keys.is_empty()));
    let null = conditions
        .entry("Null")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(null) = null {
        null.insert(ASSUMED_ROOT_KEY.to_owned(), Value::String("true".into()));
    }
    object.insert("Condition".into(), Value::Object(conditions));
    Some(fixed)
}

/// A condition's values as text (strings, booleans and numbers as written).
fn texts(values: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match values {
        Value::Array(items) => items.iter().map(one).collect(),
        other => vec![one(other)],
    }
}

/// An Allow statement for `actions`, to add to a policy attached at a level whose
/// allow-list lacks them.
pub fn allow_statement(actions: &[String]) -> Value {
    json!({
        "Sid": "AllowCentralizedRootTasks",
        "Effect": "Allow",
        "Action": actions,
        "Resource": "*",
    })
}

/// `statement` rewritten so that it no longer applies to the principal that calls
/// `sts:AssumeRoot`, whose `aws:userid` is `user_id` (what `GetCallerIdentity` answers):
/// a `StringNotLike` condition on `aws:userid` is added (or extended), holding for every
/// other principal. A role session's id is `role-id:session-name`, so the exemption names
/// the role's id and any session (`AROA...:*`); an IAM user's id is exempted exactly.
/// Everything else is kept, so the statement still denies every other principal.
///
/// ```
/// use serde_json::json;
///
/// let deny = json!({"Effect": "Deny", "Action": "sts:AssumeRoot", "Resource": "*"});
/// let fixed = rootctl::scp::exempt_caller(&deny, "AROAEXAMPLE:rootctl");
/// assert_eq!(fixed["Condition"]["StringNotLike"]["aws:userid"], json!(["AROAEXAMPLE:*"]));
/// ```
pub fn exempt_caller(statement: &Value, user_id: &str) -> Value {
    let exemption = match user_id.split_once(':') {
        Some((role_id, _)) => format!("{role_id}:*"),
        None => user_id.to_owned(),
    };
    let mut fixed = statement.clone();
    let Some(object) = fixed.as_object_mut() else {
        return fixed;
    };
    let conditions = object
        .entry("Condition")
        .or_insert_with(|| Value::Object(Map::new()));
    if !conditions.is_object() {
        *conditions = Value::Object(Map::new());
    }
    let Some(conditions) = conditions.as_object_mut() else {
        return fixed;
    };
    let not_like = conditions
        .entry("StringNotLike")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(keys) = not_like {
        let existing = keys
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("aws:userid"))
            .map(|(key, value)| (key.clone(), value.clone()));
        let (key, mut values) = match existing {
            Some((key, Value::Array(values))) => (key, values),
            Some((key, value)) => (key, vec![value]),
            None => ("aws:userid".to_owned(), Vec::new()),
        };
        if !values
            .iter()
            .any(|v| v.as_str() == Some(exemption.as_str()))
        {
            values.push(Value::String(exemption));
        }
        keys.insert(key, Value::Array(values));
    }
    fixed
}
