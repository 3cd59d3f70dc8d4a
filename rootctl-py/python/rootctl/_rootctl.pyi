"""The native module behind ``rootctl``: every class, function and exception of the package.

Everything is re-exported by ``rootctl``; import from there.

Conventions of every result class (plans, reports and the records in them):

- frozen: attributes are read-only properties with the types shown here;
- ``repr()`` is a one-line summary, ``str()`` of plans and reports the readable table the
  console command prints;
- ``to_dict()`` gives plain Python data, exactly ``json.loads(obj.to_json())``
  (timestamps are ISO 8601 strings there), and ``to_json()`` the JSON text;
- plans and reports load back with ``Class.from_json(text)``;
- account ids are 12-digit strings, timestamps timezone-aware UTC ``datetime`` objects,
  lists are Python lists built on each access;
- no result ever holds a session credential: they never leave the Rust core.

Every operation of :class:`Rootctl` exists twice: ``op(...)`` runs to completion with the
GIL released (other Python threads keep running; Ctrl-C raises ``KeyboardInterrupt``
within about 50 ms and cancels the operation), and ``op_async(...)`` returns a coroutine,
as an ``async def`` would: ``await`` it, ``asyncio.run()`` it or make it a task; the
operation starts when it is first awaited, and cancelling the task cancels the operation.
Arguments are checked when the method is called, so a bad argument raises at once in
both forms.
"""

from collections.abc import Callable, Coroutine, Iterable, Mapping
from datetime import datetime
from os import PathLike
from typing import Any, ClassVar, final

from typing_extensions import TypeAlias

__all__ = [
    "AccessDeniedError",
    "AccessKey",
    "AccessKeyLastUsed",
    "Account",
    "AccountAudit",
    "AccountRecovery",
    "AccountRemoval",
    "AccountRemovalPlan",
    "AccountSummary",
    "AccountTimeoutError",
    "AlreadyExistsError",
    "AuditReport",
    "AuditSummary",
    "AwsError",
    "CallRecord",
    "CallerIdentity",
    "ChangeStep",
    "Check",
    "ConfigError",
    "ConflictError",
    "DisablePlan",
    "DisableReport",
    "EnablePlan",
    "EnableReport",
    "FeatureNotEnabledError",
    "InvalidInputError",
    "ItemResult",
    "JournalError",
    "LoginProfile",
    "Member",
    "MfaDevice",
    "NotAllFeaturesError",
    "NotFoundError",
    "NotManagementAccountError",
    "NotPlanned",
    "OrgFeatures",
    "OrganizationNotFoundError",
    "PrerequisiteReport",
    "ProgressEvent",
    "RecoveryReport",
    "RegionDisabledError",
    "RemovalItem",
    "RemovalPlan",
    "RemovalReport",
    "RemovalSummary",
    "RootCredentials",
    "Rootctl",
    "RootctlError",
    "Selection",
    "ServiceFailureError",
    "SessionExpiredError",
    "SigningCertificate",
    "SimStats",
    "SimulatedOrg",
    "SkippedAccount",
    "StepResult",
    "ThrottledError",
    "TransportError",
    "TrustedAccessNotEnabledError",
    "__version__",
]

__version__: str
"""The version of the rootctl package (and of the Rust core it was built with)."""

_Ids: TypeAlias = str | Iterable[str]
"""One string, or an iterable of strings (a lone string is one item)."""

_Tags: TypeAlias = str | Iterable[str] | Mapping[str, str | None]
"""Tag filters: ``"key=value"`` or ``"key"`` (any value) strings, or a mapping of key to
value (``None`` for any value)."""

_Progress: TypeAlias = Callable[[ProgressEvent], object]
"""A progress callback: any callable taking one :class:`ProgressEvent`."""

# --------------------------------------------------------------------------- exceptions

class RootctlError(Exception):
    """Base class of every error rootctl raises; catch a subclass to react to one condition.

    The message is the full description (operation, account, AWS code and message,
    request id). The attributes are ``None`` where unknown.
    """

    kind: str | None
    """The condition, in snake_case, e.g. ``"access_denied"`` (the class says the same)."""
    code: str | None
    """The AWS error code, e.g. ``"AccessDenied"``, when AWS answered with one."""
    message: str | None
    """AWS's own message, verbatim."""
    account_id: str | None
    """The member account the failed call acted on."""
    request_id: str | None
    """The AWS request id, for AWS support and CloudTrail."""
    operation: str | None
    """The AWS API operation (e.g. ``"DeleteAccessKey"``), or the rootctl operation for
    :class:`AccountTimeoutError`."""
    service: str | None
    """The AWS service called: ``"organizations"``, ``"iam"`` or ``"sts"``."""
    http_status: int | None
    """The HTTP status of AWS's answer, when one arrived."""
    retryable: bool
    """Whether the same call may succeed if simply tried again (rootctl already retried
    it: throttling, 5xx, transient conflicts and transport failures)."""

class InvalidInputError(RootctlError, ValueError):
    """A value given to rootctl breaks a rule; nothing was sent to AWS. Also a ValueError."""

class ConfigError(RootctlError):
    """The environment cannot support the request (no region, the global STS endpoint, ...)."""

class NotManagementAccountError(RootctlError):
    """The caller is not the management account (or, where AWS allows it, the IAM
    delegated administrator)."""

class OrganizationNotFoundError(RootctlError):
    """The caller's account is not in an AWS organization."""

class NotAllFeaturesError(RootctlError):
    """The organization is not in ALL features mode."""

class TrustedAccessNotEnabledError(RootctlError):
    """Trusted access for iam.amazonaws.com is not enabled in AWS Organizations."""

class FeatureNotEnabledError(RootctlError):
    """An organization feature the operation needs (RootCredentialsManagement or
    RootSessions) is off."""

class AccessDeniedError(RootctlError):
    """AWS denied the call (caller policy, task policy scope, or a member account's SCP)."""

class ThrottledError(RootctlError):
    """AWS throttled the call, through every retry. Retryable."""

class SessionExpiredError(RootctlError):
    """The root session (or the caller's own session) expired."""

class NotFoundError(RootctlError):
    """The thing named does not exist."""

class AlreadyExistsError(RootctlError):
    """The thing to create exists already."""

class ConflictError(RootctlError):
    """A transient conflicting change (ConcurrentModification, ...). Retryable."""

class ServiceFailureError(RootctlError):
    """AWS failed internally (HTTP 5xx). Retryable."""

class TransportError(RootctlError):
    """The request got no usable response (connection failure, timeout). Retryable."""

