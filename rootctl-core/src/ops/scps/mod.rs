//! [`Rootctl::check_scps`]: which selected accounts' service (and resource) control
//! policies will block a root session's calls, found before any session starts, and the
//! statement that fixes each.
//!
//! The policies are read once per run: `ListPoliciesForTarget` for each distinct root,
//! OU and account on the selected accounts' paths and the caller's (known from the tree
//! the selection walks), and `DescribePolicy` once per distinct policy. Nothing is
//! assumed and nothing changes.
//!
//! `member` judges the calls a root session makes in each account, `caller` the
//! `sts:AssumeRoot` the caller makes to start it, `judging` turns what both find into
//! the report's findings.

mod caller;
mod judging;
mod member;
mod report;
#[cfg(test)]
mod report_tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tokio::task::JoinSet;

pub use report::{AccountScps, CallerScps, ScpFinding, ScpReport, ScpSide, ScpSummary};

use super::select::{SelectedAccounts, Selection, Target};
use crate::engine::Rootctl;
use crate::error::{Error, Result};
use crate::model::{CallerIdentity, PolicySummary, PolicyTarget, PolicyType, RootTask};
use crate::scp::{Attached, Level, PolicyDocument};
use caller::CallerSide;

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

impl Policies {
    /// The levels of `path` (root first) with the parsed policies of `policy_type`
    /// attached to each, and the policies there whose document could not be parsed:
    /// (policy id, target, why).
    fn levels<'a>(
        &'a self,
        policy_type: PolicyType,
        path: &'a [String],
    ) -> (Vec<Level<'a>>, Vec<(String, String, String)>) {
        let mut unreadable = Vec::new();
        let levels = path
            .iter()
            .map(|level| Level {
                target: level,
                policies: self
                    .attached
                    .get(&(policy_type, level.clone()))
                    .into_iter()
                    .flatten()
                    .filter_map(|id| {
                        let read = self.documents.get(id)?;
                        match &read.document {
                            Ok(document) => Some(Attached {
                                policy_id: &read.summary.id,
                                policy_name: &read.summary.name,
                                document,
                            }),
                            Err(why) => {
                                unreadable.push((id.clone(), level.clone(), why.clone()));
                                None
                            }
                        }
                    })
                    .collect(),
            })
            .collect();
        (levels, unreadable)
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
        let caller = self.caller().await?;
        self.judge_targets(&selected, tasks, &caller).await
    }

    /// The SCP pre-flight of accounts already selected (`tasks` not empty, sorted), for
    /// root sessions `caller` starts.
    pub(crate) async fn judge_targets(
        &self,
        selected: &SelectedAccounts,
        tasks: Vec<RootTask>,
        caller: &CallerIdentity,
    ) -> Result<ScpReport> {
        let caller = CallerSide::new(caller, selected, self.region());
        let policies = self
            .read_policies(&selected.targets, caller.targets())
            .await?;
        let partition = self.partition();
        let accounts = selected
            .targets
            .iter()
            .map(|target| {
                member::judge_account(
                    target,
                    &tasks,
                    &policies,
                    &caller,
                    &selected.organization_id,
                    partition,
                )
            })
            .collect();
        Ok(ScpReport::new(
            selected.organization_id.clone(),
            tasks,
            policies.in_force,
            Some(caller.report()),
            accounts,
            selected.skipped.clone(),
            policies.documents.len(),
        ))
    }

    /// Reads the policies of every type in force attached along the targets' paths and
    /// (SCPs only: RCPs restrict resources, and the caller's call acts on the member's
    /// root user) along `caller_path`.
    async fn read_policies(
        &self,
        targets: &[Target],
        caller_path: Vec<PolicyTarget>,
    ) -> Result<Policies> {
        let roots = self
            .with_retries("ListRoots", || self.organizations.list_roots())
            .await?;
        let mut path_targets: BTreeSet<PolicyTarget> = BTreeSet::new();
        for target in targets {
            path_targets.extend(target.parents.iter().cloned().map(PolicyTarget::Parent));
            path_targets.insert(PolicyTarget::Account(target.account_id));
        }
        let mut attached = BTreeMap::new();
        let mut in_force = Vec::new();
        // A root that lists its enabled types and not this one says it is off: nothing
        // to list then. A root that lists none says nothing (some backends).
        let surely_off = |policy_type: PolicyType| {
            !roots.is_empty()
                && roots.iter().all(|r| {
                    !r.enabled_policy_types.is_empty()
                        && !r.enabled_policy_types.contains(&policy_type)
                })
        };
        for policy_type in PolicyType::ALL {
            if surely_off(policy_type) {
                continue;
            }
            let mut wanted = path_targets.clone();
            if policy_type == PolicyType::ServiceControlPolicy {
                wanted.extend(caller_path.iter().cloned());
            }
            let mut listed = self.list_attached(&wanted, policy_type).await?;
            // Only summaries of the type asked for count (a backend may mislabel).
            for summaries in listed.values_mut() {
                summaries.retain(|s| s.policy_type == policy_type);
            }
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

#[cfg(test)]
mod tests;
