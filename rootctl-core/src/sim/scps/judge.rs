//! How the simulated organization's policies judge a call as it is made.

use super::super::state::OrgState;
use crate::model::{AccountId, Partition, PolicyType};
use crate::scp::{
    Attached, CauseKind, Level, Request, RequestContext, RootSessionCall, Verdict, evaluate,
    evaluate_rcps,
};

impl OrgState {
    /// Why the organization's policies deny `request` to a root session in `account`
    /// sent to `region`, or `None` when they allow it.
    ///
    /// The call is judged as made: keys the simulator does not model (MFA, tags of the
    /// principal) are absent. A verdict that still depends on something rootctl does not
    /// evaluate (an IP address or date operator) lets the call through.
    pub(crate) fn policy_denial(
        &self,
        account: &AccountId,
        request: &Request,
        region: &str,
    ) -> Option<String> {
        let store = &self.policies;
        if !store.in_force || *account == self.management {
            return None;
        }
        let path = self.policy_path(account);
        let organization_path = format!("{}/{}/", self.id, path[..path.len() - 1].join("/"));
        let mut context = RequestContext::root_session(&RootSessionCall {
            account_id: *account,
            partition: Partition::Aws,
            organization_id: self.id.clone(),
            organization_path,
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
            if !store.enabled(policy_type) {
                continue;
            }
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
            let evaluation = match policy_type {
                PolicyType::ServiceControlPolicy => evaluate(&levels, request, &context),
                PolicyType::ResourceControlPolicy => evaluate_rcps(&levels, request, &context),
            };
            if evaluation.verdict == Verdict::Blocked {
                let name = match policy_type {
                    PolicyType::ServiceControlPolicy => "service control policy",
                    PolicyType::ResourceControlPolicy => "resource control policy",
                };
                let why = match evaluation.causes[0].kind {
                    CauseKind::Denied => format!(
                        "with an explicit deny in a {name} ({})",
                        evaluation.causes[0]
                            .policy_id
                            .as_deref()
                            .unwrap_or_default()
                    ),
                    _ => format!(
                        "because no {name} allows the {} action (at {})",
                        request.action, evaluation.causes[0].target
                    ),
                };
                return Some(why);
            }
        }
        None
    }
}
