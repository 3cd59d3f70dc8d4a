//! [`CredentialKind`]: the four kinds of root credential rootctl audits and removes, and
//! [`CredentialKindSpec`], the one description of each.
//!
//! The enum and its table are generated from one list (`credential_kinds!` below), as
//! error kinds are: a new kind is one entry there plus its AWS calls (the [`RootIam`]
//! methods, their adapters, and the one `match` each in `ops::removal::calls` that maps
//! the kind to them).
//!
//! [`RootIam`]: crate::boundary::RootIam

use std::fmt;
use std::str::FromStr;

use super::named_enum::named_enum;
use crate::error::Error;

/// Everything rootctl knows about one [`CredentialKind`], from its entry in the kinds
/// table: its names, the IAM calls that read and remove it, and how `GetAccountSummary`
/// counts it. [`CredentialKind::spec`] returns it.
///
/// ```
/// use rootctl::CredentialKind;
///
/// let keys = CredentialKind::AccessKey.spec();
/// assert_eq!(keys.plural, "access_keys");
/// assert_eq!((keys.list_call, keys.remove_call), ("ListAccessKeys", "DeleteAccessKey"));
/// assert_eq!(keys.audit_calls, ["ListAccessKeys", "GetAccessKeyLastUsed"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CredentialKindSpec {
    /// The kind described.
    pub kind: CredentialKind,
    /// The singular snake_case name, e.g. `access_key`: its serde name and `Display`.
    pub name: &'static str,
    /// The plural name used to choose kinds (policies, the CLI, the audit CSV's column),
    /// e.g. `access_keys`; `password` stays singular: there is at most one.
    pub plural: &'static str,
    /// The IAM operation that reads the kind's credentials, e.g. `ListAccessKeys`; a
    /// removal reads with it before deleting.
    pub list_call: &'static str,
    /// Every IAM operation an audit makes for the kind, the list call first.
    pub audit_calls: &'static [&'static str],
    /// The IAM operation that removes one credential of the kind, e.g. `DeleteAccessKey`.
    pub remove_call: &'static str,
    /// The IAM actions a removal of the kind makes in a delete session, as policies name
    /// them: the read that finds it, then the call that removes it.
    pub removal_actions: [&'static str; 2],
    /// The `GetAccountSummary` key that says whether the kind is present.
    pub summary_key: &'static str,
}

