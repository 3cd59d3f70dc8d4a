//! One account's verdicts: the calls its root sessions make, judged by the policies on
//! its path, and the caller's `sts:AssumeRoot` into it (see `caller`).

use std::collections::BTreeMap;

use super::Policies;
use super::caller::CallerSide;
use super::judging::{Call, Exemption, Judging};
use super::report::{AccountScps, ScpSide};
use crate::model::{Partition, PolicyType, RootTask};
use crate::ops::select::Target;
use crate::scp::{RequestContext, RootSessionCall, root_task_request};

/// Whether a policy type can restrict a root session's call: SCPs always; RCPs only the
/// calls on S3 and SQS resources (they do not govern IAM).
pub(super) fn governs(policy_type: PolicyType, action: &str) -> bool {
    match policy_type {
        PolicyType::ServiceControlPolicy => true,
        PolicyType::ResourceControlPolicy => {
            action.starts_with("s3:") || action.starts_with("sqs:")
        }
    }
}

/// The member's organization path, `o-.../r-.../ou-.../`, and its policy path, the root
/// and OUs then the account.
pub(super) fn paths(target: &Target, organization_id: &str) -> (String, Vec<String>) {
    let mut path: Vec<String> = target
        .parents
        .iter()
        .map(|p| p.as_str().to_owned())
        .collect();
    let organization_path = format!("{organization_id}/{}/", path.join("/"));
    path.push(target.account_id.as_str().to_owned());
    (organization_path, path)
}

pub(super) fn judge_account(
    target: &Target,
    tasks: &[RootTask],
    policies: &Policies,
    caller: &CallerSide,
    organization_id: &str,
    partition: Partition,
) -> AccountScps {
    let account = target.account_id;
    let (organization_path, path) = paths(target, organization_id);
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

    let mut judging = Judging::new(policies);
    let mut verdicts = BTreeMap::new();
    for &task in tasks {
        let mut verdict = caller.judge(
            &mut judging,
            target,
            &path,
            &organization_path,
            organization_id,
            partition,
            task,
        );
        for action in task.actions() {
            let request = root_task_request(action, &account, partition);
            let context = if action.starts_with("iam:") {
                &iam_context
            } else {
                &resource_context
            };
            let call = Call {
                task,
                side: ScpSide::Member,
                request: &request,
                context,
                exemption: &Exemption::RootSessions,
            };
            for &policy_type in &policies.in_force {
                if governs(policy_type, action) {
                    verdict = verdict.combine(judging.judge(&path, policy_type, &call, |_| {}));
                }
            }
        }
        verdicts.insert(task, verdict);
    }
    let findings = judging.findings(|side, target_id| {
        let on = match side {
            ScpSide::Member => &path[..],
            ScpSide::Caller => caller.path().unwrap_or(&path[..]),
        };
        on.iter()
            .position(|t| t == target_id)
            .or_else(|| path.iter().position(|t| t == target_id))
            .unwrap_or(usize::MAX)
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
