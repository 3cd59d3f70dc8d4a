//! The emulator harness: one fakecloud process shared by every test, a lock so each test
//! gets it alone and reset, the organization setup done with plain SDK calls (never with
//! the code under test), and the rootctl clients the tests drive.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_organizations::types::{CreateAccountState, OrganizationFeatureSet, Tag};
use aws_sdk_sts::types::PolicyDescriptorType;
use rootctl::aws::{AwsClients, AwsOptions};
use rootctl::{AccountId, EnableOptions, Rootctl};
use tokio::sync::{Mutex, MutexGuard};

/// Where `scripts/emulator` tells the tests the emulator listens.
pub const ENDPOINT_VAR: &str = "ROOTCTL_EMULATOR_ENDPOINT";

/// The region every client uses (AssumeRoot needs a regional endpoint).
pub const REGION: &str = "us-east-1";

/// The account fakecloud's static `test`/`test` credentials belong to.
pub const MANAGEMENT: &str = "123456789012";

/// The IAM user the member "root" sessions act on (see gap 2 in `main.rs`). IAM users
/// are kept in name order and the first one stands in, so it is the only user we create.
pub const STAND_IN: &str = "root-stand-in";

/// The management-account IAM user some tests run rootctl as (see gap 1 in `main.rs`).
pub const OPERATOR: &str = "rootctl-operator";

/// The emulator holds one global state: tests take turns, each from a fresh reset.
static EXCLUSIVE: Mutex<()> = Mutex::const_new(());

/// The emulator, reset and held for one test.
pub struct Emulator {
    endpoint: String,
    config: SdkConfig,
    _exclusive: MutexGuard<'static, ()>,
}

