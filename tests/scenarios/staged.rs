//! The organization the enforcement scenarios run on: invited accounts holding root
//! credentials, created accounts without, a break-glass exception and an expired one,
//! and an excluded sandbox OU. The event fixtures (`tests/fixtures/events/`) name its
//! hand-made accounts by their fixed ids.

use std::fs::File;
use std::path::Path;

use chrono::{DateTime, NaiveDate};
use rootctl::sim::SimulatedOrg;
use rootctl::{
    AccessKey, AccountId, ApplyEnforcementOptions, CredentialKind, CredentialStatus,
    EnforceOptions, EnforcementPolicy, EnforcementReport, LoginProfile, MfaDevice, PolicyException,
    RootCredentials, Rootctl, SigningCertificate, Tags,
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

impl Staged {
    /// Whether the root user of `account` holds a password now (the simulator's truth).
    pub(super) fn has_password(&self, account: AccountId) -> bool {
        self.org
            .root_credentials(&account)
            .expect("a staged account")
            .password
            .is_some()
    }
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

/// [`staged`] and a client for it.
pub(super) fn staged_client() -> (Staged, Rootctl) {
    let s = staged();
    let rc = Rootctl::simulated(s.org.clone());
    (s, rc)
}

/// Options for a check (`dry_run`) or a run.
pub(super) fn enforce_options(dry_run: bool) -> EnforceOptions {
    EnforceOptions {
        dry_run,
        ..EnforceOptions::default()
    }
}

/// `policy` enforced by `rc` as a check (`dry_run`) or a run: its report.
pub(super) async fn enforce(
    rc: &Rootctl,
    policy: &EnforcementPolicy,
    dry_run: bool,
) -> EnforcementReport {
    rc.enforce(policy, enforce_options(dry_run))
        .await
        .expect("enforce runs")
}

/// The staged organization, a client for it, its [`policy`] and a check under that policy
/// (the preview a person reads before applying it).
pub(super) async fn previewed() -> (Staged, Rootctl, EnforcementPolicy, EnforcementReport) {
    let (s, rc) = staged_client();
    let policy = policy(&s);
    let preview = enforce(&rc, &policy, true).await;
    (s, rc, policy, preview)
}

/// Applies `preview` under `policy` with the default options.
pub(super) async fn apply_preview(
    rc: &Rootctl,
    policy: &EnforcementPolicy,
    preview: &EnforcementReport,
) -> rootctl::Result<EnforcementReport> {
    rc.apply_enforcement(policy, preview, ApplyEnforcementOptions::default())
        .await
}

/// Takes `dir/enforce.lock` the way another enforce process holding it would; the lock
/// is held until the file is dropped.
pub(super) fn hold_enforce_lock(dir: &Path) -> File {
    std::fs::create_dir_all(dir).unwrap();
    let held = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("enforce.lock"))
        .unwrap();
    held.try_lock().unwrap();
    held
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
