//! AWS's SCP (and RCP) evaluation over the path from the root to an account.

use serde::{Deserialize, Serialize};

use super::context::{Request, RequestContext};
use super::document::{Effect, PolicyDocument, Statement};
use super::matching::{self, Tri};

/// A policy attached at one level of the path.
#[derive(Clone, Copy, Debug)]
pub struct Attached<'a> {
    /// The policy id, e.g. `p-FullAWSAccess`.
    pub policy_id: &'a str,
    /// Its name.
    pub policy_name: &'a str,
    /// Its document.
    pub document: &'a PolicyDocument,
}

/// One level of the path (the root, an OU, or the account) and the policies attached
/// directly to it.
#[derive(Clone, Debug)]
pub struct Level<'a> {
    /// The target id: `r-...`, `ou-...` or the account id.
    pub target: &'a str,
    /// The policies of one type attached to it.
    pub policies: Vec<Attached<'a>>,
}

/// The verdict for a call, or for a task (all its calls).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No policy stops it.
    Allowed,
    /// Some policy surely stops it.
    Blocked,
    /// It depends on something that cannot be known before the call.
    Unknown,
}

impl Verdict {
    /// The lowercase name, e.g. `blocked`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Allowed => "allowed",
            Verdict::Blocked => "blocked",
            Verdict::Unknown => "unknown",
        }
    }

    /// The verdict of several calls: blocked if one is, else unknown if one is.
    pub fn combine(self, other: Verdict) -> Verdict {
        match (self, other) {
            (Verdict::Blocked, _) | (_, Verdict::Blocked) => Verdict::Blocked,
            (Verdict::Unknown, _) | (_, Verdict::Unknown) => Verdict::Unknown,
            _ => Verdict::Allowed,
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a policy (or the lack of one) decides a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CauseKind {
    /// A Deny statement surely applies.
    Denied,
    /// No policy attached at a level allows the call.
    NotAllowed,
    /// A Deny statement may apply.
    MaybeDenied,
    /// At a level, only statements that may not apply allow the call.
    MaybeNotAllowed,
}

impl CauseKind {
    /// Whether this cause surely blocks the call.
    pub const fn blocks(self) -> bool {
        matches!(self, CauseKind::Denied | CauseKind::NotAllowed)
    }
}

/// Why a call is blocked or undecided: which policy, at which target, which statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Cause {
    /// How it decides.
    pub kind: CauseKind,
    /// The level it was found at.
    pub target: String,
    /// The policy; `None` when no policy at the level allows the call.
    pub policy_id: Option<String>,
    /// The policy's name.
    pub policy_name: Option<String>,
    /// The statement; `None` when no statement is to blame (nothing allows the call).
    pub statement: Option<Statement>,
    /// What decided it, for a human.
    pub reason: String,
}

/// The verdict for one call and the causes behind it (empty when allowed).
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// The verdict.
    pub verdict: Verdict,
    /// For `Blocked`, the causes that surely block; for `Unknown`, the undecided ones.
    pub causes: Vec<Cause>,
}

/// Evaluates `request` against the policies of one type along `path` (root first), as
/// AWS documents it: a Deny that applies anywhere blocks the call; otherwise every
/// level needs at least one Allow that applies. A statement whose match depends on an
/// unknown key makes the verdict [`Verdict::Unknown`] unless something else surely
/// blocks the call.
pub fn evaluate(path: &[Level<'_>], request: &Request, context: &RequestContext) -> Evaluation {
    evaluate_with(path, request, context, true)
}

/// [`evaluate`] for resource control policies: only a Deny that applies blocks the call.
///
/// AWS attaches `RCPFullAWSAccess` (allow everything) to the root, every OU and every
/// account, it cannot be detached, and customer RCPs may only deny (see docs/scps.md,
/// "Evaluation"), so every level always allows: an RCP never blocks by omission, and a
/// listing that lacks `RCPFullAWSAccess` somewhere (a backend that does not attach it)
/// changes nothing. Allow statements are not judged.
pub fn evaluate_rcps(
    path: &[Level<'_>],
    request: &Request,
    context: &RequestContext,
) -> Evaluation {
    evaluate_with(path, request, context, false)
}

fn evaluate_with(
    path: &[Level<'_>],
    request: &Request,
    context: &RequestContext,
    every_level_must_allow: bool,
) -> Evaluation {
    let mut blocking = Vec::new();
    let mut undecided = Vec::new();
    for level in path {
        let mut allowed = Tri::No;
        let mut maybe_allows = Vec::new();
        for policy in &level.policies {
            for statement in &policy.document.statements {
                if !every_level_must_allow && statement.effect == Effect::Allow {
                    continue;
                }
                let (applies, why) = matching::statement(statement, request, context);
                if applies == Tri::No {
                    continue;
                }
                let cause = |kind: CauseKind, reason: String| Cause {
                    kind,
                    target: level.target.to_owned(),
                    policy_id: Some(policy.policy_id.to_owned()),
                    policy_name: Some(policy.policy_name.to_owned()),
                    statement: Some(statement.clone()),
                    reason,
                };
                match (statement.effect, applies) {
                    (Effect::Deny, Tri::Yes) => blocking.push(cause(
                        CauseKind::Denied,
                        format!(
                            "{} of {} explicitly denies {} to the root session: {}",
                            statement.label(),
                            policy.policy_id,
                            request.action,
                            why.join("; ")
                        ),
                    )),
                    (Effect::Deny, _) => undecided.push(cause(
                        CauseKind::MaybeDenied,
                        format!(
                            "{} of {} may deny {}: {}",
                            statement.label(),
                            policy.policy_id,
                            request.action,
                            why.join("; ")
                        ),
                    )),
                    (Effect::Allow, Tri::Yes) => allowed = Tri::Yes,
                    (Effect::Allow, _) => {
                        if allowed == Tri::No {
                            allowed = Tri::Maybe;
                        }
                        maybe_allows.push(cause(
                            CauseKind::MaybeNotAllowed,
                            format!(
                                "{} of {} is the only allow of {} at {} and may not apply: {}",
                                statement.label(),
                                policy.policy_id,
                                request.action,
                                level.target,
                                why.join("; ")
                            ),
                        ));
                    }
                }
            }
        }
        if !every_level_must_allow {
            continue;
        }
        match allowed {
            Tri::Yes => {}
            Tri::Maybe => undecided.extend(maybe_allows),
            Tri::No => blocking.push(Cause {
                kind: CauseKind::NotAllowed,
                target: level.target.to_owned(),
                policy_id: None,
                policy_name: None,
                statement: None,
                reason: if level.policies.is_empty() {
                    format!(
                        "no policy is attached to {}, so nothing there allows {}",
                        level.target, request.action
                    )
                } else {
                    format!(
                        "no policy attached to {} allows {} ({} attached: {}); every level \
                         from the root to the account must allow it",
                        level.target,
                        request.action,
                        level.policies.len(),
                        level
                            .policies
                            .iter()
                            .map(|p| p.policy_id)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            }),
        }
    }
    if !blocking.is_empty() {
        Evaluation {
            verdict: Verdict::Blocked,
            causes: blocking,
        }
    } else if !undecided.is_empty() {
        Evaluation {
            verdict: Verdict::Unknown,
            causes: undecided,
        }
    } else {
        Evaluation {
            verdict: Verdict::Allowed,
            causes: Vec::new(),
        }
    }
}
