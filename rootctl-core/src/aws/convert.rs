//! Small conversions from SDK values to model values, and the constructors every adapter
//! over one SDK client shares.

use aws_smithy_types::DateTime as SmithyDateTime;

use crate::model::Timestamp;

/// A smithy timestamp as a UTC `chrono` timestamp (`None` if out of chrono's range).
pub(crate) fn timestamp(value: &SmithyDateTime) -> Option<Timestamp> {
    chrono::DateTime::from_timestamp(value.secs(), value.subsec_nanos())
}

/// Same, for optional SDK fields.
pub(crate) fn opt_timestamp(value: Option<&SmithyDateTime>) -> Option<Timestamp> {
    value.and_then(timestamp)
}

/// `new` and `at` for an adapter holding one SDK `client` and the `endpoint` its errors
/// name: `new` wraps a client, naming its endpoint by its region; `at` names it exactly.
macro_rules! wraps_client {
    ($adapter:ident) => {
        impl $adapter {
            /// Wraps an SDK client.
            pub fn new(client: Client) -> Self {
                // The service configuration does not expose an endpoint URL override;
                // clients built by `AwsClients` name it (`at`), others are described by
                // their region.
                let region = client.config().region().map(|r| r.as_ref().to_owned());
                Self {
                    client,
                    endpoint: Endpoint::new(region.as_deref(), None),
                }
            }

            /// Names `endpoint` (with its URL, when it overrides the default) in errors.
            pub(crate) fn at(mut self, endpoint: Endpoint) -> Self {
                self.endpoint = endpoint;
                self
            }
        }
    };
}
pub(super) use wraps_client;
