//! The simulator's own scenario suite. The rules every backend must keep (paging, the
//! tree, NotFound answers, trusted access and the features, delegated administrators,
//! AssumeRoot gating, session expiry, idempotent deletes, task-policy scoping) live in
//! the conformance suite (`rootctl::conformance`, run by `tests/conformance.rs` here
//! and on the emulator); what stays here is what only the simulator can arrange or
//! promise: callers in other accounts, fault injection, the call log, determinism.
//!
//! One test per AWS rule `SimulatedOrg` enforces
//! (docs/aws-behaviour.md, #org-features to #permissions), per fault it injects, and per
//! ground-truth promise it makes.
//!
//! Every test drives the simulator through the boundary traits only, exactly as rootctl's
//! operations will, and checks the answer against the ground truth (`root_credentials`,
//! `calls`, `stats`). Nothing here depends on wall-clock timing: latency runs on tokio's
//! paused clock, and rate limits are refilled with `advance_clock`.

use std::time::Duration;

use rootctl::sim::{Caller, SimBuilder, SimulatedOrg};
use rootctl::{
    AccessKey, AccessKeyLastUsed, AccountId, AccountState, CredentialStatus, Error, ErrorKind,
    LoginProfile, MfaDevice, OrgFeature, OrgFeatures, OrgFeaturesApi, Organizations, RootIam,
    RootSession, SessionDuration, SigningCertificate, StsApi, TaskPolicy, Timestamp,
};

const AUDIT: TaskPolicy = TaskPolicy::IamAuditRootUserCredentials;
const DELETE: TaskPolicy = TaskPolicy::IamDeleteRootUserCredentials;
const RECOVER: TaskPolicy = TaskPolicy::IamCreateRootUserPassword;

fn builder() -> SimBuilder {
    SimulatedOrg::builder().members(12).seed(42)
}

/// The member `Caller::Member` calls from; always ACTIVE and free of SCPs.
fn workload(org: &SimulatedOrg) -> AccountId {
    member_named(org, "workload-0001")
}

fn member_named(org: &SimulatedOrg, name: &str) -> AccountId {
    let members = org.members();
    let member = members.iter().find(|m| m.account.name == name);
    member
        .map(|m| m.account.id)
        .expect("the builder names members")
}

fn active_members(org: &SimulatedOrg) -> Vec<AccountId> {
    let members = org.members().into_iter();
    let active = members.filter(|m| m.account.state == AccountState::Active);
    active.map(|m| m.account.id).collect()
}

async fn session(org: &SimulatedOrg, account: AccountId, policy: TaskPolicy) -> RootSession {
    org.assume_root(&account, policy, SessionDuration::default())
        .await
        .expect("AssumeRoot is allowed here")
}

/// Asserts that `result` failed with AWS's `code`, classified as `kind`.
#[track_caller]
fn assert_code<T: std::fmt::Debug>(result: rootctl::Result<T>, code: &str, kind: ErrorKind) {
    let err = result.expect_err(code);
    assert_eq!(err.code(), Some(code), "{err}");
    assert_eq!(err.kind(), kind, "{err}");
    assert!(err.request_id().is_some_and(|id| id.starts_with("sim-")));
}

fn message(err: &Error) -> &str {
    err.context()
        .and_then(|c| c.message.as_deref())
        .unwrap_or("")
}

fn date(secs: i64) -> Timestamp {
    Timestamp::from_timestamp(secs, 0).expect("valid date")
}

/// A root user holding one of everything (two keys: one used, one never used).
fn full_inventory(account: &AccountId) -> rootctl::RootCredentials {
    let key = |id: &str, last_used| AccessKey {
        id: id.to_owned(),
        status: CredentialStatus::Active,
        created: Some(date(1_600_000_000)),
        last_used: Some(last_used),
    };
    rootctl::RootCredentials {
        password: Some(LoginProfile {
            created: date(1_600_000_000),
            password_reset_required: false,
        }),
        access_keys: vec![
            key(
                "AKIDEXAMPLEUSED00001",
                AccessKeyLastUsed {
                    date: Some(date(1_700_000_000)),
                    service: Some("s3".into()),
                    region: Some("eu-west-1".into()),
                },
            ),
            key("AKIDEXAMPLENEVER0002", AccessKeyLastUsed::default()),
        ],
        signing_certificates: vec![SigningCertificate {
            id: "CERTEXAMPLE0000000000000000000001".into(),
            status: CredentialStatus::Active,
            uploaded: Some(date(1_600_000_000)),
        }],
        mfa_devices: vec![MfaDevice::new(
            format!("arn:aws:iam::{account}:mfa/root-account-mfa-device"),
            Some(date(1_600_000_000)),
        )],
    }
}

