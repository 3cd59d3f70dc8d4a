//! [`AccountId`]: a validated 12-digit AWS account id.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;
use crate::model::Partition;

/// An AWS account id: exactly 12 ASCII digits, leading zeros included.
///
/// Parsing is strict (no trimming, no sign, no separators) because an account id that is
/// "almost right" is most likely a typo for another account, and rootctl deletes things.
///
/// ```
/// use rootctl::AccountId;
///
/// let id: AccountId = "012345678901".parse()?;
/// assert_eq!(id.as_str(), "012345678901");
/// assert!("12345".parse::<AccountId>().is_err());
/// # Ok::<(), rootctl::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId([u8; 12]);

impl AccountId {
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored, so this cannot fail.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The ARN of this account's root user, `arn:aws:iam::<id>:root`.
    ///
    /// AssumeRoot sessions act as this principal; docs/aws-behaviour.md#root-session-iam identifies the root by it
    /// because the SDK may back-fill an empty `user_name`.
    pub fn root_arn(&self) -> String {
        self.root_arn_in(Partition::Aws)
    }

    /// The ARN of this account's root user in `partition`, e.g.
    /// `arn:aws-us-gov:iam::<id>:root` in GovCloud.
    pub fn root_arn_in(&self, partition: Partition) -> String {
        format!("arn:{partition}:iam::{}:root", self.as_str())
    }
}

impl FromStr for AccountId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = s.as_bytes();
        if bytes.len() != 12 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(Error::invalid_input(
                "account id",
                s,
                "must be exactly 12 ASCII digits (e.g. \"123456789012\")",
            ));
        }
        let mut digits = [0u8; 12];
        digits.copy_from_slice(bytes);
        Ok(Self(digits))
    }
}

impl TryFrom<&str> for AccountId {
    type Error = Error;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountId({})", self.as_str())
    }
}

impl Serialize for AccountId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AccountId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_twelve_digits_with_leading_zeros() {
        let id: AccountId = "000000000042".parse().unwrap();
        assert_eq!(id.to_string(), "000000000042");
        assert_eq!(id.root_arn(), "arn:aws:iam::000000000042:root");
        assert_eq!(
            id.root_arn_in(Partition::AwsCn),
            "arn:aws-cn:iam::000000000042:root"
        );
        assert_eq!(
            id.root_arn_in(Partition::AwsUsGov),
            "arn:aws-us-gov:iam::000000000042:root"
        );
    }

    #[test]
    fn rejects_malformed_ids_naming_value_and_rule() {
        for bad in [
            "12345",
            "12345678901a",
            " 123456789012",
            "123456789012 ",
            "1234567890123",
            "",
            "１２３４５６７８９０１２",
        ] {
            let err = bad.parse::<AccountId>().unwrap_err();
            assert!(
                matches!(err, Error::InvalidInput { .. }),
                "{bad:?}: {err:?}"
            );
            let text = err.to_string();
            assert!(text.contains(&format!("{bad:?}")), "{text}");
            assert!(text.contains("12 ASCII digits"), "{text}");
        }
    }

    #[test]
    fn serde_is_a_plain_string_and_validates() {
        let id: AccountId = "123456789012".parse().unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"123456789012\"");
        let back: AccountId = serde_json::from_str("\"123456789012\"").unwrap();
        assert_eq!(back, id);
        let err = serde_json::from_str::<AccountId>("\"1234\"").unwrap_err();
        assert!(err.to_string().contains("12 ASCII digits"));
        assert!(serde_json::from_str::<AccountId>("123456789012").is_err());
    }
}
