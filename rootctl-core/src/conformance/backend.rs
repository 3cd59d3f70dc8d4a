//! [`Backend`] and [`Gap`]: what a backend under test is, and where it is known to differ
//! from AWS.

use std::collections::BTreeSet;
use std::fmt;

/// A known, named difference between a backend and AWS.
///
/// Declaring a gap in a [`Backend`] makes the checks it affects assert the backend's own
/// documented behaviour instead of AWS's, or skip with the gap's name and reason. A gap
/// never changes rootctl's client code: rootctl follows AWS, and the suite says where a
/// backend does not. The variants are the differences met so far in emulators; a
/// backend that differs elsewhere fails a check, which is how new gaps are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Gap {
    /// The backend's default credentials are a root user (AWS refuses AssumeRoot to root
    /// callers, and rootctl's prerequisite check fails the caller).
    RootCaller,
    /// Root sessions act on a stand-in IAM user, not on the root user: no root password
    /// can be represented (`GetLoginProfile`, `CreateLoginProfile` answer `NoSuchEntity`),
    /// `GetUser` names a synthetic user, `DeactivateMFADevice` without a user name reports
    /// the device absent while it stays, and the lists answer `NoSuchEntity` while the
    /// account has no IAM user.
    RootCredentialsStandIn,
    /// Account lists carry only the retired `Status` field, no `State`. The adapters read
    /// either, so the checks still assert the AWS state; the gap is declared so a report
    /// says which field the backend sent.
    AccountStatusOnly,
    /// `GetAccountSummary`'s root counters are always 0 and `AccountPasswordPresent` is
    /// absent.
    SummaryCountersZero,
    /// Task policies are not enforced: any root session may make any call (IAM, S3 and
    /// SQS alike: an audit session lists buckets).
    TaskPoliciesNotEnforced,
    /// AssumeRoot is gated on `RootSessions` alone (an audit session is refused with only
    /// `RootCredentialsManagement` on), and AssumeRoot into the management account
    /// succeeds.
    AssumeRootGating,
    /// The IAM feature APIs check nothing: none of their AWS error codes can be produced
    /// (no trusted access, no organization, wrong caller).
    FeatureApisUnchecked,
    /// `RegisterDelegatedAdministrator` before trusted access answers
    /// `AWSOrganizationsNotInUseException`, and the management account is accepted.
    DelegatedAdminRules,
    /// Organizations lists ignore `MaxResults` and answer in one page, so following
    /// `NextToken` (and empty pages) is not exercised.
    SinglePage,
    /// A successful `MoveAccount` (or `AttachPolicy`) answers the body `null`, which the
    /// SDK cannot parse (setup only: rootctl never moves accounts or attaches policies).
    MoveAccountNullBody,
    /// `ListTagsForResource` on an account outside the organization answers an empty tag
    /// set instead of `TargetNotFoundException`.
    TagsOfUnknownAccounts,
    /// Root-session credentials are still honoured after their expiry (no
    /// `ExpiredToken`).
    SessionsNeverExpire,
    /// A bucket call sent to another region than the bucket's succeeds (S3 answers a
    /// redirect), so sending each call to the bucket's region is not exercised.
    BucketRegionNotEnforced,
    /// The AWS-managed `FullAWSAccess` SCP is attached to the root only, not to the OUs
    /// and accounts created after it (AWS attaches it to every root, OU and account).
    FullAwsAccessRootOnly,
    /// Service and resource control policies are stored, listed and described but not
    /// enforced: a root session's calls succeed whatever they deny.
    ControlPoliciesNotEnforced,
    /// AWS Account Management's `ListRegions` with an `AccountId` answers without trusted
    /// access for `account.amazonaws.com`, for any well-formed account id (members of no
    /// organization, the management account itself) and for any caller.
    AccountRegionsUngated,
}

impl Gap {
    /// Every gap, in declaration order.
    pub const ALL: [Gap; 16] = [
        Gap::RootCaller,
        Gap::RootCredentialsStandIn,
        Gap::AccountStatusOnly,
        Gap::SummaryCountersZero,
        Gap::TaskPoliciesNotEnforced,
        Gap::AssumeRootGating,
        Gap::FeatureApisUnchecked,
        Gap::DelegatedAdminRules,
        Gap::SinglePage,
        Gap::MoveAccountNullBody,
        Gap::TagsOfUnknownAccounts,
        Gap::SessionsNeverExpire,
        Gap::BucketRegionNotEnforced,
        Gap::FullAwsAccessRootOnly,
        Gap::ControlPoliciesNotEnforced,
        Gap::AccountRegionsUngated,
    ];

    /// The gap's name, as summaries print it.
    pub const fn name(self) -> &'static str {
        match self {
            Gap::RootCaller => "root_caller",
            Gap::RootCredentialsStandIn => "root_credentials_stand_in",
            Gap::AccountStatusOnly => "account_status_only",
            Gap::SummaryCountersZero => "summary_counters_zero",
            Gap::TaskPoliciesNotEnforced => "task_policies_not_enforced",
            Gap::AssumeRootGating => "assume_root_gating",
            Gap::FeatureApisUnchecked => "feature_apis_unchecked",
            Gap::DelegatedAdminRules => "delegated_admin_rules",
            Gap::SinglePage => "single_page",
            Gap::MoveAccountNullBody => "move_account_null_body",
            Gap::TagsOfUnknownAccounts => "tags_of_unknown_accounts",
            Gap::SessionsNeverExpire => "sessions_never_expire",
            Gap::BucketRegionNotEnforced => "bucket_region_not_enforced",
            Gap::FullAwsAccessRootOnly => "full_aws_access_root_only",
            Gap::ControlPoliciesNotEnforced => "control_policies_not_enforced",
            Gap::AccountRegionsUngated => "account_regions_ungated",
        }
    }
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A backend under test: its name and the gaps it declares.
///
/// ```
/// use rootctl::conformance::{Backend, Gap};
///
/// let emulator = Backend::new("my-emulator").gap(Gap::SinglePage);
/// assert!(emulator.has(Gap::SinglePage));
/// assert!(!Backend::new("aws").has(Gap::SinglePage));
/// assert_eq!(Backend::fakecloud().gaps().count(), 16);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backend {
    name: String,
    gaps: BTreeSet<Gap>,
}

impl Backend {
    /// A backend that behaves as AWS does (no gaps declared yet).
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            gaps: BTreeSet::new(),
        }
    }

    /// The backend with `gap` declared.
    pub fn gap(mut self, gap: Gap) -> Self {
        self.gaps.insert(gap);
        self
    }

    /// The fakecloud 0.51.0 emulator (crates.io `fakecloud`, run as a separate process),
    /// with every gap the rootctl suite found in it.
    pub fn fakecloud() -> Self {
        Gap::ALL
            .into_iter()
            .fold(Self::new("fakecloud 0.51.0"), Backend::gap)
    }

    /// The backend's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether `gap` is declared.
    pub fn has(&self, gap: Gap) -> bool {
        self.gaps.contains(&gap)
    }

    /// The declared gaps, in declaration order.
    pub fn gaps(&self) -> impl Iterator<Item = Gap> + '_ {
        self.gaps.iter().copied()
    }
}
