//! Session secrets never reach `Debug` output, errors or serialized forms.

use rootctl::{RootIam, RootSessions, SessionDuration, TaskPolicy};

use crate::canned::Reply;
use crate::clients;

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
    let session = clients
        .sts
        .assume_root(
            &"222222222222".parse().unwrap(),
            TaskPolicy::IamAuditRootUserCredentials,
            SessionDuration::default(),
        )
        .await
        .unwrap();
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
