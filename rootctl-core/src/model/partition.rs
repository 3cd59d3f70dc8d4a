//! [`Partition`]: the AWS partition a region belongs to, the second field of every ARN.
//!
//! ARNs rootctl builds (task policies, root users, the resources of its least-privilege
//! policies) must name the caller's partition: `arn:aws-cn:...` in China,
//! `arn:aws-us-gov:...` in GovCloud. AWS derives the partition from the region, and so
//! does rootctl.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An AWS partition.
///
/// ```
/// use rootctl::Partition;
///
/// assert_eq!(Partition::from_region("cn-north-1"), Partition::AwsCn);
/// assert_eq!(Partition::from_region("us-gov-west-1").as_str(), "aws-us-gov");
/// assert_eq!(Partition::from_region("eu-west-1"), Partition::Aws);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Partition {
    /// The commercial regions, `aws`.
    #[default]
    Aws,
    /// The China regions, `aws-cn`.
    AwsCn,
    /// AWS GovCloud (US), `aws-us-gov`.
    AwsUsGov,
    /// `aws-iso` (`us-iso-*`).
    AwsIso,
    /// `aws-iso-b` (`us-isob-*`).
    AwsIsoB,
    /// `aws-iso-e` (`eu-isoe-*`).
    AwsIsoE,
    /// `aws-iso-f` (`us-isof-*`).
    AwsIsoF,
}

impl Partition {
    /// The partition of `region`, by its prefix; `aws` for every region not in another
    /// partition (including ones AWS has not opened yet, which are commercial by default).
    pub fn from_region(region: &str) -> Self {
        // Each prefix ends at a hyphen, so none is a prefix of another (`us-iso-` does not
        // match `us-isob-1`) and the order does not matter.
        const PREFIXES: [(&str, Partition); 6] = [
            ("cn-", Partition::AwsCn),
            ("us-gov-", Partition::AwsUsGov),
            ("us-isob-", Partition::AwsIsoB),
            ("us-isof-", Partition::AwsIsoF),
            ("us-iso-", Partition::AwsIso),
            ("eu-isoe-", Partition::AwsIsoE),
        ];
        PREFIXES
            .into_iter()
            .find(|(prefix, _)| region.starts_with(prefix))
            .map_or(Partition::Aws, |(_, partition)| partition)
    }

    /// The partition's name as ARNs spell it, e.g. `aws-cn`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsIso => "aws-iso",
            Partition::AwsIsoB => "aws-iso-b",
            Partition::AwsIsoE => "aws-iso-e",
            Partition::AwsIsoF => "aws-iso-f",
        }
    }

    /// The region IAM, a global service, serves the partition from: the value of
    /// `aws:RequestedRegion` in an IAM call (`us-east-1` in `aws`). `None` where rootctl
    /// does not know it (the isolated partitions).
    pub const fn iam_region(self) -> Option<&'static str> {
        match self {
            Partition::Aws => Some("us-east-1"),
            Partition::AwsCn => Some("cn-north-1"),
            Partition::AwsUsGov => Some("us-gov-west-1"),
            _ => None,
        }
    }

    /// Every partition, for parsers that accept an ARN from any of them.
    pub const ALL: [Partition; 7] = [
        Partition::Aws,
        Partition::AwsCn,
        Partition::AwsUsGov,
        Partition::AwsIso,
        Partition::AwsIsoB,
        Partition::AwsIsoE,
        Partition::AwsIsoF,
    ];
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_map_to_their_partition() {
        let cases = [
            ("us-east-1", "aws"),
            ("eu-central-2", "aws"),
            ("cn-north-1", "aws-cn"),
            ("cn-northwest-1", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-gov-east-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
        ];
        for (region, partition) in cases {
            assert_eq!(
                Partition::from_region(region).as_str(),
                partition,
                "{region}"
            );
        }
        for partition in Partition::ALL {
            let json = serde_json::to_string(&partition).unwrap();
            assert_eq!(json, format!("\"{partition}\""));
        }
    }
}
