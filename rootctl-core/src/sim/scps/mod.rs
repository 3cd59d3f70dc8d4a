//! Service and resource control policies in the simulated organization: created and
//! attached by tests ([`SimulatedOrg::attach_scp`]), listed and described through
//! [`Organizations`](crate::Organizations), and applied to every root-session call as AWS
//! applies them.
//!
//! As on AWS with SCPs enabled, the AWS-managed `FullAWSAccess` SCP is attached to the
//! root, every OU and every account until detached, and no target may be left without
//! an SCP. Resource control policies are enabled by the first one attached, with
//! `RCPFullAWSAccess` attached everywhere in the same way; it cannot be detached, and a
//! customer RCP may only deny (see docs/scps.md, "The simulator").
//!
//! `admin` arranges policies (attach, update, detach), `judge` applies them to calls.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

mod admin;
mod judge;

use super::state::OrgState;
use crate::error::Error;
use crate::model::{AccountId, Policy, PolicySummary, PolicyTarget, PolicyType};
use crate::scp::PolicyDocument;

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
}