/// Makes each of the twelve `RootIam` calls once with `session` and returns the names of
/// those AWS allowed (anything but `AccessDenied`), in a fixed order. The key,
/// certificate and MFA deletes name items that do not exist, so they remove nothing;
/// the two login-profile calls come last because, when allowed, they do change it.
async fn allowed_iam_calls(org: &SimulatedOrg, session: &RootSession) -> Vec<&'static str> {
    fn allowed<T>(result: rootctl::Result<T>) -> bool {
        !matches!(result, Err(e) if e.kind() == ErrorKind::AccessDenied)
    }
    let s = session;
    let outcomes = [
        (
            "GetAccountSummary",
            allowed(org.get_account_summary(s).await),
        ),
        ("GetUser", allowed(org.get_user(s).await)),
        ("GetLoginProfile", allowed(org.get_login_profile(s).await)),
        ("ListAccessKeys", allowed(org.list_access_keys(s).await)),
        (
            "GetAccessKeyLastUsed",
            allowed(
                org.get_access_key_last_used(s, "AKIDEXAMPLEUSED00001")
                    .await,
            ),
        ),
        (
            "ListSigningCertificates",
            allowed(org.list_signing_certificates(s).await),
        ),
        ("ListMFADevices", allowed(org.list_mfa_devices(s).await)),
        (
            "DeleteAccessKey",
            allowed(org.delete_access_key(s, "nope").await),
        ),
        (
            "DeleteSigningCertificate",
            allowed(org.delete_signing_certificate(s, "nope").await),
        ),
        (
            "DeactivateMFADevice",
            allowed(org.deactivate_mfa_device(s, "nope").await),
        ),
        // Last, because they change the login profile when allowed.
        (
            "CreateLoginProfile",
            allowed(org.create_login_profile(s).await),
        ),
        (
            "DeleteLoginProfile",
            allowed(org.delete_login_profile(s).await),
        ),
    ];
    outcomes
        .into_iter()
        .filter_map(|(name, ok)| ok.then_some(name))
        .collect()
}

/// Feature APIs: who may call them, and what the organization needs (docs/aws-behaviour.md#org-features).
mod features {
    use super::*;

    #[tokio::test]
    async fn enable_is_for_the_management_account_only() {
        let org = builder().delegated_admin(true).build();
        for caller in [Caller::DelegatedAdmin, Caller::Member] {
            org.set_caller(caller);
            assert_code(
                org.enable_feature(OrgFeature::RootSessions).await,
                "CallerIsNotManagementAccountException",
                ErrorKind::NotManagementAccount,
            );
        }
        org.set_caller(Caller::ManagementAccount);
        org.disable_feature(OrgFeature::RootSessions).await.unwrap();
        org.enable_feature(OrgFeature::RootSessions).await.unwrap();
        assert!(org.features().root_sessions);
    }

    #[tokio::test]
    async fn list_and_disable_need_management_or_the_iam_delegated_admin() {
        let org = builder().delegated_admin(true).build();
        org.set_caller(Caller::DelegatedAdmin);
        let enabled = org.list_enabled_features().await.unwrap();
        assert_eq!(enabled, OrgFeature::ALL);
        org.disable_feature(OrgFeature::RootSessions).await.unwrap();
        assert!(!org.features().root_sessions);

        let unregistered = builder().build();
        for caller in [Caller::DelegatedAdmin, Caller::Member] {
            unregistered.set_caller(caller);
            assert_code(
                unregistered.list_enabled_features().await,
                "AccountNotManagementOrDelegatedAdministratorException",
                ErrorKind::NotManagementAccount,
            );
            assert_code(
                unregistered.disable_feature(OrgFeature::RootSessions).await,
                "AccountNotManagementOrDelegatedAdministratorException",
                ErrorKind::NotManagementAccount,
            );
        }
        assert!(unregistered.features().root_sessions);
    }

    #[tokio::test]
    async fn a_delegated_admin_for_another_service_is_not_the_iam_one() {
        let org = builder().build();
        let security = org.delegated_admin_account_id();
        org.enable_service_access("securityhub.amazonaws.com")
            .await
            .unwrap();
        org.register_delegated_administrator(&security, "securityhub.amazonaws.com")
            .await
            .unwrap();
        org.set_caller(Caller::DelegatedAdmin);
        // Any delegated admin may read the organization ...
        assert_eq!(org.list_accounts().await.unwrap().len(), 13);
        // ... but only IAM's may manage root access.
        assert_code(
            org.list_enabled_features().await,
            "AccountNotManagementOrDelegatedAdministratorException",
            ErrorKind::NotManagementAccount,
        );
        let err = org
            .assume_root(&workload(&org), AUDIT, SessionDuration::default())
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("AccessDenied"));
    }

    #[tokio::test]
    async fn every_feature_call_needs_all_features_mode() {
        let org = builder()
            .feature_set(rootctl::FeatureSet::ConsolidatedBilling)
            .build();
        let code = "OrganizationNotInAllFeaturesModeException";
        let kind = ErrorKind::NotAllFeatures;
        assert_code(org.list_enabled_features().await, code, kind);
        assert_code(
            org.enable_feature(OrgFeature::RootSessions).await,
            code,
            kind,
        );
        assert_code(
            org.disable_feature(OrgFeature::RootSessions).await,
            code,
            kind,
        );
    }

    #[tokio::test]
    async fn a_caller_outside_any_organization_is_told_so() {
        let org = builder().caller(Caller::OutsideOrganization).build();
        assert_code(
            org.list_enabled_features().await,
            "OrganizationNotFoundException",
            ErrorKind::OrganizationNotFound,
        );
        assert_code(
            org.describe_organization().await,
            "AWSOrganizationsNotInUseException",
            ErrorKind::OrganizationNotFound,
        );
        let me = org.caller_identity().await.unwrap();
        assert!(org.members().iter().all(|m| m.account.id != me.account_id));
        assert_ne!(me.account_id, org.management_account_id());
    }
}

