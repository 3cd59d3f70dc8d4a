//! Service and resource control policies in the simulated organization: created and
//! attached by tests ([`SimulatedOrg::attach_scp`]), listed and described through
//! [`Organizations`](crate::Organizations), and applied to every root-session call as AWS
//! applies them.
//!
//! As on AWS with SCPs enabled, the AWS-managed `FullAWSAccess` SCP is attached to the
//! root, every OU and every account until detached, and no target may be left without
//! an SCP. Resource control policies are enabled by the first one attached, with
//! `RCPFullAWSAccess` attached everywhere in the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::SimulatedOrg;
use super::state::OrgState;
use crate::error::{Error, Result};
use crate::model::{AccountId, Partition, Policy, PolicySummary, PolicyTarget, PolicyType};
use crate::scp::{
    Attached, CauseKind, Level, PolicyDocument, Request, RequestContext, RootSessionCall, Verdict,
    evaluate,
};

/// The id of the AWS-managed SCP that allows everything.
pub const FULL_AWS_ACCESS: &str = "p-FullAWSAccess";
/// The id of the AWS-managed RCP that allows everything.
pub const RCP_FULL_AWS_ACCESS: &str = "p-RCPFullAWSAccess";

const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const RCP_ALLOW_ALL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

#[derive(Debug)]
pub(crate) struct SimPolicy {
    summary: PolicySummary,
    content: String,
    document: Arc<PolicyDocument>,
}

/// Every policy of the organization and where it is attached.
#[derive(Debug)]
pub(crate) struct PolicyStore {
    policies: BTreeMap<String, SimPolicy>,
    /// Customer policies attached to each target id, in attachment order.
    attached: BTreeMap<String, Vec<String>>,
    /// (target id, managed policy id) pairs detached by tests.
    managed_detached: BTreeSet<(String, String)>,
    rcps_enabled: bool,
    created: u64,
    /// False until a policy is attached or a managed one detached: until then every call
    /// is allowed, and judging it is skipped.
    in_force: bool,
}

fn managed(id: &str, name: &str, policy_type: PolicyType, content: &str) -> SimPolicy {
    SimPolicy {
        summary: PolicySummary {
            id: id.to_owned(),
            arn: format!(
                "arn:aws:organizations::aws:policy/{}/{id}",
                policy_type.as_str().to_ascii_lowercase()
            ),
            name: name.to_owned(),
            policy_type,
            aws_managed: true,
        },
        content: content.to_owned(),
        document: Arc::new(PolicyDocument::parse(content).expect("the managed policies parse")),
    }
}

fn managed_id(policy_type: PolicyType) -> &'static str {
    match policy_type {
        PolicyType::ServiceControlPolicy => FULL_AWS_ACCESS,
        PolicyType::ResourceControlPolicy => RCP_FULL_AWS_ACCESS,
    }
}

impl Default for PolicyStore {
    fn default() -> Self {
        let mut policies = BTreeMap::new();
        for policy in [
            managed(
                FULL_AWS_ACCESS,
                "FullAWSAccess",
                PolicyType::ServiceControlPolicy,
                ALLOW_ALL,
            ),
            managed(
                RCP_FULL_AWS_ACCESS,
                "RCPFullAWSAccess",
                PolicyType::ResourceControlPolicy,
                RCP_ALLOW_ALL,
            ),
        ] {
            policies.insert(policy.summary.id.clone(), policy);
        }
        Self {
            policies,
            attached: BTreeMap::new(),
            managed_detached: BTreeSet::new(),
            rcps_enabled: false,
            created: 0,
            in_force: false,
        }
    }
}

impl PolicyStore {
    pub(crate) fn enabled_types(&self) -> Vec<PolicyType> {
        let mut types = vec![PolicyType::ServiceControlPolicy];
        if self.rcps_enabled {
            types.push(PolicyType::ResourceControlPolicy);
        }
        types
    }

    fn enabled(&self, policy_type: PolicyType) -> bool {
        policy_type == PolicyType::ServiceControlPolicy || self.rcps_enabled
    }

