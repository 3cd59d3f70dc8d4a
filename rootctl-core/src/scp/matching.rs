//! Three-valued matching of actions, resources and conditions against a request.

use super::context::{KeyValue, Request, RequestContext, Resource};
use super::document::{Actions, Condition, Resources, Statement};
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
    let fold = |c: char| {
        if ignore_case {
            c.to_ascii_lowercase()
        } else {
            c
        }
    };
    let p: Vec<char> = pattern.chars().map(fold).collect();
    let t: Vec<char> = text.chars().map(fold).collect();
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was, and where in the text its match ends so far.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((star_pi, star_ti)) = star {
            pi = star_pi + 1;
            ti = star_ti + 1;
            star = Some((star_pi, star_ti + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Whether an ARN matches an ARN pattern, each of the six `:`-separated parts on its own
/// (the `ArnLike` rule; the resource part keeps its colons).
fn arn_like(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    p.len() == a.len() && p.iter().zip(&a).all(|(p, a)| wildcard(p, a, false))
}

fn action_matches(actions: &Actions, action: &str) -> Tri {
    let listed = |patterns: &[String]| patterns.iter().any(|p| wildcard(p, action, true));
    match actions {
        Actions::Listed(patterns) => Tri::of(listed(patterns)),
        Actions::AllBut(patterns) => Tri::of(!listed(patterns)),
    }
}

fn resource_pattern(pattern: &str, resource: &Resource) -> Tri {
    if pattern == "*" {
        return Tri::Yes;
    }
    match resource {
        Resource::Arn(arn) => Tri::of(arn_like(pattern, arn) || wildcard(pattern, arn, false)),
        Resource::Unnamed(unnamed) => pattern::matches(pattern, unnamed),
        // An action without resource-level permissions is requested on `*`: only a
        // pattern that matches every resource names it.
        Resource::Unscoped(_) => Tri::No,
    }
}

fn resource_matches(resources: &Resources, resource: &Resource) -> Tri {
    let listed =
        |patterns: &[String]| Tri::any(patterns.iter().map(|p| resource_pattern(p, resource)));
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

fn compare(how: Compare, request: &str, policy: &str) -> bool {
    match how {
        Compare::StringEquals => request == policy,
        Compare::StringEqualsIgnoreCase | Compare::Bool => request.eq_ignore_ascii_case(policy),
        Compare::StringLike => wildcard(policy, request, false),
        Compare::Arn => arn_like(policy, request),
        Compare::NotEvaluated => false,
    }
}

/// Replaces policy variables (`${aws:PrincipalAccount}`, `${*}`) in a condition value;
/// `Err` names a variable whose value is not known.
fn substitute(value: &str, context: &RequestContext) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = &after[..end];
        match name {
            "*" | "?" | "$" => out.push_str(name),
            _ => match context.get(name) {
                KeyValue::Known(values) if values.len() == 1 => out.push_str(&values[0]),
                _ => {
                    return Err(format!(
                        "the policy variable ${{{name}}} is not known before the call"
                    ));
                }
            },
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
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
        let present = context.get(&condition.key);
        let wants_absent = condition
            .values
            .first()
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        return match present {
            KeyValue::Unknown => judged(
                Tri::Maybe,
                format!("{text}: {} is not known before the call", condition.key),
            ),
            KeyValue::Absent => judged(
                Tri::of(wants_absent),
                format!("{text}: {} is absent for a root session", condition.key),
            ),
            KeyValue::Known(_) => judged(
                Tri::of(!wants_absent),
                format!("{text}: {} is present for a root session", condition.key),
            ),
        };
    }
    let Some(op) = operator(&condition.operator) else {
        return judged(
            Tri::Maybe,
            format!("{text}: rootctl does not know the operator"),
        );
    };
    let mut values = Vec::with_capacity(condition.values.len());
    for value in &condition.values {
        match substitute(value, context) {
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
                let matched = values.iter().any(|p| compare(op.compare, r, p));
                matched != op.negated
            };
            let result = match op.set {
                Some(SetOperator::AllValues) => request.iter().all(|r| one(r)),
                _ => request.iter().any(|r| one(r)),
            };
            let shown = if request.len() == 1 {
                format!("{:?}", request[0])
            } else {
                format!("{request:?}")
            };
            judged(
                Tri::of(result),
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
    let mut result = action.and(resource_matches(&statement.resources, &request.resource));
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
    if resource_matches(&statement.resources, &request.resource) == Tri::Maybe {
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
