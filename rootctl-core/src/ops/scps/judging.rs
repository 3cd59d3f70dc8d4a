//! What the member and caller sides find, gathered into the report's findings: one per
//! statement (or level that allows nothing, or unreadable policy), naming every task and
//! action it decides, with its fix.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use super::Policies;
use super::report::{ScpFinding, ScpSide};
use crate::model::{PolicyType, RootTask};
use crate::scp::{
    Cause, CauseKind, Evaluation, Request, RequestContext, Verdict, allow_statement, evaluate,
    evaluate_rcps, exempt_caller, exempt_root_sessions,
};

/// How a denying statement is rewritten so that it no longer stops the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Exemption {
    /// Exempt root sessions (`"Null": {"aws:AssumedRoot": "true"}`).
    RootSessions,
    /// Exempt the caller, by its `aws:userid`.
    Caller(String),
}

/// One finding in the making: the cause, and the tasks and actions it decides.
struct Pending {
    cause: Cause,
    policy_type: PolicyType,
    side: ScpSide,
    exemption: Exemption,
    tasks: BTreeSet<RootTask>,
    actions: Vec<String>,
}

type Key = (ScpSide, PolicyType, String, String, usize, CauseKind);

/// A policy whose document could not be parsed: (side, id, type, target).
type UnreadableKey = (ScpSide, String, PolicyType, String);

/// One call to judge along one path.
pub(super) struct Call<'a> {
    pub(super) task: RootTask,
    pub(super) side: ScpSide,
    pub(super) request: &'a Request,
    pub(super) context: &'a RequestContext,
    pub(super) exemption: &'a Exemption,
}

/// The findings of one account, gathered from every call judged.
pub(super) struct Judging<'a> {
    policies: &'a Policies,
    pending: BTreeMap<Key, Pending>,
    /// Policies whose document could not be parsed, with why and the tasks they decide.
    unreadable: BTreeMap<UnreadableKey, (String, BTreeSet<RootTask>)>,
    /// Findings made up here rather than from a policy (the caller outside the tree), one
    /// per side and reason.
    extra: BTreeMap<(ScpSide, String), ScpFinding>,
}

impl<'a> Judging<'a> {
    pub(super) fn new(policies: &'a Policies) -> Self {
        Self {
            policies,
            pending: BTreeMap::new(),
            unreadable: BTreeMap::new(),
            extra: BTreeMap::new(),
        }
    }

    /// Judges `call` against the policies of `policy_type` along `path` (root first),
    /// records why, and returns the verdict. `adjust` may change the evaluation first
    /// (the caller's side softens what AWS does not document).
    pub(super) fn judge(
        &mut self,
        path: &[String],
        policy_type: PolicyType,
        call: &Call<'_>,
        adjust: impl FnOnce(&mut Evaluation),
    ) -> Verdict {
        let (levels, unreadable) = self.policies.levels(policy_type, path);
        let mut evaluation = match policy_type {
            PolicyType::ServiceControlPolicy => evaluate(&levels, call.request, call.context),
            PolicyType::ResourceControlPolicy => evaluate_rcps(&levels, call.request, call.context),
        };
        adjust(&mut evaluation);
        if !unreadable.is_empty() && evaluation.verdict == Verdict::Allowed {
            // A policy rootctl cannot read may deny the call.
            evaluation.verdict = Verdict::Unknown;
        }
        for (id, level, why) in unreadable {
            self.unreadable
                .entry((call.side, id, policy_type, level))
                .or_insert((why, BTreeSet::new()))
                .1
                .insert(call.task);
        }
        let action = &call.request.action;
        for cause in evaluation.causes {
            let key = (
                call.side,
                policy_type,
                cause.policy_id.clone().unwrap_or_default(),
                cause.target.clone(),
                cause.statement.as_ref().map_or(usize::MAX, |s| s.index),
                cause.kind,
            );
            let entry = self.pending.entry(key).or_insert_with(|| Pending {
                cause,
                policy_type,
                side: call.side,
                exemption: call.exemption.clone(),
                tasks: BTreeSet::new(),
                actions: Vec::new(),
            });
            entry.tasks.insert(call.task);
            if !entry.actions.iter().any(|a| a == action) {
                entry.actions.push(action.clone());
            }
        }
        evaluation.verdict
    }