/// Organizations: delegated administrators, who may read and write, paging (#org-features, #organizations).
mod organizations {
    use super::*;
    use rootctl::IAM_SERVICE_PRINCIPAL as IAM;

    #[tokio::test]
    async fn writes_are_management_only_and_reads_need_a_delegated_admin() {
        let org = builder().delegated_admin(true).build();
        org.set_caller(Caller::DelegatedAdmin);
        assert_eq!(org.list_accounts().await.unwrap().len(), 13);
        let denied = "AccessDeniedException";
        assert_code(
            org.enable_service_access("x.amazonaws.com").await,
            denied,
            ErrorKind::AccessDenied,
        );
        assert_code(
            org.disable_service_access(IAM).await,
            denied,
            ErrorKind::AccessDenied,
        );
        let security = org.delegated_admin_account_id();
        assert_code(
            org.deregister_delegated_administrator(&security, IAM).await,
            denied,
            ErrorKind::AccessDenied,
        );

        org.set_caller(Caller::Member);
        assert_code(org.list_accounts().await, denied, ErrorKind::AccessDenied);
        assert_code(org.list_roots().await, denied, ErrorKind::AccessDenied);
        // Any account in the organization may describe it.
        let described = org.describe_organization().await.unwrap();
        assert_eq!(described, org.organization());
        assert!(org.features().trusted_access);
    }
}

/// AssumeRoot: who may call it, into which account, with which feature (#assume-root, #task-policies).
mod assume_root {
    use super::*;

    #[tokio::test]
    async fn caller_must_be_management_or_the_iam_delegated_admin() {
        let org = builder().build();
        let target = member_named(&org, "workload-0002");
        for caller in [Caller::Member, Caller::DelegatedAdmin] {
            org.set_caller(caller);
            assert_code(
                org.assume_root(&target, AUDIT, SessionDuration::default())
                    .await,
                "AccessDenied",
                ErrorKind::AccessDenied,
            );
        }
        let registered = builder()
            .delegated_admin(true)
            .caller(Caller::DelegatedAdmin)
            .build();
        let session = session(&registered, target, AUDIT).await;
        assert_eq!(session.account_id(), target);
        assert_eq!(session.task_policy(), AUDIT);
    }

    #[tokio::test]
    async fn target_must_be_an_active_member_of_the_organization() {
        let org = builder().suspended(1).pending_closure(1).closed(1).build();
        let management = org.management_account_id();
        let err = org
            .assume_root(&management, AUDIT, SessionDuration::default())
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("AccessDenied"));
        assert!(message(&err).contains("management account"), "{err}");

        let stranger: AccountId = "000000000001".parse().unwrap();
        assert_code(
            org.assume_root(&stranger, AUDIT, SessionDuration::default())
                .await,
            "AccessDenied",
            ErrorKind::AccessDenied,
        );

        let inactive: Vec<_> = org
            .members()
            .into_iter()
            .filter(|m| m.account.state != AccountState::Active)
            .collect();
        assert_eq!(inactive.len(), 3);
        for member in inactive {
            let err = org
                .assume_root(&member.account.id, AUDIT, SessionDuration::default())
                .await
                .unwrap_err();
            assert_eq!(err.code(), Some("AccessDenied"));
            assert!(
                message(&err).contains(member.account.state.as_str()),
                "{err}"
            );
        }
    }

    #[tokio::test]
    async fn a_session_the_simulator_never_issued_is_an_expired_token() {
        let org = builder().build();
        let forged = RootSession::new(
            workload(&org),
            AUDIT,
            org.now() + chrono::TimeDelta::seconds(900),
            rootctl::SessionCredentials::new("SIMSNEVERISSUED00000", "secret", "token"),
        );
        assert_code(
            org.get_login_profile(&forged).await,
            "ExpiredToken",
            ErrorKind::SessionExpired,
        );
    }
}

/// What each task policy lets a root session do (#task-policies), and IAM's answers inside it (#root-session-iam).
mod root_sessions {
    use super::*;

