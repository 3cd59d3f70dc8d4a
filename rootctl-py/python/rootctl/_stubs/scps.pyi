"""What ``check_scps`` reports: per account and task, whether the service control
policies (and resource control policies) on the account's path let a root session work."""

from typing import Any, final

from rootctl._stubs.exceptions import *
from rootctl._stubs.results import *
from rootctl._stubs.results import _AccountInOu, _Record

# ------------------------------------------------------------------------------ scps

@final
class ScpReport(_Record):
    """What :meth:`Rootctl.check_scps` predicted; ``str()`` gives the counts per task,
    then each account with a blocked or unknown task, its findings and their fixes.

    Every selected account appears once in ``accounts``; accounts not targeted are in
    ``skipped``. Nothing was assumed and nothing changed: the prediction reads only the
    policies (``ListRoots``, ``ListPoliciesForTarget``, ``DescribePolicy``).
    """

    @property
    def organization_id(self) -> str:
        """The organization id."""
    @property
    def tasks(self) -> list[str]:
        """The tasks judged: ``"audit"``, ``"delete"``, ``"recover"``, ``"unlock_s3"``,
        ``"unlock_sqs"``."""
    @property
    def policy_types(self) -> list[str]:
        """The policy types read: ``"SERVICE_CONTROL_POLICY"``, and
        ``"RESOURCE_CONTROL_POLICY"`` when the organization has it enabled."""
    @property
    def caller(self) -> CallerScps | None:
        """Who calls ``sts:AssumeRoot`` for the root sessions, and whether SCPs restrict
        it (``None`` in reports written before rootctl judged the caller's side)."""
    @property
    def accounts(self) -> list[AccountScps]:
        """One entry per selected account, by account id."""
    @property
    def skipped(self) -> list[SkippedAccount]:
        """Accounts not targeted, with the reason."""
    @property
    def policies_read(self) -> int:
        """How many policy documents were read (each once per run, however many
        accounts share it)."""
    @property
    def ok(self) -> bool:
        """True when no task of any account is ``"blocked"``."""
    @property
    def summary(self) -> dict[str, dict[str, int]]:
        """Per task, how many accounts are ``"allowed"``, ``"blocked"`` and
        ``"unknown"``."""
    def account(self, account_id: str) -> AccountScps | None:
        """The verdicts of one account, if it was selected.

        Raises:
            InvalidInputError: ``account_id`` is not a 12-digit account id.
        """
    def blocked(self, task: str) -> list[str]:
        """The accounts whose ``task`` is predicted ``"blocked"``.

        Raises:
            InvalidInputError: ``task`` is not one of the five tasks.
        """
    @staticmethod
    def from_json(text: str | bytes) -> ScpReport:
        """Reads a report :meth:`to_json` wrote; InvalidInputError for any other text."""

@final
class AccountScps(_AccountInOu):
    """One account's verdicts and the findings behind them."""

    @property
    def path(self) -> list[str]:
        """The targets whose policies apply, root first: ``r-...``, each ``ou-...``,
        then the account id."""
    @property
    def verdicts(self) -> dict[str, str]:
        """Per task (``"audit"``, ``"delete"``, ``"recover"``, ``"unlock_s3"``,
        ``"unlock_sqs"``): ``"allowed"`` (no policy stops it), ``"blocked"`` (a policy
        surely does: the findings say which) or ``"unknown"`` (a condition cannot be
        decided before the call: the findings say which)."""
    @property
    def findings(self) -> list[ScpFinding]:
        """Why a task is blocked or unknown: one per statement (or per level that allows
        nothing), naming every task and action it affects."""