    /// The policies of `policy_type` attached directly to `target`: the managed one
    /// first (unless detached), then the others in attachment order.
    pub(crate) fn attached_to(&self, target: &str, policy_type: PolicyType) -> Vec<&SimPolicy> {
        if !self.enabled(policy_type) {
            return Vec::new();
        }
        let managed = managed_id(policy_type);
        let mut found = Vec::new();
        if !self
            .managed_detached
            .contains(&(target.to_owned(), managed.to_owned()))
        {
            found.push(&self.policies[managed]);
        }
        found.extend(
            self.attached
                .get(target)
                .into_iter()
                .flatten()
                .map(|id| &self.policies[id])
                .filter(|p| p.summary.policy_type == policy_type),
        );
        found
    }

    pub(crate) fn summaries(&self, target: &str, policy_type: PolicyType) -> Vec<PolicySummary> {
        self.attached_to(target, policy_type)
            .into_iter()
            .map(|p| p.summary.clone())
            .collect()
    }

    pub(crate) fn describe(&self, policy_id: &str) -> Option<Policy> {
        self.policies.get(policy_id).map(|p| Policy {
            summary: p.summary.clone(),
            content: p.content.clone(),
        })
    }
}

/// Whether `target` names the root, an OU or an account of `org`.
fn target_exists(org: &OrgState, target: &PolicyTarget) -> bool {
    match target {
        PolicyTarget::Parent(id) => org.parent_index(id).is_some(),
        PolicyTarget::Account(id) => org.accounts.contains_key(id),
    }
}

fn unknown_target(target: &PolicyTarget) -> Error {
    Error::invalid_input(
        "policy target",
        target.as_str(),
        "is not the root, an OU or an account of the simulated organization",
    )
}

/// The name of the policy [`SimulatedOrg::deny_root_sessions`] attaches for
/// [`ScpDeny::EveryCall`](super::ScpDeny::EveryCall): AWS's "deny the root user" guardrail, without the exemption for
/// root sessions.
const DENY_ROOT_SESSIONS: &str = "DenyRootSessions";
const DENY_ROOT_DOCUMENT: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyRootUser","Effect":"Deny","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}"#;

impl OrgState {
    /// Creates a customer policy named `name` (default `policy-N`) and attaches it to
    /// `target`, which must exist; returns its id.
    fn create_policy(
        &mut self,
        target: &str,
        policy_type: PolicyType,
        name: Option<&str>,
        content: &str,
        document: PolicyDocument,
    ) -> String {
        let store = &mut self.policies;
        store.created += 1;
        let id = format!("p-sim{:08}", store.created);
        let summary = PolicySummary {
            id: id.clone(),
            arn: format!(
                "arn:aws:organizations::{}:policy/{}/{}/{id}",
                self.management,
                self.id,
                policy_type.as_str().to_ascii_lowercase()
            ),
            name: name.map_or_else(|| format!("policy-{}", store.created), str::to_owned),
            policy_type,
            aws_managed: false,
        };
        store.policies.insert(
            id.clone(),
            SimPolicy {
                summary,
                content: content.to_owned(),
                document: Arc::new(document),
            },
        );
        store
            .attached
            .entry(target.to_owned())
            .or_default()
            .push(id.clone());
        if policy_type == PolicyType::ResourceControlPolicy {
            store.rcps_enabled = true;
        }
        store.in_force = true;
        id
    }

    /// Attaches (`deny`) or removes the [`DENY_ROOT_SESSIONS`] policy of `account`.
    pub(crate) fn deny_every_root_call(&mut self, account: &AccountId, deny: bool) {
        let store = &mut self.policies;
        if let Some(ids) = store.attached.get_mut(account.as_str()) {
            let policies = &store.policies;
            ids.retain(|id| policies[id].summary.name != DENY_ROOT_SESSIONS);
        }
        if deny {
            let document = PolicyDocument::parse(DENY_ROOT_DOCUMENT).expect("the guardrail parses");
            self.create_policy(
                account.as_str(),
                PolicyType::ServiceControlPolicy,
                Some(DENY_ROOT_SESSIONS),
                DENY_ROOT_DOCUMENT,
                document,
            );
        }
    }

