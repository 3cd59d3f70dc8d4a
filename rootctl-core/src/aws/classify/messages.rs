//! What a classified error says beyond the service's own code and message: why a request
//! got no response (a timeout, a refused connection, missing credentials), the hint that
//! tells the reader what to do, and any error chain as one line.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::result::DispatchFailure;

use super::Endpoint;
use crate::error::{ErrorKind, Service};
use crate::model::AccountId;

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

/// The condition and one-line message of a request that got no response: the connector's
/// own classification (`is_io`, `is_timeout`, ...) first, then the types in the source
/// chain that say more (a credentials error, a refused connection).
pub(super) fn dispatch_failure(
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
pub(super) fn hint(
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
pub(super) fn one_line(err: &(dyn StdError + 'static)) -> String {
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
