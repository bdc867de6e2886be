"""A summary as a table: CSV text, or a pandas DataFrame (pandas is the optional extra
``dataframe``: ``pip install "pledgetrack[dataframe]"``).

Two tables can be taken from a summary:

- ``groups``: one row per group, its dimension values first (or a single row for the whole
  scope when the summary has no groups), then ``total``, a count for every canonical status,
  ``overdue``, ``due_soon``, ``without_deadline``, ``fallen_due``, ``fulfilment_rate``,
  ``compliance_score``, ``compliance_assessed`` and ``fulfilment_percentage``;
- ``items``: one row per listed commitment: ``section``, ``key``, ``title``, ``status``,
  ``actors`` (joined with ``; ``), ``announced``, ``due``, ``days_overdue``, ``days_left``,
  ``unit``, ``target``, ``delivered``, ``expected``, ``behind_pace``.

In CSV an empty cell is a missing value, except in a group's dimension columns: there a group
without a value (no theme, no deadline, no label …) is ``(none)``, as the text, Markdown and
HTML tables say, so that it reads as a group of its own rather than as a value left out (the
DataFrame keeps ``None``, and JSON ``null``, which no text value can be). Dates are ISO texts;
quantities are exact decimals.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from pledgetrack.csvcells import neutralise
from pledgetrack.errors import ValidationError
from pledgetrack.render.common import SECTION_ORDER, group_rows, table_columns
from pledgetrack.rollups.core import round_like
from pledgetrack.rollups.summary import Summary

if TYPE_CHECKING:
    import pandas

__all__ = ["ITEM_COLUMNS", "TABLES", "render_csv", "table_rows", "to_dataframe"]

TABLES = ("groups", "items")

ITEM_COLUMNS = [
    "section", "key", "title", "status", "actors", "announced", "due", "days_overdue",
    "days_left", "unit", "target", "delivered", "expected", "behind_pace",
    "days_past_due", "currency", "progress_reported",
]  # fmt: skip


def _item_rows(summary: Summary) -> list[list[Any]]:
    rows = []
    for section in SECTION_ORDER:
        for item in summary.listed(section):
            pace = item.pace
            rows.append([
                section.value, item.key, item.title, item.status.value, "; ".join(item.actors),
                item.announced, item.due, item.days_overdue, item.days_left, item.unit,
                pace.target if pace else None, pace.delivered if pace else None,
                round_like(pace.expected, pace.target) if pace else None,
                pace.behind if pace else None,
                item.days_past_due, item.currency, pace.reported if pace else None,
            ])  # fmt: skip
    return rows


def table_rows(summary: Summary, table: str = "groups") -> tuple[list[str], list[list[Any]]]:
    """The columns and rows of ``table`` (``groups`` or ``items``), values as Python objects."""
    if table == "groups":
        return table_columns(summary), group_rows(summary)
    if table == "items":
        return list(ITEM_COLUMNS), _item_rows(summary)
    raise ValidationError("render", "table", table, f"choose one of: {', '.join(TABLES)}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


#: a group's value when it has none, as every table shows it
NO_VALUE = "(none)"


def _named_groups(row: list[Any], width: int) -> list[Any]:
    """``row`` with its first ``width`` cells (the group's values) saying :data:`NO_VALUE`."""
    return [NO_VALUE if v is None else v for v in row[:width]] + row[width:]


def render_csv(summary: Summary, table: str = "groups") -> str:
    """``table`` as CSV text with a header row (RFC 4180 quoting, ``\\r\\n`` line ends).

    A cell a spreadsheet would run as a formula gets a leading apostrophe (see
    :mod:`pledgetrack.csvcells`).
    """
    columns, rows = table_rows(summary, table)
    if table == "groups":
        rows = [_named_groups(row, len(summary.dimensions)) for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([neutralise(_cell(v)) for v in row] for row in rows)
    return buffer.getvalue()


def to_dataframe(summary: Summary, table: str = "groups") -> pandas.DataFrame:
    """``table`` as a pandas DataFrame (needs the ``dataframe`` extra).

    Counts are integer columns, shares and scores floats (NaN when missing), quantities
    ``Decimal`` objects, dates ``datetime.date`` objects.
    """
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the installation
        raise ImportError(
            'to_dataframe needs pandas: pip install "pledgetrack[dataframe]"'
        ) from None
    columns, rows = table_rows(summary, table)
    frame = pandas.DataFrame(rows, columns=columns)
    if table == "groups":
        for name in ("fulfilment_rate", "compliance_score", "fulfilment_percentage"):
            frame[name] = frame[name].astype("float64")
    return frame
