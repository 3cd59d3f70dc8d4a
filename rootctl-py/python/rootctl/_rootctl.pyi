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

from rootctl._stubs.audit import *
from rootctl._stubs.client import *
from rootctl._stubs.enforce import *
from rootctl._stubs.exceptions import *
from rootctl._stubs.removal import *
from rootctl._stubs.results import *
from rootctl._stubs.scps import *
from rootctl._stubs.sim import *
from rootctl._stubs.unlock import *

CREDENTIAL_KINDS: tuple[str, ...]
"""The root credential kinds, in removal order (MFA last): the names ``kinds`` arguments
take (``"password"``, ``"access_keys"``, ``"signing_certificates"``, ``"mfa_devices"``)."""

EVENT_NAMES: tuple[str, ...]
"""The CloudTrail event names :meth:`Rootctl.handle_event` acts on: the Organizations
membership events and the root user's credential calls and sign-in
(``docs/enforcement.md#events``)."""

ROOT_TASKS: tuple[str, ...]
"""The root tasks, one per AWS task policy: the names :meth:`Rootctl.check_scps`'s
``tasks`` take (``"audit"``, ``"delete"``, ``"recover"``, ``"unlock_s3"``,
``"unlock_sqs"``)."""

__all__ = [
    "CREDENTIAL_KINDS",
    "EVENT_NAMES",
    "ROOT_TASKS",
    "AccessDeniedError",
    "AccessKey",
    "AccessKeyLastUsed",
    "Account",
    "AccountAudit",
    "AccountEnforcement",
    "AccountRecovery",
    "AccountRemoval",
    "AccountRemovalPlan",
    "AccountScps",
    "AccountSearch",
    "AccountSummary",
    "AccountTimeoutError",
    "AlreadyExistsError",
    "AuditReport",
    "AuditSummary",
    "AwsError",
    "CallRecord",
    "CallerIdentity",
    "CallerScps",
    "ChangeStep",
    "Check",
    "ConfigError",
    "ConflictError",
    "DisablePlan",
    "DisableReport",
    "EnablePlan",
    "EnableReport",
    "EnforcementPolicy",
    "EnforcementReport",
    "FeatureNotEnabledError",
    "InvalidInputError",
    "ItemResult",
    "JournalError",
    "LockedResource",
    "LockedResourceReport",
    "LoginProfile",
    "Member",
    "MfaDevice",
    "NotAllFeaturesError",
    "NotFoundError",
    "NotManagementAccountError",
    "NotPlanned",
    "OrgFeatures",
    "OrganizationNotFoundError",
    "PolicyChangedError",
    "PrerequisiteReport",
    "ProgressEvent",
    "RecoveryReport",
    "RegionDisabledError",
    "RemovalItem",
    "RemovalPlan",
    "RemovalReport",
    "RemovalSummary",
    "RestoreResult",
    "RootCredentials",
    "Rootctl",
    "RootctlError",
    "ScpFinding",
    "ScpReport",
    "SelectedAccounts",
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
    "UnlockItem",
    "UnlockPlan",
    "UnlockReport",
    "UnlockResult",
    "__version__",
    "credential_kinds",
    "handle_event",
    "judged_calls",
    "least_privilege_policy",
]

__version__: str
"""The version of the rootctl package (and of the Rust core it was built with)."""
