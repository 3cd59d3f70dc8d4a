//! The path every simulated AWS request takes: roll the dice, sleep the latency, inject
//! transport failures, throttling and 5xx, then run the operation's own rules under the
//! state lock, log the call, and turn a refusal into the [`Error`] a real adapter would
//! have produced.
//!
//! Injected faults are decided before the operation runs, so a throttled or failed call
//! never changes state. (Real AWS can fail *after* applying a change; callers that
//! re-read state before retrying cope with both, and that is what rootctl's ops do.)

use std::borrow::Cow;
use std::sync::PoisonError;
use std::time::Duration;

use super::SimulatedOrg;
use super::World;
use super::calls::{CallRecord, DISPATCH_FAILURE, PageInfo, Tally};
use super::faults::{Bucket, DiceKey, Roll, Transient};
use crate::error::kind_for_code;
use crate::error::{Error, ErrorContext, ErrorKind, Result, Service};
use crate::model::{AccountId, RootSession, TaskPolicy, Timestamp};

/// What a request is: everything the log, the dice and the error context need.
#[derive(Clone, Debug)]
pub(crate) struct CallSpec {
    service: Service,
    operation: &'static str,
    account: Option<AccountId>,
    task_policy: Option<TaskPolicy>,
    target: Option<String>,
    mutating: bool,
    bucket: Bucket,
}

impl CallSpec {
    /// A read of `service:operation` that no rate limit applies to.
    pub(crate) fn new(service: Service, operation: &'static str) -> Self {
        Self {
            service,
            operation,
            account: None,
            task_policy: None,
            target: None,
            mutating: false,
            bucket: Bucket::Unlimited,
        }
    }

    /// An IAM call made with a root session: its account, task policy and IAM bucket.
    pub(crate) fn in_session(operation: &'static str, session: &RootSession) -> Self {
        let account = session.account_id();
        Self::new(Service::Iam, operation)
            .account(account)
            .task_policy(session.task_policy())
            .bucket(Bucket::Iam(account))
    }

    /// An S3 or SQS call made with a root session on `target` (a bucket or queue):
    /// rate-limited with the session's account like its IAM calls.
    pub(crate) fn in_resource_session(
        service: Service,
        operation: &'static str,
        session: &RootSession,
    ) -> Self {
        let account = session.account_id();
        Self::new(service, operation)
            .account(account)
            .task_policy(session.task_policy())
            .bucket(Bucket::Iam(account))
    }

    pub(crate) fn operation(&self) -> &'static str {
        self.operation
    }

    pub(crate) fn account(mut self, account: AccountId) -> Self {
        self.account = Some(account);
        self
    }

    pub(crate) fn task_policy(mut self, task_policy: TaskPolicy) -> Self {
        self.task_policy = Some(task_policy);
        self
    }

    pub(crate) fn target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    pub(crate) fn mutating(mut self) -> Self {
        self.mutating = true;
        self
    }

    pub(crate) fn bucket(mut self, bucket: Bucket) -> Self {
        self.bucket = bucket;
        self
    }
}

/// A successful answer, and what the log should say about it.
pub(crate) struct Reply<T> {
    value: T,
    /// The AWS code the adapter would have turned into this value (`NoSuchEntity` for
    /// [`Deletion::AlreadyAbsent`](crate::Deletion::AlreadyAbsent), ...), if any.
    code: Option<&'static str>,
    page: Option<PageInfo>,
}

impl<T> Reply<T> {
    pub(crate) fn ok(value: T) -> Self {
        Self {
            value,
            code: None,
            page: None,
        }
    }

    /// A value that stands for the AWS error `code`, e.g. `Ok(None)` for `NoSuchEntity`.
    pub(crate) fn coded(value: T, code: &'static str) -> Self {
        Self {
            value,
            code: Some(code),
            page: None,
        }
    }

    pub(crate) fn page(value: T, page: PageInfo) -> Self {
        Self {
            value,
            code: None,
            page: Some(page),
        }
    }
}

