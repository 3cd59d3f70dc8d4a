//! [`Endpoint`]: where an adapter's calls go, as the messages of failed calls name it.

use aws_config::SdkConfig;

use crate::error::Service;
use crate::model::Partition;

/// Where an adapter's calls go: the region (for the sentences that name it, and the
/// partition of ARNs) and the endpoint URL when one overrides the SDK's default. Named in
/// the message of a call that got no answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoint {
    region: Option<String>,
    url: Option<String>,
}

impl Endpoint {
    /// The endpoint for `region`, at `url` when it overrides the SDK's default.
    pub fn new(region: Option<&str>, url: Option<&str>) -> Self {
        Self {
            region: region.map(str::to_owned),
            url: url.map(str::to_owned),
        }
    }

    /// The endpoint an SDK configuration sends calls to.
    pub fn of(config: &SdkConfig) -> Self {
        Self::new(config.region().map(|r| r.as_ref()), config.endpoint_url())
    }

    /// The region, when one is configured.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The partition of the region (`aws` when none is configured).
    pub fn partition(&self) -> Partition {
        self.region
            .as_deref()
            .map_or(Partition::Aws, Partition::from_region)
    }

    /// The endpoint as a sentence names it: the URL, else the service's default endpoint
    /// for the region. (The default URL itself is the SDK's to resolve; naming the region
    /// is enough to tell which one it was.)
    pub(super) fn describe(&self, service: Service) -> String {
        match (&self.url, &self.region) {
            (Some(url), _) => url.clone(),
            (None, Some(region)) => format!("the {service} endpoint for region {region}"),
            (None, None) => format!("the default {service} endpoint"),
        }
    }
}
