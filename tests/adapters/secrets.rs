//! Session secrets never reach `Debug` output, errors or serialized forms.

use rootctl::RootIam;

use crate::canned::Reply;
use crate::{audit_session, clients};

const SECRET: &str = "wire-secret-value";
const TOKEN: &str = "wire-token-value";

#[tokio::test]
async fn no_public_type_prints_the_session_secret() {
    let (clients, _) = clients(|req| match req.operation().as_str() {
        "AssumeRoot" => Reply::xml(
            200,
            format!(
                "<AssumeRootResponse><AssumeRootResult><Credentials>\
                 <AccessKeyId>SESSIONKEYID0003</AccessKeyId><SecretAccessKey>{SECRET}</SecretAccessKey>\
                 <SessionToken>{TOKEN}</SessionToken><Expiration>2030-01-01T00:15:00Z</Expiration>\
                 </Credentials></AssumeRootResult></AssumeRootResponse>"
            ),
        ),
        _ => Reply::query_error(403, "AccessDenied", "denied"),
    });
    let session = audit_session(&clients).await.unwrap();
    let err = clients.iam.list_mfa_devices(&session).await.unwrap_err();

    let printed = [
        format!("{session:?}"),
        format!("{session:#?}"),
        format!("{:?}", session.credentials()),
        format!("{clients:?}"),
        format!("{err:?}"),
        format!("{err}"),
        serde_json::to_string(&err).unwrap(),
        format!("{:?}", std::error::Error::source(&err)),
    ];
    for text in printed {
        assert!(
            !text.contains("caller-secret"),
            "the caller's secret leaked: {text}"
        );
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }
}

/// Issue 12, row 7: a response the SDK cannot use is kept by `SdkError`, whose `Debug`
/// prints its body. A malformed AssumeRoot answer holds the secret key and the token, so
/// nothing of the error's source chain may print the response.
#[tokio::test]
async fn a_malformed_assume_root_response_does_not_leak_through_the_error() {
    let (clients, _) = clients(|_| {
        // An expiry that is not a date: the SDK cannot parse the response.
        Reply::xml(
            200,
            format!(
                "<AssumeRootResponse><AssumeRootResult><Credentials>\
                 <AccessKeyId>SESSIONKEYID0004</AccessKeyId><SecretAccessKey>{SECRET}</SecretAccessKey>\
                 <SessionToken>{TOKEN}</SessionToken><Expiration>soon</Expiration>\
                 </Credentials></AssumeRootResult></AssumeRootResponse>"
            ),
        )
    });
    let err = audit_session(&clients).await.unwrap_err();
    let mut printed = vec![format!("{err:?}"), format!("{err}")];
    let mut source = std::error::Error::source(&err);
    assert!(
        source.is_some(),
        "the SDK's account of the failure stays available"
    );
    while let Some(cause) = source {
        printed.push(format!("{cause:?}"));
        printed.push(format!("{cause:#?}"));
        printed.push(format!("{cause}"));
        source = cause.source();
    }
    for text in printed {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }
}
