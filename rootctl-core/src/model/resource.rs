//! Resources whose policy a root session may unlock: S3 buckets and SQS queues.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::TaskPolicy;

/// A service with resource policies that centralized root access can unlock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceService {
    /// Amazon S3 bucket policies (`S3UnlockBucketPolicy`).
    S3,
    /// Amazon SQS queue policies (`SQSUnlockQueuePolicy`).
    Sqs,
}

impl ResourceService {
    /// Both services, S3 first.
    pub const ALL: [ResourceService; 2] = [ResourceService::S3, ResourceService::Sqs];

    /// `s3` or `sqs`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ResourceService::S3 => "s3",
            ResourceService::Sqs => "sqs",
        }
    }

    /// The task policy whose root session may read and change this service's policies.
    pub const fn task_policy(self) -> TaskPolicy {
        match self {
            ResourceService::S3 => TaskPolicy::S3UnlockBucketPolicy,
            ResourceService::Sqs => TaskPolicy::SqsUnlockQueuePolicy,
        }
    }

    /// The IAM actions that read or change the resource's policy: what a lock must deny
    /// to keep everyone out of the policy itself.
    pub const fn policy_actions(self) -> &'static [&'static str] {
        match self {
            ResourceService::S3 => &[
                "s3:GetBucketPolicy",
                "s3:PutBucketPolicy",
                "s3:DeleteBucketPolicy",
            ],
            ResourceService::Sqs => &["sqs:GetQueueAttributes", "sqs:SetQueueAttributes"],
        }
    }
}

impl FromStr for ResourceService {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "s3" => Ok(ResourceService::S3),
            "sqs" => Ok(ResourceService::Sqs),
            _ => Err(Error::invalid_input(
                "service",
                s,
                "must be \"s3\" or \"sqs\"",
            )),
        }
    }
}

impl fmt::Display for ResourceService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so tables can align it (`{:<3}`).
        f.pad(self.as_str())
    }
}

/// A bucket as `ListBuckets` reports it inside a root session.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BucketInfo {
    /// The bucket name.
    pub name: String,
    /// The bucket's region (`BucketRegion`); every call on the bucket goes there.
    pub region: String,
}

/// A queue as `ListQueues` reports it inside a root session.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QueueInfo {
    /// The queue URL, which every SQS call on the queue names.
    pub url: String,
    /// The queue's region (the region `ListQueues` was sent to).
    pub region: String,
}

impl QueueInfo {
    /// The queue name: the last segment of its URL.
    pub fn name(&self) -> &str {
        self.url.rsplit('/').next().unwrap_or(&self.url)
    }
}

/// Checks a region name (`us-east-1`): lowercase letters, digits and dashes, the form
/// every AWS region has, so nothing odd reaches an endpoint name or a file name.
pub fn check_region_name(region: &str) -> crate::error::Result<()> {
    let ok = !region.is_empty()
        && region.len() <= 32
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && region.contains('-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "region",
            region,
            "must be an AWS region name such as \"us-east-1\"",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_parse_and_name_their_task_policy() {
        for service in ResourceService::ALL {
            assert_eq!(
                service.as_str().parse::<ResourceService>().unwrap(),
                service
            );
        }
        assert_eq!(
            ResourceService::Sqs.task_policy(),
            TaskPolicy::SqsUnlockQueuePolicy
        );
        assert!("S3".parse::<ResourceService>().is_err());
        assert_eq!(
            serde_json::to_string(&ResourceService::Sqs).unwrap(),
            "\"sqs\""
        );
    }

    #[test]
    fn regions_are_checked() {
        assert!(check_region_name("eu-west-1").is_ok());
        for bad in ["", "EU-WEST-1", "../etc", "useast1"] {
            assert!(check_region_name(bad).is_err(), "{bad}");
        }
        let queue = QueueInfo {
            url: "https://sqs.us-east-1.amazonaws.com/111122223333/jobs".into(),
            region: "us-east-1".into(),
        };
        assert_eq!(queue.name(), "jobs");
    }
}
