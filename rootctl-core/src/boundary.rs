//! Layer 2, the AWS boundary: one small trait per AWS role, speaking model types only.
//!
//! Nothing above this layer sees an SDK type, an `SdkError` or a page token: lists come
//! back whole and errors come back as [`Error`](crate::Error). Three implementations exist: the real
//! adapters in [`aws`](crate::aws), the simulator in [`sim`](crate::sim), and the
//! mockall mocks (`MockOrganizations`, ...) under the `mock` feature, for your own tests.
//!
//! Every trait is object safe and used as `Arc<dyn Trait>`.
//!
//! ```
//! # #[cfg(feature = "mock")] {
//! use rootctl::{MockOrgFeaturesApi, OrgFeature, OrgFeaturesApi};
//!
//! let mut features = MockOrgFeaturesApi::new();
//! features
//!     .expect_list_enabled_features()
//!     .returning(|| Ok(vec![OrgFeature::RootCredentialsManagement]));
//! # let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! # rt.block_on(async {
//! assert_eq!(
//!     features.list_enabled_features().await.unwrap(),
//!     vec![OrgFeature::RootCredentialsManagement]
//! );
//! # });
//! # }
//! ```

use std::fmt::Debug;

use async_trait::async_trait;

use crate::error::Result;
use crate::model::{
    AccessKey, AccessKeyLastUsed, Account, AccountId, AccountRegion, AccountSummary, BucketInfo,
    CallerIdentity, Creation, DelegatedAdministrator, Deletion, LoginProfile, MfaDevice,
    OrgFeature, Organization, OrganizationalUnit, ParentId, Policy, PolicySummary, PolicyTarget,
    PolicyType, QueueInfo, Root, RootSession, RootUser, SessionDuration, SigningCertificate, Tags,
    TaskPolicy,
};

/// AWS Organizations: the organization's shape, trusted access and delegated admins.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait Organizations: Send + Sync + Debug + 'static {
    /// `DescribeOrganization`.
    async fn describe_organization(&self) -> Result<Organization>;

    /// `ListRoots`, every page.
    async fn list_roots(&self) -> Result<Vec<Root>>;

    /// `ListOrganizationalUnitsForParent`: the direct child OUs of `parent`, every page.
    async fn list_organizational_units_for_parent(
        &self,
        parent: &ParentId,
    ) -> Result<Vec<OrganizationalUnit>>;

    /// `ListAccountsForParent`: the accounts directly under `parent`, every page.
    async fn list_accounts_for_parent(&self, parent: &ParentId) -> Result<Vec<Account>>;

    /// `ListAccounts`: every account in the organization, every page.
    async fn list_accounts(&self) -> Result<Vec<Account>>;

    /// `ListTagsForResource` on an account, every page.
    async fn list_account_tags(&self, account_id: &AccountId) -> Result<Tags>;

    /// `ListAWSServiceAccessForOrganization`: service principals with trusted access.
    async fn list_service_access(&self) -> Result<Vec<String>>;

    /// `EnableAWSServiceAccess` for `service_principal`. Management account only.
    async fn enable_service_access(&self, service_principal: &str) -> Result<()>;

    /// `DisableAWSServiceAccess` for `service_principal`. Management account only.
    async fn disable_service_access(&self, service_principal: &str) -> Result<()>;

    /// `ListDelegatedAdministrators` for `service_principal`, every page.
    async fn list_delegated_administrators(
        &self,
        service_principal: &str,
    ) -> Result<Vec<DelegatedAdministrator>>;

    /// `RegisterDelegatedAdministrator`. Already registered is
    /// [`Error::AlreadyExists`](crate::Error::AlreadyExists).
    async fn register_delegated_administrator(
        &self,
        account_id: &AccountId,
        service_principal: &str,
    ) -> Result<()>;

    /// `DeregisterDelegatedAdministrator`. Not registered is
    /// [`Error::NotFound`](crate::Error::NotFound).
    async fn deregister_delegated_administrator(
        &self,
        account_id: &AccountId,
        service_principal: &str,
    ) -> Result<()>;

    /// `ListPoliciesForTarget` with `Filter` `policy_type`: the policies of that type
    /// attached directly to `target` (not inherited), every page. An unknown target is
    /// [`Error::NotFound`](crate::Error::NotFound).
    async fn list_policies_for_target(
        &self,
        target: &PolicyTarget,
        policy_type: PolicyType,
    ) -> Result<Vec<PolicySummary>>;

    /// `DescribePolicy`: the policy with its document. An unknown policy is
    /// [`Error::NotFound`](crate::Error::NotFound).
    async fn describe_policy(&self, policy_id: &str) -> Result<Policy>;
}

/// The IAM organization-feature APIs (docs/aws-behaviour.md#org-features).
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait OrgFeaturesApi: Send + Sync + Debug + 'static {
    /// `ListOrganizationsFeatures`: the features enabled now.
    async fn list_enabled_features(&self) -> Result<Vec<OrgFeature>>;

    /// `EnableOrganizationsRootCredentialsManagement` / `EnableOrganizationsRootSessions`.
    /// Management account only; needs trusted access for IAM.
    async fn enable_feature(&self, feature: OrgFeature) -> Result<()>;

    /// `DisableOrganizationsRootCredentialsManagement` / `DisableOrganizationsRootSessions`.
    async fn disable_feature(&self, feature: OrgFeature) -> Result<()>;
}

