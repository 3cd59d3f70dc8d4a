"""Continuous enforcement: the declared policy and what ``enforce`` reports."""

from os import PathLike
from pathlib import Path
from typing import Any, final

from rootctl._stubs.exceptions import *
from rootctl._stubs.removal import *
from rootctl._stubs.results import *
from rootctl._stubs.results import _AccountRecord, _Run

# ------------------------------------------------------------------------------ policy

@final
class EnforcementPolicy:
    """What :meth:`Rootctl.enforce` keeps true: the credential kinds no selected account
    may hold, the selection, exceptions, the journal directory and the plan age.

    Read from a TOML or JSON file (:meth:`from_file`) or a dict (:meth:`from_dict`, or
    keyword arguments to the constructor), with the same keys: ``kinds`` (default all
    four), ``accounts``, ``ous``, ``tags``, ``exclude_accounts``, ``exclude_ous``,
    ``exclude_tags`` (as in :meth:`Rootctl.select_accounts`; leave a key out, or pass
    ``None``, for no such filter: an empty list is refused, never read as "every
    account"), ``exceptions`` (a list of ``{account, reason, keep, expires}``: ``keep``
    the kinds that account may hold, ``expires`` an optional ``YYYY-MM-DD`` date from
    which the exception no longer applies), ``journal`` (a directory: each run that
    removes something writes its own journal there, and a run that may change something
    holds ``enforce.lock`` there) and ``max_plan_age_hours`` (default 24).

    Every key and value is checked at once, before any AWS call: an unknown key or a bad
    value raises :class:`InvalidInputError` naming the key (``exceptions[1].expires``).
    Each exception's account is checked against the organization when a run starts.

    >>> policy = EnforcementPolicy.from_dict({"kinds": ["password", "access_keys"]})
    >>> policy.kinds
    ['password', 'access_keys']
    """

    def __init__(self, **keys: Any) -> None:
        """A policy from keyword arguments (the file's keys); no argument for the
        default: all four kinds forbidden in every ACTIVE member account."""
    @staticmethod
    def from_file(path: str | PathLike[str]) -> EnforcementPolicy:
        """Reads a policy file: TOML for ``.toml``, JSON for ``.json``, otherwise JSON
        when the text starts with ``{``.

        Raises:
            InvalidInputError: The file cannot be read, or a key or value is wrong.
        """
    @staticmethod
    def from_dict(keys: dict[str, Any]) -> EnforcementPolicy:
        """A policy from a dict with the file's keys.

        Raises:
            InvalidInputError: A key is unknown or a value is wrong (the key is named).
        """
    @property
    def kinds(self) -> list[str]:
        """The forbidden kinds, plural names in removal order."""
    @property
    def digest(self) -> str:
        """``sha256:`` and the hex SHA-256 of the policy's canonical JSON: the same
        policy, however written, has the same digest. Reports record it."""
    @property
    def journal(self) -> Path | None:
        """The journal directory, if any."""
    @property
    def max_plan_age_hours(self) -> float | None:
        """How old the run's plan may be when applied."""
    def to_dict(self) -> dict[str, Any]:
        """Every key of the policy, defaults filled in (a selection list not given is
        ``None``); :meth:`from_dict` reads it back."""
    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""

# ------------------------------------------------------------------------------ report

