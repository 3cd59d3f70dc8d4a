//! Policy documents: the JSON of an SCP or RCP, read liberally (a single statement or a
//! list, a string or a list of strings, booleans and numbers as their text).

use serde_json::Value;

use crate::error::{Error, Result};

/// Whether a statement allows or denies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

/// The actions a statement covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actions {
    /// `Action`: the listed patterns.
    Listed(Vec<String>),
    /// `NotAction`: everything but the listed patterns.
    AllBut(Vec<String>),
}

/// The resources a statement covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resources {
    /// No `Resource` element (SCPs may leave it out): every resource.
    Any,
    /// `Resource`: the listed patterns.
    Listed(Vec<String>),
    /// `NotResource`: everything but the listed patterns.
    AllBut(Vec<String>),
}

/// One `operator: {key: values}` entry of a `Condition` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The operator as written, e.g. `ForAnyValue:StringNotLikeIfExists`.
    pub operator: String,
    /// The condition key as written, e.g. `aws:PrincipalArn`.
    pub key: String,
    /// The values, as text.
    pub values: Vec<String>,
}

/// One statement of a policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Its position in the policy, from 0.
    pub index: usize,
    /// Its `Sid`, if any.
    pub sid: Option<String>,
    /// Allow or deny.
    pub effect: Effect,
    /// `Action` or `NotAction`.
    pub actions: Actions,
    /// `Resource`, `NotResource`, or neither.
    pub resources: Resources,
    /// Every condition; all must hold.
    pub conditions: Vec<Condition>,
    /// Whether a `Principal` other than `"*"` limits the statement (RCPs only); rootctl
    /// cannot tell whether such a statement applies.
    pub narrow_principal: bool,
    /// The statement exactly as written.
    pub json: Value,
}

impl Statement {
    /// `Sid "name"` or `statement 3` (counted from 1), for messages.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) => format!("statement {sid:?}"),
            None => format!("statement {}", self.index + 1),
        }
    }
}

/// A parsed policy document.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDocument {
    /// Its statements, in order.
    pub statements: Vec<Statement>,
}

const WHAT: &str = "policy document";

fn bad(what: impl Into<String>) -> Error {
    Error::invalid_input(WHAT, "", what.into())
}

/// Text of a scalar: strings as they are, booleans and numbers as JSON writes them.
fn scalar(value: &Value, element: &str) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(bad(format!("{element} holds {other}, not a string"))),
    }
}

/// A string or a list of them.
fn strings(value: &Value, element: &str) -> Result<Vec<String>> {
    match value {
        Value::Array(items) => items.iter().map(|v| scalar(v, element)).collect(),
        other => Ok(vec![scalar(other, element)?]),
    }
}

impl PolicyDocument {
    /// Parses a policy document.
    ///
    /// Errors ([`Error::InvalidInput`]): not JSON, no `Statement`, a statement without
    /// `Effect` `Allow`/`Deny`, or with neither (or both) `Action` and `NotAction`.
    pub fn parse(text: &str) -> Result<Self> {
        let excerpt: String = text.chars().take(80).collect();
        // A key twice (two `Condition`s, two `Effect`s) has no documented reading: the
        // document is unreadable, so its verdict is unknown, never one of its readings.
        let value: Value = crate::strict_json::parse(text).map_err(|e| {
            Error::invalid_input(
                WHAT,
                excerpt.clone(),
                format!("is not JSON rootctl can read: {e}"),
            )
        })?;
        Self::from_value(&value).map_err(|e| match e {
            Error::InvalidInput { rule, .. } => Error::invalid_input(WHAT, excerpt, rule),
            other => other,
        })
    }

    /// [`parse`](Self::parse) for a document already read as JSON.
    pub fn from_value(value: &Value) -> Result<Self> {
        let statements = match value.get("Statement") {
            Some(Value::Array(items)) => items.clone(),
            Some(item @ Value::Object(_)) => vec![item.clone()],
            Some(other) => return Err(bad(format!("Statement holds {other}"))),
            None => return Err(bad("has no Statement")),
        };
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(index, json)| statement(index, json))
            .collect::<Result<_>>()?;
        Ok(Self { statements })
    }
}

fn statement(index: usize, json: Value) -> Result<Statement> {
    let at = |what: &str| bad(format!("statement {}: {what}", index + 1));
    let effect = match json.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        _ => return Err(at("Effect must be \"Allow\" or \"Deny\"")),
    };
    let actions = match (json.get("Action"), json.get("NotAction")) {
        (Some(a), None) => Actions::Listed(strings(a, "Action")?),
        (None, Some(n)) => Actions::AllBut(strings(n, "NotAction")?),
        _ => return Err(at("needs exactly one of Action and NotAction")),
    };
    let resources = match (json.get("Resource"), json.get("NotResource")) {
        (None, None) => Resources::Any,
        (Some(r), None) => Resources::Listed(strings(r, "Resource")?),
        (None, Some(n)) => Resources::AllBut(strings(n, "NotResource")?),
        (Some(_), Some(_)) => return Err(at("has both Resource and NotResource")),
    };
    let mut conditions = Vec::new();
    match json.get("Condition") {
        None => {}
        Some(Value::Object(operators)) => {
            for (operator, keys) in operators {
                let Value::Object(keys) = keys else {
                    return Err(at(&format!("condition {operator} is not an object")));
                };
                for (key, values) in keys {
                    conditions.push(Condition {
                        operator: operator.clone(),
                        key: key.clone(),
                        values: strings(values, "a condition value")?,
                    });
                }
            }
        }
        Some(_) => return Err(at("Condition is not an object")),
    }
    let narrow_principal = match json.get("Principal") {
        None => false,
        Some(Value::String(s)) => s != "*",
        Some(Value::Object(map)) => !map.values().all(|v| v.as_str() == Some("*")),
        Some(_) => true,
    };
    Ok(Statement {
        index,
        sid: json.get("Sid").and_then(Value::as_str).map(str::to_owned),
        effect,
        actions,
        resources,
        conditions,
        narrow_principal,
        json,
    })
}
