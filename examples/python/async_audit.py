"""Audit with asyncio: several selections at once, with live progress.

python examples/python/async_audit.py                    # on the simulator
python examples/python/async_audit.py --aws --region us-east-1
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter

import rootctl
from _target import client


async def main() -> int:
    rc, _, _ = client(__doc__ or "")
    events: Counter[str] = Counter()

    def progress(event: rootctl.ProgressEvent) -> None:
        events[event.kind] += 1

    selected = await rc.select_accounts_async()
    # One audit per OU path, concurrently, on rootctl's shared runtime.
    paths = sorted({target.ou_path for target in selected.targets})
    by_path = {
        path: [t.account_id for t in selected.targets if t.ou_path == path] for path in paths
    }
    reports = await asyncio.gather(
        *(rc.audit_async(accounts=ids, progress=progress) for ids in by_path.values())
    )
    for path, report in zip(by_path, reports):
        s = report.summary
        print(f"{path or '(root)'}: {s.audited} audited, {s.failed} failed, {s.clean} clean")
    print(f"progress events: {dict(sorted(events.items()))}")
    return 0 if all(report.ok for report in reports) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
