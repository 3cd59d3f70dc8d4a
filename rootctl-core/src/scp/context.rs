//! The request context of a root session's call: the condition keys AWS sets for it,
//! which of them rootctl knows, which are surely absent, and which it cannot know.

use std::collections::BTreeMap;

use super::pattern::UnnamedResource;
use crate::model::{AccountId, Partition};

/// What the request context holds for one condition key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyValue {
    /// The key is present with these values (one, for a single-valued key).
    Known(Vec<String>),
    /// The key is surely not in the request context.
    Absent,
    /// The key may be present, with a value that cannot be known before the call.
    Unknown,
}

/// The resource a call acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resource {
    /// A known ARN, e.g. the root user `arn:aws:iam::111111111111:root`.
    Arn(String),
    /// A bucket or queue of the account not named yet: its ARN is known in part, and a
    /// pattern is matched against each part on its own (see [`UnnamedResource`]).
    Unnamed(UnnamedResource),
    /// An action without resource-level permissions (`iam:GetAccountSummary`,
    /// `s3:ListAllMyBuckets`): AWS matches it only by a `"*"` resource, so a statement
    /// naming specific resources never applies to it; `prefix` is the service's ARN
    /// prefix, kept for reports.
    Unscoped(String),
}

/// One call to judge: its action and resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The action as policies name it, e.g. `iam:GetAccountSummary`.
    pub action: String,
    /// What it acts on.
    pub resource: Resource,
}

/// The request context: condition keys (case-insensitive) and what is known of each.
///
/// A key not listed is [`KeyValue::Unknown`]: rootctl never guesses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// Lowercase key -> (the key as set, its value).
    keys: BTreeMap<String, (String, KeyValue)>,
    /// Key prefixes (`aws:principaltag/`) whose every key has one answer.
    prefixes: Vec<(String, KeyValue)>,
    /// What every other key holds: unknown, unless [`absent_unless_set`] said otherwise.
    ///
    /// [`absent_unless_set`]: RequestContext::absent_unless_set
    others_absent: bool,
}

/// Where a root session's call is sent, as far as it is known beforehand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootSessionCall {
    /// The member account.
    pub account_id: AccountId,
    /// Its partition.
    pub partition: Partition,
    /// The organization id, `o-...`.
    pub organization_id: String,
    /// The account's path, `o-.../r-.../ou-.../` (the OUs above it).
    pub organization_path: String,
    /// `aws:RequestedRegion`, when known (IAM: the partition's IAM region).
    pub region: Option<String>,
    /// Whether the resource's tags are known to be none (the root user has none); when
    /// false, `aws:ResourceTag/...` is unknown.
    pub resource_untagged: bool,
}

impl RequestContext {
    /// An empty context: every key unknown.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`.
    pub fn set(&mut self, key: &str, value: KeyValue) -> &mut Self {
        self.keys
            .insert(key.to_ascii_lowercase(), (key.to_owned(), value));
        self
    }

    /// Sets `key` to one known value.
    pub fn known(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.set(key, KeyValue::Known(vec![value.into()]))
    }

    /// Sets every key that starts with `prefix` (e.g. `aws:PrincipalTag/`) to `value`.
    pub fn set_prefix(&mut self, prefix: &str, value: KeyValue) -> &mut Self {
        self.prefixes.push((prefix.to_ascii_lowercase(), value));
        self
    }

    /// The keys set one by one (not by prefix), known or absent, as they were set.
    pub fn decided_keys(&self) -> Vec<String> {
        self.keys.values().map(|(key, _)| key.clone()).collect()
    }

    /// What the context holds for `key` (case-insensitive).
    pub fn get(&self, key: &str) -> KeyValue {
        let key = key.to_ascii_lowercase();
        if let Some((_, value)) = self.keys.get(&key) {
            return value.clone();
        }
        self.prefixes
            .iter()
            .find(|(prefix, _)| key.starts_with(prefix.as_str()))
            .map_or_else(
                || {
                    if self.others_absent {
                        KeyValue::Absent
                    } else {
                        KeyValue::Unknown
                    }
                },
                |(_, value)| value.clone(),
            )
    }

    /// Makes every key not set here absent rather than unknown: the context of a call
    /// as it is made, where a key AWS did not send is simply not there. The simulator
    /// judges its calls so; predictions never do.
    pub fn absent_unless_set(mut self) -> Self {
        self.others_absent = true;
        self
    }

