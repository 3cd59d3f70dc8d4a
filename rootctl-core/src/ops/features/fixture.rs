//! Mock organizations for the unit tests of the state-reading operations: one struct
//! describes the state, [`OrgFixture::mocks`] answers every read from it, and each test
//! adds the expectations on mutating calls it is about.

use std::sync::{Arc, Mutex};

use crate::engine::Rootctl;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{
    Account, AccountId, AccountState, CallerIdentity, DelegatedAdministrator, FeatureSet,
    IAM_SERVICE_PRINCIPAL, OrgFeature, Organization,
};
use crate::options::{Options, RetryPolicy};
use crate::{MockOrgFeaturesApi, MockOrganizations, MockRootIam, MockStsApi};

pub(crate) const MANAGEMENT: &str = "111111111111";
pub(crate) const SECURITY: &str = "222222222222";
pub(crate) const WORKLOAD: &str = "333333333333";
pub(crate) const SUSPENDED: &str = "444444444444";

pub(crate) fn id(account: &str) -> AccountId {
    account.parse().expect("fixture ids are valid")
}

/// An error as the adapters would classify it, with the AWS code spelled like the kind.
pub(crate) fn aws_error(kind: ErrorKind, operation: &'static str) -> Error {
    let context = ErrorContext::new(Service::Iam, operation).code(format!("{kind:?}"));
    Error::from_kind(kind, context, None)
}

/// An organization's state, as far as the reads see it.
#[derive(Clone, Debug)]
pub(crate) struct OrgFixture {
    pub(crate) feature_set: FeatureSet,
    pub(crate) caller: AccountId,
    pub(crate) trusted_access: bool,
    pub(crate) root_credentials_management: bool,
    pub(crate) root_sessions: bool,
    pub(crate) delegated_admins: Vec<AccountId>,
    /// What `DescribeOrganization` answers instead of the organization, if anything.
    pub(crate) organization_error: Option<Error>,
    /// What `ListOrganizationsFeatures` answers instead of the features, if anything.
    pub(crate) features_error: Option<Error>,
    /// Whether the caller is its account's root user rather than a role.
    pub(crate) caller_is_root: bool,
}

impl OrgFixture {
    /// An organization in ALL features mode where nothing is set up yet, called from
    /// the management account.
    pub(crate) fn fresh() -> Self {
        Self {
            feature_set: FeatureSet::All,
            caller: id(MANAGEMENT),
            trusted_access: false,
            root_credentials_management: false,
            root_sessions: false,
            delegated_admins: Vec::new(),
            organization_error: None,
            features_error: None,
            caller_is_root: false,
        }
    }

    /// Trusted access and both features on, no delegated administrator.
    pub(crate) fn enabled() -> Self {
        Self {
            trusted_access: true,
            root_credentials_management: true,
            root_sessions: true,
            ..Self::fresh()
        }
    }

    /// Mocks answering every read from this state, and nothing else.
    pub(crate) fn mocks(&self) -> Mocks {
        let mut organizations = MockOrganizations::new();
        let (feature_set, error) = (self.feature_set.clone(), self.organization_error.clone());
        organizations
            .expect_describe_organization()
            .returning(move || {
                if let Some(error) = &error {
                    return Err(error.clone());
                }
                Ok(Organization {
                    id: "o-fixture1".into(),
                    arn: "arn:aws:organizations::111111111111:organization/o-fixture1".into(),
                    feature_set: feature_set.clone(),
                    management_account_id: id(MANAGEMENT),
                })
            });
        organizations.expect_list_accounts().returning(|| {
            Ok(vec![
                account(SUSPENDED, AccountState::Suspended),
                account(WORKLOAD, AccountState::Active),
                account(SECURITY, AccountState::Active),
                account(MANAGEMENT, AccountState::Active),
            ])
        });
        let trusted_access = self.trusted_access;
        organizations
            .expect_list_service_access()
            .returning(move || {
                Ok(if trusted_access {
                    vec!["sso.amazonaws.com".into(), IAM_SERVICE_PRINCIPAL.into()]
                } else {
                    vec!["sso.amazonaws.com".into()]
                })
            });
        let admins = self.delegated_admins.clone();
        organizations
            .expect_list_delegated_administrators()
            .withf(|principal| principal == IAM_SERVICE_PRINCIPAL)
            .returning(move |_| {
                Ok(admins
                    .iter()
                    .map(|&account_id| DelegatedAdministrator {
                        account_id,
                        name: "security".into(),
                        state: AccountState::Active,
                    })
                    .collect())
            });

        let mut features = MockOrgFeaturesApi::new();
        let (error, enabled) = (self.features_error.clone(), self.enabled_features());
        let trusted_access = self.trusted_access;
        features
            .expect_list_enabled_features()
            .returning(move || match (&error, trusted_access) {
                (Some(error), _) => Err(error.clone()),
                (None, false) => Err(aws_error(
                    ErrorKind::TrustedAccessNotEnabled,
                    "ListOrganizationsFeatures",
                )),
                (None, true) => Ok(enabled.clone()),
            });

        let mut sts = MockStsApi::new();
        let (caller, root) = (self.caller, self.caller_is_root);
        sts.expect_caller_identity().returning(move || {
            Ok(CallerIdentity {
                account_id: caller,
                arn: if root {
                    format!("arn:aws:iam::{caller}:root")
                } else {
                    format!("arn:aws:sts::{caller}:assumed-role/RootAdmin/alice")
                },
                user_id: "AROAEXAMPLE:alice".into(),
            })
        });

        Mocks {
            organizations,
            features,
            sts,
            iam: MockRootIam::new(),
        }
    }

