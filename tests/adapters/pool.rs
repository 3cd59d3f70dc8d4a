//! Over a real loopback socket: root sessions' IAM calls share one HTTP client and
//! connection pool, and each session's client is built once (a new client per call used
//! to mean a new pool, so a new TCP connection, per call).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_config::{BehaviorVersion, Region};
use aws_credential_types::Credentials;
use chrono::{TimeDelta, Utc};
use rootctl::aws::AwsClients;
use rootctl::{AccountId, RootIam, RootSession, SessionCredentials, TaskPolicy};

const MFA_LIST: &str = "<ListMFADevicesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
    <ListMFADevicesResult><MFADevices/><IsTruncated>false</IsTruncated></ListMFADevicesResult>\
    <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListMFADevicesResponse>";

/// An HTTP/1.1 server on 127.0.0.1 that answers every request with an empty
/// ListMFADevices page, keeps connections alive, and counts the connections it accepts.
fn keep_alive_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            counted.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || serve(stream));
        }
    });
    (url, connections)
}

fn serve(stream: std::net::TcpStream) {
    let mut writer = stream.try_clone().expect("clone stream");
    let mut reader = BufReader::new(stream);
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: {}\r\n\r\n{MFA_LIST}",
            MFA_LIST.len()
        );
        if writer.write_all(reply.as_bytes()).is_err() {
            return;
        }
    }
}

fn session(account: &str) -> RootSession {
    RootSession::new(
        account.parse::<AccountId>().expect("account id"),
        TaskPolicy::IamAuditRootUserCredentials,
        Utc::now() + TimeDelta::minutes(15),
        SessionCredentials::new("ASIATESTSESSION", "secret", "token"),
    )
}

#[tokio::test]
async fn root_sessions_share_one_connection_pool() {
    let (url, connections) = keep_alive_server();
    // The SDK's defaults, as `AwsClients::load` gets them: no HTTP client of our own.
    let config = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "test"))
        .load()
        .await;
    let clients = AwsClients::from_sdk_config(&config).expect("region");

    let first = session("222222222222");
    for _ in 0..5 {
        let devices = clients.iam.list_mfa_devices(&first).await.expect("listed");
        assert!(devices.is_empty());
    }
    // A second session (another account) reuses the pool too.
    let second = session("333333333333");
    for _ in 0..5 {
        clients.iam.list_mfa_devices(&second).await.expect("listed");
    }
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "ten sequential calls in two sessions should use one kept-alive connection"
    );
}
