"""Schema migrations, shipped in the package and applied when a store is opened.

A database older than the library is upgraded; one whose revision this library does not know
(written by a newer pledgetrack) is refused with :class:`~pledgetrack.errors.SchemaTooNewError`.

Opening is safe from many processes at once. The state of the database is first read without
taking any lock; only when it must be upgraded does the opener take the store's lock (SQLite:
a ``BEGIN IMMEDIATE`` write transaction; PostgreSQL: a transaction-level advisory lock), read
the revision again under that lock, and migrate in the same transaction, so one process
creates the schema and the others find it done.

A database that is not a pledgetrack store is refused before anything is written to it: a
SQLite file holding any table but no pledgetrack revision, a PostgreSQL database holding
pledgetrack's table names but no revision. An empty file is switched to WAL and given the
schema only once it is known to be empty.

A store already at this version's schema is recognised with one query
(:func:`~pledgetrack.store.engine.stored_revision`). An empty database opened as a store is
given the newest schema straight from the table definitions, and the newest revision is
recorded as Alembic records it (a test checks that this builds exactly the schema the
migrations build, on SQLite and PostgreSQL). Alembic is imported only to read the migrations'
history or to migrate an older store (and by :func:`upgrade`, which always runs the
migrations).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    text,
)

from pledgetrack.errors import SchemaTooNewError, StoreError
from pledgetrack.store.engine import (
    SCHEMA_HEAD,
    SCHEMA_REVISIONS,
    engine_is_read_only,
    stored_revision,
    writing,
)

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "DowngradeReport",
    "current_revision",
    "downgrade",
    "ensure_current",
    "head_revision",
    "revisions",
    "upgrade",
]

MIGRATIONS = Path(__file__).with_name("migrations")
#: the PostgreSQL advisory lock key pledgetrack's migrations take ("pledgetr" in ASCII)
ADVISORY_LOCK_KEY = 0x706C656467657472
_OURS = frozenset(
    {
        "source",
        "commitment",
        "commitment_actor",
        "commitment_theme",
        "commitment_field",
        "status_update",
        "citation",
        "field_definition",
        "vocabulary",
        "vocabulary_label",
    }
)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest revision this library knows (:data:`~pledgetrack.store.engine.SCHEMA_HEAD`)."""
    return SCHEMA_HEAD


def alembic_head() -> str | None:
    """The newest revision as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def revisions() -> list[tuple[str, str | None, str]]:
    """Every known revision, oldest first, as ``(revision, down_revision, message)``."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    out = [
        (
            rev.revision,
            rev.down_revision if isinstance(rev.down_revision, str) else None,
            rev.doc or "",
        )
        for rev in script.walk_revisions()
    ]
    return list(reversed(out))


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    """A connection whose transaction only reads (on SQLite a deferred ``BEGIN``: no lock)."""
    with engine.connect() as conn:
        yield conn


def _state(conn: Connection) -> tuple[str | None, set[str]]:
    """The revision and the table names of the database ``conn`` is connected to."""
    tables = set(inspect(conn).get_table_names())
    revision = None
    if "alembic_version" in tables:
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        revision = str(rows[0][0]) if len(rows) == 1 else None
    return revision, {t for t in tables if not t.startswith("sqlite_")} - {"alembic_version"}


def _version_table() -> Table:
    """Alembic's own record of the revision: the table, its column and its key, as it makes them."""
    return Table(
        "alembic_version",
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )


