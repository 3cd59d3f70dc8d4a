"""The client's sync and async methods are twins, in the stub and in the module.

The native module makes each operation's ``x`` and ``x_async`` from one declaration (the
``operation!`` macro in ``src/client``); the stub writes both out. These tests fail when
the stub's twins disagree (other parameters, defaults or kinds; a return type that is
not ``T`` against ``Coroutine[Any, Any, T]``), when one twin is missing on either side,
or when the compiled twins' signatures differ. (stubtest checks each stub method against
the module.)
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import rootctl
from rootctl import _rootctl

CLIENT_STUB = Path(rootctl.__file__).with_name("_stubs") / "client.pyi"


def _methods(source: str, cls: str = "Rootctl") -> dict[str, ast.FunctionDef]:
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    return {item.name: item for item in node.body if isinstance(item, ast.FunctionDef)}


def _parameters(method: ast.FunctionDef) -> str:
    """The parameter list as source, decorators included (``@staticmethod`` twins)."""
    decorators = [ast.unparse(d) for d in method.decorator_list]
    return f"{decorators} {ast.unparse(method.args)}"


def twin_disagreements(source: str) -> list[str]:
    """Every way the sync and async twins of ``Rootctl`` in a stub ``source`` disagree."""
    methods = _methods(source)
    problems = []
    for name, method in methods.items():
        if not name.endswith("_async"):
            continue
        sync_name = name.removesuffix("_async")
        sync = methods.get(sync_name)
        if sync is None:
            problems.append(f"{name} has no sync twin {sync_name}")
            continue
        if _parameters(sync) != _parameters(method):
            problems.append(f"{sync_name} and {name} take different parameters")
        assert sync.returns is not None and method.returns is not None, name
        expected = f"Coroutine[Any, Any, {ast.unparse(sync.returns)}]"
        if ast.unparse(method.returns) != expected:
            problems.append(f"{name} returns {ast.unparse(method.returns)}, not {expected}")
    return problems


def test_the_stub_twins_agree() -> None:
    assert twin_disagreements(CLIENT_STUB.read_text(encoding="utf-8")) == []


def test_every_module_operation_has_both_twins_in_the_stub() -> None:
    stub = _methods(CLIENT_STUB.read_text(encoding="utf-8"))
    runtime = {name for name in dir(_rootctl.Rootctl) if not name.startswith("_")}
    asyncs = {name for name in runtime if name.endswith("_async")}
    assert len(asyncs) >= 19
    for name in asyncs:
        assert name.removesuffix("_async") in runtime, name
        assert name in stub, name
        assert name.removesuffix("_async") in stub, name


def test_the_module_twins_have_one_signature() -> None:
    for name in dir(_rootctl.Rootctl):
        if name.startswith("_") or not name.endswith("_async"):
            continue
        sync = getattr(_rootctl.Rootctl, name.removesuffix("_async"))
        assert inspect.signature(sync) == inspect.signature(getattr(_rootctl.Rootctl, name)), name


def test_a_disagreement_is_found() -> None:
    # The check itself: each way twins can drift apart is reported.
    source = CLIENT_STUB.read_text(encoding="utf-8")
    assert "    def audit_async(\n        self,\n        *,\n" in source
    dropped = source.replace(
        "    def audit_async(\n        self,\n        *,\n",
        "    def audit_async(\n        self,\n        *,\n        extra: int = 0,\n",
    )
    assert twin_disagreements(dropped) == ["audit and audit_async take different parameters"]
    returns = source.replace(
        "-> Coroutine[Any, Any, AuditReport]:", "-> Coroutine[Any, Any, RemovalPlan]:"
    )
    assert twin_disagreements(returns) == [
        "audit_async returns Coroutine[Any, Any, RemovalPlan], not Coroutine[Any, Any, AuditReport]"
    ]
    orphan = source.replace("    def features(self)", "    def org_features(self)")
    assert twin_disagreements(orphan) == ["features_async has no sync twin features"]
