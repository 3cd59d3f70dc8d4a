//! [`Rootctl::check_scps`]: which selected accounts' service (and resource) control
//! policies will block a root session's calls, found before any session starts, and the
//! statement that fixes each.
//!
//! The policies are read once per run: `ListPoliciesForTarget` for each distinct root,
//! OU and account on the selected accounts' paths (known from the tree the selection
//! walks), and `DescribePolicy` once per distinct policy. Nothing is assumed and nothing
//! changes.

mod report;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tokio::task::JoinSet;

pub use report::{AccountScps, ScpFinding, ScpReport, ScpSummary};

use super::select::{SelectedAccounts, Selection, Target};
use crate::engine::Rootctl;
use crate::error::{Error, Result};
use crate::model::{Partition, PolicySummary, PolicyTarget, PolicyType, RootTask};
use crate::scp::{
    Attached, Cause, CauseKind, Level, PolicyDocument, RequestContext, RootSessionCall, Verdict,
    allow_statement, evaluate, evaluate_rcps, exempt_root_sessions, root_task_request,
};

/// A policy as read in this run: its summary and its parsed document (or why it could
/// not be parsed).
struct ReadPolicy {
    summary: PolicySummary,
    document: std::result::Result<PolicyDocument, String>,
}

/// What a run read: per policy type in force, the policies attached to each target.
struct Policies {
    attached: BTreeMap<(PolicyType, String), Vec<String>>,
    documents: HashMap<String, ReadPolicy>,
    in_force: Vec<PolicyType>,
}

/// Whether a policy type can restrict a task's calls: SCPs always; RCPs only the calls on
/// S3 and SQS resources (they do not govern IAM).
fn governs(policy_type: PolicyType, action: &str) -> bool {
    match policy_type {
        PolicyType::ServiceControlPolicy => true,
        PolicyType::ResourceControlPolicy => {
            action.starts_with("s3:") || action.starts_with("sqs:")
        }
    }
}

impl Rootctl {
    /// Predicts, for every account `selection` targets and every task in `tasks`,
    /// whether its service control policies (and, for the S3 and SQS tasks, its resource
    /// control policies) allow a root session's calls, block them, or depend on what
    /// cannot be known before the call; each blocked verdict names the policy, the
    /// target it is attached to, the statement and why, with the statement rewritten to
    /// exempt root sessions (or, for an allow-list, the Allow statement it lacks).
    ///
    /// Read only: `ListRoots`, `ListPoliciesForTarget` per distinct target and
    /// `DescribePolicy` per distinct policy; no session is started.
    ///
    /// Errors before any call: an empty `tasks`; then the errors of
    /// [`select_accounts`](Rootctl::select_accounts). A failed read fails the check
    /// (a partial answer would read as "allowed").
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> rootctl::Result<()> {
    /// use rootctl::scp::Verdict;
    /// use rootctl::sim::SimulatedOrg;
    /// use rootctl::{RootTask, Rootctl, Selection};
    ///
    /// let org = SimulatedOrg::example();
    /// let member = org.members()[0].account.id;
    /// org.attach_scp(&member.into(), r#"{"Version": "2012-10-17", "Statement": [{
    ///     "Effect": "Deny", "Action": "*", "Resource": "*",
    ///     "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]}"#)?;
    /// let rootctl = Rootctl::simulated(org);
    /// let report = rootctl.check_scps(&Selection::all(), &RootTask::ALL).await?;
    /// let account = report.account(&member).expect("targeted");
    /// assert_eq!(account.verdicts[&RootTask::Audit], Verdict::Blocked);
    /// println!("{}", account.findings[0].fix.as_ref().expect("a fix"));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn check_scps(&self, selection: &Selection, tasks: &[RootTask]) -> Result<ScpReport> {
        if tasks.is_empty() {
            return Err(Error::invalid_input(
                "tasks",
                "[]",
                "names no task (leave it out to check all five)",
            ));
        }
        let tasks: Vec<RootTask> = tasks
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let selected = self.select_accounts(selection).await?;
        self.judge_targets(&selected, tasks).await
    }

    /// The SCP pre-flight of accounts already selected (`tasks` not empty, sorted).
    pub(crate) async fn judge_targets(
        &self,
        selected: &SelectedAccounts,
        tasks: Vec<RootTask>,
    ) -> Result<ScpReport> {
        let policies = self.read_policies(&selected.targets, &tasks).await?;
        let partition = self.partition();
        let accounts = selected
            .targets
            .iter()
            .map(|target| {
                judge_account(
                    target,
                    &tasks,
                    &policies,
                    &selected.organization_id,
                    partition,
                )
            })
            .collect();
        Ok(ScpReport::new(
            selected.organization_id.clone(),
            tasks,
            policies.in_force,
            accounts,
            selected.skipped.clone(),
            policies.documents.len(),
        ))
    }

