//! The simulated organization's state: its tree, accounts, trusted access, delegated
//! administrators, features, and each member's root credentials.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::scps::PolicyStore;
use crate::model::{
    Account, AccountId, AccountState, CallerIdentity, FeatureSet, IAM_SERVICE_PRINCIPAL,
    OrgFeature, OrgFeatures, Organization, OrganizationalUnit, ParentId, Root, RootCredentials,
    Tags, Timestamp,
};

/// Who the simulator's caller is: which account the code under test runs in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Caller {
    /// A principal in the management account.
    #[default]
    ManagementAccount,
    /// A principal in the `security` member account, the simulator's candidate for IAM
    /// delegated administrator. It has the powers of one only while that account is
    /// registered for `iam.amazonaws.com`.
    DelegatedAdmin,
    /// A principal in an ordinary member account (`workload-0001`).
    Member,
    /// A principal in an account that belongs to no organization.
    OutsideOrganization,
}

/// A member account as the simulator's ground truth describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Member {
    /// The account, as `ListAccounts` reports it.
    pub account: Account,
    /// The root or OU directly above the account.
    pub parent: ParentId,
    /// The OU names from the root down to the parent, joined by `/` (empty at the root).
    pub ou_path: String,
    /// The account's tags.
    pub tags: Tags,
}

/// A root or OU. The root is always `parents[0]`.
#[derive(Debug)]
pub(crate) struct ParentNode {
    pub(crate) id: ParentId,
    pub(crate) name: String,
    /// Index of the parent node; `None` for the root.
    pub(crate) parent: Option<usize>,
}

/// One account. Its ARN and email are derived, not stored, to keep 10,000 of these small.
#[derive(Debug)]
pub(crate) struct AccountRecord {
    pub(crate) name: String,
    pub(crate) state: AccountState,
    pub(crate) parent: usize,
    pub(crate) joined: Timestamp,
    pub(crate) tags: Tags,
    pub(crate) credentials: RootCredentials,
    /// `sts:AssumeRoot` into the account answers AccessDenied
    /// ([`ScpDeny::AssumeRoot`](super::ScpDeny::AssumeRoot)); the other denial is a real
    /// policy in `policies`.
    pub(crate) assume_root_denied: bool,
}

/// Everything the organization is, at one instant.
#[derive(Debug)]
pub(crate) struct OrgState {
    pub(crate) id: String,
    pub(crate) feature_set: FeatureSet,
    pub(crate) management: AccountId,
    /// The account [`Caller::DelegatedAdmin`] calls from.
    pub(crate) security: AccountId,
    /// The account [`Caller::Member`] calls from.
    pub(crate) workload: AccountId,
    /// The account [`Caller::OutsideOrganization`] calls from.
    pub(crate) outsider: AccountId,
    pub(crate) caller: Caller,
    pub(crate) parents: Vec<ParentNode>,
    pub(crate) accounts: BTreeMap<AccountId, AccountRecord>,
    pub(crate) trusted_access: BTreeSet<String>,
    pub(crate) delegated_admins: BTreeMap<String, BTreeSet<AccountId>>,
    pub(crate) features: BTreeSet<OrgFeature>,
    /// Service and resource control policies and their attachments.
    pub(crate) policies: PolicyStore,
}

impl OrgState {
    /// The account the caller's principal lives in.
    pub(crate) fn caller_account(&self) -> AccountId {
        match self.caller {
            Caller::ManagementAccount => self.management,
            Caller::DelegatedAdmin => self.security,
            Caller::Member => self.workload,
            Caller::OutsideOrganization => self.outsider,
        }
    }

    pub(crate) fn caller_identity(&self) -> CallerIdentity {
        let account_id = self.caller_account();
        CallerIdentity {
            account_id,
            arn: format!("arn:aws:sts::{account_id}:assumed-role/RootctlOperator/rootctl"),
            user_id: format!("AROASIMULATED{account_id}:rootctl"),
        }
    }

    pub(crate) fn caller_in_organization(&self) -> bool {
        self.caller != Caller::OutsideOrganization
    }

    pub(crate) fn caller_is_management(&self) -> bool {
        self.caller == Caller::ManagementAccount
    }