    #[tokio::test]
    async fn each_task_policy_allows_exactly_its_iam_actions() {
        let org = builder().build();
        let member = workload(&org);
        org.set_credentials(&member, full_inventory(&member))
            .unwrap();
        let reads = [
            "GetUser",
            "GetLoginProfile",
            "ListAccessKeys",
            "GetAccessKeyLastUsed",
            "ListSigningCertificates",
            "ListMFADevices",
        ];
        let deletes = [
            "DeleteAccessKey",
            "DeleteSigningCertificate",
            "DeactivateMFADevice",
        ];
        let audit = session(&org, member, AUDIT).await;
        let mut expected = vec!["GetAccountSummary"];
        expected.extend(reads);
        assert_eq!(allowed_iam_calls(&org, &audit).await, expected);
        // The audit session deleted nothing.
        assert_eq!(org.root_credentials(&member), Some(full_inventory(&member)));

        let delete = session(&org, member, DELETE).await;
        let mut expected = reads.to_vec();
        expected.extend(deletes);
        expected.push("DeleteLoginProfile");
        assert_eq!(allowed_iam_calls(&org, &delete).await, expected);

        let recover = session(&org, member, RECOVER).await;
        assert_eq!(
            allowed_iam_calls(&org, &recover).await,
            ["GetLoginProfile", "CreateLoginProfile"]
        );
        for policy in [
            TaskPolicy::S3UnlockBucketPolicy,
            TaskPolicy::SqsUnlockQueuePolicy,
        ] {
            let unlock = session(&org, member, policy).await;
            assert!(
                allowed_iam_calls(&org, &unlock).await.is_empty(),
                "{policy}"
            );
        }
    }

    #[tokio::test]
    async fn a_denied_call_answers_access_denied_and_counts() {
        let org = builder().build();
        let member = workload(&org);
        org.set_credentials(&member, full_inventory(&member))
            .unwrap();
        let audit = session(&org, member, AUDIT).await;
        let err = org
            .delete_access_key(&audit, "AKIDEXAMPLEUSED00001")
            .await
            .unwrap_err();
        assert_eq!(
            (err.code(), err.kind()),
            (Some("AccessDenied"), ErrorKind::AccessDenied)
        );
        assert!(message(&err).contains("iam:DeleteAccessKey"), "{err}");
        assert_eq!(org.stats().denied, 1);
        let delete = session(&org, member, DELETE).await;
        assert_code(
            org.get_account_summary(&delete).await,
            "AccessDenied",
            ErrorKind::AccessDenied,
        );
        assert_eq!(org.root_credentials(&member), Some(full_inventory(&member)));
    }

    #[tokio::test]
    async fn missing_credentials_are_no_such_entity_and_deletes_report_already_absent() {
        let org = builder().build();
        let member = workload(&org);
        let mut inventory = full_inventory(&member);
        inventory.password = None;
        org.set_credentials(&member, inventory).unwrap();
        let delete = session(&org, member, DELETE).await;
        let serial = format!("arn:aws:iam::{member}:mfa/root-account-mfa-device");
        let cert = "CERTEXAMPLE0000000000000000000001";

        assert_eq!(org.get_login_profile(&delete).await.unwrap(), None);
        use rootctl::Deletion::{AlreadyAbsent, Deleted};
        assert_eq!(
            org.delete_login_profile(&delete).await.unwrap(),
            AlreadyAbsent
        );
        let key = "AKIDEXAMPLEUSED00001";
        assert_eq!(org.delete_access_key(&delete, key).await.unwrap(), Deleted);
        assert_eq!(
            org.delete_access_key(&delete, key).await.unwrap(),
            AlreadyAbsent
        );
        assert_eq!(
            org.delete_signing_certificate(&delete, cert).await.unwrap(),
            Deleted
        );
        assert_eq!(
            org.delete_signing_certificate(&delete, cert).await.unwrap(),
            AlreadyAbsent
        );
        assert_eq!(
            org.deactivate_mfa_device(&delete, "GAHT0").await.unwrap(),
            AlreadyAbsent
        );
        assert_eq!(
            org.deactivate_mfa_device(&delete, &serial).await.unwrap(),
            Deleted
        );
        assert!(org.list_mfa_devices(&delete).await.unwrap().is_empty());

        let outcomes: Vec<_> = org
            .calls()
            .into_iter()
            .filter(|c| c.account_id == Some(member) && c.operation != "AssumeRoot")
            .map(|c| (c.operation, c.outcome))
            .collect();
        let expect = [
            ("GetLoginProfile", "NoSuchEntity"),
            ("DeleteLoginProfile", "NoSuchEntity"),
            ("DeleteAccessKey", "ok"),
            ("DeleteAccessKey", "NoSuchEntity"),
            ("DeleteSigningCertificate", "ok"),
            ("DeleteSigningCertificate", "NoSuchEntity"),
            ("DeactivateMFADevice", "NoSuchEntity"),
            ("DeactivateMFADevice", "ok"),
            ("ListMFADevices", "ok"),
        ];
        let expect: Vec<_> = expect.iter().map(|(o, c)| (*o, c.to_string())).collect();
        assert_eq!(outcomes, expect);
        let left = org.root_credentials(&member).unwrap();
        assert_eq!(left.access_keys.len(), 1);
        assert!(left.signing_certificates.is_empty() && left.mfa_devices.is_empty());
    }

