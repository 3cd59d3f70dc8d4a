use chrono::{TimeDelta, Utc};
use rootctl::{
    AccountId, Creation, CredentialStatus, Deletion, ErrorKind, MfaKind, RootIam, RootSession,
    SessionCredentials, TaskPolicy,
};

use crate::canned::{Recorded, Reply};
use crate::clients;

const MEMBER: &str = "222222222222";

fn session(policy: TaskPolicy) -> RootSession {
    RootSession::new(
        MEMBER.parse::<AccountId>().unwrap(),
        policy,
        Utc::now() + TimeDelta::seconds(900),
        SessionCredentials::new(
            "SESSIONKEYID0001",
            "session-secret-value",
            "session-token-value",
        ),
    )
}

fn ok(op: &str, result: &str) -> Reply {
    Reply::xml(
        200,
        format!(
            "<{op}Response><{op}Result>{result}</{op}Result>\
             <ResponseMetadata><RequestId>req-ok</RequestId></ResponseMetadata></{op}Response>"
        ),
    )
}

/// A member root user with two pages of access keys, one of each MFA kind, a signing
/// certificate, a password, and a summary to cross-check.
fn root_user(req: &Recorded) -> Reply {
    let op = req.operation();
    match op.as_str() {
        "ListAccessKeys" => match req.form("Marker").as_deref() {
            None => ok(
                &op,
                "<AccessKeyMetadata><member><UserName></UserName><AccessKeyId>KEYONE</AccessKeyId>\
                 <Status>Active</Status><CreateDate>2021-03-04T05:06:07Z</CreateDate></member>\
                 </AccessKeyMetadata><IsTruncated>true</IsTruncated><Marker>m1</Marker>",
            ),
            Some("m1") => ok(
                &op,
                "<AccessKeyMetadata><member><UserName></UserName><AccessKeyId>KEYTWO</AccessKeyId>\
                 <Status>Inactive</Status><CreateDate>2022-03-04T05:06:07Z</CreateDate></member>\
                 </AccessKeyMetadata><IsTruncated>false</IsTruncated>",
            ),
            Some(other) => panic!("unexpected marker {other}"),
        },
        "GetAccessKeyLastUsed" => ok(
            &op,
            if req.form("AccessKeyId").as_deref() == Some("KEYONE") {
                "<UserName></UserName><AccessKeyLastUsed><LastUsedDate>2024-01-02T03:04:05Z</LastUsedDate>\
                 <ServiceName>s3</ServiceName><Region>eu-west-1</Region></AccessKeyLastUsed>"
            } else {
                "<UserName></UserName><AccessKeyLastUsed><ServiceName>N/A</ServiceName>\
                 <Region>N/A</Region></AccessKeyLastUsed>"
            },
        ),
        "ListMFADevices" => ok(
            &op,
            "<MFADevices>\
             <member><UserName></UserName><SerialNumber>arn:aws:iam::222222222222:mfa/root-account-mfa-device</SerialNumber><EnableDate>2020-01-01T00:00:00Z</EnableDate></member>\
             <member><UserName></UserName><SerialNumber>GAHT12345678</SerialNumber><EnableDate>2020-01-01T00:00:00Z</EnableDate></member>\
             <member><UserName></UserName><SerialNumber>arn:aws:iam::222222222222:u2f/root/key-ABC</SerialNumber><EnableDate>2020-01-01T00:00:00Z</EnableDate></member>\
             </MFADevices><IsTruncated>false</IsTruncated>",
        ),
        "ListSigningCertificates" => ok(
            &op,
            "<Certificates><member><UserName></UserName><CertificateId>CERTONE</CertificateId>\
             <CertificateBody>-----BEGIN CERTIFICATE-----</CertificateBody><Status>Active</Status>\
             <UploadDate>2019-01-01T00:00:00Z</UploadDate></member></Certificates><IsTruncated>false</IsTruncated>",
        ),
        "GetLoginProfile" => ok(
            &op,
            "<LoginProfile><UserName></UserName><CreateDate>2018-01-01T00:00:00Z</CreateDate>\
             <PasswordResetRequired>false</PasswordResetRequired></LoginProfile>",
        ),
        "GetAccountSummary" => ok(
            &op,
            "<SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry>\
             <entry><key>AccountAccessKeysPresent</key><value>2</value></entry>\
             <entry><key>AccountPasswordPresent</key><value>1</value></entry>\
             <entry><key>Users</key><value>7</value></entry></SummaryMap>",
        ),
        "GetUser" => ok(
            &op,
            "<User><Path>/</Path><UserName></UserName><UserId>222222222222</UserId>\
             <Arn>arn:aws:iam::222222222222:root</Arn><CreateDate>2017-01-01T00:00:00Z</CreateDate></User>",
        ),
        other => panic!("unexpected {other}"),
    }
}