impl Emulator {
    /// Takes the emulator for `test` and resets it.
    ///
    /// # Panics
    /// When no emulator is configured: these tests are `#[ignore]`d so a plain
    /// `cargo test` reports them as ignored, and one asked for explicitly
    /// (`--ignored`) without an emulator fails instead of passing untested.
    pub async fn start(test: &str) -> Self {
        let Ok(endpoint) = std::env::var(ENDPOINT_VAR) else {
            panic!(
                "{test}: {ENDPOINT_VAR} is not set. Run the suite against fakecloud with \
                 `scripts/emulator cargo test -p rootctl-workspace --test emulator -- --include-ignored`."
            );
        };
        let exclusive = EXCLUSIVE.lock().await;
        let endpoint = endpoint.trim_end_matches('/').to_owned();
        let config = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(REGION))
            .endpoint_url(&endpoint)
            .load()
            .await;
        let emulator = Self {
            endpoint,
            config,
            _exclusive: exclusive,
        };
        emulator.reset();
        emulator
    }

    /// Discards every state the emulator holds (`POST /_reset`).
    pub fn reset(&self) {
        let endpoint = &self.endpoint;
        post(endpoint, "/_reset").unwrap_or_else(|e| panic!("POST {endpoint}/_reset: {e}"));
    }

    /// The client built the way users build it: `Rootctl::from_aws`, credentials from the
    /// environment (`scripts/emulator` sets fakecloud's `test`/`test`, the management
    /// account's root user).
    pub async fn rootctl(&self) -> Rootctl {
        Rootctl::from_aws(self.options())
            .await
            .expect("client for the emulator")
    }

    /// [`Emulator::rootctl`] once centralized root access is on (both features, and
    /// trusted access for IAM).
    pub async fn enabled_rootctl(&self) -> Rootctl {
        let rootctl = self.rootctl().await;
        let report = rootctl
            .enable(&EnableOptions::default())
            .await
            .expect("enable");
        assert!(report.ok(), "{report}");
        rootctl
    }

    /// As [`Emulator::rootctl`], but signed as the IAM user [`OPERATOR`] of the
    /// management account, created now, instead of the management account's root user.
    pub async fn operator_rootctl(&self) -> Rootctl {
        let clients = self.operator_clients().await;
        let region = clients.region().to_owned();
        let (s3, sqs) = clients.resource_policies_dyn();
        let account = clients.account_management_dyn();
        let (organizations, features, sts, iam) = clients.into_dyn();
        // Every boundary, as `Rootctl::from_aws` builds the client.
        Rootctl::new(organizations, features, sts, iam)
            .with_resource_policies(s3, sqs)
            .with_account_management(account)
            .with_region(region)
    }

    /// The real adapters, signed as the IAM user [`OPERATOR`] of the management account
    /// (created now), configured as `AwsClients::load` configures them.
    pub async fn operator_clients(&self) -> AwsClients {
        let iam = aws_sdk_iam::Client::new(&self.config);
        iam.create_user()
            .user_name(OPERATOR)
            .send()
            .await
            .expect("CreateUser operator");
        let key = iam
            .create_access_key()
            .user_name(OPERATOR)
            .send()
            .await
            .expect("CreateAccessKey operator");
        let key = key.access_key().expect("an access key");
        let credentials = Credentials::new(
            key.access_key_id(),
            key.secret_access_key(),
            None,
            None,
            "emulator-operator",
        );
        // As `AwsClients::load` configures it: rootctl's engine retries, the SDK does not.
        let config = self
            .config
            .to_builder()
            .credentials_provider(SharedCredentialsProvider::new(credentials))
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .build();
        AwsClients::from_sdk_config(&config).expect("region is set")
    }

    /// The SDK configuration of the emulator (endpoint, region, static credentials).
    pub fn sdk_config(&self) -> &SdkConfig {
        &self.config
    }

    fn options(&self) -> AwsOptions {
        AwsOptions::new(REGION).endpoint_url(&self.endpoint)
    }

    /// The adapters alone, for calls below the operations (AssumeRoot refusals).
    pub async fn clients(&self) -> AwsClients {
        AwsClients::load(self.options())
            .await
            .expect("clients for the emulator")
    }

    /// A plain SDK client for setup and independent read-back, as the management root.
    pub fn organizations(&self) -> aws_sdk_organizations::Client {
        aws_sdk_organizations::Client::new(&self.config)
    }

    /// `CreateOrganization` with all features.
    pub async fn create_organization(&self) -> Org {
        let orgs = self.organizations();
        let created = orgs
            .create_organization()
            .feature_set(OrganizationFeatureSet::All)
            .send()
            .await
            .expect("CreateOrganization");
        let org = created.organization().expect("an organization");
        let roots = orgs.list_roots().send().await.expect("ListRoots");
        let root = roots.roots()[0].id().expect("a root id").to_owned();
        let management: AccountId = org
            .master_account_id()
            .expect("a management account")
            .parse()
            .expect("a 12-digit id");
        assert_eq!(management.as_str(), MANAGEMENT);
        Org {
            id: org.id().expect("an organization id").to_owned(),
            root,
            management,
        }
    }

    /// `CreateOrganizationalUnit` under `parent`; the new OU's id.
    pub async fn create_ou(&self, parent: &str, name: &str) -> String {
        self.organizations()
            .create_organizational_unit()
            .parent_id(parent)
            .name(name)
            .send()
            .await
            .unwrap_or_else(|e| panic!("CreateOrganizationalUnit {name}: {e:?}"))
            .organizational_unit()
            .and_then(|ou| ou.id())
            .expect("an OU id")
            .to_owned()
    }

    /// Creates a service control policy (`CreatePolicy`) and returns its id.
    pub async fn create_scp(&self, name: &str, document: &str) -> Result<String, String> {
        self.organizations()
            .create_policy()
            .name(name)
            .description("conformance")
            .content(document)
            .r#type(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
            .send()
            .await
            .map_err(|e| format!("CreatePolicy {name}: {e:?}"))?
            .policy()
            .and_then(|p| p.policy_summary())
            .and_then(|s| s.id())
            .map(str::to_owned)
            .ok_or_else(|| format!("CreatePolicy {name}: no policy id"))
    }

    /// Attaches a policy to a root, OU or account (`AttachPolicy`).
    pub async fn attach_policy(&self, policy_id: &str, target: &str) -> Result<(), String> {
        self.organizations()
            .attach_policy()
            .policy_id(policy_id)
            .target_id(target)
            .send()
            .await
            .map(|_| ())
            .or_else(|e| {
                // Gap 10: a successful AttachPolicy answers the body `null`, like MoveAccount.
                match e.raw_response().map(|r| r.status().as_u16()) {
                    Some(200) => Ok(()),
                    _ => Err(format!("AttachPolicy {policy_id} to {target}: {e:?}")),
                }
            })
    }

    /// Creates the accounts (`CreateAccount`, polling `DescribeCreateAccountStatus` until
    /// each succeeded) and moves each under its parent. Ids in the order given.
    pub async fn create_accounts(&self, org: &Org, accounts: &[NewAccount]) -> Vec<AccountId> {
        let orgs = self.organizations();
        let mut requests = Vec::with_capacity(accounts.len());
        for account in accounts {
            let tags = account.tags.iter().map(|(key, value)| {
                Tag::builder()
                    .key(*key)
                    .value(*value)
                    .build()
                    .expect("key and value")
            });
            let status = orgs
                .create_account()
                .account_name(account.name)
                .email(format!("{}@example.com", account.name))
                .set_tags(Some(tags.collect()))
                .send()
                .await
                .unwrap_or_else(|e| panic!("CreateAccount {}: {e:?}", account.name));
            let id = status
                .create_account_status()
                .and_then(|s| s.id())
                .expect("a create-account request id");
            requests.push(id.to_owned());
        }
        let mut ids = Vec::with_capacity(accounts.len());
        for (request, account) in requests.iter().zip(accounts) {
            let id = self.wait_for_account(request).await;
            if let Some(parent) = &account.parent {
                let moved = orgs
                    .move_account()
                    .account_id(id.as_str())
                    .source_parent_id(&org.root)
                    .destination_parent_id(parent)
                    .send()
                    .await;
                // Gap 10: fakecloud answers a successful MoveAccount with the body `null`,
                // which the SDK cannot parse; HTTP 200 is the success it means.
                if let Err(e) = moved {
                    let status = e.raw_response().map(|r| r.status().as_u16());
                    assert_eq!(status, Some(200), "MoveAccount {}: {e:?}", account.name);
                }
            }
            ids.push(id);
        }
        ids
    }

    async fn wait_for_account(&self, request: &str) -> AccountId {
        let orgs = self.organizations();
        // fakecloud completes a CreateAccount after 1-2 s; allow generously more.
        for _ in 0..120 {
            let out = orgs
                .describe_create_account_status()
                .create_account_request_id(request)
                .send()
                .await
                .expect("DescribeCreateAccountStatus");
            let status = out.create_account_status().expect("a status");
            match status.state() {
                Some(CreateAccountState::Succeeded) => {
                    return status
                        .account_id()
                        .expect("an account id")
                        .parse()
                        .expect("a 12-digit id");
                }
                Some(CreateAccountState::Failed) => {
                    panic!("CreateAccount failed: {:?}", status.failure_reason())
                }
                _ => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        }
        panic!("CreateAccount request {request} did not finish within 30 s")
    }

    /// An IAM client acting in `account` as the emulator's stand-in for its root user:
    /// signed with credentials from a raw `sts:AssumeRoot` (so RootSessions must be on).
    pub async fn member_iam(&self, account: AccountId) -> aws_sdk_iam::Client {
        let assumed = aws_sdk_sts::Client::new(&self.config)
            .assume_root()
            .target_principal(account.as_str())
            .task_policy_arn(
                PolicyDescriptorType::builder()
                    .arn("arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials")
                    .build(),
            )
            .send()
            .await
            .unwrap_or_else(|e| panic!("AssumeRoot {account} for setup: {e:?}"));
        let creds = assumed.credentials().expect("credentials");
        let credentials = Credentials::new(
            creds.access_key_id(),
            creds.secret_access_key(),
            Some(creds.session_token().to_owned()),
            None,
            "emulator-setup",
        );
        let config = aws_sdk_iam::config::Builder::from(&self.config)
            .credentials_provider(credentials)
            .build();
        aws_sdk_iam::Client::from_conf(config)
    }

    /// Gives `account` the stand-in user and the credentials in `seed`, which the
    /// emulator then reports as the account's root credentials.
    pub async fn seed_root_credentials(&self, account: AccountId, seed: Seed) -> Seeded {
        let iam = self.member_iam(account).await;
        // A second seeding of the same account adds to the stand-in it already has.
        if let Err(e) = iam.create_user().user_name(STAND_IN).send().await {
            let exists = e
                .as_service_error()
                .is_some_and(|e| e.is_entity_already_exists_exception());
            assert!(exists, "CreateUser stand-in: {e:?}");
        }
        let mut seeded = Seeded::default();
        for n in 0..seed.access_keys {
            let key = iam
                .create_access_key()
                .user_name(STAND_IN)
                .send()
                .await
                .expect("CreateAccessKey");
            let id = key.access_key().expect("a key").access_key_id().to_owned();
            if n < seed.inactive_keys {
                iam.update_access_key()
                    .user_name(STAND_IN)
                    .access_key_id(&id)
                    .status(aws_sdk_iam::types::StatusType::Inactive)
                    .send()
                    .await
                    .expect("UpdateAccessKey");
            }
            seeded.access_keys.push(id);
        }
        for _ in 0..seed.certificates {
            let certificate = iam
                .upload_signing_certificate()
                .user_name(STAND_IN)
                .certificate_body(CERTIFICATE)
                .send()
                .await
                .expect("UploadSigningCertificate");
            let id = certificate
                .certificate()
                .expect("a certificate")
                .certificate_id();
            seeded.certificates.push(id.to_owned());
        }
        if seed.mfa {
            let serial = format!("arn:aws:iam::{account}:mfa/root-account-mfa-device");
            iam.enable_mfa_device()
                .user_name(STAND_IN)
                .serial_number(&serial)
                .authentication_code1("123456")
                .authentication_code2("654321")
                .send()
                .await
                .expect("EnableMFADevice");
            seeded.mfa_serial = Some(serial);
        }
        seeded
    }
}

