"""``pledgetrack summary`` and ``pledgetrack report``: thin wrappers over
:func:`pledgetrack.rollups.summarize` and :mod:`pledgetrack.render`.

Both read the arguments into a filter, dimensions and dates first, then open the store, then
render. Bad input (an unknown dimension, status or custom field, a date that is not
``YYYY-MM-DD``, a store that is not there) is reported on stderr with the valid choices and
exits with code 1; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pledgetrack.cli.app import app
from pledgetrack.cli.common import DbOption, console, handle_errors
from pledgetrack.errors import StoreError, ValidationError

if TYPE_CHECKING:
    from pledgetrack.model.filter import Filter
    from pledgetrack.rollups import Summary
    from pledgetrack.tracker import Tracker

__all__ = ["report_command", "summary_command"]


class SummaryFormat(enum.StrEnum):
    """Output formats of ``summary``."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    CSV = "csv"


class CsvTable(enum.StrEnum):
    """The table ``--format csv`` writes."""

    GROUPS = "groups"
    ITEMS = "items"


AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="The date to summarise as of, YYYY-MM-DD (default today)."),
]
By = Annotated[
    list[str] | None,
    typer.Option(
        "--by",
        help="Group by: actor, theme, event, announced_year, deadline_year, parent or "
        "field:NAME (repeatable: groups by every combination).",
    ),
]
Actors = Annotated[
    list[str] | None, typer.Option("--actor", help="Only these actors (repeatable).")
]
Themes = Annotated[
    list[str] | None, typer.Option("--theme", help="Only these themes (repeatable).")
]
Events = Annotated[
    list[str] | None, typer.Option("--event", help="Only these events (repeatable).")
]
Statuses = Annotated[
    list[str] | None,
    typer.Option("--status", help="Only these canonical statuses as of the date (repeatable)."),
]
Keys = Annotated[
    list[str] | None, typer.Option("--key", help="Only these commitments (repeatable).")
]
Fields = Annotated[
    list[str] | None, typer.Option("--field", help="A custom field NAME=VALUE (repeatable).")
]
DueFrom = Annotated[str | None, typer.Option("--due-from", help="Due on or after (YYYY-MM-DD).")]
DueTo = Annotated[str | None, typer.Option("--due-to", help="Due on or before (YYYY-MM-DD).")]
AnnouncedFrom = Annotated[
    str | None, typer.Option("--announced-from", help="Announced on or after (YYYY-MM-DD).")
]
AnnouncedTo = Annotated[
    str | None, typer.Option("--announced-to", help="Announced on or before (YYYY-MM-DD).")
]
Overdue = Annotated[
    bool | None, typer.Option("--overdue/--not-overdue", help="Only overdue (or not).")
]
HasDeadline = Annotated[
    bool | None,
    typer.Option("--has-deadline/--no-deadline", help="Only with (or without) a deadline."),
]
Parent = Annotated[str | None, typer.Option("--parent", help="Only the children of this key.")]
DueWithin = Annotated[
    int, typer.Option("--due-within", min=0, help="Days ahead that count as due soon.")
]
Since = Annotated[
    str | None,
    typer.Option("--since", help="Also show which commitments changed status since this date."),
]
Listing = Annotated[
    bool | None,
    typer.Option(
        "--list/--no-list",
        help="List the commitments of each section (default: when there are at most 200).",
    ),
]
Limit = Annotated[
    int, typer.Option("--limit", min=0, help="At most this many listed a section (0: no limit).")
]
Title = Annotated[str, typer.Option("--title", help="The summary's title.")]


def _date(value: str | None, field: str) -> dt.date | None:
    from pledgetrack.model import to_date

    return None if value is None else to_date(value, field)


def _pairs(values: Sequence[str]) -> list[tuple[str, str]]:
    out = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip():
            raise ValidationError("command line", "field", value, "give NAME=VALUE")
        out.append((name.strip(), rest))
    return out


def _filter(options: dict[str, Any]) -> Filter:
    from pledgetrack.model.filter import Filter

    try:
        return Filter(
            actors=options["actor"] or (),
            themes=options["theme"] or (),
            events=options["event"] or (),
            statuses=options["status"] or (),
            keys=options["key"] or (),
            due_from=_date(options["due_from"], "due_from"),
            due_to=_date(options["due_to"], "due_to"),
            announced_from=_date(options["announced_from"], "announced_from"),
            announced_to=_date(options["announced_to"], "announced_to"),
            overdue=options["overdue"],
            has_deadline=options["has_deadline"],
            parent=options["parent"],
        )
    except ValidationError as err:
        raise err.within("filter") from None


def _custom(tracker: Tracker, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    fields = getattr(tracker, "fields", None)
    specs = {f.name: f for f in fields()} if callable(fields) else {}
    return {
        name: specs[name].coerce(text, "filter") if name in specs else text for name, text in pairs
    }


def _check_store(db: str | None) -> None:
    """Refuse a SQLite file that does not exist: a summary never creates a store."""
    from pledgetrack.store.engine import resolve_url

    url = resolve_url(db)
    file = url.database if url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).exists():
        raise StoreError(f"no store at {url.database!r} (create one with `pledgetrack init`)")


