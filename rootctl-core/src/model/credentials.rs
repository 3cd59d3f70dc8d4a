//! The root user's credential inventory: password, access keys, MFA devices, certificates.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{CredentialKind, Timestamp};

/// The root user's console password (its IAM login profile). Only its existence and
/// creation date are knowable; the password itself never leaves AWS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginProfile {
    /// When the password was set.
    pub created: Timestamp,
    /// Whether a reset is required at next sign-in.
    pub password_reset_required: bool,
}

/// Whether an access key or certificate can be used.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CredentialStatus {
    /// Usable.
    Active,
    /// Present but unusable; it still counts as a credential to remove.
    Inactive,
    /// Expired (reported for some key types).
    Expired,
    /// A value this version of rootctl does not know (AWS enums are open).
    #[serde(untagged)]
    Unknown(String),
}

impl CredentialStatus {
    /// Parses the wire spelling (`Active`, `Inactive`, `Expired`).
    pub fn from_wire(value: &str) -> Self {
        match value {
            "Active" => CredentialStatus::Active,
            "Inactive" => CredentialStatus::Inactive,
            "Expired" => CredentialStatus::Expired,
            other => CredentialStatus::Unknown(other.to_owned()),
        }
    }

    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            CredentialStatus::Active => "Active",
            CredentialStatus::Inactive => "Inactive",
            CredentialStatus::Expired => "Expired",
            CredentialStatus::Unknown(other) => other,
        }
    }
}

impl fmt::Display for CredentialStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When and where an access key was last used (`GetAccessKeyLastUsed`).
///
/// AWS answers `N/A` for the service and region of a key never used; rootctl reports `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKeyLastUsed {
    /// Last use, or `None` if never used (or used before AWS started tracking, April 2015).
    pub date: Option<Timestamp>,
    /// The service last called with the key, e.g. `s3`.
    pub service: Option<String>,
    /// The region of that call.
    pub region: Option<String>,
}

impl AccessKeyLastUsed {
    /// Builds from the wire values, turning AWS's `N/A` placeholders into `None`.
    pub fn from_wire(date: Option<Timestamp>, service: Option<&str>, region: Option<&str>) -> Self {
        fn known(value: Option<&str>) -> Option<String> {
            value
                .filter(|v| !v.is_empty() && *v != "N/A")
                .map(str::to_owned)
        }
        Self {
            date,
            service: known(service),
            region: known(region),
        }
    }
}

/// An access key of the root user. The secret is never listed by AWS, nor here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKey {
    /// The access key id (`AKIA...`): an identifier, not the secret.
    pub id: String,
    /// Active or inactive.
    pub status: CredentialStatus,
    /// When the key was created.
    pub created: Option<Timestamp>,
    /// Last use, when it has been read (audits read it; a bare list does not).
    pub last_used: Option<AccessKeyLastUsed>,
}

/// The kind of an MFA device, derived from its serial number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MfaKind {
    /// A virtual (TOTP app) device: serial `arn:aws:iam::<acct>:mfa/<name>`.
    Virtual,
    /// A hardware TOTP token: a bare vendor serial such as `GAHT12345678`.
    Hardware,
    /// A FIDO security key or passkey: serial `arn:aws:iam::<acct>:u2f/...`.
    Passkey,
    /// Any other ARN-shaped serial this version of rootctl cannot classify.
    Unknown,
}

impl MfaKind {
    /// Classifies a device by the serial number `ListMFADevices` returns.
    pub fn from_serial(serial: &str) -> Self {
        if !serial.starts_with("arn:") {
            return if serial.is_empty() {
                MfaKind::Unknown
            } else {
                MfaKind::Hardware
            };
        }
        match serial.rsplit_once(':').map(|(_, resource)| resource) {
            Some(resource) if resource.starts_with("mfa/") => MfaKind::Virtual,
            Some(resource) if resource.starts_with("u2f/") => MfaKind::Passkey,
            _ => MfaKind::Unknown,
        }
    }

    /// `virtual`, `hardware`, `passkey` or `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            MfaKind::Virtual => "virtual",
            MfaKind::Hardware => "hardware",
            MfaKind::Passkey => "passkey",
            MfaKind::Unknown => "unknown",
        }
    }
}

impl fmt::Display for MfaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An MFA device enabled for the root user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaDevice {
    /// The serial number (an ARN for virtual devices and passkeys).
    pub serial: String,
    /// The kind, derived from the serial.
    pub kind: MfaKind,
    /// When the device was enabled.
    pub enabled: Option<Timestamp>,
}

impl MfaDevice {
    /// A device with its kind derived from `serial`.
    pub fn new(serial: impl Into<String>, enabled: Option<Timestamp>) -> Self {
        let serial = serial.into();
        Self {
            kind: MfaKind::from_serial(&serial),
            serial,
            enabled,
        }
    }
}

/// An X.509 signing certificate of the root user (used by a few legacy SOAP APIs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningCertificate {
    /// The certificate id.
    pub id: String,
    /// Active or inactive.
    pub status: CredentialStatus,
    /// When the certificate was uploaded.
    pub uploaded: Option<Timestamp>,
}

