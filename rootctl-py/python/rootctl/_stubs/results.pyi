"""Results of the setup operations: progress events, the prerequisite report, enable
and disable plans and reports, and account selection (see the conventions in
``rootctl._rootctl``)."""

from datetime import datetime
from typing import Any, ClassVar, final

from rootctl._stubs.exceptions import *
from rootctl._stubs.scps import ScpReport

# ---------------------------------------------------------------------- stub-only bases

class _Record:
    """What every result class has (stub only: at run time each class defines them)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: ``json.loads(self.to_json())``."""
    def to_json(self, indent: int | None = 2) -> str:
        """JSON text, indented by ``indent`` spaces (compact for None)."""

class _Plan(_Record):
    """What every plan records about itself: made for one organization, applied only
    there (stub only)."""

    @property
    def format_version(self) -> int:
        """The plan's format version (1)."""
    @property
    def organization_id(self) -> str:
        """The organization the plan is for; applying it elsewhere is refused."""
    @property
    def created_at(self) -> datetime:
        """When the plan was made."""

class _Run(_Record):
    """What every report of a run over an organization's accounts records about the run
    (stub only)."""

    @property
    def organization_id(self) -> str:
        """The organization id."""
    @property
    def started_at(self) -> datetime:
        """When the run started."""
    @property
    def finished_at(self) -> datetime:
        """When it finished."""

class _AccountRecord(_Record):
    """What every record of one member account has (stub only)."""

    @property
    def account_id(self) -> str:
        """The account id."""
    @property
    def name(self) -> str:
        """The account name."""

class _AccountInOu(_AccountRecord):
    """An account record that also says where in the organization the account is (stub
    only)."""

    @property
    def ou_path(self) -> str:
        """Names from the root to the account's OU, e.g. ``"Root/Workloads/Prod"``."""

# -------------------------------------------------------------------------- progress

@final
class ProgressEvent(_Record):
    """One progress event, as a ``progress`` callback receives it."""

    @property
    def kind(self) -> str:
        """``"account_started"``, ``"account_finished"``, ``"account_failed"``,
        ``"retried"``, ``"session_renewed"``, ``"item_removed"``, ``"item_failed"`` or
        ``"limit_changed"`` (the adaptive concurrency or AssumeRoot pace moved; the
        detail says which, and to what)."""
    @property
    def account_id(self) -> str | None:
        """The account the event is about."""
    @property
    def detail(self) -> str:
        """What happened, for a human (empty for started and finished events)."""
    @property
    def concurrency(self) -> int | None:
        """How many accounts could be in flight when the event was made (the adaptive
        limit in force, or the fixed one); ``None`` outside the work on accounts."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

# ------------------------------------------------------------ prerequisites, features

@final
class CallerIdentity(_Record):
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

@final
class OrgFeatures(_Record):
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

@final
class PrerequisiteReport(_Record):
    """What :meth:`Rootctl.check_prerequisites` found; ``str()`` is a table of checks."""

    @property
    def ok(self) -> bool:
        """True when no check failed (warnings and skips allowed)."""
    @property
    def checks(self) -> list[Check]:
        """Every check, in the order they ran: ``organization``, ``all_features``,
        ``caller``, ``trusted_access``, ``root_credentials_management``,
        ``root_sessions``, ``delegated_admin``, ``regional_sts``, ``account_regions``, ``probe``,
        ``scps``."""
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
    def scps(self) -> ScpReport | None:
        """The SCP pre-flight of every member, when asked for with ``scps=True`` and the
        policies could be read."""
    @property
    def features(self) -> OrgFeatures | None:
        """Trusted access and both features, if they could be read."""
    @property
    def policies(self) -> dict[str, dict[str, Any]]:
        """The least-privilege IAM policy document for each intent (``audit``,
        ``remove``, ``recover``, ``enable``, ``disable``, ``unlock``), to attach to the role that
        runs rootctl."""
    @staticmethod
    def from_json(text: str | bytes) -> PrerequisiteReport:
        """Reads a report :meth:`to_json` wrote; InvalidInputError for any other text."""

@final
class Check(_Record):
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

@final
class ChangeStep(_Record):
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

@final
class StepResult(_Record):
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

class _ChangePlan(_Record):
    """What :class:`EnablePlan` and :class:`DisablePlan` have (stub only)."""

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

class _ChangeReport(_Record):
    """What :class:`EnableReport` and :class:`DisableReport` have (stub only)."""

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

@final
class EnablePlan(_ChangePlan):
    """What :meth:`Rootctl.enable` would do; ``str()`` lists the steps."""

    @staticmethod
    def from_json(text: str | bytes) -> EnablePlan:
        """Reads a plan :meth:`to_json` wrote; InvalidInputError for any other text."""

@final
class EnableReport(_ChangeReport):
    """What :meth:`Rootctl.enable` did; ``str()`` lists the steps and the state after."""

    @staticmethod
    def from_json(text: str | bytes) -> EnableReport:
        """Reads a report :meth:`to_json` wrote; InvalidInputError for any other text."""

@final
class DisablePlan(_ChangePlan):
    """What :meth:`Rootctl.disable` would do; ``str()`` lists the steps."""

    @staticmethod
    def from_json(text: str | bytes) -> DisablePlan:
        """Reads a plan :meth:`to_json` wrote; InvalidInputError for any other text."""

@final
class DisableReport(_ChangeReport):
    """What :meth:`Rootctl.disable` did; ``str()`` lists the steps and the state after."""

    @staticmethod
    def from_json(text: str | bytes) -> DisableReport:
        """Reads a report :meth:`to_json` wrote; InvalidInputError for any other text."""

# ------------------------------------------------------------------------- selection

@final
class SelectedAccounts(_Record):
    """What :meth:`Rootctl.select_accounts` resolved: the targets and every other account.
    ``len()`` is the number of targets. (Named ``Selection`` before 0.2; that name stays as
    an alias.)"""

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
    def from_json(text: str | bytes) -> SelectedAccounts:
        """Reads a selection :meth:`to_json` wrote; InvalidInputError for any other text."""

Selection = SelectedAccounts
"""Deprecated: the old name of :class:`SelectedAccounts` (in Rust, ``Selection`` is the
criteria a selection is made from)."""

@final
class Account(_AccountInOu):
    """A targeted member account."""

    @property
    def email(self) -> str:
        """The root user's email address."""
    @property
    def state(self) -> str:
        """Always ``"ACTIVE"`` for a target."""
    @property
    def tags(self) -> dict[str, str] | None:
        """The account's tags, when the selection filtered on tags (``None`` otherwise:
        reading them costs one call per account)."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SkippedAccount(_AccountRecord):
    """An account an operation left out, and why."""

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
