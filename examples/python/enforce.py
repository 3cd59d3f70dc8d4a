"""Enforce a root-credential policy: check, apply exactly what the check showed, then the
evidence.

python examples/python/enforce.py                          # on the simulator
python examples/python/enforce.py --aws --region us-east-1 --yes
"""

from __future__ import annotations

import sys

import rootctl
from _target import client


def main() -> int:
    rc, _, args = client(__doc__ or "")
    # One break-glass account may keep its password and MFA until the review date.
    members = [a.account_id for a in rc.select_accounts().targets]
    policy = rootctl.EnforcementPolicy.from_dict(
        {
            "exceptions": [
                {
                    "account": members[0],
                    "reason": "break-glass, hardware MFA in the safe",
                    "keep": ["password", "mfa_devices"],
                    "expires": "2099-12-31",
                }
            ]
        }
    )
    check = rc.enforce(policy, dry_run=True)
    print(check, end="\n\n")
    if check.compliant:
        return 0
    if not args.yes:
        print("non-compliant; run with --yes to enforce", file=sys.stderr)
        return check.exit_code
    # The check is the preview: apply its plan, not a new one.
    report = rc.apply_enforcement(policy, check)
    print(report.to_markdown())
    return 0 if report.compliant else 1


if __name__ == "__main__":
    sys.exit(main())