/// An AWS error answer, before it becomes an [`Error`].
#[derive(Debug)]
pub(crate) struct Rejection {
    code: Option<&'static str>,
    message: Cow<'static, str>,
    kind: ErrorKind,
    http_status: Option<u16>,
}

impl Rejection {
    /// AWS's answer `code`, classified exactly as the real adapters classify it.
    pub(crate) fn new(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            code: Some(code),
            message: message.into(),
            kind: kind_for_code(code).unwrap_or(ErrorKind::Aws),
            http_status: Some(http_status(code)),
        }
    }

    /// Organizations' `ConstraintViolationException`, whose condition is in its modeled
    /// `Reason`; `aws::classify` reads the reason the same way (only
    /// `SERVICE_ACCESS_NOT_ENABLED` has a condition of its own).
    pub(crate) fn constraint_violation(reason: &'static str, message: &str) -> Self {
        Self {
            kind: if reason == "SERVICE_ACCESS_NOT_ENABLED" {
                ErrorKind::TrustedAccessNotEnabled
            } else {
                ErrorKind::Aws
            },
            message: format!("{message} (Reason: {reason})").into(),
            ..Self::new("ConstraintViolationException", "")
        }
    }

    fn throttled(service: Service) -> Self {
        match service {
            // Organizations' throttling code and message (docs/aws-behaviour.md#organizations).
            Service::Organizations => Self::new(
                "TooManyRequestsException",
                "AWS Organizations can't complete your request because the request rate \
                 is too high. Try again later.",
            ),
            Service::Iam | Service::Sts => Self::new("Throttling", "Rate exceeded"),
            Service::S3 => Self::new("SlowDown", "Please reduce your request rate."),
            Service::Sqs => Self::new("RequestThrottled", "Request is throttled."),
            // Account Management's modeled throttling error (HTTP 429).
            Service::Account => Self::new(
                "TooManyRequestsException",
                "The request failed because it exceeded a throttling quota.",
            ),
        }
    }

    fn service_failure(service: Service) -> Self {
        match service {
            // Organizations' modeled 5xx is ServiceException; IAM's is ServiceFailure,
            // and STS answers with the same code.
            Service::Organizations => Self::new(
                "ServiceException",
                "AWS Organizations can't complete your request because of an internal \
                 service error. Try again later.",
            ),
            Service::Iam | Service::Sts => Self::new(
                "ServiceFailure",
                "The request processing has failed because of an unknown error, exception \
                 or failure.",
            ),
            Service::S3 => Self::new(
                "InternalError",
                "We encountered an internal error. Please try again.",
            ),
            Service::Sqs => Self::new("InternalFailure", "Internal failure."),
            // Account Management's modeled 5xx.
            Service::Account => Self::new(
                "InternalServerException",
                "The request failed because of an error internal to Amazon Web Services.",
            ),
        }
    }

    fn dispatch_failure() -> Self {
        Self {
            code: None,
            message: "simulated dispatch failure".into(),
            kind: ErrorKind::Transport,
            http_status: None,
        }
    }

    fn tally(&self) -> Tally {
        match self.kind {
            ErrorKind::Throttled => Tally::Throttled,
            ErrorKind::AccessDenied => Tally::Denied,
            _ => Tally::Answered,
        }
    }
}

/// The HTTP status AWS sends with `code`. AWS's query and JSON protocols answer 400 for
/// most client errors, throttling included.
fn http_status(code: &str) -> u16 {
    match code {
        "AccessDenied" | "AccessDeniedException" => 403,
        "NoSuchEntity" | "NoSuchBucket" | "NoSuchBucketPolicy" => 404,
        "PermanentRedirect" => 301,
        "SlowDown" => 503,
        "EntityAlreadyExists" => 409,
        "ServiceFailure"
        | "ServiceException"
        | "InternalError"
        | "InternalFailure"
        | "InternalServerException" => 500,
        _ => 400,
    }
}

