//! The published controls that a member's root credentials decide, and how rootctl
//! decides each one from an audited inventory. The page and the findings both read this
//! one table; where each rule comes from is in docs/compliance.md#controls.

use serde::Serialize;

use crate::model::{CredentialKind, MfaKind, RootCredentials};

/// One control of a published framework that root credentials bear on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Control {
    /// A stable id: the framework's short name and the requirement, e.g. `CIS-7.0-2.4`.
    pub id: &'static str,
    /// The framework, e.g. `CIS AWS Foundations Benchmark v7.0`.
    pub framework: &'static str,
    /// The requirement's number or name in its framework, e.g. `2.4` or `IAM.4`.
    pub requirement: &'static str,
    /// The requirement's title.
    pub title: &'static str,
    /// What in an inventory decides it.
    pub test: ControlTest,
    /// The credential kinds whose presence can change the verdict.
    pub kinds: &'static [CredentialKind],
}

/// How a [`Control`] is decided for one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ControlTest {
    /// Passes when the root user holds no credential at all, or the account is excepted
    /// (CIS v7.0 2.1.1 lets the organization manage the credentials that remain
    /// centrally). For the organization, it also needs both features and trusted
    /// access on, when they were read.
    CentralizedRootAccess,
    /// Fails while the root user holds any credential of [`Control::kinds`].
    NoneOf,
    /// CIS's reading: a root user with no password needs no MFA (not applicable); one
    /// with a password needs an MFA device, a hardware one when `hardware`.
    PasswordHasMfa {
        /// Only a device that is not virtual counts.
        hardware: bool,
    },
    /// The AWS rule's reading (`AccountMFAEnabled`): fails without an MFA device (without
    /// a non-virtual one when `hardware`), whether or not a password exists.
    MfaPresent {
        /// Only a device that is not virtual counts, and no virtual device may be there.
        hardware: bool,
    },
}

/// A control's verdict for one account or for the organization, ordered from the best
/// to the worst (the organization's verdict is its worst account's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    /// The control does not apply (e.g. root MFA where there is no password).
    NotApplicable,
    /// The evidence satisfies the control.
    Passed,
    /// The account was not audited, so the control could not be decided.
    Unknown,
    /// The evidence breaks the control.
    Failed,
}

impl ControlStatus {
    /// The status's lowercase name, e.g. `not_applicable`.
    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Passed => "passed",
            ControlStatus::NotApplicable => "not_applicable",
            ControlStatus::Unknown => "unknown",
            ControlStatus::Failed => "failed",
        }
    }
}

const CIS: &str = "CIS AWS Foundations Benchmark v7.0";
const CONFIG: &str = "AWS Config managed rule";
const SECURITY_HUB: &str = "AWS Security Hub CSPM";
const ALL_KINDS: &[CredentialKind] = &[
    CredentialKind::Password,
    CredentialKind::AccessKey,
    CredentialKind::SigningCertificate,
    CredentialKind::MfaDevice,
];
const KEYS: &[CredentialKind] = &[CredentialKind::AccessKey];
const MFA: &[CredentialKind] = &[CredentialKind::Password, CredentialKind::MfaDevice];

/// The controls rootctl maps, in the order the page shows them.
pub const CONTROLS: &[Control] = &[
    Control {
        id: "CIS-7.0-2.1.1",
        framework: CIS,
        requirement: "2.1.1",
        title: "Ensure centralized root access management is enabled",
        test: ControlTest::CentralizedRootAccess,
        kinds: ALL_KINDS,
    },
    Control {
        id: "CIS-7.0-2.4",
        framework: CIS,
        requirement: "2.4",
        title: "Ensure no 'root' user account access key exists",
        test: ControlTest::NoneOf,
        kinds: KEYS,
    },
    Control {
        id: "CIS-7.0-2.5",
        framework: CIS,
        requirement: "2.5",
        title: "Ensure MFA is enabled for the 'root' user account",
        test: ControlTest::PasswordHasMfa { hardware: false },
        kinds: MFA,
    },
    Control {
        id: "CIS-7.0-2.6",
        framework: CIS,
        requirement: "2.6",
        title: "Ensure hardware MFA is enabled for the 'root' user account",
        test: ControlTest::PasswordHasMfa { hardware: true },
        kinds: MFA,
    },
    Control {
        id: "Config-iam-root-access-key-check",
        framework: CONFIG,
        requirement: "iam-root-access-key-check",
        title: "The root user has no access key",
        test: ControlTest::NoneOf,
        kinds: KEYS,
    },
    Control {
        id: "Config-root-account-mfa-enabled",
        framework: CONFIG,
        requirement: "root-account-mfa-enabled",
        title: "The root user has MFA enabled",
        test: ControlTest::MfaPresent { hardware: false },
        kinds: MFA,
    },
    Control {
        id: "SecurityHub-IAM.4",
        framework: SECURITY_HUB,
        requirement: "IAM.4",
        title: "IAM root user access key should not exist",
        test: ControlTest::NoneOf,
        kinds: KEYS,
    },
    Control {
        id: "SecurityHub-IAM.6",
        framework: SECURITY_HUB,
        requirement: "IAM.6",
        title: "Hardware MFA should be enabled for the root user",
        test: ControlTest::MfaPresent { hardware: true },
        kinds: MFA,
    },
];

