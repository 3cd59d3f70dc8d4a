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

use crate::model::AccountId;

mod changed;
mod codes;
mod context;
mod kinds;
mod record;

pub use changed::PolicyChange;
pub use codes::kind_for_code;
pub use context::{ErrorContext, Service};
pub use kinds::{Error, ErrorKind};

/// `Result` with rootctl's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The underlying cause of an AWS error (usually the SDK's error), shared so errors can be
/// cloned into reports.
pub type Source = Arc<dyn std::error::Error + Send + Sync + 'static>;

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

    /// The AWS context, for every variant except the input and configuration errors.
    pub fn context(&self) -> Option<&ErrorContext> {
        self.parts().map(|(context, _)| context)
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
            Error::Timeout { account_id, .. } => *account_id,
            Error::PolicyChanged { change } => Some(change.account_id),
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
            Error::PolicyChanged { change } => f
                .debug_struct("PolicyChanged")
                .field("change", change)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_maps_to_itself_through_every_conversion() {
        let context = || {
            ErrorContext::new(Service::Iam, "DeleteAccessKey")
                .account("123456789012".parse::<AccountId>().unwrap())
                .code("Code")
                .message("what AWS said")
        };
        for &kind in ErrorKind::ALL {
            let err = Error::from_kind(kind, context(), None);
            assert_eq!(err.kind(), kind, "from_kind");
            let json = serde_json::to_string(&err).unwrap();
            let back: Error = serde_json::from_str(&json).unwrap();
            assert_eq!(back.kind(), kind, "JSON: {json}");
            let named: ErrorKind =
                serde_json::from_value(serde_json::to_value(kind).unwrap()).unwrap();
            assert_eq!(named, kind, "the kind's own name");
            assert!(!err.to_string().is_empty() && !kind.summary().is_empty());
            assert!(!err.to_string().contains('\n'), "one line: {err}");
        }
        let mut names: Vec<String> = ErrorKind::ALL.iter().map(|k| format!("{k:?}")).collect();
        names.dedup();
        assert_eq!(names.len(), ErrorKind::ALL.len(), "each kind once");
    }

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
                account_id: Some("123456789012".parse().unwrap()),
                after: std::time::Duration::from_secs(300),
            },
            Error::Journal {
                path: "/tmp/j.jsonl".into(),
                message: "disk full".into(),
            },
            Error::config("no region"),
            Error::PolicyChanged {
                change: Box::new(PolicyChange {
                    account_id: "123456789012".parse().unwrap(),
                    service: crate::model::ResourceService::Sqs,
                    region: "eu-west-1".into(),
                    name: "jobs".into(),
                    expected: None,
                    live: Some("{}".into()),
                }),
            },
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