    /// Reads the policies of every type in force attached along the targets' paths.
    async fn read_policies(&self, targets: &[Target], tasks: &[RootTask]) -> Result<Policies> {
        let roots = self
            .with_retries("ListRoots", || self.organizations.list_roots())
            .await?;
        let mut path_targets: BTreeSet<PolicyTarget> = BTreeSet::new();
        for target in targets {
            path_targets.extend(target.parents.iter().cloned().map(PolicyTarget::Parent));
            path_targets.insert(PolicyTarget::Account(target.account_id));
        }
        let wants_rcps = tasks.iter().any(|t| {
            t.actions()
                .iter()
                .any(|a| governs(PolicyType::ResourceControlPolicy, a))
        });
        let mut attached = BTreeMap::new();
        let mut in_force = Vec::new();
        for policy_type in PolicyType::ALL {
            if policy_type == PolicyType::ResourceControlPolicy && !wants_rcps {
                continue;
            }
            let listed = self.list_attached(&path_targets, policy_type).await?;
            // ListRoots says which types are enabled; a response without `PolicyTypes`
            // says nothing, and then policies attached anywhere on the paths show the
            // type is in force (AWS keeps every target's last SCP attached).
            let enabled = roots
                .iter()
                .any(|r| r.enabled_policy_types.contains(&policy_type))
                || listed.values().any(|ids| !ids.is_empty());
            if !enabled {
                continue;
            }
            in_force.push(policy_type);
            for (target, summaries) in listed {
                attached.insert((policy_type, target.as_str().to_owned()), summaries);
            }
        }
        let mut wanted: BTreeMap<String, PolicySummary> = BTreeMap::new();
        for summaries in attached.values() {
            for summary in summaries {
                wanted
                    .entry(summary.id.clone())
                    .or_insert_with(|| summary.clone());
            }
        }
        let documents = self.describe_policies(wanted).await?;
        let attached = attached
            .into_iter()
            .map(|(key, summaries)| (key, summaries.into_iter().map(|s| s.id).collect()))
            .collect();
        Ok(Policies {
            attached,
            documents,
            in_force,
        })
    }

    /// `ListPoliciesForTarget` for each target, `concurrency` at a time.
    async fn list_attached(
        &self,
        targets: &BTreeSet<PolicyTarget>,
        policy_type: PolicyType,
    ) -> Result<BTreeMap<PolicyTarget, Vec<PolicySummary>>> {
        let targets: Vec<PolicyTarget> = targets.iter().cloned().collect();
        let mut listed = BTreeMap::new();
        for chunk in targets.chunks(self.options().concurrency.initial()) {
            let mut tasks = JoinSet::new();
            for target in chunk.iter().cloned() {
                let rc = self.clone();
                tasks.spawn(async move {
                    let policies = rc
                        .with_retries("ListPoliciesForTarget", || {
                            rc.organizations
                                .list_policies_for_target(&target, policy_type)
                        })
                        .await?;
                    Ok::<_, Error>((target, policies))
                });
            }
            for result in tasks.join_all().await {
                let (target, policies) = result?;
                listed.insert(target, policies);
            }
        }
        Ok(listed)
    }

    /// `DescribePolicy` for each policy, `concurrency` at a time, each document parsed.
    async fn describe_policies(
        &self,
        wanted: BTreeMap<String, PolicySummary>,
    ) -> Result<HashMap<String, ReadPolicy>> {
        let wanted: Vec<PolicySummary> = wanted.into_values().collect();
        let mut documents = HashMap::with_capacity(wanted.len());
        for chunk in wanted.chunks(self.options().concurrency.initial()) {
            let mut tasks = JoinSet::new();
            for summary in chunk.iter().cloned() {
                let rc = self.clone();
                tasks.spawn(async move {
                    let policy = rc
                        .with_retries("DescribePolicy", || {
                            rc.organizations.describe_policy(&summary.id)
                        })
                        .await?;
                    let document =
                        PolicyDocument::parse(&policy.content).map_err(|e| e.to_string());
                    Ok::<_, Error>(ReadPolicy { summary, document })
                });
            }
            for result in tasks.join_all().await {
                let read = result?;
                documents.insert(read.summary.id.clone(), read);
            }
        }
        Ok(documents)
    }
}

/// One finding in the making: the cause, and the tasks and actions it decides.
struct Pending {
    cause: Cause,
    policy_type: PolicyType,
    tasks: BTreeSet<RootTask>,
    actions: Vec<String>,
}

fn finding_key(
    cause: &Cause,
    policy_type: PolicyType,
) -> (PolicyType, String, String, usize, CauseKind) {
    (
        policy_type,
        cause.policy_id.clone().unwrap_or_default(),
        cause.target.clone(),
        cause.statement.as_ref().map_or(usize::MAX, |s| s.index),
        cause.kind,
    )
}

