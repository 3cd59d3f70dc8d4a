//! The caller's side: the `sts:AssumeRoot` the caller makes for every root session,
//! judged by the SCPs on the caller account's path. SCPs restrict every principal of a
//! member account, a delegated administrator's included; only the management account is
//! exempt. Whether resource control policies govern `sts:AssumeRoot` (its resource is the
//! member's root user) AWS does not document: a Deny in an RCP on the member's path that
//! may apply makes the verdict `unknown`, never `blocked` nor `allowed`. See docs/scps.md,
//! "The caller's side".

use super::judging::{Call, Exemption, Judging};
use super::report::{CallerScps, ScpFinding, ScpSide};
use crate::model::{CallerIdentity, Partition, PolicyTarget, PolicyType, RootTask};
use crate::ops::select::{SelectedAccounts, Target};
use crate::scp::{
    ASSUME_ROOT, AssumeRootCall, CauseKind, RequestContext, Verdict, assume_root_request,
};

/// Who calls, and where the SCPs that restrict it are attached.
pub(super) struct CallerSide {
    identity: CallerIdentity,
    management: bool,
    /// The root, the OUs and the caller's account; `None` for the management account
    /// (exempt) and for an account not in the organization's tree.
    path: Option<Vec<String>>,
    /// `o-.../r-.../ou-.../` of the caller's account, when in the tree.
    organization_path: String,
    region: Option<String>,
}

impl CallerSide {
    pub(super) fn new(
        identity: &CallerIdentity,
        selected: &SelectedAccounts,
        region: Option<&str>,
    ) -> Self {
        let management = identity.account_id == selected.management_account_id;
        let parents = selected.parents.get(&identity.account_id);
        let path = parents.filter(|_| !management).map(|parents| {
            let mut path: Vec<String> = parents.iter().map(|p| p.as_str().to_owned()).collect();
            path.push(identity.account_id.as_str().to_owned());
            path
        });
        let organization_path = parents.map_or_else(String::new, |parents| {
            let ids: Vec<&str> = parents.iter().map(|p| p.as_str()).collect();
            format!("{}/{}/", selected.organization_id, ids.join("/"))
        });
        Self {
            identity: identity.clone(),
            management,
            path,
            organization_path,
            region: region.map(str::to_owned),
        }
    }

    /// The targets whose SCPs restrict the caller.
    pub(super) fn targets(&self) -> Vec<PolicyTarget> {
        self.path
            .iter()
            .flatten()
            .filter_map(|target| target.parse().ok())
            .collect()
    }

    pub(super) fn path(&self) -> Option<&[String]> {
        self.path.as_deref()
    }

    pub(super) fn report(&self) -> CallerScps {
        let note = if self.management {
            "the management account: no SCP restricts its principals, so only the member's \
             policies are judged (and RCPs on the member's path for sts:AssumeRoot)"
                .to_owned()
        } else if self.path.is_some() {
            "a member account (a delegated administrator): the SCPs on its path are judged \
             for the sts:AssumeRoot of every root session it starts"
                .to_owned()
        } else {
            "not an account of the organization: the SCPs that restrict it cannot be read"
                .to_owned()
        };
        CallerScps {
            account_id: self.identity.account_id,
            arn: self.identity.arn.clone(),
            management_account: self.management,
            path: self.path.clone().unwrap_or_default(),
            note,
        }
    }

    /// Judges the caller's `sts:AssumeRoot` into `target` for `task`; returns the verdict.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn judge(
        &self,
        judging: &mut Judging<'_>,
        target: &Target,
        member_path: &[String],
        member_organization_path: &str,
        organization_id: &str,
        partition: Partition,
        task: RootTask,
    ) -> Verdict {
        let request = assume_root_request(&target.account_id, partition);
        let context = RequestContext::assume_root(&AssumeRootCall {
            caller: self.identity.clone(),
            organization_id: organization_id.to_owned(),
            caller_organization_path: self.organization_path.clone(),
            member: target.account_id,
            member_organization_path: member_organization_path.to_owned(),
            partition,
            region: self.region.clone(),
            task_policy: task.task_policy(),
        });
        let exemption = Exemption::Caller(self.identity.user_id.clone());
        let call = Call {
            task,
            side: ScpSide::Caller,
            request: &request,
            context: &context,
            exemption: &exemption,
        };
        let mut verdict = Verdict::Allowed;
        if judging.in_force(PolicyType::ServiceControlPolicy) && !self.management {
            match &self.path {
                Some(path) => {
                    verdict = verdict.combine(judging.judge(
                        path,
                        PolicyType::ServiceControlPolicy,
                        &call,
                        |_| {},
                    ));
                }
                None => {
                    judging.add(ScpFinding {
                        side: ScpSide::Caller,
                        tasks: vec![task],
                        actions: vec![ASSUME_ROOT.to_owned()],
                        verdict: Verdict::Unknown,
                        policy_type: PolicyType::ServiceControlPolicy,
                        policy_id: None,
                        policy_name: None,
                        target_id: self.identity.account_id.to_string(),
                        sid: None,
                        statement: None,
                        reason: format!(
                            "the caller's account {} is not in the organization's tree, so \
                             the SCPs that restrict its sts:AssumeRoot cannot be read",
                            self.identity.account_id
                        ),
                        fix: None,
                    });
                    verdict = verdict.combine(Verdict::Unknown);
                }
            }
        }
        if judging.in_force(PolicyType::ResourceControlPolicy) {
            let rcps = judging.judge(
                member_path,
                PolicyType::ResourceControlPolicy,
                &call,
                undocumented_for_rcps,
            );
            verdict = verdict.combine(rcps);
        }
        verdict
    }
}

/// AWS does not document whether RCPs govern `sts:AssumeRoot`: a Deny that would apply
/// is reported as one that may (unknown), so the verdict is never a guess either way.
fn undocumented_for_rcps(evaluation: &mut crate::scp::Evaluation) {
    if evaluation.verdict == Verdict::Blocked {
        evaluation.verdict = Verdict::Unknown;
    }
    for cause in &mut evaluation.causes {
        if cause.kind == CauseKind::Denied {
            cause.kind = CauseKind::MaybeDenied;
        }
        cause.reason.push_str(
            "; AWS does not document whether resource control policies govern \
             sts:AssumeRoot, so this may or may not stop it",
        );
    }
}
