"""Schema: migrations with rows in place, refusing newer databases, the mapping drift."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from sqlalchemy import create_engine, inspect, text

import pledgetrack as pt
from pledgetrack.store import migrate
from pledgetrack.store.engine import create_store_engine, resolve_url
from pledgetrack.store.rows import FIELD_COLUMNS, INTERNAL_COLUMNS
from pledgetrack.store.tables import NAMING_CONVENTION, metadata
from pledgetrack.testing import make_commitment, make_source


def test_every_model_field_has_columns_and_every_column_a_field() -> None:
    """Adding a field to the model or a column to a table without mapping it fails here."""
    table_columns = {f"{t.name}.{c.name}" for t in metadata.tables.values() for c in t.columns}
    mapped: set[str] = set()
    for cls, fields in FIELD_COLUMNS.items():
        names = {f.name for f in attrs.fields(cls)}
        assert names == set(fields), f"{cls.__name__}: fields and mapping differ"
        for field, columns in fields.items():
            assert columns, f"{cls.__name__}.{field} has no column"
            for column in columns:
                assert column in table_columns, f"{cls.__name__}.{field} -> missing {column}"
            mapped.update(columns)
    unmapped = table_columns - mapped - INTERNAL_COLUMNS
    assert not unmapped, f"columns no model field maps to: {sorted(unmapped)}"


def test_every_constraint_is_named() -> None:
    assert metadata.naming_convention == NAMING_CONVENTION
    for table in metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"


def _tables(url: str) -> set[str]:
    engine = create_store_engine(resolve_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_empty_to_head_to_base_to_head_with_rows(store_url: str) -> None:
    engine = create_store_engine(resolve_url(store_url))
    try:
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        with pt.open(store_url) as tracker:
            tracker.add_source(make_source())
            tracker.add_commitment(make_commitment())
            tracker.record_status("china-digital-training", "in_progress", effective="2025-01-01")
        migrate.downgrade(engine, "base")
        assert migrate.current_revision(engine) is None
        assert _tables(store_url) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        with pt.open(store_url) as tracker:
            assert tracker.count() == 0
            tracker.add_source(make_source())
            tracker.add_commitment(make_commitment())
            assert tracker.count() == 1
    finally:
        engine.dispose()


def test_each_step_down_and_up_keeps_rows(store_url: str) -> None:
    """Stepping one revision down and back up keeps the data of the core tables."""
    with pt.open(store_url) as tracker:
        tracker.add_source(make_source())
        tracker.add_commitment(make_commitment())
    revisions = [rev for rev, _down, _msg in migrate.revisions()]
    engine = create_store_engine(resolve_url(store_url))
    try:
        for _ in revisions[1:]:
            migrate.downgrade(engine, "-1")
        assert migrate.current_revision(engine) == revisions[0]
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    with pt.open(store_url) as tracker:
        assert tracker.get_commitment("china-digital-training").citations[0].start is not None


def test_open_upgrades_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_store_engine(resolve_url(str(path)))
    migrate.upgrade(engine, migrate.revisions()[0][0])
    engine.dispose()
    with pt.open(path) as tracker:
        assert tracker.schema_revision() == migrate.head_revision()


def test_newer_database_is_refused(store_url: str) -> None:
    with pt.open(store_url) as tracker:
        tracker.add_source(make_source())
        with tracker.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(pt.SchemaTooNewError, match="9999_future"):
        pt.open(store_url)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE commitment (id INTEGER PRIMARY KEY, what TEXT)"))
    engine.dispose()
    with pytest.raises(pt.StoreError, match="not created by pledgetrack"):
        pt.open(path)


def test_sqlite_settings(tmp_path: Path) -> None:
    with pt.open(tmp_path / "p.db") as tracker, tracker.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_status_history_is_indexed_by_commitment_and_date(store_url: str) -> None:
    with pt.open(store_url) as tracker:
        indexes = inspect(tracker.engine).get_indexes("status_update")
    assert any(ix["column_names"][:2] == ["commitment_id", "effective"] for ix in indexes)


class TestLocation:
    def test_argument_then_environment_then_default(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        monkeypatch.delenv("PLEDGETRACK_DB", raising=False)
        assert resolve_url().database == "pledgetrack.db"
        monkeypatch.setenv("PLEDGETRACK_DB", str(tmp_path / "env.db"))
        assert resolve_url().database == str(tmp_path / "env.db")
        assert resolve_url("arg.db").database == "arg.db"
        monkeypatch.setenv("PLEDGETRACK_DB", "postgresql://u@h/db")
        assert resolve_url().drivername == "postgresql+psycopg"

    def test_open_uses_the_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PLEDGETRACK_DB", str(tmp_path / "env.db"))
        with pt.open() as tracker:
            tracker.add_source(make_source())
        assert (tmp_path / "env.db").exists()

    @pytest.mark.parametrize(
        ("location", "message"),
        [("mysql://u@h/db", "unsupported"), ("/no/such/folder/p.db", "does not exist")],
    )
    def test_bad_locations(self, location: str, message: str) -> None:
        with pytest.raises(pt.StoreError, match=message):
            pt.open(location)

    def test_unreachable_server(self) -> None:
        with pytest.raises(pt.StoreError):
            pt.open("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
