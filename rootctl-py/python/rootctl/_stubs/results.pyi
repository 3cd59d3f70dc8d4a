"""Results: plans, reports and the records in them (see the conventions in
``rootctl._rootctl``)."""

from datetime import datetime
from typing import Any, ClassVar, final

from rootctl._stubs.exceptions import *

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
