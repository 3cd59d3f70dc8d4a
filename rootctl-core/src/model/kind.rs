//! [`CredentialKind`]: the four kinds of root credential rootctl audits and removes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// A kind of root-user credential. The declaration order is the removal order: password,
/// access keys, signing certificates, then MFA last, so that a partial failure never
/// leaves a password without its MFA (docs/aws.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// The console password (login profile).
    Password,
    /// An access key.
    AccessKey,
    /// An X.509 signing certificate.
    SigningCertificate,
    /// An MFA device (deactivated, not deleted).
    MfaDevice,
}

impl CredentialKind {
    /// All kinds, in removal order.
    pub const ALL: [CredentialKind; 4] = [
        CredentialKind::Password,
        CredentialKind::AccessKey,
        CredentialKind::SigningCertificate,
        CredentialKind::MfaDevice,
    ];

    /// The singular snake_case name, e.g. `access_key`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CredentialKind::Password => "password",
            CredentialKind::AccessKey => "access_key",
            CredentialKind::SigningCertificate => "signing_certificate",
            CredentialKind::MfaDevice => "mfa_device",
        }
    }

    /// The plural name used to choose kinds, e.g. `access_keys` (`password` stays
    /// singular: there is at most one).
    pub const fn plural(self) -> &'static str {
        match self {
            CredentialKind::Password => "password",
            CredentialKind::AccessKey => "access_keys",
            CredentialKind::SigningCertificate => "signing_certificates",
            CredentialKind::MfaDevice => "mfa_devices",
        }
    }
}

impl FromStr for CredentialKind {
    type Err = Error;

    /// Accepts the singular or plural name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CredentialKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.plural() == s)
            .ok_or_else(|| {
                Error::invalid_input(
                    "credential kind",
                    s,
                    "must be one of password, access_keys, signing_certificates, mfa_devices",
                )
            })
    }
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_order_is_the_removal_order() {
        for kind in CredentialKind::ALL {
            assert_eq!(kind.as_str().parse::<CredentialKind>().unwrap(), kind);
            assert_eq!(kind.plural().parse::<CredentialKind>().unwrap(), kind);
        }
        let mut sorted = CredentialKind::ALL;
        sorted.sort();
        assert_eq!(sorted, CredentialKind::ALL);
        assert_eq!(*sorted.last().unwrap(), CredentialKind::MfaDevice);
        let err = "keys".parse::<CredentialKind>().unwrap_err();
        assert!(err.to_string().contains("\"keys\""), "{err}");
    }
}