fn judge_account(
    target: &Target,
    tasks: &[RootTask],
    policies: &Policies,
    organization_id: &str,
    partition: Partition,
) -> AccountScps {
    let account = target.account_id;
    let mut path: Vec<String> = target
        .parents
        .iter()
        .map(|p| p.as_str().to_owned())
        .collect();
    let organization_path = format!("{organization_id}/{}/", path.join("/"));
    path.push(account.as_str().to_owned());
    let call = |region: Option<String>, untagged: bool| {
        RequestContext::root_session(&RootSessionCall {
            account_id: account,
            partition,
            organization_id: organization_id.to_owned(),
            organization_path: organization_path.clone(),
            region,
            resource_untagged: untagged,
        })
    };
    // IAM is served from one region per partition; buckets and queues from theirs.
    let iam_context = call(partition.iam_region().map(str::to_owned), true);
    let resource_context = call(None, false);

    let mut verdicts = BTreeMap::new();
    let mut pending: BTreeMap<_, Pending> = BTreeMap::new();
    // Policies whose document could not be parsed: (id, type, target) -> (why, tasks).
    let mut unreadable: BTreeMap<(String, PolicyType, String), (String, BTreeSet<RootTask>)> =
        BTreeMap::new();
    for &task in tasks {
        let mut verdict = Verdict::Allowed;
        for action in task.actions() {
            let request = root_task_request(action, &account, partition);
            let context = if action.starts_with("iam:") {
                &iam_context
            } else {
                &resource_context
            };
            for &policy_type in &policies.in_force {
                if !governs(policy_type, action) {
                    continue;
                }
                let mut documents = Vec::new();
                let levels: Vec<Level<'_>> = path
                    .iter()
                    .map(|level| Level {
                        target: level,
                        policies: policies
                            .attached
                            .get(&(policy_type, level.clone()))
                            .into_iter()
                            .flatten()
                            .filter_map(|id| {
                                let read = policies.documents.get(id)?;
                                match &read.document {
                                    Ok(document) => Some(Attached {
                                        policy_id: &read.summary.id,
                                        policy_name: &read.summary.name,
                                        document,
                                    }),
                                    Err(why) => {
                                        documents.push((id.clone(), level.clone(), why.clone()));
                                        None
                                    }
                                }
                            })
                            .collect(),
                    })
                    .collect();
                let mut evaluation = match policy_type {
                    PolicyType::ServiceControlPolicy => evaluate(&levels, &request, context),
                    PolicyType::ResourceControlPolicy => evaluate_rcps(&levels, &request, context),
                };
                if !documents.is_empty() && evaluation.verdict == Verdict::Allowed {
                    // A policy rootctl cannot read may deny the call.
                    evaluation.verdict = Verdict::Unknown;
                }
                for (id, level, why) in documents {
                    unreadable
                        .entry((id, policy_type, level))
                        .or_insert((why, BTreeSet::new()))
                        .1
                        .insert(task);
                }
                verdict = verdict.combine(evaluation.verdict);
                for cause in evaluation.causes {
                    let entry = pending
                        .entry(finding_key(&cause, policy_type))
                        .or_insert_with(|| Pending {
                            cause,
                            policy_type,
                            tasks: BTreeSet::new(),
                            actions: Vec::new(),
                        });
                    entry.tasks.insert(task);
                    if !entry.actions.iter().any(|a| a == action) {
                        entry.actions.push((*action).to_owned());
                    }
                }
            }
        }
        verdicts.insert(task, verdict);
    }
    let mut findings: Vec<ScpFinding> = pending.into_values().map(finding).collect();
    for ((policy_id, policy_type, target_id), (why, tasks)) in unreadable {
        findings.push(ScpFinding {
            tasks: tasks.into_iter().collect(),
            actions: Vec::new(),
            verdict: Verdict::Unknown,
            policy_type,
            policy_name: policies
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
    // Blocking findings first, then by target from the root down.
    findings.sort_by_key(|f| {
        (
            f.verdict != Verdict::Blocked,
            path.iter().position(|t| *t == f.target_id),
        )
    });
    AccountScps {
        account_id: account,
        name: target.name.clone(),
        ou_path: target.ou_path.clone(),
        path,
        verdicts,
        findings,
    }
}

fn finding(pending: Pending) -> ScpFinding {
    let Pending {
        cause,
        policy_type,
        tasks,
        actions,
    } = pending;
    let fix = match (&cause.kind, &cause.statement) {
        (CauseKind::Denied | CauseKind::MaybeDenied, Some(statement)) => {
            Some(exempt_root_sessions(&statement.json))
        }
        // Only an SCP blocks by omission: an RCP can only deny (its fix is the deny's
        // exemption above), so no Allow RCP statement is ever proposed.
        (CauseKind::NotAllowed, _) if policy_type == PolicyType::ServiceControlPolicy => {
            Some(allow_statement(&actions))
        }
        _ => None,
    };
    ScpFinding {
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
        reason: cause.reason,
        fix,
        actions,
    }
}

#[cfg(test)]
mod tests;
