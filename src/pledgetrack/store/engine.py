"""Where the store is and how to connect to it.

The location comes from the argument, else the ``PLEDGETRACK_DB`` environment variable, else
``./pledgetrack.db``. A location with ``://`` is a SQLAlchemy URL
(``postgresql+psycopg://user@host/db``, ``sqlite:///file.db``); anything else is a SQLite file
path.

SQLite connections turn foreign keys on and wait up to ``$PLEDGETRACK_BUSY_TIMEOUT`` seconds
(default 30) on a lock. Every SQLite transaction that writes (made through :func:`writing`)
begins ``IMMEDIATE``: it takes the write lock at its start, where SQLite can wait for it,
instead of upgrading a read lock half way through, where it cannot (that upgrade fails at once
with "database is locked"). Transactions that only read take no lock and never wait (WAL).
A store is switched to WAL only once it is known to be a pledgetrack store (see
:mod:`pledgetrack.store.migrate`).

A SQLite file that this process cannot write (a read-only file, folder or mount) is opened
read-only: it can be read (``summary``, ``list``, ``show``, ``export``), and any write is
refused with a :class:`~pledgetrack.errors.StoreError` saying the store is read-only.

A full disk is reported as such, whatever statement met it.

Opening a store that is at this version's schema costs one query (:func:`stored_revision`
against :data:`SCHEMA_HEAD`); Alembic is imported only when the schema must change.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from pledgetrack.errors import StoreError

__all__ = [
    "BUSY_TIMEOUT_ENV",
    "DEFAULT_LOCATION",
    "ENV_VAR",
    "SCHEMA_HEAD",
    "SCHEMA_REVISIONS",
    "busy_timeout",
    "create_store_engine",
    "engine_is_read_only",
    "is_read_only",
    "resolve_url",
    "sqlite_file",
    "stored_revision",
    "writing",
]

ENV_VAR = "PLEDGETRACK_DB"
DEFAULT_LOCATION = "pledgetrack.db"
BUSY_TIMEOUT_ENV = "PLEDGETRACK_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT = 30.0
#: kept for callers of earlier versions: the default busy timeout in milliseconds
BUSY_TIMEOUT_MS = int(DEFAULT_BUSY_TIMEOUT * 1000)
#: the execution option that marks a transaction as one that writes
WRITE_OPTION = "pledgetrack_write"

#: every schema revision of ``store/migrations``, oldest first; a test keeps it equal to
#: Alembic's own list, so that opening a store needs no Alembic
SCHEMA_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_fields_vocabularies",
    "0003_update_percent_actors",
    "0004_commitment_amendments",
    "0005_update_names_actors",
)
#: the schema revision this version of pledgetrack reads and writes (the newest migration)
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]

DISK_FULL = "the disk is full: nothing of this write was stored; free some space and run it again"


def busy_timeout() -> float:
    """Seconds a SQLite connection waits for a lock: ``$PLEDGETRACK_BUSY_TIMEOUT`` or 30."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:
        raise StoreError(
            f"{BUSY_TIMEOUT_ENV}={raw[:40]!r} must be a number of seconds from 0 to 86400"
        )
    return seconds