class RegionDisabledError(RootctlError):
    """STS is not activated in the configured region."""

class AwsError(RootctlError):
    """Any other AWS error; ``.code`` and the message say which."""

class AccountTimeoutError(RootctlError):
    """The work on one account did not finish within the per-account timeout
    (``Rootctl(account_timeout_s=...)``)."""

class JournalError(RootctlError):
    """The removal journal could not be read or written; nothing further was removed."""

# ------------------------------------------------------------------------------ client

@final
class Rootctl:
    """The rootctl client: every operation is a method.

    Build it with :meth:`simulated` (the embedded :class:`SimulatedOrg`, no AWS) or
    :meth:`from_env` (real AWS). Operations never raise for one account's failure: that
    account's entry in the report carries the error. They raise for what stops the whole
    operation (bad input, the wrong caller, AWS refusing the organization-level reads).
    """

    @staticmethod
    def simulated(
        org: SimulatedOrg,
        *,
        concurrency: int = 16,
        assume_root_rate: float | None = None,
        account_timeout_s: float = 300.0,
        max_attempts: int = 5,
        session_duration_s: int = 900,
    ) -> Rootctl:
        """A client for the simulated organization ``org`` (which it shares, so
        ``org.calls()`` shows what the client did). The keyword options are those of
        :meth:`from_env`.
        """

    @staticmethod
    def from_env(
        region: str | None = None,
        *,
        profile: str | None = None,
        endpoint_url: str | None = None,
        concurrency: int = 16,
        assume_root_rate: float | None = None,
        account_timeout_s: float = 300.0,
        max_attempts: int = 5,
        session_duration_s: int = 900,
    ) -> Rootctl:
        """A client for real AWS, configured like the AWS CLI (environment variables,
        shared config and credentials files, SSO, container and instance metadata).

        Args:
            region: The AWS region; ``None`` takes it from the environment (``AWS_REGION``
                or the profile). It must be a concrete region: ``sts:AssumeRoot`` is
                served by regional endpoints only, so ``"aws-global"`` is refused.
            profile: A named profile of the shared config files.
            endpoint_url: Send every call here instead (an emulator).
            concurrency: How many accounts are worked on at once.
            assume_root_rate: The most ``sts:AssumeRoot`` calls per second across all
                accounts; ``None`` for no client-side limit (throttling is retried).
            account_timeout_s: How long the work on one account may take, retries
                included, before it is reported failed with :class:`AccountTimeoutError`.
            max_attempts: Attempts per AWS call for retryable errors (1 disables retries).
            session_duration_s: The lifetime asked for each root session, 1 to 900.

        Raises:
            ConfigError: No region, or the global one.
            InvalidInputError: An option out of range.
        """

    @staticmethod
    def from_env_async(
        region: str | None = None,
        *,
        profile: str | None = None,
        endpoint_url: str | None = None,
        concurrency: int = 16,
        assume_root_rate: float | None = None,
        account_timeout_s: float = 300.0,
        max_attempts: int = 5,
        session_duration_s: int = 900,
    ) -> Coroutine[Any, Any, Rootctl]:
        """:meth:`from_env`, as a coroutine."""

    @property
    def region(self) -> str | None:
        """The AWS region in use (``"us-east-1"`` for the simulator)."""

    @property
    def concurrency(self) -> int:
        """How many accounts are worked on at once."""

    @property
    def assume_root_rate(self) -> float | None:
        """The client-side limit on ``sts:AssumeRoot`` calls per second, if any."""

    @property
    def account_timeout_s(self) -> float:
        """The per-account timeout, in seconds."""

    @property
    def max_attempts(self) -> int:
        """Attempts per AWS call for retryable errors."""

    @property
    def session_duration_s(self) -> int:
        """The lifetime asked for each root session, in seconds."""

    def check_prerequisites(
        self, *, probe: bool = False, probe_account: str | None = None
    ) -> PrerequisiteReport:
        """Checks every prerequisite of centralized root access, read only: the
        organization (ALL features), the caller (management account or IAM delegated
        administrator), trusted access, both features, the delegated administrator, a
        regional STS endpoint, and with ``probe`` one audit-only AssumeRoot into
        ``probe_account`` (default: the ACTIVE member with the lowest id).

        AWS failures are reported in the checks, not raised.

        Raises:
            InvalidInputError: ``probe_account`` without ``probe``, or not an ACTIVE member.
        """

    def check_prerequisites_async(
        self, *, probe: bool = False, probe_account: str | None = None
    ) -> Coroutine[Any, Any, PrerequisiteReport]:
        """:meth:`check_prerequisites`, as a coroutine."""

    def features(self) -> OrgFeatures:
        """The state of trusted access and the two organization features."""

    def features_async(self) -> Coroutine[Any, Any, OrgFeatures]:
        """:meth:`features`, as a coroutine."""

    def plan_enable(
        self,
        *,
        root_sessions: bool = True,
        delegated_admin: str | None = None,
        manage_trusted_access: bool = True,
    ) -> EnablePlan:
        """Plans turning centralized root access on: reads the organization and lists the
        steps not done yet, in AWS's order. Changes nothing.

        Args:
            root_sessions: Also enable RootSessions (S3/SQS policy unlock).
            delegated_admin: Register this member account as IAM delegated administrator.
            manage_trusted_access: Enable trusted access for iam.amazonaws.com if it is
                off. Pass False when another tool (e.g. Terraform) owns that list.

        Raises:
            NotAllFeaturesError: The organization is not in ALL features mode.
            NotManagementAccountError: The caller is not the management account.
            InvalidInputError: ``delegated_admin`` is not an ACTIVE member account.
            TrustedAccessNotEnabledError: Trusted access is off and
                ``manage_trusted_access`` is False.
        """

    def plan_enable_async(
        self,
        *,
        root_sessions: bool = True,
        delegated_admin: str | None = None,
        manage_trusted_access: bool = True,
    ) -> Coroutine[Any, Any, EnablePlan]:
        """:meth:`plan_enable`, as a coroutine."""

    def enable(
        self,
        *,
        root_sessions: bool = True,
        delegated_admin: str | None = None,
        manage_trusted_access: bool = True,
    ) -> EnableReport:
        """Turns centralized root access on: plans as :meth:`plan_enable` does (and raises
        as it does), runs the steps in order, stopping at the first failure, and reads the
        state back. Running it again is a no-op.
        """

    def enable_async(
        self,
        *,
        root_sessions: bool = True,
        delegated_admin: str | None = None,
        manage_trusted_access: bool = True,
    ) -> Coroutine[Any, Any, EnableReport]:
        """:meth:`enable`, as a coroutine."""

    def plan_disable(
        self,
        *,
        root_sessions_only: bool = False,
        deregister_delegated_admin: bool = False,
        disable_trusted_access: bool = False,
    ) -> DisablePlan:
        """Plans turning centralized root access off, in the reverse order. Changes nothing.

        Args:
            root_sessions_only: Turn off RootSessions only, keep RootCredentialsManagement.
            deregister_delegated_admin: Also deregister the IAM delegated administrator
                (management account only).
            disable_trusted_access: Also turn trusted access off (management account only;
                needs ``root_sessions_only`` False).

        Raises:
            NotManagementAccountError: The caller may not make these changes.
            InvalidInputError: Contradictory options.
        """

    def plan_disable_async(
        self,
        *,
        root_sessions_only: bool = False,
        deregister_delegated_admin: bool = False,
        disable_trusted_access: bool = False,
    ) -> Coroutine[Any, Any, DisablePlan]:
        """:meth:`plan_disable`, as a coroutine."""

    def disable(
        self,
        *,
        root_sessions_only: bool = False,
        deregister_delegated_admin: bool = False,
        disable_trusted_access: bool = False,
    ) -> DisableReport:
        """Turns centralized root access off as :meth:`plan_disable` plans it, stopping at
        the first failure, and reads the state back. Running it again is a no-op.
        """

    def disable_async(
        self,
        *,
        root_sessions_only: bool = False,
        deregister_delegated_admin: bool = False,
        disable_trusted_access: bool = False,
    ) -> Coroutine[Any, Any, DisableReport]:
        """:meth:`disable`, as a coroutine."""

    def select_accounts(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
    ) -> Selection:
        """Resolves a selection against the organization: the target accounts, and every
        other account with the reason it is skipped.

        With neither ``accounts`` nor ``ous`` every account is included; ``tags`` then
        narrow (all must match); the ``exclude*`` arguments remove. The management account
        and accounts that are not ACTIVE are never targets.

        Args:
            accounts: Account ids to include.
            ous: OU (``"ou-..."``) or root (``"r-..."``) ids whose accounts, recursively, to
                include.
            tags: Tags every target must have.
            exclude: Account ids to leave out.
            exclude_ous: OUs whose accounts, recursively, to leave out.
            exclude_tags: Tags that leave an account out.

        Raises:
            InvalidInputError: A malformed or unknown id, the management account named, or
                a selection that matches no ACTIVE member account.
            TypeError: An argument of the wrong type.
        """

    def select_accounts_async(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
    ) -> Coroutine[Any, Any, Selection]:
        """:meth:`select_accounts`, as a coroutine."""

    def audit(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
        progress: _Progress | None = None,
    ) -> AuditReport:
        """Audits the root credentials of every selected account (the selection arguments
        are those of :meth:`select_accounts`): one audit-only root session per account,
        the password, access keys (with last use), signing certificates and MFA devices,
        cross-checked against ``GetAccountSummary``.

        One account's failure never stops the others: it is reported on that account
        (``AccountAudit.error``).

        Args:
            progress: Called with a :class:`ProgressEvent` as accounts start and finish.
                It runs on rootctl's worker threads (holding the GIL while it runs), so
                keep it quick and thread-safe. If it raises, it is not called again, the
                operation runs to its end, and then that exception is raised (with a note
                naming the operation).
        """

    def audit_async(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
        progress: _Progress | None = None,
    ) -> Coroutine[Any, Any, AuditReport]:
        """:meth:`audit`, as a coroutine. ``progress`` still runs on worker threads, not
        on the event loop: use ``loop.call_soon_threadsafe`` to hand events to it."""

    def plan_removal(self, audit: AuditReport, *, kinds: _Ids | None = None) -> RemovalPlan:
        """Makes a removal plan from an audit: exactly the credentials to remove, per
        account, in the safe order (password, access keys, signing certificates, MFA
        last). Makes no AWS call; review the plan (it is plain JSON), then apply it.

        Accounts whose audit failed are listed in ``not_planned``, never guessed at.

        Args:
            audit: The audit to plan from (from :meth:`audit` or ``AuditReport.from_json``).
            kinds: Which kinds to remove, from ``"password"``, ``"access_keys"``,
                ``"signing_certificates"``, ``"mfa_devices"`` (singular names work too);
                ``None`` for all four.

        Raises:
            InvalidInputError: An unknown kind, or none.
        """

    def plan_removal_async(
        self, audit: AuditReport, *, kinds: _Ids | None = None
    ) -> Coroutine[Any, Any, RemovalPlan]:
        """:meth:`plan_removal`, as a coroutine."""

    def apply_removal(
        self,
        plan: RemovalPlan,
        *,
        dry_run: bool = False,
        journal: str | PathLike[str] | None = None,
        progress: _Progress | None = None,
        verify: bool = True,
    ) -> RemovalReport:
        """Applies a removal plan: in each account one delete session removes the listed
        items in order, each reported ``removed``, ``already_absent``, ``failed`` or
        ``skipped``; then the planned accounts are audited again (``verification``).

        Credentials present now but not in the plan are reported as ``drift``, never
        removed. MFA devices are kept while the account still has a password.

        Args:
            plan: The plan (from :meth:`plan_removal` or ``RemovalPlan.from_json``).
            dry_run: Report what would happen (outcome ``would_remove``) without a single
                mutating call, reading with audit-only sessions.
            journal: An append-only JSON-lines file recording every removal before and
                after it is made; re-running the same plan with the same journal skips
                what an earlier run already did.
            progress: As for :meth:`audit`; also receives ``item_removed`` and
                ``item_failed`` events.
            verify: Audit the planned accounts again afterwards (not in dry runs).

        Raises:
            InvalidInputError: An invalid plan, a plan made for another organization, or a
                journal of another plan.
            JournalError: The journal could not be read or written.
        """

    def apply_removal_async(
        self,
        plan: RemovalPlan,
        *,
        dry_run: bool = False,
        journal: str | PathLike[str] | None = None,
        progress: _Progress | None = None,
        verify: bool = True,
    ) -> Coroutine[Any, Any, RemovalReport]:
        """:meth:`apply_removal`, as a coroutine."""

    def allow_password_recovery(
        self, accounts: _Ids, *, progress: _Progress | None = None
    ) -> RecoveryReport:
        """Lets the root users of ``accounts`` recover a password ("Forgot password"): in
        each, a root session creates a login profile without a password.

        Needs both RootCredentialsManagement and RootSessions.

        Raises:
            FeatureNotEnabledError: A needed feature is off (before any AssumeRoot).
            InvalidInputError: No account, or one that is not a member account.
        """

    def allow_password_recovery_async(
        self, accounts: _Ids, *, progress: _Progress | None = None
    ) -> Coroutine[Any, Any, RecoveryReport]:
        """:meth:`allow_password_recovery`, as a coroutine."""

