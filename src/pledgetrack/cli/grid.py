"""``pledgetrack grid``: the compliance grid (members × commitments) as of a date.

A thin wrapper over :func:`pledgetrack.rollups.grid.compliance_grid` and
:mod:`pledgetrack.render.grid`; it takes the same filters as ``summary``.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pledgetrack.cli.app import app
from pledgetrack.cli.common import DbOption, handle_errors, open_store
from pledgetrack.cli.filters import FilterOptions, filter_options, parse_date
from pledgetrack.cli.summary import AsOf

if TYPE_CHECKING:
    from pledgetrack.rollups.grid import ComplianceGrid

__all__ = ["grid_command", "report_grid"]


class GridFormat(enum.StrEnum):
    """Output formats of ``grid``."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


@app.command(
    "grid",
    epilog=(
        "Examples: pledgetrack grid --db g20.db --as-of 2025-11-30; "
        "pledgetrack grid --theme health --format csv -o grid.csv"
    ),
)
@handle_errors
@filter_options(exclude=("status", "overdue", "has_deadline"))
def grid_command(
    filters: FilterOptions,
    db: DbOption = None,
    as_of: AsOf = None,
    fmt: Annotated[
        GridFormat, typer.Option("--format", help="text, json or csv.")
    ] = GridFormat.TEXT,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
) -> None:
    """Score each actor on each commitment (−1, 0, +1) as of a date, with averages."""
    from pledgetrack.render.registry import renderer
    from pledgetrack.rollups.grid import compliance_grid

    day = parse_date(as_of, "--as-of")
    with open_store(db, create=False) as tracker:
        grid = compliance_grid(tracker, filters.to_filter(tracker), as_of=day)
    text = renderer("grid", fmt.value)(grid)
    if output is not None:
        from pledgetrack.io.files import write_text

        write_text(output, text)
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def report_grid(options: dict[str, Any], filters: FilterOptions) -> ComplianceGrid | None:
    """The grid ``pledgetrack report`` shows, for the report's filter and date.

    None when no update of the store assesses named actors: there is nothing per member to show.
    """
    from sqlalchemy import text

    from pledgetrack.rollups.grid import compliance_grid

    day = parse_date(options["as_of"], "--as-of")
    with open_store(options["db"], create=False) as tracker:
        with tracker.engine.connect() as conn:
            named = conn.scalar(text("SELECT status_update_id FROM status_update_actor LIMIT 1"))
        if named is None:
            return None
        return compliance_grid(tracker, filters.to_filter(tracker), as_of=day)