def resolve_url(location: str | os.PathLike[str] | None = None) -> URL:
    """The database URL for ``location``, ``$PLEDGETRACK_DB`` or ``./pledgetrack.db``."""
    raw = (
        os.fspath(location) if location is not None else os.environ.get(ENV_VAR) or DEFAULT_LOCATION
    )
    if "://" in raw:
        try:
            url = make_url(raw)
        except ArgumentError as err:
            raise StoreError(f"not a database URL: {raw!r} ({err})") from None
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            backend = url.get_backend_name()
            raise StoreError(
                f"unsupported database {backend!r} in {raw!r}: use sqlite or postgresql"
            )
        return url
    path = Path(raw).expanduser()
    if path.is_dir():
        raise StoreError(f"{raw!r} is a directory, not a database file")
    if not path.parent.exists():
        raise StoreError(f"cannot create {raw!r}: folder {str(path.parent)!r} does not exist")
    return URL.create("sqlite+pysqlite", database=str(path))


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL, in-memory or URI databases)."""
    if url.get_backend_name() != "sqlite":
        return None
    name = url.database or ""
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def is_read_only(url: URL) -> bool:
    """True for an existing SQLite file this process may read but not write.

    That is a file without write permission, or one in a folder where SQLite cannot create
    its lock and journal files.
    """
    path = sqlite_file(url)
    if path is None or not path.exists():
        return False
    folder = path.resolve().parent
    return not os.access(path, os.W_OK) or not os.access(folder, os.W_OK)


def _read_only_url(path: Path) -> URL:
    """A URI opening ``path`` read-only (immutable when no other process can be writing it)."""
    resolved = path.resolve()
    options = "mode=ro"
    shm = resolved.with_name(resolved.name + "-shm")
    if not os.access(resolved.parent, os.W_OK) and not shm.exists():
        # No -shm file and none can be made: SQLite can only read the file as it stands.
        options += "&immutable=1"
    return URL.create(
        "sqlite+pysqlite", database=f"file:{quote(str(resolved))}?{options}", query={"uri": "true"}
    )


def _sqlite_pragmas(timeout: float) -> Any:
    def connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, begin transactions, so SAVEPOINTs work (SQLAlchemy's
        # documented pysqlite recipe), then set the pragmas. None of them writes to the file:
        # the switch to WAL is made by migrate.ensure_current once the file is known to be ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return connect


def _sqlite_begin(read_only: bool) -> Any:
    def begin(conn: Any) -> None:
        conn.info.pop("pledgetrack_failure", None)
        # A write transaction takes the write lock at BEGIN, where the busy timeout applies;
        # a read transaction takes no lock at all (WAL readers never wait for writers).
        write = conn.get_execution_options().get(WRITE_OPTION, False) and not read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return begin


def writing(engine: Engine) -> Engine:
    """``engine`` for transactions that write: on SQLite they begin ``IMMEDIATE``.

    Every write of pledgetrack goes through it; a plain ``engine.connect()`` reads.
    """
    return engine.execution_options(**{WRITE_OPTION: True})


def _is_disk_full(err: BaseException | None) -> bool:
    seen: set[int] = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, sqlite3.Error) and getattr(err, "sqlite_errorcode", None) == 13:
            return True
        if isinstance(err, OSError) and err.errno == errno.ENOSPC:
            return True
        if getattr(err, "sqlstate", None) == "53100":  # PostgreSQL disk_full
            return True
        text = str(err).lower()
        if "database or disk is full" in text or "no space left on device" in text:
            return True
        err = err.__cause__ or err.__context__
    return False


def _translate_errors(read_only: bool) -> Any:
    def handle(context: ExceptionContext) -> BaseException | None:
        original = context.original_exception
        if _is_disk_full(original):
            return StoreError(DISK_FULL)
        text = str(original)
        if "no such savepoint" in text or "cannot rollback - no transaction" in text:
            # SQLite ends the whole transaction on a full disk (and a few other hard errors);
            # the savepoint it then cannot find only hides the first error.
            first = (
                context.connection.info.get("pledgetrack_failure") if context.connection else None
            )
            if first is not None:
                return StoreError(first)
        if read_only and "readonly database" in text:
            return StoreError(
                "the store is read-only (the file, its folder or the disk cannot be written): "
                "it can be read, not changed"
            )
        return None

    return handle


def _remember_failure(context: ExceptionContext) -> None:
    if context.connection is not None and _is_disk_full(context.original_exception):
        context.connection.info["pledgetrack_failure"] = DISK_FULL


def create_store_engine(url: URL) -> Engine:
    """An engine for ``url``, with pledgetrack's connection settings."""
    if url.get_backend_name() == "sqlite":
        timeout = busy_timeout()
        path = sqlite_file(url)
        read_only = is_read_only(url)
        target = _read_only_url(path) if read_only and path is not None else url
        engine = create_engine(target, connect_args={"timeout": timeout})
        event.listen(engine, "connect", _sqlite_pragmas(timeout))
        event.listen(engine, "begin", _sqlite_begin(read_only))
    else:
        engine = create_engine(url, pool_pre_ping=True)
        read_only = False
    event.listen(engine, "handle_error", _remember_failure)
    event.listen(engine, "handle_error", _translate_errors(read_only), retval=True)
    return engine


def engine_is_read_only(engine: Engine) -> bool:
    """True when ``engine`` opens its SQLite file read-only."""
    name = engine.url.database or ""
    return (
        engine.url.get_backend_name() == "sqlite"
        and name.startswith("file:")
        and ("mode=ro" in name)
    )


def stored_revision(engine: Engine) -> str | None:
    """The schema revision the database records, read with one query.

    None when it records none: no ``alembic_version`` table (an empty or foreign database),
    no row in it, or more than one.
    """
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError as err:
        if _is_missing_table(err):
            return None
        raise
    return str(rows[0][0]) if len(rows) == 1 else None


def _is_missing_table(err: DBAPIError) -> bool:
    """True when ``err`` says the ``alembic_version`` table does not exist."""
    if getattr(err.orig, "sqlstate", None) == "42P01":  # PostgreSQL undefined_table
        return True
    return "no such table" in str(err.orig)
