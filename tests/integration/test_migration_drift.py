"""Migrations and tables agree: Alembic's ``compare_metadata`` finds no difference.

A database is migrated from empty to head by the shipped migrations; the live table definitions
(``pledgetrack.store.tables.metadata``) are then compared with what the database holds, on a
SQLite file and on PostgreSQL. The migrations themselves must not import the live tables module,
so that changing a table later cannot silently rewrite an old migration.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import pledgetrack.store.migrations
from pledgetrack.store import migrate
from pledgetrack.store.engine import create_store_engine, resolve_url
from pledgetrack.store.tables import metadata

MIGRATIONS = Path(pledgetrack.store.migrations.__file__).resolve().parent


def _differences(url: str) -> list[Any]:
    engine = create_store_engine(resolve_url(url))
    try:
        migrate.upgrade(engine)  # runs every shipped migration on the empty database
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_tables(store_url: str) -> None:
    assert _differences(store_url) == []


def test_drift_is_detected(store_url: str) -> None:
    """The comparison is not vacuous: a column the migrations lack is reported."""
    from sqlalchemy import Column, Text

    column = Column("drift_probe", Text(), nullable=True)
    table = metadata.tables["commitment"]
    table.append_column(column)
    try:
        found = _differences(store_url)
    finally:
        table._columns.remove(column)  # leave the shared metadata as it was
    assert any(d[0] == "add_column" and d[3].name == "drift_probe" for d in found), found


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_migrations_do_not_import_the_live_tables() -> None:
    files = sorted(MIGRATIONS.rglob("*.py"))
    assert len(files) >= 5  # env.py and the four revisions at least
    for path in files:
        imported = _imported_modules(path)
        assert not any(
            name == "pledgetrack.store.tables" or name.startswith("pledgetrack.store.tables.")
            for name in imported
        ), f"{path.name} imports the live tables module"
