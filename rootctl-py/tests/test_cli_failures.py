"""The console command before anything works: no credentials, no region, nothing at the
endpoint. Each failure is one ``rootctl: error: ...`` line, never the SDK's debug dump."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from conftest import run


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def bare_env(tmp_path: Path) -> dict[str, str]:
    """The environment without any AWS configuration: no AWS_* variables, config and
    credentials files that do not exist, and instance metadata off (so no lookup hangs)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["AWS_CONFIG_FILE"] = str(tmp_path / "no-config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "no-credentials")
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    return env


def assert_one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("rootctl: error: "), line
    for debug in ("DispatchFailure", "ConnectorError", "{", "Some("):
        assert debug not in line, line
    return line


def test_no_credentials_is_one_line_naming_the_sources(bare_env: dict[str, str]) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    done = run("audit", "--region", "us-east-1", "--endpoint-url", endpoint, env=bare_env)
    assert done.returncode == 3, done.stderr
    line = assert_one_error_line(done.stderr)
    for words in ("no AWS credentials found", "AWS_ACCESS_KEY_ID", "instance metadata"):
        assert words in line, line


def test_an_endpoint_that_does_not_answer_is_named(bare_env: dict[str, str]) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    bare_env["AWS_ACCESS_KEY_ID"] = "CALLERKEYID"
    bare_env["AWS_SECRET_ACCESS_KEY"] = "caller-secret"
    done = run("check", "--region", "us-east-1", "--endpoint-url", endpoint, env=bare_env)
    # The check reports the failed reads in its table rather than raising: look there.
    output = done.stdout + done.stderr
    assert "caller-secret" not in output
    assert f"nothing answered at {endpoint}" in output, output
    assert "DispatchFailure" not in output


def test_no_region_is_one_line(bare_env: dict[str, str]) -> None:
    done = run("audit", env=bare_env)
    assert done.returncode == 3, done.stderr
    line = assert_one_error_line(done.stderr)
    assert "no AWS region configured" in line, line
