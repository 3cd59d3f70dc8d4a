use rootctl::{AccountId, ErrorKind, SessionDuration, StsApi, TaskPolicy};

use crate::canned::Reply;
use crate::{audit_session, clients};

const ASSUME_ROOT_OK: &str = "<AssumeRootResponse><AssumeRootResult><Credentials>\
    <AccessKeyId>SESSIONKEYID0002</AccessKeyId><SecretAccessKey>wire-secret-value</SecretAccessKey>\
    <SessionToken>wire-token-value</SessionToken><Expiration>2030-01-01T00:15:00Z</Expiration>\
    </Credentials><SourceIdentity>caller</SourceIdentity></AssumeRootResult>\
    <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></AssumeRootResponse>";

#[tokio::test]
async fn assume_root_sends_target_task_policy_arn_and_duration() {
    let (clients, canned) = clients(|_| Reply::xml(200, ASSUME_ROOT_OK));
    let member: AccountId = "222222222222".parse().unwrap();
    let session = clients
        .sts
        .assume_root(
            &member,
            TaskPolicy::IamDeleteRootUserCredentials,
            SessionDuration::from_secs(300).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(session.account_id(), member);
    assert_eq!(
        session.task_policy(),
        TaskPolicy::IamDeleteRootUserCredentials
    );
    assert_eq!(
        session.expires_at().to_rfc3339(),
        "2030-01-01T00:15:00+00:00"
    );
    assert_eq!(session.credentials().access_key_id(), "SESSIONKEYID0002");

    let req = &canned.requests()[0];
    assert_eq!(req.operation(), "AssumeRoot");
    assert_eq!(req.form("TargetPrincipal").as_deref(), Some("222222222222"));
    assert_eq!(
        req.form("TaskPolicyArn.arn").as_deref(),
        Some("arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials")
    );
    assert_eq!(req.form("DurationSeconds").as_deref(), Some("300"));
    assert!(
        req.uri.contains("sts.us-east-1.amazonaws.com"),
        "regional endpoint: {}",
        req.uri
    );
}

#[tokio::test]
async fn assume_root_error_codes_map_to_conditions() {
    let cases = [
        ("ExpiredTokenException", ErrorKind::SessionExpired),
        ("RegionDisabledException", ErrorKind::RegionDisabled),
        ("AccessDenied", ErrorKind::AccessDenied),
        ("Throttling", ErrorKind::Throttled),
    ];
    for (code, kind) in cases {
        let (clients, _) = clients(move |_| Reply::query_error(400, code, "no"));
        let err = audit_session(&clients).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{code}: {err}");
        assert_eq!(err.account_id().unwrap().as_str(), "222222222222");
        assert_eq!(err.context().unwrap().operation, "AssumeRoot");
    }
}

#[tokio::test]
async fn caller_identity_is_parsed() {
    let (clients, _) = clients(|_| {
        Reply::xml(
            200,
            "<GetCallerIdentityResponse><GetCallerIdentityResult>\
             <Arn>arn:aws:sts::111111111111:assumed-role/Admin/me</Arn><UserId>AROAEXAMPLE:me</UserId>\
             <Account>111111111111</Account></GetCallerIdentityResult></GetCallerIdentityResponse>",
        )
    });
    let me = clients.sts.caller_identity().await.unwrap();
    assert_eq!(me.account_id.as_str(), "111111111111");
    assert!(me.arn.ends_with("assumed-role/Admin/me"));
}

#[tokio::test]
async fn assume_root_sends_the_task_policy_of_the_region_partition() {
    for (region, partition) in [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")] {
        let (clients, canned) = crate::clients_in(region, |_| Reply::xml(200, ASSUME_ROOT_OK));
        audit_session(&clients).await.unwrap();
        assert_eq!(
            canned.requests()[0].form("TaskPolicyArn.arn"),
            Some(format!(
                "arn:{partition}:iam::aws:policy/root-task/IAMAuditRootUserCredentials"
            )),
            "{region}"
        );
    }
}