impl Control {
    /// The control with this id, e.g. `SecurityHub-IAM.4`.
    pub fn by_id(id: &str) -> Option<&'static Control> {
        CONTROLS.iter().find(|c| c.id == id)
    }

    /// This control's verdict for one account: `credentials` is its audited inventory
    /// (`None`: not audited), and `excepted` whether an enforcement policy lets it keep
    /// what it holds.
    pub fn evaluate(&self, credentials: Option<&RootCredentials>, excepted: bool) -> ControlStatus {
        let Some(creds) = credentials else {
            return ControlStatus::Unknown;
        };
        let passed = |ok: bool| {
            if ok {
                ControlStatus::Passed
            } else {
                ControlStatus::Failed
            }
        };
        match self.test {
            ControlTest::CentralizedRootAccess => passed(excepted || creds.is_empty()),
            ControlTest::NoneOf => passed(self.kinds.iter().all(|&k| !creds.holds(k))),
            ControlTest::PasswordHasMfa { .. } if creds.password.is_none() => {
                ControlStatus::NotApplicable
            }
            ControlTest::PasswordHasMfa { hardware } | ControlTest::MfaPresent { hardware } => {
                match has_mfa(creds, hardware) {
                    Some(ok) => passed(ok),
                    None => ControlStatus::Unknown,
                }
            }
        }
    }

    /// The organization's verdict from the accounts' verdicts: failed if any account
    /// failed, else unknown if any was not decided, else passed if any passed (not
    /// applicable when none applies). For [`ControlTest::CentralizedRootAccess`],
    /// `features_on` (both features and trusted access, when read) must not be `false`.
    pub fn overall(
        &self,
        accounts: impl IntoIterator<Item = ControlStatus>,
        features_on: Option<bool>,
    ) -> ControlStatus {
        let worst = accounts.into_iter().max();
        let features_failed =
            self.test == ControlTest::CentralizedRootAccess && features_on == Some(false);
        if features_failed {
            return ControlStatus::Failed;
        }
        match worst {
            None => ControlStatus::NotApplicable,
            Some(status) => status,
        }
    }
}

