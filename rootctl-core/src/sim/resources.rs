//! The simulator's S3 buckets and SQS queues, with their policies: the ground truth the
//! unlock operations are tested against, and the session rules every S3 and SQS call in
//! a root session passes (docs/aws-behaviour.md#task-policies).
//!
//! Root sessions are authorized by their task policy and the member's SCPs only; a bucket
//! or queue policy that denies everyone does not stop them from reading or changing the
//! policy itself. That exemption is the reason the unlock task policies exist.

use std::collections::BTreeMap;

use super::dispatch::{CallSpec, Rejection, Reply};
use super::task_permissions;
use super::{SimulatedOrg, World, not_a_member};
use crate::error::{Error, Result, Service};
use crate::model::{AccountId, RootSession, check_region_name};
use crate::scp::{Request, Resource};

/// One bucket: its region and its policy text, stored exactly as put.
#[derive(Clone, Debug)]
pub(crate) struct SimBucket {
    pub(crate) region: String,
    pub(crate) policy: Option<String>,
}

/// One queue, keyed by URL: its region and its policy text.
#[derive(Clone, Debug)]
pub(crate) struct SimQueue {
    pub(crate) region: String,
    pub(crate) policy: Option<String>,
}

/// A member account's buckets (by name) and queues (by URL).
#[derive(Debug, Default)]
pub(crate) struct AccountResources {
    pub(crate) buckets: BTreeMap<String, SimBucket>,
    pub(crate) queues: BTreeMap<String, SimQueue>,
    /// The opt-in regions the account has enabled (every account has the default ones).
    pub(crate) opt_in_regions: std::collections::BTreeSet<String>,
}

/// Every member's buckets and queues.
#[derive(Debug, Default)]
pub(crate) struct Resources {
    pub(crate) accounts: BTreeMap<AccountId, AccountResources>,
}

/// The URL SQS gives a queue named `name` in `account` and `region`.
pub(crate) fn queue_url(region: &str, account: &AccountId, name: &str) -> String {
    // China's endpoints are under amazonaws.com.cn (AWS General Reference, "Amazon SQS
    // endpoints and quotas").
    let suffix = match crate::model::Partition::from_region(region) {
        crate::model::Partition::AwsCn => "amazonaws.com.cn",
        _ => "amazonaws.com",
    };
    format!("https://sqs.{region}.{suffix}/{account}/{name}")
}

/// S3's bucket-name rules, in short: 3 to 63 lowercase letters, digits, dots and dashes,
/// starting and ending with a letter or digit.
fn check_bucket_name(name: &str) -> Result<()> {
    let ok = (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    ok.then_some(()).ok_or_else(|| {
        Error::invalid_input(
            "bucket name",
            name,
            "must be 3 to 63 lowercase letters, digits, dots or dashes",
        )
    })
}

/// SQS's queue-name rules: 1 to 80 letters, digits, dashes and underscores (`.fifo` ends
/// a FIFO queue's name).
fn check_queue_name(name: &str) -> Result<()> {
    let base = name.strip_suffix(".fifo").unwrap_or(name);
    let ok = (1..=80).contains(&name.len())
        && !base.is_empty()
        && base
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then_some(()).ok_or_else(|| {
        Error::invalid_input(
            "queue name",
            name,
            "must be 1 to 80 letters, digits, dashes or underscores",
        )
    })
}

/// Where an S3 or SQS call goes: its region (`aws:RequestedRegion`) and the ARN of the
/// bucket or queue it acts on (`None` for the list calls, which name no resource).
pub(crate) struct Place<'a> {
    pub(crate) region: &'a str,
    pub(crate) resource: Option<String>,
}

/// What an S3 or SQS rule sees: the session's account and its resources.
pub(crate) struct ResourceCall<'a> {
    pub(crate) resources: &'a mut AccountResources,
}

