//! The one list of error kinds: [`ErrorKind`] and the AWS-answer variants of
//! [`Error`] are generated from it, with their headings, documentation and retry rule,
//! so a new kind is one entry here (plus its Python exception class in the stubs, which
//! a test holds to [`ErrorKind::ALL`]).

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ErrorContext, PolicyChange, Source};
use crate::model::AccountId;

macro_rules! error_kinds {
    ($(
        {
            $(#[doc = $doc:literal])*
            $variant:ident => $heading:literal, retryable: $retryable:literal;
        }
    )*) => {
        /// The condition behind an [`Error`], without its data: what code branches on,
        /// what reports serialize, and what the Python layer maps to exception classes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ErrorKind {
            /// See [`Error::InvalidInput`].
            InvalidInput,
            /// See [`Error::Config`].
            Config,
            $(
                $(#[doc = $doc])*
                $variant,
            )*
            /// See [`Error::Timeout`].
            Timeout,
            /// See [`Error::Journal`].
            Journal,
            /// See [`Error::PolicyChanged`].
            PolicyChanged,
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ErrorKind] = &[
                ErrorKind::InvalidInput,
                ErrorKind::Config,
                $(ErrorKind::$variant,)*
                ErrorKind::Timeout,
                ErrorKind::Journal,
                ErrorKind::PolicyChanged,
            ];

            /// Whether an error of this kind may succeed if the same call is simply tried
            /// again: throttling, 5xx service failures, transient 409 conflicts and
            /// transport failures. An expired session is not: it must be assumed again.
            pub const fn is_retryable(self) -> bool {
                match self {
                    $(ErrorKind::$variant => $retryable,)*
                    _ => false,
                }
            }

            /// What the kind means, in one sentence (the Python exception's docstring).
            pub const fn summary(self) -> &'static str {
                match self {
                    ErrorKind::InvalidInput => "A value given to rootctl breaks a rule; nothing was sent to AWS.",
                    ErrorKind::Config => "The environment cannot support the request (no region, the global STS endpoint, ...).",
                    $(ErrorKind::$variant => concat!($($doc),*),)*
                    ErrorKind::Timeout => "The work on one account did not finish within the per-account timeout.",
                    ErrorKind::Journal => "The removal journal could not be read or written; nothing further was removed.",
                    ErrorKind::PolicyChanged => "A bucket or queue policy is not what rootctl left there: it was changed since, so rootctl wrote nothing.",
                }
            }
        }

        /// Everything that can go wrong in rootctl.
        ///
        /// Input problems ([`Error::InvalidInput`], [`Error::Config`]) are found before
        /// any AWS call. Every AWS answer carries an [`ErrorContext`] (service,
        /// operation, account, AWS code, message and request id) and, where there is one,
        /// the underlying cause as its [`source`](std::error::Error::source).
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum Error {
            /// A value given to rootctl breaks a rule; nothing was sent to AWS.
            InvalidInput {
                /// What was being parsed or checked, e.g. `account id`.
                what: Cow<'static, str>,
                /// The offending value, verbatim.
                value: String,
                /// The rule it breaks.
                rule: Cow<'static, str>,
            },
            /// The environment cannot support the request (no region, the global STS
            /// endpoint, ...).
            Config {
                /// What is wrong and how to fix it.
                message: String,
            },
            $(
                $(#[doc = $doc])*
                $variant {
                    /// Where and what AWS said.
                    context: Box<ErrorContext>,
                    /// The underlying SDK error.
                    source: Option<Source>,
                },
            )*
            /// The work on one account did not finish within the per-account timeout.
            Timeout {
                /// The rootctl operation, e.g. `audit`.
                operation: Cow<'static, str>,
                /// The account whose work timed out, when known.
                account_id: Option<AccountId>,
                /// The timeout that elapsed.
                after: std::time::Duration,
            },
            /// The removal journal could not be read or written. Nothing further was
            /// removed.
            Journal {
                /// The journal file.
                path: String,
                /// What went wrong.
                message: String,
            },
            /// A bucket or queue policy is not what rootctl left there (a restore found
            /// the policy changed since the unlock), so rootctl wrote nothing. Both texts
            /// are kept.
            PolicyChanged {
                /// The resource, and the expected and live policies.
                change: Box<PolicyChange>,
            },
        }

        impl Error {
            /// The error of `kind` for a call described by `context`. Every kind maps to
            /// itself: `Error::from_kind(k, ..).kind() == k`.
            pub fn from_kind(kind: ErrorKind, context: ErrorContext, source: Option<Source>) -> Self {
                let context = Box::new(context);
                match kind {
                    ErrorKind::InvalidInput => Error::InvalidInput {
                        what: Cow::Owned(format!("{}:{} input", context.service, context.operation)),
                        value: String::new(),
                        rule: Cow::Owned(context.message.clone().unwrap_or_default()),
                    },
                    ErrorKind::Config => Error::Config { message: context.to_string() },
                    $(ErrorKind::$variant => Error::$variant { context, source },)*
                    ErrorKind::Timeout => Error::Timeout {
                        operation: context.operation.clone(),
                        account_id: context.account_id,
                        after: std::time::Duration::ZERO,
                    },
                    ErrorKind::Journal => Error::Journal {
                        path: context.operation.to_string(),
                        message: context.message.clone().unwrap_or_default(),
                    },
                    ErrorKind::PolicyChanged => Error::PolicyChanged {
                        change: Box::new(PolicyChange {
                            account_id: context
                                .account_id
                                .unwrap_or_else(|| "000000000000".parse().expect("twelve digits")),
                            service: crate::model::ResourceService::S3,
                            region: String::new(),
                            name: context.operation.to_string(),
                            expected: None,
                            live: context.message.clone(),
                        }),
                    },
                }
            }

            /// The condition behind this error.
            pub fn kind(&self) -> ErrorKind {
                match self {
                    Error::InvalidInput { .. } => ErrorKind::InvalidInput,
                    Error::Config { .. } => ErrorKind::Config,
                    $(Error::$variant { .. } => ErrorKind::$variant,)*
                    Error::Timeout { .. } => ErrorKind::Timeout,
                    Error::Journal { .. } => ErrorKind::Journal,
                    Error::PolicyChanged { .. } => ErrorKind::PolicyChanged,
                }
            }

            /// The AWS context and source, for the AWS-answer variants.
            pub(super) fn parts(&self) -> Option<(&ErrorContext, &Option<Source>)> {
                match self {
                    $(Error::$variant { context, source } => Some((context, source)),)*
                    _ => None,
                }
            }

            pub(super) fn context_mut(&mut self) -> Option<&mut ErrorContext> {
                match self {
                    $(Error::$variant { context, .. } => Some(context),)*
                    _ => None,
                }
            }

            /// The heading `Display` starts with, e.g. `access denied`.
            fn heading(&self) -> Option<&'static str> {
                match self {
                    $(Error::$variant { .. } => Some($heading),)*
                    _ => None,
                }
            }
        }
    };
}

