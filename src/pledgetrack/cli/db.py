"""``db upgrade|downgrade|current|history``: the store's schema migrations."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from pledgetrack.cli.app import app
from pledgetrack.cli.common import DbOption, console, handle_errors

__all__ = ["db_app"]

db_app = typer.Typer(
    help="The store's schema: upgrade, downgrade, current revision, history.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(db_app, name="db")


def _engine(db: str | None) -> object:
    from pledgetrack.store.engine import create_store_engine, resolve_url

    return create_store_engine(resolve_url(db))


@db_app.command("upgrade", epilog="Example: pledgetrack db upgrade --db pledges.db")
@handle_errors
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="The revision to go up to.")] = "head",
    db: DbOption = None,
) -> None:
    """Upgrade the store's schema (to the newest revision by default)."""
    from pledgetrack.store import migrate
    from pledgetrack.store.engine import create_store_engine, resolve_url

    engine = create_store_engine(resolve_url(db))
    try:
        _guard(migrate.upgrade, engine, revision)
        console.print(f"schema at {migrate.current_revision(engine)}")
    finally:
        engine.dispose()


@db_app.command(
    "downgrade", epilog="Example: pledgetrack db downgrade 0001_initial --db pledges.db"
)
@handle_errors
def db_downgrade(
    revision: Annotated[
        str, typer.Argument(help="The revision to go down to (-1: one step; base: none).")
    ] = "-1",
    db: DbOption = None,
) -> None:
    """Downgrade the store's schema (one step by default). Data of dropped tables is lost."""
    from pledgetrack.store import migrate
    from pledgetrack.store.engine import create_store_engine, resolve_url

    engine = create_store_engine(resolve_url(db))
    try:
        dropped = _guard(migrate.downgrade, engine, revision)
        console.print(f"schema at {migrate.current_revision(engine) or 'base (empty)'}")
        if isinstance(dropped, dict) and dropped:
            rows = sum(dropped.values())
            tables = ", ".join(f"{t} ({n})" for t, n in dropped.items())
            console.print(f"dropped {len(dropped)} tables holding {rows} rows: {escape(tables)}")
    finally:
        engine.dispose()


@db_app.command("current", epilog="Example: pledgetrack db current --db pledges.db")
@handle_errors
def db_current(db: DbOption = None) -> None:
    """Print the store's schema revision (and whether it is the newest)."""
    from pledgetrack.store import migrate
    from pledgetrack.store.engine import create_store_engine, resolve_url

    engine = create_store_engine(resolve_url(db))
    try:
        current = _guard(migrate.current_revision, engine)
    finally:
        engine.dispose()
    head = migrate.head_revision()
    state = "newest" if current == head else f"newest is {head}"
    console.print(f"{current or 'none (empty store)'} ({state})")


@db_app.command("history", epilog="Example: pledgetrack db history")
def db_history() -> None:
    """List the schema revisions this version knows, oldest first."""
    from pledgetrack.store import migrate

    for revision, down, message in migrate.revisions():
        title = message.splitlines()[0] if message else ""
        console.print(f"{revision} (after {down or 'base'}): {escape(title)}")


def _guard(action: object, *args: object) -> object:
    """Run a migration call, turning database and Alembic errors into StoreError."""
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    from pledgetrack.errors import StoreError

    try:
        return action(*args)  # type: ignore[operator]
    except CommandError as err:
        raise StoreError(f"migration: {err}") from None
    except SQLAlchemyError as err:
        raise StoreError(f"database error: {getattr(err, 'orig', None) or err}") from None
