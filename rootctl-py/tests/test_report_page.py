"""The evidence page as a person sees it: rendered by ``rootctl report`` (and
``Rootctl.report``), opened in a real headless Chromium, and checked in its DOM against
numbers counted here, independently, from the audit's JSON. Each page's screenshot is
kept in ``ROOTCTL_ARTIFACTS`` (scripts/test: the cargo target directory's artifacts/).

Needs Chromium (scripts/chromium installs Debian's package); without it these tests
skip, unless ``ROOTCTL_REQUIRE_BROWSER`` is set (scripts/test sets it), when they fail.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import rootctl
from chromium import Chromium, browser_path
from conftest import run

ARTIFACTS = Path(
    os.environ.get("ROOTCTL_ARTIFACTS")
    or Path(__file__).resolve().parents[2] / "target" / "artifacts"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    binary = browser_path()
    if binary is None:
        message = "no chromium: run through scripts/chromium, which installs it"
        if os.environ.get("ROOTCTL_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    with Chromium(binary) as chromium:
        yield chromium


def expected(audit: dict[str, Any]) -> dict[str, Any]:
    """What the page must show, counted from the audit's JSON alone."""
    status: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    keys = 0
    for account in audit["accounts"]:
        creds = account["credentials"]
        if creds is None:
            status["failed"] += 1
            continue
        held = {
            "password": creds["password"] is not None,
            "access_key": bool(creds["access_keys"]),
            "signing_certificate": bool(creds["signing_certificates"]),
            "mfa_device": bool(creds["mfa_devices"]),
        }
        kinds.update(kind for kind, there in held.items() if there)
        keys += held["access_key"]
        status["holding" if any(held.values()) else "clean"] += 1
    status["skipped"] = len(audit["skipped"])
    ids = {a["account_id"] for a in audit["accounts"]} | {s["account_id"] for s in audit["skipped"]}
    return {"status": status, "kinds": kinds, "with_keys": keys, "ids": ids}


def check_page(chromium: Chromium, page: Path, audit: dict[str, Any]) -> dict[str, Any]:
    """Opens ``page`` and checks its DOM against ``audit``; returns the figures seen."""
    want = expected(audit)
    seconds = chromium.open(page)
    # Nothing but the file itself is fetched: no CDN, font or script.
    assert chromium.requests() == [page.resolve().as_uri()]
    for name in ("clean", "holding", "excepted", "failed", "skipped"):
        shown = chromium.evaluate(f"document.getElementById('count-{name}').textContent")
        assert int(shown) == want["status"][name], f"the {name} card shows {shown}"
        rows = chromium.evaluate(f"document.querySelectorAll('li.acct[data-status={name}]').length")
        assert rows == want["status"][name], f"{rows} {name} accounts in the tree"
    total = chromium.evaluate("document.getElementById('count-total').textContent")
    assert int(total) == len(want["ids"])
    tree = chromium.evaluate("[...document.querySelectorAll('li.acct')].map(li => li.dataset.id)")
    assert sorted(tree) == sorted(want["ids"]), "each account once in the tree"
    bars = chromium.evaluate(
        "Object.fromEntries([...document.querySelectorAll('#chart-kinds g.kind')]"
        ".map(g => [g.dataset.kind, g.querySelectorAll('text')[1].textContent]))"
    )
    for kind in ("password", "access_key", "signing_certificate", "mfa_device"):
        assert bars[kind].startswith(f"{want['kinds'][kind]} accounts,"), (kind, bars[kind])
    failed = chromium.evaluate(
        "Object.fromEntries([...document.querySelectorAll('tr.control')]"
        ".map(r => [r.dataset.control, r.cells[4].textContent]))"
    )
    assert int(failed["SecurityHub-IAM.4"]) == want["with_keys"]
    assert int(failed["Config-iam-root-access-key-check"]) == want["with_keys"]
    assert int(failed["CIS-7.0-2.1.1"]) == want["status"]["holding"]
    return {"load_seconds": seconds, "bytes": page.stat().st_size}


def search(chromium: Chromium, text: str) -> list[str]:
    """Types ``text`` in the search box; the ids of the accounts then visible."""
    chromium.evaluate(
        "(() => { const s = document.getElementById('search');"
        f" s.value = {json.dumps(text)}; s.dispatchEvent(new Event('input')); }})()"
    )
    chromium.evaluate("new Promise(done => setTimeout(done, 400))")
    visible: list[str] = chromium.evaluate(
        "[...document.querySelectorAll('li.acct')]"
        ".filter(li => li.offsetParent !== null).map(li => li.dataset.id)"
    )
    return visible


def test_the_example_organizations_page(browser: Chromium, tmp_path: Path) -> None:
    """``rootctl report --simulated`` (the README's organization) against
    ``rootctl audit --simulated -o json``."""
    page = tmp_path / "example.html"
    done = run("report", "--simulated", "-o", str(page))
    assert done.returncode == 0, done.stderr
    audited = run("audit", "--simulated", "-o", "json")
    assert audited.returncode == 0, audited.stderr
    audit = json.loads(audited.stdout)
    check_page(browser, page, audit)
    browser.screenshot(ARTIFACTS / "report-example.png")

    # OUs start collapsed but the root; expanding an account shows its credentials.
    holder = next(
        a for a in audit["accounts"] if a["credentials"] and a["credentials"]["access_keys"]
    )
    key = holder["credentials"]["access_keys"][0]["id"]
    shown = browser.evaluate(
        "(() => { document.getElementById('expand').click();"
        f" const li = document.querySelector('li.acct[data-id=\"{holder['account_id']}\"]');"
        " li.querySelector('summary').click();"
        " const creds = li.querySelector('ul.creds');"
        " return creds.offsetParent !== null ? creds.textContent : null; })()"
    )
    assert shown is not None and key in shown
    browser.evaluate("document.getElementById('collapse').click()")

    # Searching a name shows that account alone, its OUs opened.
    visible = search(browser, holder["name"])
    named = [a["account_id"] for a in audit["accounts"] if holder["name"] in a["name"]]
    assert holder["account_id"] in visible
    assert sorted(visible) == sorted(named)
    # Clearing the search hides no account again.
    search(browser, "")
    assert browser.evaluate("document.querySelectorAll('li.acct.hidden').length") == 0


def test_a_10000_account_page(browser: Chromium, tmp_path: Path) -> None:
    """An organization of 10,000 members: the same checks, the search over all of it,
    and the page's size and load time (printed and kept with the screenshot; the
    benchmark of docs/benchmarks.md reports them)."""
    org = rootctl.SimulatedOrg(members=10_000, seed=24, features_enabled=True)
    rc = rootctl.Rootctl.simulated(org)
    report = rc.audit()
    page = tmp_path / "10000.html"
    started = time.perf_counter()
    page.write_text(rc.report(audit=report, features=rc.features()), encoding="utf-8")
    render_seconds = time.perf_counter() - started
    audit = json.loads(report.to_json())
    figures = check_page(browser, page, audit)
    browser.screenshot(ARTIFACTS / "report-10000.png")
    one = audit["accounts"][1234]
    assert search(browser, one["account_id"]) == [one["account_id"]]
    figures["render_seconds"] = render_seconds
    (ARTIFACTS / "report-10000.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"10,000-account page: {figures}")
