"""Where the store is and how to connect to it.

The location comes from the argument, else the ``PLEDGETRACK_DB`` environment variable, else
``./pledgetrack.db``. A location with ``://`` is a SQLAlchemy URL
(``postgresql+psycopg://user@host/db``, ``sqlite:///file.db``); anything else is a SQLite file
path. SQLite connections turn foreign keys on, use WAL and wait up to 30 s on a lock.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from pledgetrack.errors import StoreError

__all__ = ["DEFAULT_LOCATION", "ENV_VAR", "create_store_engine", "resolve_url"]

ENV_VAR = "PLEDGETRACK_DB"
DEFAULT_LOCATION = "pledgetrack.db"
BUSY_TIMEOUT_MS = 30_000


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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, begin transactions, so SAVEPOINTs work (SQLAlchemy's
    # documented pysqlite recipe), then set the pragmas.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def create_store_engine(url: URL) -> Engine:
    """An engine for ``url``, with pledgetrack's connection settings."""
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)