/// The root user as `GetUser` reports it inside a root session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootUser {
    /// `arn:aws:iam::<acct>:root`. The SDK may report an empty user name; the ARN is reliable.
    pub arn: String,
    /// The user id.
    pub user_id: String,
    /// When the root user was created.
    pub created: Option<Timestamp>,
    /// When the root password was last used to sign in, if ever.
    pub password_last_used: Option<Timestamp>,
}

/// The root-credential counters of `GetAccountSummary` (audit sessions only).
/// A key AWS leaves out counts as zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// `AccountPasswordPresent`.
    pub password_present: bool,
    /// `AccountAccessKeysPresent`.
    pub access_keys_present: u32,
    /// `AccountSigningCertificatesPresent`.
    pub signing_certificates_present: u32,
    /// `AccountMFAEnabled`.
    pub mfa_enabled: bool,
}

impl AccountSummary {
    /// Whether the summary counts at least one credential of `kind` (`AccountMFAEnabled`
    /// for MFA devices).
    pub fn shows(&self, kind: CredentialKind) -> bool {
        match kind {
            CredentialKind::Password => self.password_present,
            CredentialKind::AccessKey => self.access_keys_present > 0,
            CredentialKind::SigningCertificate => self.signing_certificates_present > 0,
            CredentialKind::MfaDevice => self.mfa_enabled,
        }
    }
}

/// Everything the root user of one account can sign in or call AWS with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootCredentials {
    /// The console password, if one exists.
    pub password: Option<LoginProfile>,
    /// Access keys.
    pub access_keys: Vec<AccessKey>,
    /// Signing certificates.
    pub signing_certificates: Vec<SigningCertificate>,
    /// MFA devices.
    pub mfa_devices: Vec<MfaDevice>,
}

impl RootCredentials {
    /// True when the root user has no password, key, certificate or MFA device.
    pub fn is_empty(&self) -> bool {
        self.password.is_none()
            && self.access_keys.is_empty()
            && self.signing_certificates.is_empty()
            && self.mfa_devices.is_empty()
    }

    /// The ids of the root user's credentials of `kind`: access key ids, certificate ids,
    /// MFA serials, and `password` for the password, which has none.
    pub fn ids(&self, kind: CredentialKind) -> Vec<&str> {
        match kind {
            CredentialKind::Password => self.password.iter().map(|_| "password").collect(),
            CredentialKind::AccessKey => self.access_keys.iter().map(|k| k.id.as_str()).collect(),
            CredentialKind::SigningCertificate => self
                .signing_certificates
                .iter()
                .map(|c| c.id.as_str())
                .collect(),
            CredentialKind::MfaDevice => {
                self.mfa_devices.iter().map(|d| d.serial.as_str()).collect()
            }
        }
    }

    /// Whether the root user holds at least one credential of `kind`.
    pub fn holds(&self, kind: CredentialKind) -> bool {
        !self.ids(kind).is_empty()
    }

    /// The summary AWS would report for this inventory, for cross-checking.
    pub fn summary(&self) -> AccountSummary {
        AccountSummary {
            password_present: self.password.is_some(),
            access_keys_present: self.access_keys.len() as u32,
            signing_certificates_present: self.signing_certificates.len() as u32,
            mfa_enabled: !self.mfa_devices.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mfa_kind_comes_from_the_serial() {
        assert_eq!(
            MfaKind::from_serial("arn:aws:iam::123456789012:mfa/root-account-mfa-device"),
            MfaKind::Virtual
        );
        assert_eq!(
            MfaKind::from_serial("arn:aws:iam::123456789012:u2f/root/YubiKey-ABC"),
            MfaKind::Passkey
        );
        assert_eq!(MfaKind::from_serial("GAHT12345678"), MfaKind::Hardware);
        assert_eq!(
            MfaKind::from_serial("arn:aws:iam::123456789012:something/else"),
            MfaKind::Unknown
        );
        assert_eq!(MfaKind::from_serial(""), MfaKind::Unknown);
    }

    #[test]
    fn last_used_maps_not_applicable_to_none() {
        let never = AccessKeyLastUsed::from_wire(None, Some("N/A"), Some("N/A"));
        assert_eq!(never, AccessKeyLastUsed::default());
        let used = AccessKeyLastUsed::from_wire(None, Some("s3"), Some("eu-west-1"));
        assert_eq!(used.service.as_deref(), Some("s3"));
        assert_eq!(used.region.as_deref(), Some("eu-west-1"));
    }

    #[test]
    fn summary_matches_inventory() {
        let creds = RootCredentials {
            password: None,
            access_keys: vec![AccessKey {
                id: "AKIDEXAMPLE000000001".into(),
                status: CredentialStatus::Inactive,
                created: None,
                last_used: None,
            }],
            signing_certificates: vec![],
            mfa_devices: vec![MfaDevice::new("GAHT12345678", None)],
        };
        assert!(!creds.is_empty());
        let summary = creds.summary();
        assert_eq!(summary.access_keys_present, 1);
        assert!(summary.mfa_enabled);
        assert!(!summary.password_present);
        assert!(RootCredentials::default().is_empty());
    }
}
