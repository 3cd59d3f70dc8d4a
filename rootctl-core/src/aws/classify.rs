//! The one place where SDK errors become [`Error`]s.
//!
//! Classification looks at the `SdkError` variant first (no response, timeout, malformed
//! response, service error), then at the modeled error variant where AWS puts the
//! condition in a field (Organizations' `ConstraintViolationException.Reason`), then at
//! the error `code()`, and only then at the HTTP status. Never at message text.
//!
//! One function per service ([`iam`], [`sts`], [`organizations`]) fixes the service
//! name; they share [`kind_for_code`], the table of every AWS code rootctl understands.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::sync::Arc;

use aws_config::SdkConfig;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_organizations::types::ConstraintViolationExceptionReason;
use aws_smithy_runtime_api::client::result::{DispatchFailure, SdkError};
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
// The SDKs share one `RequestId` trait (from aws-types); any re-export names it.
use aws_sdk_sts::operation::RequestId;

use crate::error::{Error, ErrorContext, ErrorKind, Service, Source};
use crate::model::{AccountId, Partition};

pub use crate::error::kind_for_code;

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
    fn describe(&self, service: Service) -> String {
        match (&self.url, &self.region) {
            (Some(url), _) => url.clone(),
            (None, Some(region)) => format!("the {service} endpoint for region {region}"),
            (None, None) => format!("the default {service} endpoint"),
        }
    }
}

/// Classifies an error of an IAM call (feature APIs and root-session calls alike).
pub fn iam<E>(
    at: &Endpoint,
    operation: &'static str,
    account: Option<AccountId>,
    err: SdkError<E, HttpResponse>,
) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    classify(Service::Iam, at, operation, account, err, |_| None)
}

/// Classifies an error of an STS call.
pub fn sts<E>(
    at: &Endpoint,
    operation: &'static str,
    account: Option<AccountId>,
    err: SdkError<E, HttpResponse>,
) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    classify(Service::Sts, at, operation, account, err, |_| None)
}

/// Classifies an error of an AWS Account Management call (`ListRegions`, the caller's own).
pub fn account<E>(
    at: &Endpoint,
    operation: &'static str,
    account: Option<AccountId>,
    err: SdkError<E, HttpResponse>,
) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    classify(Service::Account, at, operation, account, err, |_| None)
}

/// Classifies an error of an S3 call (root sessions only).
pub fn s3<E>(
    at: &Endpoint,
    operation: &'static str,
    account: Option<AccountId>,
    err: SdkError<E, HttpResponse>,
) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    classify(Service::S3, at, operation, account, err, |_| None)
}

/// Classifies an error of an SQS call (root sessions only).
pub fn sqs<E>(
    at: &Endpoint,
    operation: &'static str,
    account: Option<AccountId>,
    err: SdkError<E, HttpResponse>,
) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    classify(Service::Sqs, at, operation, account, err, |_| None)
}

/// Classifies an error of an Organizations call. `reason` reads the modeled
/// `ConstraintViolationException.Reason` for operations that can return it.
pub fn organizations<E>(
    at: &Endpoint,
    operation: &'static str,
    account: Option<AccountId>,
    err: SdkError<E, HttpResponse>,
    reason: impl FnOnce(&E) -> Option<&ConstraintViolationExceptionReason>,
) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    classify(Service::Organizations, at, operation, account, err, |e| {
        reason(e).map(|r| match r {
            ConstraintViolationExceptionReason::ServiceAccessNotEnabled => {
                ErrorKind::TrustedAccessNotEnabled
            }
            _ => ErrorKind::Aws,
        })
    })
}

/// What a user reads when the SDK's default credential chain found nothing. The chain's
/// providers, in the order aws-config tries them.
const NO_CREDENTIALS: &str = "no AWS credentials found: tried the environment variables \
    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the shared config and credentials files \
    (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE) and \
    their profile (AWS_PROFILE or the profile option), SSO, web identity \
    (AWS_WEB_IDENTITY_TOKEN_FILE), and ECS container / EC2 instance metadata; provide \
    credentials through any of these, e.g. `aws configure`, `aws sso login`, or a profile";

/// The sentence added to an expired or invalid token when the credentials are the
/// caller's own, which rootctl cannot renew (unlike a root session, which it re-assumes).
const CALLER_CREDENTIALS: &str = "these are the caller's own AWS credentials, not a root \
    session: refresh them (e.g. `aws sso login`, new environment variables, or a new \
    assumed-role session) and run again";

