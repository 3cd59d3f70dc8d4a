//! Reading a resource policy: does it lock everyone out of the policy itself?
//!
//! A policy is **locked** when one of its statements denies, to every principal, an
//! action needed to read or change the policy, on the resource itself, with no condition
//! that exempts anyone; then only the account's root user, through a task-policy root
//! session, can change it. **Unknown** when a statement could lock but rootctl cannot
//! evaluate it (a condition other than TLS-only, `NotPrincipal`, a policy that is not
//! JSON). **Open** otherwise. The reason names the statement by `Sid`, or by its index
//! (`#0` is the first) when it has none.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Partition, ResourceService};
use crate::scp::wildcard;

/// Whether a resource policy locks everyone out of the policy itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LockStatus {
    /// A statement denies every principal the policy actions, unconditionally.
    Locked,
    /// A statement might, but rootctl cannot evaluate it; a human must look.
    Unknown,
    /// Nothing locks (or there is no policy).
    Open,
}

impl LockStatus {
    /// `locked`, `unknown` or `open`.
    pub const fn as_str(self) -> &'static str {
        match self {
            LockStatus::Locked => "locked",
            LockStatus::Unknown => "unknown",
            LockStatus::Open => "open",
        }
    }
}

/// The verdict on one policy: its status, why, and which statements lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    /// The status.
    pub status: LockStatus,
    /// Why, naming the statements.
    pub reason: String,
    /// The indexes of the locking statements in the policy's `Statement` list.
    pub locking: Vec<usize>,
}

