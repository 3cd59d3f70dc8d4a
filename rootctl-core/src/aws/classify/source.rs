//! [`SdkSource`]: an SDK error kept as an error's source, without the raw response.

use std::error::Error as StdError;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;

use super::messages::one_line;

/// The SDK error as an error's `source()`, without the raw HTTP response.
///
/// An `SdkError` keeps the response it could not use, and its `Debug` prints the body:
/// for a malformed `AssumeRoot` answer that body holds the session's secret key and
/// token. So the source keeps the SDK error's one-line account and, for a service
/// error, the modeled error (code, message, request id), or, for a request that got no
/// response, the connector's error; never the response.
pub struct SdkSource {
    summary: String,
    inner: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl<E> From<SdkError<E, HttpResponse>> for SdkSource
where
    E: StdError + Send + Sync + 'static,
{
    fn from(err: SdkError<E, HttpResponse>) -> Self {
        let summary = one_line(&err);
        let inner = match err {
            // The modeled error (code, message, request id), or the connector's error.
            SdkError::ServiceError(_) | SdkError::DispatchFailure(_) => err.into_source().ok(),
            // A response that could not be used, a timeout, a request never built: the
            // summary says what happened; the response itself stays out.
            _ => None,
        };
        Self { summary, inner }
    }
}

impl std::fmt::Display for SdkSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary)
    }
}

impl std::fmt::Debug for SdkSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SdkSource")
            .field("summary", &self.summary)
            .field("inner", &self.inner)
            .finish()
    }
}

impl StdError for SdkSource {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}
