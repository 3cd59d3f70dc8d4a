//! The fixes a report proposes: a Deny statement rewritten to exempt root sessions (or,
//! on the caller's side, the caller), and an Allow statement for an SCP allow-list that
//! lacks a task's actions.

use serde_json::{Map, Value, json};

/// The condition key AWS sets (to `true`) only in sessions `sts:AssumeRoot` opened.
pub const ASSUMED_ROOT_KEY: &str = "aws:AssumedRoot";

/// `statement` rewritten so that it no longer applies to root sessions: its conditions
/// on `aws:AssumedRoot` (if any) are replaced by `"Null": {"aws:AssumedRoot": "true"}`,
/// which holds only when the key is absent, i.e. outside root sessions. Everything else
/// is kept, so the guardrail still applies to every other principal.
///
/// ```
/// use serde_json::json;
///
/// let deny_root = json!({
///     "Effect": "Deny", "Action": "*", "Resource": "*",
///     "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}
/// });
/// let fixed = rootctl::scp::exempt_root_sessions(&deny_root);
/// assert_eq!(fixed["Condition"]["Null"]["aws:AssumedRoot"], "true");
/// assert_eq!(fixed["Condition"]["ArnLike"], deny_root["Condition"]["ArnLike"]);
/// ```
pub fn exempt_root_sessions(statement: &Value) -> Value {
    let mut fixed = statement.clone();
    let Some(object) = fixed.as_object_mut() else {
        return fixed;
    };
    let mut conditions = match object.remove("Condition") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    conditions.retain(|_, keys| {
        if let Value::Object(keys) = keys {
            keys.retain(|key, _| !key.eq_ignore_ascii_case(ASSUMED_ROOT_KEY));
            !keys.is_empty()
        } else {
            true
        }
    });
    let null = conditions
        .entry("Null")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(null) = null {
        null.insert(ASSUMED_ROOT_KEY.to_owned(), Value::String("true".into()));
    }
    object.insert("Condition".into(), Value::Object(conditions));
    fixed
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