/// What an operation's rules see besides the state.
pub(crate) struct CallEnv {
    /// The simulated time of the request.
    pub(crate) now: Timestamp,
    /// For list pages: whether the dice want this page empty.
    pub(crate) empty_page: bool,
}

impl SimulatedOrg {
    /// Sends one simulated request. `rules` runs under the state lock, never across an
    /// await, and answers either a [`Reply`] or the [`Rejection`] AWS would give.
    pub(crate) async fn dispatch<T>(
        &self,
        spec: CallSpec,
        rules: impl FnOnce(&mut World, &CallEnv) -> Result<Reply<T>, Rejection>,
    ) -> Result<T> {
        let inner = &self.inner;
        let counter = {
            let mut counters = inner
                .counters
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let key = (spec.operation, spec.account, spec.target.clone());
            let calls = counters.entry(key).or_insert(0);
            *calls += 1;
            *calls - 1
        };
        let roll = inner.faults.roll(
            inner.seed,
            &DiceKey {
                operation: spec.operation,
                account: spec.account,
                target: spec.target.as_deref(),
                counter,
            },
        );
        if !roll.latency.is_zero() {
            tokio::time::sleep(roll.latency).await;
        }
        let env = CallEnv {
            now: inner.clock.now(),
            empty_page: roll.empty_page,
        };
        let tick = inner.clock.monotonic();

        let mut world = inner.lock_world();
        let answer = match self.injected_fault(&mut world, &spec, &roll, tick) {
            Some(fault) => Err(fault),
            None => rules(&mut world, &env).map_err(|rejection| {
                let tally = rejection.tally();
                (rejection, tally)
            }),
        };
        let (outcome, page, tally) = match &answer {
            Ok(reply) => (reply.code.unwrap_or("ok"), reply.page, Tally::Answered),
            Err((rejection, tally)) => (rejection.code.unwrap_or(DISPATCH_FAILURE), None, *tally),
        };
        let seq = world.log.append(tally, |seq| CallRecord {
            seq,
            operation: spec.operation,
            account_id: spec.account,
            task_policy: spec.task_policy,
            target: spec.target.clone(),
            outcome: outcome.to_owned(),
            mutating: spec.mutating,
            page,
        });
        drop(world);

        answer
            .map(|reply| reply.value)
            .map_err(|(rejection, _)| error(&spec, rejection, seq))
    }
}

impl SimulatedOrg {
    /// The fault the dice (or an empty token bucket) inject into this call, if any.
    ///
    /// A transport failure never reaches AWS, so it takes no token; a 500 comes from a
    /// request that did, so throttling is checked before it.
    fn injected_fault(
        &self,
        world: &mut World,
        spec: &CallSpec,
        roll: &Roll,
        tick: Duration,
    ) -> Option<(Rejection, Tally)> {
        let transient = roll.transient;
        if transient == Some(Transient::Dispatch) {
            return Some((Rejection::dispatch_failure(), Tally::Failed));
        }
        // Random throttling applies where token buckets do (never to GetCallerIdentity or
        // the feature APIs).
        let randomly_throttled = roll.throttled && spec.bucket != Bucket::Unlimited;
        if randomly_throttled
            || !world
                .buckets
                .try_take(&self.inner.faults, spec.bucket, tick)
        {
            return Some((Rejection::throttled(spec.service), Tally::Throttled));
        }
        if transient == Some(Transient::ServiceFailure) {
            return Some((Rejection::service_failure(spec.service), Tally::Failed));
        }
        None
    }
}

fn error(spec: &CallSpec, rejection: Rejection, seq: u64) -> Error {
    let mut context = ErrorContext::new(spec.service, spec.operation)
        .account(spec.account)
        .message(rejection.message);
    context.code = rejection.code.map(str::to_owned);
    context.http_status = rejection.http_status;
    // Only answers carry request ids; a request that never arrived has none.
    if rejection.code.is_some() {
        context.request_id = Some(format!("sim-{seq}"));
    }
    Error::from_kind(rejection.kind, context, None)
}
