//! The one public [`Error`] type, its [`ErrorKind`], and the AWS context it carries.
//!
//! Variants are named by *condition* (access denied, throttled, ...), not by AWS code, so
//! callers can react without knowing which service or API answered. The AWS code, message
//! and request id are kept in an [`ErrorContext`] for the humans who read the report.
//! SDK errors are classified into these variants in exactly one place,
//! `aws::classify`; nothing else looks at AWS codes.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::AccountId;

mod codes;

pub use codes::kind_for_code;

/// `Result` with rootctl's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The underlying cause of an AWS error (usually the SDK's error), shared so errors can be
/// cloned into reports.
pub type Source = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// The AWS service an error came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// AWS Organizations.
    Organizations,
    /// IAM (feature APIs and root-session calls).
    Iam,
    /// STS (AssumeRoot, GetCallerIdentity).
    Sts,
}

impl Service {
    /// The IAM-policy prefix of the service, e.g. `iam`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Service::Organizations => "organizations",
            Service::Iam => "iam",
            Service::Sts => "sts",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an AWS error happened and what AWS said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorContext {
    /// The service called.
    pub service: Service,
    /// The API operation, e.g. `DeleteAccessKey`.
    pub operation: Cow<'static, str>,
    /// The member account the call acted on, when there is one.
    pub account_id: Option<AccountId>,
    /// The AWS error code, e.g. `AccessDenied` (absent for transport failures).
    pub code: Option<String>,
    /// AWS's message, verbatim.
    pub message: Option<String>,
    /// The request id, for AWS support and CloudTrail.
    pub request_id: Option<String>,
    /// The HTTP status, when a response arrived.
    pub http_status: Option<u16>,
    /// What to do about it, when rootctl knows more than AWS said (e.g. that the expired
    /// credentials are the caller's own, not a root session's). One sentence, no secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl ErrorContext {
    /// A context for `service:operation` with nothing else known yet.
    pub fn new(service: Service, operation: impl Into<Cow<'static, str>>) -> Self {
        Self {
            service,
            operation: operation.into(),
            account_id: None,
            code: None,
            message: None,
            request_id: None,
            http_status: None,
            hint: None,
        }
    }

    /// Sets the account the call acted on.
    pub fn account(mut self, account_id: impl Into<Option<AccountId>>) -> Self {
        self.account_id = account_id.into();
        self
    }

    /// Sets the AWS error code.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets AWS's message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }
}

impl fmt::Display for ErrorContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service, self.operation)?;
        if let Some(account) = &self.account_id {
            write!(f, " in account {account}")?;
        }
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, ": {code}: {message}")?,
            (Some(code), None) => write!(f, ": {code}")?,
            (None, Some(message)) => write!(f, ": {message}")?,
            (None, None) => {}
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// The condition behind an [`Error`], without its data: what code branches on, what
/// reports serialize, and what the Python layer maps to exception classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// See [`Error::InvalidInput`].
    InvalidInput,
    /// See [`Error::Config`].
    Config,
    /// See [`Error::NotManagementAccount`].
    NotManagementAccount,
    /// See [`Error::OrganizationNotFound`].
    OrganizationNotFound,
    /// See [`Error::NotAllFeatures`].
    NotAllFeatures,
    /// See [`Error::TrustedAccessNotEnabled`].
    TrustedAccessNotEnabled,
    /// See [`Error::FeatureNotEnabled`].
    FeatureNotEnabled,
    /// See [`Error::AccessDenied`].
    AccessDenied,
    /// See [`Error::Throttled`].
    Throttled,
    /// See [`Error::SessionExpired`].
    SessionExpired,
    /// See [`Error::NotFound`].
    NotFound,
    /// See [`Error::AlreadyExists`].
    AlreadyExists,
    /// See [`Error::Conflict`].
    Conflict,
    /// See [`Error::ServiceFailure`].
    ServiceFailure,
    /// See [`Error::Transport`].
    Transport,
    /// See [`Error::RegionDisabled`].
    RegionDisabled,
    /// See [`Error::Aws`].
    Aws,
    /// See [`Error::Timeout`].
    Timeout,
    /// See [`Error::Journal`].
    Journal,
}

impl ErrorKind {
    /// Whether an error of this kind may succeed if the same call is simply tried again.
    ///
    /// Throttling, 5xx service failures, transient 409 conflicts and transport failures
    /// are retryable. An expired session is not: the session must be assumed again first.
    pub const fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::Throttled
                | ErrorKind::ServiceFailure
                | ErrorKind::Conflict
                | ErrorKind::Transport
        )
    }
}

