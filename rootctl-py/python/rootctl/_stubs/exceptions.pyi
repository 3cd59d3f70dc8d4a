"""The exception tree: :class:`RootctlError` and one subclass per condition."""

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
    """The AWS service called: ``"organizations"``, ``"iam"``, ``"sts"``, ``"s3"`` or
    ``"sqs"``."""
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

class PolicyChangedError(RootctlError):
    """A bucket or queue policy is not what rootctl left there: it was changed since, so
    rootctl wrote nothing. :meth:`Rootctl.restore_unlock` reports it (as
    ``RestoreResult.error``, outcome ``"refused"``) when the live policy is no longer
    what the unlock left; ``force=True`` backs the live policy up, then replaces it."""

    live_policy: str | None
    """The policy there now (None: no policy)."""
    expected_policy: str | None
    """What the unlock left, which the restore expected to find (None: no policy)."""
