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

use aws_sdk_organizations::types::ConstraintViolationExceptionReason;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
// The SDKs share one `RequestId` trait (from aws-types); any re-export names it.
use aws_sdk_sts::operation::RequestId;

use crate::error::{Error, ErrorContext, ErrorKind, Service, Source};
use crate::model::AccountId;

pub use crate::error::kind_for_code;

mod endpoint;
mod messages;
mod source;

pub use endpoint::Endpoint;
use messages::{dispatch_failure, hint, one_line};
pub use source::SdkSource;

/// One classifier per service whose errors carry their condition in the code alone.
macro_rules! classifier {
    ($(#[$doc:meta])* $name:ident => $service:ident) => {
        $(#[$doc])*
        pub fn $name<E>(
            at: &Endpoint,
            operation: &'static str,
            account: Option<AccountId>,
            err: SdkError<E, HttpResponse>,
        ) -> Error
        where
            E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
        {
            classify(Service::$service, at, operation, account, err, |_| None)
        }
    };
}

classifier!(
    /// Classifies an error of an IAM call (feature APIs and root-session calls alike).
    iam => Iam
);
classifier!(
    /// Classifies an error of an STS call.
    sts => Sts
);
classifier!(
    /// Classifies an error of an AWS Account Management call (`ListRegions`, the caller's own).
    account => Account
);
classifier!(
    /// Classifies an error of an S3 call (root sessions only).
    s3 => S3
);
classifier!(
    /// Classifies an error of an SQS call (root sessions only).
    sqs => Sqs
);

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
