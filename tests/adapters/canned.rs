//! A canned-response HTTP connector for driving the real SDK clients in tests.
//!
//! Every request the SDK sends is recorded (method, URI, headers, body) and answered by a
//! handler that sees the parsed request. No network is involved; the SDK still serializes,
//! signs, deserializes and classifies exactly as it does against AWS.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::http::{
    HttpConnector, HttpConnectorFuture, SharedHttpConnector, http_client_fn,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;

/// One request as the SDK sent it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub uri: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Recorded {
    /// The API operation: the `Action` of a query-protocol form body, or the suffix of
    /// the JSON protocol's `x-amz-target` header.
    pub fn operation(&self) -> String {
        if let Some(target) = self.headers.get("x-amz-target") {
            return target.rsplit('.').next().unwrap_or_default().to_owned();
        }
        self.form("Action").unwrap_or_default()
    }

    /// A decoded field of a query-protocol form body.
    pub fn form(&self, key: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == key).then(|| percent_decode(v))
        })
    }

    /// A field of a JSON request body.
    pub fn json(&self, key: &str) -> Option<serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()?
            .get(key)
            .cloned()
    }
}

fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the handler answers.
pub enum Reply {
    /// An HTTP response.
    Http {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// No response at all: an I/O failure while sending.
    IoError,
}

impl Reply {
    /// A query-protocol (IAM, STS) XML answer.
    pub fn xml(status: u16, body: impl Into<String>) -> Self {
        Reply::Http {
            status,
            headers: vec![("content-type", "text/xml".into())],
            body: body.into(),
        }
    }

    /// A query-protocol error document.
    /// AWS sends the request id both in the document and in `x-amzn-RequestId`.
    pub fn query_error(status: u16, code: &str, message: &str) -> Self {
        Reply::Http {
            status,
            headers: vec![
                ("content-type", "text/xml".into()),
                ("x-amzn-requestid", format!("req-{code}")),
            ],
            body: format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>\
                 <Message>{message}</Message></Error><RequestId>req-{code}</RequestId></ErrorResponse>"
            ),
        }
    }

    /// A JSON-protocol (Organizations) answer.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply::Http {
            status,
            headers: vec![
                ("content-type", "application/x-amz-json-1.1".into()),
                ("x-amzn-requestid", "req-json".into()),
            ],
            body: body.to_string(),
        }
    }

    /// A JSON-protocol error.
    pub fn json_error(status: u16, code: &str, extra: serde_json::Value) -> Self {
        let mut body = serde_json::json!({ "__type": code, "Message": format!("{code} happened") });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        Reply::json(status, body)
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// Records requests and answers them with the handler.
#[derive(Clone)]
pub struct Canned {
    requests: Arc<Mutex<Vec<Recorded>>>,
    handler: Arc<Handler>,
}

impl std::fmt::Debug for Canned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Canned")
    }
}

impl Canned {
    pub fn new(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        Self {
            requests: Arc::default(),
            handler: Arc::new(handler),
        }
    }

    /// Every request sent so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// An SDK configuration (region us-east-1, static caller credentials, no SDK retries)
    /// whose every request goes to this connector.
    pub fn sdk_config(&self) -> SdkConfig {
        self.sdk_config_in("us-east-1")
    }

    /// [`Canned::sdk_config`] in `region`.
    pub fn sdk_config_in(&self, region: &'static str) -> SdkConfig {
        let connector = SharedHttpConnector::new(self.clone());
        SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "CALLERKEYID",
                "caller-secret",
                None,
                None,
                "test",
            )))
            .retry_config(RetryConfig::disabled())
            .http_client(http_client_fn(move |_, _| connector.clone()))
            .build()
    }
}

impl HttpConnector for Canned {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let recorded = Recorded {
            uri: request.uri().to_string(),
            headers: request
                .headers()
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
                .collect(),
            body: String::from_utf8_lossy(request.body().bytes().unwrap_or_default()).into_owned(),
        };
        let reply = (self.handler)(&recorded);
        self.requests.lock().unwrap().push(recorded);
        HttpConnectorFuture::ready(match reply {
            Reply::Http {
                status,
                headers,
                body,
            } => {
                let mut response = Response::new(
                    StatusCode::try_from(status).expect("valid status"),
                    SdkBody::from(body),
                );
                for (name, value) in headers {
                    response.headers_mut().insert(name, value);
                }
                Ok(response)
            }
            Reply::IoError => Err(ConnectorError::io("connection reset by canned peer".into())),
        })
    }
}
