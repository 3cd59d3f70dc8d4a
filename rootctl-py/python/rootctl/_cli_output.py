"""What the console command shows: formats, the progress bar, and confirmation."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Protocol, TypeVar

import rootctl
from rootctl import CREDENTIAL_KINDS

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """The command will not go on: a usage error, or a destructive step not confirmed."""


class _Printable(Protocol):
    def to_json(self, indent: int | None = 2) -> str: ...


# What a terminal acts on instead of showing: the C0 controls but tab and newline, DEL,
# and the C1 range. ESC (or C1's CSI) starts a sequence that moves the cursor, erases
# lines or retitles the window, and a carriage return rewrites its line.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` safe to show on a terminal: every control character but newline and tab
    as a visible ``\\xNN`` escape. Plans and reports carry text others chose (account
    names, OU paths, an unlock reason quoting a policy's ``Sid``, a policy's exception
    reason): shown raw, an escape sequence in it could erase or rewrite the lines of a
    confirmation around it, hiding what would be changed."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def json_text(text: str) -> str:
    """JSON text with every control character a string may hold raw (DEL and the C1
    range; serde escapes the C0 ones) written as its ``\\u00NN`` escape: the same JSON
    value, and nothing a terminal acts on. Newline and tab outside strings stay."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_Result = TypeVar("_Result", bound=_Printable)


def emit(result: _Result, output: str, to_csv: Callable[[_Result], str] | None = None) -> None:
    """Writes a plan or report to stdout: its table (``str()``, control characters
    escaped), its JSON, or (``-o csv``, where the command offers it) ``to_csv(result)``."""
    if output == "csv" and to_csv is not None:
        sys.stdout.write(to_csv(result))
        return
    text = json_text(result.to_json()) if output == "json" else printable(str(result))
    sys.stdout.write(text.rstrip("\n") + "\n")


FINDING_FORMATS = ("asff", "ocsf")
"""The ``-o`` formats that print a report as findings (``audit`` and ``enforce``)."""


def emit_findings(
    report: rootctl.AuditReport | rootctl.EnforcementReport,
    output: str,
    region: str | None,
) -> bool:
    """With ``-o asff`` or ``-o ocsf``, writes the report's findings to stdout as one
    JSON array (ASFF in ``region``, default the report's) and says so; otherwise writes
    nothing. An ASFF without a region is an :class:`rootctl.InvalidInputError`, raised
    before anything is written (docs/findings.md)."""
    if output == "asff":
        findings = report.to_asff(region)
    elif output == "ocsf":
        findings = report.to_ocsf()
    else:
        return False
    sys.stdout.write(json_text(json.dumps(findings, indent=2, ensure_ascii=False)) + "\n")
    return True


def exit_status(ok: bool) -> int:
    """The exit status of a run that went through: 0 when everything succeeded, else 1."""
    return EXIT_OK if ok else EXIT_FAILED


class _Outcome(_Printable, Protocol):
    @property
    def ok(self) -> bool: ...


_Done = TypeVar("_Done", bound=_Outcome)


def finish(result: _Done, output: str, to_csv: Callable[[_Done], str] | None = None) -> int:
    """Writes a command's result (:func:`emit`) and gives its exit status (0 when it is
    ``ok``, else 1)."""
    emit(result, output, to_csv)
    return exit_status(result.ok)


# Not on every platform; where missing, the explicit link checks below still refuse.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def check_output_file(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Refuses, before any work, an output path :func:`write_private` would refuse or
    could not write: a symbolic link, a directory, a path whose folder does not exist, or
    an existing file without ``force``. Checked again when writing."""
    target = Path(path)
    if target.is_symlink():
        raise UsageError(f"refusing to write {target}: it is a symbolic link")
    if target.is_dir():
        raise UsageError(f"refusing to write {target}: it is a directory")
    if not target.parent.is_dir():
        raise UsageError(f"cannot write {target}: {target.parent} is not a directory")
    if target.exists() and not force:
        raise UsageError(
            f"refusing to overwrite {target}: it exists; choose another name, or pass "
            "--force to replace it"
        )


def write_private(path: str | os.PathLike[str], text: str, *, force: bool = False) -> None:
    """Writes ``text`` (UTF-8) to ``path`` for the owner alone (mode 0600, whatever the
    umask): every file the console writes can hold customer data (credential ids, policy
    texts). A symbolic link at ``path`` is refused, never followed. An existing file is
    refused unless ``force``; then the text goes to a 0600 temporary file in the same
    directory, which is renamed over it (a rename replaces a link planted meanwhile, it
    does not write through it). A refusal or an error is a :class:`UsageError` (exit 2).
    """
    target = Path(path)
    check_output_file(target, force=force)
    data = text.encode("utf-8")
    try:
        if force and target.exists():
            _replace(target, data)
        else:
            _create(target, data)
    except FileExistsError:
        # Appeared between the check and the write (a link included): refuse again.
        check_output_file(target, force=False)
        raise UsageError(f"refusing to overwrite {target}: it exists") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise UsageError(f"refusing to write {target}: it is a symbolic link") from None
        raise UsageError(f"cannot write {target}: {err.strerror or err}") from None


def _create(target: Path, data: bytes) -> None:
    """A new file only: O_EXCL fails on anything already at the path, a dangling link
    included, so nothing is ever written through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    fd = os.open(target, flags, 0o600)
    try:
        _write_all(fd, data)
    except BaseException:
        os.close(fd)
        target.unlink(missing_ok=True)
        raise
    os.close(fd)


