//! [`RootIam`] for [`SimulatedOrg`]: the IAM calls of a root session, checked against the
//! session, the member's SCP and the task policy, then applied to the root user's
//! credentials (docs/aws-behaviour.md#root-session-iam).

use async_trait::async_trait;

use super::SimulatedOrg;
use super::dispatch::{CallSpec, Rejection, Reply};
use super::state::AccountRecord;
use super::task_permissions;
use crate::boundary::RootIam;
use crate::error::Result;
use crate::model::{
    AccessKey, AccessKeyLastUsed, AccountId, AccountSummary, Creation, Deletion, LoginProfile,
    MfaDevice, RootSession, RootUser, SigningCertificate, Timestamp,
};
use crate::scp::{Request, Resource};

/// The root user a session acts as, handed to each operation's rules.
struct RootUserCall<'a> {
    account_id: AccountId,
    account: &'a mut AccountRecord,
    now: Timestamp,
}

/// AWS's answer to a delete of something already gone: the trait reports it as a value,
/// the log keeps the code.
fn already_absent() -> Reply<Deletion> {
    Reply::coded(Deletion::AlreadyAbsent, "NoSuchEntity")
}

/// Removes the first element of `items` matching `is_it`, reporting what the delete found.
fn delete_where<T>(items: &mut Vec<T>, is_it: impl Fn(&T) -> bool) -> Reply<Deletion> {
    match items.iter().position(is_it) {
        Some(index) => {
            items.remove(index);
            Reply::ok(Deletion::Deleted)
        }
        None => already_absent(),
    }
}

impl SimulatedOrg {
    /// Runs an IAM call made with `session`: the session must be one the simulator issued
    /// and still honours (else `ExpiredToken`, the answer AWS gives both to expired and to
    /// unknown session tokens), the member's SCP must not deny it, and the session's task
    /// policy must allow `operation` (else `AccessDenied`).
    async fn as_root<T>(
        &self,
        session: &RootSession,
        spec: CallSpec,
        rules: impl FnOnce(RootUserCall<'_>) -> Result<Reply<T>, Rejection>,
    ) -> Result<T> {
        let operation = spec.operation();
        self.dispatch(spec, |world, env| {
            let expired = || {
                Rejection::new(
                    "ExpiredToken",
                    "The security token included in the request is expired",
                )
            };
            let issued = world
                .sessions
                .valid(session.credentials(), env.now)
                .ok_or_else(expired)?;
            let request = Request {
                action: format!("iam:{operation}"),
                resource: match operation {
                    "GetAccountSummary" => Resource::Arn("*".into()),
                    _ => Resource::Arn(issued.account_id.root_arn()),
                },
            };
            // IAM is global: its calls are made in us-east-1 (aws:RequestedRegion).
            let policy_denial = world
                .org
                .policy_denial(&issued.account_id, &request, "us-east-1");
            let account = world
                .org
                .accounts
                .get_mut(&issued.account_id)
                .ok_or_else(expired)?;
            let denied = |why: String| {
                let root = issued.account_id.root_arn();
                Rejection::new(
                    "AccessDenied",
                    format!(
                        "User: {root} is not authorized to perform: iam:{operation} on \
                         resource: {root} {why}"
                    ),
                )
            };
            if let Some(why) = policy_denial {
                return Err(denied(why));
            }
            if !task_permissions::allows(issued.task_policy, operation) {
                return Err(denied(format!(
                    "because no session policy allows the iam:{operation} action \
                     (task policy {})",
                    issued.task_policy
                )));
            }
            rules(RootUserCall {
                account_id: issued.account_id,
                account,
                now: env.now,
            })
        })
        .await
    }
}

#[async_trait]
impl RootIam for SimulatedOrg {
    async fn get_account_summary(&self, session: &RootSession) -> Result<AccountSummary> {
        self.as_root(
            session,
            CallSpec::in_session("GetAccountSummary", session),
            |root| Ok(Reply::ok(root.account.credentials.summary())),
        )
        .await
    }

    async fn get_user(&self, session: &RootSession) -> Result<RootUser> {
        self.as_root(session, CallSpec::in_session("GetUser", session), |root| {
            // The root user's id is its account id; the simulator does not track sign-ins.
            Ok(Reply::ok(RootUser {
                arn: root.account_id.root_arn(),
                user_id: root.account_id.to_string(),
                created: Some(root.account.joined),
                password_last_used: None,
            }))
        })
        .await
    }

    async fn get_login_profile(&self, session: &RootSession) -> Result<Option<LoginProfile>> {
        self.as_root(
            session,
            CallSpec::in_session("GetLoginProfile", session),
            |root| {
                Ok(match &root.account.credentials.password {
                    Some(profile) => Reply::ok(Some(profile.clone())),
                    None => Reply::coded(None, "NoSuchEntity"),
                })
            },
        )
        .await
    }

