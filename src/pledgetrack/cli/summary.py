"""``pledgetrack summary`` and ``pledgetrack report``: thin wrappers over
:func:`pledgetrack.rollups.summarize` and :mod:`pledgetrack.render`.

Both read the arguments into a filter, dimensions and dates first, then open the store, then
render. An option value of the wrong form (an unknown dimension or status, a date that is not
``YYYY-MM-DD``) is a usage error (exit code 2) naming the option and the value; a store that
is not there exits with code 1. Nothing is written either way.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pledgetrack.cli.app import app
from pledgetrack.cli.common import DbOption, console, handle_errors, open_store, text_width
from pledgetrack.cli.filters import FilterOptions, filter_options, parse_date, usage

if TYPE_CHECKING:
    from pledgetrack.rollups import Summary

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
        help="Group by: actor, theme, event, announced_year, deadline_year, parent, label "
        "(the tracker's own label of the update in force) or field:NAME (repeatable: groups "
        "by every combination).",
    ),
]
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


def _date(value: str | None, option: str) -> dt.date | None:
    return parse_date(value, option)


def _build(
    options: dict[str, Any],
    filters: FilterOptions,
    *,
    detail: bool | None,
    evidence: bool = False,
) -> Summary:
    """Read the options, open the store, summarise."""
    from pledgetrack.rollups import summarize
    from pledgetrack.rollups.dimensions import parse_dimensions

    as_of = _date(options["as_of"], "--as-of")
    since = _date(options["since"], "--since")
    with usage("--by"):
        dims = parse_dimensions(options["by"] or ())
    with open_store(options["db"], create=False) as tracker:
        return summarize(
            tracker,
            as_of=as_of,
            by=dims,
            filter=filters.to_filter(tracker),
            due_within=options["due_within"],
            detail=detail,
            limit=options["limit"] or None,
            since=since,
            title=options["title"],
            evidence=evidence,
        )


def _render(summary: Summary, fmt: SummaryFormat, table: CsvTable, *, to_terminal: bool) -> str:
    from pledgetrack.render.registry import renderer

    options: dict[str, Any] = {}
    if fmt is SummaryFormat.TEXT:
        width = text_width(terminal=to_terminal)
        options = {"width": width, "color": to_terminal}
    elif fmt is SummaryFormat.CSV:
        options = {"table": table.value}
    return renderer("summary", fmt.value)(summary, **options)


@app.command(
    "summary",
    epilog=(
        "Examples: pledgetrack summary --db sco.db; pledgetrack summary --as-of 2025-12-31 "
        "--by theme --format json -o summary.json"
    ),
)
@handle_errors
@filter_options()
def summary_command(
    filters: FilterOptions,
    db: DbOption = None,
    as_of: AsOf = None,
    by: By = None,
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
    summary = _build(options, filters, detail=listing)
    if output is not None:
        from pledgetrack.io.files import write_text

        write_text(output, _render(summary, fmt, table, to_terminal=False))
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
@filter_options()
def report_command(
    filters: FilterOptions,
    db: DbOption = None,
    as_of: AsOf = None,
    by: By = None,
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
    from pledgetrack.render.registry import renderer

    options = dict(locals())
    summary = _build(options, filters, detail=listing, evidence=True)
    page = renderer("summary", "html")(summary, grid=report_grid(options, filters))
    from pledgetrack.io.files import write_text

    write_text(output, page)
    console.print(f"wrote {output} ({summary.total:,} commitments as of {summary.as_of})")
