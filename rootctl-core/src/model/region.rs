//! The regions a member account has enabled, as AWS Account Management's `ListRegions`
//! reports them: where a queue can exist, so where the unlock search lists queues.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The service principal of AWS Account Management. Trusted access for it lets the
/// management account (or its delegated administrator for this service) call
/// `account:ListRegions` with a member's `AccountId` (docs/unlock-regions.md).
pub const ACCOUNT_SERVICE_PRINCIPAL: &str = "account.amazonaws.com";

/// A region's opt-in status in one account (`RegionOptStatus`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RegionOptStatus {
    /// An opt-in region the account has enabled.
    Enabled,
    /// A region every account has, which cannot be disabled.
    EnabledByDefault,
    /// Being enabled: not usable yet.
    Enabling,
    /// Being disabled.
    Disabling,
    /// An opt-in region the account has not enabled.
    Disabled,
    /// A status this version does not know, as AWS sent it.
    #[serde(untagged)]
    Other(String),
}

impl RegionOptStatus {
    /// The status as AWS spells it (`ENABLED_BY_DEFAULT`).
    pub fn as_str(&self) -> &str {
        match self {
            RegionOptStatus::Enabled => "ENABLED",
            RegionOptStatus::EnabledByDefault => "ENABLED_BY_DEFAULT",
            RegionOptStatus::Enabling => "ENABLING",
            RegionOptStatus::Disabling => "DISABLING",
            RegionOptStatus::Disabled => "DISABLED",
            RegionOptStatus::Other(other) => other,
        }
    }

    /// Reads a status as AWS sends it, in either case; an unknown one is kept as `Other`.
    pub fn parse(text: &str) -> Self {
        match text.to_ascii_uppercase().as_str() {
            "ENABLED" => RegionOptStatus::Enabled,
            "ENABLED_BY_DEFAULT" => RegionOptStatus::EnabledByDefault,
            "ENABLING" => RegionOptStatus::Enabling,
            "DISABLING" => RegionOptStatus::Disabling,
            "DISABLED" => RegionOptStatus::Disabled,
            _ => RegionOptStatus::Other(text.to_owned()),
        }
    }

    /// Whether the account can use the region now: enabled, by default or by opt-in.
    /// (One being enabled is not usable yet; one being disabled no longer is.)
    pub fn in_use(&self) -> bool {
        matches!(
            self,
            RegionOptStatus::Enabled | RegionOptStatus::EnabledByDefault
        )
    }
}

impl fmt::Display for RegionOptStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One region of one account and its opt-in status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRegion {
    /// The region name (`eu-west-1`).
    pub name: String,
    /// Its opt-in status in the account.
    pub status: RegionOptStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_in_either_case_and_keep_unknown_ones() {
        assert_eq!(
            RegionOptStatus::parse("ENABLED_BY_DEFAULT"),
            RegionOptStatus::EnabledByDefault
        );
        assert_eq!(RegionOptStatus::parse("enabled"), RegionOptStatus::Enabled);
        let other = RegionOptStatus::parse("PAUSED");
        assert_eq!(other, RegionOptStatus::Other("PAUSED".into()));
        assert_eq!(other.as_str(), "PAUSED");
        assert!(!other.in_use());
        let in_use: Vec<&str> = [
            "ENABLED",
            "ENABLED_BY_DEFAULT",
            "ENABLING",
            "DISABLING",
            "DISABLED",
        ]
        .into_iter()
        .filter(|s| RegionOptStatus::parse(s).in_use())
        .collect();
        assert_eq!(in_use, ["ENABLED", "ENABLED_BY_DEFAULT"]);
    }
}
