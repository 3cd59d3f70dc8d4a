//! [`AwsRootIam`]: the [`RootIam`] trait over `aws-sdk-iam`, signed with root-session
//! credentials.

use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_iam::Client;
use aws_sdk_iam::types::SummaryKeyType;

use super::classify::{self, Endpoint, is_code};
use super::convert::{opt_timestamp, timestamp};
use super::session;
use crate::boundary::RootIam;
use crate::error::Result;
use crate::model::{
    AccessKey, AccessKeyLastUsed, AccountSummary, Creation, CredentialStatus, Deletion,
    LoginProfile, MfaDevice, RootSession, RootUser, SigningCertificate,
};

/// [`RootIam`] over the AWS SDK.
///
/// Each root session gets one IAM client, built from the base SDK configuration and the
/// session's credentials on its first call and kept with the session (its clones share
/// it; it is dropped with the last of them). All of them share the base configuration's
/// HTTP client and connection pool ([`AwsClients`](super::AwsClients) makes sure there is
/// one to share). No call sends a
/// `UserName`: inside a root session, a user name would be read as an IAM user and denied
/// (docs/aws-behaviour.md#root-session-iam); without one, IAM acts on the calling principal, the root user.
#[derive(Clone, Debug)]
pub struct AwsRootIam {
    endpoint: Endpoint,
    base: SdkConfig,
    /// Tells this adapter's per-session clients from another adapter's.
    id: u64,
}