    /// The targets from the root down to `account`: the root, its OUs, the account.
    fn policy_path(&self, account: &AccountId) -> Vec<String> {
        let Some(record) = self.accounts.get(account) else {
            return Vec::new();
        };
        let mut path = vec![account.to_string()];
        let mut at = Some(record.parent);
        while let Some(index) = at {
            path.push(self.parents[index].id.to_string());
            at = self.parents[index].parent;
        }
        path.reverse();
        path
    }

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
            let evaluation = evaluate(&levels, request, &context);
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

impl SimulatedOrg {
    /// Creates a service control policy from `document` and attaches it to `target` (the
    /// root, an OU, or an account); returns its id (`p-...`). From then on it applies to
    /// every root-session call in the accounts under `target`, as on AWS.
    ///
    /// Errors ([`Error::InvalidInput`]): an unknown target, or a document that is not a
    /// policy (AWS: `MalformedPolicyDocumentException`).
    ///
    /// ```
    /// use rootctl::sim::SimulatedOrg;
    ///
    /// let org = SimulatedOrg::example();
    /// let member = org.members()[0].account.id;
    /// let id = org.attach_scp(
    ///     &member.into(),
    ///     r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*",
    ///         "Resource": "*", "Condition": {"ArnLike":
    ///         {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]}"#,
    /// )?;
    /// assert!(id.starts_with("p-"));
    /// # Ok::<(), rootctl::Error>(())
    /// ```
    pub fn attach_scp(&self, target: &PolicyTarget, document: &str) -> Result<String> {
        self.attach_policy(target, PolicyType::ServiceControlPolicy, document)
    }

    /// [`attach_scp`](Self::attach_scp) for either policy type. The first resource
    /// control policy enables the type, with `RCPFullAWSAccess` attached everywhere.
    pub fn attach_policy(
        &self,
        target: &PolicyTarget,
        policy_type: PolicyType,
        document: &str,
    ) -> Result<String> {
        let parsed = PolicyDocument::parse(document)?;
        self.write(|world| {
            if !target_exists(&world.org, target) {
                return Err(unknown_target(target));
            }
            Ok(world
                .org
                .create_policy(target.as_str(), policy_type, None, document, parsed))
        })
    }

    /// Replaces the document of policy `policy_id` (AWS `UpdatePolicy`); the managed
    /// policies cannot be changed.
    pub fn update_policy(&self, policy_id: &str, document: &str) -> Result<()> {
        let parsed = PolicyDocument::parse(document)?;
        self.write(|world| {
            let policy = world
                .org
                .policies
                .policies
                .get_mut(policy_id)
                .filter(|p| !p.summary.aws_managed)
                .ok_or_else(|| {
                    Error::invalid_input(
                        "policy id",
                        policy_id,
                        "is not a policy created in the simulated organization",
                    )
                })?;
            policy.content = document.to_owned();
            policy.document = Arc::new(parsed);
            Ok(())
        })
    }

    /// Detaches policy `policy_id` from `target`, the managed `FullAWSAccess` included
    /// (the allow-list strategy). As on AWS, a target must keep at least one SCP.
    pub fn detach_policy(&self, target: &PolicyTarget, policy_id: &str) -> Result<()> {
        self.write(|world| {
            if !target_exists(&world.org, target) {
                return Err(unknown_target(target));
            }
            let store = &mut world.org.policies;
            let Some(policy) = store.policies.get(policy_id) else {
                return Err(Error::invalid_input(
                    "policy id",
                    policy_id,
                    "is not a policy of the simulated organization",
                ));
            };
            let policy_type = policy.summary.policy_type;
            let attached: Vec<String> = store
                .attached_to(target.as_str(), policy_type)
                .iter()
                .map(|p| p.summary.id.clone())
                .collect();
            if !attached.iter().any(|id| id == policy_id) {
                return Err(Error::invalid_input(
                    "policy id",
                    policy_id,
                    format!("is not attached to {target} (AWS: PolicyNotAttachedException)"),
                ));
            }
            if attached.len() == 1 {
                return Err(Error::invalid_input(
                    "policy id",
                    policy_id,
                    format!(
                        "is the last {} attached to {target}, and a target must keep one \
                         (AWS: ConstraintViolationException, \
                         MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED)",
                        policy_type.short_name()
                    ),
                ));
            }
            if policy.summary.aws_managed {
                store
                    .managed_detached
                    .insert((target.as_str().to_owned(), policy_id.to_owned()));
            } else if let Some(ids) = store.attached.get_mut(target.as_str()) {
                ids.retain(|id| id != policy_id);
            }
            store.in_force = true;
            Ok(())
        })
    }
}