enum Verdict {
    /// Locks, denying the policy actions to everyone or to the whole owning account.
    Locks(&'static str),
    Unknown(String),
    Spares,
}

/// The ARN a policy statement's `Resource` names the resource by, in the partition of
/// its `region` (`arn:aws-cn:s3:::name` for a bucket in `cn-north-1`): see
/// [`resource_arn_in`].
pub fn resource_arn(service: ResourceService, region: &str, account: &str, name: &str) -> String {
    resource_arn_in(
        Partition::from_region(region),
        service,
        region,
        account,
        name,
    )
}

/// The ARN of a bucket or queue in `partition`. A policy in China or GovCloud names its
/// resource with that partition's ARN, so matching it against an `arn:aws:` ARN would
/// judge a lock open (see docs/safety.md, "Unlocking bucket and queue policies").
pub fn resource_arn_in(
    partition: Partition,
    service: ResourceService,
    region: &str,
    account: &str,
    name: &str,
) -> String {
    match service {
        ResourceService::S3 => format!("arn:{partition}:s3:::{name}"),
        ResourceService::Sqs => format!("arn:{partition}:sqs:{region}:{account}:{name}"),
    }
}

/// The statements of a policy document, whether `Statement` is a list or one object.
fn statements(doc: &Value) -> Vec<&Value> {
    match doc.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

fn label(statement: &Value, index: usize) -> String {
    match statement.get("Sid").and_then(Value::as_str) {
        Some(sid) if !sid.is_empty() => format!("statement {sid:?} (#{index})"),
        _ => format!("statement #{index}"),
    }
}

/// A string or a list of strings, as policy elements are written.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whom a `Principal` denies, as far as a lock goes.
#[derive(PartialEq, Eq)]
enum Denied {
    /// `*`: everyone.
    Everyone,
    /// The resource's own account (`"<owner>"` or `arn:<partition>:iam::<owner>:root`):
    /// every identity in it, since an account principal is not the root user alone (IAM
    /// User Guide, "AWS JSON policy elements: Principal", AWS account principals). Every
    /// IAM user and role of the owner is then locked out of the policy.
    OwningAccount,
    /// Specific principals: not a lock.
    Some,
}

fn denied(principal: &Value, owner: Option<&str>) -> Denied {
    let aws = match principal {
        Value::String(s) if s == "*" => return Denied::Everyone,
        Value::Object(map) => map.get("AWS").map(strings).unwrap_or_default(),
        _ => return Denied::Some,
    };
    if aws.contains(&"*") {
        return Denied::Everyone;
    }
    let is_owner = |p: &&str| {
        owner.is_some_and(|owner| {
            *p == owner
                || p.strip_prefix("arn:")
                    .and_then(|rest| rest.split_once(':'))
                    .is_some_and(|(_, rest)| rest == format!("iam::{owner}:root"))
        })
    };
    if aws.iter().any(is_owner) {
        Denied::OwningAccount
    } else {
        Denied::Some
    }
}

/// The one condition rootctl evaluates: a TLS-only deny (`aws:SecureTransport` false)
/// spares every request made over TLS, which is every SDK request.
fn tls_only(condition: &Value) -> bool {
    let Some(map) = condition.as_object() else {
        return false;
    };
    map.len() == 1
        && map
            .get("Bool")
            .and_then(Value::as_object)
            .is_some_and(|keys| {
                keys.len() == 1
                    && keys.iter().all(|(key, value)| {
                        key.eq_ignore_ascii_case("aws:SecureTransport")
                            && match value {
                                Value::Bool(b) => !b,
                                other => strings(other)
                                    .iter()
                                    .all(|v| v.eq_ignore_ascii_case("false")),
                            }
                    })
            })
}

fn verdict(statement: &Value, actions: &[&str], arn: &str, owner: Option<&str>) -> Verdict {
    if statement.get("Effect").and_then(Value::as_str) != Some("Deny") {
        return Verdict::Spares;
    }
    let applies_to_actions = match (statement.get("Action"), statement.get("NotAction")) {
        (Some(listed), _) => {
            let listed = strings(listed);
            actions
                .iter()
                .any(|a| listed.iter().any(|p| wildcard(p, a, true)))
        }
        (None, Some(excluded)) => {
            let excluded = strings(excluded);
            actions
                .iter()
                .any(|a| !excluded.iter().any(|p| wildcard(p, a, true)))
        }
        (None, None) => false,
    };
    let applies_to_resource = match (statement.get("Resource"), statement.get("NotResource")) {
        (Some(listed), _) => strings(listed).iter().any(|p| wildcard(p, arn, false)),
        (None, Some(excluded)) => !strings(excluded).iter().any(|p| wildcard(p, arn, false)),
        (None, None) => true,
    };
    if !applies_to_actions || !applies_to_resource {
        return Verdict::Spares;
    }
    if statement.get("NotPrincipal").is_some() {
        return Verdict::Unknown("denies every principal but those in NotPrincipal".into());
    }
    let whom = statement
        .get("Principal")
        .map_or(Denied::Some, |p| denied(p, owner));
    if whom == Denied::Some {
        return Verdict::Spares;
    }
    let locks = Verdict::Locks(match whom {
        Denied::OwningAccount => "every principal of the owning account",
        _ => "every principal",
    });
    match statement.get("Condition") {
        None => locks,
        Some(Value::Object(map)) if map.is_empty() => locks,
        Some(condition) if tls_only(condition) => Verdict::Spares,
        Some(condition) => {
            let keys: Vec<String> = condition
                .as_object()
                .map(|ops| {
                    ops.values()
                        .filter_map(Value::as_object)
                        .flat_map(|keys| keys.keys().cloned())
                        .collect()
                })
                .unwrap_or_default();
            Verdict::Unknown(format!(
                "denies every principal unless a condition holds ({}), which rootctl cannot \
                 evaluate",
                keys.join(", ")
            ))
        }
    }
}

/// Analyzes `policy` (the text as stored; `None` when there is none) of a resource of
/// `service` whose ARN is `arn`. The owning account is read from a queue's ARN; a bucket
/// ARN names none, so use [`analyze_owned`] to judge a deny aimed at the owner.
pub fn analyze(service: ResourceService, arn: &str, policy: Option<&str>) -> Analysis {
    let owner = arn.split(':').nth(4).filter(|a| !a.is_empty());
    analyze_in(service, arn, owner, policy)
}

/// [`analyze`] for a resource of account `owner`: a `Deny` to that account's principal
/// (`"<owner>"` or `arn:<partition>:iam::<owner>:root`, every identity in it) locks too.
pub fn analyze_owned(
    service: ResourceService,
    arn: &str,
    owner: &str,
    policy: Option<&str>,
) -> Analysis {
    analyze_in(service, arn, Some(owner), policy)
}

fn analyze_in(
    service: ResourceService,
    arn: &str,
    owner: Option<&str>,
    policy: Option<&str>,
) -> Analysis {
    let Some(policy) = policy else {
        return Analysis {
            status: LockStatus::Open,
            reason: "no policy".into(),
            locking: Vec::new(),
        };
    };
    // A key twice has no documented reading (S3 and SQS may keep either): unknown.
    let doc: Value = match crate::strict_json::parse(policy) {
        Ok(doc) => doc,
        Err(e) => {
            return Analysis {
                status: LockStatus::Unknown,
                reason: format!("the policy is not JSON rootctl can read: {e}"),
                locking: Vec::new(),
            };
        }
    };
    let actions = service.policy_actions();
    let mut locking = Vec::new();
    let mut locks = Vec::new();
    let mut unknown = Vec::new();
    for (index, statement) in statements(&doc).into_iter().enumerate() {
        match verdict(statement, actions, arn, owner) {
            Verdict::Locks(whom) => {
                locking.push(index);
                locks.push(format!("{} denies {whom}", label(statement, index)));
            }
            Verdict::Unknown(why) => unknown.push(format!("{} {why}", label(statement, index))),
            Verdict::Spares => {}
        }
    }
    if !locks.is_empty() {
        Analysis {
            status: LockStatus::Locked,
            reason: format!(
                "{} the policy actions ({}) with no condition",
                locks.join(", and "),
                actions.join(", ")
            ),
            locking,
        }
    } else if !unknown.is_empty() {
        Analysis {
            status: LockStatus::Unknown,
            reason: unknown.join("; "),
            locking,
        }
    } else {
        Analysis {
            status: LockStatus::Open,
            reason: "no statement denies every principal the policy actions".into(),
            locking,
        }
    }
}

/// How many statements `policy` has, counted as the analysis reads them (`Statement` a
/// list or one object); 0 for a text that is not a policy.
pub(crate) fn statement_count(policy: &str) -> usize {
    crate::strict_json::parse(policy).map_or(0, |doc| statements(&doc).len())
}

/// `policy` without the statements at `remove`: the surgical unlock. `None` when no
/// statement would remain (then the policy is deleted instead). The rest of the document
/// (`Version`, `Id`, the other statements) is kept as it was, re-serialized compactly.
pub fn without_statements(policy: &str, remove: &[usize]) -> Option<String> {
    let mut doc: Value = crate::strict_json::parse(policy).ok()?;
    let kept: Vec<Value> = statements(&doc)
        .into_iter()
        .enumerate()
        .filter(|(index, _)| !remove.contains(index))
        .map(|(_, s)| s.clone())
        .collect();
    if kept.is_empty() {
        return None;
    }
    doc.as_object_mut()?
        .insert("Statement".into(), Value::Array(kept));
    Some(doc.to_string())
}

#[cfg(test)]
#[path = "analyze_tests.rs"]
mod tests;
