//! [`ErrorContext`]: where an AWS error happened and what AWS said, and the [`Service`]
//! it came from.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::AccountId;

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
    /// Amazon S3 (bucket policies, in root sessions).
    S3,
    /// Amazon SQS (queue policies, in root sessions).
    Sqs,
    /// AWS Account Management (a member's enabled regions).
    Account,
}

impl Service {
    /// The IAM-policy prefix of the service, e.g. `iam`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Service::Organizations => "organizations",
            Service::Iam => "iam",
            Service::Sts => "sts",
            Service::S3 => "s3",
            Service::Sqs => "sqs",
            Service::Account => "account",
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
