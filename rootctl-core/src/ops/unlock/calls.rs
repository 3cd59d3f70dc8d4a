//! The S3 and SQS calls of an unlock or a restore, through one account's two sessions.

use std::sync::Arc;

use crate::boundary::{RootS3, RootSqs};
use crate::engine::Run;
use crate::engine::session::AccountSession;
use crate::error::Result;
use crate::model::{AccountId, ResourceService};

/// The S3/SQS calls an unlock makes on one resource, through one account's sessions.
pub(crate) struct ResourceCalls<'a> {
    pub(crate) s3: &'a Arc<dyn RootS3>,
    pub(crate) sqs: &'a Arc<dyn RootSqs>,
    pub(crate) s3_session: AccountSession,
    pub(crate) sqs_session: AccountSession,
}

impl<'a> ResourceCalls<'a> {
    pub(crate) fn new(
        run: &Run,
        account: AccountId,
        s3: &'a Arc<dyn RootS3>,
        sqs: &'a Arc<dyn RootSqs>,
    ) -> Self {
        Self {
            s3,
            sqs,
            s3_session: AccountSession::new(
                run.clone(),
                account,
                ResourceService::S3.task_policy(),
            ),
            sqs_session: AccountSession::new(
                run.clone(),
                account,
                ResourceService::Sqs.task_policy(),
            ),
        }
    }

    /// The policy now.
    pub(crate) async fn read(
        &mut self,
        service: ResourceService,
        region: &str,
        name: &str,
        url: Option<&str>,
    ) -> Result<Option<String>> {
        let (s3, sqs) = (self.s3, self.sqs);
        match service {
            ResourceService::S3 => {
                self.s3_session
                    .call("GetBucketPolicy", |s| async move {
                        s3.get_bucket_policy(&s, region, name).await
                    })
                    .await
            }
            ResourceService::Sqs => {
                let url = url.unwrap_or_default();
                self.sqs_session
                    .call("GetQueueAttributes", |s| async move {
                        sqs.get_queue_policy(&s, region, url).await
                    })
                    .await
            }
        }
    }

    /// Writes `policy`, or deletes the policy when `None`.
    pub(crate) async fn write(
        &mut self,
        service: ResourceService,
        region: &str,
        name: &str,
        url: Option<&str>,
        policy: Option<&str>,
    ) -> Result<()> {
        let (s3, sqs) = (self.s3, self.sqs);
        match (service, policy) {
            (ResourceService::S3, Some(p)) => {
                self.s3_session
                    .call("PutBucketPolicy", |s| async move {
                        s3.put_bucket_policy(&s, region, name, p).await
                    })
                    .await
            }
            (ResourceService::S3, None) => {
                self.s3_session
                    .call("DeleteBucketPolicy", |s| async move {
                        s3.delete_bucket_policy(&s, region, name).await
                    })
                    .await
            }
            (ResourceService::Sqs, policy) => {
                let (url, p) = (url.unwrap_or_default(), policy.unwrap_or(""));
                self.sqs_session
                    .call("SetQueueAttributes", |s| async move {
                        sqs.set_queue_policy(&s, region, url, p).await
                    })
                    .await
            }
        }
    }
}

/// Whether two policy texts say the same (the service may re-format what it stores).
pub(crate) fn same_policy(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a == b
                || matches!(
                    (crate::strict_json::parse(a), crate::strict_json::parse(b)),
                    (Ok(x), Ok(y)) if x == y
                )
        }
        _ => false,
    }
}