impl SimulatedOrg {
    /// Runs an S3 or SQS call made with `session`: the session must be valid (else
    /// `ExpiredToken`), the member's SCP must not deny it, and the session's task policy
    /// must allow the action (else `AccessDenied`); then `rules` run on the account's
    /// resources.
    pub(crate) async fn as_root_in<T>(
        &self,
        session: &RootSession,
        service: Service,
        spec: CallSpec,
        place: Place<'_>,
        rules: impl FnOnce(ResourceCall<'_>) -> Result<Reply<T>, Rejection>,
    ) -> Result<T> {
        let operation = spec.operation();
        self.dispatch(spec, |world, env| {
            let expired = || Rejection::new("ExpiredToken", "The provided token has expired.");
            let issued = world
                .sessions
                .valid(session.credentials(), env.now)
                .ok_or_else(expired)?;
            if !world.org.accounts.contains_key(&issued.account_id) {
                return Err(expired());
            }
            let action = task_permissions::action(service, operation);
            let denied = |why: String| {
                let root = issued.account_id.root_arn();
                Rejection::new(
                    "AccessDenied",
                    format!("User: {root} is not authorized to perform: {action} {why}"),
                )
            };
            let request = Request {
                action: action.clone(),
                resource: Resource::Arn(place.resource.clone().unwrap_or_else(|| "*".into())),
            };
            if let Some(why) = world
                .org
                .policy_denial(&issued.account_id, &request, place.region)
            {
                return Err(denied(why));
            }
            if !task_permissions::allows_in(issued.task_policy, service, operation) {
                return Err(denied(format!(
                    "because no session policy allows the {action} action (task policy {})",
                    issued.task_policy
                )));
            }
            let resources = world
                .resources
                .accounts
                .entry(issued.account_id)
                .or_default();
            rules(ResourceCall { resources })
        })
        .await
    }

    pub(crate) fn member_resources<T>(
        &self,
        account_id: &AccountId,
        f: impl FnOnce(&mut AccountResources, &World) -> Result<T>,
    ) -> Result<T> {
        self.write(|w| {
            if w.org.member_mut(account_id).is_none() {
                return Err(not_a_member(account_id));
            }
            let mut resources =
                std::mem::take(w.resources.accounts.entry(*account_id).or_default());
            let result = f(&mut resources, w);
            w.resources.accounts.insert(*account_id, resources);
            result
        })
    }

    /// Creates a bucket in a member account, with `policy` as its bucket policy. Bucket
    /// names are unique across the simulated organization, as they are across S3.
    pub fn create_bucket(
        &self,
        account_id: &AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<()> {
        check_bucket_name(name)?;
        check_region_name(region)?;
        self.member_resources(account_id, |resources, world| {
            let taken = resources.buckets.contains_key(name)
                || world
                    .resources
                    .accounts
                    .values()
                    .any(|r| r.buckets.contains_key(name));
            if taken {
                return Err(Error::invalid_input("bucket name", name, "is taken"));
            }
            resources.buckets.insert(
                name.to_owned(),
                SimBucket {
                    region: region.to_owned(),
                    policy: policy.map(str::to_owned),
                },
            );
            Ok(())
        })
    }

    /// A bucket's policy text, exactly as stored; `None` when it has none or there is no
    /// such bucket.
    pub fn bucket_policy(&self, account_id: &AccountId, name: &str) -> Option<String> {
        self.read(|w| {
            w.resources
                .accounts
                .get(account_id)?
                .buckets
                .get(name)?
                .policy
                .clone()
        })
    }

    /// Sets (or with `None` removes) a bucket's policy behind rootctl's back: a change
    /// someone else made, for tests of drift.
    pub fn put_bucket_policy(
        &self,
        account_id: &AccountId,
        name: &str,
        policy: Option<&str>,
    ) -> Result<()> {
        self.member_resources(account_id, |resources, _| {
            let bucket = resources
                .buckets
                .get_mut(name)
                .ok_or_else(|| Error::invalid_input("bucket", name, "does not exist"))?;
            bucket.policy = policy.map(str::to_owned);
            Ok(())
        })
    }

    /// Creates a queue in a member account, with `policy` as its queue policy, and
    /// returns its URL.
    pub fn create_queue(
        &self,
        account_id: &AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<String> {
        check_queue_name(name)?;
        check_region_name(region)?;
        let url = queue_url(region, account_id, name);
        self.member_resources(account_id, |resources, _| {
            if !super::account::region_enabled(resources, region) {
                return Err(Error::invalid_input(
                    "region",
                    region,
                    format!(
                        "is an opt-in region account {account_id} has not enabled; \
                         enable it first (SimulatedOrg::enable_region)"
                    ),
                ));
            }
            if resources.queues.contains_key(&url) {
                return Err(Error::invalid_input("queue", url.clone(), "exists already"));
            }
            resources.queues.insert(
                url.clone(),
                SimQueue {
                    region: region.to_owned(),
                    policy: policy.map(str::to_owned),
                },
            );
            Ok(url.clone())
        })
    }

    /// A queue's policy text, exactly as stored; `None` when it has none or there is no
    /// such queue.
    pub fn queue_policy(&self, account_id: &AccountId, queue_url: &str) -> Option<String> {
        self.read(|w| {
            w.resources
                .accounts
                .get(account_id)?
                .queues
                .get(queue_url)?
                .policy
                .clone()
        })
    }

    /// Sets (or with `None` removes) a queue's policy behind rootctl's back.
    pub fn put_queue_policy(
        &self,
        account_id: &AccountId,
        queue_url: &str,
        policy: Option<&str>,
    ) -> Result<()> {
        self.member_resources(account_id, |resources, _| {
            let queue = resources
                .queues
                .get_mut(queue_url)
                .ok_or_else(|| Error::invalid_input("queue", queue_url, "does not exist"))?;
            queue.policy = policy.map(str::to_owned);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_services_rules() {
        assert!(check_bucket_name("logs-2024.example").is_ok());
        for bad in ["ab", "Upper", "-dash", "a_b"] {
            assert!(check_bucket_name(bad).is_err(), "{bad}");
        }
        assert!(check_queue_name("jobs_1-a").is_ok());
        assert!(check_queue_name("jobs.fifo").is_ok());
        for bad in ["", "a/b", ".fifo"] {
            assert!(check_queue_name(bad).is_err(), "{bad}");
        }
    }
}