def _build(
    options: dict[str, Any], *, detail: bool | None, evidence: bool = False
) -> Summary:
    """Read the options, open the store, summarise."""
    import pledgetrack as pt
    from pledgetrack.rollups import summarize
    from pledgetrack.rollups.dimensions import parse_dimensions

    as_of = _date(options["as_of"], "as_of")
    since = _date(options["since"], "since")
    dims = parse_dimensions(options["by"] or ())
    chosen = _filter(options)
    pairs = _pairs(options["field"] or ())
    _check_store(options["db"])
    with pt.open(options["db"]) as tracker:
        if pairs:
            import attrs

            chosen = attrs.evolve(chosen, custom=_custom(tracker, pairs))
        return summarize(
            tracker,
            as_of=as_of,
            by=dims,
            filter=chosen,
            due_within=options["due_within"],
            detail=detail,
            limit=options["limit"] or None,
            since=since,
            title=options["title"],
            evidence=evidence,
        )


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


@contextmanager
def _output(path: Path) -> Iterator[Any]:
    """A file written in full or not at all: a temporary file renamed into place, with the
    permissions any new file gets (``0666`` less the umask), not the temporary file's 0600."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise ValidationError("command line", "output", str(path), "its folder does not exist")
    handle, temporary = tempfile.mkstemp(prefix=".pledgetrack-", dir=folder)
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _columns(default: int = 100) -> int:
    """The width for text written to a file or a pipe: ``COLUMNS`` when set (at least 60)."""
    try:
        return max(int(os.environ.get("COLUMNS", "")), 60)
    except ValueError:
        return default


def _render(summary: Summary, fmt: SummaryFormat, table: CsvTable, *, to_terminal: bool) -> str:
    from pledgetrack import render

    if fmt is SummaryFormat.TEXT:
        if to_terminal:
            width = max(console.width, 60)
            return render.render_text(summary, width=width, color=True)
        return render.render_text(summary, width=_columns())
    if fmt is SummaryFormat.CSV:
        return render.render_csv(summary, table.value)
    return render.render(summary, fmt.value)


@app.command(
    "summary",
    epilog=(
        "Examples: pledgetrack summary --db sco.db; pledgetrack summary --as-of 2025-12-31 "
        "--by theme --format json -o summary.json"
    ),
)
@handle_errors
def summary_command(
    db: DbOption = None,
    as_of: AsOf = None,
    by: By = None,
    actor: Actors = None,
    theme: Themes = None,
    event: Events = None,
    status: Statuses = None,
    key: Keys = None,
    field: Fields = None,
    due_from: DueFrom = None,
    due_to: DueTo = None,
    announced_from: AnnouncedFrom = None,
    announced_to: AnnouncedTo = None,
    overdue: Overdue = None,
    has_deadline: HasDeadline = None,
    parent: Parent = None,
    due_within: DueWithin = 365,
    since: Since = None,
    listing: Listing = None,
    limit: Limit = 50,
    title: Title = "Commitments",
    fmt: Annotated[
        SummaryFormat, typer.Option("--format", help="text, markdown, html, json or csv.")
    ] = SummaryFormat.TEXT,
    table: Annotated[
        CsvTable, typer.Option("--table", help="With --format csv: groups or items.")
    ] = CsvTable.GROUPS,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
) -> None:
    """What was promised, is due, overdue, delivered: counts, scores and lists as of a date."""
    options = dict(locals())
    summary = _build(options, detail=listing)
    if output is not None:
        text = _render(summary, fmt, table, to_terminal=False)
        with _output(output) as stream:
            stream.write(text)
        return
    text = _render(summary, fmt, table, to_terminal=fmt is SummaryFormat.TEXT and _tty())
    sys.stdout.write(text)
    sys.stdout.flush()


def _tty() -> bool:
    return sys.stdout.isatty()


@app.command(
    "report",
    epilog="Example: pledgetrack report --db sco.db --by theme -o report.html",
)
@handle_errors
def report_command(
    db: DbOption = None,
    as_of: AsOf = None,
    by: By = None,
    actor: Actors = None,
    theme: Themes = None,
    event: Events = None,
    status: Statuses = None,
    key: Keys = None,
    field: Fields = None,
    due_from: DueFrom = None,
    due_to: DueTo = None,
    announced_from: AnnouncedFrom = None,
    announced_to: AnnouncedTo = None,
    overdue: Overdue = None,
    has_deadline: HasDeadline = None,
    parent: Parent = None,
    due_within: DueWithin = 365,
    since: Since = None,
    listing: Listing = None,
    limit: Limit = 50,
    title: Title = "Commitments",
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path(
        "pledgetrack-report.html"
    ),
) -> None:
    """Write a self-contained HTML report (charts, figures, lists) as of a date."""
    from pledgetrack.cli.grid import report_grid
    from pledgetrack.render import render_html

    options = dict(locals())
    summary = _build(options, detail=listing, evidence=True)
    page = render_html(summary, grid=report_grid(options))
    with _output(output) as stream:
        stream.write(page)
    console.print(f"wrote {output} ({summary.total:,} commitments as of {summary.as_of})")
