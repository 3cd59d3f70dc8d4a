//! Unit-testing your own code that uses rootctl, with the mockall mocks of the AWS
//! boundary traits (the `mock` feature). Your code takes a `Rootctl`; your tests build
//! one from mocks and script exactly what AWS answers, including failures.
//!
//! ```text
//! cargo run --example mock_testing --features mock     # prints what the function returns
//! cargo test --example mock_testing --features mock    # runs the tests at the bottom
//! ```

use std::sync::Arc;

use rootctl::{
    AccountId, Error, ErrorContext, ErrorKind, FeatureSet, MockOrgFeaturesApi, MockOrganizations,
    MockRootIam, MockStsApi, Organization, Root, Rootctl, Selection, Service,
};

/// The code under test: which accounts still have a root password?
pub async fn accounts_with_root_password(rc: &Rootctl) -> rootctl::Result<Vec<AccountId>> {
    let audit = rc.audit(&Selection::all(), None).await?;
    Ok(audit
        .accounts
        .iter()
        .filter(|a| a.credentials.as_ref().is_some_and(|c| c.password.is_some()))
        .map(|a| a.account_id)
        .collect())
}

/// A mock organization: the management account and the given members, under one root.
fn mock_organization(members: &'static [&'static str]) -> MockOrganizations {
    let mut orgs = MockOrganizations::new();
    orgs.expect_describe_organization().returning(|| {
        Ok(Organization {
            id: "o-exampleorg".into(),
            arn: "arn:aws:organizations::111111111111:organization/o-exampleorg".into(),
            feature_set: FeatureSet::All,
            management_account_id: "111111111111".parse().expect("valid id"),
        })
    });
    orgs.expect_list_roots().returning(|| {
        Ok(vec![Root {
            id: "r-ab12".parse().expect("valid root id"),
            arn: String::new(),
            name: "Root".into(),
            enabled_policy_types: vec![],
        }])
    });
    orgs.expect_list_organizational_units_for_parent()
        .returning(|_| Ok(vec![]));
    orgs.expect_list_accounts_for_parent().returning(move |_| {
        Ok(members
            .iter()
            .map(|id| rootctl::Account {
                id: id.parse().expect("valid id"),
                arn: String::new(),
                name: format!("member-{id}"),
                email: String::new(),
                state: rootctl::AccountState::Active,
                joined: None,
            })
            .collect())
    });
    orgs
}

/// A caller and AssumeRoot that always succeed.
fn mock_sts() -> MockStsApi {
    let mut sts = MockStsApi::new();
    sts.expect_caller_identity().returning(|| {
        Ok(rootctl::CallerIdentity {
            account_id: "111111111111".parse().expect("valid id"),
            arn: "arn:aws:iam::111111111111:role/Security".into(),
            user_id: "AROAEXAMPLE".into(),
        })
    });
    sts.expect_assume_root()
        .returning(|account, policy, duration| {
            Ok(rootctl::RootSession::new(
                *account,
                policy,
                chrono::Utc::now() + chrono::TimeDelta::seconds(duration.as_secs() as i64),
                rootctl::SessionCredentials::new("MOCKKEYID", "mock-secret", "mock-token"),
            ))
        });
    sts
}

/// IAM where `with_password` has a root password, nothing else exists, and `denied`
/// answers AccessDenied (as a member SCP would).
fn mock_iam(with_password: &'static str, denied: &'static str) -> MockRootIam {
    let mut iam = MockRootIam::new();
    iam.expect_get_account_summary().returning(move |session| {
        if session.account_id().as_str() == denied {
            return Err(Error::from_kind(
                ErrorKind::AccessDenied,
                ErrorContext::new(Service::Iam, "GetAccountSummary")
                    .account(session.account_id())
                    .code("AccessDenied"),
                None,
            ));
        }
        Ok(rootctl::AccountSummary {
            password_present: session.account_id().as_str() == with_password,
            ..rootctl::AccountSummary::default()
        })
    });
    iam.expect_get_login_profile().returning(move |session| {
        Ok(
            (session.account_id().as_str() == with_password).then(|| rootctl::LoginProfile {
                created: chrono::Utc::now(),
                password_reset_required: false,
            }),
        )
    });
    iam.expect_list_access_keys().returning(|_| Ok(vec![]));
    iam.expect_list_signing_certificates()
        .returning(|_| Ok(vec![]));
    iam.expect_list_mfa_devices().returning(|_| Ok(vec![]));
    iam
}

fn client(with_password: &'static str, denied: &'static str) -> Rootctl {
    Rootctl::new(
        Arc::new(mock_organization(&[
            "222222222222",
            "333333333333",
            "444444444444",
        ])),
        Arc::new(MockOrgFeaturesApi::new()),
        Arc::new(mock_sts()),
        Arc::new(mock_iam(with_password, denied)),
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rc = client("333333333333", "444444444444");
    let found = accounts_with_root_password(&rc).await?;
    println!("accounts with a root password (mocked AWS): {found:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn finds_the_account_with_a_password_and_skips_the_denied_one() {
        let rc = client("333333333333", "444444444444");
        let found = accounts_with_root_password(&rc).await.expect("audit runs");
        assert_eq!(
            found,
            vec!["333333333333".parse::<AccountId>().expect("valid id")]
        );
    }
}
