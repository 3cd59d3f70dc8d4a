"""The stubs are the documentation: they name everything public, with a docstring each.

(``python -m mypy.stubtest rootctl._rootctl`` checks the signatures; these tests check
what stubtest does not: completeness in both directions, and docstrings.)
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import rootctl
from rootctl import _rootctl

STUB = Path(rootctl.__file__).with_name("_rootctl.pyi")
# The stub is split like the package; ``_rootctl.pyi`` star-imports these.
PARTS = sorted(STUB.with_name("_stubs").glob("*.pyi"))
# Dunders whose meaning is the language's, not ours.
UNDOCUMENTED = {"__eq__", "__hash__", "__len__"}


def _stub() -> ast.Module:
    """Every stub file's top level, as one module."""
    body: list[ast.stmt] = []
    for path in [STUB, *PARTS]:
        body.extend(ast.parse(path.read_text(encoding="utf-8")).body)
    return ast.Module(body=body, type_ignores=[])


def test_the_stub_lists_the_names_once() -> None:
    # ``_rootctl.pyi``'s ``__all__`` is the one list in Python (the package takes the
    # native module's, which stubtest compares with it); the split stubs define.
    top = ast.parse(STUB.read_text(encoding="utf-8"))
    listed = next(
        node.value
        for node in top.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    )
    assert isinstance(listed, ast.List)
    names = [e.value for e in listed.elts if isinstance(e, ast.Constant)]
    assert len(names) == len(set(names))
    assert set(names) == set(_rootctl.__all__) == set(rootctl.__all__)
    # Every part is star-imported by the stub, and every star-import is a part.
    imported = {
        node.module.rsplit(".", 1)[-1]
        for node in top.body
        if isinstance(node, ast.ImportFrom) and node.module and "_stubs." in node.module
    }
    assert imported == {p.stem for p in PARTS if p.stem != "__init__"}, (imported, PARTS)


def _public(names: list[str]) -> set[str]:
    return {n for n in names if not n.startswith("_") or n == "__version__"}


def test_stub_module_and_package_export_the_same_names() -> None:
    body = _stub().body
    stub_names = (
        {node.name for node in body if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
        | {
            node.target.id
            for node in body
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        }
        | {  # aliases such as ``Selection = SelectedAccounts``
            target.id
            for node in body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
    )
    runtime = _public(dir(_rootctl))
    assert _public(list(stub_names)) == runtime
    assert set(rootctl.__all__) == runtime == set(_rootctl.__all__)


def test_every_public_stub_item_has_a_docstring() -> None:
    missing = []
    for node in _stub().body:
        if isinstance(node, ast.ClassDef):
            if not ast.get_docstring(node):
                missing.append(node.name)
            for item in node.body:
                if (
                    isinstance(item, ast.FunctionDef)
                    and item.name not in UNDOCUMENTED
                    and not ast.get_docstring(item)
                ):
                    missing.append(f"{node.name}.{item.name}")
    assert missing == []


def _classes() -> dict[str, ast.ClassDef]:
    return {node.name: node for node in _stub().body if isinstance(node, ast.ClassDef)}


def declared(cls: ast.ClassDef, classes: dict[str, ast.ClassDef]) -> set[str]:
    """The names a stub class declares, its stub-only bases' (``_Record``,
    ``_AccountRecord``, ...) included."""
    own = {item.name for item in cls.body if isinstance(item, ast.FunctionDef)} | {
        item.target.id
        for item in cls.body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    }
    for base in cls.bases:
        if isinstance(base, ast.Name) and base.id in classes:
            own |= declared(classes[base.id], classes)
    return own


def _public_classes() -> list[tuple[str, ast.ClassDef, type]]:
    classes = _classes()
    found = []
    for name, cls in classes.items():
        if name.startswith("_"):
            continue
        runtime = getattr(_rootctl, name)
        if not issubclass(runtime, BaseException):
            found.append((name, cls, runtime))
    return found


def test_every_runtime_method_and_property_is_in_the_stub() -> None:
    classes = _classes()
    missing = []
    for name, cls, runtime in _public_classes():
        for attribute, _ in inspect.getmembers(runtime):
            if not attribute.startswith("_") and attribute not in declared(cls, classes):
                missing.append(f"{name}.{attribute}")
    assert missing == []


def test_every_stub_member_is_in_the_module() -> None:
    # stubtest compares a class's own stub members and every runtime member; a member a
    # stub-only base declares for a class that lacks it at run time is this test's.
    classes = _classes()
    assert "account_id" in declared(classes["AccountAudit"], classes)
    invented = [
        f"{name}.{attribute}"
        for name, cls, runtime in _public_classes()
        for attribute in sorted(declared(cls, classes))
        if not attribute.startswith("__") and not hasattr(runtime, attribute)
    ]
    assert invented == []


def test_result_classes_are_frozen() -> None:
    audit = rootctl.Rootctl.simulated(rootctl.SimulatedOrg(features_enabled=True)).audit()
    with pytest.raises(AttributeError):
        audit.organization_id = "o-other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        audit.summary.failed = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        rootctl.AuditReport()


def test_reprs_name_the_class_and_show_each_field_as_python_would() -> None:
    org = rootctl.SimulatedOrg(members=3, seed=2, features_enabled=True)
    rc = rootctl.Rootctl.simulated(org)
    features = rc.features()
    assert repr(features) == (
        "OrgFeatures(trusted_access=True, root_credentials_management=True, root_sessions=True)"
    )
    caller = rc.audit().caller
    assert repr(caller) == f"CallerIdentity(account_id={caller.account_id!r}, arn={caller.arn!r})"
    skipped = rc.select_accounts().skipped[0]
    assert repr(skipped) == (
        f"SkippedAccount(account_id={skipped.account_id!r}, name={skipped.name!r}, "
        "reason='management_account', detail='management account')"
    )