/// Whether an MFA device is there; with `hardware`, at least one that is not virtual and
/// none that is (Security Hub IAM.6 fails when the root user uses a virtual device).
/// `None` when that turns on a device rootctl cannot classify ([`MfaKind::Unknown`]): it
/// may be virtual, so no hardware control passes on it.
fn has_mfa(creds: &RootCredentials, hardware: bool) -> Option<bool> {
    let kinds = || creds.mfa_devices.iter().map(|d| d.kind);
    if !hardware {
        return Some(kinds().next().is_some());
    }
    if kinds().any(|k| k == MfaKind::Virtual) {
        return Some(false);
    }
    if kinds().any(|k| k == MfaKind::Unknown) {
        return None;
    }
    Some(kinds().next().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccessKey, CredentialStatus, LoginProfile, MfaDevice};

    fn creds(password: bool, keys: usize, mfa: &[&str]) -> RootCredentials {
        RootCredentials {
            password: password.then(|| LoginProfile {
                created: chrono::Utc::now(),
                password_reset_required: false,
            }),
            access_keys: (0..keys)
                .map(|i| AccessKey {
                    id: format!("AKIA{i}"),
                    status: CredentialStatus::Active,
                    created: None,
                    last_used: None,
                })
                .collect(),
            signing_certificates: vec![],
            mfa_devices: mfa.iter().map(|s| MfaDevice::new(*s, None)).collect(),
        }
    }

    fn verdicts(c: &RootCredentials, excepted: bool) -> Vec<(&'static str, &'static str)> {
        CONTROLS
            .iter()
            .map(|control| (control.id, control.evaluate(Some(c), excepted).as_str()))
            .collect()
    }

    const VIRTUAL: &str = "arn:aws:iam::111122223333:mfa/root-account-mfa-device";
    const TOKEN: &str = "GAHT12345678";

    /// Verdicts reasoned by hand from each control's text (docs/compliance.md#controls):
    /// CIS says root MFA is neither possible nor necessary without root credentials; the
    /// AWS rules read `AccountMFAEnabled` and fail then.
    #[test]
    fn verdicts_follow_each_controls_text() {
        let clean = creds(false, 0, &[]);
        assert_eq!(
            verdicts(&clean, false),
            [
                ("CIS-7.0-2.1.1", "passed"),
                ("CIS-7.0-2.4", "passed"),
                ("CIS-7.0-2.5", "not_applicable"),
                ("CIS-7.0-2.6", "not_applicable"),
                ("Config-iam-root-access-key-check", "passed"),
                ("Config-root-account-mfa-enabled", "failed"),
                ("SecurityHub-IAM.4", "passed"),
                ("SecurityHub-IAM.6", "failed"),
            ]
        );
        let password_and_key = creds(true, 1, &[VIRTUAL]);
        assert_eq!(
            verdicts(&password_and_key, false),
            [
                ("CIS-7.0-2.1.1", "failed"),
                ("CIS-7.0-2.4", "failed"),
                ("CIS-7.0-2.5", "passed"),
                ("CIS-7.0-2.6", "failed"),
                ("Config-iam-root-access-key-check", "failed"),
                ("Config-root-account-mfa-enabled", "passed"),
                ("SecurityHub-IAM.4", "failed"),
                ("SecurityHub-IAM.6", "failed"),
            ]
        );
        // A break-glass account: password and hardware token, excepted by the policy.
        let break_glass = creds(true, 0, &[TOKEN]);
        assert_eq!(
            verdicts(&break_glass, true),
            [
                ("CIS-7.0-2.1.1", "passed"),
                ("CIS-7.0-2.4", "passed"),
                ("CIS-7.0-2.5", "passed"),
                ("CIS-7.0-2.6", "passed"),
                ("Config-iam-root-access-key-check", "passed"),
                ("Config-root-account-mfa-enabled", "passed"),
                ("SecurityHub-IAM.4", "passed"),
                ("SecurityHub-IAM.6", "passed"),
            ]
        );
        // The same account without its exception breaks 2.1.1 only.
        assert_eq!(
            verdicts(&break_glass, false)[0],
            ("CIS-7.0-2.1.1", "failed")
        );
        // A password alone: no MFA of any kind.
        let bare = verdicts(&creds(true, 0, &[]), false);
        assert_eq!(bare[2], ("CIS-7.0-2.5", "failed"));
        // A token beside a virtual device: IAM.6 fails on the virtual one.
        let both = verdicts(&creds(true, 0, &[TOKEN, VIRTUAL]), false);
        assert_eq!(both[7], ("SecurityHub-IAM.6", "failed"));
        assert_eq!(both[3], ("CIS-7.0-2.6", "failed"));
    }

    #[test]
    fn an_account_not_audited_decides_nothing() {
        for control in CONTROLS {
            assert_eq!(control.evaluate(None, false), ControlStatus::Unknown);
        }
    }

    #[test]
    fn the_organizations_verdict_is_its_worst_account_and_2_1_1_needs_the_features() {
        use ControlStatus::*;
        let keys = Control::by_id("CIS-7.0-2.4").unwrap();
        assert_eq!(keys.overall([Passed, Failed, Unknown], None), Failed);
        assert_eq!(keys.overall([Passed, Unknown], None), Unknown);
        assert_eq!(keys.overall([Passed, NotApplicable], None), Passed);
        assert_eq!(keys.overall([], None), NotApplicable);
        // The features matter to 2.1.1 alone.
        assert_eq!(keys.overall([Passed], Some(false)), Passed);
        let central = Control::by_id("CIS-7.0-2.1.1").unwrap();
        assert_eq!(central.overall([Passed], Some(false)), Failed);
        assert_eq!(central.overall([Passed], Some(true)), Passed);
        assert_eq!(central.overall([Passed], None), Passed);
    }

    /// Red team: a device rootctl cannot classify (`MfaKind::Unknown`: an ARN-shaped
    /// serial that is neither `mfa/` nor `u2f/`, or an empty serial) is counted as a
    /// hardware device, so CIS 2.6 and Security Hub IAM.6 say PASSED on evidence that
    /// does not show hardware MFA. An undecided device should decide nothing (unknown).
    #[test]
    fn redteam_an_unclassified_mfa_device_is_not_hardware_mfa() {
        for serial in ["arn:aws:iam::111122223333:sms-mfa/root", ""] {
            let unknown = creds(true, 0, &[serial]);
            assert_eq!(unknown.mfa_devices[0].kind, MfaKind::Unknown, "{serial:?}");
            for id in ["CIS-7.0-2.6", "SecurityHub-IAM.6"] {
                let status = Control::by_id(id).unwrap().evaluate(Some(&unknown), false);
                assert_ne!(
                    status,
                    ControlStatus::Passed,
                    "{id} passes on an unclassified device {serial:?}"
                );
            }
        }
    }

    #[test]
    fn ids_are_unique_and_name_their_requirement() {
        let mut ids: Vec<&str> = CONTROLS.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CONTROLS.len());
        for control in CONTROLS {
            assert!(control.id.ends_with(control.requirement), "{}", control.id);
        }
    }
}
