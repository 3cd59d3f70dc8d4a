//! Real-wire integration tests: rootctl's operations through the real SDK adapters, over
//! HTTP with SigV4, against fakecloud 0.51.0, an AWS emulator someone else wrote.
//!
//! Run them with `scripts/emulator cargo test -p rootctl-workspace --test emulator --
//! --include-ignored`: the script installs the pinned emulator once per machine, starts
//! it on 127.0.0.1, sets `ROOTCTL_EMULATOR_ENDPOINT` and the emulator's static
//! credentials (`test`/`test`, the management account 123456789012), and stops it
//! afterwards. Every test is `#[ignore]`d, so a plain `cargo test` reports them as
//! ignored (never as passed), and one run with `--ignored` but no emulator fails.
//!
//! `conformance.rs` runs the whole `rootctl::conformance` suite on the real adapters
//! here, declaring the gaps below by name (`Backend::fakecloud`); the other files drive
//! the operations end to end.
//!
//! All tests share the one emulator. Each takes it alone (a lock), resets it
//! (`POST /_reset`) and builds its own organization with plain SDK calls, so they stay
//! independent and deterministic in any order.
//!
//! # Where fakecloud 0.51.0 differs from AWS
//!
//! `docs/aws-behaviour.md` describes AWS, and rootctl follows it; it is not bent to fit the
//! emulator. Each difference met here is listed, with what the suite does about it. The
//! suite asserts the emulator's side of a gap only where it is stable in the pinned
//! version, and marks those assertions with the gap's number.
//!
//! 1. **Caller identity.** `test`/`test` is the management account's *root user*
//!    (`GetCallerIdentity` answers `arn:aws:iam::123456789012:root`). AWS refuses
//!    AssumeRoot to root callers (docs/aws-behaviour.md#assume-root), so rootctl's prerequisite check fails the
//!    caller, while fakecloud lets that root call AssumeRoot anyway. Tests that need a
//!    proper caller create an IAM user in the management account and sign as it.
//! 2. **Root credentials are a stand-in IAM user's.** A root session's IAM calls without
//!    `UserName` act on the account's first IAM user by name, not on the root user:
//!    `ListAccessKeys` / `ListSigningCertificates` / `ListMFADevices` list that user's
//!    items, and the first two answer `NoSuchEntity` when the account has no IAM user.
//!    `GetLoginProfile`, `CreateLoginProfile` and `DeactivateMFADevice` without
//!    `UserName` always answer `NoSuchEntity`: a root password cannot be represented,
//!    allowing password recovery fails, and a deactivation "succeeds" as already absent
//!    while the device stays. `GetUser` answers a synthetic `user/default_user`, not
//!    `arn:aws:iam::<account>:root`. Setup gives accounts the stand-in user, with keys,
//!    certificates and MFA, through IAM calls in a root session.
//! 3. **No `Account.State`.** Organizations' account lists carry only the retired
//!    `Status` field. rootctl reads `State` and, where it is absent, `Status`
//!    (docs/aws-behaviour.md#organizations), so the real client targets the emulator's ACTIVE accounts with no
//!    help from the tests.
//! 4. **`GetAccountSummary` root counters.** `AccountAccessKeysPresent`,
//!    `AccountSigningCertificatesPresent` and `AccountMFAEnabled` are always 0 and
//!    `AccountPasswordPresent` is absent, so the audit cross-check warns wherever the
//!    lists find something.
//! 5. **Task policies are not enforced.** AssumeRoot accepts any `TaskPolicyArn` and the
//!    session may make any call: an audit session can delete an access key, or list
//!    buckets. Nothing here relies on scoping, and nothing here can prove it.
//! 6. **Feature gating of AssumeRoot.** Cross-account AssumeRoot is gated on
//!    `RootSessions` alone: with only `RootCredentialsManagement` on, an audit session is
//!    refused (AWS allows it). Every refusal is `AccessDenied` (HTTP 403). AssumeRoot into
//!    the caller's own (management) account succeeds; AWS refuses it (rootctl never asks).
//! 7. **Feature APIs.** `Enable/DisableOrganizations*` and `ListOrganizationsFeatures`
//!    check nothing, not even that an organization exists: none of their AWS error codes
//!    (`ServiceAccessNotEnabledException`, `CallerIsNotManagementAccountException`,
//!    `OrganizationNotFoundException`, ...) can be produced, and features stay listed as
//!    on after trusted access is disabled. They are kept per calling account.
//! 8. **Delegated administrator.** `RegisterDelegatedAdministrator` before trusted access
//!    answers `AWSOrganizationsNotInUseException` (AWS: `ConstraintViolationException`
//!    reason `SERVICE_ACCESS_NOT_ENABLED`; rootctl maps fakecloud's code to
//!    `OrganizationNotFound`), and the management account is accepted (AWS:
//!    `CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR`). rootctl checks both before
//!    calling, so its behaviour does not depend on them.
//! 9. **Pagination.** `ListAccounts`, `ListAccountsForParent` and
//!    `ListOrganizationalUnitsForParent` ignore `MaxResults` and answer in one page, so
//!    the 25-account organization proves the adapters read every account, not that they
//!    follow `NextToken` (the canned-HTTP adapter tests prove that).
//! 10. **`MoveAccount`** answers a successful move with the body `null`, which the SDK
//!     cannot parse; setup accepts HTTP 200 as success. `AttachPolicy` does the same.
//! 11. **Tags of unknown accounts.** `ListTagsForResource` on an account outside the
//!     organization answers an empty tag set, not `TargetNotFoundException`.
//! 12. **Session expiry.** Root-session credentials are honoured after their expiry:
//!     `ExpiredToken` is never produced, so re-assuming on expiry is proven only on the
//!     simulator and with canned HTTP.
//! 13. **Bucket regions.** A bucket call sent to another region than the bucket's
//!     succeeds (AWS answers a `PermanentRedirect`), so that the adapters send each call
//!     to the bucket's region (from `ListBuckets`' `BucketRegion`, which fakecloud does
//!     return) is proven on the simulator only. `ListQueues`, `GetQueueAttributes(Policy)`
//!     and `SetQueueAttributes(Policy="")` behave as AWS documents, except that a queue
//!     policy is stored re-serialized (keys sorted): what `GetQueueAttributes` answers,
//!     and so what a backup holds and a restore puts back, is that text. (Whether AWS
//!     normalizes queue policies is unverified; rootctl compares policies as JSON where
//!     it verifies, and byte for byte only against the text it read.)
//! 14. **FullAWSAccess on the root only.** AWS attaches the managed `FullAWSAccess` SCP to
//!     every root, OU and account as it is created; fakecloud to the root only, so every
//!     OU and account would allow nothing. The conformance harness attaches it to each OU
//!     and account it builds, as AWS would have (setup only; rootctl reads what is
//!     attached). `ListPoliciesForTarget` ignores its `Filter` (the adapter keeps the
//!     summaries of the type asked for), and `ListRoots` reports every policy type's
//!     status, SCPs enabled.
//! 15. **Control policies are not enforced.** SCPs and RCPs are stored, listed and
//!     described, but a root session's calls succeed whatever they deny, so that an
//!     account the pre-flight predicts blocked fails with AccessDenied is proven on the
//!     simulator only (`scps_deny_root_sessions`); the prediction itself runs here over
//!     the wire (`check_scps_predicts_a_deny_root_guardrail`).

mod assume_root;
mod audit;
mod conformance;
mod enforce;
mod features;
mod prerequisites;
mod resources;
mod select;
mod support;
mod unlock;
