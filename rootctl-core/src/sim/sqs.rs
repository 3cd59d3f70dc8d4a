//! [`RootSqs`] for [`SimulatedOrg`]: the queue-policy calls of an `SQSUnlockQueuePolicy`
//! session. A queue is found by URL in the region the call went to; elsewhere it does not
//! exist (`AWS.SimpleQueueService.NonExistentQueue`).

use async_trait::async_trait;

use super::SimulatedOrg;
use super::dispatch::{CallSpec, Rejection, Reply};
use super::resources::{Place, ResourceCall, SimQueue};
use super::s3::is_json_object;
use crate::boundary::RootSqs;
use crate::error::{Result, Service};
use crate::model::{QueueInfo, RootSession};

fn queue<'a>(
    call: &'a mut ResourceCall<'_>,
    region: &str,
    url: &str,
) -> Result<&'a mut SimQueue, Rejection> {
    call.resources
        .queues
        .get_mut(url)
        .filter(|q| q.region == region)
        .ok_or_else(|| {
            Rejection::new(
                "AWS.SimpleQueueService.NonExistentQueue",
                "The specified queue does not exist.",
            )
        })
}

/// A queue's place: `https://sqs.<region>.amazonaws.com/<account>/<name>` is
/// `arn:<partition>:sqs:<region>:<account>:<name>`, in the region's partition.
fn queue_place<'a>(region: &'a str, queue_url: &str) -> Place<'a> {
    let mut parts = queue_url.trim_end_matches('/').rsplit('/');
    let name = parts.next().unwrap_or_default();
    let account = parts.next().unwrap_or_default();
    Place {
        region,
        resource: Some(format!(
            "arn:{}:sqs:{region}:{account}:{name}",
            crate::model::Partition::from_region(region)
        )),
    }
}

impl SimulatedOrg {
    /// A call (`spec`) of `session` on the queue at `queue_url`, sent to `region`: `rules`
    /// answer it once the queue is found there.
    async fn on_queue<T: Send>(
        &self,
        session: &RootSession,
        spec: CallSpec,
        region: &str,
        queue_url: &str,
        rules: impl FnOnce(&mut SimQueue) -> Result<Reply<T>, Rejection> + Send,
    ) -> Result<T> {
        self.as_root_in(
            session,
            Service::Sqs,
            spec,
            queue_place(region, queue_url),
            |mut call| rules(queue(&mut call, region, queue_url)?),
        )
        .await
    }
}

#[async_trait]
impl RootSqs for SimulatedOrg {
    async fn list_queues(&self, session: &RootSession, region: &str) -> Result<Vec<QueueInfo>> {
        let spec =
            CallSpec::in_resource_session(Service::Sqs, "ListQueues", session).target(region);
        let place = Place {
            region,
            resource: None,
        };
        self.as_root_in(session, Service::Sqs, spec, place, |call| {
            Ok(Reply::ok(
                call.resources
                    .queues
                    .iter()
                    .filter(|(_, q)| q.region == region)
                    .map(|(url, q)| QueueInfo {
                        url: url.clone(),
                        region: q.region.clone(),
                    })
                    .collect(),
            ))
        })
        .await
    }

    async fn get_queue_policy(
        &self,
        session: &RootSession,
        region: &str,
        queue_url: &str,
    ) -> Result<Option<String>> {
        let spec = CallSpec::in_resource_session(Service::Sqs, "GetQueueAttributes", session)
            .target(queue_url);
        self.on_queue(session, spec, region, queue_url, |queue| {
            Ok(Reply::ok(queue.policy.clone()))
        })
        .await
    }

    async fn set_queue_policy(
        &self,
        session: &RootSession,
        region: &str,
        queue_url: &str,
        policy: &str,
    ) -> Result<()> {
        let spec = CallSpec::in_resource_session(Service::Sqs, "SetQueueAttributes", session)
            .target(queue_url)
            .mutating();
        self.on_queue(session, spec, region, queue_url, |queue| {
            if policy.is_empty() {
                queue.policy = None;
            } else if is_json_object(policy) {
                queue.policy = Some(policy.to_owned());
            } else {
                return Err(Rejection::new(
                    "InvalidAttributeValue",
                    "Invalid value for the parameter Policy.",
                ));
            }
            Ok(Reply::ok(()))
        })
        .await
    }
}
