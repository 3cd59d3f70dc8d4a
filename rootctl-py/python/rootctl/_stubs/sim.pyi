"""The embedded simulated organization and its ground truth."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import ClassVar, final

from rootctl._stubs.audit import *
from rootctl._stubs.exceptions import *
from rootctl._stubs.removal import *
from rootctl._stubs.results import *
from rootctl._stubs.results import _AccountRecord, _Record

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
                succeeds, every call with the session is denied by a real
                ``DenyRootSessions`` SCP attached to the member).
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
        """Denies root sessions in a member: ``"assume_root"`` (AssumeRoot is denied) or
        ``"every_call"`` (a real SCP, ``DenyRootSessions``, denies every call of the
        session; :meth:`Rootctl.check_scps` reads and predicts it like any other)."""

    def allow_root_sessions(self, account_id: str) -> None:
        """Removes the root-session-denying SCP of :meth:`deny_root_sessions`."""

    @property
    def root_id(self) -> str:
        """The organization's root, ``r-...``: a target for :meth:`attach_scp`."""

    def attach_scp(self, target_id: str, policy_json: str) -> str:
        """Creates a service control policy from ``policy_json`` and attaches it to the
        root (``r-...``), an OU (``ou-...``) or an account; returns its id, ``p-...``.

        Every target starts with ``FullAWSAccess`` attached, as on AWS. The simulator
        applies SCPs to root-session calls as AWS documents (a Deny that applies anywhere
        on the account's path, or a level with no Allow, is AccessDenied), and to the
        ``sts:AssumeRoot`` of a delegated administrator (the SCPs on its own path). It
        judges with the evaluator :meth:`Rootctl.check_scps` uses, so the two agree by
        construction: a consistency check, not evidence about AWS.

        Raises:
            InvalidInputError: ``target_id`` is not a root, OU or account of the
                organization, or ``policy_json`` is not a policy document.
        """

    def attach_rcp(self, target_id: str, policy_json: str) -> str:
        """Like :meth:`attach_scp`, for a resource control policy (enabling the type on
        first use, with ``RCPFullAWSAccess`` attached everywhere). RCPs govern the
        bucket and queue calls of a root session; IAM calls are not subject to them.

        Raises:
            InvalidInputError: As :meth:`attach_scp`, or the policy has an ``Allow``
                statement: as on AWS, only ``RCPFullAWSAccess`` allows, a customer RCP
                can only deny (AWS: ``MalformedPolicyDocumentException``).
        """

    def detach_policy(self, target_id: str, policy_id: str) -> None:
        """Detaches a policy from a target, e.g. ``"p-FullAWSAccess"`` to make an
        allow-list.

        Raises:
            InvalidInputError: The policy is not attached there, it is the target's
                last SCP (AWS keeps at least one attached), or it is
                ``"p-RCPFullAWSAccess"``, which AWS never lets be detached.
        """

    def update_policy(self, policy_id: str, policy_json: str) -> None:
        """Replaces a policy's document, as ``organizations:UpdatePolicy`` does: every
        target it is attached to sees the new document.

        Raises:
            InvalidInputError: No such policy, ``policy_json`` is not a policy, or it
                would give a resource control policy an ``Allow`` statement.
        """

    def set_account_state(self, account_id: str, state: str) -> None:
        """Changes a member's state, e.g. ``"SUSPENDED"``."""

    def advance_clock(self, seconds: float) -> None:
        """Moves simulated time forward, expiring root sessions and refilling rate limits
        as if that much time had passed."""

    def now(self) -> datetime:
        """The simulated time: the wall clock plus every :meth:`advance_clock`."""
    def create_bucket(
        self, account_id: str, name: str, region: str = "us-east-1", policy: str | None = None
    ) -> None:
        """Creates a bucket in a member account with ``policy`` as its bucket policy.

        Raises:
            InvalidInputError: Not a member account, a bad name or region, or a name taken.
        """
    def bucket_policy(self, account_id: str, name: str) -> str | None:
        """The bucket's policy text exactly as stored (None: none, or no such bucket)."""
    def put_bucket_policy(self, account_id: str, name: str, policy: str | None) -> None:
        """Sets (None: removes) a bucket's policy behind rootctl's back, e.g. to test drift."""
    def create_queue(
        self, account_id: str, name: str, region: str = "us-east-1", policy: str | None = None
    ) -> str:
        """Creates a queue in a member account with ``policy`` and returns its URL.

        Raises:
            InvalidInputError: Not a member account, a bad name or region, an opt-in region
                the account has not enabled (:meth:`enable_region`), or a queue that
                exists.
        """
    def enable_trusted_access(self, service_principal: str) -> None:
        """Turns on trusted access for ``service_principal`` (``"account.amazonaws.com"``
        lets :meth:`Rootctl.find_locked_resources` list each member's enabled regions), as
        the management account would. Setup, not an AWS call: nothing is logged."""
    def enable_region(self, account_id: str, region: str) -> None:
        """Enables an opt-in region (``af-south-1``, ``me-south-1``, ...) in a member
        account, as ``account:EnableRegion`` does, without the wait. Default regions are
        enabled already. Setup, not an AWS call.

        Raises:
            InvalidInputError: Not a member account, or a region the simulator does not
                know.
        """
    def enabled_regions(self, account_id: str) -> list[str]:
        """The regions a member account can use, sorted: the default ones and the opt-in
        ones it enabled (ground truth; ``account:ListRegions`` answers the same).

        Raises:
            InvalidInputError: Not a member account.
        """
    def queue_policy(self, account_id: str, queue_url: str) -> str | None:
        """The queue's policy text exactly as stored (None: none, or no such queue)."""
    def put_queue_policy(self, account_id: str, queue_url: str, policy: str | None) -> None:
        """Sets (None: removes) a queue's policy behind rootctl's back."""

@final
class Member(_AccountRecord):
    """A member account of a :class:`SimulatedOrg`, as its ground truth knows it."""

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

@final
class CallRecord(_Record):
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

@final
class SimStats(_Record):
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
