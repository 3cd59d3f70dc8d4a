//! [`RootSession`]: a short-lived AssumeRoot session, and its redacted credentials.

use std::fmt;

use secrecy::SecretString;

use crate::model::{AccountId, TaskPolicy, Timestamp};

/// A session obtained with `sts:AssumeRoot`, scoped to one member account and one task
/// policy. Pass it to [`RootIam`](crate::RootIam) calls.
///
/// It is deliberately neither `Serialize` nor `Display`: its credentials must not end up
/// in reports, logs or journals. `Debug` prints the account, policy and expiry only.
#[derive(Clone)]
pub struct RootSession {
    account_id: AccountId,
    task_policy: TaskPolicy,
    expires_at: Timestamp,
    credentials: SessionCredentials,
    #[cfg(feature = "aws")]
    adapter_state: AdapterState,
}

impl RootSession {
    /// A session for `account_id` under `task_policy`, valid until `expires_at`.
    pub fn new(
        account_id: AccountId,
        task_policy: TaskPolicy,
        expires_at: Timestamp,
        credentials: SessionCredentials,
    ) -> Self {
        Self {
            account_id,
            task_policy,
            expires_at,
            credentials,
            #[cfg(feature = "aws")]
            adapter_state: AdapterState::default(),
        }
    }

    /// What an adapter built for this session on first use (a signed SDK client), shared
    /// by the session's clones and dropped with the last of them.
    #[cfg(feature = "aws")]
    pub(crate) fn adapter_state(&self) -> &AdapterState {
        &self.adapter_state
    }

    /// The member account this session acts in as root.
    pub fn account_id(&self) -> AccountId {
        self.account_id
    }

    /// The task policy that scopes what the session may do.
    pub fn task_policy(&self) -> TaskPolicy {
        self.task_policy
    }

    /// When AWS stops accepting the session. Sessions cannot be refreshed: assume again.
    pub fn expires_at(&self) -> Timestamp {
        self.expires_at
    }

    /// Whether the session has expired at `now`.
    pub fn is_expired_at(&self, now: Timestamp) -> bool {
        now >= self.expires_at
    }

    /// The temporary credentials, for adapters that sign requests with them.
    pub fn credentials(&self) -> &SessionCredentials {
        &self.credentials
    }
}

impl fmt::Debug for RootSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RootSession")
            .field("account_id", &self.account_id)
            .field("task_policy", &self.task_policy)
            .field("expires_at", &self.expires_at)
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// One adapter's per-session state, type-erased so that no SDK type reaches the model.
/// The adapter that fills it first owns it; `owner` tells another adapter to keep out.
#[cfg(feature = "aws")]
#[derive(Clone, Default)]
pub(crate) struct AdapterState(
    std::sync::Arc<std::sync::OnceLock<(u64, std::sync::Arc<dyn std::any::Any + Send + Sync>)>>,
);

#[cfg(feature = "aws")]
impl AdapterState {
    /// The state adapter `owner` keeps here, built by `build` on first use; `None` when
    /// another adapter got here first (the caller then builds without caching).
    pub(crate) fn get_or_init<T: std::any::Any + Send + Sync>(
        &self,
        owner: u64,
        build: impl FnOnce() -> T,
    ) -> Option<&T> {
        let (first, state) = self.0.get_or_init(|| (owner, std::sync::Arc::new(build())));
        if *first == owner {
            state.downcast_ref()
        } else {
            None
        }
    }
}

/// Temporary credentials of a root session. The secret key and session token are held in
/// [`secrecy`] types and redacted from `Debug`; the access key id is shown only by its
/// last four characters.
#[derive(Clone)]
pub struct SessionCredentials {
    access_key_id: String,
    secret_access_key: SecretString,
    session_token: SecretString,
}

impl SessionCredentials {
    /// Wraps credentials returned by AssumeRoot (or made up by a simulator or a test).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: impl Into<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: SecretString::from(secret_access_key.into()),
            session_token: SecretString::from(session_token.into()),
        }
    }

    /// The access key id (an identifier; AWS does not treat it as secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key; read it with [`secrecy::ExposeSecret`] only to sign.
    pub fn secret_access_key(&self) -> &SecretString {
        &self.secret_access_key
    }

    /// The session token; read it with [`secrecy::ExposeSecret`] only to sign.
    pub fn session_token(&self) -> &SecretString {
        &self.session_token
    }
}

impl fmt::Debug for SessionCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = &self.access_key_id;
        let tail = id.get(id.len().saturating_sub(4)..).unwrap_or("");
        f.debug_struct("SessionCredentials")
            .field("access_key_id", &format_args!("****{tail}"))
            .field("secret_access_key", &format_args!("[redacted]"))
            .field("session_token", &format_args!("[redacted]"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn debug_never_shows_secret_or_token() {
        let creds = SessionCredentials::new("TESTSESSIONKEY001234", "s3cr3t-v4lue", "t0ken-v4lue");
        let session = RootSession::new(
            "123456789012".parse().unwrap(),
            TaskPolicy::IamAuditRootUserCredentials,
            chrono::DateTime::UNIX_EPOCH,
            creds.clone(),
        );
        let text = format!("{session:?} {session:#?} {creds:?}");
        assert!(!text.contains("s3cr3t-v4lue"), "{text}");
        assert!(!text.contains("t0ken-v4lue"), "{text}");
        assert!(!text.contains("TESTSESSIONKEY"), "{text}");
        assert!(text.contains("****1234"), "{text}");
        assert!(text.contains("123456789012"));
        assert_eq!(creds.secret_access_key().expose_secret(), "s3cr3t-v4lue");
        assert_eq!(creds.session_token().expose_secret(), "t0ken-v4lue");
    }

    #[test]
    fn expiry_is_inclusive() {
        let at = chrono::DateTime::UNIX_EPOCH + chrono::TimeDelta::seconds(900);
        let session = RootSession::new(
            "123456789012".parse().unwrap(),
            TaskPolicy::IamAuditRootUserCredentials,
            at,
            SessionCredentials::new("id", "secret", "token"),
        );
        assert!(!session.is_expired_at(at - chrono::TimeDelta::seconds(1)));
        assert!(session.is_expired_at(at));
    }
}
