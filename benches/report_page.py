"""The evidence page at organization scale: its size, the time rootctl takes to draw it,
and the time headless Chromium takes to load it (navigation to the load event, as the
page's own Navigation Timing measures it), for simulated organizations of 1,000 and
10,000 members.

    scripts/test-python   # once, to build the package into the virtualenv
    scripts/chromium ~/.cache/rootctl/venv/bin/python benches/report_page.py

For figures comparable with docs/benchmarks.md build the module in release first:
``(cd rootctl-py && maturin develop -r)``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import rootctl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rootctl-py" / "tests"))
from chromium import Chromium, browser_path

LOADS = 5


def measure(members: int, chromium: Chromium, folder: Path) -> None:
    org = rootctl.SimulatedOrg(members=members, seed=24, features_enabled=True)
    rc = rootctl.Rootctl.simulated(org)
    audit = rc.audit()
    features = rc.features()
    started = time.perf_counter()
    html = rc.report(audit=audit, features=features)
    render = time.perf_counter() - started
    page = folder / f"report-{members}.html"
    page.write_text(html, encoding="utf-8")
    loads = [chromium.open(page) for _ in range(LOADS)]
    nodes = chromium.evaluate("document.getElementsByTagName('*').length")
    print(
        f"| {members:>7} | {page.stat().st_size / 1e6:>6.2f} MB | {render * 1000:>7.0f} ms "
        f"| {statistics.median(loads) * 1000:>7.0f} ms | {max(loads) * 1000:>7.0f} ms "
        f"| {nodes:>7} |"
    )


def main() -> None:
    binary = browser_path()
    if binary is None:
        sys.exit("no chromium: run through scripts/chromium")
    print("| members | page size | rootctl draws | Chromium loads (median) | (worst) | DOM nodes |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder, Chromium(binary) as chromium:
        for members in (1_000, 10_000):
            measure(members, chromium, Path(folder))


if __name__ == "__main__":
    main()
