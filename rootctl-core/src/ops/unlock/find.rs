//! `find_locked_resources`: every bucket and queue policy of the selected accounts, read
//! in unlock root sessions and judged by [`analyze`](super::analyze).

use std::fmt;
use std::sync::Arc;

use chrono::Utc;

use super::analyze::{LockStatus, analyze_owned, resource_arn};
use super::regions::{AccountRegions, RegionSource};
use crate::boundary::{RootS3, RootSqs};
use crate::engine::Rootctl;
use crate::engine::Run;
use crate::engine::fanout::for_each_account;
use crate::engine::progress::ProgressFn;
use crate::engine::session::AccountSession;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{AccountId, OrgFeature, ResourceService};
use crate::ops::select::Selection;

mod report;

pub use report::{AccountSearch, FindReport, FoundResource};

/// What to look at. Named as in Python
/// (`find_locked_resources(..., services=("s3", "sqs"), regions=None)`).
#[derive(Clone, Default)]
pub struct FindOptions {
    /// The services to search; empty means both.
    pub services: Vec<ResourceService>,
    /// The regions to list queues in, for every account. `None` (the default): each
    /// account's enabled regions, asked of AWS Account Management (`account:ListRegions`;
    /// a root session cannot list regions), or, where that is not possible (trusted
    /// access for `account.amazonaws.com` off, a caller that may not ask), the client's
    /// region only: the report says which and why. S3 needs none: `ListBuckets` returns
    /// every bucket with its region.
    pub regions: Option<Vec<String>>,
    /// Receives progress events.
    pub progress: Option<ProgressFn>,
}

impl fmt::Debug for FindOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindOptions")
            .field("services", &self.services)
            .field("regions", &self.regions)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Rootctl {
    /// Finds the bucket and queue policies that lock everyone out, in every selected
    /// account: one `S3UnlockBucketPolicy` session lists the buckets (each with its
    /// region) and reads each policy; one `SQSUnlockQueuePolicy` session lists the
    /// queues of each region in [`FindOptions::regions`] and reads each policy. Nothing
    /// is changed.
    ///
    /// Needs the RootSessions feature; if it is off this is
    /// [`Error::FeatureNotEnabled`] before any AssumeRoot. Bad regions are
    /// [`Error::InvalidInput`] before any AWS call.
    ///
    /// Without [`FindOptions::regions`], each account's queues are listed in the regions
    /// it has enabled (`account:ListRegions`, the caller's own call; see
    /// docs/unlock-regions.md), or in the client's region when Account Management cannot be
    /// asked; each [`AccountSearch`] names its regions and where they came from.
    pub async fn find_locked_resources(
        &self,
        selection: &Selection,
        options: FindOptions,
    ) -> Result<FindReport> {
        let services = if options.services.is_empty() {
            ResourceService::ALL.to_vec()
        } else {
            let mut s = options.services.clone();
            s.sort();
            s.dedup();
            s
        };
        // Checked before any call; the other sources need Organizations reads, made
        // after the selection's own.
        if let Some(regions) = &options.regions {
            self.region_source(Some(regions)).await?;
        }
        let (s3, sqs) = self.resource_boundaries()?;
        let selected = self.select_accounts(selection).await?;
        self.require_root_sessions().await?;
        let source = if services.contains(&ResourceService::Sqs) {
            self.region_source(options.regions.as_deref()).await?
        } else {
            RegionSource::Given(Vec::new())
        };
        let run = self.run("find_locked_resources", options.progress.clone());
        let started_at = Utc::now();
        let ids: Vec<AccountId> = selected.targets.iter().map(|t| t.account_id).collect();
        let work = {
            let (run, services, source) = (run.clone(), services.clone(), source.clone());
            move |account| {
                let (run, services, source) = (run.clone(), services.clone(), source.clone());
                let (s3, sqs) = (Arc::clone(&s3), Arc::clone(&sqs));
                async move {
                    let mut searched = if services.contains(&ResourceService::Sqs) {
                        source.for_account(&run, account).await
                    } else {
                        AccountRegions::none()
                    };
                    let (found, mut errors) =
                        search_account(&run, account, &services, &searched.regions, &s3, &sqs)
                            .await;
                    errors.extend(searched.error.take());
                    Ok((found, errors, searched))
                }
            }
        };
        let results = for_each_account(&run, &ids, work).await;
        let mut resources = Vec::new();
        let mut accounts = Vec::new();
        let mut regions = std::collections::BTreeSet::new();
        for (target, result) in selected.targets.iter().zip(results) {
            let (errors, searched) = match result {
                Ok((found, errors, searched)) => {
                    resources.extend(found);
                    (errors, searched)
                }
                Err(error) => (
                    vec![error.with_account(target.account_id)],
                    AccountRegions::none(),
                ),
            };
            regions.extend(searched.regions.iter().cloned());
            accounts.push(AccountSearch {
                account_id: target.account_id,
                name: target.name.clone(),
                regions: searched.regions,
                regions_source: searched.source,
                errors,
            });
        }
        let regions_source = source.describe();
        let regions: Vec<String> = regions.into_iter().collect();
        Ok(FindReport {
            organization_id: selected.organization_id,
            management_account_id: selected.management_account_id,
            services,
            regions,
            regions_source,
            started_at,
            finished_at: Utc::now(),
            resources,
            accounts,
            skipped: selected.skipped,
        })
    }

    /// The S3 and SQS boundaries, or a configuration error naming the fix.
    pub(crate) fn resource_boundaries(&self) -> Result<(Arc<dyn RootS3>, Arc<dyn RootSqs>)> {
        self.resource_policies.clone().ok_or_else(|| {
            Error::config(
                "this client has no S3/SQS boundaries: build it with Rootctl::from_env, \
                 Rootctl::simulated, or add them with Rootctl::with_resource_policies",
            )
        })
    }

    /// The unlock task policies need RootSessions: refuse before any AssumeRoot.
    pub(crate) async fn require_root_sessions(&self) -> Result<()> {
        if self.features().await?.has(OrgFeature::RootSessions) {
            return Ok(());
        }
        Err(Error::from_kind(
            ErrorKind::FeatureNotEnabled,
            ErrorContext::new(Service::Iam, "ListOrganizationsFeatures").message(
                "unlocking bucket and queue policies needs RootSessions (privileged root \
                 actions) enabled; it is off: run enable with root sessions first",
            ),
            None,
        ))
    }
}

