"""A small headless-Chromium driver over the DevTools protocol, for the evidence page's
tests and benchmark: open a file, wait for its load, evaluate JavaScript in it, record
every network request it makes, and take a screenshot. It talks to the browser on
127.0.0.1 only (``--remote-debugging-port``)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import websocket
from typing_extensions import Self


def browser_path() -> str | None:
    """The Chromium to drive: ``ROOTCTL_CHROMIUM`` (set by scripts/chromium), else the
    first ``chromium`` on the PATH."""
    return (
        os.environ.get("ROOTCTL_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


class Chromium:
    """One headless browser with one page. Use as a context manager."""

    def __init__(self, binary: str, width: int = 1280, height: int = 1600) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="rootctl-chromium-")
        self._process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-extensions",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self._profile.name}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port = self._port()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            targets = json.load(answer)
        page = next(t for t in targets if t["type"] == "page")
        # No Origin header: DevTools refuses a WebSocket from an origin it was not told of.
        self._socket = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=120, suppress_origin=True
        )
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.call("Page.enable")
        self.call("Network.enable")

    def _port(self) -> int:
        marker = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if marker.exists():
                lines = marker.read_text().splitlines()
                if lines:
                    return int(lines[0])
            if self._process.poll() is not None:
                raise RuntimeError(f"chromium exited with status {self._process.returncode}")
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port within 30 s")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Sends one DevTools command and returns its result; events that arrive
        meanwhile are kept in :attr:`events`."""
        self._next_id += 1
        self._socket.send(json.dumps({"id": self._next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for(self, event: str) -> dict[str, Any]:
        """The next ``event`` (or one already received)."""
        for index, seen in enumerate(self.events):
            if seen.get("method") == event:
                return self.events.pop(index)
        while True:
            message: dict[str, Any] = json.loads(self._socket.recv())
            if message.get("method") == event:
                return message
            self.events.append(message)

    def open(self, path: Path) -> float:
        """Loads ``path`` and waits for its load event; returns the seconds from the
        navigation to the load event, as the page measured them."""
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")
        milliseconds = self.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        return float(milliseconds) / 1000

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-able values only)."""
        answer = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in answer:
            raise RuntimeError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def requests(self) -> list[str]:
        """Every URL the page requested since it was opened."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def screenshot(self, path: Path) -> None:
        """A PNG of the viewport."""
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self._socket.close()
        finally:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
            self._profile.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