/// The organization a test created.
#[derive(Clone, Debug)]
pub struct Org {
    /// `o-...`.
    pub id: String,
    /// The root's id, `r-...`.
    pub root: String,
    /// Always [`MANAGEMENT`].
    pub management: AccountId,
}

/// An account to create.
#[derive(Clone, Debug)]
pub struct NewAccount {
    /// Its name; also the local part of its email.
    pub name: &'static str,
    /// Its tags, set at creation.
    pub tags: Vec<(&'static str, &'static str)>,
    /// The OU to move it to; `None` leaves it under the root.
    pub parent: Option<String>,
}

impl NewAccount {
    /// An untagged account under the root.
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            tags: Vec::new(),
            parent: None,
        }
    }

    /// The account under `parent`.
    pub fn under(mut self, parent: &str) -> Self {
        self.parent = Some(parent.to_owned());
        self
    }

    /// The account with one more tag.
    pub fn tag(mut self, key: &'static str, value: &'static str) -> Self {
        self.tags.push((key, value));
        self
    }
}

/// Which root credentials to give an account (through its stand-in user).
#[derive(Clone, Copy, Debug, Default)]
pub struct Seed {
    /// Access keys to create.
    pub access_keys: usize,
    /// How many of those to deactivate.
    pub inactive_keys: usize,
    /// Signing certificates to upload (at most 2).
    pub certificates: usize,
    /// Whether to enable an MFA device.
    pub mfa: bool,
}

/// What [`Emulator::seed_root_credentials`] created.
#[derive(Clone, Debug, Default)]
pub struct Seeded {
    /// Access key ids, in creation order.
    pub access_keys: Vec<String>,
    /// Signing certificate ids.
    pub certificates: Vec<String>,
    /// The MFA device's serial.
    pub mfa_serial: Option<String>,
}

/// A syntactically plausible PEM block; fakecloud checks only the armour lines.
const CERTIFICATE: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBszCCAVmgAwIBAgIUb3RjdGwtZW11bGF0b3ItdGVzdC1jZXJ0MAoGCCqGSM49\n\
-----END CERTIFICATE-----\n";

/// `POST path` to the emulator's own HTTP API (not an AWS call, so no SDK); plain
/// HTTP/1.1 over a loopback socket keeps the suite free of an HTTP-client dependency.
fn post(endpoint: &str, path: &str) -> std::io::Result<()> {
    let authority = endpoint
        .strip_prefix("http://")
        .ok_or_else(|| std::io::Error::other(format!("{endpoint} is not an http:// URL")))?;
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response.lines().next().unwrap_or_default();
    if status.split_whitespace().nth(1) == Some("200") {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("answered {status:?}")))
    }
}
