//! The fixes a report proposes: a Deny statement rewritten to exempt root sessions, and
//! an Allow statement for an allow-list that lacks a task's actions.

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
