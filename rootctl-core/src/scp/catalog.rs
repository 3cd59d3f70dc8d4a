//! Every call the pre-flight judges, written as AWS's Service Authorization Reference
//! writes them (resource ARN formats with `${Account}`-style placeholders, the
//! service-specific condition keys), so that they can be checked against AWS's
//! machine-readable reference outside rootctl (`rootctl-py/tests/test_reference.py`).

use serde::Serialize;

use super::caller::{AssumeRootCall, assume_root_request};
use super::context::{Request, RequestContext, Resource, RootSessionCall, root_task_request};
use super::pattern::UnnamedKind;
use crate::model::{AccountId, CallerIdentity, Partition, RootTask};

/// One call the pre-flight judges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JudgedCall {
    /// The task it belongs to.
    pub task: RootTask,
    /// `member` (a root session's call in the member account) or `caller` (the
    /// caller's `sts:AssumeRoot`).
    pub side: &'static str,
    /// The action, e.g. `iam:GetAccountSummary`.
    pub action: String,
    /// The resource it is judged on, as the reference writes ARN formats
    /// (`arn:aws:iam::${Account}:root`, `arn:aws:sqs:${Region}:${Account}:${QueueName}`),
    /// or `*` for an action without resource-level permissions.
    pub resource: String,
    /// The service-specific condition keys (not `aws:`) whose value rootctl's context
    /// sets for the call, e.g. `sts:TaskPolicyArn`.
    pub condition_keys: Vec<String>,
}

/// The resource of `request` in the reference's form; `account` is the account the
/// request was built for.
fn reference_form(resource: &Resource, account: &AccountId) -> String {
    match resource {
        Resource::Arn(arn) => arn.replace(account.as_str(), "${Account}"),
        Resource::Unscoped(_) => "*".to_owned(),
        Resource::Unnamed(unnamed) => match unnamed.kind {
            UnnamedKind::Bucket => format!("arn:{}:s3:::${{BucketName}}", unnamed.partition),
            UnnamedKind::Queue => format!(
                "arn:{}:sqs:{}:${{Account}}:${{QueueName}}",
                unnamed.partition,
                unnamed.region.as_deref().unwrap_or("${Region}")
            ),
        },
    }
}

fn judged(
    task: RootTask,
    side: &'static str,
    request: &Request,
    context: &RequestContext,
    account: &AccountId,
) -> JudgedCall {
    JudgedCall {
        task,
        side,
        action: request.action.clone(),
        resource: reference_form(&request.resource, account),
        condition_keys: context
            .decided_keys()
            .into_iter()
            .filter(|key| !key.starts_with("aws:"))
            .collect(),
    }
}

/// Every call [`check_scps`](crate::Rootctl::check_scps) judges for each of the five
/// tasks in `partition`: the root session's calls, then the caller's `sts:AssumeRoot`.
///
/// ```
/// use rootctl::Partition;
///
/// let calls = rootctl::scp::judged_calls(Partition::Aws);
/// let assume = calls.iter().find(|c| c.action == "sts:AssumeRoot").unwrap();
/// assert_eq!(assume.resource, "arn:aws:iam::${Account}:root");
/// assert_eq!(assume.condition_keys, ["sts:TaskPolicyArn"]);
/// ```
pub fn judged_calls(partition: Partition) -> Vec<JudgedCall> {
    // Placeholders only: the forms name `${Account}`, not these.
    let member: AccountId = "111111111111".parse().expect("an account id");
    let caller: AccountId = "222222222222".parse().expect("an account id");
    let organization_path = "o-exampleorg/r-ex12/".to_owned();
    let mut calls = Vec::new();
    for task in RootTask::ALL {
        for action in task.actions() {
            let request = root_task_request(action, &member, partition);
            let context = RequestContext::root_session(&RootSessionCall {
                account_id: member,
                partition,
                organization_id: "o-exampleorg".into(),
                organization_path: organization_path.clone(),
                region: partition.iam_region().map(str::to_owned),
                resource_untagged: action.starts_with("iam:"),
            });
            calls.push(judged(task, "member", &request, &context, &member));
        }
        let request = assume_root_request(&member, partition);
        let context = RequestContext::assume_root(&AssumeRootCall {
            caller: CallerIdentity {
                account_id: caller,
                arn: format!("arn:{partition}:sts::{caller}:assumed-role/Operator/rootctl"),
                user_id: "AROAEXAMPLE:rootctl".into(),
            },
            organization_id: "o-exampleorg".into(),
            caller_organization_path: organization_path.clone(),
            member,
            member_organization_path: organization_path.clone(),
            partition,
            region: partition.iam_region().map(str::to_owned),
            task_policy: task.task_policy(),
        });
        calls.push(judged(task, "caller", &request, &context, &member));
    }
    calls
}