    async fn delete_login_profile(&self, session: &RootSession) -> Result<Deletion> {
        let spec = CallSpec::in_session("DeleteLoginProfile", session).mutating();
        self.as_root(session, spec, |root| {
            Ok(match root.account.credentials.password.take() {
                Some(_) => Reply::ok(Deletion::Deleted),
                None => already_absent(),
            })
        })
        .await
    }

    async fn create_login_profile(&self, session: &RootSession) -> Result<Creation> {
        let spec = CallSpec::in_session("CreateLoginProfile", session).mutating();
        self.as_root(session, spec, |root| {
            let password = &mut root.account.credentials.password;
            if password.is_some() {
                return Ok(Reply::coded(Creation::AlreadyExists, "EntityAlreadyExists"));
            }
            // A profile without a password: the root user can now recover one through
            // "forgot password". That the first sign-in must set a new password is
            // unverified, but there is no old one to keep.
            *password = Some(LoginProfile {
                created: root.now,
                password_reset_required: true,
            });
            Ok(Reply::ok(Creation::Created))
        })
        .await
    }

    // IAM's lists page with Marker/IsTruncated, but a root user's keys (two at most),
    // certificates and MFA devices always fit the default page of 100: one call each.
    async fn list_access_keys(&self, session: &RootSession) -> Result<Vec<AccessKey>> {
        self.as_root(
            session,
            CallSpec::in_session("ListAccessKeys", session),
            |root| {
                // ListAccessKeys has no last-used data; GetAccessKeyLastUsed has it.
                let keys = root.account.credentials.access_keys.iter();
                Ok(Reply::ok(
                    keys.map(|key| AccessKey {
                        last_used: None,
                        ..key.clone()
                    })
                    .collect(),
                ))
            },
        )
        .await
    }

    async fn get_access_key_last_used(
        &self,
        session: &RootSession,
        access_key_id: &str,
    ) -> Result<AccessKeyLastUsed> {
        let spec = CallSpec::in_session("GetAccessKeyLastUsed", session).target(access_key_id);
        self.as_root(session, spec, |root| {
            let keys = &root.account.credentials.access_keys;
            match keys.iter().find(|key| key.id == access_key_id) {
                // A key never used has no date and no service or region (AWS says N/A).
                Some(key) => Ok(Reply::ok(key.last_used.clone().unwrap_or_default())),
                // What AWS answers for a key that does not exist is unverified;
                // NoSuchEntity is its answer for every other missing credential.
                None => Err(Rejection::new(
                    "NoSuchEntity",
                    format!("The Access Key with id {access_key_id} cannot be found."),
                )),
            }
        })
        .await
    }

    async fn delete_access_key(
        &self,
        session: &RootSession,
        access_key_id: &str,
    ) -> Result<Deletion> {
        let spec = CallSpec::in_session("DeleteAccessKey", session)
            .target(access_key_id)
            .mutating();
        self.as_root(session, spec, |root| {
            let keys = &mut root.account.credentials.access_keys;
            Ok(delete_where(keys, |key| key.id == access_key_id))
        })
        .await
    }

    async fn list_signing_certificates(
        &self,
        session: &RootSession,
    ) -> Result<Vec<SigningCertificate>> {
        self.as_root(
            session,
            CallSpec::in_session("ListSigningCertificates", session),
            |root| {
                Ok(Reply::ok(
                    root.account.credentials.signing_certificates.clone(),
                ))
            },
        )
        .await
    }

    async fn delete_signing_certificate(
        &self,
        session: &RootSession,
        certificate_id: &str,
    ) -> Result<Deletion> {
        let spec = CallSpec::in_session("DeleteSigningCertificate", session)
            .target(certificate_id)
            .mutating();
        self.as_root(session, spec, |root| {
            let certificates = &mut root.account.credentials.signing_certificates;
            Ok(delete_where(certificates, |cert| cert.id == certificate_id))
        })
        .await
    }

    async fn list_mfa_devices(&self, session: &RootSession) -> Result<Vec<MfaDevice>> {
        self.as_root(
            session,
            CallSpec::in_session("ListMFADevices", session),
            |root| Ok(Reply::ok(root.account.credentials.mfa_devices.clone())),
        )
        .await
    }

    async fn deactivate_mfa_device(&self, session: &RootSession, serial: &str) -> Result<Deletion> {
        let spec = CallSpec::in_session("DeactivateMFADevice", session)
            .target(serial)
            .mutating();
        self.as_root(session, spec, |root| {
            // A deactivated device no longer belongs to the root user, so it leaves the
            // list (a virtual device's secret lingers in IAM, but not on the root user).
            let devices = &mut root.account.credentials.mfa_devices;
            Ok(delete_where(devices, |device| device.serial == serial))
        })
        .await
    }
}
