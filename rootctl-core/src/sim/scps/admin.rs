//! Arranging policies in the simulated organization: attach, update, detach, with the
//! rules AWS keeps.

use std::sync::Arc;

use super::super::SimulatedOrg;
use super::{RCP_FULL_AWS_ACCESS, target_exists, unknown_target};
use crate::error::{Error, Result};
use crate::model::{PolicyTarget, PolicyType};
use crate::scp::{Effect, PolicyDocument};

/// `document` parsed as a policy of `policy_type`: a customer resource control policy may
/// only deny (AWS's RCP syntax page: the effect `Allow` is supported only in
/// `RCPFullAWSAccess`; a document that does not meet the requirements of its policy type
/// is AWS's `MalformedPolicyDocumentException`).
fn parse_as(document: &str, policy_type: PolicyType) -> Result<PolicyDocument> {
    let parsed = PolicyDocument::parse(document)?;
    if policy_type == PolicyType::ResourceControlPolicy
        && let Some(allow) = parsed.statements.iter().find(|s| s.effect == Effect::Allow)
    {
        return Err(Error::invalid_input(
            "policy document",
            document.chars().take(80).collect::<String>(),
            format!(
                "is a resource control policy whose {} allows: only RCPFullAWSAccess may \
                 allow, a customer RCP can only deny (AWS: MalformedPolicyDocumentException)",
                allow.label()
            ),
        ));
    }
    Ok(parsed)
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
    ///
    /// A resource control policy may only deny: one with an `Allow` statement is refused
    /// ([`Error::InvalidInput`], AWS: `MalformedPolicyDocumentException`).
    pub fn attach_policy(
        &self,
        target: &PolicyTarget,
        policy_type: PolicyType,
        document: &str,
    ) -> Result<String> {
        let parsed = parse_as(document, policy_type)?;
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
    /// policies cannot be changed, and a resource control policy may still only deny.
    pub fn update_policy(&self, policy_id: &str, document: &str) -> Result<()> {
        PolicyDocument::parse(document)?;
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
            let parsed = parse_as(document, policy.summary.policy_type)?;
            policy.content = document.to_owned();
            policy.document = Arc::new(parsed);
            Ok(())
        })
    }

    /// Detaches policy `policy_id` from `target`, the managed `FullAWSAccess` included
    /// (the allow-list strategy). As on AWS, a target must keep at least one SCP, and
    /// `RCPFullAWSAccess` cannot be detached at all.
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
            if policy_id == RCP_FULL_AWS_ACCESS {
                // AWS's RCP syntax page: attached to every root, OU and account, and it
                // cannot be detached. AWS documents no error code for the attempt.
                return Err(Error::invalid_input(
                    "policy id",
                    policy_id,
                    "is RCPFullAWSAccess, which AWS keeps attached to every root, OU and \
                     account: it cannot be detached (customer RCPs can only deny)",
                ));
            }
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
