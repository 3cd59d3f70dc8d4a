//! What the root-session adapters (IAM, S3, SQS) share: the session's credentials as the
//! SDK takes them, and a base configuration whose HTTP client skips per-client validation.

use std::time::SystemTime;

use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use secrecy::ExposeSecret;

use crate::model::RootSession;

/// The session's temporary credentials, for a root-session SDK client.
pub(super) fn credentials(session: &RootSession) -> Credentials {
    let creds = session.credentials();
    Credentials::new(
        creds.access_key_id(),
        creds.secret_access_key().expose_secret(),
        Some(creds.session_token().expose_secret().to_owned()),
        Some(SystemTime::from(session.expires_at())),
        "AssumeRoot",
    )
}

/// `base` for root-session clients. Every SDK client validates its HTTP client when
/// built, and the default one does it by building a throwaway TLS connector (loading the
/// native root certificates): once per session (or per call), a tenth of an audit's CPU.
/// The shared client is validated by the other adapters' clients; session clients skip it.
pub(super) fn base(base: SdkConfig) -> SdkConfig {
    match base.http_client() {
        Some(http) => base.to_builder().http_client(Prevalidated(http)).build(),
        None => base,
    }
}

/// An HTTP client whose base validation has been done elsewhere: everything else is the
/// wrapped client's.
#[derive(Debug)]
struct Prevalidated(SharedHttpClient);

impl HttpClient for Prevalidated {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.0.http_connector(settings, components)
    }

    fn validate_final_config(
        &self,
        components: &RuntimeComponents,
        config: &ConfigBag,
    ) -> std::result::Result<(), BoxError> {
        self.0.validate_final_config(components, config)
    }

    fn connector_metadata(&self) -> Option<ConnectorMetadata> {
        self.0.connector_metadata()
    }
}