/// Declares [`CredentialKind`] and its table from one list. The declaration order is the
/// removal order; each entry gives the kind's names, its IAM calls and its summary key.
macro_rules! credential_kinds {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident {
            name: $name:literal,
            plural: $plural:literal,
            list: $list:literal,
            $(audit_also: [$($also:literal),*],)?
            remove: $remove:literal,
            summary_key: $summary:literal,
        }
    )*) => {
        named_enum! {
            /// A kind of root-user credential. The declaration order is the removal
            /// order: password, access keys, signing certificates, then MFA last, so
            /// that a partial failure never leaves a password without its MFA
            /// (docs/aws-behaviour.md#root-session-iam).
            CredentialKind {
                $($(#[doc = $doc])* $variant = $name,)*
            }
        }

        /// One description per kind, in declaration (removal) order.
        const SPECS: [CredentialKindSpec; COUNT] = [$(
            CredentialKindSpec {
                kind: CredentialKind::$variant,
                name: $name,
                plural: $plural,
                list_call: $list,
                audit_calls: &[$list $($(, $also)*)?],
                remove_call: $remove,
                removal_actions: [concat!("iam:", $list), concat!("iam:", $remove)],
                summary_key: $summary,
            },
        )*];

        const COUNT: usize = [$(CredentialKind::$variant),*].len();

        /// The IAM actions of every kind's audit calls, in removal order.
        pub(crate) const AUDIT_ACTIONS: &[&str] =
            &[$(concat!("iam:", $list), $($(concat!("iam:", $also),)*)?)*];

        /// The IAM actions of every kind's removal: each kind's list call, then its
        /// remove call, in removal order.
        pub(crate) const REMOVAL_ACTIONS: &[&str] =
            &[$(concat!("iam:", $list), concat!("iam:", $remove),)*];

        impl CredentialKind {
            /// All kinds, in removal order.
            pub const ALL: [CredentialKind; COUNT] = [$(CredentialKind::$variant),*];
        }
    };
}

credential_kinds! {
    /// The console password (login profile).
    Password {
        name: "password",
        plural: "password",
        list: "GetLoginProfile",
        remove: "DeleteLoginProfile",
        summary_key: "AccountPasswordPresent",
    }
    /// An access key.
    AccessKey {
        name: "access_key",
        plural: "access_keys",
        list: "ListAccessKeys",
        audit_also: ["GetAccessKeyLastUsed"],
        remove: "DeleteAccessKey",
        summary_key: "AccountAccessKeysPresent",
    }
    /// An X.509 signing certificate.
    SigningCertificate {
        name: "signing_certificate",
        plural: "signing_certificates",
        list: "ListSigningCertificates",
        remove: "DeleteSigningCertificate",
        summary_key: "AccountSigningCertificatesPresent",
    }
    /// An MFA device (deactivated, not deleted).
    MfaDevice {
        name: "mfa_device",
        plural: "mfa_devices",
        list: "ListMFADevices",
        remove: "DeactivateMFADevice",
        summary_key: "AccountMFAEnabled",
    }
}

impl CredentialKind {
    /// The kind's description: its names, IAM calls and summary key.
    pub const fn spec(self) -> CredentialKindSpec {
        SPECS[self as usize]
    }

    /// The singular snake_case name, e.g. `access_key`.
    pub const fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// The plural name used to choose kinds, e.g. `access_keys` (`password` stays
    /// singular: there is at most one).
    pub const fn plural(self) -> &'static str {
        self.spec().plural
    }

    /// The plural names of every kind, comma-separated, in removal order: what the rules
    /// that ask for kinds list (`password, access_keys, signing_certificates, mfa_devices`).
    pub fn plural_names() -> String {
        CredentialKind::ALL.map(CredentialKind::plural).join(", ")
    }

    /// How many kinds there are, in words, as messages say it (`"four"`).
    pub(crate) fn count_in_words() -> &'static str {
        const WORDS: [&str; 10] = [
            "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ];
        WORDS.get(COUNT).copied().unwrap_or("the")
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
                    format!("must be one of {}", CredentialKind::plural_names()),
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
            assert_eq!(kind.spec().kind, kind);
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
        }
        let mut sorted = CredentialKind::ALL;
        sorted.sort();
        assert_eq!(sorted, CredentialKind::ALL);
        assert_eq!(*sorted.last().unwrap(), CredentialKind::MfaDevice);
        let err = "keys".parse::<CredentialKind>().unwrap_err();
        assert!(err.to_string().contains("\"keys\""), "{err}");
        assert!(
            err.to_string().contains(
                "must be one of password, access_keys, signing_certificates, mfa_devices"
            ),
            "{err}"
        );
        assert_eq!(CredentialKind::count_in_words(), "four");
    }

    #[test]
    fn action_lists_follow_the_table() {
        assert_eq!(
            AUDIT_ACTIONS,
            [
                "iam:GetLoginProfile",
                "iam:ListAccessKeys",
                "iam:GetAccessKeyLastUsed",
                "iam:ListSigningCertificates",
                "iam:ListMFADevices",
            ]
        );
        let removal: Vec<&str> = CredentialKind::ALL
            .iter()
            .flat_map(|k| k.spec().removal_actions)
            .collect();
        assert_eq!(REMOVAL_ACTIONS, removal);
        assert_eq!(
            CredentialKind::MfaDevice.spec().removal_actions,
            ["iam:ListMFADevices", "iam:DeactivateMFADevice"]
        );
    }
}