#[tokio::test]
async fn audit_reads_parse_the_whole_inventory() {
    let (clients, canned) = clients(root_user);
    let s = session(TaskPolicy::IamAuditRootUserCredentials);
    let iam = &clients.iam;

    let keys = iam.list_access_keys(&s).await.unwrap();
    assert_eq!(
        keys.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(),
        ["KEYONE", "KEYTWO"],
        "both pages"
    );
    assert_eq!(keys[1].status, CredentialStatus::Inactive);
    let used = iam.get_access_key_last_used(&s, "KEYONE").await.unwrap();
    assert_eq!(used.service.as_deref(), Some("s3"));
    assert!(used.date.is_some());
    let never = iam.get_access_key_last_used(&s, "KEYTWO").await.unwrap();
    assert_eq!(
        (never.date, never.service, never.region),
        (None, None, None)
    );

    let kinds: Vec<MfaKind> = iam
        .list_mfa_devices(&s)
        .await
        .unwrap()
        .iter()
        .map(|d| d.kind)
        .collect();
    assert_eq!(
        kinds,
        [MfaKind::Virtual, MfaKind::Hardware, MfaKind::Passkey]
    );
    let certs = iam.list_signing_certificates(&s).await.unwrap();
    assert_eq!(certs[0].id, "CERTONE");
    assert!(iam.get_login_profile(&s).await.unwrap().is_some());

    let summary = iam.get_account_summary(&s).await.unwrap();
    assert!(summary.mfa_enabled && summary.password_present);
    assert_eq!(summary.access_keys_present, 2);
    assert_eq!(
        summary.signing_certificates_present, 0,
        "a missing key counts as zero"
    );

    let user = iam.get_user(&s).await.unwrap();
    assert_eq!(user.arn, "arn:aws:iam::222222222222:root");

    let requests = canned.requests();
    assert_eq!(
        requests.len(),
        9,
        "two key pages, two last-used reads, five more reads"
    );
    assert_no_user_name_and_session_signed(&requests);
}

#[tokio::test]
async fn deletes_treat_no_such_entity_as_already_absent() {
    let (clients, canned) = clients(|req| match req.operation().as_str() {
        "DeleteAccessKey" if req.form("AccessKeyId").as_deref() == Some("GONE") => {
            Reply::query_error(
                404,
                "NoSuchEntity",
                "The Access Key with id GONE cannot be found",
            )
        }
        "DeleteLoginProfile"
        | "DeleteSigningCertificate"
        | "DeactivateMFADevice"
        | "GetLoginProfile" => Reply::query_error(404, "NoSuchEntity", "not found"),
        op => ok(op, ""),
    });
    let s = session(TaskPolicy::IamDeleteRootUserCredentials);
    let iam = &clients.iam;
    assert_eq!(
        iam.delete_access_key(&s, "KEYONE").await.unwrap(),
        Deletion::Deleted
    );
    assert_eq!(
        iam.delete_access_key(&s, "GONE").await.unwrap(),
        Deletion::AlreadyAbsent
    );
    assert_eq!(
        iam.delete_login_profile(&s).await.unwrap(),
        Deletion::AlreadyAbsent
    );
    assert_eq!(
        iam.delete_signing_certificate(&s, "CERTONE").await.unwrap(),
        Deletion::AlreadyAbsent
    );
    assert_eq!(
        iam.deactivate_mfa_device(&s, "GAHT12345678").await.unwrap(),
        Deletion::AlreadyAbsent
    );
    assert_eq!(iam.get_login_profile(&s).await.unwrap(), None);

    let requests = canned.requests();
    assert_eq!(requests[0].form("AccessKeyId").as_deref(), Some("KEYONE"));
    assert_eq!(
        requests[3].form("CertificateId").as_deref(),
        Some("CERTONE")
    );
    assert_eq!(
        requests[4].form("SerialNumber").as_deref(),
        Some("GAHT12345678")
    );
    assert_no_user_name_and_session_signed(&requests);
}

