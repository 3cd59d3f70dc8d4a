//! Layer 1, the model: plain data that every other layer speaks.
//!
//! Everything here is serde-serializable except [`RootSession`] and
//! [`SessionCredentials`], which hold secrets.

// The error type lives with the data it speaks of: an `Error` carries `AccountId`s and
// `ResourceService`s, and parsing any of the model's types fails with an `Error`, so the
// two are one module (re-exported as `rootctl::error`) and no two modules name each other.
pub mod error;

mod account_id;
mod credentials;
mod duration;
mod kind;
mod named_enum;
mod org;
mod org_policy;
mod outcome;
mod partition;
mod region;
mod resource;
mod session;
mod task_policy;

pub use account_id::AccountId;
pub use credentials::{
    AccessKey, AccessKeyLastUsed, AccountSummary, CredentialStatus, LoginProfile, MfaDevice,
    MfaKind, RootCredentials, RootUser, SigningCertificate,
};
pub use duration::SessionDuration;
pub use kind::{CredentialKind, CredentialKindSpec};
pub use org::{
    Account, AccountState, CallerIdentity, DelegatedAdministrator, FeatureSet,
    IAM_SERVICE_PRINCIPAL, OrgFeature, OrgFeatures, Organization, OrganizationalUnit, ParentId,
    Root, Tags,
};
pub use org_policy::{Policy, PolicySummary, PolicyTarget, PolicyType};
pub use outcome::{Creation, Deletion};
pub use partition::Partition;
pub use region::{ACCOUNT_SERVICE_PRINCIPAL, AccountRegion, RegionOptStatus};
pub use resource::{BucketInfo, QueueInfo, ResourceService, check_region_name};
pub use session::{RootSession, SessionCredentials};
pub use task_policy::{RootTask, TASK_POLICY_ARN_PREFIX, TaskPolicy};

/// A point in time, always UTC.
pub type Timestamp = chrono::DateTime<chrono::Utc>;