/// Everything one account holds, and what could not be listed.
async fn search_account(
    run: &Run,
    account: AccountId,
    services: &[ResourceService],
    regions: &[String],
    s3: &Arc<dyn RootS3>,
    sqs: &Arc<dyn RootSqs>,
) -> (Vec<FoundResource>, Vec<Error>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for service in services {
        let mut session = AccountSession::new(run.clone(), account, service.task_policy());
        match service {
            ResourceService::S3 => {
                let listed = session
                    .call("ListBuckets", |s| async move { s3.list_buckets(&s).await })
                    .await;
                let buckets = match listed {
                    Ok(buckets) => buckets,
                    Err(e) => {
                        errors.push(e.with_account(account));
                        continue;
                    }
                };
                for bucket in buckets {
                    let (region, name) = (bucket.region.as_str(), bucket.name.as_str());
                    let read = session
                        .call("GetBucketPolicy", |s| async move {
                            s3.get_bucket_policy(&s, region, name).await
                        })
                        .await;
                    let arn = resource_arn(*service, region, account.as_str(), name);
                    found.push(judge(account, *service, region, name, None, &arn, read));
                }
            }
            ResourceService::Sqs => {
                for region in regions {
                    let region = region.as_str();
                    let listed = session
                        .call("ListQueues", |s| async move {
                            sqs.list_queues(&s, region).await
                        })
                        .await;
                    let queues = match listed {
                        Ok(queues) => queues,
                        Err(e) => {
                            errors.push(e.with_account(account));
                            continue;
                        }
                    };
                    for queue in queues {
                        let url = queue.url.as_str();
                        let read = session
                            .call("GetQueueAttributes", |s| async move {
                                sqs.get_queue_policy(&s, region, url).await
                            })
                            .await;
                        let arn = resource_arn(*service, region, account.as_str(), queue.name());
                        found.push(judge(
                            account,
                            *service,
                            region,
                            queue.name(),
                            Some(url),
                            &arn,
                            read,
                        ));
                    }
                }
            }
        }
    }
    (found, errors)
}

fn judge(
    account_id: AccountId,
    service: ResourceService,
    region: &str,
    name: &str,
    queue_url: Option<&str>,
    arn: &str,
    read: Result<Option<String>>,
) -> FoundResource {
    let (analysis, policy, error) = match read {
        Ok(policy) => (
            analyze_owned(service, arn, account_id.as_str(), policy.as_deref()),
            policy,
            None,
        ),
        Err(e) => (
            super::analyze::Analysis {
                status: LockStatus::Unknown,
                reason: format!("the policy could not be read: {e}"),
                locking: Vec::new(),
            },
            None,
            Some(e.with_account(account_id)),
        ),
    };
    FoundResource {
        account_id,
        service,
        region: region.to_owned(),
        name: name.to_owned(),
        queue_url: queue_url.map(str::to_owned),
        locked: analysis.status,
        reason: analysis.reason,
        locking_statements: analysis.locking,
        policy,
        error,
    }
}
