"""Schema migrations, shipped in the package and applied when a store is opened.

A database older than the library is upgraded; one whose revision this library does not know
(written by a newer pledgetrack) is refused with :class:`~pledgetrack.errors.SchemaTooNewError`.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from pledgetrack.errors import SchemaTooNewError, StoreError

__all__ = [
    "current_revision",
    "downgrade",
    "ensure_current",
    "head_revision",
    "revisions",
    "upgrade",
]

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest revision this library knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def revisions() -> list[tuple[str, str | None, str]]:
    """Every known revision, oldest first, as ``(revision, down_revision, message)``."""
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


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it has no pledgetrack schema)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(engine: Engine, action: str, revision: str) -> None:
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        if action == "upgrade":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (default: the newest)."""
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "-1") -> None:
    """Migrate the database down to ``revision`` (``base`` removes every table)."""
    _run(engine, "downgrade", revision)


def ensure_current(engine: Engine) -> None:
    """Upgrade an older or empty database; refuse a newer or foreign one."""
    current = current_revision(engine)
    known = {rev for rev, _down, _msg in revisions()}
    if current is not None and current not in known:
        raise SchemaTooNewError(
            f"the database is at schema revision {current!r}, which this version of pledgetrack "
            f"does not know (newest known: {head_revision()!r}); upgrade pledgetrack to open it"
        )
    if current is None:
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        if {"commitment", "source"} & tables:
            raise StoreError(
                "the database has pledgetrack-like tables but no schema revision; "
                "it was not created by pledgetrack"
            )
    if current != head_revision():
        upgrade(engine)
