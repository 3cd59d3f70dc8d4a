"""What ``audit`` reports: per-account inventories of root credentials."""

from datetime import datetime
from typing import Any, ClassVar, final

from rootctl._stubs.exceptions import *
from rootctl._stubs.results import *
from rootctl._stubs.results import _AccountInOu, _Record, _Run
from rootctl._stubs.scps import AccountScps

# ----------------------------------------------------------------------------- audit

@final
class AuditReport(_Run):
    """What :meth:`Rootctl.audit` found; ``str()`` is a table, one row per account.

    Every account of the organization appears once: in ``accounts`` (audited or failed)
    or in ``skipped``.
    """

    @property
    def management_account_id(self) -> str:
        """The management account."""
    @property
    def caller(self) -> CallerIdentity:
        """Who ran the audit."""
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
    @property
    def region(self) -> str | None:
        """The AWS region the client used, when known: where :meth:`to_asff` sends the
        findings unless told otherwise."""
    def account(self, account_id: str) -> AccountAudit | None:
        """The audit of one account, if it was targeted."""
    def to_asff(self, region: str | None = None) -> list[dict[str, Any]]:
        """The findings in the AWS Security Finding Format, for Security Hub's
        ``BatchImportFindings`` (at most 100 per call). One per audited account and
        credential kind, passes included (a failed audit is ``NOT_AVAILABLE``, never a
        pass), and with the SCP pre-flight one per account and task, under stable ids
        (``rootctl/<organization>/<account>/root-credentials/<kind>``,
        ``.../scp/<task>``): a re-import updates a finding rather than adding one.
        ``ProductArn`` is the default product of the caller's account in ``region``
        (default: :attr:`region`); ``AwsAccountId`` is the caller's account, which
        imports them; the member account is the resource. See docs/findings.md.

        Raises:
            InvalidInputError: No region given and the report records none, a region
                outside the partitions ASFF names (``aws``, ``aws-cn``, ``aws-us-gov``),
                or a report that lists an account twice.
        """
    def to_ocsf(self) -> list[dict[str, Any]]:
        """The same findings as OCSF 1.5.0 Compliance Findings (``class_uid`` 2003),
        for a SIEM or an Amazon Security Lake custom source, with the same ids as
        ``finding_info.uid``. See docs/findings.md."""
    @staticmethod
    def from_json(text: str | bytes) -> AuditReport:
        """Reads a report written by :meth:`to_json` (e.g. to plan from a saved audit).
        A report that lists an account twice (audited or skipped) is refused with
        :class:`InvalidInputError`.

        Raises:
            InvalidInputError: The text is not such a report.
        """

@final
class AccountAudit(_AccountInOu):
    """One account's audit: its inventory, or the error that stopped it."""

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
    def scp(self) -> AccountScps | None:
        """With the client's ``scp_preflight`` on: the SCP pre-flight's verdicts for the
        ``audit`` and ``delete`` tasks and the findings behind them, found before the
        account's session started; ``None`` otherwise."""
    @property
    def error(self) -> RootctlError | None:
        """Why the audit of this account failed: an instance of the same
        :class:`RootctlError` subclass the failing call would raise."""

@final
class AuditSummary(_Record):
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

@final
class AccountSummary(_Record):
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

# ----------------------------------------------------------------------- credentials

@final
class RootCredentials(_Record):
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

@final
class LoginProfile(_Record):
    """The root user's console password (its IAM login profile)."""

    @property
    def created(self) -> datetime:
        """When the password was set."""
    @property
    def password_reset_required(self) -> bool:
        """Whether a reset is required at next sign-in."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class AccessKey(_Record):
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

@final
class AccessKeyLastUsed(_Record):
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

@final
class SigningCertificate(_Record):
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

@final
class MfaDevice(_Record):
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