def _create(conn: Connection) -> None:
    """Give an empty database the newest schema from the table definitions, at SCHEMA_HEAD."""
    from pledgetrack.store.tables import metadata

    metadata.create_all(conn)
    version = _version_table()
    version.create(conn, checkfirst=True)  # a store migrated down to nothing keeps it, empty
    conn.execute(version.insert().values(version_num=SCHEMA_HEAD))


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it has no pledgetrack schema)."""
    return stored_revision(engine)


def _check(revision: str | None, tables: set[str], backend: str) -> None:
    """Refuse a database written by a newer pledgetrack, or one that is not a store at all."""
    if revision is not None and revision not in SCHEMA_REVISIONS:
        raise SchemaTooNewError(
            f"the database is at schema revision {revision!r}, which this version of pledgetrack "
            f"does not know (newest known: {head_revision()!r}); upgrade pledgetrack to open it"
        )
    if revision is not None:
        return
    if backend == "sqlite" and tables:
        shown = ", ".join(sorted(tables)[:5]) + (" …" if len(tables) > 5 else "")
        raise StoreError(
            f"the file holds tables ({shown}) but no pledgetrack schema revision: it was not "
            "created by pledgetrack and was left unchanged; give a new file or a pledgetrack store"
        )
    if tables & _OURS:
        raise StoreError(
            "the database has pledgetrack-like tables but no schema revision; "
            "it was not created by pledgetrack and was left unchanged"
        )


def _use_wal(engine: Engine) -> None:
    """Switch a SQLite file to WAL (kept in the file; a no-op when it already is)."""
    if engine.url.get_backend_name() != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode is not None and str(mode[0]).lower() not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
    finally:
        raw.close()


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A write transaction holding the store's migration lock until it ends."""
    with writing(engine).begin() as conn:  # SQLite: BEGIN IMMEDIATE, waits up to the timeout
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        yield conn


def _refuse_read_only(engine: Engine, revision: str | None) -> None:
    if engine_is_read_only(engine):
        raise StoreError(
            f"the store is read-only and at schema revision {revision or 'none'!r}, older than "
            f"this pledgetrack's {head_revision()!r}: open it once where it can be written, "
            "so that it can be upgraded"
        )


def _alembic(conn: Connection, action: str, revision: str) -> None:
    from alembic import command

    config = _config()
    config.attributes["connection"] = conn
    if action == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (default: the newest), running each migration.

    A foreign database is refused before anything is written to it.
    """
    with _reading(engine) as conn:
        current, tables = _state(conn)
    _check(current, tables, engine.url.get_backend_name())
    _refuse_read_only(engine, current)
    _use_wal(engine)
    with _locked(engine) as conn:
        current, tables = _state(conn)
        _check(current, tables, conn.dialect.name)
        _alembic(conn, "upgrade", revision)


def ensure_current(engine: Engine) -> None:
    """Upgrade an older database, give an empty one the newest schema; refuse a newer or
    foreign one.

    Safe when many processes open the same new store at once: see the module's description.
    A store at the newest revision costs one query; an empty one is created without Alembic.
    """
    if stored_revision(engine) == SCHEMA_HEAD:
        return
    with _reading(engine) as conn:
        current, tables = _state(conn)
    _check(current, tables, engine.url.get_backend_name())
    if current == head_revision():
        return
    _refuse_read_only(engine, current)
    _use_wal(engine)
    with _locked(engine) as conn:
        current, tables = _state(conn)
        _check(current, tables, conn.dialect.name)
        if current is None and not tables:
            _create(conn)
        elif current != head_revision():
            _alembic(conn, "upgrade", "head")


class DowngradeReport(dict[str, int]):
    """The rows each table dropped by a downgrade held (table → rows), now gone."""


def _counts(conn: Connection, tables: set[str]) -> dict[str, int]:
    prep = conn.dialect.identifier_preparer
    return {
        t: int(conn.execute(text(f"SELECT COUNT(*) FROM {prep.quote(t)}")).scalar_one())
        for t in sorted(tables)
    }


def downgrade(engine: Engine, revision: str = "-1") -> DowngradeReport:
    """Migrate the database down to ``revision`` (``base`` removes every table).

    The whole downgrade is one transaction. On SQLite, foreign keys are not enforced while
    tables are dropped and rebuilt (the order SQLite's own documentation gives for schema
    changes) and are checked before the commit: if any row would be left pointing at nothing,
    the downgrade is refused and nothing is changed. Returns the rows of the dropped tables.
    """
    _refuse_read_only(engine, current_revision(engine))
    with writing(engine).connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.dbapi_connection
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
                    )
                _revision, before = _state(conn)
                counts = _counts(conn, before)
                _alembic(conn, "downgrade", revision)
                _revision, after = _state(conn)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        table, rowid, parent = broken[0][0], broken[0][1], broken[0][2]
                        raise StoreError(
                            f"downgrade to {revision!r} refused, nothing was changed: "
                            f"{len(broken)} row(s) would point at nothing (first: {table} row "
                            f"{rowid} → {parent})"
                        )
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
    return DowngradeReport({t: n for t, n in counts.items() if t not in after})