    /// The context AWS builds for a call made with `sts:AssumeRoot` credentials in
    /// `call.account_id`, as far as it can be known before the call (see docs/scps.md,
    /// "Conditions", for the AWS page behind each key).
    ///
    /// Known: the principal is the member's root user (`aws:PrincipalArn`
    /// `arn:<partition>:iam::<account>:root`, `aws:PrincipalAccount`),
    /// `aws:AssumedRoot` `true`, its organization (`aws:PrincipalOrgID`,
    /// `aws:PrincipalOrgPaths`) and the resource's (the same account and organization),
    /// HTTPS (`aws:SecureTransport`), no AWS service in between (`aws:ViaAWSService`,
    /// `aws:PrincipalIsAWSService` `false`), and `aws:RequestedRegion` when `call.region`
    /// says.
    ///
    /// Absent: the root user has no user name and no tags, the requests carry no tags,
    /// no service calls on the principal's behalf.
    ///
    /// Unknown: the source IP, the time, MFA, the region of a bucket or queue call, the
    /// tags of buckets and queues, every service-specific key, and the keys a root
    /// session may or may not carry: the caller's source identity
    /// (`aws:SourceIdentity`, which `AssumeRoot` carries into the session), the VPC keys
    /// (`aws:SourceVpc`, `aws:SourceVpce`, `aws:VpcSourceIp`, present when the calls go
    /// through VPC endpoints), and `aws:PrincipalType` and `aws:userid`, whose values
    /// for a root session no AWS document states.
    pub fn root_session(call: &RootSessionCall) -> Self {
        let account = call.account_id.as_str();
        let mut context = Self::new();
        context
            .known(
                "aws:PrincipalArn",
                format!("arn:{}:iam::{account}:root", call.partition),
            )
            .known("aws:PrincipalAccount", account)
            .known("aws:AssumedRoot", "true")
            .known("aws:PrincipalOrgID", call.organization_id.clone())
            .known("aws:PrincipalOrgPaths", call.organization_path.clone())
            .known("aws:ResourceAccount", account)
            .known("aws:ResourceOrgID", call.organization_id.clone())
            .known("aws:ResourceOrgPaths", call.organization_path.clone())
            .known("aws:SecureTransport", "true")
            .known("aws:ViaAWSService", "false")
            .known("aws:PrincipalIsAWSService", "false");
        for key in [
            "aws:username",
            "aws:TagKeys",
            "aws:CalledVia",
            "aws:CalledViaFirst",
            "aws:CalledViaLast",
            "aws:SourceAccount",
            "aws:SourceArn",
            "aws:SourceOrgID",
            "aws:SourceOrgPaths",
            "aws:PrincipalServiceName",
            "aws:PrincipalServiceNamesList",
            "aws:FederatedProvider",
        ] {
            context.set(key, KeyValue::Absent);
        }
        context
            .set_prefix("aws:PrincipalTag/", KeyValue::Absent)
            .set_prefix("aws:RequestTag/", KeyValue::Absent);
        if call.resource_untagged {
            context.set_prefix("aws:ResourceTag/", KeyValue::Absent);
        }
        if let Some(region) = &call.region {
            context.known("aws:RequestedRegion", region.clone());
        }
        context
    }
}

/// The [`Request`] of one of a root session's actions (from
/// [`RootTask::actions`](crate::RootTask::actions)) in `account_id`, before the call: IAM
/// actions act on the root user, except `iam:GetAccountSummary`, which has no
/// resource-level permissions (nor do `s3:ListAllMyBuckets` and `sqs:ListQueues`); bucket
/// and queue actions act on a bucket or queue of the account not named yet. Every ARN
/// names `partition`.
pub fn root_task_request(action: &str, account_id: &AccountId, partition: Partition) -> Request {
    let resource = match action {
        "iam:GetAccountSummary" => Resource::Unscoped(format!("arn:{partition}:iam::")),
        "s3:ListAllMyBuckets" => Resource::Unscoped(format!("arn:{partition}:s3:::")),
        "sqs:ListQueues" => Resource::Unscoped(format!("arn:{partition}:sqs:")),
        _ if action.starts_with("s3:") => Resource::Unnamed(UnnamedResource::bucket(partition)),
        _ if action.starts_with("sqs:") => {
            Resource::Unnamed(UnnamedResource::queue(partition, *account_id, None))
        }
        _ => Resource::Arn(account_id.root_arn_in(partition)),
    };
    Request {
        action: action.to_owned(),
        resource,
    }
}
