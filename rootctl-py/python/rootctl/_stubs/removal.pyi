"""Removal plans and reports, and password recovery."""

from datetime import datetime
from typing import ClassVar, final

from rootctl._stubs.audit import *
from rootctl._stubs.exceptions import *
from rootctl._stubs.results import *
from rootctl._stubs.results import _AccountInOu, _AccountRecord, _Plan, _Record, _Run

# --------------------------------------------------------------------------- removal

@final
class RemovalPlan(_Plan):
    """The exact root credentials to remove: made by :meth:`Rootctl.plan_removal`,
    reviewed (``str()`` lists it; ``to_json()`` is the file to review and keep), then
    applied by :meth:`Rootctl.apply_removal`, which removes these items and nothing else.
    """

    @property
    def plan_id(self) -> str:
        """A unique id; an apply's journal is tied to it."""
    @property
    def management_account_id(self) -> str:
        """That organization's management account."""
    @property
    def caller(self) -> CallerIdentity:
        """Who ran the audit the plan was made from."""
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

@final
class AccountRemovalPlan(_AccountInOu):
    """What a plan removes in one account, in removal order."""

    @property
    def items(self) -> list[RemovalItem]:
        """The credentials to remove: password, access keys, certificates, MFA devices."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class RemovalItem(_Record):
    """One credential: its kind and id. Hashable."""

    @property
    def kind(self) -> str:
        """``"password"``, ``"access_key"``, ``"signing_certificate"`` or ``"mfa_device"``."""
    @property
    def id(self) -> str | None:
        """The access key id, certificate id or MFA serial; ``None`` for the password."""
    @property
    def created(self) -> datetime | None:
        """For the password, which has no id, its creation date: it identifies the
        password (one created again has another, and is drift). ``None`` for the rest."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class NotPlanned(_AccountRecord):
    """An account a plan leaves alone, and why."""

    @property
    def reason(self) -> str:
        """Why, for a human: the audit failed (with the error), or the account was not
        targeted (with the reason)."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class RemovalReport(_Run):
    """What :meth:`Rootctl.apply_removal` did; ``str()`` lists every item's outcome."""

    @property
    def plan_id(self) -> str:
        """The plan applied."""
    @property
    def dry_run(self) -> bool:
        """Whether this was a dry run."""
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
    def notes(self) -> list[str]:
        """What the run noticed and repaired on its way (a torn journal line cut off)."""
    @property
    def summary(self) -> RemovalSummary:
        """Counts."""
    @property
    def ok(self) -> bool:
        """True when nothing failed, was skipped or interrupted, and the verification
        read every account with planned items and found no planned credential still
        present. An account the verification could not read (:attr:`unverified`) makes
        it False: its removals are unconfirmed."""
    @property
    def remaining(self) -> list[tuple[str, RemovalItem]]:
        """Planned items the verification still found, as (account id, item)."""
    @property
    def unverified(self) -> list[str]:
        """Accounts with planned items that the verification could not read (their
        audit failed), by id: :attr:`remaining` cannot speak for them. Empty without a
        verification (a dry run, ``verify=False``)."""
    @staticmethod
    def from_json(text: str | bytes) -> RemovalReport:
        """Reads a report :meth:`to_json` wrote; InvalidInputError for any other text."""

@final
class AccountRemoval(_AccountRecord):
    """One account's part of a removal."""

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

@final
class ItemResult(_Record):
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
        :attr:`reason`), ``"would_remove"`` (dry run) or ``"interrupted"`` (the removal
        was sent but the account's work stopped before its answer: the verification
        says whether it is gone)."""
    @property
    def error(self) -> RootctlError | None:
        """Why the removal failed, or what interrupted it."""
    @property
    def reason(self) -> str | None:
        """Why the item was skipped (an MFA device kept because the password stays, the
        account not ACTIVE any more, or the account's work stopped before it)."""

@final
class RemovalSummary(_Record):
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
    def interrupted(self) -> int:
        """Items whose removal was in flight when the account's work stopped."""
    @property
    def drift(self) -> int:
        """Unplanned credentials found."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

# -------------------------------------------------------------------------- recovery

@final
class RecoveryReport(_Record):
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
        """Reads a report :meth:`to_json` wrote; InvalidInputError for any other text."""

@final
class AccountRecovery(_AccountRecord):
    """One account's password-recovery result."""

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