    /// [`mocks`](Self::mocks) that refuse every mutation.
    pub(crate) fn read_only(&self) -> Mocks {
        let mut mocks = self.mocks();
        mocks.forbid_mutations();
        mocks
    }

    /// A client over [`mocks`](Self::mocks), when a test adds no expectations.
    pub(crate) fn client(&self) -> Rootctl {
        self.mocks().client()
    }

    fn enabled_features(&self) -> Vec<OrgFeature> {
        let mut enabled = Vec::new();
        if self.root_credentials_management {
            enabled.push(OrgFeature::RootCredentialsManagement);
        }
        if self.root_sessions {
            enabled.push(OrgFeature::RootSessions);
        }
        enabled
    }
}

fn account(account: &str, state: AccountState) -> Account {
    Account {
        id: id(account),
        arn: format!("arn:aws:organizations::111111111111:account/o-fixture1/{account}"),
        name: format!("account-{account}"),
        email: format!("root+{account}@example.com"),
        state,
        joined: None,
    }
}

/// The four mocks, for tests to add expectations to before building the client.
pub(crate) struct Mocks {
    pub(crate) organizations: MockOrganizations,
    pub(crate) features: MockOrgFeaturesApi,
    pub(crate) sts: MockStsApi,
    pub(crate) iam: MockRootIam,
}

impl Mocks {
    /// Makes every state-changing call a test failure: each is expected zero times.
    pub(crate) fn forbid_mutations(&mut self) {
        self.organizations.expect_enable_service_access().times(0);
        self.organizations.expect_disable_service_access().times(0);
        self.organizations
            .expect_register_delegated_administrator()
            .times(0);
        self.organizations
            .expect_deregister_delegated_administrator()
            .times(0);
        self.features.expect_enable_feature().times(0);
        self.features.expect_disable_feature().times(0);
    }

    /// Makes every state-changing call succeed and records it, in order, in the log
    /// returned.
    pub(crate) fn record_mutations(&mut self) -> MutationLog {
        let log = MutationLog::default();
        let recorder = |log: &MutationLog| {
            let log = log.clone();
            move |call: String| -> Result<()> {
                log.0.lock().unwrap().push(call);
                Ok(())
            }
        };
        let record = recorder(&log);
        self.organizations
            .expect_enable_service_access()
            .returning(move |p| record(format!("EnableAWSServiceAccess {p}")));
        let record = recorder(&log);
        self.organizations
            .expect_disable_service_access()
            .returning(move |p| record(format!("DisableAWSServiceAccess {p}")));
        let record = recorder(&log);
        self.organizations
            .expect_register_delegated_administrator()
            .returning(move |a, _| record(format!("Register {a}")));
        let record = recorder(&log);
        self.organizations
            .expect_deregister_delegated_administrator()
            .returning(move |a, _| record(format!("Deregister {a}")));
        let record = recorder(&log);
        self.features
            .expect_enable_feature()
            .returning(move |f| record(format!("Enable {f}")));
        let record = recorder(&log);
        self.features
            .expect_disable_feature()
            .returning(move |f| record(format!("Disable {f}")));
        log
    }

    /// The client over these mocks, without retries so failures show at once.
    pub(crate) fn client(self) -> Rootctl {
        Rootctl::new(
            Arc::new(self.organizations),
            Arc::new(self.features),
            Arc::new(self.sts),
            Arc::new(self.iam),
        )
        .with_options(Options {
            retry: RetryPolicy::none(),
            ..Options::default()
        })
        .expect("valid options")
    }
}

/// The state-changing calls made on [`Mocks`], in order, e.g. `Enable RootSessions`.
#[derive(Clone, Debug, Default)]
pub(crate) struct MutationLog(Arc<Mutex<Vec<String>>>);

impl MutationLog {
    pub(crate) fn calls(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}