#[tokio::test]
async fn create_login_profile_sends_no_password_and_reads_already_exists() {
    let (clients, canned) = clients(|req| {
        ok(
            &req.operation(),
            "<LoginProfile><UserName></UserName><CreateDate>2024-01-01T00:00:00Z</CreateDate><PasswordResetRequired>true</PasswordResetRequired></LoginProfile>",
        )
    });
    let s = session(TaskPolicy::IamCreateRootUserPassword);
    assert_eq!(
        clients.iam.create_login_profile(&s).await.unwrap(),
        Creation::Created
    );
    let requests = canned.requests();
    assert_eq!(requests[0].operation(), "CreateLoginProfile");
    assert_eq!(requests[0].form("Password"), None);
    assert_no_user_name_and_session_signed(&requests);

    let (exists, _) =
        crate::clients(|_| Reply::query_error(409, "EntityAlreadyExists", "Login Profile exists"));
    assert_eq!(
        exists.iam.create_login_profile(&s).await.unwrap(),
        Creation::AlreadyExists
    );
}

#[tokio::test]
async fn root_session_error_codes_map_to_conditions() {
    let cases = [
        ("AccessDenied", 403, ErrorKind::AccessDenied, false),
        ("Throttling", 400, ErrorKind::Throttled, true),
        ("ServiceFailure", 500, ErrorKind::ServiceFailure, true),
        (
            "EntityTemporarilyUnmodifiable",
            409,
            ErrorKind::Conflict,
            true,
        ),
        ("ConcurrentModification", 409, ErrorKind::Conflict, true),
        ("ExpiredToken", 403, ErrorKind::SessionExpired, false),
        ("NoSuchEntity", 404, ErrorKind::NotFound, false),
        ("SomethingBrandNew", 400, ErrorKind::Aws, false),
        ("SomethingBrandNew", 503, ErrorKind::ServiceFailure, true),
    ];
    for (code, status, kind, retryable) in cases {
        let (clients, _) = clients(move |_| Reply::query_error(status, code, "boom"));
        let s = session(TaskPolicy::IamDeleteRootUserCredentials);
        // ListAccessKeys does not absorb NoSuchEntity, so every code surfaces as an error.
        let err = clients.iam.list_access_keys(&s).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{code}/{status}: {err}");
        assert_eq!(err.is_retryable(), retryable, "{code}/{status}");
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.account_id().unwrap().as_str(), MEMBER);
        assert_eq!(err.request_id(), Some(format!("req-{code}").as_str()));
        assert!(
            err.to_string()
                .contains("iam:ListAccessKeys in account 222222222222"),
            "{err}"
        );
    }
}

fn assert_no_user_name_and_session_signed(requests: &[Recorded]) {
    for req in requests {
        assert!(
            !req.body.contains("UserName"),
            "{} sent a UserName: {}",
            req.operation(),
            req.body
        );
        let auth = req.headers.get("authorization").expect("signed");
        assert!(
            auth.contains("Credential=SESSIONKEYID0001/"),
            "signed with the session: {auth}"
        );
        assert_eq!(
            req.headers.get("x-amz-security-token").map(String::as_str),
            Some("session-token-value")
        );
    }
}

#[tokio::test]
async fn a_root_user_without_an_arn_is_named_in_the_session_partition() {
    // The SDK back-fills a missing ARN with ""; the fallback must name GovCloud's
    // partition when the session is there, not `aws`.
    let (clients, _) = crate::clients_in("us-gov-west-1", |req| {
        ok(
            &req.operation(),
            "<User><Path>/</Path><UserName></UserName><UserId>222222222222</UserId>\
             <Arn></Arn><CreateDate>2017-01-01T00:00:00Z</CreateDate></User>",
        )
    });
    let user = clients
        .iam
        .get_user(&session(TaskPolicy::IamAuditRootUserCredentials))
        .await
        .unwrap();
    assert_eq!(user.arn, "arn:aws-us-gov:iam::222222222222:root");
}