@final
class ScpFinding(_Record):
    """One reason a task is blocked or unknown, and how to fix it."""

    @property
    def side(self) -> str:
        """Which call it is about: ``"member"`` (a call the root session makes in the
        account, judged by the policies on the account's path) or ``"caller"`` (the
        ``sts:AssumeRoot`` the caller makes to start the session, judged by the SCPs on
        the caller account's path; a block there blocks the task in every account)."""
    @property
    def tasks(self) -> list[str]:
        """The tasks it affects."""
    @property
    def actions(self) -> list[str]:
        """The actions it affects, e.g. ``["iam:GetAccountSummary", ...]``."""
    @property
    def verdict(self) -> str:
        """``"blocked"`` (it surely stops the actions) or ``"unknown"``."""
    @property
    def policy_type(self) -> str:
        """``"SERVICE_CONTROL_POLICY"`` or ``"RESOURCE_CONTROL_POLICY"``."""
    @property
    def policy_id(self) -> str | None:
        """The policy, e.g. ``"p-abcd1234"``; ``None`` when no policy at the target
        allows the actions (an allow-list without them)."""
    @property
    def policy_name(self) -> str | None:
        """The policy's name."""
    @property
    def target_id(self) -> str:
        """Where the policy is attached: the root, an OU or the account."""
    @property
    def sid(self) -> str | None:
        """The statement's ``Sid``, if it has one."""
    @property
    def statement(self) -> str | None:
        """The statement, as JSON text; ``None`` when nothing allows the actions."""
    @property
    def reason(self) -> str:
        """Why, for a human: which condition held, or could not be decided."""
    @property
    def fix(self) -> str | None:
        """JSON text of the statement to put in its place: for a Deny, the same statement
        with the ``aws:AssumedRoot`` exemption (``"Null": {"aws:AssumedRoot": "true"}``),
        so it still denies the root user signing in with a password; on the caller's side,
        the same statement exempting the caller (``"StringNotLike": {"aws:userid":
        ["AROA...:*"]}``); for an SCP level that allows nothing, an Allow of the blocked
        actions (never for an RCP, which can only deny); ``None`` when the only question is
        whether an Allow applies (rootctl does not rewrite allows)."""

@final
class CallerScps(_Record):
    """The caller's side of :meth:`Rootctl.check_scps`: the principal that calls
    ``sts:AssumeRoot``. SCPs restrict every principal of a member account, a delegated
    administrator's included; only the management account is exempt."""

    @property
    def account_id(self) -> str:
        """The caller's account."""
    @property
    def arn(self) -> str:
        """The caller's ARN, as ``sts:GetCallerIdentity`` answered."""
    @property
    def management_account(self) -> bool:
        """True for the management account, which no SCP restricts."""
    @property
    def path(self) -> list[str]:
        """The targets whose SCPs were judged for the caller, root first (``r-...``,
        each ``ou-...``, the caller's account); empty for the management account."""
    @property
    def note(self) -> str:
        """What was judged, for a human."""

def judged_calls(partition: str = "aws") -> list[dict[str, Any]]:
    """Every call :meth:`Rootctl.check_scps` judges for the five tasks, written as AWS's
    Service Authorization Reference writes them, for checking rootctl against it.

    Each entry: ``task`` (``"audit"``, ...), ``side`` (``"member"``: a call the root
    session makes; ``"caller"``: the caller's ``sts:AssumeRoot``), ``action`` (e.g.
    ``"iam:GetAccountSummary"``), ``resource`` (the ARN form the call is judged on, with
    the reference's placeholders, e.g. ``"arn:aws:iam::${Account}:root"``, or ``"*"`` for
    an action without resource-level permissions) and ``condition_keys`` (the
    service-specific condition keys rootctl's request context sets, e.g.
    ``["sts:TaskPolicyArn"]``).

    Raises:
        InvalidInputError: ``partition`` is not a partition name (``"aws"``,
            ``"aws-cn"``, ``"aws-us-gov"``, ...).
    """

def least_privilege_policy(intent: str, partition: str = "aws") -> str:
    """The least-privilege IAM policy (JSON text) for the principal that runs rootctl
    for ``intent`` (``"audit"``, ``"remove"``, ``"recover"``, ``"enable"``,
    ``"disable"`` or ``"unlock"``), every ARN in ``partition``.

    Raises:
        InvalidInputError: An unknown intent or partition.
    """