/// STS: who is calling, and `AssumeRoot` into member accounts.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait StsApi: Send + Sync + Debug + 'static {
    /// `GetCallerIdentity`.
    async fn caller_identity(&self) -> Result<CallerIdentity>;

    /// `AssumeRoot` into `account_id` with `task_policy` for `duration`.
    ///
    /// The returned session exposes its expiry; its credentials are redacted everywhere.
    async fn assume_root(
        &self,
        account_id: &AccountId,
        task_policy: TaskPolicy,
        duration: SessionDuration,
    ) -> Result<RootSession>;
}

/// The IAM calls a root session may make, always on the root user itself (no `UserName`).
///
/// Deletes report [`Deletion::AlreadyAbsent`] instead of failing when AWS answers
/// `NoSuchEntity`; lists come back whole.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait RootIam: Send + Sync + Debug + 'static {
    /// `GetAccountSummary`: the root-credential counters. Audit sessions only.
    async fn get_account_summary(&self, session: &RootSession) -> Result<AccountSummary>;

    /// `GetUser` on the root user.
    async fn get_user(&self, session: &RootSession) -> Result<RootUser>;

    /// `GetLoginProfile`: the root password, or `None` when there is none (`NoSuchEntity`).
    async fn get_login_profile(&self, session: &RootSession) -> Result<Option<LoginProfile>>;

    /// `DeleteLoginProfile`: remove the root password.
    async fn delete_login_profile(&self, session: &RootSession) -> Result<Deletion>;

    /// `CreateLoginProfile` without a password: allow password recovery.
    /// [`Creation::AlreadyExists`] when a password exists (`EntityAlreadyExists`).
    async fn create_login_profile(&self, session: &RootSession) -> Result<Creation>;

    /// `ListAccessKeys`, every page. `last_used` is not filled in.
    async fn list_access_keys(&self, session: &RootSession) -> Result<Vec<AccessKey>>;

    /// `GetAccessKeyLastUsed` for one key.
    async fn get_access_key_last_used(
        &self,
        session: &RootSession,
        access_key_id: &str,
    ) -> Result<AccessKeyLastUsed>;

    /// `DeleteAccessKey`.
    async fn delete_access_key(
        &self,
        session: &RootSession,
        access_key_id: &str,
    ) -> Result<Deletion>;

    /// `ListSigningCertificates`, every page.
    async fn list_signing_certificates(
        &self,
        session: &RootSession,
    ) -> Result<Vec<SigningCertificate>>;

    /// `DeleteSigningCertificate`.
    async fn delete_signing_certificate(
        &self,
        session: &RootSession,
        certificate_id: &str,
    ) -> Result<Deletion>;

    /// `ListMFADevices`, every page.
    async fn list_mfa_devices(&self, session: &RootSession) -> Result<Vec<MfaDevice>>;

    /// `DeactivateMFADevice` (never `DeleteVirtualMFADevice`, which the task policy no
    /// longer allows since 2025-01-07).
    async fn deactivate_mfa_device(&self, session: &RootSession, serial: &str) -> Result<Deletion>;
}

/// The S3 calls an `S3UnlockBucketPolicy` root session may make (docs/aws-behaviour.md#task-policies):
/// `ListBuckets` and Get/Put/DeleteBucketPolicy, nothing else (no `GetBucketLocation`:
/// the region comes from `ListBuckets`' `BucketRegion`).
///
/// Every bucket call names the bucket's `region`, and implementations send it there: S3
/// refuses a bucket call made in another region.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait RootS3: Send + Sync + Debug + 'static {
    /// `ListBuckets`, every page, each bucket with its region.
    async fn list_buckets(&self, session: &RootSession) -> Result<Vec<BucketInfo>>;

    /// `GetBucketPolicy`: the policy text exactly as stored, or `None` when the bucket
    /// has none (`NoSuchBucketPolicy`).
    async fn get_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
    ) -> Result<Option<String>>;

    /// `PutBucketPolicy`: replace the bucket's policy with `policy`.
    async fn put_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
        policy: &str,
    ) -> Result<()>;

    /// `DeleteBucketPolicy` (S3 answers success when there is none).
    async fn delete_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
    ) -> Result<()>;
}

/// The SQS calls an `SQSUnlockQueuePolicy` root session may make (docs/aws-behaviour.md#task-policies):
/// ListQueues, GetQueueUrl, GetQueueAttributes, SetQueueAttributes. A policy is removed
/// by setting it to the empty string (`RemovePermission` is denied).
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait RootSqs: Send + Sync + Debug + 'static {
    /// `ListQueues` in `region`, every page.
    async fn list_queues(&self, session: &RootSession, region: &str) -> Result<Vec<QueueInfo>>;

    /// `GetQueueAttributes(Policy)`: the policy text, or `None` when the queue has none.
    async fn get_queue_policy(
        &self,
        session: &RootSession,
        region: &str,
        queue_url: &str,
    ) -> Result<Option<String>>;

    /// `SetQueueAttributes(Policy)`; the empty string removes the policy.
    async fn set_queue_policy(
        &self,
        session: &RootSession,
        region: &str,
        queue_url: &str,
        policy: &str,
    ) -> Result<()>;
}

/// AWS Account Management as the management account (or its delegated administrator for
/// `account.amazonaws.com`) sees a member: the regions the member has enabled, which is
/// where its queues can be. A root session cannot list regions; this is the caller's own
/// call, and it needs trusted access for AWS Account Management (docs/unlock-regions.md).
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait AccountManagement: Send + Sync + Debug + 'static {
    /// `ListRegions` with the member's `AccountId`, asking only for the regions it can use
    /// (`ENABLED`, `ENABLED_BY_DEFAULT`), every page.
    async fn list_regions(&self, account_id: &AccountId) -> Result<Vec<AccountRegion>>;
}
