//! The mocked organization the operations' unit tests share (`ops::tests` and
//! `ops::scps::tests`): the management account and one member under the root.

use crate::MockOrganizations;
use crate::model::{Account, AccountId, AccountState, FeatureSet, Organization, PolicyType, Root};

pub(crate) const MANAGEMENT: &str = "111111111111";
pub(crate) const MEMBER: &str = "222222222222";

pub(crate) fn id(text: &str) -> AccountId {
    text.parse().unwrap()
}

/// The management account and one member under the root, whose enabled policy types are
/// `enabled`: the organization the ops tests mock.
pub(crate) fn organization_of_two(enabled: Vec<PolicyType>) -> MockOrganizations {
    let mut orgs = MockOrganizations::new();
    orgs.expect_describe_organization().returning(|| {
        Ok(Organization {
            id: "o-abcdefghij".into(),
            arn: String::new(),
            feature_set: FeatureSet::All,
            management_account_id: id(MANAGEMENT),
        })
    });
    orgs.expect_list_roots().returning(move || {
        Ok(vec![Root {
            id: "r-ab12".parse().unwrap(),
            arn: String::new(),
            name: "Root".into(),
            enabled_policy_types: enabled.clone(),
        }])
    });
    orgs.expect_list_organizational_units_for_parent()
        .returning(|_| Ok(vec![]));
    let accounts = || -> Vec<Account> {
        [MANAGEMENT, MEMBER]
            .into_iter()
            .map(|a| Account {
                id: id(a),
                arn: String::new(),
                name: format!("account-{a}"),
                email: String::new(),
                state: AccountState::Active,
                joined: None,
            })
            .collect()
    };
    orgs.expect_list_accounts_for_parent()
        .returning(move |_| Ok(accounts()));
    orgs.expect_list_accounts()
        .returning(move || Ok(accounts()));
    orgs
}
