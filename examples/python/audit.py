"""Audit every member account's root credentials and print a table.

python examples/python/audit.py                          # on the simulator
python examples/python/audit.py --aws --region us-east-1
"""

from __future__ import annotations

import sys

from _target import client


def main() -> int:
    rc, _, _ = client(__doc__ or "")
    report = rc.audit()
    print(report)
    for account in report.accounts:
        if account.error is not None:
            kind = type(account.error).__name__
            print(f"{account.account_id}: {kind}: {account.error}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
