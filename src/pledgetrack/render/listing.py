"""A list of commitments with their status as of a date (``pledgetrack list``): as a terminal
table, JSON or CSV.

:func:`listing` builds the rows once from :class:`~pledgetrack.StatusAsOf` items; the
renderers (``text``, ``json``, ``csv`` of the ``list`` subject in
:mod:`pledgetrack.render.registry`) only lay them out. Rows hold ``key, title, actors,
status, since, deadline, due, overdue, progress, parent`` (and ``withdrawn``, the reason, when
the list is of withdrawn commitments); CSV cells are neutralised against formula injection.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from pledgetrack.csvcells import neutralise
from pledgetrack.errors import ValidationError

if TYPE_CHECKING:
    from pledgetrack.model import Vocabulary
    from pledgetrack.tracker import StatusAsOf

__all__ = ["COLUMNS", "Listing", "listing", "listing_csv", "listing_json", "listing_text"]

#: the columns of every row, in order
COLUMNS = (
    "key",
    "title",
    "actors",
    "status",
    "since",
    "deadline",
    "due",
    "overdue",
    "progress",
    "parent",
)


@attrs.frozen
class Listing:
    """The rows of a list as of a date; ``withdrawn`` when it lists withdrawn commitments."""

    as_of: dt.date
    rows: tuple[dict[str, Any], ...]
    withdrawn: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of the rows."""
        return (*COLUMNS, "withdrawn") if self.withdrawn else COLUMNS


def _row(item: StatusAsOf, vocabulary: Vocabulary | None) -> dict[str, Any]:
    from pledgetrack.model.vocabularies import label_for

    commitment, update = item.commitment, item.update
    shown = item.status.value
    if vocabulary is not None:
        shown = (
            _own_label(item, vocabulary)
            or label_for(vocabulary, item.status)
            or f"({item.status.value})"
        )
    return {
        "key": commitment.key,
        "title": commitment.title,
        "actors": list(commitment.actors),
        "status": shown,
        "since": None if item.since is None else item.since.isoformat(),
        "deadline": str(commitment.deadline) if commitment.deadline.is_set else None,
        "due": None if item.due is None else item.due.isoformat(),
        "overdue": item.overdue,
        "progress": None if update is None or update.progress is None else str(update.progress),
        "parent": commitment.parent,
    }


def _own_label(item: StatusAsOf, vocabulary: Vocabulary) -> str | None:
    """The label the update in force was recorded with, as recorded, when ``vocabulary`` has it
    for the same status (a vocabulary may have several labels for one status); else None."""
    update = item.update
    if update is None or update.label is None or update.status is not item.status:
        return None
    try:
        same = vocabulary.to_canonical(update.label) is item.status
    except ValidationError:
        return None
    return update.label if same else None


def listing(
    items: Sequence[StatusAsOf],
    as_of: dt.date,
    *,
    vocabulary: Vocabulary | None = None,
    withdrawn: Mapping[str, str] | None = None,
) -> Listing:
    """The rows of ``items``; statuses as labels of ``vocabulary`` when one is given.

    ``withdrawn`` (key → how it was withdrawn) makes it a list of withdrawn commitments.
    """
    rows = []
    for item in items:
        row = _row(item, vocabulary)
        if withdrawn is not None:
            row["withdrawn"] = withdrawn.get(item.key)
        rows.append(row)
    return Listing(as_of, tuple(rows), withdrawn is not None)


def listing_json(shown: Listing, *, indent: int | None = 2) -> str:
    """The rows as a JSON array, ending with a newline."""
    return json.dumps(list(shown.rows), indent=indent, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return neutralise("; ".join(value))
    return neutralise("" if value is None else str(value))


def listing_csv(shown: Listing) -> str:
    """The rows as CSV with a header; lists joined with ``; ``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(shown.columns), lineterminator="\n")
    writer.writeheader()
    for row in shown.rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def listing_text(shown: Listing, *, width: int = 100, color: bool = False) -> str:
    """The rows as a terminal table, ``width`` columns wide, with ANSI colours if ``color``."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    kind = "withdrawn commitments" if shown.withdrawn else "commitments"
    title = f"{len(shown.rows)} {kind} as of {shown.as_of.isoformat()}"
    table = Table(title=title, title_justify="left")
    columns = ("key", "title", "status", "since", "due", "progress")
    for column in (*columns, "withdrawn") if shown.withdrawn else columns:
        table.add_column(column, overflow="fold")
    for row in shown.rows:
        status = escape(row["status"]) + (" [red](overdue)[/]" if row["overdue"] else "")
        cells = [
            escape(row["key"]),
            escape(row["title"]),
            status,
            row["since"] or "",
            row["due"] or "",
            row["progress"] or "",
        ]
        if shown.withdrawn:
            cells.append(escape(row["withdrawn"] or ""))
        table.add_row(*cells)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
    )
    console.print(table)
    return buffer.getvalue()
