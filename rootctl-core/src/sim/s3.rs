//! [`RootS3`] for [`SimulatedOrg`]: the bucket-policy calls of an `S3UnlockBucketPolicy`
//! session, with S3's answers (`NoSuchBucket`, `NoSuchBucketPolicy`, a redirect for a
//! call sent to the wrong region, `MalformedPolicy`).

use async_trait::async_trait;

use super::SimulatedOrg;
use super::dispatch::{CallSpec, Rejection, Reply};
use super::resources::{Place, ResourceCall, SimBucket};
use crate::boundary::RootS3;
use crate::error::{Result, Service};
use crate::model::{BucketInfo, RootSession};

fn spec(operation: &'static str, session: &RootSession, bucket: Option<&str>) -> CallSpec {
    let spec = CallSpec::in_resource_session(Service::S3, operation, session);
    match bucket {
        Some(bucket) => spec.target(bucket),
        None => spec,
    }
}

fn bucket_place<'a>(region: &'a str, name: &str) -> Place<'a> {
    Place {
        region,
        // The bucket's own partition, as AWS builds the ARN a policy is matched against.
        resource: Some(format!(
            "arn:{}:s3:::{name}",
            crate::model::Partition::from_region(region)
        )),
    }
}

/// The bucket `name`, if the account owns it and the call went to its region.
fn bucket<'a>(
    call: &'a mut ResourceCall<'_>,
    region: &str,
    name: &str,
) -> Result<&'a mut SimBucket, Rejection> {
    let bucket = call
        .resources
        .buckets
        .get_mut(name)
        .ok_or_else(|| Rejection::new("NoSuchBucket", "The specified bucket does not exist"))?;
    if bucket.region != region {
        return Err(Rejection::new(
            "PermanentRedirect",
            format!(
                "The bucket you are attempting to access must be addressed using the \
                 specified endpoint (the bucket is in {}, the call went to {region}).",
                bucket.region
            ),
        ));
    }
    Ok(bucket)
}

/// S3 accepts only a JSON object as a bucket policy.
pub(crate) fn is_json_object(policy: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(policy).is_ok_and(|v| v.is_object())
}

impl SimulatedOrg {
    /// A call (`spec`) of `session` on the bucket `name`, sent to `region`: `rules` answer
    /// it once the bucket is found there.
    async fn on_bucket<T: Send>(
        &self,
        session: &RootSession,
        spec: CallSpec,
        region: &str,
        name: &str,
        rules: impl FnOnce(&mut SimBucket) -> Result<Reply<T>, Rejection> + Send,
    ) -> Result<T> {
        self.as_root_in(
            session,
            Service::S3,
            spec,
            bucket_place(region, name),
            |mut call| rules(bucket(&mut call, region, name)?),
        )
        .await
    }
}

#[async_trait]
impl RootS3 for SimulatedOrg {
    async fn list_buckets(&self, session: &RootSession) -> Result<Vec<BucketInfo>> {
        // ListBuckets goes to the client's region; the simulator's is us-east-1.
        let place = Place {
            region: "us-east-1",
            resource: None,
        };
        self.as_root_in(
            session,
            Service::S3,
            spec("ListBuckets", session, None),
            place,
            |call| {
                Ok(Reply::ok(
                    call.resources
                        .buckets
                        .iter()
                        .map(|(name, b)| BucketInfo {
                            name: name.clone(),
                            region: b.region.clone(),
                        })
                        .collect(),
                ))
            },
        )
        .await
    }

    async fn get_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        name: &str,
    ) -> Result<Option<String>> {
        let spec = spec("GetBucketPolicy", session, Some(name));
        self.on_bucket(session, spec, region, name, |bucket| {
            Ok(match &bucket.policy {
                Some(policy) => Reply::ok(Some(policy.clone())),
                None => Reply::coded(None, "NoSuchBucketPolicy"),
            })
        })
        .await
    }

    async fn put_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        name: &str,
        policy: &str,
    ) -> Result<()> {
        let spec = spec("PutBucketPolicy", session, Some(name)).mutating();
        self.on_bucket(session, spec, region, name, |bucket| {
            if !is_json_object(policy) {
                return Err(Rejection::new(
                    "MalformedPolicy",
                    "Policies must be valid JSON and the first byte must be '{'",
                ));
            }
            bucket.policy = Some(policy.to_owned());
            Ok(Reply::ok(()))
        })
        .await
    }

    async fn delete_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        name: &str,
    ) -> Result<()> {
        let spec = spec("DeleteBucketPolicy", session, Some(name)).mutating();
        self.on_bucket(session, spec, region, name, |bucket| {
            // 204 whether or not there was a policy.
            bucket.policy = None;
            Ok(Reply::ok(()))
        })
        .await
    }
}