# ------------------------------------------------------------------------- simulator

@final
class SimulatedOrg:
    """A simulated AWS organization, in process: every AWS call rootctl makes is answered
    as AWS would (who may call what, task-policy scoping, feature gating, error codes),
    with seeded fault injection. No AWS account, no network.

    The same keyword arguments always build the same organization (ids, names, OUs,
    tags, credentials): ``seed`` fixes everything generated and every injected fault.

    Note the defaults: unlike the Rust ``SimBuilder`` (features on), a new
    ``SimulatedOrg`` starts with trusted access and both features **off**, as a real
    organization does before ``rootctl enable``. Pass ``features_enabled=True`` for one
    ready to audit.
    """

    def __new__(
        cls,
        *,
        members: int = 12,
        seed: int = 0,
        features_enabled: bool = False,
        trusted_access: bool | None = None,
        root_sessions: bool | None = None,
        all_features: bool = True,
        caller: str = "management",
        delegated_admin: bool = False,
        latency_ms: float = 0.0,
        latency_jitter_ms: float = 0.0,
        assume_root_rate: float | None = None,
        assume_root_burst: int | None = None,
        iam_rate: float | None = None,
        organizations_rate: float | None = None,
        transient_failure_rate: float = 0.0,
        denied_members: int = 0,
        scp_deny: str = "assume_root",
        session_lifetime_s: float | None = None,
        ou_depth: int = 2,
        ou_fan_out: int = 3,
        suspended: int = 0,
        pending_closure: int = 0,
        closed: int = 0,
        password_share: float = 0.5,
        access_key_share: float = 0.3,
        signing_certificate_share: float = 0.1,
        mfa_share: float = 0.4,
        tags: Mapping[str, Iterable[str]] | None = None,
        empty_page_rate: float = 0.05,
    ) -> SimulatedOrg:
        """Builds an organization.

        Args:
            members: Member accounts besides the management account (at least 2). The
                first is ``security`` (the delegated-administrator candidate), the second
                ``workload-0001`` (where ``caller="member"`` calls from).
            seed: Fixes everything generated and every injected fault.
            features_enabled: RootCredentialsManagement on at the start.
            trusted_access: Trusted access for iam.amazonaws.com at the start; ``None``
                means "on if a feature is on". It must be on when a feature is.
            root_sessions: RootSessions on at the start; ``None`` follows
                ``features_enabled``.
            all_features: ALL features mode (False: consolidated billing only).
            caller: Who calls: ``"management"``, ``"delegated_admin"`` (the ``security``
                account; it has the powers of one only while registered, see
                ``delegated_admin``), ``"member"`` or ``"outside_organization"``.
            delegated_admin: ``security`` starts registered as IAM delegated administrator.
            latency_ms: Delay of every call, in milliseconds.
            latency_jitter_ms: Up to this much more delay per call, seeded.
            assume_root_rate: AssumeRoot calls per second the organization accepts before
                answering ``Throttling`` (a token bucket); ``None`` for unlimited.
            assume_root_burst: That bucket's size; default one second's worth.
            iam_rate: IAM calls per second each member account accepts; ``None`` for
                unlimited.
            organizations_rate: Organizations calls (pages) per second; ``None`` for
                unlimited.
            transient_failure_rate: Share of calls failing transiently (HTTP 500 or a
                transport failure), 0 to 1.
            denied_members: How many ACTIVE members carry an SCP denying root sessions.
            scp_deny: What that SCP denies: ``"assume_root"`` or ``"every_call"`` (AssumeRoot
                succeeds, every call with the session is denied).
            session_lifetime_s: Root sessions stop working this long after AssumeRoot,
                while still announcing the requested expiry (an early revocation).
            ou_depth: OU levels below the root (at most 5).
            ou_fan_out: Children per OU.
            suspended: Members that are SUSPENDED.
            pending_closure: Members that are PENDING_CLOSURE.
            closed: Members that are CLOSED.
            password_share: Share of members whose root user has a password.
            access_key_share: Share with access keys.
            signing_certificate_share: Share with signing certificates.
            mfa_share: Share with MFA devices.
            tags: Tag keys and the values members draw from uniformly; ``None`` for the
                default ``env`` and ``team`` tags, ``{}`` for no tags.
            empty_page_rate: Chance an Organizations list page comes back empty with a
                NextToken, as AWS does.

        Raises:
            InvalidInputError: An impossible combination or value (a feature on without
                trusted access, an unknown caller, a non-positive rate or duration).
        """

    @staticmethod
    def example() -> SimulatedOrg:
        """A small organization still to be set up, always the same: 12 members in a few
        OUs (one SUSPENDED, one CLOSED), mixed root credentials, trusted access and both
        features off, the management account calling."""

    @property
    def organization_id(self) -> str:
        """The organization id, ``o-`` and ten characters."""

    @property
    def management_account_id(self) -> str:
        """The management account (never a target)."""

    @property
    def delegated_admin_account_id(self) -> str:
        """The ``security`` member account, where ``caller="delegated_admin"`` calls from."""

    @property
    def seed(self) -> int:
        """The seed it was built from."""

    @property
    def caller(self) -> str:
        """Who calls now: ``"management"``, ``"delegated_admin"``, ``"member"`` or
        ``"outside_organization"``."""

    def set_caller(self, caller: str) -> None:
        """Switches who calls (see :attr:`caller`)."""

    def members(self) -> list[Member]:
        """Every member account (not the management account), by account id."""

    def features(self) -> OrgFeatures:
        """Trusted access and the two features, as they are now."""

    def root_credentials(self, account_id: str) -> RootCredentials | None:
        """The current root credentials of a member account: the ground truth an audit
        should find. ``None`` for the management account and unknown accounts."""

    def calls(self, mutating_only: bool = False) -> list[CallRecord]:
        """Every AWS call answered so far, in order (only those to operations that change
        state with ``mutating_only``, whatever their outcome)."""

    def clear_calls(self) -> None:
        """Forgets the call log and counters (not the state)."""

    def stats(self) -> SimStats:
        """Counters over the calls since the start or :meth:`clear_calls`."""

    def deny_root_sessions(self, account_id: str, deny: str = "assume_root") -> None:
        """Attaches an SCP to a member that denies root sessions: ``"assume_root"``
        (AssumeRoot is denied) or ``"every_call"`` (every call of the session is)."""

    def allow_root_sessions(self, account_id: str) -> None:
        """Removes the root-session-denying SCP of :meth:`deny_root_sessions`."""

    def set_account_state(self, account_id: str, state: str) -> None:
        """Changes a member's state, e.g. ``"SUSPENDED"``."""

    def advance_clock(self, seconds: float) -> None:
        """Moves simulated time forward, expiring root sessions and refilling rate limits
        as if that much time had passed."""

    def now(self) -> datetime:
        """The simulated time: the wall clock plus every :meth:`advance_clock`."""