fn classify<E>(
    service: Service,
    at: &Endpoint,
    operation: &'static str,
    account: Option<AccountId>,
    err: SdkError<E, HttpResponse>,
    variant_kind: impl FnOnce(&E) -> Option<ErrorKind>,
) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    let mut context = ErrorContext::new(service, Cow::Borrowed(operation)).account(account);
    context.http_status = err.raw_response().map(|r| r.status().as_u16());
    let kind = match &err {
        SdkError::ServiceError(service_err) => {
            let e = service_err.err();
            context.code = e.code().map(str::to_owned);
            context.message = e.message().map(str::to_owned);
            // The SDK has already copied the `x-amzn-RequestId` header into the metadata.
            context.request_id = e.meta().request_id().map(str::to_owned);
            variant_kind(e)
                .or_else(|| e.code().and_then(kind_for_code))
                .unwrap_or_else(|| kind_for_status(context.http_status))
        }
        SdkError::TimeoutError(_) => {
            context.message = Some(format!(
                "no answer from {} in time: {}",
                at.describe(service),
                one_line(&err)
            ));
            ErrorKind::Transport
        }
        SdkError::ResponseError(_) => {
            context.message = Some(format!(
                "unusable response from {}: {}",
                at.describe(service),
                one_line(&err)
            ));
            ErrorKind::Transport
        }
        SdkError::DispatchFailure(dispatch) => {
            let (kind, message) = dispatch_failure(dispatch, &err, service, at);
            context.message = Some(message);
            kind
        }
        _ => {
            // ConstructionFailure and any variant added later: the request never left.
            context.message = Some(one_line(&err));
            ErrorKind::Aws
        }
    };
    context.hint = hint(kind, service, account, at);
    let source: Source = Arc::new(SdkSource::from(err));
    Error::from_kind(kind, context, Some(source))
}

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

/// The condition and one-line message of a request that got no response: the connector's
/// own classification (`is_io`, `is_timeout`, ...) first, then the types in the source
/// chain that say more (a credentials error, a refused connection).
fn dispatch_failure(
    dispatch: &DispatchFailure,
    err: &(dyn StdError + 'static),
    service: Service,
    at: &Endpoint,
) -> (ErrorKind, String) {
    let endpoint = at.describe(service);
    if dispatch.is_timeout() {
        return (
            ErrorKind::Transport,
            format!("no answer from {endpoint} in time: {}", one_line(err)),
        );
    }
    if dispatch.is_io() {
        let refused = chain(err)
            .filter_map(|e| e.downcast_ref::<std::io::Error>())
            .any(|e| e.kind() == std::io::ErrorKind::ConnectionRefused);
        let message = if refused {
            format!(
                "nothing answered at {endpoint}: the connection was refused; check the \
                 endpoint URL and that the service (or emulator) is running there"
            )
        } else {
            format!("could not reach {endpoint}: {}", one_line(err))
        };
        return (ErrorKind::Transport, message);
    }
    // The SDK reports a failure to resolve the caller's identity as a dispatch failure of
    // kind "other" whose source chain holds the provider's `CredentialsError`.
    let credentials = chain(err).find_map(|e| e.downcast_ref::<CredentialsError>());
    let message = match credentials {
        Some(CredentialsError::CredentialsNotLoaded(_)) => NO_CREDENTIALS.to_owned(),
        Some(credentials) => format!(
            "could not load the caller's AWS credentials: {}",
            one_line(credentials)
        ),
        // A bad endpoint URL, an invalid request, ...: trying again will not help.
        None => one_line(err),
    };
    (ErrorKind::Aws, message)
}

/// The sentence that tells the reader what to do, where the kind alone does not.
fn hint(
    kind: ErrorKind,
    service: Service,
    account: Option<AccountId>,
    at: &Endpoint,
) -> Option<String> {
    match kind {
        // Only IAM, S3 and SQS calls on an account are made with root-session
        // credentials; every other call (Organizations, the feature APIs, STS including
        // AssumeRoot itself) is signed with the caller's own.
        ErrorKind::SessionExpired
            if !(matches!(service, Service::Iam | Service::S3 | Service::Sqs)
                && account.is_some()) =>
        {
            Some(CALLER_CREDENTIALS.to_owned())
        }
        ErrorKind::RegionDisabled => Some(format!(
            "activate STS in region {} (IAM console, Account settings, Security Token \
             Service endpoints) or choose another region",
            at.region().unwrap_or("the configured region")
        )),
        _ => None,
    }
}

/// `err` and its sources, outermost first.
fn chain<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(err), |&e| e.source())
}

/// The messages of `err` and its sources on one line, `: `-separated, repeats dropped.
/// (The SDK's `DisplayErrorContext` appends a multi-line `Debug` dump; reports and
/// console output want a sentence.)
fn one_line(err: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    for e in chain(err) {
        let text = e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !text.is_empty() && parts.last() != Some(&text) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

fn kind_for_status(status: Option<u16>) -> ErrorKind {
    match status {
        Some(429) => ErrorKind::Throttled,
        Some(500..=599) => ErrorKind::ServiceFailure,
        _ => ErrorKind::Aws,
    }
}

/// True when `err` is the service's answer `code` (e.g. `NoSuchEntity`), so an adapter can
/// turn an expected "not there" into a value instead of an error.
pub fn is_code<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>, code: &str) -> bool {
    err.as_service_error().and_then(|e| e.code()) == Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_without_a_known_code_have_a_condition() {
        assert_eq!(kind_for_status(Some(503)), ErrorKind::ServiceFailure);
        assert_eq!(kind_for_status(Some(429)), ErrorKind::Throttled);
        assert_eq!(kind_for_status(Some(400)), ErrorKind::Aws);
    }
}