@final
class EnforcementReport(_Run):
    """What one :meth:`Rootctl.enforce` (or :meth:`Rootctl.handle_event`) found and did:
    evidence for an auditor. ``str()`` is a table; :meth:`to_markdown` a summary;
    :meth:`to_json` everything (organization, caller, policy and its digest, times,
    every account's credentials before and after, exceptions)."""

    @property
    def compliant(self) -> bool:
        """True when every targeted account is compliant, remediated or excepted."""
    @property
    def exit_code(self) -> int:
        """The check mode's exit status: 1 when an account holds a credential the
        policy forbids, otherwise 3 when an account could not be checked, otherwise 0."""
    @property
    def policy_digest(self) -> str:
        """The digest of the policy enforced (:attr:`EnforcementPolicy.digest`)."""
    @property
    def dry_run(self) -> bool:
        """Whether this was a dry run (nothing was changed)."""
    @property
    def plan_id(self) -> str | None:
        """The id of :attr:`plan`, when there was anything to remove."""
    @property
    def plan(self) -> RemovalPlan | None:
        """The removal plan this run applied or, for a dry run, the exact plan it would
        apply: what :meth:`Rootctl.apply_enforcement` applies, and nothing else. ``None``
        when nothing was (or would be) removed. Credential ids only, never a secret."""
    @property
    def journal(self) -> Path | None:
        """The journal this run wrote, if any."""
    @property
    def trigger(self) -> dict[str, Any] | None:
        """For event-driven runs, the event: ``event_name``, ``account_id``,
        ``event_id``, ``event_time``."""
    @property
    def accounts(self) -> list[AccountEnforcement]:
        """One entry per targeted account, by account id."""
    @property
    def skipped(self) -> list[SkippedAccount]:
        """Accounts not targeted, with the reason."""
    @property
    def exceptions(self) -> list[dict[str, Any]]:
        """Every exception of the policy as this run saw it: ``account_id``,
        ``reason``, ``keep``, ``expires``, ``expired``, ``in_scope``."""
    @property
    def summary(self) -> dict[str, int]:
        """Counts: ``accounts``, ``compliant``, ``remediated``, ``non_compliant``,
        ``excepted``, ``failed``, ``skipped``, ``removed``."""
    @property
    def region(self) -> str | None:
        """The AWS region the client used, when known: where :meth:`to_asff` sends the
        findings unless told otherwise."""
    def to_asff(self, region: str | None = None) -> list[dict[str, Any]]:
        """The findings in the AWS Security Finding Format, for Security Hub's
        ``BatchImportFindings`` (at most 100 per call). One per targeted account and
        credential kind, from the run's outcome: removed and compliant kinds pass, a
        kind kept under an exception passes at ``INFORMATIONAL`` (naming its reason and
        expiry), what remains fails, a failed account is ``NOT_AVAILABLE``. The ids are
        the audit's (``rootctl/<organization>/<account>/root-credentials/<kind>``): the
        latest import wins. ``ProductArn`` is the default product of the caller's
        account in ``region`` (default: :attr:`region`); ``AwsAccountId`` is the
        caller's account, which imports them. See docs/findings.md.

        Raises:
            InvalidInputError: No region given and the report records none, or a
                region outside the partitions ASFF names (``aws``, ``aws-cn``,
                ``aws-us-gov``).
        """
    def to_ocsf(self) -> list[dict[str, Any]]:
        """The same findings as OCSF 1.5.0 Compliance Findings (``class_uid`` 2003),
        for a SIEM or an Amazon Security Lake custom source, with the same ids as
        ``finding_info.uid``. See docs/findings.md."""
    def to_markdown(self) -> str:
        """A Markdown summary an auditor can read: verdict, who ran which policy when,
        counts, every account with its status, and the exceptions."""
    @staticmethod
    def from_json(text: str | bytes) -> EnforcementReport:
        """Reads a report :meth:`to_json` wrote; InvalidInputError for any other text."""

@final
class AccountEnforcement(_AccountRecord):
    """One targeted account's part of an enforcement."""

    @property
    def status(self) -> str:
        """``compliant`` (nothing forbidden, nothing done), ``remediated`` (forbidden
        credentials removed and verified gone), ``non_compliant`` (still holds some: see
        :attr:`remaining` and :attr:`reasons`), ``excepted`` (an exception in force, and
        it holds only what the exception allows) or ``failed`` (could not be audited or
        worked on: see :attr:`error`)."""
    @property
    def before(self) -> list[RemovalItem] | None:
        """Its root credentials when the run started; ``None`` if not audited."""
    @property
    def after(self) -> list[RemovalItem] | None:
        """Its root credentials when the run ended; ``None`` if not known."""
    @property
    def removed(self) -> list[RemovalItem]:
        """What this run removed."""
    @property
    def remaining(self) -> list[RemovalItem]:
        """Credentials the policy forbids that it still holds."""
    @property
    def reasons(self) -> list[str]:
        """Why it is not compliant or failed, and notes (an expired exception)."""
    @property
    def exception(self) -> dict[str, Any] | None:
        """Its exception (in force or expired), as in :attr:`EnforcementReport.exceptions`."""
    @property
    def error(self) -> RootctlError | None:
        """What stopped the run for this account, when ``failed``."""
