"""A fast start: what ``import pledgetrack``, ``--help`` and ``show`` load, and the schema head.

Each check runs a fresh interpreter and reads its ``sys.modules``, so it fails as soon as any
module on the path imports one of the heavy packages at its top.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import pledgetrack as pt
from pledgetrack.store import migrate
from pledgetrack.store.engine import SCHEMA_HEAD, SCHEMA_REVISIONS

#: packages no start-up path may load: migrations, templates, highlighting, data frames,
#: the mapping readers and the extractor
HEAVY = (
    "alembic",
    "mako",
    "pygments",
    "pandas",
    "jsonpath_rfc9535",
    "python_calamine",
    "pledgetrack.extract",
)

_LOADED = """
import json, runpy, sys
sys.argv = ["pledgetrack", *json.loads(sys.argv[1])]
if sys.argv[1:] != ["<import>"]:
    try:
        runpy.run_module("pledgetrack", run_name="__main__")
    except SystemExit as done:
        assert not done.code, done.code
else:
    import pledgetrack
print("\\n" + json.dumps(sorted(sys.modules)))
"""


def _loaded(*args: str) -> set[str]:
    """The modules a fresh ``pledgetrack ARGS`` (or ``import pledgetrack``) has loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, json.dumps(list(args) or ["<import>"])],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.rsplit("\n", 2)[-2]))


def _heavy(modules: set[str], also: tuple[str, ...] = ()) -> list[str]:
    names = HEAVY + also
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_import_loads_nothing_heavy() -> None:
    loaded = _loaded()
    assert "pledgetrack" in loaded
    assert _heavy(loaded, ("sqlalchemy", "sqlmodel", "pydantic", "pledgetrack.store")) == []


def test_help_loads_nothing_heavy() -> None:
    loaded = _loaded("--help")
    assert "pledgetrack.cli.commands" in loaded
    assert _heavy(loaded, ("sqlalchemy", "sqlmodel", "pydantic", "pledgetrack.store")) == []


def test_show_reads_without_migrations_or_tables(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with pt.open(db) as tracker:
        tracker.add_source(key="s", title="A speech", text="We will build 10 schools.")
        tracker.add_commitment(
            key="schools",
            title="Build 10 schools",
            actors=("A",),
            announced="2024-01-02",
            citations=(pt.Citation("s", "build 10 schools"),),
        )
    loaded = _loaded("show", "schools", "--db", str(db))
    assert "pledgetrack.store.lookup" in loaded
    assert (
        _heavy(loaded, ("sqlmodel", "pydantic", "sqlalchemy.orm", "pledgetrack.store.tables")) == []
    )


def test_a_mapped_import_loads_no_migrations(tmp_path: Path) -> None:
    """``import --mapping`` into a new store (made from the table definitions) and again into
    the current store it made: neither loads Alembic or Mako, nor a spreadsheet reader the
    mapping does not use."""
    example = Path(__file__).parents[2] / "examples" / "import_yearly_spreadsheet"
    db = tmp_path / "store.db"
    mapping = str(example / "mapping.yaml")
    for _round in ("new store", "current store"):
        loaded = _loaded("import", "--mapping", mapping, "--db", str(db), "--report", "json")
        assert "pledgetrack.io.mapped" in loaded
        assert _heavy(loaded, ("openpyxl",)) == [], _round
    with pt.open(db) as tracker:
        assert tracker.count() > 0


def test_an_old_store_is_still_upgraded_on_show(tmp_path: Path) -> None:
    """The one-query check falls back to Alembic when the store is not at the head."""
    from pledgetrack.store.engine import create_store_engine, resolve_url

    db = tmp_path / "old.db"
    engine = create_store_engine(resolve_url(db))
    try:
        migrate.upgrade(engine, SCHEMA_REVISIONS[0])
        assert migrate.current_revision(engine) == SCHEMA_REVISIONS[0]
    finally:
        engine.dispose()
    done = subprocess.run(
        [sys.executable, "-m", "pledgetrack", "show", "nothing-here", "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "'nothing-here'" in done.stderr
    engine = create_store_engine(resolve_url(db))
    try:
        assert migrate.current_revision(engine) == SCHEMA_HEAD
    finally:
        engine.dispose()


def test_the_schema_head_is_the_migrations_head() -> None:
    """Opening a store compares with SCHEMA_HEAD without Alembic; it must be Alembic's head."""
    assert [rev for rev, _down, _msg in migrate.revisions()] == list(SCHEMA_REVISIONS)
    assert migrate.alembic_head() == SCHEMA_HEAD == migrate.head_revision()


@pytest.mark.parametrize("name", sorted(pt.__all__))
def test_every_public_name_imports_lazily(name: str) -> None:
    """``from pledgetrack import NAME`` works for every name, and is the object itself."""
    namespace: dict[str, object] = {}
    exec(f"from pledgetrack import {name}", namespace)
    assert namespace[name] is getattr(pt, name)
    assert name in dir(pt)
