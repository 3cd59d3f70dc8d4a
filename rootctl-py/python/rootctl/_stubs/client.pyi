"""The client, :class:`Rootctl`: every operation, sync and async."""

from collections.abc import Callable, Coroutine, Iterable, Mapping
from os import PathLike
from typing import Any, final

from typing_extensions import TypeAlias

from rootctl._stubs.audit import *
from rootctl._stubs.enforce import *
from rootctl._stubs.exceptions import *
from rootctl._stubs.removal import *
from rootctl._stubs.results import *
from rootctl._stubs.scps import *
from rootctl._stubs.sim import *
from rootctl._stubs.unlock import *

_Ids: TypeAlias = str | Iterable[str]
"""One string, or an iterable of strings (a lone string is one item)."""

_Tags: TypeAlias = str | Iterable[str] | Mapping[str, str | None]
"""Tag filters: ``"key=value"`` or ``"key"`` (any value) strings, or a mapping of key to
value (``None`` for any value)."""

_Progress: TypeAlias = Callable[[ProgressEvent], object]
"""A progress callback: any callable taking one :class:`ProgressEvent`."""

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
        concurrency: int | None = None,
        max_concurrency: int = 128,
        assume_root_rate: float | None = None,
        account_timeout_s: float = 300.0,
        max_attempts: int = 5,
        session_duration_s: int = 900,
        scp_preflight: bool = False,
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
        concurrency: int | None = None,
        max_concurrency: int = 128,
        assume_root_rate: float | None = None,
        account_timeout_s: float = 300.0,
        max_attempts: int = 5,
        session_duration_s: int = 900,
        scp_preflight: bool = False,
    ) -> Rootctl:
        """A client for real AWS, configured like the AWS CLI (environment variables,
        shared config and credentials files, SSO, container and instance metadata).

        Args:
            region: The AWS region; ``None`` takes it from the environment (``AWS_REGION``
                or the profile). It must be a concrete region: ``sts:AssumeRoot`` is
                served by regional endpoints only, so ``"aws-global"`` is refused.
            profile: A named profile of the shared config files.
            endpoint_url: Send every call here instead (an emulator).
            concurrency: How many accounts are worked on at once, fixed. ``None`` (the
                default): adaptive, found by the engine. It starts at 16, grows while
                every slot is busy and calls succeed with steady latency, and shrinks by
                a fifth when over a fifth of the calls are throttled or latency doubles.
            max_concurrency: The cap of the adaptive concurrency.
            assume_root_rate: A fixed pace for ``sts:AssumeRoot``, in calls per second
                across all accounts. ``None`` (the default): adaptive, unpaced until AWS
                throttles AssumeRoot, then paced at the rate AWS accepted and probed
                upwards while that holds the run back.
            account_timeout_s: How long the work on one account may take, retries
                included, before it is reported failed with :class:`AccountTimeoutError`.
            max_attempts: Attempts per AWS call for retryable errors (1 disables retries).
            session_duration_s: The lifetime asked for each root session, 1 to 900.
            scp_preflight: Before an audit's sessions start, run :meth:`check_scps` for
                the ``audit`` and ``delete`` tasks and keep each account's verdicts in
                :attr:`AccountAudit.scp` (the audit table then names the policy behind a
                denied account); :meth:`plan_removal` leaves out, with the reason and the
                fix, accounts whose removals a policy surely blocks. Needs
                ``organizations:ListPoliciesForTarget`` and
                ``organizations:DescribePolicy``.

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
        concurrency: int | None = None,
        max_concurrency: int = 128,
        assume_root_rate: float | None = None,
        account_timeout_s: float = 300.0,
        max_attempts: int = 5,
        session_duration_s: int = 900,
        scp_preflight: bool = False,
    ) -> Coroutine[Any, Any, Rootctl]:
        """:meth:`from_env`, as a coroutine."""

    @property
    def region(self) -> str | None:
        """The AWS region in use (``"us-east-1"`` for the simulator)."""

    @property
    def concurrency(self) -> int | None:
        """The fixed number of accounts worked on at once; ``None`` when adaptive."""

    @property
    def max_concurrency(self) -> int:
        """The cap of the adaptive concurrency (the fixed number, when fixed)."""

    @property
    def concurrency_limit(self) -> int:
        """How many accounts may be in flight now: the fixed number, or what the
        adaptive limit has learnt so far (shared by every run of this client)."""

    @property
    def assume_root_rate(self) -> float | None:
        """The fixed ``sts:AssumeRoot`` pace in calls per second; ``None`` when adaptive."""

    @property
    def assume_root_pace(self) -> float | None:
        """The ``sts:AssumeRoot`` pace in force: the fixed one, or what the adaptive pace
        has learnt (``None`` until AWS first throttled AssumeRoot)."""

    @property
    def account_timeout_s(self) -> float:
        """The per-account timeout, in seconds."""

    @property
    def max_attempts(self) -> int:
        """Attempts per AWS call for retryable errors."""

    @property
    def session_duration_s(self) -> int:
        """The lifetime asked for each root session, in seconds."""

    @property
    def scp_preflight(self) -> bool:
        """Whether audits run the SCP pre-flight first (see :meth:`from_env`)."""

    def check_prerequisites(
        self, *, probe: bool = False, probe_account: str | None = None, scps: bool = False
    ) -> PrerequisiteReport:
        """Checks every prerequisite of centralized root access, read only: the
        organization (ALL features), the caller (management account or IAM delegated
        administrator), trusted access, both features, the delegated administrator, a
        regional STS endpoint, with ``probe`` one audit-only AssumeRoot into
        ``probe_account`` (default: the ACTIVE member with the lowest id), and with
        ``scps`` the SCP pre-flight of every member for every task (:meth:`check_scps`;
        the check fails when a task is blocked, warns when one is unknown, and
        :attr:`PrerequisiteReport.scps` holds the per-account report).

        AWS failures are reported in the checks, not raised.

        Raises:
            InvalidInputError: ``probe_account`` without ``probe``, or not an ACTIVE member.
        """

    def check_prerequisites_async(
        self, *, probe: bool = False, probe_account: str | None = None, scps: bool = False
    ) -> Coroutine[Any, Any, PrerequisiteReport]:
        """:meth:`check_prerequisites`, as a coroutine."""

    def check_scps(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
        tasks: _Ids | None = None,
    ) -> ScpReport:
        """Predicts, before any root session starts, which selected accounts' service
        control policies (and, for the bucket and queue tasks, resource control policies)
        block the calls a root session makes, and says how to fix each: read only, no
        AssumeRoot.

        For each account it reads the policies attached at the root, each OU above it and
        the account (each policy once per run, however many accounts share it) and
        evaluates them as AWS does: a Deny that applies anywhere blocks a call, and every
        level must have an Allow that applies. The request context is that of a root
        session (``aws:PrincipalArn`` ``arn:aws:iam::<account>:root``,
        ``aws:AssumedRoot`` ``true``, ...); a condition on a key that cannot be known
        before the call makes the verdict ``"unknown"``, never a guess.

        Args:
            tasks: Any of ``"audit"``, ``"delete"``, ``"recover"``, ``"unlock_s3"``,
                ``"unlock_sqs"``; ``None`` for all five. The selection arguments are
                those of :meth:`select_accounts`.

        Raises:
            InvalidInputError: An empty ``tasks``, an unknown task, or a bad selection
                (malformed id, the management account, an unknown OU, nothing selected).
        """

    def check_scps_async(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
        tasks: _Ids | None = None,
    ) -> Coroutine[Any, Any, ScpReport]:
        """:meth:`check_scps`, as a coroutine."""

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
    ) -> SelectedAccounts:
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
    ) -> Coroutine[Any, Any, SelectedAccounts]:
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
                naming the operation, and the operation's result as its ``result``
                attribute: for :meth:`apply_removal`, the report of what was removed).
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

    def report(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
        audit: AuditReport | None = None,
        audit_sha256: str | None = None,
        features: OrgFeatures | None = None,
        scps: bool | ScpReport | None = None,
        enforcement: EnforcementReport | None = None,
        unlock: UnlockReport | None = None,
        progress: _Progress | None = None,
    ) -> str:
        """The evidence page: one self-contained HTML document (styles, script and charts
        inline; nothing is fetched when it is viewed). It shows the organization as a
        tree of OUs and accounts coloured by status (clean, holding credentials,
        excepted, failed, skipped) with each account's credentials on expansion, totals
        by credential kind and by OU, the control mapping (CIS v7.0 2.1.1, 2.4 to 2.6,
        AWS Config, Security Hub IAM.4 and IAM.6), exceptions, SCP blocks with their
        fix, unlocked policies, and the run's metadata. A search box and collapsed OUs
        keep it usable at 10,000 accounts.

        Without ``audit``, audits the selected accounts (the selection arguments are
        those of :meth:`select_accounts`) and reads the organization's features, which
        decide CIS 2.1.1 with the credentials.

        Args:
            audit: A saved audit (:meth:`AuditReport.from_json`) to draw instead of a
                live one; not with selection arguments. The features are then not read:
                give them as ``features`` (e.g. ``rc.features()``), or CIS 2.1.1 is
                decided on the credentials alone and the page says so.
            audit_sha256: The SHA-256 (hex) of the file ``audit`` was read from, shown on
                the page so an auditor can match the two; without it, the page shows the
                digest of the audit's compact JSON (``audit.to_json(indent=None)``).
            features: The organization's features, instead of reading them.
            scps: ``True`` for a live SCP pre-flight of the audit and delete tasks, or an
                :class:`ScpReport` already made. Without one, the page shows the
                verdicts the audit carries when the client ran with ``scp_preflight``.
            enforcement: An enforcement run: its exceptions, which accounts are
                excepted, and its policy digest.
            unlock: An unlock run: the policies it deleted and their backups.
            progress: As for :meth:`audit`.

        Raises:
            InvalidInputError: ``audit`` with selection arguments, or a report of
                another organization than the audit's.
            TypeError: ``scps`` neither a bool nor an :class:`ScpReport`.
        """

    def report_async(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
        audit: AuditReport | None = None,
        audit_sha256: str | None = None,
        features: OrgFeatures | None = None,
        scps: bool | ScpReport | None = None,
        enforcement: EnforcementReport | None = None,
        unlock: UnlockReport | None = None,
        progress: _Progress | None = None,
    ) -> Coroutine[Any, Any, str]:
        """:meth:`report`, as a coroutine."""

    def account_credentials(self, account_id: str) -> AccountAudit:
        """The audit of one member account: :meth:`audit` of that account alone (one
        audit-only root session). Its ``credentials`` are always set (a failed audit
        raises instead); its ``warnings`` say where ``GetAccountSummary`` disagrees with
        the lists; ``scp`` holds the pre-flight's verdicts when ``scp_preflight`` is on.

        Raises:
            InvalidInputError: ``account_id`` is malformed, not an account of the
                organization, the management account, or not ``ACTIVE`` (before any
                AssumeRoot).
            RootctlError: The account's audit failed (the subclass says why, e.g.
                :class:`AccessDeniedError`).
        """

    def account_credentials_async(self, account_id: str) -> Coroutine[Any, Any, AccountAudit]:
        """:meth:`account_credentials`, as a coroutine."""

    def plan_removal(self, audit: AuditReport, *, kinds: _Ids | None = None) -> RemovalPlan:
        """Makes a removal plan from an audit: exactly the credentials to remove, per
        account, in the safe order (password, access keys, signing certificates, MFA
        last). Makes no AWS call; review the plan (it is plain JSON), then apply it.

        Accounts whose audit failed are listed in ``not_planned``, never guessed at; so
        are, when the audit ran with ``scp_preflight``, accounts where a policy surely
        blocks a removal the plan would make (the reason names it and gives the fix).

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
        max_plan_age_hours: float | None = 24.0,
    ) -> RemovalReport:
        """Applies a removal plan: in each account one delete session reads what is there
        now and removes the listed items in the safe order (password, access keys, signing
        certificates, MFA last), each reported ``removed``, ``already_absent``,
        ``failed``, ``skipped`` or ``interrupted``; then the planned accounts are audited
        again (``verification``).

        The live state decides: an item no longer there is ``already_absent``; one that
        came back is removed again. Credentials present now but not in the plan (a
        password set after the audit included) are reported as ``drift``, never removed.
        MFA devices are kept while the account still has a password. Accounts that left
        the organization or are not ACTIVE now are not touched.

        Args:
            plan: The plan (from :meth:`plan_removal` or ``RemovalPlan.from_json``).
            dry_run: Report what would happen (outcome ``would_remove``) without a single
                mutating call, reading with audit-only sessions.
            journal: An append-only JSON-lines file (``0600``, an existing one made so;
                locked while in use; never a symbolic link) recording every removal
                before and after it is made.
            progress: As for :meth:`audit`; also receives ``item_removed`` and
                ``item_failed`` events.
            verify: Audit the planned accounts again afterwards (not in dry runs).
            max_plan_age_hours: Refuse a plan made longer ago than this (``None``: any
                age). An old plan describes credentials that may have changed since. A
                plan dated more than 5 minutes in the future (the clock difference
                allowed) is refused whatever this says: its age cannot be judged.

        Raises:
            InvalidInputError: An invalid plan (a plan id that is not a plain file name
                included), a plan older than ``max_plan_age_hours`` or dated more than 5
                minutes in the future, a plan made for another organization or naming
                another management account, or a journal of another plan.
            JournalError: The journal could not be read or written, is a symbolic link,
                or is not a journal (a file that is not one is never cut).
        """

    def apply_removal_async(
        self,
        plan: RemovalPlan,
        *,
        dry_run: bool = False,
        journal: str | PathLike[str] | None = None,
        progress: _Progress | None = None,
        verify: bool = True,
        max_plan_age_hours: float | None = 24.0,
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

    def enforce(
        self,
        policy: EnforcementPolicy,
        *,
        dry_run: bool = False,
        progress: _Progress | None = None,
    ) -> EnforcementReport:
        """Enforces ``policy`` on every account it selects in one idempotent call: audit,
        plan, apply and verify (the operations above, with their safety rules), then one
        status per account (:attr:`AccountEnforcement.status`). Expired exceptions are
        enforced, and say so. When nothing is forbidden nothing is applied, so a second
        run right after the first makes no mutating call.

        Every exception must protect an account the policy targets: one that names an
        account outside the organization (a typo), the management account, or an account
        the selection leaves out stops the run before any root session. With a
        ``journal`` directory, a run that may change something holds ``enforce.lock``
        there for its whole length.

        To show what would change and then apply exactly that (nothing that changed while
        someone read it), pass the dry run's report to :meth:`apply_enforcement`.

        Args:
            dry_run: Change nothing (the check mode): every account holding a forbidden
                credential is ``non_compliant``; ``report.exit_code`` is 1 then. The
                report carries the plan it would apply (:attr:`EnforcementReport.plan`).
                A dry run takes no lock.
            progress: As for :meth:`audit`.

        Raises:
            InvalidInputError: The selection names an unknown OU or account, or matches
                no ACTIVE member account; an exception names an account that is not in
                the organization, the management account, or one the selection leaves
                out (``exceptions[i].account``).
            JournalError: Another enforce run holds the journal directory's lock.
        """

    def enforce_async(
        self,
        policy: EnforcementPolicy,
        *,
        dry_run: bool = False,
        progress: _Progress | None = None,
    ) -> Coroutine[Any, Any, EnforcementReport]:
        """:meth:`enforce`, as a coroutine."""

    def apply_enforcement(
        self,
        policy: EnforcementPolicy,
        preview: EnforcementReport,
        *,
        progress: _Progress | None = None,
    ) -> EnforcementReport:
        """Applies exactly the removal plan ``preview`` showed, and nothing else:
        ``preview`` is the report of ``enforce(policy, dry_run=True)``, and its
        :attr:`EnforcementReport.plan` is what is applied. Then every account of the
        preview is reported, as :meth:`enforce` reports it.

        What changed after the preview is left for the next run: an account that came
        into scope is not touched, a credential added since is reported as drift, an
        exception that expired since removes nothing the preview did not show (the
        account is ``non_compliant`` and says why). The removal follows every rule of
        :meth:`apply_removal`; the run journals and locks like :meth:`enforce`.

        A console's flow: ``preview = rc.enforce(policy, dry_run=True)``, show
        ``preview``, ask, then ``rc.apply_enforcement(policy, preview)``.

        Args:
            progress: As for :meth:`audit`.

        Raises:
            InvalidInputError: Before any change: ``preview`` is not a dry run, was made
                under another policy (its digest differs), for another organization,
                longer ago than the policy's ``max_plan_age_hours`` or more than 5
                minutes in the future, or its plan lists something it does not show as
                to be removed. And, derived again from the policy and the organization
                now (a preview is JSON a person may edit): an exception :meth:`enforce`
                would refuse, or a plan that removes anything in an account the policy's
                selection does not target now, of a kind the policy does not forbid, or
                of a kind an exception in force keeps.
            JournalError: Another enforce run holds the journal directory's lock.
        """

    def apply_enforcement_async(
        self,
        policy: EnforcementPolicy,
        preview: EnforcementReport,
        *,
        progress: _Progress | None = None,
    ) -> Coroutine[Any, Any, EnforcementReport]:
        """:meth:`apply_enforcement`, as a coroutine."""

    def handle_event(
        self, event: Mapping[str, Any] | str, policy: EnforcementPolicy, *, dry_run: bool = False
    ) -> EnforcementReport | None:
        """Enforces ``policy`` on the one account an EventBridge event names, as
        CloudTrail delivers it (a dict, or its JSON text; ``docs/enforcement.md#events``):

        - an Organizations membership event: ``AccountJoinedOrganization`` (created or
          invited), ``CreateAccountResult`` (``SUCCEEDED``), ``MoveAccount``,
          ``AcceptHandshake`` (an ``INVITE``);
        - a member's root user gaining a credential: ``CreateLoginProfile``,
          ``UpdateLoginProfile``, ``CreateAccessKey``, ``UploadSigningCertificate``,
          ``EnableMFADevice``, ``CreateVirtualMFADevice`` or a ``ConsoleLogin``, made
          by the root user itself, not by a root session (``assumedRoot``).

        ``None``, with no AWS call, for such an event that calls for no run (a failed
        call or sign-in, a root session's call, an IAM user's); a report with no account
        (the account under ``skipped``) when the policy does not select it. The same
        event delivered twice changes nothing the second time.

        The policy is checked whole whichever account the event names: an exception
        for an account outside the organization stops the run. A run that may change
        something holds the journal directory's lock, as :meth:`enforce` does.

        Raises:
            InvalidInputError: Not an EventBridge event, an event rootctl does not act
                on, or one that names no account, a malformed one or two (each named
                by the event's name, source and id); an account that is not in the
                organization; or an exception of the policy names an account it cannot
                protect.
            JournalError: Another enforce run holds the journal directory's lock.
        """

    def handle_event_async(
        self, event: Mapping[str, Any] | str, policy: EnforcementPolicy, *, dry_run: bool = False
    ) -> Coroutine[Any, Any, EnforcementReport | None]:
        """:meth:`handle_event`, as a coroutine."""

    def find_locked_resources(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
        services: _Ids | None = ("s3", "sqs"),
        regions: _Ids | None = None,
        progress: _Progress | None = None,
    ) -> LockedResourceReport:
        """Finds bucket and queue policies that lock everyone out, in every selected
        account: an ``S3UnlockBucketPolicy`` root session lists the buckets (each with its
        region, from ListBuckets) and reads each policy; an ``SQSUnlockQueuePolicy``
        session lists the queues of each region and reads each policy. Nothing changes.

        Args:
            accounts, ous, tags, exclude, exclude_ous, exclude_tags: The selection, as
                for :meth:`select_accounts`: an excluded account is neither searched nor
                reported, so nothing of it can be planned or unlocked.
            services: ``"s3"``, ``"sqs"`` or both (None: both).
            regions: The regions to list queues in, for every account. None: each
                account's enabled regions, from AWS Account Management
                (``account:ListRegions``, which needs trusted access for
                ``account.amazonaws.com``); where they cannot be listed, the client's
                region. Each :class:`AccountSearch` says which regions it searched and why.
            progress: As for :meth:`audit`.

        Raises:
            FeatureNotEnabledError: RootSessions is off (before any AssumeRoot).
            InvalidInputError: A bad service, region or selection value.
        """

    def find_locked_resources_async(
        self,
        *,
        accounts: _Ids | None = None,
        ous: _Ids | None = None,
        tags: _Tags | None = None,
        exclude: _Ids | None = None,
        exclude_ous: _Ids | None = None,
        exclude_tags: _Tags | None = None,
        services: _Ids | None = ("s3", "sqs"),
        regions: _Ids | None = None,
        progress: _Progress | None = None,
    ) -> Coroutine[Any, Any, LockedResourceReport]:
        """:meth:`find_locked_resources`, as a coroutine."""

    def plan_unlock(self, found: LockedResourceReport, mode: str = "delete") -> UnlockPlan:
        """Makes an unlock plan from ``found``: every ``locked`` resource with its policy
        text (the backup) and its SHA-256. ``mode="delete"`` removes whole policies (what
        the console does); ``"surgical"`` removes only the locking statements and writes
        the rest back (deleting when nothing would remain); a resource whose remaining
        statements may still lock is then left in ``not_planned`` (use ``"delete"`` or
        edit the policy). Makes no AWS call.

        Raises:
            InvalidInputError: An unknown mode.
        """

    def plan_unlock_async(
        self, found: LockedResourceReport, mode: str = "delete"
    ) -> Coroutine[Any, Any, UnlockPlan]:
        """:meth:`plan_unlock`, as a coroutine."""

    def apply_unlock(
        self,
        plan: UnlockPlan,
        *,
        dry_run: bool = False,
        backup_dir: str | PathLike[str] | None = None,
        journal: str | PathLike[str] | None = None,
        progress: _Progress | None = None,
    ) -> UnlockReport:
        """Applies an unlock plan. For each policy: read it again; none now is
        ``already_absent``; a text other than the plan's is ``drift`` and left alone; in a
        dry run ``would_unlock``. Otherwise the backup is written (``0600``) and synced
        under ``backup_dir/<plan_id>/``, the change made (and its receipt,
        ``<backup>.applied``, written beside the backup), and the policy read back:
        ``unlocked``, or ``failed``. An account whose work stops midway (its timeout)
        reports each item as far as it got, with its backup.

        Args:
            plan: The plan (from :meth:`plan_unlock` or ``UnlockPlan.from_json``).
            dry_run: Report without a single change or file.
            backup_dir: Where backups go (default ``./rootctl-backups``).
            journal: An append-only JSON-lines record of every change (``0600``).
            progress: As for :meth:`audit`.

        Raises:
            InvalidInputError: An invalid plan, or one made for another organization.
            FeatureNotEnabledError: RootSessions is off.
            JournalError: The journal could not be opened, is a symbolic link, or is
                not a journal of this plan.
        """

    def apply_unlock_async(
        self,
        plan: UnlockPlan,
        *,
        dry_run: bool = False,
        backup_dir: str | PathLike[str] | None = None,
        journal: str | PathLike[str] | None = None,
        progress: _Progress | None = None,
    ) -> Coroutine[Any, Any, UnlockReport]:
        """:meth:`apply_unlock`, as a coroutine."""

    def restore_unlock(
        self,
        backup: str | PathLike[str],
        *,
        force: bool = False,
        backup_dir: str | PathLike[str] | None = None,
    ) -> RestoreResult:
        """Puts the policy in a backup file (written by :meth:`apply_unlock`) back, exactly,
        and reads it back, as a compare-and-swap: it reads the live policy first and
        writes only if it is still what the unlock left (no policy, or the surgical
        policy). A policy changed since is not overwritten: the result's ``outcome`` is
        ``"refused"``, its ``error`` a :class:`PolicyChangedError` with both texts, and
        nothing is written. Without ``force`` the backup must have its receipt
        (``<backup>.applied``), which :meth:`apply_unlock` writes once the change is
        made: a backup of a change that was never made (the policy was found gone or
        changed) must not put a lock back over someone else's fix. Both unlock task
        policies allow writing a policy; an SCP, a resource that is gone, or RootSessions
        off can stop it, and the result says which. Restoring a locking policy locks the
        resource again.

        Args:
            backup: The backup file.
            force: Restore over whatever is there: the live policy is first backed up to
                a file of its own (``0600``, the same format; ``replaced_backup`` names
                it), then replaced. Also needed for backups written by an older rootctl,
                which do not record what the unlock left, and for backups without a
                receipt.
            backup_dir: Where that backup goes (default: the backup's own folder).

        Raises:
            InvalidInputError: The file is not a backup, or was edited (its integrity
                hash covers the resource and the policies); a backup from an older
                rootctl, or one without the receipt of its change, without ``force``.
            FeatureNotEnabledError: RootSessions is off.
        """

    def restore_unlock_async(
        self,
        backup: str | PathLike[str],
        *,
        force: bool = False,
        backup_dir: str | PathLike[str] | None = None,
    ) -> Coroutine[Any, Any, RestoreResult]:
        """:meth:`restore_unlock`, as a coroutine."""

def credential_kinds(kinds: str | Iterable[str]) -> list[str]:
    """The credential kinds named by ``kinds`` (singular or plural names, one string or
    many), checked and normalized: plural names, in removal order, each once. What
    :meth:`Rootctl.plan_removal` accepts, for checking a command line before an audit.

    Raises:
        InvalidInputError: A name that is not a credential kind.
    """

def handle_event(
    event: Mapping[str, Any] | str,
    policy: EnforcementPolicy,
    *,
    client: Rootctl | None = None,
    dry_run: bool = False,
) -> EnforcementReport | None:
    """:meth:`Rootctl.handle_event` with ``client``, by default a client built by
    :meth:`Rootctl.from_env` (the region from the environment, as in AWS Lambda): the
    body of an EventBridge-triggered Lambda function (``docs/deploy/``)."""
