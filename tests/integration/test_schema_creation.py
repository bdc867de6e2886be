"""A new store is given the newest schema straight from the table definitions; that schema is
exactly the one the shipped migrations build, on a SQLite file and on PostgreSQL: the same
tables, columns (type, nullability, default), keys, foreign keys with their actions, indexes
(with their conditions), unique and check constraints, rows, and the revision Alembic records.
A store made so is then migrated by Alembic like any other (down to nothing and up again).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text

import pledgetrack as pt
from pledgetrack.store import migrate
from pledgetrack.store.engine import SCHEMA_HEAD, create_store_engine, resolve_url
from pledgetrack.testing import postgres_database


@contextmanager
def _engine(url: str) -> Iterator[Engine]:
    engine = create_store_engine(resolve_url(url))
    try:
        yield engine
    finally:
        engine.dispose()


def _parts(create_table: str) -> tuple[str, ...]:
    """The comma-separated parts of a ``CREATE TABLE`` statement's body, sorted."""
    body = create_table[create_table.index("(") + 1 : create_table.rindex(")")]
    parts, depth, current = [], 0, ""
    for char in body:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(" ".join(current.split()))
            current = ""
        else:
            current += char
    parts.append(" ".join(current.split()))
    return tuple(sorted(parts))


def _schema(engine: Engine) -> dict[str, Any]:
    """Everything a schema holds that a store depends on, in a comparable form."""
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        found = inspect(conn)
        for table in sorted(found.get_table_names()):
            columns = sorted(
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                for c in found.get_columns(table)
            )
            keys = found.get_pk_constraint(table)
            foreign = sorted(
                (
                    f.get("name"),
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    tuple(sorted((f.get("options") or {}).items())),
                )
                for f in found.get_foreign_keys(table)
            )
            indexes = sorted(
                (
                    i["name"],
                    tuple(str(c) for c in i["column_names"]),
                    bool(i["unique"]),
                    tuple(sorted((k, str(v)) for k, v in (i.get("dialect_options") or {}).items())),
                )
                for i in found.get_indexes(table)
            )
            uniques = sorted(
                (u.get("name"), tuple(u["column_names"]))
                for u in found.get_unique_constraints(table)
            )
            checks = sorted(
                (c.get("name"), c["sqltext"]) for c in found.get_check_constraints(table)
            )
            count = conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            out[table] = {
                "columns": columns,
                "primary key": (keys.get("name"), tuple(keys["constrained_columns"])),
                "foreign keys": foreign,
                "indexes": indexes,
                "unique": uniques,
                "checks": checks,
                "rows": count,
            }
        if conn.dialect.name == "sqlite":
            # the stored definitions, whatever reflection omits: a table's parts (columns with
            # their own constraints, then table constraints) in any order; indexes, triggers
            out["sqlite objects"] = sorted(
                (kind, name, _parts(str(sql)) if kind == "table" else " ".join(str(sql).split()))
                for kind, name, sql in conn.exec_driver_sql(
                    "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
                )
            )
        else:
            out["postgresql indexes"] = sorted(
                conn.execute(
                    text(
                        "SELECT tablename, indexname, indexdef FROM pg_indexes "
                        "WHERE schemaname = current_schema()"
                    )
                ).all()
            )
            out["postgresql triggers and views"] = sorted(
                conn.execute(
                    text(
                        "SELECT 'trigger', tgname FROM pg_trigger WHERE NOT tgisinternal "
                        "UNION ALL SELECT 'view', viewname FROM pg_views "
                        "WHERE schemaname = current_schema()"
                    )
                ).all()
            )
        out["revision"] = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return out


@pytest.fixture
def second_url(store_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Another empty database on the same backend as ``store_url``."""
    if "://" not in store_url:
        yield str(tmp_path / "migrated.db")
        return
    with postgres_database(request.getfixturevalue("postgres_server")) as url:
        yield url


def test_a_new_store_has_the_schema_the_migrations_build(store_url: str, second_url: str) -> None:
    with _engine(store_url) as created:
        migrate.ensure_current(created)  # an empty database: made from the tables
        made = _schema(created)
    with _engine(second_url) as migrated:
        migrate.upgrade(migrated)  # every shipped migration, one after another
        expected = _schema(migrated)
    assert made["revision"] == [(SCHEMA_HEAD,)]
    assert "commitment" in made and "status_update" in made
    assert made == expected


def test_a_new_store_is_made_without_alembic(tmp_path: Path) -> None:
    """Opening a new SQLite store, in a fresh interpreter, imports no part of Alembic."""
    import subprocess

    code = (
        "import sys, pledgetrack as pt\n"
        f"pt.open({str(tmp_path / 'new.db')!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_a_store_made_from_the_tables_migrates_down_and_up(store_url: str) -> None:
    with pt.open(store_url) as tracker:
        assert tracker.count() == 0
    with _engine(store_url) as engine:
        made = _schema(engine)
        migrate.downgrade(engine, "base")
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == SCHEMA_HEAD
        assert _schema(engine) == made