    #[tokio::test]
    async fn create_login_profile_allows_recovery_once() {
        let org = builder().password_share(0.0).build();
        let member = workload(&org);
        let recover = session(&org, member, RECOVER).await;
        assert_eq!(
            org.create_login_profile(&recover).await.unwrap(),
            rootctl::Creation::Created
        );
        let profile = org.root_credentials(&member).unwrap().password;
        assert!(profile.is_some());
        assert_eq!(org.get_login_profile(&recover).await.unwrap(), profile);
        assert_eq!(
            org.create_login_profile(&recover).await.unwrap(),
            rootctl::Creation::AlreadyExists
        );
        let last = org.calls().pop().unwrap();
        assert_eq!(
            (last.operation, last.outcome.as_str()),
            ("CreateLoginProfile", "EntityAlreadyExists")
        );
        assert!(last.mutating);
    }

    #[tokio::test]
    async fn access_key_last_use_comes_from_its_own_call() {
        let org = builder().build();
        let member = workload(&org);
        org.set_credentials(&member, full_inventory(&member))
            .unwrap();
        let audit = session(&org, member, AUDIT).await;
        let keys = org.list_access_keys(&audit).await.unwrap();
        assert_eq!(keys.len(), 2);
        assert!(keys.iter().all(|k| k.last_used.is_none()));
        let used = org
            .get_access_key_last_used(&audit, "AKIDEXAMPLEUSED00001")
            .await
            .unwrap();
        assert_eq!(used.service.as_deref(), Some("s3"));
        assert_eq!(used.region.as_deref(), Some("eu-west-1"));
        assert!(used.date.is_some());
        let never = org
            .get_access_key_last_used(&audit, "AKIDEXAMPLENEVER0002")
            .await
            .unwrap();
        assert_eq!(never, AccessKeyLastUsed::default());
        assert_code(
            org.get_access_key_last_used(&audit, "AKIDNOSUCHKEY0000000")
                .await,
            "NoSuchEntity",
            ErrorKind::NotFound,
        );
        let user = org.get_user(&audit).await.unwrap();
        assert_eq!(user.arn, member.root_arn());
        let summary = org.get_account_summary(&audit).await.unwrap();
        assert_eq!(summary, full_inventory(&member).summary());
    }
}

/// Fault injection: every knob, seeded and reproducible (all off by default).
mod faults {
    use super::*;
    use rootctl::sim::{DISPATCH_FAILURE, ScpDeny};

