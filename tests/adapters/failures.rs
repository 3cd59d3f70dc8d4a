//! Failures a user meets before anything works: no credentials, expired or invalid
//! credentials, an endpoint that does not answer, no region, a region without STS. Each
//! must read as one line that says what to do, with the SDK error kept as the source.

use std::error::Error as _;

use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider, future};
use rootctl::aws::AwsClients;
use rootctl::{Error, ErrorKind, Organizations, RootIam, StsApi, TaskPolicy};

use crate::canned::Reply;
use crate::{audit_session, clients};

/// Asserts the error reads as one line containing every word in `words`, and keeps the
/// SDK's error as its source.
fn one_line_with(err: &Error, words: &[&str]) {
    let text = err.to_string();
    assert!(!text.contains('\n'), "more than one line: {text}");
    assert!(!text.contains("DispatchFailure"), "SDK debug text: {text}");
    for word in words {
        assert!(text.contains(word), "{word:?} missing from: {text}");
    }
    assert!(err.source().is_some(), "no source: {err:?}");
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Real SDK clients (default HTTP client, no SDK retries) for `endpoint`, with
/// `credentials`, or none at all.
fn loopback_config(endpoint: &str, credentials: Option<SharedCredentialsProvider>) -> SdkConfig {
    let mut builder = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled());
    builder.set_credentials_provider(credentials);
    builder.build()
}

/// A provider that answers as the SDK's default chain does when no source has
/// credentials: every link `CredentialsNotLoaded`, and so the chain too.
#[derive(Debug)]
struct NothingConfigured(&'static str);

impl ProvideCredentials for NothingConfigured {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::not_loaded(self.0)))
    }
}

fn empty_default_chain() -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(
        CredentialsProviderChain::first_try("Environment", NothingConfigured("not set"))
            .or_else("Profile", NothingConfigured("no profile file"))
            .or_else("WebIdentityToken", NothingConfigured("not configured"))
            .or_else("EcsContainer", NothingConfigured("not in a container"))
            .or_else("Ec2InstanceMetadata", NothingConfigured("disabled")),
    )
}

#[tokio::test]
async fn no_credentials_names_the_sources_tried_in_one_line() {
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let clients =
        AwsClients::from_sdk_config(&loopback_config(&endpoint, Some(empty_default_chain())))
            .unwrap();
    let err = clients.sts.caller_identity().await.unwrap_err();
    one_line_with(
        &err,
        &[
            "no AWS credentials found",
            "AWS_ACCESS_KEY_ID",
            "credentials files",
            "profile",
            "SSO",
            "web identity",
            "instance metadata",
        ],
    );
    assert_eq!(err.kind(), ErrorKind::Aws, "{err}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn a_config_without_any_credentials_provider_reads_as_one_line() {
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let clients = AwsClients::from_sdk_config(&loopback_config(&endpoint, None)).unwrap();
    let err = clients
        .organizations
        .describe_organization()
        .await
        .unwrap_err();
    one_line_with(&err, &["organizations:DescribeOrganization"]);
}

#[tokio::test]
async fn an_unreachable_endpoint_is_named_in_one_line() {
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let caller = SharedCredentialsProvider::new(Credentials::new(
        "CALLERKEYID",
        "caller-secret",
        None,
        None,
        "test",
    ));
    let clients = AwsClients::from_sdk_config(&loopback_config(&endpoint, Some(caller))).unwrap();
    let err = clients.sts.caller_identity().await.unwrap_err();
    one_line_with(&err, &["nothing answered", &endpoint, "refused"]);
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(!err.to_string().contains("caller-secret"));
}

#[tokio::test]
async fn expired_caller_credentials_say_to_refresh_them() {
    let cases = [
        (
            403,
            "ExpiredToken",
            "The security token included in the request is expired",
        ),
        (
            403,
            "InvalidClientTokenId",
            "The security token included in the request is invalid",
        ),
        (
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match",
        ),
    ];
    for (status, code, message) in cases {
        let (clients, _) = clients(move |_| Reply::query_error(status, code, message));
        let err = clients.sts.caller_identity().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SessionExpired, "{code}: {err}");
        one_line_with(
            &err,
            &[code, "caller's own AWS credentials", "refresh them"],
        );
        // AWS's message stays verbatim; the advice is rootctl's.
        assert_eq!(err.context().unwrap().message.as_deref(), Some(message));
    }
    // The JSON-protocol spelling, from Organizations.
    let (clients, _) =
        clients(|_| Reply::json_error(400, "UnrecognizedClientException", serde_json::json!({})));
    let err = clients
        .organizations
        .describe_organization()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired, "{err}");
    one_line_with(&err, &["caller's own AWS credentials"]);
}

#[tokio::test]
async fn an_expired_root_session_is_not_blamed_on_the_caller() {
    let (clients, _) = clients(|_| Reply::query_error(403, "ExpiredToken", "expired"));
    let session = rootctl::RootSession::new(
        "222222222222".parse().unwrap(),
        TaskPolicy::IamAuditRootUserCredentials,
        chrono::Utc::now() + chrono::TimeDelta::seconds(900),
        rootctl::SessionCredentials::new("SESSIONKEYID0001", "s-secret", "s-token"),
    );
    let err = clients.iam.list_access_keys(&session).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired);
    one_line_with(&err, &["in account 222222222222", "ExpiredToken"]);
    assert!(!err.to_string().contains("caller's own"), "{err}");
}

#[tokio::test]
async fn a_region_without_sts_says_to_activate_it() {
    let (clients, _) = clients(|_| {
        Reply::query_error(
            403,
            "RegionDisabledException",
            "STS is not activated in this region",
        )
    });
    let err = audit_session(&clients).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RegionDisabled);
    one_line_with(
        &err,
        &["activate STS in region us-east-1", "another region"],
    );
}

#[test]
fn no_region_is_one_line() {
    let config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .build();
    let err = AwsClients::from_sdk_config(&config).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let text = err.to_string();
    assert!(!text.contains('\n'), "{text}");
    assert!(text.contains("no AWS region configured"), "{text}");
    assert!(text.contains("AWS_REGION"), "{text}");
}
