//! How the simulated organization's policies judge a call as it is made: a root
//! session's calls by the policies on the member's path, and the caller's
//! `sts:AssumeRoot` by the SCPs on the caller's path (the management account is exempt).

use super::super::state::OrgState;
use crate::model::{AccountId, Partition, PolicyType, TaskPolicy};
use crate::scp::{
    AssumeRootCall, Attached, CauseKind, Evaluation, Level, Request, RequestContext,
    RootSessionCall, Verdict, assume_root_request, evaluate, evaluate_rcps,
};

/// The region the simulated client sends its STS calls to (`aws:RequestedRegion` of
/// AssumeRoot): the simulated client's region.
const STS_REGION: &str = "us-east-1";

impl OrgState {
    /// Evaluates `request` in `context` against the policies of `policy_type` on `path`.
    fn judge(
        &self,
        path: &[String],
        policy_type: PolicyType,
        request: &Request,
        context: &RequestContext,
    ) -> Evaluation {
        let store = &self.policies;
        let levels: Vec<Level<'_>> = path
            .iter()
            .map(|target| Level {
                target,
                policies: store
                    .attached_to(target, policy_type)
                    .into_iter()
                    .map(|p| Attached {
                        policy_id: &p.summary.id,
                        policy_name: &p.summary.name,
                        document: &p.document,
                    })
                    .collect(),
            })
            .collect();
        match policy_type {
            PolicyType::ServiceControlPolicy => evaluate(&levels, request, context),
            PolicyType::ResourceControlPolicy => evaluate_rcps(&levels, request, context),
        }
    }

    /// `o-.../r-.../ou-.../` of the account whose policy path is `path`.
    fn organization_path(&self, path: &[String]) -> String {
        format!("{}/{}/", self.id, path[..path.len() - 1].join("/"))
    }

    /// Why the organization's policies deny `request` to a root session in `account`
    /// sent to `region`, or `None` when they allow it.
    ///
    /// The call is judged as made: keys the simulator does not model (MFA, tags of the
    /// principal, a source identity, VPC endpoints, `aws:PrincipalType` and `aws:userid`,
    /// which AWS documents for no root session) are absent. A verdict that still depends
    /// on something rootctl does not evaluate (an IP address or date operator) lets the
    /// call through.
    pub(crate) fn policy_denial(
        &self,
        account: &AccountId,
        request: &Request,
        region: &str,
    ) -> Option<String> {
        if !self.policies.in_force || *account == self.management {
            return None;
        }
        let path = self.policy_path(account);
        let mut context = RequestContext::root_session(&RootSessionCall {
            account_id: *account,
            partition: Partition::Aws,
            organization_id: self.id.clone(),
            organization_path: self.organization_path(&path),
            region: Some(region.to_owned()),
            resource_untagged: true,
        })
        .absent_unless_set();
        // Present on every real call; the operators that compare them (IP address, date)
        // are not evaluated, so a statement on them never decides a simulated call.
        context
            .known("aws:SourceIp", "203.0.113.10")
            .known("aws:CurrentTime", "2026-01-01T00:00:00Z")
            .known("aws:EpochTime", "1767225600");
        let service = request.action.split(':').next().unwrap_or_default();
        for policy_type in PolicyType::ALL {
            // RCPs govern the resources of the services that support them, not IAM.
            if policy_type == PolicyType::ResourceControlPolicy && !matches!(service, "s3" | "sqs")
            {
                continue;
            }
            if !self.policies.enabled(policy_type) {
                continue;
            }
            let evaluation = self.judge(&path, policy_type, request, &context);
            if let Some(why) = denial(&evaluation, policy_type, &request.action) {
                return Some(why);
            }
        }
        None
    }

    /// Why the SCPs on the caller's path deny its `sts:AssumeRoot` into `member` with
    /// `task_policy`, or `None`. The management account is exempt from SCPs; a
    /// delegated administrator is not. Whether RCPs govern AssumeRoot AWS does not
    /// document; the simulator does not apply them to it (the pre-flight says `unknown`).
    pub(crate) fn caller_policy_denial(
        &self,
        member: &AccountId,
        task_policy: TaskPolicy,
    ) -> Option<String> {
        let caller = self.caller_identity();
        if !self.policies.in_force || caller.account_id == self.management {
            return None;
        }
        let caller_path = self.policy_path(&caller.account_id);
        let member_path = self.policy_path(member);
        if caller_path.is_empty() || member_path.is_empty() {
            return None;
        }
        let mut context = RequestContext::assume_root(&AssumeRootCall {
            caller: caller.clone(),
            organization_id: self.id.clone(),
            caller_organization_path: self.organization_path(&caller_path),
            member: *member,
            member_organization_path: self.organization_path(&member_path),
            partition: Partition::Aws,
            region: Some(STS_REGION.to_owned()),
            task_policy,
        })
        .absent_unless_set();
        // The simulator's caller is a role session of RootctlOperator, at the path `/`.
        context.known(
            "aws:PrincipalArn",
            format!("arn:aws:iam::{}:role/RootctlOperator", caller.account_id),
        );
        let request = assume_root_request(member, Partition::Aws);
        let evaluation = self.judge(
            &caller_path,
            PolicyType::ServiceControlPolicy,
            &request,
            &context,
        );
        denial(
            &evaluation,
            PolicyType::ServiceControlPolicy,
            &request.action,
        )
    }
}

/// AWS's wording of a denial by a control policy, if `evaluation` blocks.
fn denial(evaluation: &Evaluation, policy_type: PolicyType, action: &str) -> Option<String> {
    if evaluation.verdict != Verdict::Blocked {
        return None;
    }
    let name = match policy_type {
        PolicyType::ServiceControlPolicy => "service control policy",
        PolicyType::ResourceControlPolicy => "resource control policy",
    };
    let cause = &evaluation.causes[0];
    Some(match cause.kind {
        CauseKind::Denied => format!(
            "with an explicit deny in a {name} ({})",
            cause.policy_id.as_deref().unwrap_or_default()
        ),
        _ => format!(
            "because no {name} allows the {action} action (at {})",
            cause.target
        ),
    })
}