impl AwsRootIam {
    /// Root-session IAM clients will be built from `base` (region, endpoint, HTTP client,
    /// retry and timeout settings); its own credentials are never used.
    pub fn new(base: SdkConfig) -> Self {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let base = session::base(base);
        Self {
            endpoint: Endpoint::of(&base),
            base,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The session's client: built on its first call, then reused.
    fn client(&self, session: &RootSession) -> Client {
        match session
            .adapter_state()
            .get_or_init(self.id, || self.build_client(session))
        {
            Some(client) => client.clone(),
            // A session first used by another adapter (another endpoint, say).
            None => self.build_client(session),
        }
    }

    fn build_client(&self, session: &RootSession) -> Client {
        let provider = session::credentials(session);
        let config = aws_sdk_iam::config::Builder::from(&self.base)
            .credentials_provider(provider)
            .build();
        Client::from_conf(config)
    }
}

fn deletion<E>(
    at: &Endpoint,
    result: std::result::Result<
        E,
        aws_sdk_iam::error::SdkError<
            impl aws_sdk_iam::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
            aws_smithy_runtime_api::http::Response,
        >,
    >,
    operation: &'static str,
    session: &RootSession,
) -> Result<Deletion> {
    match result {
        Ok(_) => Ok(Deletion::Deleted),
        Err(e) if is_code(&e, "NoSuchEntity") => Ok(Deletion::AlreadyAbsent),
        Err(e) => Err(classify::iam(at, operation, Some(session.account_id()), e)),
    }
}

#[async_trait]
impl RootIam for AwsRootIam {
    async fn get_account_summary(&self, session: &RootSession) -> Result<AccountSummary> {
        let out = self
            .client(session)
            .get_account_summary()
            .send()
            .await
            .map_err(|e| {
                classify::iam(
                    &self.endpoint,
                    "GetAccountSummary",
                    Some(session.account_id()),
                    e,
                )
            })?;
        // A key AWS leaves out of the map counts as zero (docs/aws-behaviour.md#root-session-iam).
        let count = |key: SummaryKeyType| {
            out.summary_map()
                .and_then(|map| map.get(&key))
                .copied()
                .unwrap_or(0)
                .max(0) as u32
        };
        Ok(AccountSummary {
            password_present: count(SummaryKeyType::AccountPasswordPresent) > 0,
            access_keys_present: count(SummaryKeyType::AccountAccessKeysPresent),
            signing_certificates_present: count(SummaryKeyType::AccountSigningCertificatesPresent),
            mfa_enabled: count(SummaryKeyType::AccountMfaEnabled) > 0,
        })
    }

    async fn get_user(&self, session: &RootSession) -> Result<RootUser> {
        let out =
            self.client(session).get_user().send().await.map_err(|e| {
                classify::iam(&self.endpoint, "GetUser", Some(session.account_id()), e)
            })?;
        // The SDK back-fills required fields AWS omits for the root user (an empty user
        // name, say); the ARN identifies the root reliably, so fall back to the known one.
        let user = out.user();
        let arn = user
            .map(|u| u.arn())
            .filter(|arn| !arn.is_empty())
            .map_or_else(
                || session.account_id().root_arn_in(self.endpoint.partition()),
                str::to_owned,
            );
        Ok(RootUser {
            arn,
            user_id: user.map(|u| u.user_id().to_owned()).unwrap_or_default(),
            created: user.and_then(|u| timestamp(u.create_date())),
            password_last_used: opt_timestamp(user.and_then(|u| u.password_last_used())),
        })
    }

    async fn get_login_profile(&self, session: &RootSession) -> Result<Option<LoginProfile>> {
        match self.client(session).get_login_profile().send().await {
            Ok(out) => Ok(out.login_profile().and_then(|p| {
                Some(LoginProfile {
                    created: timestamp(p.create_date())?,
                    password_reset_required: p.password_reset_required(),
                })
            })),
            Err(e) if is_code(&e, "NoSuchEntity") => Ok(None),
            Err(e) => Err(classify::iam(
                &self.endpoint,
                "GetLoginProfile",
                Some(session.account_id()),
                e,
            )),
        }
    }

    async fn delete_login_profile(&self, session: &RootSession) -> Result<Deletion> {
        let result = self.client(session).delete_login_profile().send().await;
        deletion(&self.endpoint, result, "DeleteLoginProfile", session)
    }

    async fn create_login_profile(&self, session: &RootSession) -> Result<Creation> {
        // No Password either: a login profile without one is what "allow password
        // recovery" means; the root user then sets a password through the reset flow.
        match self.client(session).create_login_profile().send().await {
            Ok(_) => Ok(Creation::Created),
            Err(e) if is_code(&e, "EntityAlreadyExists") => Ok(Creation::AlreadyExists),
            Err(e) => Err(classify::iam(
                &self.endpoint,
                "CreateLoginProfile",
                Some(session.account_id()),
                e,
            )),
        }
    }

    async fn list_access_keys(&self, session: &RootSession) -> Result<Vec<AccessKey>> {
        let mut pages = self
            .client(session)
            .list_access_keys()
            .into_paginator()
            .send();
        let mut keys = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                classify::iam(
                    &self.endpoint,
                    "ListAccessKeys",
                    Some(session.account_id()),
                    e,
                )
            })?;
            keys.extend(page.access_key_metadata().iter().map(|k| AccessKey {
                id: k.access_key_id().unwrap_or_default().to_owned(),
                status: CredentialStatus::from_wire(k.status().map_or("", |s| s.as_str())),
                created: opt_timestamp(k.create_date()),
                last_used: None,
            }));
        }
        Ok(keys)
    }

    async fn get_access_key_last_used(
        &self,
        session: &RootSession,
        access_key_id: &str,
    ) -> Result<AccessKeyLastUsed> {
        let out = self
            .client(session)
            .get_access_key_last_used()
            .access_key_id(access_key_id)
            .send()
            .await
            .map_err(|e| {
                classify::iam(
                    &self.endpoint,
                    "GetAccessKeyLastUsed",
                    Some(session.account_id()),
                    e,
                )
            })?;
        Ok(out
            .access_key_last_used()
            .map_or_else(AccessKeyLastUsed::default, |u| {
                AccessKeyLastUsed::from_wire(
                    opt_timestamp(u.last_used_date()),
                    Some(u.service_name()),
                    Some(u.region()),
                )
            }))
    }

    async fn delete_access_key(
        &self,
        session: &RootSession,
        access_key_id: &str,
    ) -> Result<Deletion> {
        let result = self
            .client(session)
            .delete_access_key()
            .access_key_id(access_key_id)
            .send()
            .await;
        deletion(&self.endpoint, result, "DeleteAccessKey", session)
    }

    async fn list_signing_certificates(
        &self,
        session: &RootSession,
    ) -> Result<Vec<SigningCertificate>> {
        let mut pages = self
            .client(session)
            .list_signing_certificates()
            .into_paginator()
            .send();
        let mut certificates = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                classify::iam(
                    &self.endpoint,
                    "ListSigningCertificates",
                    Some(session.account_id()),
                    e,
                )
            })?;
            certificates.extend(page.certificates().iter().map(|c| SigningCertificate {
                id: c.certificate_id().to_owned(),
                status: CredentialStatus::from_wire(c.status().as_str()),
                uploaded: opt_timestamp(c.upload_date()),
            }));
        }
        Ok(certificates)
    }

    async fn delete_signing_certificate(
        &self,
        session: &RootSession,
        certificate_id: &str,
    ) -> Result<Deletion> {
        let result = self
            .client(session)
            .delete_signing_certificate()
            .certificate_id(certificate_id)
            .send()
            .await;
        deletion(&self.endpoint, result, "DeleteSigningCertificate", session)
    }

    async fn list_mfa_devices(&self, session: &RootSession) -> Result<Vec<MfaDevice>> {
        let mut pages = self
            .client(session)
            .list_mfa_devices()
            .into_paginator()
            .send();
        let mut devices = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                classify::iam(
                    &self.endpoint,
                    "ListMFADevices",
                    Some(session.account_id()),
                    e,
                )
            })?;
            devices.extend(
                page.mfa_devices()
                    .iter()
                    .map(|d| MfaDevice::new(d.serial_number(), timestamp(d.enable_date()))),
            );
        }
        Ok(devices)
    }

    async fn deactivate_mfa_device(&self, session: &RootSession, serial: &str) -> Result<Deletion> {
        let result = self
            .client(session)
            .deactivate_mfa_device()
            .serial_number(serial)
            .send()
            .await;
        deletion(&self.endpoint, result, "DeactivateMFADevice", session)
    }
}

#[cfg(test)]
mod tests {
    use aws_config::{BehaviorVersion, Region};
    use chrono::{TimeDelta, Utc};

    use super::*;
    use crate::model::{SessionCredentials, TaskPolicy};

    fn adapter() -> AwsRootIam {
        AwsRootIam::new(
            SdkConfig::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .build(),
        )
    }

    #[test]
    fn a_session_keeps_the_client_of_the_adapter_that_first_used_it() {
        let session = RootSession::new(
            "222222222222".parse().expect("account"),
            TaskPolicy::IamAuditRootUserCredentials,
            Utc::now() + TimeDelta::minutes(15),
            SessionCredentials::new("ASIATEST", "secret", "token"),
        );
        let (first, second) = (adapter(), adapter());
        let _ = first.client(&session);
        // Cached: asking again does not build.
        let cached = session
            .adapter_state()
            .get_or_init::<Client>(first.id, || panic!("built twice"));
        assert!(cached.is_some());
        // A clone of the session shares it; another adapter keeps out and builds its own.
        let clone = session.clone();
        assert!(
            clone
                .adapter_state()
                .get_or_init::<Client>(first.id, || panic!("built twice"))
                .is_some()
        );
        assert!(
            session
                .adapter_state()
                .get_or_init::<Client>(second.id, || panic!("not built for another adapter"))
                .is_none()
        );
        let _ = second.client(&session);
    }
}
