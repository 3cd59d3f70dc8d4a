//! The simulator's S3 with hooks around its bucket-policy calls, for the scenarios where
//! someone else acts between rootctl's calls (a colleague writes or deletes a policy at a
//! chosen moment) or AWS refuses one. A hook sees the call and may act, or answer an
//! error in its place.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use rootctl::sim::SimulatedOrg;
use rootctl::{BucketInfo, Error, Result, RootS3, RootSession, RootSqs, Rootctl};

/// A bucket-policy call, by the bucket it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum S3Call<'a> {
    Get(&'a str),
    Put(&'a str),
    Delete(&'a str),
}

type Hook = Box<dyn Fn(S3Call<'_>) -> Option<Error> + Send + Sync>;

/// [`RootS3`] over a simulated organization, with a hook before and after each
/// bucket-policy call (`ListBuckets` passes straight through).
pub(super) struct HookedS3 {
    org: SimulatedOrg,
    before: Hook,
    after: Hook,
    /// Whether a policy read is handed back re-formatted (pretty-printed JSON).
    reformat: bool,
}

impl fmt::Debug for HookedS3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HookedS3").finish_non_exhaustive()
    }
}

impl HookedS3 {
    pub(super) fn new(org: &SimulatedOrg) -> Self {
        Self {
            org: org.clone(),
            before: Box::new(|_| None),
            after: Box::new(|_| None),
            reformat: false,
        }
    }

    /// Hands every policy read back re-formatted, as a service that stores policies its
    /// own way may (docs/safety.md, "Restores").
    pub(super) fn reformatting(mut self) -> Self {
        self.reformat = true;
        self
    }

    /// Runs `hook` before each call; an error it answers is the call's answer.
    pub(super) fn before(
        mut self,
        hook: impl Fn(S3Call<'_>) -> Option<Error> + Send + Sync + 'static,
    ) -> Self {
        self.before = Box::new(hook);
        self
    }

    /// Runs `hook` after each call that succeeded; an error it answers replaces success.
    pub(super) fn after(
        mut self,
        hook: impl Fn(S3Call<'_>) -> Option<Error> + Send + Sync + 'static,
    ) -> Self {
        self.after = Box::new(hook);
        self
    }

    /// A client of the simulated organization whose S3 is this one.
    pub(super) fn rootctl(self) -> Rootctl {
        let sqs = Arc::new(self.org.clone()) as Arc<dyn RootSqs>;
        Rootctl::simulated(self.org.clone()).with_resource_policies(Arc::new(self), sqs)
    }

    fn around<T>(&self, call: S3Call<'_>, result: Result<T>) -> Result<T> {
        let value = result?;
        match (self.after)(call) {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }
}

#[async_trait]
impl RootS3 for HookedS3 {
    async fn list_buckets(&self, session: &RootSession) -> Result<Vec<BucketInfo>> {
        RootS3::list_buckets(&self.org, session).await
    }

    async fn get_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
    ) -> Result<Option<String>> {
        let call = S3Call::Get(bucket);
        if let Some(error) = (self.before)(call) {
            return Err(error);
        }
        let result = RootS3::get_bucket_policy(&self.org, session, region, bucket).await;
        let result = result.map(|policy| match policy {
            Some(text) if self.reformat => {
                let value: serde_json::Value =
                    serde_json::from_str(&text).expect("the simulator stores JSON");
                Some(serde_json::to_string_pretty(&value).unwrap())
            }
            other => other,
        });
        self.around(call, result)
    }

    async fn put_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
        policy: &str,
    ) -> Result<()> {
        let call = S3Call::Put(bucket);
        if let Some(error) = (self.before)(call) {
            return Err(error);
        }
        let result = RootS3::put_bucket_policy(&self.org, session, region, bucket, policy).await;
        self.around(call, result)
    }

    async fn delete_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
    ) -> Result<()> {
        let call = S3Call::Delete(bucket);
        if let Some(error) = (self.before)(call) {
            return Err(error);
        }
        let result = RootS3::delete_bucket_policy(&self.org, session, region, bucket).await;
        self.around(call, result)
    }
}