    #[tokio::test(start_paused = true)]
    async fn latency_is_slept_on_the_tokio_timer() {
        let org = builder()
            .latency(Duration::from_secs(5), Duration::from_secs(2))
            .build();
        // On tokio's paused clock only tokio timers move time; a busy wait or a thread
        // sleep would leave it standing still.
        let start = tokio::time::Instant::now();
        org.describe_organization().await.unwrap();
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_secs(5) && elapsed < Duration::from_secs(7));
        // Per page, too.
        let start = tokio::time::Instant::now();
        org.list_roots().await.unwrap();
        assert!(start.elapsed() >= Duration::from_secs(5));
    }

    #[tokio::test]
    async fn nothing_is_injected_by_default() {
        let org = builder().build();
        for member in active_members(&org) {
            let audit = session(&org, member, AUDIT).await;
            for _ in 0..20 {
                org.get_user(&audit).await.unwrap();
            }
        }
        let stats = org.stats();
        assert_eq!((stats.throttled, stats.failed, stats.denied), (0, 0, 0));
    }

    #[tokio::test]
    async fn assume_root_has_a_token_bucket() {
        let org = builder().assume_root_rate_limit(0.01, 3).build();
        let member = workload(&org);
        for _ in 0..3 {
            session(&org, member, AUDIT).await;
        }
        let err = org
            .assume_root(&member, AUDIT, SessionDuration::default())
            .await
            .unwrap_err();
        assert_eq!(
            (err.code(), err.kind()),
            (Some("Throttling"), ErrorKind::Throttled)
        );
        assert!(err.is_retryable());
        assert_eq!(org.stats().throttled, 1);
        // 0.01 tokens a second: 200 simulated seconds buy two more calls.
        org.advance_clock(Duration::from_secs(200));
        session(&org, member, AUDIT).await;
        session(&org, member, AUDIT).await;
    }

    #[tokio::test]
    async fn iam_calls_have_a_token_bucket_per_account() {
        let org = builder().iam_rate_limit(0.01, 2).build();
        let (first, second) = (workload(&org), member_named(&org, "workload-0002"));
        let a = session(&org, first, AUDIT).await;
        let b = session(&org, second, AUDIT).await;
        org.get_user(&a).await.unwrap();
        org.get_user(&a).await.unwrap();
        assert_code(org.get_user(&a).await, "Throttling", ErrorKind::Throttled);
        org.get_user(&b).await.unwrap();
    }

    #[tokio::test]
    async fn organizations_calls_have_a_token_bucket_per_page() {
        let org = builder()
            .members(30)
            .organizations_rate_limit(0.01, 2)
            .build();
        org.describe_organization().await.unwrap();
        // ListAccounts needs two pages for 31 accounts and has one token left.
        assert_code(
            org.list_accounts().await,
            "TooManyRequestsException",
            ErrorKind::Throttled,
        );
    }

    #[tokio::test]
    async fn transient_failures_are_500s_or_transport_errors_and_change_nothing() {
        let org = builder().transient_failure_rate(1.0).build();
        let mut codes = Vec::new();
        for _ in 0..20 {
            let err = org
                .disable_service_access(rootctl::IAM_SERVICE_PRINCIPAL)
                .await
                .unwrap_err();
            assert!(err.is_retryable());
            match err.kind() {
                ErrorKind::ServiceFailure => {
                    assert_eq!(err.context().unwrap().http_status, Some(500));
                }
                ErrorKind::Transport => {
                    assert_eq!(err.code(), None);
                    assert_eq!(message(&err), "simulated dispatch failure");
                }
                other => panic!("{other:?}: {err}"),
            }
            codes.push(err.kind());
        }
        assert!(
            codes.contains(&ErrorKind::ServiceFailure) && codes.contains(&ErrorKind::Transport)
        );
        assert!(
            org.features().trusted_access,
            "a failed call changes nothing"
        );
        assert_eq!(org.stats().failed, 20);
        assert!(org.calls().iter().any(|c| c.outcome == DISPATCH_FAILURE));
        assert!(org.calls().iter().any(|c| c.outcome == "ServiceException"));
    }

    #[tokio::test]
    async fn a_transient_failure_rate_is_reproducible_by_seed() {
        async fn outcomes(seed: u64) -> Vec<bool> {
            let org = builder().seed(seed).transient_failure_rate(0.3).build();
            let member = workload(&org);
            let audit = loop {
                if let Ok(s) = org
                    .assume_root(&member, AUDIT, SessionDuration::default())
                    .await
                {
                    break s;
                }
            };
            let mut outcomes = Vec::new();
            for _ in 0..100 {
                outcomes.push(org.get_user(&audit).await.is_ok());
            }
            outcomes
        }
        let first = outcomes(7).await;
        let failed = first.iter().filter(|ok| !**ok).count();
        assert!((10..60).contains(&failed), "{failed} of 100");
        assert_eq!(first, outcomes(7).await);
        assert_ne!(first, outcomes(8).await);
    }

    #[tokio::test]
    async fn an_scp_can_deny_assume_root_into_members() {
        let org = builder().members(20).denied_members(3).build();
        let mut denied = 0;
        for member in active_members(&org) {
            if let Err(err) = org
                .assume_root(&member, AUDIT, SessionDuration::default())
                .await
            {
                assert_eq!(err.code(), Some("AccessDenied"));
                assert!(message(&err).contains("service control policy"), "{err}");
                denied += 1;
            }
        }
        assert_eq!(denied, 3);
        assert_eq!(org.stats().denied, 3);
    }

    #[tokio::test]
    async fn an_scp_can_deny_every_call_of_a_session_and_be_lifted() {
        let org = builder().build();
        let member = workload(&org);
        org.deny_root_sessions(&member, ScpDeny::EveryCall).unwrap();
        let audit = session(&org, member, AUDIT).await;
        let err = org.list_access_keys(&audit).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AccessDenied);
        assert!(message(&err).contains("service control policy"), "{err}");
        org.deny_root_sessions(&member, ScpDeny::AssumeRoot)
            .unwrap();
        assert_code(
            org.assume_root(&member, AUDIT, SessionDuration::default())
                .await,
            "AccessDenied",
            ErrorKind::AccessDenied,
        );
        org.allow_root_sessions(&member).unwrap();
        org.list_access_keys(&audit).await.unwrap();
        let management = org.management_account_id();
        assert!(
            org.deny_root_sessions(&management, ScpDeny::EveryCall)
                .is_err()
        );
    }

    #[tokio::test]
    async fn sessions_can_expire_before_their_announced_expiry() {
        let org = builder().session_lifetime(Duration::from_secs(30)).build();
        let audit = session(&org, workload(&org), AUDIT).await;
        org.get_user(&audit).await.unwrap();
        org.advance_clock(Duration::from_secs(31));
        assert!(!audit.is_expired_at(org.now()), "it announced 900 s");
        assert_code(
            org.get_user(&audit).await,
            "ExpiredToken",
            ErrorKind::SessionExpired,
        );
    }
}

/// Ground truth: determinism, the call log, counters, builder knobs, secrets, scale.
mod ground_truth {
    use super::*;
    use secrecy::ExposeSecret;