def _replace(target: Path, data: bytes) -> None:
    """A 0600 temporary file beside ``target`` (``mkstemp`` creates it exclusively,
    owner-only), synced, then renamed over ``target``."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_all(fd: int, data: bytes) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)  # exact, whatever the umask removed
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def audit_csv(report: rootctl.AuditReport) -> str:
    """An audit as CSV: one row per account, skipped accounts included; a column per
    credential kind (the password ``yes``/``no``, the others how many)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["account_id", "name", "ou_path", "status", *CREDENTIAL_KINDS, "detail"])
    no_kinds = [""] * len(CREDENTIAL_KINDS)
    for audit in report.accounts:
        first = _cells([audit.account_id, audit.name, audit.ou_path, audit.status])
        creds = audit.credentials
        if creds is None:
            detail = str(audit.error) if audit.error is not None else ""
            writer.writerow(first + no_kinds + _cells([detail]))
            continue
        held = [_held(getattr(creds, kind)) for kind in CREDENTIAL_KINDS]
        writer.writerow(first + held + _cells(["; ".join(audit.warnings)]))
    for skipped in report.skipped:
        writer.writerow(
            _cells([skipped.account_id, skipped.name, "", "skipped"])
            + no_kinds
            + _cells([skipped.detail])
        )
    return out.getvalue()


def _held(credentials: object) -> object:
    """An audit cell of one kind: how many (a list), or whether there is one."""
    if isinstance(credentials, list):
        return len(credentials)
    return "yes" if credentials is not None else "no"


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cells(values: list[object]) -> list[object]:
    """Cells safe to open in a spreadsheet: text that would start a formula (an account
    name or OU path such as ``=HYPERLINK(...)``) gets a leading apostrophe; numbers are
    left alone."""
    return [
        "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value
        for value in values
    ]


def confirm(args: object, summary: str, question: str) -> None:
    """Goes on only with ``--yes``, or when the user agrees at the terminal.

    Without ``--yes`` and without a terminal on stdin there is nobody to ask: refuse.
    """
    if getattr(args, "yes", False):
        return
    if not sys.stdin.isatty():
        raise UsageError(
            "refusing to make changes without --yes: standard input is not a terminal to confirm on"
        )
    # Escaped: what the person confirms must be every line of the plan, as written.
    print(printable(summary.rstrip("\n")), file=sys.stderr)
    # The question goes to stderr with the summary: stdout may be redirected to a file
    # (``-o json > report.json``), where a prompt would vanish.
    print(f"{printable(question)} [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    if answer.strip().lower() not in ("y", "yes"):
        raise UsageError("aborted: nothing was changed")


class ProgressBar:
    """A one-line progress display on stderr, fed by progress events from worker threads.

    Accounts are counted once each, so the verifying audit after an apply does not count
    them twice.
    """

    def __init__(self, label: str, total: int | None) -> None:
        self._label = label
        self._total = total
        self._lock = threading.Lock()
        self._done: set[str] = set()
        self._failed: set[str] = set()
        self._removed = 0
        self._in_flight: int | None = None
        self._width = 0
        self._drawn = False
        self._broken = False

    def __call__(self, event: rootctl.ProgressEvent) -> None:
        # Drawing must never abort the work it reports on (an apply may be removing
        # credentials): a terminal gone away (OSError) turns the bar off instead.
        try:
            self._update(event)
        except OSError:
            self._broken = True

    def _update(self, event: rootctl.ProgressEvent) -> None:
        if self._broken:
            return
        with self._lock:
            account = event.account_id or ""
            if event.concurrency is not None:
                self._in_flight = event.concurrency
            if event.kind == "account_finished":
                self._done.add(account)
            elif event.kind == "account_failed":
                self._done.add(account)
                self._failed.add(account)
            elif event.kind == "item_removed":
                self._removed += 1
            else:
                return
            self._draw()

    def _draw(self) -> None:
        done = len(self._done)
        if self._total:
            width = 30
            filled = min(width, width * done // self._total)
            line = f"{self._label} [{'#' * filled}{'.' * (width - filled)}] {done}/{self._total}"
        else:
            line = f"{self._label}: {done} account(s)"
        if self._removed:
            line += f", {self._removed} removed"
        if self._failed:
            line += f", {len(self._failed)} failed"
        if self._in_flight is not None:
            line += f" ({self._in_flight} at a time)"
        # The line can shrink (the concurrency falls): blank what the last one left.
        self._width = max(self._width, len(line))
        sys.stderr.write("\r" + line.ljust(self._width))
        sys.stderr.flush()
        self._drawn = True

    def close(self) -> None:
        """Ends the line, so what follows starts on a fresh one."""
        with self._lock:
            if self._drawn and not self._broken:
                try:
                    sys.stderr.write("\n")
                    sys.stderr.flush()
                except OSError:
                    self._broken = True


@contextmanager
def progress_for(label: str, total: int | None = None) -> Iterator[ProgressBar | None]:
    """A progress bar when stderr is a terminal, else None (no progress output at all)."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = ProgressBar(label, total)
    try:
        yield bar
    finally:
        bar.close()
