"""What every command shares: the store option, error reporting, progress bars, output.

Exit codes: 0 success, 1 bad input or data (a record that does not validate, a key that is
not there, an import with problems, a store that cannot be used, a file that cannot be read or
written — a full disk is called one), 2 a usage error (an unknown option, a missing argument,
an option value of the wrong form). Errors go to stderr and name the file, record or row, and
field; never a traceback.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from pledgetrack.errors import NotFoundError, PledgetrackError, ValidationError

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = [
    "EXIT_DATA",
    "EXIT_USAGE",
    "AuthorOption",
    "DbOption",
    "console",
    "date_option",
    "err_console",
    "fail",
    "handle_errors",
    "open_store",
    "progress_bar",
    "text_width",
]

EXIT_DATA = 1
EXIT_USAGE = 2

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

AuthorOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        envvar="PLEDGETRACK_AUTHOR",
        show_envvar=True,
        help="Who makes this assessment or change (default: $PLEDGETRACK_AUTHOR, else none).",
    ),
]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="PLEDGETRACK_DB",
        show_envvar=True,
        help="The store: a SQLite file or a database URL (default ./pledgetrack.db).",
    ),
]

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int = EXIT_DATA) -> typer.Exit:
    """Print ``message`` on stderr and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _describe(err: PledgetrackError) -> list[str]:
    from pledgetrack.io.problems import ImportFailed

    if isinstance(err, ImportFailed):
        count = len(err.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''}; nothing was imported:"]
        lines += [f"  {p}" for p in err.problems]
        return lines
    if isinstance(err, NotFoundError):
        return [str(err)]
    return [str(err)]


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn pledgetrack's errors into a message on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PledgetrackError as err:
            lines = _describe(err)
            err_console.print(f"[bold red]error:[/] {_escape(lines[0])}", markup=True)
            for line in lines[1:]:
                err_console.print(line, markup=False)
            raise typer.Exit(EXIT_DATA) from None
        except OSError as err:  # a file the command reads or writes: said plainly, no traceback
            full = err.errno == errno.ENOSPC
            reason = "the disk is full" if full else (err.strerror or str(err))
            where = f"{err.filename}: " if err.filename else ""
            err_console.print(f"[bold red]error:[/] {_escape(where + reason)}", markup=True)
            raise typer.Exit(EXIT_DATA) from None

    return wrapper


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@contextmanager
def open_store(db: str | None, *, create: bool = True) -> Iterator[Tracker]:
    """The tracker for ``--db`` / ``$PLEDGETRACK_DB``, upgraded as needed.

    With ``create`` False (the commands that only read) a SQLite file that is not there is
    refused with a :class:`~pledgetrack.errors.StoreError` instead of being created.
    """
    import pledgetrack as pt

    if not create:
        from pledgetrack.store.engine import resolve_url
        from pledgetrack.store.lookup import require_store

        require_store(resolve_url(db))
    with pt.open(db) as tracker:
        yield tracker


def date_option(value: str | None, option: str | None = None) -> dt.date | None:
    """Parse an ISO date option; a usage error (exit 2) naming ``option`` when it is not one."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def text_width(*, terminal: bool | None = None, default: int = 100) -> int:
    """The width of text: the terminal's (at least 60) for a terminal (default: when stdout
    is one), else ``COLUMNS`` when set (at least 60), else ``default``."""
    if sys.stdout.isatty() if terminal is None else terminal:
        return max(console.width, 60)
    try:
        return max(int(os.environ.get("COLUMNS", "")), 60)
    except ValueError:
        return default


def interactive() -> bool:
    """True when stderr is a terminal (progress bars are drawn only then)."""
    return sys.stderr.isatty()


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A callback ``(done, total)`` drawing a progress bar on stderr, quiet off a terminal."""
    if not interactive():
        yield lambda _done, _total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def validation_error(record: str | None, field: str, value: Any, reason: str) -> ValidationError:
    """A ValidationError for command-line input (``record`` names what was being made)."""
    return ValidationError(record, field, value, reason)
