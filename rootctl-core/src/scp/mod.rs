//! Service and resource control policies, as AWS evaluates them for a root session.
//!
//! The organization-level check is [`Rootctl::check_scps`](crate::Rootctl::check_scps);
//! this module is its engine, usable on its own: parse a policy ([`PolicyDocument`]),
//! describe the call ([`Request`]) and what is known of its request context
//! ([`RequestContext::root_session`]), and [`evaluate`] it along the path from the root
//! to the account.
//!
//! The logic is AWS's: a Deny that applies at any level blocks the call; otherwise each
//! level (root, every OU, the account) needs at least one attached policy with an Allow
//! that applies. `Action`/`NotAction` and `Resource`/`NotResource` match with `*` and `?`;
//! conditions use the String, Arn, Bool and Null operators with `IfExists`,
//! `ForAnyValue:` and `ForAllValues:`, and policy variables. A condition on a key whose
//! value cannot be known before the call (the source IP, MFA, the time, a bucket's
//! region or tags) makes the verdict [`Verdict::Unknown`], never a guess.
//!
//! ```
//! use rootctl::scp::{
//!     evaluate, Attached, Level, PolicyDocument, Request, RequestContext, Resource,
//!     RootSessionCall, Verdict,
//! };
//! use rootctl::Partition;
//!
//! let full = PolicyDocument::parse(
//!     r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#)?;
//! let deny_root = PolicyDocument::parse(r#"{"Statement": [{
//!     "Effect": "Deny", "Action": "*", "Resource": "*",
//!     "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]}"#)?;
//! let full_access = Attached { policy_id: "p-FullAWSAccess", policy_name: "FullAWSAccess", document: &full };
//! let path = [
//!     Level { target: "r-ab12", policies: vec![full_access] },
//!     Level { target: "111111111111", policies: vec![full_access,
//!         Attached { policy_id: "p-denyroot", policy_name: "DenyRoot", document: &deny_root }] },
//! ];
//! let context = RequestContext::root_session(&RootSessionCall {
//!     account_id: "111111111111".parse()?,
//!     partition: Partition::Aws,
//!     organization_id: "o-abcdefghij".into(),
//!     organization_path: "o-abcdefghij/r-ab12/".into(),
//!     region: Some("us-east-1".into()),
//!     resource_untagged: true,
//! });
//! let request = Request {
//!     action: "iam:GetAccountSummary".into(),
//!     resource: Resource::Unscoped("arn:aws:iam::".into()),
//! };
//! let evaluation = evaluate(&path, &request, &context);
//! assert_eq!(evaluation.verdict, Verdict::Blocked);
//! assert_eq!(evaluation.causes[0].policy_id.as_deref(), Some("p-denyroot"));
//! # Ok::<(), rootctl::Error>(())
//! ```

mod caller;
mod catalog;
mod context;
mod document;
mod eval;
mod fix;
mod glob;
mod matching;
mod pattern;
#[cfg(test)]
mod tests;

pub use caller::{ASSUME_ROOT, AssumeRootCall, assume_root_request, caller_principal_arn};
pub use catalog::{JudgedCall, judged_calls};
pub use context::{
    KeyValue, Request, RequestContext, Resource, RootSessionCall, root_task_request,
};
pub use document::{Actions, Condition, Effect, PolicyDocument, Resources, Statement};
pub use eval::{Attached, Cause, CauseKind, Evaluation, Level, Verdict, evaluate, evaluate_rcps};
pub use fix::{ASSUMED_ROOT_KEY, allow_statement, exempt_caller, exempt_root_sessions};
pub use matching::Tri;
pub(crate) use matching::wildcard;
pub use pattern::{UnnamedKind, UnnamedResource};
