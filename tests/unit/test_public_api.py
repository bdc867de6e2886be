"""The public surface: sorted, documented, and re-exported from one place."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import pledgetrack as pt

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_all_is_sorted_and_complete() -> None:
    assert pt.__all__ == sorted(pt.__all__, key=lambda n: (not n.isupper(), n))
    for name in pt.__all__:
        assert hasattr(pt, name), name


def test_every_exported_name_is_documented() -> None:
    api_page = (DOCS / "api.md").read_text(encoding="utf-8")
    for name in pt.__all__:
        obj = getattr(pt, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"
        assert f"`{name}`" in api_page or f"pledgetrack.{name}" in api_page, f"{name} not in api.md"


def test_errors_share_one_base() -> None:
    for name in (
        "ExportError",
        "ImportFailed",
        "UnreadableInput",
        "ValidationError",
        "NotFoundError",
        "ConflictError",
        "StoreError",
        "SchemaTooNewError",
        "QuoteNotFoundError",
    ):
        assert issubclass(getattr(pt, name), pt.PledgetrackError)
    assert issubclass(pt.ValidationError, ValueError)
    assert issubclass(pt.NotFoundError, KeyError)


def _modules() -> list[str]:
    """Every module of the package (the migration scripts run only under Alembic)."""
    return sorted(
        info.name
        for info in pkgutil.walk_packages(pt.__path__, "pledgetrack.")
        if not info.name.startswith("pledgetrack.store.migrations")
    )


def test_every_exception_class_of_the_package_is_in_the_one_tree() -> None:
    found = []
    for name in _modules():
        module = importlib.import_module(name)
        for _attr, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == name:
                found.append(obj)
    assert pt.ImportFailed in found and pt.UnreadableInput in found
    outside = [
        f"{c.__module__}.{c.__qualname__}" for c in found if not issubclass(c, pt.PledgetrackError)
    ]
    assert outside == []


def test_a_script_needs_only_the_package(tmp_path: Path) -> None:
    """Bulk loading and importing, with the import's problems, through ``pledgetrack`` alone."""
    with pt.open(tmp_path / "store.db") as tracker:
        source = pt.Source("s", "A speech", text="We will build 10 schools.")
        commitment = pt.Commitment(
            key="schools",
            title="Build 10 schools",
            actors=("A",),
            announced="2024-01-02",
            citations=(pt.Citation("s", "build 10 schools"),),
        )
        report = pt.load(tracker, [source, commitment])
        assert isinstance(report, pt.LoadReport)
        assert tracker.get_commitment("schools").citations[0].start == len("We will ")
        bad = tmp_path / "bad.json"
        bad.write_text('{"pledgetrack": 1, "commitments": [{"key": "x"}]}', encoding="utf-8")
        with pytest.raises(pt.ImportFailed) as failed:
            pt.import_path(tracker, bad)
        problems = failed.value.problems
        assert problems and all(isinstance(p, pt.Problem) for p in problems)
        assert all(isinstance(p.place, pt.Place) for p in problems)
        assert str(bad) in str(failed.value)
        assert tracker.count() == 1


def test_type_checkers_see_each_name_where_it_is_loaded_from() -> None:
    """The ``TYPE_CHECKING`` imports of ``pledgetrack/__init__.py`` name, for each public name,
    the module and name ``__getattr__`` loads it from (``_WHERE``, ``_RENAMED``)."""
    import ast

    tree = ast.parse(Path(pt.__file__).read_text(encoding="utf-8"))
    (guard,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    seen: dict[str, tuple[str, str]] = {}
    for node in guard.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                seen[alias.asname or alias.name] = (str(node.module), alias.name)
    loaded = {
        name: (module, pt._RENAMED.get(name, name))  # type: ignore[attr-defined]
        for name, module in pt._WHERE.items()  # type: ignore[attr-defined]
    }
    assert seen == loaded
    assert sorted(loaded) == sorted(pt.__all__)
