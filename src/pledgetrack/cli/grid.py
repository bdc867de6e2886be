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
from pledgetrack.cli.common import DbOption, handle_errors
from pledgetrack.cli.summary import (
    Actors,
    AnnouncedFrom,
    AnnouncedTo,
    AsOf,
    DueFrom,
    DueTo,
    Events,
    Fields,
    Keys,
    Parent,
    Themes,
    _check_store,
    _custom,
    _date,
    _filter,
    _output,
    _pairs,
)

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
def grid_command(
    db: DbOption = None,
    as_of: AsOf = None,
    actor: Actors = None,
    theme: Themes = None,
    event: Events = None,
    key: Keys = None,
    field: Fields = None,
    due_from: DueFrom = None,
    due_to: DueTo = None,
    announced_from: AnnouncedFrom = None,
    announced_to: AnnouncedTo = None,
    parent: Parent = None,
    fmt: Annotated[
        GridFormat, typer.Option("--format", help="text, json or csv.")
    ] = GridFormat.TEXT,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
) -> None:
    """Score each actor on each commitment (−1, 0, +1) as of a date, with averages."""
    import json

    import attrs

    import pledgetrack as pt
    from pledgetrack.render.grid import grid_csv, grid_text, grid_to_data
    from pledgetrack.rollups.grid import compliance_grid

    options = dict(locals())
    options.update(status=None, overdue=None, has_deadline=None)
    day = _date(as_of, "as_of")
    chosen = _filter(options)
    pairs = _pairs(field or ())
    _check_store(db)
    with pt.open(db) as tracker:
        if pairs:
            chosen = attrs.evolve(chosen, custom=_custom(tracker, pairs))
        grid = compliance_grid(tracker, chosen, as_of=day)
    if fmt is GridFormat.JSON:
        text = json.dumps(grid_to_data(grid), indent=2, ensure_ascii=False) + "\n"
    elif fmt is GridFormat.CSV:
        text = grid_csv(grid)
    else:
        text = grid_text(grid)
    if output is not None:
        with _output(output) as stream:
            stream.write(text)
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def report_grid(options: dict[str, Any]) -> ComplianceGrid | None:
    """The grid ``pledgetrack report`` shows, for the report's filter and date.

    None when no update of the store assesses named actors: there is nothing per member to show.
    """
    import attrs
    from sqlalchemy import select

    import pledgetrack as pt
    from pledgetrack.rollups.grid import compliance_grid
    from pledgetrack.store.queries import UA

    day = _date(options["as_of"], "as_of")
    chosen = _filter(options)
    pairs = _pairs(options["field"] or ())
    with pt.open(options["db"]) as tracker:
        with tracker.engine.connect() as conn:
            named = conn.scalar(select(UA.status_update_id).limit(1))
        if named is None:
            return None
        if pairs:
            chosen = attrs.evolve(chosen, custom=_custom(tracker, pairs))
        return compliance_grid(tracker, chosen, as_of=day)