    /// Whether the caller's account is a delegated administrator for `principal`.
    pub(crate) fn caller_is_delegated_admin_for(&self, principal: &str) -> bool {
        self.delegated_admins
            .get(principal)
            .is_some_and(|admins| admins.contains(&self.caller_account()))
    }

    /// Management account or IAM delegated administrator: who may list and disable the
    /// root-access features and call AssumeRoot.
    pub(crate) fn caller_manages_root_access(&self) -> bool {
        self.caller_is_management() || self.caller_is_delegated_admin_for(IAM_SERVICE_PRINCIPAL)
    }

    /// Management account or delegated administrator for any service: who may read
    /// the organization's structure.
    pub(crate) fn caller_may_read_organization(&self) -> bool {
        let caller = self.caller_account();
        self.caller_is_management()
            || self
                .delegated_admins
                .values()
                .any(|admins| admins.contains(&caller))
    }

    pub(crate) fn features(&self) -> OrgFeatures {
        OrgFeatures {
            trusted_access: self.trusted_access.contains(IAM_SERVICE_PRINCIPAL),
            root_credentials_management: self
                .features
                .contains(&OrgFeature::RootCredentialsManagement),
            root_sessions: self.features.contains(&OrgFeature::RootSessions),
        }
    }

    fn arn(&self, resource: &str) -> String {
        format!("arn:aws:organizations::{}:{resource}", self.management)
    }

    pub(crate) fn organization(&self) -> Organization {
        Organization {
            id: self.id.clone(),
            arn: self.arn(&format!("organization/{}", self.id)),
            feature_set: self.feature_set.clone(),
            management_account_id: self.management,
        }
    }

    pub(crate) fn root(&self) -> Root {
        let root = &self.parents[0];
        Root {
            id: root.id.clone(),
            arn: self.arn(&format!("root/{}/{}", self.id, root.id)),
            name: root.name.clone(),
            enabled_policy_types: self.policies.enabled_types(),
        }
    }

    pub(crate) fn parent_index(&self, id: &ParentId) -> Option<usize> {
        self.parents.iter().position(|node| node.id == *id)
    }

    /// The OUs directly under the parent at `index`.
    pub(crate) fn child_units(&self, index: usize) -> Vec<OrganizationalUnit> {
        self.parents
            .iter()
            .filter(|node| node.parent == Some(index))
            .map(|node| OrganizationalUnit {
                id: node.id.clone(),
                arn: self.arn(&format!("ou/{}/{}", self.id, node.id)),
                name: node.name.clone(),
            })
            .collect()
    }

    pub(crate) fn account(&self, id: AccountId, record: &AccountRecord) -> Account {
        Account {
            id,
            arn: self.arn(&format!("account/{}/{id}", self.id)),
            name: record.name.clone(),
            email: format!("aws+{}@example.com", record.name),
            state: record.state.clone(),
            joined: Some(record.joined),
        }
    }

    /// Every account, the management account included, in account-id order.
    pub(crate) fn all_accounts(&self) -> Vec<Account> {
        self.accounts
            .iter()
            .map(|(id, record)| self.account(*id, record))
            .collect()
    }

    /// The accounts directly under the parent at `index`.
    pub(crate) fn accounts_under(&self, index: usize) -> Vec<Account> {
        self.accounts
            .iter()
            .filter(|(_, record)| record.parent == index)
            .map(|(id, record)| self.account(*id, record))
            .collect()
    }

    /// OU names from the root down to the parent at `index`, joined by `/`.
    pub(crate) fn ou_path(&self, index: usize) -> String {
        let mut names = Vec::new();
        let mut at = index;
        while let Some(up) = self.parents[at].parent {
            names.push(self.parents[at].name.as_str());
            at = up;
        }
        names.reverse();
        names.join("/")
    }

    /// The ground-truth view of every member account, in account-id order.
    pub(crate) fn members(&self) -> Vec<Member> {
        self.accounts
            .iter()
            .filter(|(id, _)| **id != self.management)
            .map(|(id, record)| Member {
                account: self.account(*id, record),
                parent: self.parents[record.parent].id.clone(),
                ou_path: self.ou_path(record.parent),
                tags: record.tags.clone(),
            })
            .collect()
    }

    /// A member account (never the management account).
    pub(crate) fn member_mut(&mut self, id: &AccountId) -> Option<&mut AccountRecord> {
        if *id == self.management {
            return None;
        }
        self.accounts.get_mut(id)
    }
}
