"""Every module the library and its tests import comes from a package the project declares.

The README's test command installs only ``.[test]``: a test that imports a package some other
extra (or a lucky environment) brought along fails on a new user's machine. This finds such an
import before CI does: each top-level module imported under ``src/`` and ``tests/`` must be in
the standard library, be pledgetrack's own, or belong to a distribution that the ``test`` extra
brings in (directly or through the packages it requires).
"""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OWN = {"pledgetrack", "tests", "conftest", "results", "synthetic", "tally"}


def _name(requirement: str) -> tuple[str, str | None]:
    """A requirement's distribution name (normalised) and the extra its marker asks for."""
    name = re.split(r"[\s\[<>=!~;(]", requirement, maxsplit=1)[0]
    extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", requirement)
    return re.sub(r"[-_.]+", "-", name).lower(), extra.group(1) if extra else None


def _installed_closure(root: str, extras: set[str]) -> set[str]:
    """The distributions ``root[extras]`` requires, transitively, as installed here."""
    seen: set[str] = set()
    todo = [(root, extras)]
    while todo:
        dist_name, wanted = todo.pop()
        if dist_name in seen:
            continue
        seen.add(dist_name)
        try:
            requires = metadata.distribution(dist_name).requires or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requires:
            name, extra = _name(requirement)
            if extra is not None and extra not in wanted:
                continue
            bracket = re.search(r"\[([^\]]+)\]", requirement.split(";")[0])
            todo.append((name, set(bracket.group(1).split(",")) if bracket else set()))
    return seen


def _imports(folder: Path) -> dict[str, str]:
    """Top-level module → the first file importing it, for every .py file under ``folder``."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return found


def test_every_import_comes_from_a_declared_package() -> None:
    allowed = _installed_closure("pledgetrack", {"test"})
    providers = metadata.packages_distributions()
    stray = {}
    for module, where in {**_imports(REPO / "tests"), **_imports(REPO / "src")}.items():
        if module in sys.stdlib_module_names or module in OWN or module == "__future__":
            continue
        dists = {re.sub(r"[-_.]+", "-", d).lower() for d in providers.get(module, [])}
        if not dists & allowed:
            stray[module] = (where, sorted(dists) or ["(not installed)"])
    assert not stray, f"imports of packages the [test] extra does not bring: {stray}"