error_kinds! {
    {
        /// The caller is not the management account (or, where AWS allows it, the IAM
        /// delegated administrator). AWS codes `CallerIsNotManagementAccountException`,
        /// `AccountNotManagementOrDelegatedAdministratorException`.
        NotManagementAccount => "caller is not the management account or delegated administrator", retryable: false;
    }
    {
        /// The caller's account is not in an organization.
        OrganizationNotFound => "no AWS organization found", retryable: false;
    }
    {
        /// The organization is not in ALL features mode.
        NotAllFeatures => "the organization is not in ALL features mode", retryable: false;
    }
    {
        /// Trusted access for `iam.amazonaws.com` is not enabled in Organizations.
        TrustedAccessNotEnabled => "trusted access for iam.amazonaws.com is not enabled", retryable: false;
    }
    {
        /// An organization feature (RootCredentialsManagement or RootSessions) that the
        /// operation needs is off.
        FeatureNotEnabled => "a required organization feature is not enabled", retryable: false;
    }
    {
        /// AWS denied the call (caller policy, task policy scope, or a member SCP).
        AccessDenied => "access denied", retryable: false;
    }
    {
        /// AWS throttled the call. Retryable.
        Throttled => "throttled", retryable: true;
    }
    {
        /// The root session (or the caller's own session) has expired, or AWS refused
        /// its credentials as invalid (`ExpiredToken`, `InvalidClientTokenId`,
        /// `SignatureDoesNotMatch`, ...); a root session is assumed again. When the
        /// credentials are the caller's own, the context's `hint` says to refresh them.
        SessionExpired => "session expired", retryable: false;
    }
    {
        /// The thing named does not exist (`NoSuchEntity`, `AccountNotFoundException`,
        /// ...).
        NotFound => "not found", retryable: false;
    }
    {
        /// The thing to create exists already (`EntityAlreadyExists`, ...).
        AlreadyExists => "already exists", retryable: false;
    }
    {
        /// A transient conflict (`ConcurrentModification`,
        /// `EntityTemporarilyUnmodifiable`). Retryable.
        Conflict => "conflicting concurrent change", retryable: true;
    }
    {
        /// AWS failed internally (HTTP 5xx, `ServiceFailure`). Retryable.
        ServiceFailure => "AWS service failure", retryable: true;
    }
    {
        /// The request did not get a usable response (connection, timeout). Retryable.
        Transport => "transport failure", retryable: true;
    }
    {
        /// STS is not activated in the configured region (`RegionDisabledException`).
        RegionDisabled => "STS is disabled in this region", retryable: false;
    }
    {
        /// Any other AWS error, with its code and message.
        Aws => "AWS error", retryable: false;
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput { what, value, rule } => {
                write!(f, "invalid {what} {value:?}: {rule}")
            }
            Error::Config { message } => write!(f, "configuration error: {message}"),
            Error::Timeout {
                operation,
                account_id,
                after,
            } => match account_id {
                Some(account) => write!(
                    f,
                    "{operation} in account {account} did not finish within {after:?}"
                ),
                None => write!(f, "{operation} did not finish within {after:?}"),
            },
            Error::Journal { path, message } => write!(f, "journal {path}: {message}"),
            Error::PolicyChanged { change } => write!(f, "policy changed: {change}"),
            other => {
                let (context, _) = other.parts().expect("AWS variants carry a context");
                write!(f, "{}: {context}", other.heading().unwrap_or("error"))
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.parts()
            .and_then(|(_, source)| source.as_deref())
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}
