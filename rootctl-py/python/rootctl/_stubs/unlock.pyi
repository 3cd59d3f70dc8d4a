"""Unlocking S3 bucket and SQS queue policies that deny everyone."""

from typing import ClassVar, final

from rootctl._stubs.exceptions import *
from rootctl._stubs.results import *
from rootctl._stubs.results import _AccountRecord, _Plan, _Record, _Run

class _Resource(_Record):
    """Which bucket or queue a record is about: the address every unlock record carries
    (stub only)."""

    @property
    def account_id(self) -> str:
        """The member account."""
    @property
    def service(self) -> str:
        """``"s3"`` or ``"sqs"``."""
    @property
    def region(self) -> str:
        """The resource's region."""
    @property
    def name(self) -> str:
        """The bucket or queue name."""

@final
class LockedResourceReport(_Run):
    """Every bucket and queue policy of the searched accounts, judged: made by
    :meth:`Rootctl.find_locked_resources`, planned by :meth:`Rootctl.plan_unlock`."""

    @property
    def services(self) -> list[str]:
        """The services searched (``"s3"``, ``"sqs"``)."""
    @property
    def regions(self) -> list[str]:
        """Every region queues were listed in, in any account (each account's own are on
        :attr:`AccountSearch.regions`)."""
    @property
    def regions_source(self) -> str:
        """Where those regions came from: the caller, each account's enabled regions
        (``account:ListRegions``), or the client's region, with the reason it fell back."""
    @property
    def resources(self) -> list[LockedResource]:
        """Every bucket and queue found, with its verdict; nothing is dropped."""
    @property
    def accounts(self) -> list[AccountSearch]:
        """Every searched account, with the listings that failed in it."""
    @property
    def skipped(self) -> list[SkippedAccount]:
        """Accounts not searched, with the reason."""
    @property
    def ok(self) -> bool:
        """Whether every account and every policy could be read."""
    @staticmethod
    def from_json(text: str | bytes) -> LockedResourceReport:
        """Reads a report written by :meth:`to_json`.

        Raises:
            InvalidInputError: The text is not a find report.
        """

@final
class LockedResource(_Resource):
    """One bucket or queue and the verdict on its policy."""

    @property
    def queue_url(self) -> str | None:
        """The queue URL (SQS only)."""
    @property
    def locked(self) -> str:
        """``"locked"`` (a Deny to every principal of an action that reads or changes the
        policy, with no condition), ``"unknown"`` (a condition rootctl cannot evaluate)
        or ``"open"``."""
    @property
    def reason(self) -> str:
        """Why, naming the statement by Sid or index (``#0`` is the first)."""
    @property
    def policy(self) -> str | None:
        """The policy text as read (None: no policy, or it could not be read)."""
    @property
    def error(self) -> RootctlError | None:
        """Why the policy could not be read (then ``locked`` is ``"unknown"``)."""

@final
class AccountSearch(_AccountRecord):
    """One searched account: the regions its queues were listed in, and what could not be
    listed in it."""

    @property
    def regions(self) -> list[str]:
        """The regions its queues were listed in (empty when SQS was not searched)."""
    @property
    def regions_source(self) -> str:
        """Where those regions came from: ``account:ListRegions``, the caller, or the
        client's region when the account's regions could not be listed."""
    @property
    def errors(self) -> list[RootctlError]:
        """The listings that failed (its regions, a service, or one region of SQS)."""

@final
class UnlockPlan(_Plan):
    """The policies to unlock, each with its text when found (the backup) and that text's
    SHA-256: made by :meth:`Rootctl.plan_unlock`, reviewed, applied by
    :meth:`Rootctl.apply_unlock`."""

    @property
    def plan_id(self) -> str:
        """A unique id; backups are filed under it."""
    @property
    def mode(self) -> str:
        """``"delete"`` (the whole policy) or ``"surgical"`` (only the locking
        statements)."""
    @property
    def items(self) -> list[UnlockItem]:
        """The policies to unlock."""
    @staticmethod
    def from_json(text: str | bytes) -> UnlockPlan:
        """Reads a plan written by :meth:`to_json`, and checks it (format version, hashes,
        names, the management account never targeted).

        Raises:
            InvalidInputError: The text is not an unlock plan, or it is invalid.
        """
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class UnlockItem(_Resource):
    """One policy a plan unlocks."""

    @property
    def queue_url(self) -> str | None:
        """The queue URL (SQS only)."""
    @property
    def policy_before(self) -> str:
        """The policy text when found: the backup, and what apply expects to find."""
    @property
    def policy_before_sha256(self) -> str:
        """Its SHA-256; a live policy with another is drift."""
    @property
    def policy_after(self) -> str | None:
        """The policy written instead (surgical); None deletes the policy."""
    @property
    def reason(self) -> str:
        """Why it is locked."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class UnlockReport(_Record):
    """What :meth:`Rootctl.apply_unlock` did to every planned policy."""

    @property
    def plan_id(self) -> str:
        """The plan applied."""
    @property
    def organization_id(self) -> str:
        """The organization whose policies the plan unlocked."""
    @property
    def dry_run(self) -> bool:
        """Whether this was a dry run."""
    @property
    def items(self) -> list[UnlockResult]:
        """One result per planned policy, in plan order."""
    @property
    def notes(self) -> list[str]:
        """What the run noticed and repaired on its way: a torn last journal line cut
        off, an unreadable backup file (left by an interrupted run) moved aside."""
    @property
    def ok(self) -> bool:
        """Whether nothing failed or drifted."""
    @staticmethod
    def from_json(text: str | bytes) -> UnlockReport:
        """Reads a report saved with :meth:`to_json` (``rootctl unlock apply -o json``),
        e.g. for :meth:`Rootctl.report`."""

@final
class UnlockResult(_Resource):
    """One planned policy's outcome."""

    @property
    def outcome(self) -> str:
        """``"unlocked"``, ``"already_absent"``, ``"drift"`` (changed since the plan: left
        alone), ``"failed"`` or ``"would_unlock"`` (dry run)."""
    @property
    def backup_path(self) -> str | None:
        """The backup written (``0600``, synced) before the change."""
    @property
    def detail(self) -> str | None:
        """More about the outcome (for drift: what changed)."""
    @property
    def error(self) -> RootctlError | None:
        """The error, when it failed."""

@final
class RestoreResult(_Resource):
    """What :meth:`Rootctl.restore_unlock` did with one backup."""

    @property
    def outcome(self) -> str:
        """``"restored"``; ``"refused"`` (the policy was changed since the unlock: nothing
        written, ``error`` is a :class:`PolicyChangedError`); ``"write_failed"`` (nothing
        written); ``"written_unverified"`` (written, but it did not read back as the
        backup)."""
    @property
    def backup_path(self) -> str:
        """The backup restored."""
    @property
    def replaced(self) -> str | None:
        """The policy the restore wrote over (None: there was none, or nothing was
        written)."""
    @property
    def replaced_backup(self) -> str | None:
        """Where the policy the restore wrote over was backed up first (``force=True``,
        when the live policy was not what the unlock left)."""
    @property
    def detail(self) -> str | None:
        """What to know: why it was refused or failed (an SCP, a resource that is gone),
        and what to do."""
    @property
    def ok(self) -> bool:
        """Whether the policy is back."""
    @property
    def error(self) -> RootctlError | None:
        """The error, when it failed."""
