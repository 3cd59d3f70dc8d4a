//! Setup of buckets and queues in member accounts, with plain SDK calls signed by a raw
//! `sts:AssumeRoot` session into the member (the way a member's administrator would make
//! them; never through the code under test).

use aws_credential_types::Credentials;
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use aws_sdk_sqs::types::QueueAttributeName;
use aws_sdk_sts::types::PolicyDescriptorType;
use rootctl::AccountId;

use crate::support::Emulator;

impl Emulator {
    /// Credentials of a root session into `account` under `task_policy`, for setup.
    async fn member_credentials(&self, account: AccountId, task_policy: &str) -> Credentials {
        let assumed = aws_sdk_sts::Client::new(self.sdk_config())
            .assume_root()
            .target_principal(account.as_str())
            .task_policy_arn(
                PolicyDescriptorType::builder()
                    .arn(format!("arn:aws:iam::aws:policy/root-task/{task_policy}"))
                    .build(),
            )
            .send()
            .await
            .unwrap_or_else(|e| panic!("AssumeRoot {account} for setup: {e:?}"));
        let creds = assumed.credentials().expect("credentials");
        Credentials::new(
            creds.access_key_id(),
            creds.secret_access_key(),
            Some(creds.session_token().to_owned()),
            None,
            "emulator-setup",
        )
    }

    /// An S3 client in `region` signed by a root session into `account`.
    async fn member_s3(&self, account: AccountId, region: &str) -> aws_sdk_s3::Client {
        let credentials = self
            .member_credentials(account, "S3UnlockBucketPolicy")
            .await;
        let config = aws_sdk_s3::config::Builder::from(self.sdk_config())
            .credentials_provider(credentials)
            .region(aws_config::Region::new(region.to_owned()))
            .force_path_style(true)
            .build();
        aws_sdk_s3::Client::from_conf(config)
    }

    /// An SQS client in `region` signed by a root session into `account`.
    async fn member_sqs(&self, account: AccountId, region: &str) -> aws_sdk_sqs::Client {
        let credentials = self
            .member_credentials(account, "SQSUnlockQueuePolicy")
            .await;
        let config = aws_sdk_sqs::config::Builder::from(self.sdk_config())
            .credentials_provider(credentials)
            .region(aws_config::Region::new(region.to_owned()))
            .build();
        aws_sdk_sqs::Client::from_conf(config)
    }

    /// Creates bucket `name` in `region`, owned by `account`, with `policy`.
    pub async fn create_member_bucket(
        &self,
        account: AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<(), String> {
        let s3 = self.member_s3(account, region).await;
        let mut create = s3.create_bucket().bucket(name);
        if region != "us-east-1" {
            create = create.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region))
                    .build(),
            );
        }
        create
            .send()
            .await
            .map_err(|e| format!("CreateBucket {name}: {e:?}"))?;
        if let Some(policy) = policy {
            s3.put_bucket_policy()
                .bucket(name)
                .policy(policy)
                .send()
                .await
                .map_err(|e| format!("PutBucketPolicy {name}: {e:?}"))?;
        }
        Ok(())
    }

    /// Creates queue `name` in `region`, owned by `account`, with `policy`; its URL.
    pub async fn create_member_queue(
        &self,
        account: AccountId,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> Result<String, String> {
        let sqs = self.member_sqs(account, region).await;
        let mut create = sqs.create_queue().queue_name(name);
        if let Some(policy) = policy {
            create = create.attributes(QueueAttributeName::Policy, policy);
        }
        let out = create
            .send()
            .await
            .map_err(|e| format!("CreateQueue {name}: {e:?}"))?;
        out.queue_url()
            .map(str::to_owned)
            .ok_or_else(|| format!("CreateQueue {name} answered no URL"))
    }
}

impl Emulator {
    /// A bucket's policy as the emulator holds it (ground truth, plain SDK call).
    pub async fn member_bucket_policy(
        &self,
        account: AccountId,
        name: &str,
        region: &str,
    ) -> Option<String> {
        match self
            .member_s3(account, region)
            .await
            .get_bucket_policy()
            .bucket(name)
            .send()
            .await
        {
            Ok(out) => out.policy().map(str::to_owned),
            Err(e)
                if e.as_service_error().and_then(|e| e.meta().code())
                    == Some("NoSuchBucketPolicy") =>
            {
                None
            }
            Err(e) => panic!("GetBucketPolicy {name}: {e:?}"),
        }
    }

    /// Replaces a bucket's policy behind rootctl's back (plain SDK call).
    pub async fn put_member_bucket_policy(
        &self,
        account: AccountId,
        name: &str,
        region: &str,
        policy: &str,
    ) {
        self.member_s3(account, region)
            .await
            .put_bucket_policy()
            .bucket(name)
            .policy(policy)
            .send()
            .await
            .unwrap_or_else(|e| panic!("PutBucketPolicy {name}: {e:?}"));
    }

    /// A queue's policy as the emulator holds it (ground truth, plain SDK call).
    pub async fn member_queue_policy(
        &self,
        account: AccountId,
        url: &str,
        region: &str,
    ) -> Option<String> {
        let out = self
            .member_sqs(account, region)
            .await
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::Policy)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GetQueueAttributes {url}: {e:?}"));
        out.attributes()
            .and_then(|a| a.get(&QueueAttributeName::Policy))
            .filter(|p| !p.is_empty())
            .cloned()
    }
}