    /// Audits every ACTIVE member concurrently, each account's calls in order, and
    /// returns what it read.
    async fn audit_everything(org: &SimulatedOrg) -> Vec<(AccountId, String)> {
        org.list_accounts().await.ok();
        let mut tasks = tokio::task::JoinSet::new();
        for member in active_members(org) {
            let org = org.clone();
            tasks.spawn(async move {
                let read = match org
                    .assume_root(&member, AUDIT, SessionDuration::default())
                    .await
                {
                    Ok(s) => format!(
                        "{:?} {:?} {:?}",
                        org.get_login_profile(&s).await.map_err(|e| e.kind()),
                        org.list_access_keys(&s).await.map_err(|e| e.kind()),
                        org.list_mfa_devices(&s).await.map_err(|e| e.kind()),
                    ),
                    Err(e) => format!("{:?}", e.kind()),
                };
                (member, read)
            });
        }
        let mut reads = tasks.join_all().await;
        reads.sort();
        reads
    }

    /// Everything a run can be compared by, as JSON: the organization, the credentials,
    /// what the audit read, and the call log sorted (concurrent calls interleave).
    async fn fingerprint(seed: u64) -> String {
        let org = SimulatedOrg::builder()
            .members(40)
            .seed(seed)
            .suspended(2)
            .transient_failure_rate(0.2)
            .empty_page_rate(0.3)
            .build();
        let reads = audit_everything(&org).await;
        let credentials: Vec<_> = org
            .members()
            .iter()
            .map(|m| org.root_credentials(&m.account.id))
            .collect();
        let mut calls: Vec<String> = org
            .calls()
            .into_iter()
            .map(|mut c| {
                c.seq = 0;
                serde_json::to_string(&c).unwrap()
            })
            .collect();
        calls.sort();
        serde_json::to_string(&(org.members(), credentials, reads, calls)).unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn the_same_seed_gives_byte_identical_runs() {
        let first = fingerprint(11).await;
        assert_eq!(first, fingerprint(11).await);
        assert_ne!(first, fingerprint(12).await);
        assert!(first.contains("ServiceFailure") || first.contains("dispatch_failure"));
    }

    #[tokio::test]
    async fn the_call_log_separates_mutations_and_counts() {
        let org = builder().build();
        let member = workload(&org);
        org.set_credentials(&member, full_inventory(&member))
            .unwrap();
        audit_everything(&org).await;
        assert!(org.mutating_calls().is_empty(), "an audit mutates nothing");
        let audited = org.stats().calls;
        assert_eq!(audited as usize, org.calls().len());

        let delete = session(&org, member, DELETE).await;
        org.delete_access_key(&delete, "AKIDEXAMPLENEVER0002")
            .await
            .unwrap();
        let mutations = org.mutating_calls();
        assert_eq!(mutations.len(), 1);
        let record = &mutations[0];
        assert_eq!(record.operation, "DeleteAccessKey");
        assert_eq!(record.account_id, Some(member));
        assert_eq!(record.task_policy, Some(DELETE));
        assert_eq!(record.target.as_deref(), Some("AKIDEXAMPLENEVER0002"));
        assert!(record.is_ok());
        assert!(org.calls().windows(2).all(|w| w[0].seq + 1 == w[1].seq));

        org.clear_calls();
        assert!(org.calls().is_empty());
        assert_eq!(org.stats(), rootctl::sim::SimStats::default());
        org.get_user(&delete).await.unwrap();
        assert_eq!(
            org.calls()[0].seq,
            audited + 2,
            "sequence numbers keep counting"
        );
    }

    #[tokio::test]
    async fn no_secret_reaches_the_log_or_an_error() {
        let org = builder().build();
        let audit = session(&org, workload(&org), AUDIT).await;
        let credentials = audit.credentials();
        let secret = credentials.secret_access_key().expose_secret().to_owned();
        let token = credentials.session_token().expose_secret().to_owned();
        let key_id = credentials.access_key_id().to_owned();
        let err = org.delete_login_profile(&audit).await.unwrap_err();
        org.advance_clock(Duration::from_secs(901));
        let expired = org.get_user(&audit).await.unwrap_err();
        let text = format!(
            "{} {err} {err:?} {expired} {expired:?} {audit:?} {org:?}",
            serde_json::to_string(&org.calls()).unwrap()
        );
        for needle in [&secret, &token, &key_id] {
            assert!(!text.contains(needle.as_str()), "{needle} leaked");
        }
    }

    #[tokio::test]
    async fn builder_knobs_shape_the_organization() {
        let org = SimulatedOrg::builder()
            .members(200)
            .seed(3)
            .suspended(5)
            .pending_closure(4)
            .closed(3)
            .ou_layout(3, 2)
            .tag("env", &["prod", "dev"])
            .tag("team", &[])
            .build();
        let members = org.members();
        assert_eq!(members.len(), 200);
        let count =
            |state: AccountState| members.iter().filter(|m| m.account.state == state).count();
        assert_eq!(count(AccountState::Suspended), 5);
        assert_eq!(count(AccountState::PendingClosure), 4);
        assert_eq!(count(AccountState::Closed), 3);
        assert!(members.iter().all(|m| m.ou_path.split('/').count() <= 3));
        assert!(members.iter().any(|m| m.ou_path.split('/').count() == 3));
        assert!(
            members.iter().all(|m| {
                m.tags.len() == 1 && ["prod", "dev"].contains(&m.tags["env"].as_str())
            })
        );
        let id = org.organization_id();
        assert!(id.len() == 12 && id.starts_with("o-"));
        assert!(
            id[2..]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert_eq!(
            org.organization().management_account_id,
            org.management_account_id()
        );
        assert!(
            SimulatedOrg::builder()
                .without_tags()
                .build()
                .members()
                .iter()
                .all(|m| m.tags.is_empty())
        );
    }

    #[tokio::test]
    async fn the_example_is_a_small_org_still_to_set_up() {
        let org = SimulatedOrg::example();
        let members = org.members();
        assert_eq!(members.len(), 12);
        assert_eq!(org.features(), OrgFeatures::default());
        assert!(
            members
                .iter()
                .any(|m| m.account.state == AccountState::Suspended)
        );
        assert!(
            members
                .iter()
                .any(|m| m.account.state == AccountState::Closed)
        );
        let creds: Vec<_> = members
            .iter()
            .filter_map(|m| org.root_credentials(&m.account.id))
            .collect();
        assert!(creds.iter().any(|c| c.is_empty()) && creds.iter().any(|c| !c.is_empty()));
        assert!(creds.iter().any(|c| !c.access_keys.is_empty()));
        assert!(creds.iter().any(|c| c.password.is_some()));
        assert_eq!(org.members(), SimulatedOrg::example().members());
        // Still to set up: AssumeRoot fails until the feature is on.
        let err = org
            .assume_root(&workload(&org), AUDIT, SessionDuration::default())
            .await
            .unwrap_err();
        assert!(message(&err).contains("RootCredentialsManagement"), "{err}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_callers_share_one_consistent_organization() {
        let org = SimulatedOrg::builder()
            .members(300)
            .seed(5)
            .access_key_share(1.0)
            .build();
        let mut tasks = tokio::task::JoinSet::new();
        for member in active_members(&org) {
            let org = org.clone();
            tasks.spawn(async move {
                let delete = session(&org, member, DELETE).await;
                for key in org.list_access_keys(&delete).await.unwrap() {
                    org.delete_access_key(&delete, &key.id).await.unwrap();
                }
                member
            });
        }
        let done = tasks.join_all().await;
        assert_eq!(done.len(), 300);
        for member in done {
            assert!(
                org.root_credentials(&member)
                    .unwrap()
                    .access_keys
                    .is_empty()
            );
        }
        let deleted = org.mutating_calls().len();
        assert!(
            (300..=600).contains(&deleted),
            "one or two keys each: {deleted}"
        );
    }
}

#[tokio::test]
async fn random_throttling_hits_rate_limited_calls_only_and_changes_nothing() {
    let org = builder().throttle_rate(1.0).build();
    let target = workload(&org);
    let err = org.list_accounts().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Throttled, "{err}");
    let err = org
        .assume_root(&target, AUDIT, SessionDuration::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Throttled, "{err}");
    // GetCallerIdentity and the feature APIs have no limit, so none of it either.
    org.caller_identity().await.expect("caller");
    org.list_enabled_features().await.expect("features");
    assert_eq!(org.stats().throttled, 2);
}

/// The simulator names a resource in its own partition, as AWS does: a China queue's URL
/// is under `amazonaws.com.cn`, and an SCP naming `arn:aws-cn:` ARNs applies to the
/// bucket and queue calls made there.
mod partitions {
    use rootctl::{ErrorKind, RootS3, RootSqs, SessionDuration, TaskPolicy};

    use super::*;

    #[tokio::test]
    async fn china_resources_carry_their_partition() {
        let org = SimulatedOrg::builder().members(3).seed(8).build();
        let member = org.members()[0].account.id;
        let url = org
            .create_queue(&member, "jobs", "cn-north-1", None)
            .unwrap();
        assert_eq!(
            url,
            format!("https://sqs.cn-north-1.amazonaws.com.cn/{member}/jobs")
        );
        org.create_bucket(&member, "logs-cn", "cn-north-1", None)
            .unwrap();
        let deny = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Deny","Action":["s3:PutBucketPolicy","sqs:SetQueueAttributes"],
             "Resource":["arn:aws-cn:s3:::logs-cn","arn:aws-cn:sqs:cn-north-1:*:jobs"]}]}"#;
        org.attach_scp(&member.into(), deny).unwrap();
        let policy = r#"{"Statement":[]}"#;
        let s3 = org
            .assume_root(
                &member,
                TaskPolicy::S3UnlockBucketPolicy,
                SessionDuration::default(),
            )
            .await
            .unwrap();
        let err = RootS3::put_bucket_policy(&org, &s3, "cn-north-1", "logs-cn", policy)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AccessDenied, "{err}");
        let sqs = org
            .assume_root(
                &member,
                TaskPolicy::SqsUnlockQueuePolicy,
                SessionDuration::default(),
            )
            .await
            .unwrap();
        let err = RootSqs::set_queue_policy(&org, &sqs, "cn-north-1", &url, policy)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AccessDenied, "{err}");
    }
}