/// Everything that can go wrong in rootctl.
///
/// Input problems ([`Error::InvalidInput`], [`Error::Config`]) are found before any AWS
/// call. Every other variant carries an [`ErrorContext`] (service, operation, account,
/// AWS code, message and request id) and, where there is one, the underlying cause as
/// its [`source`](std::error::Error::source).
#[derive(Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value given to rootctl breaks a rule; nothing was sent to AWS.
    #[error("invalid {what} {value:?}: {rule}")]
    InvalidInput {
        /// What was being parsed or checked, e.g. `account id`.
        what: Cow<'static, str>,
        /// The offending value, verbatim.
        value: String,
        /// The rule it breaks.
        rule: Cow<'static, str>,
    },
    /// The environment cannot support the request (no region, the global STS endpoint, ...).
    #[error("configuration error: {message}")]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The caller is not the management account (or, where AWS allows it, the IAM
    /// delegated administrator). AWS codes `CallerIsNotManagementAccountException`,
    /// `AccountNotManagementOrDelegatedAdministratorException`.
    #[error("caller is not the management account or delegated administrator: {context}")]
    NotManagementAccount {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// The caller's account is not in an organization.
    #[error("no AWS organization found: {context}")]
    OrganizationNotFound {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// The organization is not in ALL features mode.
    #[error("the organization is not in ALL features mode: {context}")]
    NotAllFeatures {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// Trusted access for `iam.amazonaws.com` is not enabled in Organizations.
    #[error("trusted access for iam.amazonaws.com is not enabled: {context}")]
    TrustedAccessNotEnabled {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// An organization feature (RootCredentialsManagement or RootSessions) that the
    /// operation needs is off.
    #[error("a required organization feature is not enabled: {context}")]
    FeatureNotEnabled {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// AWS denied the call (caller policy, task policy scope, or a member SCP).
    #[error("access denied: {context}")]
    AccessDenied {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// AWS throttled the call. Retryable.
    #[error("throttled: {context}")]
    Throttled {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// The root session (or the caller's own session) has expired, or AWS refused its
    /// credentials as invalid (`ExpiredToken`, `InvalidClientTokenId`,
    /// `SignatureDoesNotMatch`, ...); a root session is assumed again. When the
    /// credentials are the caller's own, the context's `hint` says to refresh them.
    #[error("session expired: {context}")]
    SessionExpired {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// The thing named does not exist (`NoSuchEntity`, `AccountNotFoundException`, ...).
    #[error("not found: {context}")]
    NotFound {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// The thing to create exists already (`EntityAlreadyExists`, ...).
    #[error("already exists: {context}")]
    AlreadyExists {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// A transient conflict (`ConcurrentModification`, `EntityTemporarilyUnmodifiable`).
    /// Retryable.
    #[error("conflicting concurrent change: {context}")]
    Conflict {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// AWS failed internally (HTTP 5xx, `ServiceFailure`). Retryable.
    #[error("AWS service failure: {context}")]
    ServiceFailure {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// The request did not get a usable response (connection, timeout). Retryable.
    #[error("transport failure: {context}")]
    Transport {
        /// Where the call was going.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// STS is not activated in the configured region (`RegionDisabledException`).
    #[error("STS is disabled in this region: {context}")]
    RegionDisabled {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// Any other AWS error, with its code and message.
    #[error("AWS error: {context}")]
    Aws {
        /// Where and what AWS said.
        context: Box<ErrorContext>,
        /// The underlying SDK error.
        #[source]
        source: Option<Source>,
    },
    /// The work on one account did not finish within the per-account timeout.
    #[error("{operation} in account {account_id} did not finish within {after:?}")]
    Timeout {
        /// The rootctl operation, e.g. `audit`.
        operation: Cow<'static, str>,
        /// The account whose work timed out.
        account_id: AccountId,
        /// The timeout that elapsed.
        after: std::time::Duration,
    },
    /// The removal journal could not be read or written. Nothing further was removed.
    #[error("journal {path}: {message}")]
    Journal {
        /// The journal file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// An [`Error::InvalidInput`] naming what was checked, the value, and the rule.
    pub fn invalid_input(
        what: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
        rule: impl Into<Cow<'static, str>>,
    ) -> Self {
        Error::InvalidInput {
            what: what.into(),
            value: value.into(),
            rule: rule.into(),
        }
    }

    /// An [`Error::Config`].
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    /// The error of `kind` for an AWS call described by `context`.
    ///
    /// For the kinds that are not AWS answers ([`ErrorKind::InvalidInput`],
    /// [`ErrorKind::Config`], [`ErrorKind::Timeout`], [`ErrorKind::Journal`]) this builds
    /// an [`Error::InvalidInput`] or [`Error::Config`] carrying the context's text.
    pub fn from_kind(kind: ErrorKind, context: ErrorContext, source: Option<Source>) -> Self {
        let context = Box::new(context);
        match kind {
            ErrorKind::InvalidInput => Error::InvalidInput {
                what: Cow::Owned(format!("{}:{} input", context.service, context.operation)),
                value: String::new(),
                rule: Cow::Owned(context.message.clone().unwrap_or_default()),
            },
            ErrorKind::Config | ErrorKind::Timeout | ErrorKind::Journal => Error::Config {
                message: context.to_string(),
            },
            ErrorKind::NotManagementAccount => Error::NotManagementAccount { context, source },
            ErrorKind::OrganizationNotFound => Error::OrganizationNotFound { context, source },
            ErrorKind::NotAllFeatures => Error::NotAllFeatures { context, source },
            ErrorKind::TrustedAccessNotEnabled => {
                Error::TrustedAccessNotEnabled { context, source }
            }
            ErrorKind::FeatureNotEnabled => Error::FeatureNotEnabled { context, source },
            ErrorKind::AccessDenied => Error::AccessDenied { context, source },
            ErrorKind::Throttled => Error::Throttled { context, source },
            ErrorKind::SessionExpired => Error::SessionExpired { context, source },
            ErrorKind::NotFound => Error::NotFound { context, source },
            ErrorKind::AlreadyExists => Error::AlreadyExists { context, source },
            ErrorKind::Conflict => Error::Conflict { context, source },
            ErrorKind::ServiceFailure => Error::ServiceFailure { context, source },
            ErrorKind::Transport => Error::Transport { context, source },
            ErrorKind::RegionDisabled => Error::RegionDisabled { context, source },
            ErrorKind::Aws => Error::Aws { context, source },
        }
    }

    /// The condition behind this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::Config { .. } => ErrorKind::Config,
            Error::NotManagementAccount { .. } => ErrorKind::NotManagementAccount,
            Error::OrganizationNotFound { .. } => ErrorKind::OrganizationNotFound,
            Error::NotAllFeatures { .. } => ErrorKind::NotAllFeatures,
            Error::TrustedAccessNotEnabled { .. } => ErrorKind::TrustedAccessNotEnabled,
            Error::FeatureNotEnabled { .. } => ErrorKind::FeatureNotEnabled,
            Error::AccessDenied { .. } => ErrorKind::AccessDenied,
            Error::Throttled { .. } => ErrorKind::Throttled,
            Error::SessionExpired { .. } => ErrorKind::SessionExpired,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::AlreadyExists { .. } => ErrorKind::AlreadyExists,
            Error::Conflict { .. } => ErrorKind::Conflict,
            Error::ServiceFailure { .. } => ErrorKind::ServiceFailure,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::RegionDisabled { .. } => ErrorKind::RegionDisabled,
            Error::Aws { .. } => ErrorKind::Aws,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Journal { .. } => ErrorKind::Journal,
        }
    }

    /// The AWS context, for every variant except the input and configuration errors.
    pub fn context(&self) -> Option<&ErrorContext> {
        self.parts().map(|(context, _)| context)
    }

    fn parts(&self) -> Option<(&ErrorContext, &Option<Source>)> {
        match self {
            Error::InvalidInput { .. }
            | Error::Config { .. }
            | Error::Timeout { .. }
            | Error::Journal { .. } => None,
            Error::NotManagementAccount { context, source }
            | Error::OrganizationNotFound { context, source }
            | Error::NotAllFeatures { context, source }
            | Error::TrustedAccessNotEnabled { context, source }
            | Error::FeatureNotEnabled { context, source }
            | Error::AccessDenied { context, source }
            | Error::Throttled { context, source }
            | Error::SessionExpired { context, source }
            | Error::NotFound { context, source }
            | Error::AlreadyExists { context, source }
            | Error::Conflict { context, source }
            | Error::ServiceFailure { context, source }
            | Error::Transport { context, source }
            | Error::RegionDisabled { context, source }
            | Error::Aws { context, source } => Some((context, source)),
        }
    }

    fn context_mut(&mut self) -> Option<&mut ErrorContext> {
        match self {
            Error::InvalidInput { .. }
            | Error::Config { .. }
            | Error::Timeout { .. }
            | Error::Journal { .. } => None,
            Error::NotManagementAccount { context, .. }
            | Error::OrganizationNotFound { context, .. }
            | Error::NotAllFeatures { context, .. }
            | Error::TrustedAccessNotEnabled { context, .. }
            | Error::FeatureNotEnabled { context, .. }
            | Error::AccessDenied { context, .. }
            | Error::Throttled { context, .. }
            | Error::SessionExpired { context, .. }
            | Error::NotFound { context, .. }
            | Error::AlreadyExists { context, .. }
            | Error::Conflict { context, .. }
            | Error::ServiceFailure { context, .. }
            | Error::Transport { context, .. }
            | Error::RegionDisabled { context, .. }
            | Error::Aws { context, .. } => Some(context),
        }
    }

    /// Records the account the failed call acted on, if not known already.
    pub fn with_account(mut self, account_id: AccountId) -> Self {
        if let Some(context) = self.context_mut() {
            context.account_id.get_or_insert(account_id);
        }
        self
    }

    /// The account the failed call acted on, if any.
    pub fn account_id(&self) -> Option<AccountId> {
        match self {
            Error::Timeout { account_id, .. } => Some(*account_id),
            _ => self.context().and_then(|c| c.account_id),
        }
    }

    /// The AWS error code, if AWS answered with one.
    pub fn code(&self) -> Option<&str> {
        self.context().and_then(|c| c.code.as_deref())
    }

    /// The AWS request id, if a response arrived.
    pub fn request_id(&self) -> Option<&str> {
        self.context().and_then(|c| c.request_id.as_deref())
    }

    /// Whether trying the same call again may succeed; see [`ErrorKind::is_retryable`].
    pub fn is_retryable(&self) -> bool {
        self.kind().is_retryable()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput { what, value, rule } => f
                .debug_struct("InvalidInput")
                .field("what", what)
                .field("value", value)
                .field("rule", rule)
                .finish(),
            Error::Config { message } => {
                f.debug_struct("Config").field("message", message).finish()
            }
            Error::Timeout {
                operation,
                account_id,
                after,
            } => f
                .debug_struct("Timeout")
                .field("operation", operation)
                .field("account_id", account_id)
                .field("after", after)
                .finish(),
            Error::Journal { path, message } => f
                .debug_struct("Journal")
                .field("path", path)
                .field("message", message)
                .finish(),
            other => {
                let (context, source) = other.parts().expect("AWS variants carry a context");
                f.debug_struct(&format!("{:?}", other.kind()))
                    .field("context", context)
                    .field("source", &source.as_ref().map(|s| s.to_string()))
                    .finish()
            }
        }
    }
}

/// The serialized form of an [`Error`]: its kind, its message, and its context. The
/// underlying source is summarized by its message, since SDK errors do not serialize.
#[derive(Serialize, Deserialize)]
struct ErrorRecord {
    kind: ErrorKind,
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    context: Option<ErrorContext>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    input: Option<(String, String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timeout: Option<(String, AccountId, u64)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    journal: Option<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    config: Option<String>,
}

/// A source rebuilt from its message when an error is read back from JSON.
#[derive(Debug)]
struct RecordedSource(String);

impl fmt::Display for RecordedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RecordedSource {}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let input = match self {
            Error::InvalidInput { what, value, rule } => {
                Some((what.to_string(), value.clone(), rule.to_string()))
            }
            _ => None,
        };
        let timeout = match self {
            Error::Timeout {
                operation,
                account_id,
                after,
            } => Some((operation.to_string(), *account_id, after.as_millis() as u64)),
            _ => None,
        };
        let config = match self {
            Error::Config { message } => Some(message.clone()),
            _ => None,
        };
        let journal = match self {
            Error::Journal { path, message } => Some((path.clone(), message.clone())),
            _ => None,
        };
        ErrorRecord {
            kind: self.kind(),
            message: self.to_string(),
            context: self.context().cloned(),
            source: self
                .parts()
                .and_then(|(_, source)| source.as_ref().map(|s| s.to_string())),
            input,
            timeout,
            journal,
            config,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Error {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = ErrorRecord::deserialize(deserializer)?;
        if let Some((operation, account_id, millis)) = record.timeout {
            return Ok(Error::Timeout {
                operation: Cow::Owned(operation),
                account_id,
                after: std::time::Duration::from_millis(millis),
            });
        }
        if let Some((path, message)) = record.journal {
            return Ok(Error::Journal { path, message });
        }
        if let Some(message) = record.config {
            return Ok(Error::config(message));
        }
        Ok(match (record.kind, record.input, record.context) {
            (ErrorKind::InvalidInput, Some((what, value, rule)), _) => {
                Error::invalid_input(what, value, rule)
            }
            (ErrorKind::InvalidInput | ErrorKind::Config, _, _) | (_, _, None) => {
                Error::config(record.message)
            }
            (kind, _, Some(context)) => {
                let source = record
                    .source
                    .map(|text| Arc::new(RecordedSource(text)) as Source);
                Error::from_kind(kind, context, source)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> ErrorContext {
        let mut context = ErrorContext::new(Service::Iam, "DeleteAccessKey")
            .account("123456789012".parse::<AccountId>().unwrap())
            .code("AccessDenied")
            .message("not authorized");
        context.request_id = Some("req-1".into());
        context
    }

    #[test]
    fn display_names_operation_account_code_message_and_request_id() {
        let err = Error::from_kind(ErrorKind::AccessDenied, context(), None);
        assert_eq!(
            err.to_string(),
            "access denied: iam:DeleteAccessKey in account 123456789012: AccessDenied: \
             not authorized (request id req-1)"
        );
        assert_eq!(err.code(), Some("AccessDenied"));
        assert_eq!(err.request_id(), Some("req-1"));
        assert_eq!(err.account_id().unwrap().as_str(), "123456789012");
    }

    #[test]
    fn only_transient_kinds_are_retryable() {
        use ErrorKind::*;
        for kind in [Throttled, ServiceFailure, Conflict, Transport] {
            assert!(
                Error::from_kind(kind, context(), None).is_retryable(),
                "{kind:?}"
            );
        }
        for kind in [
            AccessDenied,
            SessionExpired,
            NotFound,
            AlreadyExists,
            NotManagementAccount,
            FeatureNotEnabled,
            TrustedAccessNotEnabled,
            Aws,
        ] {
            assert!(
                !Error::from_kind(kind, context(), None).is_retryable(),
                "{kind:?}"
            );
        }
        assert!(!Error::invalid_input("x", "y", "z").is_retryable());
    }

    #[test]
    fn kind_and_from_kind_agree_for_aws_variants() {
        use ErrorKind::*;
        for kind in [
            NotManagementAccount,
            OrganizationNotFound,
            NotAllFeatures,
            TrustedAccessNotEnabled,
            FeatureNotEnabled,
            AccessDenied,
            Throttled,
            SessionExpired,
            NotFound,
            AlreadyExists,
            Conflict,
            ServiceFailure,
            Transport,
            RegionDisabled,
            Aws,
        ] {
            assert_eq!(Error::from_kind(kind, context(), None).kind(), kind);
        }
    }

    #[test]
    fn source_is_kept_and_json_round_trips() {
        let cause: Source = Arc::new(std::io::Error::other("connection reset"));
        let err = Error::from_kind(ErrorKind::Transport, context(), Some(cause));
        let source = std::error::Error::source(&err).expect("source kept");
        assert_eq!(source.to_string(), "connection reset");

        let json = serde_json::to_string(&err).unwrap();
        assert!(json.contains("\"kind\":\"transport\""), "{json}");
        let back: Error = serde_json::from_str(&json).unwrap();
        assert_eq!(back.kind(), ErrorKind::Transport);
        assert_eq!(back.context(), err.context());
        assert_eq!(back.to_string(), err.to_string());
        assert_eq!(
            std::error::Error::source(&back).unwrap().to_string(),
            "connection reset"
        );

        let others = [
            Error::invalid_input("account id", "123", "must be 12 digits"),
            Error::Timeout {
                operation: "audit".into(),
                account_id: "123456789012".parse().unwrap(),
                after: std::time::Duration::from_secs(300),
            },
            Error::Journal {
                path: "/tmp/j.jsonl".into(),
                message: "disk full".into(),
            },
            Error::config("no region"),
        ];
        for err in others {
            let back: Error = serde_json::from_str(&serde_json::to_string(&err).unwrap()).unwrap();
            assert_eq!(back.kind(), err.kind());
            assert_eq!(back.to_string(), err.to_string());
            assert_eq!(back.account_id(), err.account_id());
        }
    }

    #[test]
    fn with_account_fills_only_a_missing_account() {
        let other: AccountId = "210987654321".parse().unwrap();
        let err = Error::from_kind(ErrorKind::Throttled, context(), None).with_account(other);
        assert_eq!(err.account_id().unwrap().as_str(), "123456789012");
        let err = Error::from_kind(
            ErrorKind::Throttled,
            ErrorContext::new(Service::Sts, "AssumeRoot"),
            None,
        )
        .with_account(other);
        assert_eq!(err.account_id(), Some(other));
    }
}