@final
class Member:
    """A member account of a :class:`SimulatedOrg`, as its ground truth knows it."""

    @property
    def account_id(self) -> str:
        """The account id."""
    @property
    def name(self) -> str:
        """The account name."""
    @property
    def email(self) -> str:
        """The root user's email address."""
    @property
    def state(self) -> str:
        """``ACTIVE``, ``SUSPENDED``, ``PENDING_CLOSURE``, ``CLOSED`` or
        ``PENDING_ACTIVATION``."""
    @property
    def parent_id(self) -> str:
        """The root (``r-...``) or OU (``ou-...``) directly above the account."""
    @property
    def ou_path(self) -> str:
        """The OU names from the root down to the parent, joined by ``/`` (empty at the
        root; note :attr:`Account.ou_path` starts with the root's name)."""
    @property
    def tags(self) -> dict[str, str]:
        """The account's tags."""
    @property
    def joined(self) -> datetime | None:
        """When the account joined the organization."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class CallRecord:
    """One AWS request the simulator answered."""

    @property
    def seq(self) -> int:
        """Position in the log, from 0 (also the number in its error's request id)."""
    @property
    def operation(self) -> str:
        """The AWS operation, e.g. ``"DeleteAccessKey"``."""
    @property
    def account_id(self) -> str | None:
        """The account the call acted on."""
    @property
    def task_policy(self) -> str | None:
        """The root session's task policy, for AssumeRoot and IAM calls."""
    @property
    def target(self) -> str | None:
        """The item acted on (access key id, certificate id, MFA serial, parent id, ...)."""
    @property
    def outcome(self) -> str:
        """``"ok"``, the AWS error code, or ``"dispatch_failure"`` (no answer)."""
    @property
    def ok(self) -> bool:
        """Whether AWS answered with success."""
    @property
    def mutating(self) -> bool:
        """Whether the operation changes state (an attempt counts, whatever the outcome)."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class SimStats:
    """Counters over a simulator's calls."""

    @property
    def calls(self) -> int:
        """Every call answered."""
    @property
    def throttled(self) -> int:
        """Calls refused by a rate limit."""
    @property
    def failed(self) -> int:
        """Calls failed by injected transient faults."""
    @property
    def denied(self) -> int:
        """Calls refused as access denied."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

# -------------------------------------------------------------------------- progress

@final
class ProgressEvent:
    """One progress event, as a ``progress`` callback receives it."""

    @property
    def kind(self) -> str:
        """``"account_started"``, ``"account_finished"``, ``"account_failed"``,
        ``"retried"``, ``"session_renewed"``, ``"item_removed"`` or ``"item_failed"``."""
    @property
    def account_id(self) -> str | None:
        """The account the event is about."""
    @property
    def detail(self) -> str:
        """What happened, for a human (empty for started and finished events)."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

# ------------------------------------------------------------ prerequisites, features

@final
class CallerIdentity:
    """Who called AWS (``sts:GetCallerIdentity``)."""

    @property
    def account_id(self) -> str:
        """The caller's account."""
    @property
    def arn(self) -> str:
        """The caller's ARN (an IAM user, an assumed role, ...)."""
    @property
    def user_id(self) -> str:
        """The caller's unique id."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class OrgFeatures:
    """The state of everything centralized root access depends on in one organization."""

    @property
    def trusted_access(self) -> bool:
        """Trusted access for iam.amazonaws.com is enabled in AWS Organizations."""
    @property
    def root_credentials_management(self) -> bool:
        """RootCredentialsManagement is enabled: root credentials can be audited and
        removed centrally."""
    @property
    def root_sessions(self) -> bool:
        """RootSessions is enabled: privileged root actions (S3/SQS policy unlock)."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class PrerequisiteReport:
    """What :meth:`Rootctl.check_prerequisites` found; ``str()`` is a table of checks."""

    @property
    def ok(self) -> bool:
        """True when no check failed (warnings and skips allowed)."""
    @property
    def checks(self) -> list[Check]:
        """Every check, in the order they ran: ``organization``, ``all_features``,
        ``caller``, ``trusted_access``, ``root_credentials_management``,
        ``root_sessions``, ``delegated_admin``, ``regional_sts``, ``probe``."""
    def check(self, name: str) -> Check | None:
        """The check named ``name``, e.g. ``"trusted_access"``."""
    @property
    def caller(self) -> CallerIdentity | None:
        """Who is calling, if known."""
    @property
    def caller_role(self) -> str | None:
        """``"management_account"``, ``"delegated_administrator"`` or ``"other"``, if
        known."""
    @property
    def organization_id(self) -> str | None:
        """The organization id, if the organization could be read."""
    @property
    def features(self) -> OrgFeatures | None:
        """Trusted access and both features, if they could be read."""
    @property
    def policies(self) -> dict[str, dict[str, Any]]:
        """The least-privilege IAM policy document for each intent (``audit``,
        ``remove``, ``recover``, ``enable``, ``disable``), to attach to the role that
        runs rootctl."""
    @staticmethod
    def from_json(text: str | bytes) -> PrerequisiteReport:
        """Reads a report written by :meth:`to_json`.

        Raises:
            InvalidInputError: The text is not such a report.
        """
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class Check:
    """One named prerequisite check and its verdict."""

    @property
    def name(self) -> str:
        """The check's stable id, e.g. ``"trusted_access"``."""
    @property
    def status(self) -> str:
        """``"pass"``, ``"fail"``, ``"warn"`` or ``"skip"``."""
    @property
    def detail(self) -> str:
        """What was found, for a human."""
    @property
    def remediation(self) -> str | None:
        """One sentence saying exactly what to do; present for ``fail`` and ``warn``."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class ChangeStep:
    """One step of turning centralized root access on or off; ``str()`` describes it."""

    @property
    def name(self) -> str:
        """The step's stable id, e.g. ``"enable_trusted_access"`` or
        ``"register_delegated_administrator"``."""
    @property
    def api(self) -> str:
        """The AWS API the step calls, e.g. ``"EnableAWSServiceAccess"``."""
    @property
    def description(self) -> str:
        """The step for a human."""
    @property
    def account_id(self) -> str | None:
        """The account of a (de)register-delegated-administrator step."""
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class StepResult:
    """One step of an enable or disable and how it ended."""

    @property
    def step(self) -> ChangeStep:
        """The step."""
    @property
    def status(self) -> str:
        """``"done"``, ``"already"`` (its effect was in place), ``"failed"`` or
        ``"skipped"`` (not attempted after an earlier failure)."""
    @property
    def ok(self) -> bool:
        """True for ``done`` and ``already``."""
    @property
    def error(self) -> RootctlError | None:
        """Why the step failed: the exception the call would have raised."""
    @property
    def reason(self) -> str | None:
        """Why the step was skipped."""
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class EnablePlan:
    """What :meth:`Rootctl.enable` would do; ``str()`` lists the steps."""

    @property
    def organization_id(self) -> str:
        """The organization the plan was made for."""
    @property
    def steps(self) -> list[ChangeStep]:
        """The steps to run, in order."""
    @property
    def already_done(self) -> list[ChangeStep]:
        """The steps whose effect is in place already."""
    @property
    def is_noop(self) -> bool:
        """True when there is nothing to do."""
    @staticmethod
    def from_json(text: str | bytes) -> EnablePlan:
        """Reads a plan written by :meth:`to_json`.

        Raises:
            InvalidInputError: The text is not such a plan.
        """
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class EnableReport:
    """What :meth:`Rootctl.enable` did; ``str()`` lists the steps and the state after."""

    @property
    def organization_id(self) -> str:
        """The organization changed."""
    @property
    def steps(self) -> list[StepResult]:
        """Every step, already-done ones included, in order."""
    @property
    def features(self) -> OrgFeatures:
        """The state read back after the last step."""
    @property
    def ok(self) -> bool:
        """True when every step is done or was done already."""
    @staticmethod
    def from_json(text: str | bytes) -> EnableReport:
        """Reads a report written by :meth:`to_json`.

        Raises:
            InvalidInputError: The text is not such a report.
        """
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class DisablePlan:
    """What :meth:`Rootctl.disable` would do; ``str()`` lists the steps."""

    @property
    def organization_id(self) -> str:
        """The organization the plan was made for."""
    @property
    def steps(self) -> list[ChangeStep]:
        """The steps to run, in order."""
    @property
    def already_done(self) -> list[ChangeStep]:
        """The steps whose effect is in place already."""
    @property
    def is_noop(self) -> bool:
        """True when there is nothing to do."""
    @staticmethod
    def from_json(text: str | bytes) -> DisablePlan:
        """Reads a plan written by :meth:`to_json`.

        Raises:
            InvalidInputError: The text is not such a plan.
        """
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class DisableReport:
    """What :meth:`Rootctl.disable` did; ``str()`` lists the steps and the state after."""

    @property
    def organization_id(self) -> str:
        """The organization changed."""
    @property
    def steps(self) -> list[StepResult]:
        """Every step, already-done ones included, in order."""
    @property
    def features(self) -> OrgFeatures:
        """The state read back after the last step."""
    @property
    def ok(self) -> bool:
        """True when every step is done or was done already."""
    @staticmethod
    def from_json(text: str | bytes) -> DisableReport:
        """Reads a report written by :meth:`to_json`.

        Raises:
            InvalidInputError: The text is not such a report.
        """
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

# ------------------------------------------------------------------------- selection

@final
class Selection:
    """What :meth:`Rootctl.select_accounts` resolved: the targets and every other account.
    ``len()`` is the number of targets."""

    @property
    def organization_id(self) -> str:
        """The organization id."""
    @property
    def management_account_id(self) -> str:
        """The management account (always skipped)."""
    @property
    def targets(self) -> list[Account]:
        """The targeted accounts, by account id."""
    @property
    def account_ids(self) -> list[str]:
        """The targets' account ids."""
    @property
    def skipped(self) -> list[SkippedAccount]:
        """Every other account, with the reason, by account id."""
    def __len__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    @staticmethod
    def from_json(text: str | bytes) -> Selection:
        """Reads a selection written by :meth:`to_json`.

        Raises:
            InvalidInputError: The text is not such a selection.
        """
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class Account:
    """A targeted member account."""

    @property
    def account_id(self) -> str:
        """The account id."""
    @property
    def name(self) -> str:
        """The account name."""
    @property
    def email(self) -> str:
        """The root user's email address."""
    @property
    def state(self) -> str:
        """Always ``"ACTIVE"`` for a target."""
    @property
    def ou_path(self) -> str:
        """Names from the root to the account's OU, e.g. ``"Root/Workloads/Prod"``."""
    @property
    def tags(self) -> dict[str, str] | None:
        """The account's tags, when the selection filtered on tags (``None`` otherwise:
        reading them costs one call per account)."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class SkippedAccount:
    """An account an operation left out, and why."""

    @property
    def account_id(self) -> str:
        """The account id."""
    @property
    def name(self) -> str:
        """The account name."""
    @property
    def reason(self) -> str:
        """The reason's stable code: ``"management_account"``, ``"not_selected"``,
        ``"tag_mismatch"``, ``"excluded_account"``, ``"excluded_ou"``,
        ``"excluded_tag"`` or ``"not_active"``."""
    @property
    def detail(self) -> str:
        """The reason for a human, e.g. ``"not ACTIVE (SUSPENDED)"``."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

# ----------------------------------------------------------------------------- audit

@final
class AuditReport:
    """What :meth:`Rootctl.audit` found; ``str()`` is a table, one row per account.

    Every account of the organization appears once: in ``accounts`` (audited or failed)
    or in ``skipped``.
    """

    @property
    def organization_id(self) -> str:
        """The organization id."""
    @property
    def management_account_id(self) -> str:
        """The management account."""
    @property
    def caller(self) -> CallerIdentity:
        """Who ran the audit."""
    @property
    def started_at(self) -> datetime:
        """When the audit started."""
    @property
    def finished_at(self) -> datetime:
        """When it finished."""
    @property
    def accounts(self) -> list[AccountAudit]:
        """One entry per targeted account, by account id."""
    @property
    def skipped(self) -> list[SkippedAccount]:
        """Accounts not targeted, with the reason."""
    @property
    def summary(self) -> AuditSummary:
        """Counts."""
    @property
    def ok(self) -> bool:
        """True when every targeted account was audited."""
    def account(self, account_id: str) -> AccountAudit | None:
        """The audit of one account, if it was targeted."""
    @staticmethod
    def from_json(text: str | bytes) -> AuditReport:
        """Reads a report written by :meth:`to_json` (e.g. to plan from a saved audit).

        Raises:
            InvalidInputError: The text is not such a report.
        """
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class AccountAudit:
    """One account's audit: its inventory, or the error that stopped it."""

    @property
    def account_id(self) -> str:
        """The account id."""
    @property
    def name(self) -> str:
        """The account name."""
    @property
    def ou_path(self) -> str:
        """Names from the root to the account's OU."""
    @property
    def ok(self) -> bool:
        """Whether the account was audited."""
    @property
    def status(self) -> str:
        """One word for the row: ``"clean"`` (no root credential), ``"has_credentials"``,
        or ``"failed"`` (not audited). The console command's table and CSV use it."""
    @property
    def credentials(self) -> RootCredentials | None:
        """The root user's credentials; ``None`` when the audit failed."""
    @property
    def account_summary(self) -> AccountSummary | None:
        """``GetAccountSummary``'s counters, read to cross-check the lists."""
    @property
    def warnings(self) -> list[str]:
        """Disagreements between the summary and the lists (e.g. a credential created
        between two reads)."""
    @property
    def error(self) -> RootctlError | None:
        """Why the audit of this account failed: an instance of the same
        :class:`RootctlError` subclass the failing call would raise."""
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class AuditSummary:
    """Counts over an audit."""

    @property
    def targeted(self) -> int:
        """Accounts targeted."""
    @property
    def audited(self) -> int:
        """Accounts audited successfully."""
    @property
    def failed(self) -> int:
        """Accounts whose audit failed."""
    @property
    def skipped(self) -> int:
        """Accounts not targeted."""
    @property
    def clean(self) -> int:
        """Audited accounts whose root user holds no credential at all."""
    @property
    def with_password(self) -> int:
        """Audited accounts with a root password."""
    @property
    def with_access_keys(self) -> int:
        """Audited accounts with at least one root access key."""
    @property
    def access_keys(self) -> int:
        """Root access keys in total."""
    @property
    def with_signing_certificates(self) -> int:
        """Audited accounts with at least one signing certificate."""
    @property
    def signing_certificates(self) -> int:
        """Signing certificates in total."""
    @property
    def with_mfa(self) -> int:
        """Audited accounts with at least one MFA device."""
    @property
    def mfa_devices(self) -> int:
        """MFA devices in total."""
    @property
    def with_warnings(self) -> int:
        """Accounts whose summary disagreed with their lists."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class AccountSummary:
    """``GetAccountSummary``'s root-credential counters for one account."""

    @property
    def password_present(self) -> bool:
        """``AccountPasswordPresent``."""
    @property
    def access_keys_present(self) -> int:
        """``AccountAccessKeysPresent``."""
    @property
    def signing_certificates_present(self) -> int:
        """``AccountSigningCertificatesPresent``."""
    @property
    def mfa_enabled(self) -> bool:
        """``AccountMFAEnabled``."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

# ----------------------------------------------------------------------- credentials

@final
class RootCredentials:
    """Everything the root user of one account can sign in or call AWS with (identifiers
    and dates only: AWS never lists secrets)."""

    @property
    def password(self) -> LoginProfile | None:
        """The console password, if one exists."""
    @property
    def access_keys(self) -> list[AccessKey]:
        """Access keys."""
    @property
    def signing_certificates(self) -> list[SigningCertificate]:
        """Signing certificates."""
    @property
    def mfa_devices(self) -> list[MfaDevice]:
        """MFA devices."""
    @property
    def is_empty(self) -> bool:
        """True when there is no password, key, certificate or MFA device."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class LoginProfile:
    """The root user's console password (its IAM login profile)."""

    @property
    def created(self) -> datetime:
        """When the password was set."""
    @property
    def password_reset_required(self) -> bool:
        """Whether a reset is required at next sign-in."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class AccessKey:
    """A root access key."""

    @property
    def id(self) -> str:
        """The access key id (``AKIA...``): an identifier, not the secret."""
    @property
    def status(self) -> str:
        """``"Active"``, ``"Inactive"`` or ``"Expired"``."""
    @property
    def created(self) -> datetime | None:
        """When the key was created."""
    @property
    def last_used(self) -> AccessKeyLastUsed | None:
        """Last use, as an audit reads it (``None`` where it was not read)."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class AccessKeyLastUsed:
    """When and where an access key was last used."""

    @property
    def date(self) -> datetime | None:
        """Last use; ``None`` if never used."""
    @property
    def service(self) -> str | None:
        """The service last called with the key, e.g. ``"s3"``."""
    @property
    def region(self) -> str | None:
        """The region of that call."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class SigningCertificate:
    """A root X.509 signing certificate."""

    @property
    def id(self) -> str:
        """The certificate id."""
    @property
    def status(self) -> str:
        """``"Active"`` or ``"Inactive"``."""
    @property
    def uploaded(self) -> datetime | None:
        """When the certificate was uploaded."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class MfaDevice:
    """A root MFA device."""

    @property
    def serial(self) -> str:
        """The serial number (an ARN for virtual devices and passkeys)."""
    @property
    def kind(self) -> str:
        """``"virtual"``, ``"hardware"``, ``"passkey"`` or ``"unknown"``."""
    @property
    def enabled(self) -> datetime | None:
        """When the device was enabled."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

# --------------------------------------------------------------------------- removal

@final
class RemovalPlan:
    """The exact root credentials to remove: made by :meth:`Rootctl.plan_removal`,
    reviewed (``str()`` lists it; ``to_json()`` is the file to review and keep), then
    applied by :meth:`Rootctl.apply_removal`, which removes these items and nothing else.
    """

    @property
    def format_version(self) -> int:
        """The plan format version (1)."""
    @property
    def plan_id(self) -> str:
        """A unique id; an apply's journal is tied to it."""
    @property
    def organization_id(self) -> str:
        """The organization the plan is for; applying it elsewhere is refused."""
    @property
    def management_account_id(self) -> str:
        """That organization's management account."""
    @property
    def caller(self) -> CallerIdentity:
        """Who ran the audit the plan was made from."""
    @property
    def created_at(self) -> datetime:
        """When the plan was made."""
    @property
    def audited_at(self) -> datetime:
        """When the audit behind it finished."""
    @property
    def kinds(self) -> list[str]:
        """The kinds the plan removes (``"password"``, ``"access_keys"``, ...)."""
    @property
    def accounts(self) -> list[AccountRemovalPlan]:
        """The accounts with something to remove, by account id."""
    @property
    def not_planned(self) -> list[NotPlanned]:
        """Accounts left alone, with the reason."""
    @property
    def item_count(self) -> int:
        """The number of credentials to remove."""
    @staticmethod
    def from_json(text: str | bytes) -> RemovalPlan:
        """Reads a plan written by :meth:`to_json`, and checks it: the format version, the
        management account never targeted, no duplicates, items only of the plan's kinds,
        ids present exactly where they must be.

        Raises:
            InvalidInputError: The text is not a plan, or the plan is invalid (e.g. edited
                by hand into something unsafe).
        """
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class AccountRemovalPlan:
    """What a plan removes in one account, in removal order."""

    @property
    def account_id(self) -> str:
        """The account id."""
    @property
    def name(self) -> str:
        """The account name."""
    @property
    def ou_path(self) -> str:
        """Names from the root to the account's OU."""
    @property
    def items(self) -> list[RemovalItem]:
        """The credentials to remove: password, access keys, certificates, MFA devices."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class RemovalItem:
    """One credential: its kind and id. Hashable."""

    @property
    def kind(self) -> str:
        """``"password"``, ``"access_key"``, ``"signing_certificate"`` or ``"mfa_device"``."""
    @property
    def id(self) -> str | None:
        """The access key id, certificate id or MFA serial; ``None`` for the password."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class NotPlanned:
    """An account a plan leaves alone, and why."""

    @property
    def account_id(self) -> str:
        """The account id."""
    @property
    def name(self) -> str:
        """The account name."""
    @property
    def reason(self) -> str:
        """Why, for a human: the audit failed (with the error), or the account was not
        targeted (with the reason)."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class RemovalReport:
    """What :meth:`Rootctl.apply_removal` did; ``str()`` lists every item's outcome."""

    @property
    def plan_id(self) -> str:
        """The plan applied."""
    @property
    def organization_id(self) -> str:
        """The organization."""
    @property
    def dry_run(self) -> bool:
        """Whether this was a dry run."""
    @property
    def started_at(self) -> datetime:
        """When the run started."""
    @property
    def finished_at(self) -> datetime:
        """When it finished (before verification)."""
    @property
    def accounts(self) -> list[AccountRemoval]:
        """One entry per planned account, in plan order."""
    @property
    def items(self) -> list[ItemResult]:
        """Every planned item with its account and outcome, in plan order."""
    @property
    def verification(self) -> AuditReport | None:
        """The audit of the planned accounts made afterwards (``None`` in dry runs and
        with ``verify=False``)."""
    @property
    def summary(self) -> RemovalSummary:
        """Counts."""
    @property
    def ok(self) -> bool:
        """True when nothing failed and the verification found no planned credential
        still present."""
    @property
    def remaining(self) -> list[tuple[str, RemovalItem]]:
        """Planned items the verification still found, as (account id, item)."""
    @staticmethod
    def from_json(text: str | bytes) -> RemovalReport:
        """Reads a report written by :meth:`to_json`.

        Raises:
            InvalidInputError: The text is not such a report.
        """
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class AccountRemoval:
    """One account's part of a removal."""

    @property
    def account_id(self) -> str:
        """The account id."""
    @property
    def name(self) -> str:
        """The account name."""
    @property
    def items(self) -> list[ItemResult]:
        """Every planned item with its outcome, in removal order."""
    @property
    def drift(self) -> list[RemovalItem]:
        """Credentials present now that the plan does not list (created after the audit):
        reported, never removed."""
    @property
    def error(self) -> RootctlError | None:
        """What stopped work on the account (session, read or timeout), if anything."""
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class ItemResult:
    """One planned credential and what happened to it."""

    @property
    def account_id(self) -> str:
        """The account."""
    @property
    def kind(self) -> str:
        """The credential's kind (see :attr:`RemovalItem.kind`)."""
    @property
    def id(self) -> str | None:
        """The credential's id; ``None`` for the password."""
    @property
    def item(self) -> RemovalItem:
        """The credential, as the plan lists it."""
    @property
    def outcome(self) -> str:
        """``"removed"``, ``"already_absent"``, ``"failed"``, ``"skipped"`` (see
        :attr:`reason`) or ``"would_remove"`` (dry run)."""
    @property
    def error(self) -> RootctlError | None:
        """Why the removal failed."""
    @property
    def reason(self) -> str | None:
        """Why the item was skipped (done by an earlier run of the plan, or an MFA
        device kept because the password stays)."""
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class RemovalSummary:
    """Counts over a removal."""

    @property
    def accounts(self) -> int:
        """Accounts in the plan."""
    @property
    def accounts_failed(self) -> int:
        """Accounts where work stopped on an error."""
    @property
    def planned(self) -> int:
        """Items in the plan."""
    @property
    def removed(self) -> int:
        """Items removed by this run."""
    @property
    def already_absent(self) -> int:
        """Items already gone."""
    @property
    def failed(self) -> int:
        """Items whose removal failed."""
    @property
    def skipped(self) -> int:
        """Items deliberately not attempted."""
    @property
    def would_remove(self) -> int:
        """Items a dry run would remove."""
    @property
    def drift(self) -> int:
        """Unplanned credentials found."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

# -------------------------------------------------------------------------- recovery

@final
class RecoveryReport:
    """What :meth:`Rootctl.allow_password_recovery` did; ``str()`` lists the accounts."""

    @property
    def accounts(self) -> list[AccountRecovery]:
        """One entry per targeted account, by account id."""
    @property
    def skipped(self) -> list[SkippedAccount]:
        """Named accounts that were not targeted (not ACTIVE)."""
    @property
    def ok(self) -> bool:
        """Whether no account failed."""
    @staticmethod
    def from_json(text: str | bytes) -> RecoveryReport:
        """Reads a report written by :meth:`to_json`.

        Raises:
            InvalidInputError: The text is not such a report.
        """
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

@final
class AccountRecovery:
    """One account's password-recovery result."""

    @property
    def account_id(self) -> str:
        """The account id."""
    @property
    def name(self) -> str:
        """The account name."""
    @property
    def outcome(self) -> str:
        """``"enabled"`` (the root user can now recover a password),
        ``"already_possible"`` (it has a password already) or ``"failed"``."""
    @property
    def ok(self) -> bool:
        """Whether it did not fail."""
    @property
    def error(self) -> RootctlError | None:
        """Why it failed."""
    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""
