//! The organization the enforcement scenarios run on: invited accounts holding root
//! credentials, created accounts without, a break-glass exception and an expired one,
//! and an excluded sandbox OU. The event fixtures (`tests/fixtures/events/`) name its
//! hand-made accounts by their fixed ids.

use chrono::{DateTime, NaiveDate};
use rootctl::sim::SimulatedOrg;
use rootctl::{
    AccessKey, AccountId, CredentialKind, CredentialStatus, EnforcementPolicy, LoginProfile,
    MfaDevice, PolicyException, RootCredentials, SigningCertificate, Tags,
};

/// The staged organization's accounts, by role.
pub(super) struct Staged {
    pub org: SimulatedOrg,
    /// Invited, with a password, keys, a certificate and MFA.
    pub invited: AccountId,
    /// Created in the organization: no root credentials.
    pub created: AccountId,
    /// Invited with one access key, later moved into the workloads OU.
    pub moved: AccountId,
    /// A break-glass account: password and hardware MFA kept by an exception, plus a key.
    pub break_glass: AccountId,
    /// Password and MFA under an exception that has expired.
    pub expired: AccountId,
    /// In the sandbox OU, which the policy excludes; holds a password.
    pub sandbox: AccountId,
}

fn date(secs: i64) -> DateTime<chrono::Utc> {
    DateTime::from_timestamp(secs, 0).expect("a valid time")
}

fn password() -> Option<LoginProfile> {
    Some(LoginProfile {
        created: date(1_600_000_000),
        password_reset_required: false,
    })
}

fn key(n: u32) -> AccessKey {
    AccessKey {
        id: format!("AKIDENFORCE{n:09}"),
        status: CredentialStatus::Active,
        created: Some(date(1_600_000_000)),
        last_used: None,
    }
}

fn mfa(account: AccountId, hardware: bool) -> MfaDevice {
    let serial = if hardware {
        "GAHT12345678".to_owned()
    } else {
        format!("arn:aws:iam::{account}:mfa/root-account-mfa-device")
    };
    MfaDevice::new(serial, Some(date(1_600_000_000)))
}

/// Three generated members without credentials (accounts AWS created after the feature
/// was on), then six hand-made accounts with fixed ids (the event fixtures name them).
pub(super) fn staged() -> Staged {
    let org = SimulatedOrg::builder()
        .members(3)
        .seed(15)
        .password_share(0.0)
        .access_key_share(0.0)
        .signing_certificate_share(0.0)
        .mfa_share(0.0)
        .build();
    let root = org.organization_root();
    let workloads = org.create_organizational_unit(&root, "Workloads").unwrap();
    let sandbox_ou = org.create_organizational_unit(&root, "Sandbox").unwrap();
    let add = |name: &str, parent| org.create_account(name, parent, Tags::new()).unwrap();
    let invited = add("invited-legacy", &workloads);
    let created = add("created-new", &workloads);
    let moved = add("moved-in", &workloads);
    let break_glass = add("break-glass", &root);
    let expired = add("old-break-glass", &root);
    let sandbox = add("sandbox-1", &sandbox_ou);
    let set = |account, creds| org.set_credentials(&account, creds).unwrap();
    set(
        invited,
        RootCredentials {
            password: password(),
            access_keys: vec![key(1), key(2)],
            signing_certificates: vec![SigningCertificate {
                id: "CERTENFORCE00000000000000000000001".into(),
                status: CredentialStatus::Active,
                uploaded: Some(date(1_600_000_000)),
            }],
            mfa_devices: vec![mfa(invited, false)],
        },
    );
    set(
        moved,
        RootCredentials {
            access_keys: vec![key(3)],
            ..RootCredentials::default()
        },
    );
    set(
        break_glass,
        RootCredentials {
            password: password(),
            access_keys: vec![key(4)],
            mfa_devices: vec![mfa(break_glass, true)],
            ..RootCredentials::default()
        },
    );
    set(
        expired,
        RootCredentials {
            password: password(),
            mfa_devices: vec![mfa(expired, false)],
            ..RootCredentials::default()
        },
    );
    set(
        sandbox,
        RootCredentials {
            password: password(),
            ..RootCredentials::default()
        },
    );
    Staged {
        org,
        invited,
        created,
        moved,
        break_glass,
        expired,
        sandbox,
    }
}

/// Everything but the sandbox OU; break-glass keeps its password and MFA until 2099,
/// the old break-glass exception ended in 2020.
pub(super) fn policy(staged: &Staged) -> EnforcementPolicy {
    let sandbox_ou = staged
        .org
        .members()
        .into_iter()
        .find(|m| m.account.id == staged.sandbox)
        .map(|m| m.parent)
        .expect("the sandbox account has a parent");
    let keep = [CredentialKind::Password, CredentialKind::MfaDevice];
    let mut policy = EnforcementPolicy::default();
    policy.selection = policy.selection.exclude_ou(sandbox_ou);
    policy.exceptions = vec![
        PolicyException::new(
            staged.break_glass,
            "break-glass, hardware MFA in the safe",
            keep,
        )
        .unwrap()
        .expires(NaiveDate::from_ymd_opt(2099, 12, 31).unwrap()),
        PolicyException::new(staged.expired, "migration window", keep)
            .unwrap()
            .expires(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()),
    ];
    policy
}
