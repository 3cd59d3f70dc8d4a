//! Three-valued matching of actions, resources and conditions against a request.

use super::context::{KeyValue, Request, RequestContext, Resource};
use super::document::{Actions, Condition, Resources, Statement};
use super::glob::{self, Tok};
use super::pattern;

/// A three-valued truth: whether something surely holds, surely does not, or cannot be
/// decided from what is known before the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tri {
    /// Surely holds.
    Yes,
    /// Surely does not.
    No,
    /// Cannot be decided.
    Maybe,
}

impl Tri {
    pub(crate) fn of(value: bool) -> Self {
        if value { Tri::Yes } else { Tri::No }
    }

    fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Maybe,
        }
    }

    fn not(self) -> Tri {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
        }
    }

    /// No if any is no, else maybe if any is maybe, else yes.
    fn all(items: impl IntoIterator<Item = Tri>) -> Tri {
        items.into_iter().fold(Tri::Yes, Tri::and)
    }

    /// Yes if any is yes, else maybe if any is maybe, else no.
    fn any(items: impl IntoIterator<Item = Tri>) -> Tri {
        let mut result = Tri::No;
        for item in items {
            match item {
                Tri::Yes => return Tri::Yes,
                Tri::Maybe => result = Tri::Maybe,
                Tri::No => {}
            }
        }
        result
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters and `?`
/// any one character.
pub(crate) fn wildcard(pattern: &str, text: &str, ignore_case: bool) -> bool {
    glob::matches(&glob::parse(pattern, true), text, ignore_case)
}

/// Whether an ARN matches an ARN pattern, each of the six `:`-separated parts on its own
/// (the `ArnLike` rule; the resource part keeps its colons). A pattern of fewer than six
/// parts is not an ARN pattern; AWS documents no answer for it, so it is undecided.
fn arn_like(pattern: &[Tok], arn: &str) -> Tri {
    let p = glob::arn_parts(pattern, 6);
    if p.len() < 6 {
        return Tri::Maybe;
    }
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    Tri::of(p.len() == a.len() && p.iter().zip(&a).all(|(p, a)| glob::matches(p, a, false)))
}

fn action_matches(actions: &Actions, action: &str) -> Tri {
    let listed = |patterns: &[String]| patterns.iter().any(|p| wildcard(p, action, true));
    match actions {
        Actions::Listed(patterns) => Tri::of(listed(patterns)),
        Actions::AllBut(patterns) => Tri::of(!listed(patterns)),
    }
}

/// Whether a `Resource` pattern names the request's resource. Policy variables are
/// replaced first (one whose value is not known makes it undecided).
fn resource_pattern(pattern: &str, resource: &Resource, context: &RequestContext) -> Tri {
    if pattern == "*" {
        return Tri::Yes;
    }
    let Ok(pattern) = glob::expand(pattern, context, true) else {
        return Tri::Maybe;
    };
    if glob::is_everything(&pattern) {
        return Tri::Yes;
    }
    match resource {
        Resource::Arn(arn) => {
            if glob::matches(&pattern, arn, false) {
                Tri::Yes
            } else {
                arn_like(&pattern, arn)
            }
        }
        Resource::Unnamed(unnamed) => pattern::matches(&pattern, unnamed),
        Resource::Unscoped(prefix) => unscoped(&pattern, prefix),
    }
}

/// An action without resource-level permissions is requested on `*`. A pattern that
/// matches every resource names it. One that names every resource of the action's own
/// service and partition (`arn:aws:s3:::*`, `arn:aws:sqs:*:*:*`) may too: AWS documents
/// `*` for such actions but not how it reads a service-wide ARN, so that is undecided.
/// Any other pattern names specific resources and does not apply.
fn unscoped(pattern: &[Tok], prefix: &str) -> Tri {
    let prefix: Vec<&str> = prefix.splitn(4, ':').collect();
    let parts = glob::arn_parts(pattern, 6);
    let (Some(partition), Some(service)) = (prefix.get(1), prefix.get(2)) else {
        return Tri::No;
    };
    let service_wide = parts.len() == 6
        && glob::matches(parts[0], "arn", false)
        && glob::matches(parts[1], partition, false)
        && glob::matches(parts[2], service, false)
        && parts[3..]
            .iter()
            .all(|p| p.is_empty() || glob::is_everything(p));
    if service_wide { Tri::Maybe } else { Tri::No }
}

fn resource_matches(resources: &Resources, resource: &Resource, context: &RequestContext) -> Tri {
    let listed = |patterns: &[String]| {
        Tri::any(
            patterns
                .iter()
                .map(|p| resource_pattern(p, resource, context)),
        )
    };
    match resources {
        Resources::Any => Tri::Yes,
        Resources::Listed(patterns) => listed(patterns),
        Resources::AllBut(patterns) => listed(patterns).not(),
    }
}

/// The comparison an operator makes, in its positive form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compare {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Arn,
    Bool,
    /// Numeric, date, IP address and binary operators: rootctl knows no value they
    /// could compare (the keys they take are unknown before the call).
    NotEvaluated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SetOperator {
    AnyValue,
    AllValues,
}

struct Operator {
    set: Option<SetOperator>,
    compare: Compare,
    negated: bool,
    if_exists: bool,
}

fn operator(text: &str) -> Option<Operator> {
    let (set, rest) = if let Some(rest) = text.strip_prefix("ForAnyValue:") {
        (Some(SetOperator::AnyValue), rest)
    } else if let Some(rest) = text.strip_prefix("ForAllValues:") {
        (Some(SetOperator::AllValues), rest)
    } else {
        (None, text)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let (compare, negated) = match base {
        "StringEquals" => (Compare::StringEquals, false),
        "StringNotEquals" => (Compare::StringEquals, true),
        "StringEqualsIgnoreCase" => (Compare::StringEqualsIgnoreCase, false),
        "StringNotEqualsIgnoreCase" => (Compare::StringEqualsIgnoreCase, true),
        "StringLike" => (Compare::StringLike, false),
        "StringNotLike" => (Compare::StringLike, true),
        "ArnEquals" | "ArnLike" => (Compare::Arn, false),
        "ArnNotEquals" | "ArnNotLike" => (Compare::Arn, true),
        "Bool" => (Compare::Bool, false),
        "NumericNotEquals" | "DateNotEquals" | "NotIpAddress" => (Compare::NotEvaluated, true),
        "NumericEquals"
        | "NumericLessThan"
        | "NumericLessThanEquals"
        | "NumericGreaterThan"
        | "NumericGreaterThanEquals"
        | "DateEquals"
        | "DateLessThan"
        | "DateLessThanEquals"
        | "DateGreaterThan"
        | "DateGreaterThanEquals"
        | "IpAddress"
        | "BinaryEquals" => (Compare::NotEvaluated, false),
        _ => return None,
    };
    Some(Operator {
        set,
        compare,
        negated,
        if_exists,
    })
}

impl Compare {
    /// Whether the operator reads `*` and `?` in policy values as wildcards.
    fn wildcards(self) -> bool {
        matches!(self, Compare::StringLike | Compare::Arn)
    }
}

fn compare(how: Compare, request: &str, policy: &[Tok]) -> Tri {
    match how {
        Compare::StringEquals => Tri::of(glob::matches(policy, request, false)),
        Compare::StringEqualsIgnoreCase | Compare::Bool => {
            Tri::of(glob::matches(policy, request, true))
        }
        Compare::StringLike => Tri::of(glob::matches(policy, request, false)),
        Compare::Arn => arn_like(policy, request),
        Compare::NotEvaluated => Tri::No,
    }
}

/// What a condition came to, and a phrase saying why, for reports.
pub(crate) struct Judged {
    pub(crate) result: Tri,
    pub(crate) why: String,
}

fn describe(condition: &Condition) -> String {
    let values = if condition.values.len() == 1 {
        format!("{:?}", condition.values[0])
    } else {
        format!("{:?}", condition.values)
    };
    format!("{} {} {values}", condition.operator, condition.key)
}

pub(crate) fn condition(condition: &Condition, context: &RequestContext) -> Judged {
    let text = describe(condition);
    let judged = |result: Tri, why: String| Judged { result, why };
    if condition.operator == "Null" {
        // Several values for one key are ORed, as for every operator: `["true", "false"]`
        // always holds. A value that is neither is not a Null test AWS documents.
        let present = context.get(&condition.key);
        let (absent, why) = match present {
            KeyValue::Unknown => {
                return judged(
                    Tri::Maybe,
                    format!("{text}: {} is not known before the call", condition.key),
                );
            }
            KeyValue::Absent => (true, "absent"),
            KeyValue::Known(_) => (false, "present"),
        };
        let result = Tri::any(condition.values.iter().map(|v| {
            if v.eq_ignore_ascii_case("true") {
                Tri::of(absent)
            } else if v.eq_ignore_ascii_case("false") {
                Tri::of(!absent)
            } else {
                Tri::Maybe
            }
        }));
        return judged(
            result,
            format!("{text}: {} is {why} for a root session", condition.key),
        );
    }
    let Some(op) = operator(&condition.operator) else {
        return judged(
            Tri::Maybe,
            format!("{text}: rootctl does not know the operator"),
        );
    };
    let mut values = Vec::with_capacity(condition.values.len());
    for value in &condition.values {
        match glob::expand(value, context, op.compare.wildcards()) {
            Ok(value) => values.push(value),
            Err(why) => return judged(Tri::Maybe, format!("{text}: {why}")),
        }
    }
    let present = context.get(&condition.key);
    match present {
        KeyValue::Unknown => judged(
            Tri::Maybe,
            format!("{text}: {} is not known before the call", condition.key),
        ),
        KeyValue::Absent => {
            let result = if op.if_exists {
                true
            } else {
                match op.set {
                    Some(SetOperator::AllValues) => true,
                    Some(SetOperator::AnyValue) => false,
                    None => op.negated,
                }
            };
            judged(
                Tri::of(result),
                format!("{text}: {} is absent for a root session", condition.key),
            )
        }
        KeyValue::Known(_) if op.compare == Compare::NotEvaluated => judged(
            Tri::Maybe,
            format!(
                "{text}: rootctl does not evaluate {} on this key",
                condition.operator
            ),
        ),
        KeyValue::Known(request) => {
            let one = |r: &str| {
                let matched = Tri::any(values.iter().map(|p| compare(op.compare, r, p)));
                if op.negated { matched.not() } else { matched }
            };
            let result = match op.set {
                Some(SetOperator::AllValues) => Tri::all(request.iter().map(|r| one(r))),
                _ => Tri::any(request.iter().map(|r| one(r))),
            };
            let shown = if request.len() == 1 {
                format!("{:?}", request[0])
            } else {
                format!("{request:?}")
            };
            judged(
                result,
                format!("{text}: {} is {shown} for a root session", condition.key),
            )
        }
    }
}

/// Whether `statement` applies to `request`, with the phrases that say why (the
/// conditions that decided it, or those that could not be decided).
pub(crate) fn statement(
    statement: &Statement,
    request: &Request,
    context: &RequestContext,
) -> (Tri, Vec<String>) {
    let action = action_matches(&statement.actions, &request.action);
    if action == Tri::No {
        return (Tri::No, Vec::new());
    }
    let resource = resource_matches(&statement.resources, &request.resource, context);
    let mut result = action.and(resource);
    if result == Tri::No {
        return (Tri::No, Vec::new());
    }
    let mut undecided = Vec::new();
    let mut held = Vec::new();
    match &statement.actions {
        Actions::Listed(_) => held.push(format!("its Action covers {}", request.action)),
        Actions::AllBut(_) => held.push(format!(
            "its NotAction list does not exempt {}",
            request.action
        )),
    }
    if resource == Tri::Maybe {
        let what = match &request.resource {
            Resource::Unnamed(unnamed) => format!(" ({unnamed}, not named before the call)"),
            _ => String::new(),
        };
        undecided.push(format!(
            "its Resource may or may not name the resource{what}"
        ));
    }
    if statement.narrow_principal {
        result = result.and(Tri::Maybe);
        undecided.push("its Principal names specific principals".to_owned());
    }
    for c in &statement.conditions {
        let judged = condition(c, context);
        result = result.and(judged.result);
        match judged.result {
            Tri::No => return (Tri::No, Vec::new()),
            Tri::Maybe => undecided.push(judged.why),
            Tri::Yes => held.push(judged.why),
        }
    }
    match result {
        Tri::Yes => (Tri::Yes, held),
        Tri::Maybe => (Tri::Maybe, undecided),
        Tri::No => (Tri::No, Vec::new()),
    }
}
