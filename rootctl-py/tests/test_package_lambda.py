"""The Lambda deployment package that ``scripts/package-lambda`` builds
(``docs/enforcement.md#packaging``).

Runs when ``ROOTCTL_LAMBDA_ZIP`` names the zip (``scripts/test`` builds one with
``--debug`` and sets it); skipped otherwise, since building the cross-linked wheel takes
minutes. The wheel is the ``rootctl-*.whl`` beside the zip; the shipped policy is compared
with ``ROOTCTL_LAMBDA_POLICY`` (default: ``docs/deploy/policy.toml``, what the script ships
unless told otherwise).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "package-lambda"
ZIP = os.environ.get("ROOTCTL_LAMBDA_ZIP", "")
POLICY = Path(os.environ.get("ROOTCTL_LAMBDA_POLICY", REPO / "docs" / "deploy" / "policy.toml"))

OLDEST_LAMBDA_GLIBC = (2, 26)
"""The oldest glibc of AWS Lambda's current Python runtimes: python3.11 on Amazon Linux 2."""

LAMBDA_UNZIPPED_LIMIT = 262_144_000
"""AWS Lambda's quota on a function's deployment package, unzipped (250 MB)."""

AT_THE_TOP = ("rootctl/__init__.py", "rootctl/_rootctl.abi3.so", "lambda_handler.py", "policy.toml")
"""What the Lambda runtime needs at the top of the zip: the package, the handler, the policy."""

pytestmark = pytest.mark.skipif(
    not ZIP, reason="ROOTCTL_LAMBDA_ZIP is not set: scripts/test builds the package and sets it"
)


def chosen_tag() -> str:
    """The manylinux tag the script builds for: its ``manylinux=`` line, the one place."""
    found = re.search(r"^manylinux=(manylinux_\d+_\d+)$", SCRIPT.read_text("utf-8"), re.M)
    assert found, f"{SCRIPT} names no manylinux_X_Y tag"
    return found.group(1)


def tag_glibc(tag: str) -> tuple[int, int]:
    found = re.fullmatch(r"manylinux_(\d+)_(\d+)", tag)
    assert found, tag
    return int(found.group(1)), int(found.group(2))


@pytest.fixture(scope="module")
def package() -> Path:
    path = Path(ZIP)
    assert path.is_file(), f"ROOTCTL_LAMBDA_ZIP={ZIP} is not a file"
    return path


@pytest.fixture(scope="module")
def wheel(package: Path) -> Path:
    wheels = sorted(package.parent.glob("rootctl-*.whl"))
    assert len(wheels) == 1, f"expected one wheel beside the zip, found {wheels}"
    return wheels[0]


@pytest.fixture(scope="module")
def unpacked(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lambda")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root)
    return root


def test_the_wheel_is_tagged_for_every_lambda_python_runtime(wheel: Path) -> None:
    tag = chosen_tag()
    assert tag_glibc(tag) <= OLDEST_LAMBDA_GLIBC
    with zipfile.ZipFile(wheel) as archive:
        [meta] = [n for n in archive.namelist() if n.endswith(".dist-info/WHEEL")]
        tags = re.findall(r"^Tag: (.+)$", archive.read(meta).decode(), re.M)
    assert f"cp39-abi3-{tag}_x86_64" in tags, tags
    assert all(t.startswith("cp39-abi3-") for t in tags), tags
    assert f"{tag}_x86_64" in wheel.name


def test_the_zip_holds_the_package_the_handler_and_the_policy_at_its_top(
    package: Path, wheel: Path
) -> None:
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        size = sum(info.file_size for info in archive.infolist())
        shipped = archive.read("policy.toml") if "policy.toml" in names else b""
        handler = archive.read("lambda_handler.py") if "lambda_handler.py" in names else b""
        with zipfile.ZipFile(wheel) as built:
            ours = {n for n in built.namelist() if not n.endswith("/")}
            same = all(archive.read(n) == built.read(n) for n in ours & names)
    for name in AT_THE_TOP:
        assert name in names, f"{name} is not at the top of {package.name}"
    assert any(re.fullmatch(r"rootctl-[^/]+\.dist-info/RECORD", n) for n in names)
    assert not [n for n in names if n.endswith(".pyc")], "bytecode of the packaging's own checks"
    assert ours <= names, f"missing from the zip: {sorted(ours - names)}"
    assert same, "the zip's copy of the wheel differs from the wheel"
    assert shipped == POLICY.read_bytes()
    assert handler == (REPO / "docs" / "deploy" / "lambda_handler.py").read_bytes()
    assert size < LAMBDA_UNZIPPED_LIMIT, f"{size} bytes unzipped"


def test_a_fresh_interpreter_loads_the_handler_and_the_policy_from_the_package_alone(
    unpacked: Path,
) -> None:
    # -I -S: no site-packages (where the test's own rootctl is installed), no user site,
    # no PYTHONPATH; the standard library and the unpacked package are all there is.
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import lambda_handler, rootctl; "
        "rootctl.EnforcementPolicy.from_file(lambda_handler.POLICY_FILE); "
        "print(rootctl.__file__); print(lambda_handler.__file__); "
        "print(lambda_handler.POLICY_FILE)"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, str(unpacked)],
        capture_output=True,
        text=True,
        check=False,
        cwd=unpacked.parent,
    )
    assert done.returncode == 0, done.stderr
    module, handler, policy = (Path(line).resolve() for line in done.stdout.splitlines())
    assert module == unpacked.resolve() / "rootctl" / "__init__.py"
    assert handler == unpacked.resolve() / "lambda_handler.py"
    assert policy == unpacked.resolve() / "policy.toml"


def glibc_versions(so: Path) -> set[tuple[int, ...]]:
    """The GLIBC_x.y symbol versions the shared object needs, from binutils."""
    if shutil.which("objdump"):
        command = ["objdump", "-T", str(so)]
    elif shutil.which("readelf"):
        command = ["readelf", "--dyn-syms", "--wide", str(so)]
    else:
        pytest.skip("neither objdump nor readelf is installed: maturin's audit stands alone")
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", text)}


def test_the_native_module_needs_no_glibc_newer_than_its_tag(unpacked: Path) -> None:
    so = unpacked / "rootctl" / "_rootctl.abi3.so"
    header = so.read_bytes()[:20]
    assert header[:5] == b"\x7fELF\x02", "not a 64-bit ELF file"
    assert int.from_bytes(header[18:20], "little") == 62, "not x86-64"
    versions = glibc_versions(so)
    assert versions, "no GLIBC symbol versions found: is the module linked against glibc?"
    assert max(versions) <= tag_glibc(chosen_tag()), sorted(versions)[-3:]
