//! [`AwsSts`]: the [`StsApi`] trait over `aws-sdk-sts`.

use async_trait::async_trait;
use aws_sdk_sts::Client;
use aws_sdk_sts::types::PolicyDescriptorType;

use super::classify::{self, Endpoint};
use super::convert::{timestamp, wraps_client};
use crate::boundary::StsApi;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{
    AccountId, CallerIdentity, RootSession, SessionCredentials, SessionDuration, TaskPolicy,
};

/// [`StsApi`] over the AWS SDK. The client must use a regional STS endpoint
/// ([`AwsClients`](super::AwsClients) makes sure of it): the global endpoint does not serve
/// `AssumeRoot`.
#[derive(Clone, Debug)]
pub struct AwsSts {
    client: Client,
    endpoint: Endpoint,
}

wraps_client!(AwsSts);

fn malformed(operation: &'static str, account: Option<AccountId>, message: &str) -> Error {
    Error::from_kind(
        ErrorKind::Aws,
        ErrorContext::new(Service::Sts, operation)
            .account(account)
            .message(message),
        None,
    )
}

#[async_trait]
impl StsApi for AwsSts {
    async fn caller_identity(&self) -> Result<CallerIdentity> {
        const OP: &str = "GetCallerIdentity";
        let out = self
            .client
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| classify::sts(&self.endpoint, OP, None, e))?;
        let account_id = out
            .account()
            .ok_or_else(|| malformed(OP, None, "the response has no account"))?
            .parse()
            .map_err(|e: Error| {
                malformed(
                    OP,
                    None,
                    &format!("the response carries a bad account id: {e}"),
                )
            })?;
        Ok(CallerIdentity {
            account_id,
            arn: out.arn().unwrap_or_default().to_owned(),
            user_id: out.user_id().unwrap_or_default().to_owned(),
        })
    }

    async fn assume_root(
        &self,
        account_id: &AccountId,
        task_policy: TaskPolicy,
        duration: SessionDuration,
    ) -> Result<RootSession> {
        const OP: &str = "AssumeRoot";
        let out = self
            .client
            .assume_root()
            .target_principal(account_id.as_str())
            .task_policy_arn(
                PolicyDescriptorType::builder()
                    .arn(task_policy.arn_in(self.endpoint.partition()))
                    .build(),
            )
            .duration_seconds(duration.as_secs() as i32)
            .send()
            .await
            .map_err(|e| classify::sts(&self.endpoint, OP, Some(*account_id), e))?;
        let creds = out
            .credentials()
            .ok_or_else(|| malformed(OP, Some(*account_id), "the response has no credentials"))?;
        let expires_at = timestamp(creds.expiration()).ok_or_else(|| {
            malformed(
                OP,
                Some(*account_id),
                "the credentials' expiry is out of range",
            )
        })?;
        Ok(RootSession::new(
            *account_id,
            task_policy,
            expires_at,
            SessionCredentials::new(
                creds.access_key_id(),
                creds.secret_access_key(),
                creds.session_token(),
            ),
        ))
    }
}