    /// Records a finding that no policy statement stands behind; the same side and
    /// reason for another task adds the task to the finding already made.
    pub(super) fn add(&mut self, finding: ScpFinding) {
        match self.extra.entry((finding.side, finding.reason.clone())) {
            Entry::Occupied(mut known) => {
                let known = known.get_mut();
                for task in finding.tasks {
                    if !known.tasks.contains(&task) {
                        known.tasks.push(task);
                    }
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(finding);
            }
        }
    }

    /// The findings, blocking ones first, the caller's before the member's, each side
    /// from the root down (`order` gives a target's place).
    pub(super) fn findings(self, order: impl Fn(ScpSide, &str) -> usize) -> Vec<ScpFinding> {
        let mut findings: Vec<ScpFinding> = self.pending.into_values().map(finding).collect();
        for ((side, policy_id, policy_type, target_id), (why, tasks)) in self.unreadable {
            findings.push(ScpFinding {
                side,
                tasks: tasks.into_iter().collect(),
                actions: Vec::new(),
                verdict: Verdict::Unknown,
                policy_type,
                policy_name: self
                    .policies
                    .documents
                    .get(&policy_id)
                    .map(|read| read.summary.name.clone()),
                policy_id: Some(policy_id),
                target_id,
                sid: None,
                statement: None,
                reason: format!("the policy document could not be read, so it may deny: {why}"),
                fix: None,
            });
        }
        findings.extend(self.extra.into_values());
        findings.sort_by_key(|f| {
            (
                f.verdict != Verdict::Blocked,
                f.side != ScpSide::Caller,
                order(f.side, &f.target_id),
            )
        });
        findings
    }
}

fn finding(pending: Pending) -> ScpFinding {
    let Pending {
        cause,
        policy_type,
        side,
        exemption,
        tasks,
        actions,
    } = pending;
    let mut reason = cause.reason;
    let fix = match (&cause.kind, &cause.statement) {
        (CauseKind::Denied | CauseKind::MaybeDenied, Some(statement)) => match &exemption {
            Exemption::RootSessions => {
                let fixed = exempt_root_sessions(&statement.json);
                if fixed.is_none() {
                    reason.push_str(
                        "; the statement applies only to root sessions (its condition on \
                         aws:AssumedRoot), so exempting them would aim it at every other \
                         principal instead: remove it, or take the task's actions out of its \
                         Action",
                    );
                }
                fixed
            }
            Exemption::Caller(user_id) => Some(exempt_caller(&statement.json, user_id)),
        },
        // Only an SCP blocks by omission: `evaluate_rcps` never reports `NotAllowed` (an
        // RCP can only deny; its fix is the deny's exemption above), so no Allow RCP
        // statement is ever proposed (`ops::scps::tests`, F7).
        (CauseKind::NotAllowed, _) => Some(allow_statement(&actions)),
        _ => None,
    };
    ScpFinding {
        side,
        tasks: tasks.into_iter().collect(),
        verdict: if cause.kind.blocks() {
            Verdict::Blocked
        } else {
            Verdict::Unknown
        },
        policy_type,
        policy_id: cause.policy_id,
        policy_name: cause.policy_name,
        target_id: cause.target,
        sid: cause.statement.as_ref().and_then(|s| s.sid.clone()),
        statement: cause.statement.map(|s| s.json),
        reason,
        fix,
        actions,
    }
}

impl Judging<'_> {
    /// Whether policies of `policy_type` are in force in the organization.
    pub(super) fn in_force(&self, policy_type: PolicyType) -> bool {
        self.policies.in_force.contains(&policy_type)
    }
}
