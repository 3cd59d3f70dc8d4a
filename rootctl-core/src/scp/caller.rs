//! The call the caller itself makes to start a root session: `sts:AssumeRoot` on the
//! member's root user, judged by the service control policies on the *caller's* path
//! (a delegated administrator is a member account like any other; only the management
//! account is exempt from SCPs). See docs/scps.md, "The caller's side".

use super::context::{KeyValue, Request, RequestContext, Resource};
use crate::model::{AccountId, CallerIdentity, Partition, TaskPolicy};

/// Who starts a root session, where it points, and with which task policy, as far as it
/// is known before the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumeRootCall {
    /// The caller, as `sts:GetCallerIdentity` answered.
    pub caller: CallerIdentity,
    /// The organization id, `o-...`.
    pub organization_id: String,
    /// The caller account's path, `o-.../r-.../ou-.../`.
    pub caller_organization_path: String,
    /// The member whose root user the session is for.
    pub member: AccountId,
    /// The member's path, `o-.../r-.../ou-.../`.
    pub member_organization_path: String,
    /// The partition of every ARN.
    pub partition: Partition,
    /// The region the STS call goes to (`aws:RequestedRegion`), when known.
    pub region: Option<String>,
    /// The task policy the session asks for (`sts:TaskPolicyArn`).
    pub task_policy: TaskPolicy,
}

/// The `aws:PrincipalArn` of the caller: an IAM user's ARN as `GetCallerIdentity` gives
/// it; `None` for a role session, whose key holds the role's ARN with its path, which the
/// session ARN (`arn:aws:sts::<account>:assumed-role/<name>/<session>`) does not carry.
pub fn caller_principal_arn(caller: &CallerIdentity) -> Option<String> {
    let parts: Vec<&str> = caller.arn.splitn(6, ':').collect();
    match parts.as_slice() {
        [_, _, "iam", _, _, resource] if resource.starts_with("user/") => Some(caller.arn.clone()),
        _ => None,
    }
}

impl RequestContext {
    /// The context of `sts:AssumeRoot` as the caller makes it, as far as it can be known
    /// before the call (see docs/scps.md, "The caller's side").
    ///
    /// Known: the caller's account, organization and path (`aws:PrincipalAccount`,
    /// `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`), `aws:userid` (the `UserId`
    /// `GetCallerIdentity` answered: `role-id:session` for a role session), an IAM user's
    /// `aws:PrincipalArn`, the resource's account, organization and path (the member's),
    /// `aws:RequestedRegion` when known, HTTPS, no AWS service in between, and
    /// `sts:TaskPolicyArn`. Absent: `aws:AssumedRoot` (root credentials cannot call
    /// AssumeRoot). Unknown: everything else, including a role's `aws:PrincipalArn`,
    /// the caller's tags, MFA, the source IP and the caller's source identity.
    pub fn assume_root(call: &AssumeRootCall) -> Self {
        let mut context = Self::new();
        context
            .known("aws:PrincipalAccount", call.caller.account_id.as_str())
            .known("aws:userid", call.caller.user_id.clone())
            .known("aws:PrincipalOrgID", call.organization_id.clone())
            .known(
                "aws:PrincipalOrgPaths",
                call.caller_organization_path.clone(),
            )
            .known("aws:ResourceAccount", call.member.as_str())
            .known("aws:ResourceOrgID", call.organization_id.clone())
            .known(
                "aws:ResourceOrgPaths",
                call.member_organization_path.clone(),
            )
            .known("aws:SecureTransport", "true")
            .known("aws:ViaAWSService", "false")
            .known("aws:PrincipalIsAWSService", "false")
            .known("sts:TaskPolicyArn", call.task_policy.arn_in(call.partition))
            .set("aws:AssumedRoot", KeyValue::Absent);
        if let Some(arn) = caller_principal_arn(&call.caller) {
            context.known("aws:PrincipalArn", arn);
        }
        if let Some(region) = &call.region {
            context.known("aws:RequestedRegion", region.clone());
        }
        context
    }
}

/// The [`Request`] of `sts:AssumeRoot` for `member`'s root user in `partition`.
pub fn assume_root_request(member: &AccountId, partition: Partition) -> Request {
    Request {
        action: ASSUME_ROOT.to_owned(),
        resource: Resource::Arn(member.root_arn_in(partition)),
    }
}

/// The action the caller needs to start every root session.
pub const ASSUME_ROOT: &str = "sts:AssumeRoot";
